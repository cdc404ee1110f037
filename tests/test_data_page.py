"""The Data page: sources, coverage and indicators from the store; uploads and the Kolada fetch."""
import shutil
from datetime import date

import pytest

from etl import imports
from lagesbild import store
from lagesbild.access import Connection
from tests.conftest import FIXTURES, LOOPBACK
from tests.kolada_standin import Standin
from tests.test_app import run_app
from tests.test_build import snapshot
from tests.test_fetch import closed_port_url

PAGE = "pages/data.py"
YEARLY_2023 = FIXTURES / "imports" / "Anmälda brott kommunerna 2023.csv"


@pytest.fixture
def demo_copy(demo_dir, tmp_path, local_user):
    """A writable copy of the built demo data dir, opened by the one person at the computer."""
    shutil.copytree(demo_dir, tmp_path / "d")
    return tmp_path / "d"


def frames(at):
    return [d.value for d in at.dataframe]


def test_sources_coverage_and_indicators_on_the_demo(demo_dir, monkeypatch, local_user):
    at = run_app(demo_dir, monkeypatch, "9901", page=PAGE)
    sources, coverage, indicators, incident_files = frames(at)
    s = store.read_store(demo_dir)
    assert len(sources) == len(s.manifest["sources"])
    row = sources.set_index("Fil").loc["bra/Anmälda brott kommunerna 2025.csv"]
    assert (row["Hämtad"], row["Källa"]) == ("2026-11-20", "Brå, årsfil")
    assert row["Rader"] == 14  # one row per demo kommun
    crime = coverage.loc["Anmälda brott totalt, per 100 000 inv."]
    assert crime["2012"] == 14 and crime["2025"] == 14   # all 14 demo kommuner, every year
    assert any("Kommuner i datalagret: Björkås, Ekbacka" in c.value for c in at.caption)
    inds = indicators.set_index("Id")
    assert inds.loc["N07540", "Riktning"] == "högre är sämre" and inds.loc["N00610", "Riktning"] == "högre är bättre"
    assert "Kish" in " ".join(m.value for m in at.markdown)
    assert any("första importen eller hämtningen ersätter exempeldatan" in i.value for i in at.info)
    (demo_file,) = incident_files.to_dict("records")  # the incident exports with the dates they cover
    assert (demo_file["Fil"], demo_file["Från"], demo_file["Till"]) == ("incidents/handelser_2021-2025.csv",
                                                                        "2021-01-01", "2025-12-31")


