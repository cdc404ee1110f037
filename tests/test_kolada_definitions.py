"""Kolada's facts about its own figures (issue 23): the unit and averaging window of each KPI read from
Kolada's /kpi, an older or redefined answer converted or refused and never stored wrong, flat tables as rKolada
and koladapy keep them, and `kpi add` reading real descriptions. Against the open-data world on loopback."""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import threading

import pandas as pd
import pytest

from etl import build, fetch, imports, kpis
from etl.sources import kolada_kpi
from lagesbild import views
from lagesbild.catalogue import load_indicators
from lagesbild.errors import DefinitionError, SourceFormatError
from lagesbild.store import read_store
from tests import open_world
from tests.open_world import KPIS, OLD_KPIS, WorldStandin, kpi_entry, world
from tests.test_build import snapshot

VETLANDA = open_world.SHAPES["kolada_target"]


@pytest.fixture
def fetched(open_world_dir, tmp_path):
    """A copy of the open-data world's data dir, to change."""
    directory = tmp_path / "data"
    shutil.copytree(open_world_dir, directory)
    return directory


def client(standin):
    return fetch.KoladaClient(standin.url, attempts=2, backoff=0.1)


def value(data_dir, kpi: str, geo: str, year: int) -> pd.Series:
    obs = read_store(data_dir).observations
    return obs[(obs["indicator_id"] == kpi) & (obs["geo_code"] == geo) & (obs["period_end"].dt.year == year)
               & (obs["group"] == "total")].iloc[0]


# --- Kolada's descriptions -----------------------------------------------------------------------------

@pytest.mark.parametrize("kpi, unit, window, group, source", [
    ("N07540", "per 100 000 inv.", None, "", "BRÅ och SCB"),
    ("N00799", "per 1 000 inv.", 3, "", "Myndigheten för samhällsskydd och beredskap (MSB)"),  # "per 1000 inv", no comma
    ("U07413", "per 1 000 inv.", 3, "", "Socialstyrelsen"),             # "Treårsmedelvärde", "Källa Socialstyrelsen"
    ("U07415", "per 1 000 inv.", 5, "", "MSB"),                         # "(-2023)" after the unit; år T-4 till år T
    ("N20434", "per 100 000 personer 80+", 3, "80+", "Socialstyrelsen Patientregistret"),   # an age group's rate
    ("N20410", "per 100 000 personer 65–79", 3, "65–79", "Socialstyrelsen Patientregistret"),
    ("U20462", "per 100 000 personer 65+", 3, "65+", "Patientregistret, Socialstyrelsen"),   # "år T till år T-2", "3-årsm"
    ("U07075", "kr/inv.", None, "", "SKR och MSB"),
    ("N07609", "%", None, "", "BRÅs nationella trygghetsundersökning"),
])
def test_the_unit_window_group_and_source_read_from_real_descriptions(kpi, unit, window, group, source):
    meta = kolada_kpi.read(KPIS[kpi])
    assert (meta.unit, meta.window, meta.population_group, meta.source) == (unit, window, group, source)


def test_the_old_definitions_of_u07452_and_u07417_are_read_as_kolada_wrote_them():
    assert kolada_kpi.read(OLD_KPIS["U07452"]).definition() == "per 1 000 inv., treårsmedelvärde (år T-2 till T)"
    assert kolada_kpi.read(OLD_KPIS["U07417"]).definition() == "per 1 000 inv., treårsmedelvärde (år T-2 till T)"
    assert kolada_kpi.window_of("Responstid", "Mätperioden avser juni T-1 till juni T") is None   # one year's months


def test_kpi_add_keeps_the_window_unit_and_age_group(tmp_path):
    with WorldStandin() as kolada:
        kpis.add(tmp_path, "N20402", client=client(kolada))   # "Fallskador bland personer 80+, 3-årsm, …/100 000 inv"
        kpis.add(tmp_path, "N07548", client=client(kolada))
    added = load_indicators(tmp_path / "indicators.toml")
    falls = added["N20402"]
    assert (falls.unit, falls.pooled_years, falls.population_group) == ("per 100 000 personer 80+", 3, "80+")
    assert falls.source == "Socialstyrelsen Patientregistret via Kolada"
    assert added["N07548"].unit == "per 100 000 inv." and added["N07548"].pooled_years == 1
    text = (tmp_path / "indicators.toml").read_text(encoding="utf-8")
    assert 'pooled_years = 3' in text and 'population_group = "80+"' in text


