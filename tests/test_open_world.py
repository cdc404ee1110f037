"""Any real kommun on open data alone (issue 23): every page and every document, for one kommun of each data
shape in the open-data world (tests/open_world.py: Kolada's shapes, fictional values, fetched on loopback),
works, says in plain words what is missing, and never shows a number that is not there."""
from __future__ import annotations

import io
import json
import re
import shutil

import docx
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from etl import build
from lagesbild import bokslut, deck, document
from lagesbild.store import read_store
from tests import open_world
from tests.conftest import ROOT

SHAPES = open_world.SHAPES
PAGES = ["pages/lagesbild.py", "pages/malet.py", "pages/faktisk_upplevd.py", "pages/data.py", "pages/presentation.py",
         "pages/omraden.py", "pages/insatser.py", "pages/trygghetsbokslut.py", "pages/tillganglighet.py"]
# What a number that is not there looks like when it slips through to a reader.
NOT_A_NUMBER = re.compile(r"\b(nan|NaN|None|NaT|inf)\b|<NA>|Traceback")


@pytest.fixture(scope="module")
def world(open_world_dir):
    return read_store(open_world_dir)


@pytest.fixture(scope="module")
def forbund_dir(open_world_dir, tmp_path_factory):
    """The world with the förbund's own handlingsprogram."""
    directory = tmp_path_factory.mktemp("forbund") / "data"
    shutil.copytree(open_world_dir, directory, ignore=shutil.ignore_patterns("processed"))
    (directory / "handlingsprogram.toml").write_text(open_world.FORBUND_PROGRAMME, encoding="utf-8")
    build.build(directory)
    return directory


