"""EST data in: incident and interventions files, the import commands, the effects export and the edit log."""
import hashlib
import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl import build, cli, edits, imports
from etl import insatser as insatser_db
from etl.insatser import DB_FILE
from etl.sources import incidents, interventions
from lagesbild.access import Writer
from lagesbild.errors import SourceFormatError
from lagesbild.store import read_store
from tests.conftest import FIXTURES, ROOT

INCIDENTS = FIXTURES / "handelser_small.csv"


def counts(parsed, area, indicator):
    obs = parsed.observations
    rows = obs[(obs["geo_code"] == area) & (obs["indicator_id"] == indicator)]
    return dict(zip(pd.to_datetime(rows["period_start"]).dt.strftime("%Y-%m"), rows["count"]))


def test_incidents_become_monthly_counts_with_zero_months():
    parsed = incidents.parse(INCIDENTS.read_bytes(), "handelser_small.csv")
    assert counts(parsed, "9901-norr", "inc_skadegorelse") == {"2024-01": 2, "2024-02": 0, "2024-03": 1}
    assert counts(parsed, "9901-norr", "inc_total") == {"2024-01": 3, "2024-02": 0, "2024-03": 1}
    assert counts(parsed, "9901-centrum", "inc_stold") == {"2024-01": 0, "2024-02": 0, "2024-03": 1}
    assert set(parsed.observations["unit"]) == {"antal"}
    assert set(parsed.geographies["code"]) == {"9901-norr", "9901-centrum"}
    assert set(parsed.geographies["parent"]) == {"9901"}


def test_english_headers_with_commas_and_excel_give_the_same_counts():
    text = "date,category,area,municipality\n2024-01-03,Skadegörelse,Norr,9901\n2024-03-02,Skadegörelse,Norr,9901\n"
    parsed = incidents.parse(text.encode(), "incidents.csv")
    assert counts(parsed, "9901-norr", "inc_skadegorelse") == {"2024-01": 1, "2024-02": 0, "2024-03": 1}
    buffer = io.BytesIO()
    pd.read_csv(INCIDENTS, sep=";", dtype=str, encoding="utf-8-sig").to_excel(buffer, index=False)
    from_excel = incidents.parse(buffer.getvalue(), "handelser.xlsx")
    assert counts(from_excel, "9901-norr", "inc_total") == {"2024-01": 3, "2024-02": 0, "2024-03": 1}


def test_incident_without_kommunkod_resolves_a_unique_area_name():
    text = "datum;kategori;omrade\n2024-01-03;Stöld;Stationsområdet\n"
    parsed = incidents.parse(text.encode(), "x.csv", lambda name: ["9901-stationsomradet"])
    assert set(parsed.geographies["code"]) == {"9901-stationsomradet"}
    with pytest.raises(SourceFormatError) as err:
        incidents.parse(text.encode(), "x.csv", lambda name: ["9901-stationsomradet", "9905-stationsomradet"])
    assert "rad 2" in err.value.sv and "kommunkod" in err.value.sv


@pytest.mark.parametrize("text, row, column", [
    ("datum;kategori;omrade;kommunkod\n2024-01-03;Stöld;Norr;9901\n2024-13-01;Stöld;Norr;9901\n", 3, "datum"),
    ("datum;kategori;omrade;kommunkod\n2024-01-03;;Norr;9901\n", 2, "kategori"),
    ("datum;kategori;omrade;kommunkod\n2024-01-03;Stöld;Norr;99x1\n", 2, "kommunkod"),
    ("datum;kategori;kommunkod\n2024-01-03;Stöld;9901\n", 1, "omrade"),
])
def test_incident_errors_name_file_row_and_column(text, row, column):
    with pytest.raises(SourceFormatError) as err:
        incidents.parse(text.encode(), "handelser.csv")
    assert err.value.file == "handelser.csv" and err.value.row == row and err.value.column == column
    assert f"rad {row}" in err.value.message("sv") and f"row {row}" in err.value.message("en")


