"""`python -m etl import …` and etl.imports: real formats in, checked by hand; bad files change nothing."""
import io
import hashlib
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from etl import imports
from etl import store as etl_store
from lagesbild import store
from lagesbild.errors import LagesbildError, StoreError
from tests.conftest import FIXTURES, ROOT
from tests.test_build import snapshot

IMPORTS = FIXTURES / "imports"
YEARLY_2023 = IMPORTS / "Anmälda brott kommunerna 2023.csv"   # Windows-1252, CRLF
EXPORT_2022 = IMPORTS / "brott_2022_export.csv"               # UTF-8 with BOM, LF, preliminary, no year in name
SURVEY, MAPPING = IMPORTS / "trygghet_varnamo.csv", IMPORTS / "trygghet_varnamo.toml"
MALUNG, VASBY, OCKERO, GOTLAND = "2023", "0114", "1407", "0980"


def etl(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=cwd, capture_output=True, text=True)


def observations(data_dir: Path) -> pd.DataFrame:
    obs = store.read_store(data_dir).observations
    return obs.assign(year=obs["period_end"].dt.year)


def category_xlsx(rows: list[list]) -> bytes:
    """A Brå statistics-database export as Excel: title rows, then the table."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Anmälda brott efter region, brottstyp och år"])
    sheet.append([])
    sheet.append(["Region", "Brottstyp", "År", "Antal", "Per 100 000 inv."])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """A data dir holding one real Brå yearly file (read-only for the tests that use it)."""
    directory = tmp_path_factory.mktemp("imported")
    imports.import_bra(directory, YEARLY_2023.read_bytes(), YEARLY_2023.name)
    return directory


def test_a_bra_file_says_the_day_it_was_taken_from_bra(tmp_path):
    """`--retrieved`: Brå's figures carry the day the file was downloaded; a day after today is refused."""
    done = etl("import", "bra", str(YEARLY_2023), "--retrieved", "2024-03-28", "--data-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    obs = observations(tmp_path)
    assert set(obs.loc[obs["geo_code"] == MALUNG, "retrieved_at"]) == {"2024-03-28"}
    refused = etl("import", "bra", str(YEARLY_2023), "--retrieved", "2999-01-01", "--data-dir", str(tmp_path))
    assert refused.returncode == 1 and "inte senare än i dag" in refused.stderr and "Traceback" not in refused.stderr


def yearly_rel(data_dir: Path) -> str:
    (path,) = (data_dir / "raw" / "bra").glob("*.csv")
    return f"bra/{path.name}"


def test_bra_yearly_windows_1252_crlf(imported):
    obs = observations(imported).query("indicator_id == 'N07540'").set_index("geo_code")
    assert (obs.loc[MALUNG, "count"], obs.loc[MALUNG, "value"]) == (1020, 10052.3)
    assert (obs.loc[VASBY, "count"], obs.loc[VASBY, "value"]) == (4567, 9876.5)
    assert (obs.loc[OCKERO, "count"], obs.loc[OCKERO, "value"]) == (0, 0)   # '-' is zero
    assert obs.loc[GOTLAND, "value"] == 10405.8
    assert set(obs["status"]) == {"ok"} and set(obs["year"]) == {2023}
    rel = yearly_rel(imported)   # kept by its content, under its year
    assert rel == f"bra/Anmälda brott kommunerna 2023 {imports._sha256(YEARLY_2023.read_bytes())[:16]}.csv"
    assert (imported / "raw" / rel).read_bytes() == YEARLY_2023.read_bytes()
    entry = json.loads((imported / "raw" / "sources.json").read_text())[rel]
    assert entry["origin"] == YEARLY_2023.name and len(entry["sha256"]) == 64
    names = store.read_store(imported).geographies.set_index("code")["name"]
    assert names[MALUNG] == "Malung-Sälen" and names["20"] == "Dalarnas län" and names["0000"] == "Riket"


def test_bra_utf8_bom_with_year_override_and_preliminary(tmp_path):
    result = imports.import_bra(tmp_path, EXPORT_2022.read_bytes(), EXPORT_2022.name, year=2021)
    assert result.written[0].startswith("bra/Anmälda brott kommunerna 2021 ")  # stored under its year, for the build
    obs = observations(tmp_path).set_index("geo_code")
    assert set(obs["year"]) == {2021}
    assert (obs.loc[OCKERO, "count"], obs.loc[OCKERO, "status"]) == (312, "preliminary")
    assert obs.loc[VASBY, "status"] == "suppressed" and math.isnan(obs.loc[VASBY, "value"])  # '..'


def test_same_file_twice_changes_nothing(imported):
    before = snapshot(imported)
    result = imports.import_bra(imported, YEARLY_2023.read_bytes(), "kopia/" + YEARLY_2023.name)
    assert result.unchanged == (yearly_rel(imported),) and not result.written and not result.replaced
    assert "Redan importerad" in result.message("sv")
    assert snapshot(imported) == before


def test_a_corrected_file_is_merged_and_a_one_row_file_of_the_same_name_replaces_nothing(imported, tmp_path):
    """The finding: a file kept under the user's name was replaced by a one-row file of that name."""
    shutil.copytree(imported, tmp_path / "d")
    data_dir = tmp_path / "d"
    old = YEARLY_2023.read_bytes()
    header = old.split(b"\r\n", 1)[0] + b"\r\n"
    kommuner = len(observations(data_dir).query("indicator_id == 'N07540'"))
    new = old.replace("Gotland;6 110;10 405,8".encode("cp1252"), "Gotland;6 120;10 422,9".encode("cp1252"))
    result = imports.import_bra(data_dir, new, "Anmälda brott kommunerna 2023 (rättad).csv")
    assert result.written and not result.replaced
    assert (result.rows.added, result.rows.changed, result.rows.removed) == (0, 1, 0)   # Gotland, by hand
    assert "Rader i datalagret: 0 tillkom, 1 ändrades, 0 togs bort" in result.message()
    assert observations(data_dir).set_index("geo_code").loc[GOTLAND, "value"] == 10422.9
    one_row = header + "Gotland;6 130;10 439,9\r\n".encode("cp1252")
    result = imports.import_bra(data_dir, one_row, YEARLY_2023.name)   # the original's name
    obs = observations(data_dir).query("indicator_id == 'N07540'").set_index("geo_code")
    assert len(obs) == kommuner and obs.loc[GOTLAND, "value"] == 10439.9 and obs.loc[MALUNG, "count"] == 1020
    assert (result.rows.added, result.rows.changed, result.rows.removed) == (0, 1, 0)
    assert len(list((data_dir / "raw" / "bra").glob("*.csv"))) == 3   # every version kept, each by its content
    sources = {s["origin"] for s in store.read_store(data_dir).manifest["sources"] if s["path"].startswith("bra/")}
    assert sources == {YEARLY_2023.name, "Anmälda brott kommunerna 2023 (rättad).csv"}


def test_category_export_as_excel(tmp_path):
    raw = category_xlsx([["Malung-Sälen kommun", "därav misshandel inkl. grov", 2022, 14, 137.9],
                         ["Malung-Sälen kommun", "Totalt antal brott", "2023 (prel.)", "-", "-"],
                         ["Öckerö kommun", "Brott mot brottsbalken, 8-12 kap. Brott mot förmögenhet, 12 kap. Skadegörelsebrott",
                          2023, "1 004", "7 722,2"]])
    result = imports.import_bra(tmp_path, raw, "sol_export.xlsx")
    assert result.written[0].startswith("bra_kategorier/sol_export ") and result.written[0].endswith(".xlsx")
    obs = observations(tmp_path).set_index(["geo_code", "indicator_id"])
    assert (obs.loc[(MALUNG, "bra_misshandel"), "count"], obs.loc[(MALUNG, "bra_misshandel"), "value"]) == (14, 137.9)
    assert obs.loc[(MALUNG, "N07540"), "status"] == "preliminary" and obs.loc[(MALUNG, "N07540"), "count"] == 0
    assert obs.loc[(OCKERO, "U07452"), "count"] == 1004 and obs.loc[(OCKERO, "U07452"), "year"] == 2023
    with pytest.raises(LagesbildError, match="--year"):
        imports.import_bra(tmp_path, raw, "sol_export.xlsx", year=2020)


def test_survey_csv_then_the_same_survey_as_excel(tmp_path):
    result = imports.import_survey(tmp_path, SURVEY.read_bytes(), SURVEY.name, MAPPING.read_bytes(), MAPPING.name)
    stem = "survey/trygghetsmatning-varnamo_20240901-20241031"
    assert set(result.written) == {f"{stem}.csv", f"{stem}.toml"}
    obs = observations(tmp_path).query("indicator_id == 'enk_otrygg@0683'").set_index(["geo_code", "group"])
    total = obs.loc[("0683", "total")]
    # 38 valid answers (two 9 = vet ej left out); yes = respondents 1–10 with weight 2: 20 of 48.
    assert total["base"] == 38 and total["value"] == pytest.approx(100 * 20 / 48)
    n, p, z = 48 ** 2 / (10 * 4 + 28), 20 / 48, 1.959964   # Kish's effective n = 33.9
    centre, half = (p + z * z / (2 * n)) / (1 + z * z / n), z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert (total["ci_low"], total["ci_high"]) == pytest.approx((100 * (centre - half), 100 * (centre + half)), abs=1e-6)
    assert obs.loc[("0683-norr", "total"), "status"] == "suppressed"                # 8 respondents: under min_n
    # Centrum's 30 would be shown, but the kommun's 38 are Centrum and Norr: Centrum's share would give Norr's
    # away, so it is suppressed with it (the secondary step)
    assert obs.loc[("0683-centrum", "total"), "status"] == "protected" and pd.isna(obs.loc[("0683-centrum", "total"), "value"])
    assert obs.loc[("0683", "kvinnor"), "status"] == "suppressed"                   # 19 respondents
    # Respondent rows never enter the store: one row per place (kommun, 2 areas) and group (total, K, M).
    s = store.read_store(tmp_path)
    assert len(obs) == 3 * 3 and "lopnr" not in s.observations.columns
    assert not any("lopnr" in map(str, s.table(t).columns) for t in ("observations", "indicators", "geographies"))

    frame = pd.read_csv(SURVEY, sep=";", dtype=str)
    book = io.BytesIO()
    frame.to_excel(book, index=False)
    again = imports.import_survey(tmp_path, book.getvalue(), "trygghet_varnamo.xlsx", MAPPING.read_bytes(), MAPPING.name)
    assert again.replaced == (f"{stem}.xlsx",) and again.unchanged == (f"{stem}.toml",)
    assert not (tmp_path / "raw" / f"{stem}.csv").exists()  # the same survey and period: replaced
    history = json.loads((tmp_path / "raw" / "sources.json").read_text())[f"{stem}.xlsx"]["history"]
    assert [h["path"] for h in history] == [f"{stem}.csv", f"{stem}.xlsx"]
    assert observations(tmp_path).query("indicator_id == 'enk_otrygg@0683' and geo_code == '0683' and group == 'total'")["value"].iloc[0] == pytest.approx(100 * 20 / 48)


def test_kolada_json_file(tmp_path):
    data = (FIXTURES / "kolada_small.json").read_bytes()
    result = imports.import_kolada(tmp_path, data, "svar.json")
    assert result.written == (f"kolada/import_{hashlib.sha256(data).hexdigest()[:16]}.json",)  # named by its content
    assert "svar.json" in result.message()
    obs = observations(tmp_path).set_index(["indicator_id", "geo_code"])
    assert obs.loc[("N07609", "0683"), "value"] == 24.5


def test_a_failed_swap_puts_the_old_raw_files_back(imported, tmp_path, monkeypatch):
    shutil.copytree(imported, tmp_path / "d")
    data_dir = tmp_path / "d"
    before = snapshot(data_dir)

    def disk_full(*args, **kwargs):
        raise StoreError("Disken är full.", "The disk is full.")

    monkeypatch.setattr(etl_store, "write_store", disk_full)
    new = YEARLY_2023.read_bytes().replace(b"6 110", b"6 111")
    with pytest.raises(StoreError):
        imports.import_bra(data_dir, new, YEARLY_2023.name)
    assert snapshot(data_dir) == before


YEARLY_HEADER = "Kommun;Antal;Per 100 000 inv.\r\n"


def bra(lines: str) -> bytes:
    return (YEARLY_HEADER + lines).encode("cp1252")


def survey_with(cell: str) -> bytes:
    return SURVEY.read_bytes().replace(b"\n2;0683;", f"\n2;{cell};".encode(), 1)


# The corpus of bad files: each must be stopped with a message naming file, row, column and what was expected.
BAD = [
    ("bra", "Anmälda brott kommunerna 2023.csv", b"", "tom fil"),
    ("bra", "Anmälda brott kommunerna 2023.csv", b"\x00\x01\x02\x03binary\x00", "en textfil (CSV)"),
    ("bra", "Anmälda brott kommunerna 2023.csv", b"Namn;Brott\r\nGotland;12\r\n", "rad 1"),
    ("bra", "Anmälda brott kommunerna 2023.csv", bra("Gotland;1;2\r\nIngenstans;3;4\r\n"), "rad 3, kolumn 'Kommun': väntade ett känt kommunnamn"),
    ("bra", "Anmälda brott kommunerna 2023.csv", bra("Gotland;-12;2\r\n"), "rad 2, kolumn 'Antal': väntade ett tal som inte är negativt"),
    ("bra", "Anmälda brott kommunerna 2023.csv", bra("Gotland;tolv;2\r\n"), "rad 2, kolumn 'Antal': väntade ett tal"),
    ("bra", "Anmälda brott kommunerna 2023.csv", bra("Gotland;1;2\r\nGotland;1;2\r\n"), "rad 3, kolumn 'Kommun': väntade varje kommun en gång"),
    ("bra", "Anmälda brott.csv", bra("Gotland;1;2\r\n"), "ett årtal i filnamnet eller --year"),
    ("bra", "export.xlsx", b"PK\x03\x04trasig zip", "en läsbar Excel-fil"),
    ("kolada", "svar.json", b'{"count": 1, "values": [{"kpi": "N07540", "municipality": "0683", "per', "rad 1: väntade ett JSON-svar från Kolada v3"),
    ("kolada", "svar.json", b'{"values": [{"kpi": "N07540", "municipality": "0683", "period": 2023, "values": ['
                            b'{"gender": "T", "value": 1.0}, {"gender": "T", "value": 2.0}]}]}', "rad 1, kolumn 'values': väntade varje KPI"),
    ("kolada", "svar.json", b'{"values": [{"kpi": "X1", "municipality": "0683", "period": 2023, "values": []}]}', "kolumn 'kpi'"),
    ("kolada", "svar.json", b'{"values": [{"kpi": "N07540", "municipality": "0999", "period": 2023, "values": []}]}',
     "rad 1, kolumn 'municipality': väntade en kommun, en region eller riket i SCB:s lista"),
    # incident exports are read by the trial build, whose messages still name the file as given
    ("incidents", "händelser.csv", "datum;kategori;omrade;kommunkod\n2024-01-03;Rån;Centrum;0683\n2024-13-03;Rån;Centrum;0683\n".encode(), "rad 3, kolumn 'datum': väntade ett datum"),
    ("incidents", "händelser.csv", "datum;kategori;omrade;kommunkod\n2024-01-03;Rån;Centrum;0999\n".encode(),
     "rad 2, kolumn 'kommunkod': väntade en kommunkod i SCB:s lista"),
    ("survey", "enkat.csv", survey_with("9999"), "rad 3, kolumn 'kommunkod': väntade en kommunkod i SCB:s kommunlista"),
    ("survey", "enkat.csv", SURVEY.read_bytes().replace(b"f1_otrygg", b"fraga1"), "kolumn 'f1_otrygg'"),
    ("survey", "enkat.csv", SURVEY.read_bytes().replace(b"\n2;0683;", b"\n1;0683;", 1),
     "rad 3, kolumn 'lopnr': väntade varje svarande en gång (fick '1 (även rad 2)')"),
    ("survey", "enkat.csv", SURVEY.read_bytes().replace(b"\n2;0683;", b"\n ;0683;", 1),
     "rad 3, kolumn 'lopnr': väntade ett id för den svarande (inte tomt)"),
    ("survey", "enkat.csv", SURVEY.read_bytes().replace(b"\n5;0683;Centrum;K;2;3", b"\n5;0683;Centrum;K;-1;3"), "rad 6, kolumn 'vikt': väntade en positiv vikt"),
]


@pytest.mark.parametrize("source, name, data, expected", BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)])
def test_bad_files_are_stopped_and_change_nothing(imported, source, name, data, expected):
    before = snapshot(imported)
    with pytest.raises(LagesbildError) as err:
        if source == "bra":
            imports.import_bra(imported, data, name)
        elif source == "kolada":
            imports.import_kolada(imported, data, name)
        elif source == "incidents":
            imports.import_est(imported, data, name, "incidents")
        else:
            imports.import_survey(imported, data, name, MAPPING.read_bytes(), MAPPING.name)
    message = err.value.message("sv")
    assert message.startswith(name) and expected in message, message
    assert snapshot(imported) == before


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "Anmälda brott kommunerna 2023.csv"
    with open(big, "wb") as f:
        f.truncate(imports.MAX_BYTES + 1)   # sparse: no 50 MB written
    with pytest.raises(LagesbildError, match="högst 50 MB"):
        imports.read_file(big)
    with pytest.raises(LagesbildError) as err:
        imports.import_bra(tmp_path, b"x" * (imports.MAX_BYTES + 1), "stor.csv")
    assert err.value.message("en") == "stor.csv: expected a file of at most 50 MB (got '51 MB')."
    assert list(tmp_path.iterdir()) == [big]