def run_page(data_dir, monkeypatch, kommun: str, page: str, lang: str = "sv") -> AppTest:
    monkeypatch.setenv("LAGESBILD_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["kommun"] = kommun
    at.session_state["lang_choice"] = lang
    at.run()
    if page != "pages/lagesbild.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not any("EXEMPELDATA" in w.value for w in at.warning)   # real kommuner: no demo words
    return at


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success")
             for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for frame in at.dataframe:
        parts += [str(v) for v in frame.value.astype(object).to_numpy().ravel() if isinstance(v, str)]
    return "\n".join(str(p) for p in parts)


def chart_has_data(spec: dict) -> bool:
    for trace in spec.get("data", []):
        for axis in ("y", "x", "z", "values", "locations"):
            values = trace.get(axis)
            if isinstance(values, dict):   # Plotly's typed arrays
                return True
            if isinstance(values, list) and any(v is not None for v in values):
                return True
    return False


def check_page(at: AppTest) -> str:
    text = shown_text(at)
    assert not NOT_A_NUMBER.search(text), NOT_A_NUMBER.search(text).group(0) + " in: " + text[:3000]
    assert not re.search(r"(Källa|Source):\s*($|\n)", text), "a source line naming no source"
    for chart in at.get("plotly_chart"):
        assert chart_has_data(json.loads(chart.proto.spec)), "a chart with nothing in it"
    return text


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_for_every_shape(open_world_dir, monkeypatch, shape, page):
    check_page(run_page(open_world_dir, monkeypatch, SHAPES[shape], page))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_english_for_a_kolada_only_kommun(open_world_dir, monkeypatch, page):
    check_page(run_page(open_world_dir, monkeypatch, SHAPES["kolada_target"], page, "en"))


def test_missing_data_is_said_where_the_figure_would_be(open_world_dir, monkeypatch):
    malaa = check_page(run_page(open_world_dir, monkeypatch, SHAPES["population_only"], "pages/lagesbild.py"))
    assert "saknas" in malaa and "Det saknas data för att bedöma målet" in malaa
    vetlanda = check_page(run_page(open_world_dir, monkeypatch, SHAPES["kolada_target"], "pages/faktisk_upplevd.py"))
    assert "NTU" in vetlanda and "Vetlanda" in vetlanda and "inga värden" in vetlanda
    bjurholm = check_page(run_page(open_world_dir, monkeypatch, SHAPES["crime_only"], "pages/faktisk_upplevd.py"))
    assert "För lite data" in bjurholm or "för lite data" in bjurholm


def test_no_band_or_picture_of_all_kommuner_from_a_handful(tmp_path):
    """One kommun fetched with the seven of its group: "the middle half of all kommuner" and the quadrant need ten."""
    from lagesbild import analysis

    store = read_store(open_world.fetched_data_dir(tmp_path, [SHAPES["crime_only"]]))
    assert len(store.geographies.query("level == 'kommun'")) == 8
    assert analysis.comparison(store, SHAPES["crime_only"], "N07540").band.empty
    assert analysis.quadrant(store, "N07540", "N07609") is None


def test_the_target_is_judged_on_koladas_definition_and_says_so(world):
    targets = world.targets.set_index(["target_id", "geo_code"])
    vetlanda = targets.loc[("offentlig_miljo_2020_2023", SHAPES["kolada_target"])]
    assert vetlanda["verdict"] in ("met", "not_met", "inconclusive") and vetlanda["indicator_id"] == "N07543+U07452"
    bjurholm = targets.loc[("offentlig_miljo_2020_2023", SHAPES["crime_only"])]
    assert bjurholm["verdict"] == "insufficient_data" and "N07543" in bjurholm["missing"]


# --- documents ---------------------------------------------------------------------------------------------

def pptx_text(data: bytes) -> str:
    prs = Presentation(io.BytesIO(data))
    return "\n".join(p.text for s in prs.slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs)


def docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_document_for_every_shape(world, shape):
    kommun = SHAPES[shape]
    texts = {"deck": pptx_text(deck.lagesbild_deck(deck.deck_context(world, kommun)))}
    years = bokslut.bokslut_years(world, [kommun])
    if years:
        doc = document.bokslut_document(world, [kommun], years[0])
        texts["bokslut.docx"], texts["bokslut.pdf"] = docx_text(document.to_docx(doc)), pdf_text(document.to_pdf(doc))
        assert "Inget handlingsprogram är inlagt" in texts["bokslut.docx"] and "Exempeldalen" not in texts["bokslut.docx"]
    brief = document.underlag_document(world, kommun, pd.Timestamp("2025-06-01"))
    texts["underlag"] = docx_text(document.to_docx(brief))
    assert "inga händelser per område" in texts["underlag"]
    for name, text in texts.items():
        assert not NOT_A_NUMBER.search(text), f"{name}: {NOT_A_NUMBER.search(text).group(0)} in {text[:2000]}"
        assert "EXEMPELDATA" not in text, name


def test_the_forbunds_bokslut_of_kolada_only_kommuner(forbund_dir):
    store = read_store(forbund_dir)
    b = bokslut.trygghetsbokslut(store, list(open_world.FORBUND), 2025)
    assert b.title() == "Trygghetsbokslut 2025 – Nässjö, Vetlanda och Eksjö"
    assert b.programme.configured and "Höglandets räddningstjänstförbund" in b.programme_line()
    text = docx_text(document.to_docx(document.bokslut_document(store, list(open_world.FORBUND), 2025)))
    assert not NOT_A_NUMBER.search(text)
    fires = next(m for s in b.sections for m in s.measures if m.indicator_id == "N07415" and m.geo == bokslut.FORBUND)
    assert fires.period == "2021–2025" and fires.value is not None   # U07415 and N07415: one series, summed
    assert fires.previous is not None and fires.previous.crosses_break   # 2016–2020 was MSB's old definition


def test_the_cli_makes_every_document_for_a_kolada_only_kommun(open_world_dir, tmp_path):
    import subprocess
    import sys

    for command, extra, out in (("deck", [], "d.pptx"), ("bokslut", ["--year", "2025"], "b.pdf"),
                                ("underlag", ["--month", "2025-06"], "u.docx")):
        done = subprocess.run([sys.executable, "-m", "lagesbild", command, "--data-dir", str(open_world_dir),
                               "--kommun", SHAPES["kolada_target"], *extra, "--out", str(tmp_path / out)],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        assert (tmp_path / out).stat().st_size > 10_000


def test_a_kommuns_own_series_fills_what_kolada_does_not_publish(open_world_dir, tmp_path):
    """Räddningsinsatser has no Kolada KPI per kommun: the bokslut says so, until the räddningstjänst's own file is in."""
    from etl import imports

    directory = tmp_path / "data"
    shutil.copytree(open_world_dir, directory)
    vetlanda = SHAPES["kolada_target"]

    def insatser():
        b = bokslut.trygghetsbokslut(read_store(directory), [vetlanda], 2025)
        return next(m for s in b.sections for m in s.measures if m.indicator_id == "olycka_raddningsinsatser")

    assert insatser().value_text().startswith("inget värde: Kolada har inte uppgiften per kommun")
    own = "indikator;kommun;år;värde;antal\r\n" + "".join(
        f"olycka_raddningsinsatser;Vetlanda;{y};{7.5 + (y - 2020) / 10:.2f};{n}\r\n".replace(".", ",")
        for y, n in ((2023, 61), (2024, 64), (2025, 66)))
    result = imports.import_own_series(directory, own.encode("utf-8"), "insatser.csv", retrieved="2026-02-01")
    assert result.written and result.written[0].startswith("egna_serier/")
    m = insatser()
    assert (m.value, m.count, m.period) == (8.0, 66, "2025")   # 7,5 + 0,5 per 1 000, the file's own count
    assert "mot 2024" in m.previous_text()