def test_interventions_end_before_start_names_the_row():
    text = "namn;omrade;typ;start;slut\nA;Norr;Belysning;2024-01-01;\nB;Norr;Belysning;2024-05-01;2024-04-30\n"
    with pytest.raises(SourceFormatError) as err:
        interventions.parse(text.encode(), "insatser.csv", lambda n: ["9901-norr"])
    assert (err.value.row, err.value.column) == (3, "slut")
    ok = interventions.parse(text.encode().replace(b"2024-04-30", b"2024-06-30"), "insatser.csv", lambda n: ["9901-norr"])
    assert list(ok["area"]) == ["9901-norr", "9901-norr"] and pd.isna(ok["end"].iloc[0])


def export(data_dir, table):
    out = io.StringIO()
    sys_stdout, sys.stdout = sys.stdout, out
    try:
        assert cli.main(["export", "--data-dir", str(data_dir), "--table", table]) == 0
    finally:
        sys.stdout = sys_stdout
    return pd.read_csv(io.StringIO(out.getvalue()), dtype={"months_after": int})


def test_effects_export_columns_and_demo_verdicts(demo_dir):
    df = export(demo_dir, "effects")
    assert list(df.columns[:8]) == ["intervention", "area", "category", "method", "effect", "ci_low", "ci_high", "verdict"]
    total = df[df["category"] == "total"].set_index("area")
    assert total.loc["9901-stationsomradet", "verdict"] == "reduced"       # the one that worked
    assert total.loc["9901-hamnen", "verdict"] == "no_detectable_change"   # the one that did not
    assert total.loc["9901-hamnen", "peak_before_start"] == "yes"          # chosen after a peak
    assert total.loc["9904-an", "verdict"] == "too_early"                  # started 2025-09, data end 2025-12
    assert total.loc["9904-an", "months_after"] == 4
    assert total.loc["9904-norra", "method"] == "did_poisson"              # has a comparison area
    assert set(df["category"]) == {"total", "skadegorelse", "misshandel", "ordningsstorning", "stold"}
    assert list(export(demo_dir, "interventions").columns[:7]) == [
        "intervention", "name", "area", "type", "start", "end", "comparison_area"]


def tree_digest(root):
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_failing_import_leaves_the_data_dir_byte_identical(data_dir, tmp_path_factory, capsys):
    build.build(data_dir)
    bad = tmp_path_factory.mktemp("in") / "handelser.csv"
    bad.write_text("datum;kategori;omrade;kommunkod\n2024-01-03;Stöld;Norr;9901\n2024-02-30;Stöld;Norr;9901\n")
    before = tree_digest(data_dir)
    assert cli.main(["import", "incidents", str(bad), "--data-dir", str(data_dir)]) == 1
    assert "rad 3" in capsys.readouterr().err
    assert tree_digest(data_dir) == before


def test_import_copies_the_file_and_rebuilds(data_dir):
    build.build(data_dir)
    result = imports.import_est(data_dir, INCIDENTS.read_bytes(), INCIDENTS.name, "incidents")
    (rel,) = result.written  # named by its content, the user's name kept as its origin
    assert (data_dir / "raw" / rel).read_bytes() == INCIDENTS.read_bytes()
    assert json.loads((data_dir / "raw" / "sources.json").read_text())[rel]["origin"] == INCIDENTS.name
    obs = read_store(data_dir).observations
    norr = obs[(obs["geo_code"] == "9901-norr") & (obs["indicator_id"] == "inc_total")]
    assert norr["count"].sum() > 0


def test_an_export_says_the_day_it_was_made(data_dir):
    """`--retrieved`: an incident export's figures carry the day it was taken out of the system, not the import's."""
    build.build(data_dir)
    assert cli.main(["import", "incidents", str(INCIDENTS), "--retrieved", "2025-12-31", "--data-dir", str(data_dir)]) == 0
    sources = json.loads((data_dir / "raw" / "sources.json").read_text())
    (entry,) = [e for e in sources.values() if e.get("origin", "").endswith(INCIDENTS.name)]
    assert entry["retrieved_at"] == "2025-12-31"


ANNA = Writer("anna@exempel.se", frozenset({"9901"}))


