"""Every page runs for two kommuner, in both languages, and shows what the store holds."""
import pytest
from streamlit.testing.v1 import AppTest

from lagesbild import fmt
from lagesbild.store import read_store
from lagesbild.targets import whole_years
from tests.conftest import ROOT

PAGES = ["pages/lagesbild.py", "pages/malet.py", "pages/faktisk_upplevd.py", "pages/data.py", "pages/presentation.py",
         "pages/omraden.py", "pages/insatser.py", "pages/trygghetsbokslut.py", "pages/rapport.py"]


def run_app(demo_dir, monkeypatch, kommun: str, lang: str = "sv", page: str | None = None, demo: bool = True) -> AppTest:
    monkeypatch.setenv("LAGESBILD_DATA_DIR", str(demo_dir))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    # AppTest keeps only the page's elements after a rerun under st.navigation, so every
    # scenario starts from a first run with the sidebar's choices already in session state.
    at.session_state["kommun"] = kommun
    at.session_state["lang_choice"] = lang
    at.run()
    assert any("EXEMPELDATA" in w.value for w in at.warning) == demo  # drawn by dashboard.py before any page
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("kommun", ["9901", "9905"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_with_the_demo_banner(demo_dir, monkeypatch, kommun, page):
    at = run_app(demo_dir, monkeypatch, kommun, page=page)
    assert at.title
    if page != "pages/presentation.py":  # its first screen is the title slide, with no figure
        assert any("Källa:" in c.value for c in at.caption)


@pytest.mark.parametrize("kommun", ["9901", "9905"])
def test_headline_crime_rate_is_the_latest_in_the_store(demo_dir, monkeypatch, kommun):
    obs = read_store(demo_dir).observations
    obs = obs[whole_years(obs)]   # the yearly figures, not Brå's months
    latest = (obs[(obs["geo_code"] == kommun) & (obs["indicator_id"] == "N07540") & obs["value"].notna()]
              .sort_values("period_end").iloc[-1])
    at = run_app(demo_dir, monkeypatch, kommun)
    crime = at.metric[0]
    assert crime.value == fmt.number(latest["value"], 0, "sv")
    assert str(latest["period_end"].year) in crime.label
    assert "preliminär" in crime.label  # 2025 comes from Brå's preliminary file


def test_english_switch(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9901", lang="en")
    assert at.title[0].value.startswith("Situation overview")
    assert "Reported crimes" in at.metric[0].label
    assert "," in at.metric[0].value  # 13,873 – English thousands separator


def test_target_card_states_definition_and_verdict(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9904")
    texts = " ".join(m.value for m in at.markdown)
    assert "2016–2019" in texts and "2020–2023" in texts
    assert "Målet är uppnått" in texts  # Hagaström: a clear decrease in the demo data
    assert any("= våldsbrott utomhus mot vuxna, personrån, skadegörelse." in c.value for c in at.caption)


@pytest.mark.parametrize("page", ["pages/lagesbild.py", "pages/malet.py", "pages/faktisk_upplevd.py",
                                  "pages/omraden.py", "pages/insatser.py"])
def test_every_chart_offers_its_data_as_csv_and_excel(demo_dir, monkeypatch, page):
    at = run_app(demo_dir, monkeypatch, "9901", page=None if page == "pages/lagesbild.py" else page)
    charts = at.get("plotly_chart")
    labels = [b.proto.label for b in at.get("download_button")]
    assert len(charts) > 0
    assert labels.count("Data (CSV)") == len(charts), labels
    assert labels.count("Data (Excel)") == len(charts), labels
    assert not any(c.value.startswith("Textalternativ") for c in at.caption)  # a screen reader's name, not printed


def test_a_direct_link_remembered_before_navigation_existed_opens_its_page(demo_dir, monkeypatch):
    # On a fresh server Streamlit runs pages/insatser.py for /insatser without dashboard.py;
    # context() remembers the page and goes through dashboard.py, which must then open it (the
    # browser half — the URL and the first run — is for the browser tests: AppTest cannot start there).
    monkeypatch.setenv("LAGESBILD_DATA_DIR", str(demo_dir))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["deep_link_page"] = "pages/insatser.py"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Insatser – Ekbacka"  # the sidebar's default: the kommun with every kind of data
    assert "deep_link_page" not in at.session_state


def test_omraden_without_incidents_still_shows_the_survey_per_area(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9905", page="pages/omraden.py")  # Tallmo: survey areas, no incident export
    assert any("inga händelser per område för Tallmo" in i.value and "sidan Data" in i.value for i in at.info)
    assert [s.value for s in at.subheader] == ["Egen trygghetsmätning 2025, per område"]
    assert len(at.get("plotly_chart")) == 1


def address(at: AppTest) -> dict[str, str]:
    """The address's query as the app wrote it (AppTest keeps a value or a list of values)."""
    return {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}


@pytest.mark.parametrize("asked, title, written", [
    ({"kommun": "9904", "lang": "en"}, "Situation overview – Hagaström", {"kommun": "9904", "lang": "en"}),
    ({"kommun": "1234", "lang": "fi"}, "Lägesbild – Ekbacka", {"kommun": "9901", "lang": "sv"}),   # unknown: the default
], ids=["hagastrom-en", "unknown"])
def test_the_address_chooses_kommun_and_language(demo_dir, monkeypatch, asked, title, written):
    """?kommun=9904&lang=en opens Hagaström in English and stays in the address (a choice in the sidebar
    written back to it is for the browser test: AppTest drops the sidebar after a rerun under st.navigation)."""
    monkeypatch.setenv("LAGESBILD_DATA_DIR", str(demo_dir))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for name, value in asked.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == title
    assert address(at) == written