def test_five_kpi_adds_at_once_keep_all_five(tmp_path):
    wanted = ["N07546", "N07547", "N07548", "N07612", "N07617"]
    errors = []
    with WorldStandin() as kolada:
        def add(kpi):
            try:
                kpis.add(tmp_path, kpi, client=client(kolada))
            except Exception as exc:  # noqa: BLE001 (collected for the assert)
                errors.append(exc)
        threads = [threading.Thread(target=add, args=(k,)) for k in wanted]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    assert not errors
    assert sorted(load_indicators(tmp_path / "indicators.toml")) == wanted


# --- fetch: Kolada's description beside the values --------------------------------------------------------

def test_a_fetch_keeps_koladas_description_beside_the_values(open_world_dir):
    raw = open_world_dir / "raw" / "kolada"
    assert list(raw.glob("kpi_*.json"))   # the /kpi answers, as fetched
    ind = read_store(open_world_dir).indicators.set_index("id")
    assert ind.loc["U07452", "kolada_title"] == "Anmälda brott om skadegörelse, antal/100 000 inv"
    assert ind.loc["U07452", "publication_date"] == "2026-03-31" and ind.loc["U07452", "publ_period"] == "2025"


def test_a_fetch_of_the_old_definition_is_refused_and_nothing_changes(fetched):
    before = snapshot(fetched)
    with WorldStandin(before_2024=True) as kolada, pytest.raises(DefinitionError) as error:
        fetch.fetch_kolada(fetched, [VETLANDA], ["U07452"], 2012, 2021, client(kolada))
    message = error.value.message("sv")
    assert "U07452 (2012–2021) har Koladas definition per 1 000 inv., treårsmedelvärde (år T-2 till T)" in message
    assert "Lägesbild har U07452 som per 100 000 inv., enskilda år" in message
    assert snapshot(fetched) == before


class PerThousand(WorldStandin):
    """Kolada serving personrån per 1 000 inv. (an exact conversion): its description and values say so."""

    def _entries(self, path, query):
        entries = super()._entries(path, query)
        if path.startswith("/v3/kpi"):
            return [{**e, "title": "Anmälda personrån, antal/1000 inv"} if e["id"] == "N07543" else e for e in entries]
        for e in entries:
            if e.get("kpi") == "N07543":
                e["values"] = [{**v, "value": None if v["value"] is None else v["value"] / 100} for v in e["values"]]
        return entries


def test_a_fetch_per_1000_is_converted_exactly_and_says_so(tmp_path):
    with PerThousand() as kolada:
        fetch.fetch_kolada(tmp_path, [VETLANDA], ["N07543"], 2020, 2023, client(kolada))
    expected = world().values["N07543", VETLANDA, 2022][0]
    assert value(tmp_path, "N07543", VETLANDA, 2022)["value"] == pytest.approx(expected)   # per 100 000 again
    sources = json.loads((tmp_path / "raw" / "sources.json").read_text())
    assert [s["scale"] for s in sources.values() if "scale" in s] == [{"N07543": 100.0}]


# --- imports of saved answers and flat tables -------------------------------------------------------------

def old_json(codes=(VETLANDA,), years=range(2012, 2022)) -> bytes:
    return json.dumps(world().old_answer("U07452", list(codes), years)).encode()


def test_an_older_answer_after_a_newer_one_is_refused_and_nothing_changes(fetched):
    before = snapshot(fetched)
    with pytest.raises(DefinitionError) as error:
        imports.import_kolada(fetched, old_json(), "U07452.json")
    message = error.value.message("sv")
    assert message.startswith("U07452.json: U07452 (2012–2021) har värden omkring 1/100 av datalagrets för samma år")
    assert "Vetlanda" in message and "Hämta U07452 på nytt från Kolada" in message
    assert snapshot(fetched) == before


def test_an_old_answer_with_its_date_is_refused_by_its_date(tmp_path):
    with pytest.raises(DefinitionError, match=r"per 1 000 inv\., treårsmedelvärde"):
        imports.import_kolada(tmp_path, old_json(), "U07452.json", retrieved="2023-03-28")
    with pytest.raises(DefinitionError, match="--retrieved"):   # no date and nothing to compare with: it asks
        imports.import_kolada(tmp_path, old_json(), "U07452.json")
    assert not (tmp_path / "raw").exists()