def test_english_headers(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9901", lang="en", page=PAGE)
    assert at.title[0].value == "Data"
    assert "Direction" in frames(at)[2].columns and "Retrieved" in frames(at)[0].columns


def test_upload_of_a_bad_file_shows_the_message_and_changes_nothing(demo_copy, monkeypatch):
    at = run_app(demo_copy, monkeypatch, "9901", page=PAGE)
    before = snapshot(demo_copy)
    bad = "Kommun;Antal;Per 100 000 inv.\r\nGotland;1;2\r\nIngenstans;3;4\r\n".encode("cp1252")
    at.file_uploader(key="upload_bra").set_value(("Anmälda brott kommunerna 2023.csv", bad, "text/csv")).run()
    at.button(key="import_bra").click().run()
    assert not at.exception
    (error,) = at.error
    assert error.value.startswith("Importen stoppades – inget ändrades.")
    assert "Anmälda brott kommunerna 2023.csv, rad 3, kolumn 'Kommun'" in error.value
    assert snapshot(demo_copy) == before


def test_upload_of_a_brå_file_imports_it(demo_copy, monkeypatch):
    at = run_app(demo_copy, monkeypatch, "9901", page=PAGE)
    at.file_uploader(key="upload_bra").set_value((YEARLY_2023.name, YEARLY_2023.read_bytes(), "text/csv")).run()
    at.button(key="import_bra").click().run()
    assert not at.error, [e.value for e in at.error]
    message = at.success[0].value   # the file, where it is kept, and what the store gained, counted by hand
    assert message.startswith("Ny: Anmälda brott kommunerna 2023.csv (bra/Anmälda brott kommunerna 2023 ")
    assert "Rader i datalagret: 4 tillkom, 0 ändrades, 0 togs bort." in message
    s = store.read_store(demo_copy)
    assert not s.is_demo and "0980" in set(s.observations["geo_code"])  # Gotland


def test_incidents_and_interventions_are_uploaded_on_the_data_page(demo_copy, monkeypatch):
    at = run_app(demo_copy, monkeypatch, "9901", page=PAGE)
    insatser = "namn,omrade,typ,start,slut,kommunkod\nFältvärdar,Hamnen,Vuxennärvaro,2024-01-01,,0980\n".encode()
    at.file_uploader(key="upload_interventions").set_value(("insatser.csv", insatser, "text/csv")).run()
    at.button(key="import_interventions").click().run()
    (error,) = at.error  # a log of insatser alone cannot replace the demo: the message says what else is needed
    shown = error.value.replace("\\", "")  # as rendered: md() escapes the path's underscores
    assert f"{demo_copy / 'raw'}: väntade minst en källfil" in shown  # the data dir, not the import's temp copy

    incidents = "datum;kategori;omrade;kommunkod\n2024-01-03;Klotter;Visby innerstad;0980\n".encode()
    at.file_uploader(key="upload_incidents").set_value(("händelser.csv", incidents, "text/csv")).run()
    at.button(key="import_incidents").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "Ny: händelser.csv (incidents/" in at.success[0].value
    obs = store.read_store(demo_copy).observations
    assert obs.query("geo_code == '0980-visby-innerstad' and indicator_id == 'inc_klotter'")["value"].tolist() == [1.0]

    # "Ersätt perioden": the earlier incidents of Gotland in January go, the corrected file's take their place
    at.checkbox(key="replace_period").check().run()
    at.date_input(key="replace_from").set_value(date(2024, 1, 1)).run()
    at.date_input(key="replace_to").set_value(date(2024, 1, 31)).run()
    corrected = "datum;kategori;omrade;kommunkod\n2024-01-04;Stöld;Visby innerstad;0980\n".encode()
    at.file_uploader(key="upload_incidents").set_value(("rättad.csv", corrected, "text/csv")).run()
    at.button(key="import_incidents").click().run()
    assert not at.error, [e.value for e in at.error]
    message = at.success[0].value
    assert "Ersatte perioden 2024-01-01–2024-01-31" in message and "Händelser: 1 tillkom, 0 ändrades, 1 togs bort" in message
    at.checkbox(key="replace_period").uncheck().run()

    at.button(key="import_interventions").click().run()
    (error,) = at.error  # Hamnen has no incident data
    assert error.value.startswith("Importen stoppades – inget ändrades.") and "insatser.csv, kolumn 'omrade'" in error.value


def test_fetch_offline_says_so_and_changes_nothing(demo_copy, monkeypatch):
    monkeypatch.setenv("KOLADA_API_URL", closed_port_url())
    at = run_app(demo_copy, monkeypatch, "9901", page=PAGE)
    before = snapshot(demo_copy)
    at.button(key="fetch_kolada").click().run()
    (error,) = at.error
    assert "Hämtningen misslyckades – inget ändrades." in error.value and "Kunde inte nå Kolada" in error.value
    assert snapshot(demo_copy) == before


def test_fetch_for_the_chosen_kommun(demo_copy, monkeypatch):
    imports.import_bra(demo_copy, YEARLY_2023.read_bytes(), YEARLY_2023.name)  # real kommuner, Gotland among them
    with Standin() as kolada:
        monkeypatch.setenv("KOLADA_API_URL", kolada.url)
        at = run_app(demo_copy, monkeypatch, "0980", page=PAGE, demo=False)
        assert at.selectbox(key="fetch_kommun_0980").value == "0980"   # it starts on the sidebar's kommun (Gotland)
        at.selectbox(key="fetch_kommun_0980").set_value("0683")
        at.number_input(key="fetch_from").set_value(2023)
        at.number_input(key="fetch_to").set_value(2023)
        at.button(key="fetch_kolada").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success and "Datalagret byggt om" in at.success[0].value
    assert "filer till" in at.success[0].value  # the stand-in's pages are summarised, not all named
    obs = store.read_store(demo_copy).observations
    assert set(obs.query("geo_code == '0683'")["indicator_id"]) >= {"N07540", "N07609", "N01951"}
    # The sidebar moved from Gotland to the fetched kommun; the overview shows its crime rate.
    assert at.session_state["kommun"] == "0683"
    at.switch_page("pages/lagesbild.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Lägesbild – Värnamo"
    assert at.metric[0].value == "1\u00a0031"  # the stand-in's N07540 for 0683 in 2023: 1000 + 23 + 8,3


def test_search_and_add_a_kolada_kpi_on_the_data_page(demo_copy, monkeypatch):
    imports.import_bra(demo_copy, YEARLY_2023.read_bytes(), YEARLY_2023.name)
    with Standin() as kolada:
        monkeypatch.setenv("KOLADA_API_URL", kolada.url)
        at = run_app(demo_copy, monkeypatch, "0980", page=PAGE, demo=False)
        at.text_input(key="kpi_query").set_value("inbrott").run()
        at.button(key="kpi_search").click().run()
        assert at.selectbox(key="kpi_choice").options == ["N07546 – Anmälda bostadsinbrott, antal/100 000 inv",
                                                          "N07617 – NTU - Oro för att utsättas för bostadsinbrott, andel (%)"]
        at.selectbox(key="kpi_choice").set_value("N07546")
        at.selectbox(key="kpi_direction_choice").set_value("higher_is_worse")
        at.button(key="kpi_add").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "Lade till N07546" in at.success[0].value and "som du angav" in at.success[0].value
    inds = store.read_store(demo_copy).indicators.set_index("id")
    assert inds.loc["N07546", ["title_sv", "direction"]].tolist() == ["Anmälda bostadsinbrott, antal/100 000 inv",
                                                                      "higher_is_worse"]


def test_kpi_search_without_matches_says_so(demo_copy, monkeypatch):
    with Standin() as kolada:
        monkeypatch.setenv("KOLADA_API_URL", kolada.url)
        at = run_app(demo_copy, monkeypatch, "9901", page=PAGE)
        at.text_input(key="kpi_query").set_value("bränder").run()
        at.button(key="kpi_search").click().run()
    assert "Inga nyckeltal med 'bränder' i titeln." in at.info[-1].value


def test_an_anonymous_visitor_sees_no_personal_data_on_the_data_page(demo_dir, tmp_path, monkeypatch):
    """The finding: before the write gate, the source list showed editors' e-mail addresses, the OS account,
    file paths and the database's address."""
    from etl import build
    from lagesbild.access import Writer
    from pages import _shared

    data = tmp_path / "d"
    shutil.copytree(demo_dir / "processed", data / "processed")
    shutil.copytree(FIXTURES.parent.parent / "data" / "demo", data / "raw")
    build.build(data)
    secret = tmp_path / "Hemliga mappen" / YEARLY_2023.name
    secret.parent.mkdir()
    secret.write_bytes(YEARLY_2023.read_bytes())
    imports.import_bra(data, secret.read_bytes(), str(secret), writer=Writer("anna@exempel.se"))
    imports.import_est(data, "datum;kategori;omrade;kommunkod\n2024-01-03;Klotter;Centrum;9901\n".encode(),
                       "/home/anna/händelser.csv", "incidents")   # from the command line: the OS account
    personal = ["anna@exempel.se", "Hemliga mappen", "/home/anna", "(kommandoraden)", "sqlite", str(data)]

    def shown(at) -> str:
        return " ".join(str(v) for frame in at.dataframe for v in [*frame.value.columns, *frame.value.to_numpy().ravel()])

    _shared.PROXY_SEEN.clear()
    at = run_app(data, monkeypatch, "9901", page=PAGE, demo=False)   # AppTest's connection is not the local user
    assert any("Skrivskyddat" in i.value for i in at.info)
    text = shown(at)
    assert "Anmälda brott kommunerna 2023" in text and not [p for p in personal if p in text]
    monkeypatch.setattr(_shared, "connection", lambda: Connection(**LOOPBACK))   # the person at the computer
    at = run_app(data, monkeypatch, "9901", page=PAGE, demo=False)
    text = shown(at)   # who may write sees who imported what, from where
    assert [p for p in personal[:4] if p not in text] == []