def test_edit_log_survives_a_restart(data_dir):
    build.build(data_dir)
    store = read_store(data_dir)
    before = edits.editor_rows(data_dir, "9901", store.geographies)
    after = before.copy()
    after.loc[after["namn"] == "Trygghetsvandringar och ny belysning", "slut"] = "2024-12-31"
    after.loc[len(after)] = ["Trygghetsvandring", "Centrum", "9901", "Trygghetsvandring", "2025-02-01", "", "", "", "", None, None]
    changes = edits.save_edits(data_dir, before, after, ANNA)
    assert sorted(c["action"] for c in changes) == ["added", "ended"]
    # A fresh process reads what was saved: the store and the audit trail, nothing from memory.
    code = ("import sys; from lagesbild.store import read_store; from etl.insatser import history; "
            "d = sys.argv[1]; s = read_store(d).interventions.set_index('name'); "
            "print(s.loc['Trygghetsvandringar och ny belysning', 'end'].date(), 'Trygghetsvandring' in s.index); "
            "print(history(d)[['user', 'action']].to_csv(index=False))")
    out = subprocess.run([sys.executable, "-c", code, str(data_dir)], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.splitlines()[0] == "2024-12-31 True"
    assert "anna@exempel.se,ended" in out and "anna@exempel.se,added" in out
    assert "migrering från raw/interventions,migrated" in out  # the demo's file, moved into the database once
    assert (data_dir / DB_FILE).exists()


def test_invalid_edit_is_refused_and_nothing_written(data_dir):
    build.build(data_dir)
    store = read_store(data_dir)
    before = edits.editor_rows(data_dir, "9901", store.geographies)
    trail = insatser_db.history(data_dir)
    after = before.copy()
    after.loc[0, "start"] = "1 april"
    with pytest.raises(SourceFormatError) as err:
        edits.save_edits(data_dir, before, after, ANNA)
    assert err.value.row == 2 and err.value.column == "start"
    assert insatser_db.history(data_dir).equals(trail)
    assert edits.editor_rows(data_dir, "9901", store.geographies).equals(before)


def run_insatser(data_dir, monkeypatch, secrets: dict | None = None) -> AppTest:
    monkeypatch.setenv("LAGESBILD_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["kommun"] = "9901"
    at.session_state["lang_choice"] = "sv"
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    at.run()
    at.switch_page("pages/insatser.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_log_is_read_only_without_sign_in_configured(data_dir, monkeypatch):
    build.build(data_dir)
    at = run_insatser(data_dir, monkeypatch)
    assert any("Skrivskyddat" in i.value and "inloggning" in i.value for i in at.info)
    # no editor, no save button: the only buttons prepare the charts' images
    assert all(b.label == "Förbered bild" for b in at.button) and not at.get("data_editor")
    assert "Trygghetsvandringar och ny belysning" in " ".join(s.value for s in at.subheader)


AUTH = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x", "client_id": "x",
                 "client_secret": "x", "server_metadata_url": "https://example.invalid/.well-known"}}


def test_with_sign_in_configured_a_signed_out_user_is_asked_to_sign_in(data_dir, monkeypatch):
    build.build(data_dir)
    at = run_insatser(data_dir, monkeypatch, AUTH)
    assert [b.label for b in at.button if b.label != "Förbered bild"] == ["Logga in"]


class SignedIn(dict):
    """st.user of someone signed in, whose provider verified the e-mail unless told otherwise."""
    is_logged_in = True

    def __init__(self, **claims):
        super().__init__({"email_verified": True, **claims})


def test_signed_in_editor_gets_the_editor(data_dir, monkeypatch):
    import streamlit
    build.build(data_dir)
    monkeypatch.setattr(streamlit, "user", SignedIn(email="Anna@Exempel.se"))
    at = run_insatser(data_dir, monkeypatch, {**AUTH, "lagesbild": {"editors": {"anna@exempel.se": ["9901"]}}})
    save = [b for b in at.button if b.label == "Spara ändringar"]
    assert len(save) == 1
    save[0].click().run()
    assert not at.exception
    assert any("Inga ändringar" in s.value for s in at.success)


def test_a_stale_edit_on_the_page_is_refused_with_a_message(data_dir, monkeypatch):
    import streamlit
    build.build(data_dir)
    monkeypatch.setattr(streamlit, "user", SignedIn(email="anna@exempel.se"))
    at = run_insatser(data_dir, monkeypatch, {**AUTH, "lagesbild": {"editors": {"anna@exempel.se": ["9901"]}}})
    opened = edits.editor_rows(data_dir, "9901", read_store(data_dir).geographies)   # as Anna's page has it
    lamp = int(opened.index[opened["namn"] == "Trygghetsvandringar och ny belysning"][0])
    berit = opened.copy()
    berit.loc[lamp, "slut"] = "2024-12-31"
    edits.save_edits(data_dir, opened, berit, Writer("berit@exempel.se"))             # Berit saves first
    at.session_state["log_editor_9901_0"] = {"edited_rows": {lamp: {"slut": "2025-06-30"}}, "added_rows": [],
                                             "deleted_rows": []}
    [b for b in at.button if b.label == "Spara ändringar"][0].click().run()
    assert not at.exception
    assert any("ändrad av någon annan sedan du öppnade den" in e.value for e in at.error)
    assert read_store(data_dir).interventions.set_index("name").loc[
        "Trygghetsvandringar och ny belysning", "end"].date().isoformat() == "2024-12-31"


@pytest.mark.parametrize("editors, message", [
    ({}, "inte redaktör"),                                  # signed in, not listed
    ({"anna@exempel.se": ["9904"]}, "kommun 9901"),         # an editor of another kommun
])
def test_signed_in_non_editor_reads_only(data_dir, monkeypatch, editors, message):
    import streamlit
    build.build(data_dir)
    monkeypatch.setattr(streamlit, "user", SignedIn(email="anna@exempel.se"))
    at = run_insatser(data_dir, monkeypatch, {**AUTH, "lagesbild": {"editors": editors}})
    assert not [b for b in at.button if b.label == "Spara ändringar"]
    assert any(message in i.value for i in at.info)


def test_import_interventions_with_an_area_without_incidents_is_refused(data_dir, tmp_path_factory, capsys):
    build.build(data_dir)
    log = tmp_path_factory.mktemp("in") / "insatser_2026.csv"
    log.write_text("namn,omrade,typ,start,slut,kommunkod\nFältvärdar,Bruket,Vuxennärvaro,2025-01-01,,9903\n")
    before = tree_digest(data_dir)
    assert cli.main(["--lang", "en", "import", "interventions", str(log), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert f"{log}, column 'omrade'" in err and "9903-bruket" in err  # the file as the user named it
    assert tree_digest(data_dir) == before
    log.write_text("namn,omrade,typ,start,slut,kommunkod\nFältvärdar,Söder,Vuxennärvaro,2024-01-01,,9901\n")
    assert cli.main(["import", "interventions", str(log), "--data-dir", str(data_dir)]) == 0
    effects = read_store(data_dir).effects
    assert set(effects.loc[effects["area"] == "9901-soder", "method"]) == {"its_segmented_poisson"}


def test_area_situation_counts_the_latest_three_months_against_a_year_earlier(demo_dir):
    from lagesbild import est as views_est
    store = read_store(demo_dir)
    obs = store.observations
    centrum = obs[(obs["geo_code"] == "9901-centrum") & (obs["indicator_id"] == "inc_total")].set_index("period_start")
    row = views_est.area_situation(store, "9901").set_index("area").loc["9901-centrum"]
    assert row["period"] == "okt–dec 2025" and row["period_last_year"] == "okt–dec 2024"
    assert row["count"] == centrum.loc["2025-10-01":"2025-12-01", "count"].sum()
    assert row["count_last_year"] == centrum.loc["2024-10-01":"2024-12-01", "count"].sum()
    assert row["change"] == pytest.approx((row["count"] / row["count_last_year"] - 1) * 100)
    ranking = views_est.quarterly_ranking(store, "9901")
    assert set(ranking["quarter"]) == {"2025 kv. 4"}
    assert ranking.set_index("area").loc["9901-centrum", "incidents"] == row["count"]   # Q4 = okt–dec