def flat(rows: list[dict], kind: str) -> bytes:
    frame = pd.DataFrame(rows)
    if kind == "parquet":
        out = io.BytesIO()
        frame.to_parquet(out, index=False)
        return out.getvalue()
    return frame.to_csv(index=False, na_rep="NA").encode()   # rKolada's write.csv: NA for a missing value


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_flat_table_as_rkolada_writes_it(tmp_path, kind):
    rows = world().flat_table(["N07540", "N01951", "N07543"], [VETLANDA], range(2018, 2024))
    rows.append({**rows[0], "kpi": "N00943", "value": 23.3})   # another Kolada KPI, not in the catalogue
    result = imports.import_kolada(tmp_path, flat(rows, kind), f"kolada_values.{kind}", retrieved="2026-03-31")
    assert result.written == (f"kolada/import_{hashlib.sha256(flat(rows, kind)).hexdigest()[:16]}.{kind}",)
    assert "N00943 finns inte i indikatorkatalogen och lämnades utanför" in result.message()
    got = value(tmp_path, "N07540", VETLANDA, 2021)
    assert got["value"] == pytest.approx(world().values["N07540", VETLANDA, 2021][0])
    assert got["retrieved_at"] == "2026-03-31"
    assert value(tmp_path, "N07543", VETLANDA, 2021)["status"] == "ok"


def test_a_flat_table_of_unknown_kpis_names_the_command_that_adds_them(tmp_path):
    rows = [{"kpi": "N99998", "municipality_id": VETLANDA, "year": 2023, "gender": "T", "status": "", "value": 1.0}]
    with pytest.raises(SourceFormatError) as error:
        imports.import_kolada(tmp_path, flat(rows, "csv"), "tabell.csv")
    assert "python -m etl kpi add N99998" in error.value.message("sv") and "rad 2" in error.value.message("sv")


def test_a_kpi_answer_is_recognised_as_koladas_description(fetched):
    answer = json.dumps({"count": 2, "next_url": None, "values": [kpi_entry("N00799"), kpi_entry("U07413")]}).encode()
    result = imports.import_kolada(fetched, answer, "kpi.json")
    assert "Filen är Koladas beskrivning av 2 KPI:er, inte värden: N00799 (per 1 000 inv., treårsmedelvärde (år T-2 till T))" \
        in result.message()


def revised(delta: float) -> bytes:
    doc = {"count": 1, "next_url": None, "values": [{"kpi": "N07540", "municipality": VETLANDA, "period": 2023, "values": [
        {"gender": "T", "count": 1, "status": "", "value": world().values["N07540", VETLANDA, 2023][0] + delta,
         "isdeleted": False}]}]}
    return json.dumps(doc).encode()


def test_a_revised_value_without_a_date_keeps_the_stores_and_says_so(fetched):
    held = value(fetched, "N07540", VETLANDA, 2023)["value"]
    result = imports.import_kolada(fetched, revised(100.0), "N07540.json")
    assert "1 värde skiljer sig från datalagrets" in result.message() and "datalagrets värden behölls" in result.message()
    assert value(fetched, "N07540", VETLANDA, 2023)["value"] == held
    other = value(fetched, "N07540", VETLANDA, 2022)   # a one-row file replaces nothing else: kept by content
    assert other["value"] == world().values["N07540", VETLANDA, 2022][0]


def test_a_revised_value_replaces_the_stores_when_newer_or_asked(fetched):
    held = value(fetched, "N07540", VETLANDA, 2023)["value"]
    imports.import_kolada(fetched, revised(50.0), "N07540.json", replace=True)
    assert value(fetched, "N07540", VETLANDA, 2023)["value"] == pytest.approx(held + 50)
    tomorrow = pd.Timestamp.now().strftime("%Y-%m-%d")
    result = imports.import_kolada(fetched, revised(70.0), "N07540_ny.json", retrieved=tomorrow)
    assert "filen är nyare" in result.message() or "behölls" in result.message()


def test_an_import_without_a_date_says_its_date_is_unknown(tmp_path):
    rows = world().flat_table(["N07540", "N01951"], [VETLANDA], range(2020, 2024))
    imports.import_kolada(tmp_path, flat(rows, "csv"), "values.csv")
    store = read_store(tmp_path)
    crime = store.observations[store.observations["indicator_id"] == "N07540"]
    assert set(crime["retrieved_at"]) == {""}
    assert "hämtdatum okänt" in views.source_line(crime)


def test_the_build_of_the_whole_world_is_quick(tmp_path):
    """All 290 kommuner's Kolada answers built into one store (benchmarks/ measures it on the national scale)."""
    import time

    directory = open_world.fetched_data_dir(tmp_path, list(world().kommuner["code"][:25]))
    started = time.perf_counter()
    build.build(directory)
    assert time.perf_counter() - started < 30