def test_cli_import_contracts(tmp_path):
    done = etl("import", "bra", str(YEARLY_2023), "--data-dir", str(tmp_path))
    assert done.returncode == 0 and f"Ny: {YEARLY_2023} (bra/Anmälda brott kommunerna 2023 " in done.stdout, done.stderr
    done = etl("import", "bra", str(EXPORT_2022), "--year", "2022", "--data-dir", str(tmp_path))
    assert done.returncode == 0 and "(bra/Anmälda brott kommunerna 2022 " in done.stdout, done.stderr
    done = etl("import", "survey", str(SURVEY), "--mapping", str(MAPPING), "--data-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    done = etl("import", "kolada", str(FIXTURES / "kolada_small.json"), "--data-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr
    again = etl("import", "kolada", str(FIXTURES / "kolada_small.json"), "--data-dir", str(tmp_path))
    assert "Redan importerad" in again.stdout
    assert {"N07540", "enk_otrygg@0683", "N07609"} <= set(store.read_store(tmp_path).observations["indicator_id"])


def test_cli_errors_name_the_file_as_given_in_both_languages(imported, tmp_path):
    bad = tmp_path / "Anmälda brott kommunerna 2023.csv"
    bad.write_bytes(bra("Gotland;1;2\r\nIngenstans;3;4\r\n"))
    before = snapshot(imported)
    sv = etl("import", "bra", str(bad), "--data-dir", str(imported))
    assert sv.returncode == 1 and "Traceback" not in sv.stderr
    assert sv.stderr.strip() == (f"Fel: {bad}, rad 3, kolumn 'Kommun': väntade ett känt kommunnamn "
                                 f"(SCB:s kommunlista) (fick 'Ingenstans').")
    en = etl("--lang", "en", "import", "bra", str(bad), "--data-dir", str(imported))
    assert en.returncode == 1 and "row 3, column 'Kommun': expected a known municipality name" in en.stderr
    missing = etl("import", "survey", str(SURVEY), "--mapping", "finns-inte.toml", "--data-dir", str(imported))
    assert missing.returncode == 1 and "finns-inte.toml" in missing.stderr
    assert snapshot(imported) == before
