"""Skapa presentation: the slide content model, the PowerPoint file and `python -m lagesbild deck`."""
import dataclasses
import io
import subprocess
import sys
import time
from datetime import date

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt

from lagesbild import deck, export, fmt, narrative
from lagesbild.__main__ import main
from lagesbild.errors import ConfigError, LagesbildError
from lagesbild.store import read_store
from lagesbild.targets import whole_years
from tests.conftest import ROOT
from tests.test_export import needs_browser

DAY = date(2026, 11, 20)
TITLES_9904 = [
    "Hagaström",
    "Nyckeltal",
    "Brott i offentlig miljö ska minska 2020–2023 jämfört med 2016–2019",
    "Brott i offentlig miljö ska minska 2024–2027 jämfört med 2020–2023",
    "Anmälda brott och upplevd otrygghet",
    "Faktisk och upplevd",
    "Brott och otrygghet i alla kommuner",
    "Insatser",
    "Källor och definitioner (1/2)",
    "Källor och definitioner (2/2)",
]


@pytest.fixture(scope="module")
def store(demo_dir):
    return read_store(demo_dir)


@pytest.fixture(scope="module")
def slides(store):
    return deck.build_slides(deck.deck_context(store, "9904", today=DAY))


@pytest.fixture(scope="module")
def image_server():
    export.start_image_server()
    yield
    export.stop_image_server()


@pytest.fixture(scope="module")
def demo_deck(store, image_server):
    start = time.perf_counter()
    data = deck.lagesbild_deck(deck.deck_context(store, "9904", today=DAY))
    print(f"\ndeck 9904 (warm image server): {time.perf_counter() - start:.1f} s, {len(data) // 1024} kB")
    return Presentation(io.BytesIO(data))


def shape_texts(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def title_of(slide) -> str:
    return next(s.text_frame.text for s in slide.shapes if s.name == "Rubrik")


# --- the content model (no browser needed) ------------------------------------------------------

def test_slides_in_order_with_the_targets_verdicts(slides):
    assert [s.title for s in slides] == TITLES_9904
    assert [s.kind for s in slides] == ["title", "figures", "chart", "chart", "chart", "chart", "chart", "text", "text", "text"]
    assert slides[0].body == ("Lägesbild: brott och trygghet", "20 november 2026")
    met = slides[2]
    # Hagaström's yearly counts in the demo store: 2016–2019 sum to 1 827, 2020–2023 to 1 447; adjusted for
    # population the rate ratio is 0,78 (95 % KI 0,73–0,84): −22 %. The slide says that one number; the raw
    # counts' −21 % is not a second one (counts appear as counts, in the notes).
    nb = fmt.NBSP
    assert met.body == (f"Målet är uppnått: −22{nb}% (95 % KI −27 till −16{nb}%), justerat för befolkningen.",
                        "Brott i offentlig miljö = våldsbrott utomhus mot vuxna, personrån, brott om skadegörelse.")
    assert f"Antal anmälda brott: 1{nb}827 under 2016–2019 och 1{nb}447 under 2020–2023." in met.notes
    assert not any("21" in line for line in (*met.body, *met.notes))
    table = met.chart.data
    assert table.loc[table["Period"] == "Jämförelseperiod", "Anmälda brott"].sum() == 1827
    assert table.loc[table["Period"] == "Målperiod", "Anmälda brott"].sum() == 1447
    assert slides[3].body[0].startswith("Målperioden pågår")


def test_measured_vs_perceived_and_quadrant_slides_speak_in_the_narratives_sentences(store, slides):
    indexed, quadrant = slides[5], slides[6]
    assert indexed.notes[:-1] == tuple(narrative.sentences(store, "9904", "sv"))
    assert indexed.notes[0].startswith("Anmälda brott i offentlig miljö i Hagaström")
    assert indexed.chart.data.columns[:3].tolist() == ["Mått", "Period", "Värde"]
    # The quadrant has every demo kommun, Hagaström among them.
    assert len(quadrant.chart.data) == 14 and "Hagaström" in quadrant.chart.data["Område"].tolist()
    assert quadrant.chart.title.startswith("Alla kommuner 2024")


def test_every_chart_slide_has_source_alt_text_and_data(slides):
    for slide in slides:
        if slide.kind == "chart":
            assert slide.chart.source_line.startswith("Källa: ") and "hämtad 2026-11-20" in slide.chart.source_line
            assert len(slide.chart.alt_text) > 40 and "Hagaström" in slide.chart.alt_text
            assert len(slide.chart.data) > 0


def test_key_figures_show_the_latest_values_with_län_and_riket(store, slides):
    crime, insecurity = slides[1].figures
    obs = store.observations[whole_years(store.observations)]   # the yearly figures, not Brå's months
    latest = obs[(obs["geo_code"] == "9904") & (obs["indicator_id"] == "N07540")].sort_values("period_end").iloc[-1]
    assert crime.value == fmt.number(latest["value"], 0)
    assert crime.label.endswith("2025 (preliminär)")
    assert "Exempellän: " in crime.comparisons and "Riket (exempel): " in crime.comparisons
    assert insecurity.value.endswith(f"{fmt.NBSP}%")


def test_sources_slides_give_definition_source_and_date_for_each_indicator(slides):
    entries = [line for s in slides[8:] for line in s.body]
    assert len(entries) == 5  # crime, otrygghet and the target's three categories
    assert all("Källa: " in e and "hämtad 2026-11-20" in e for e in entries)
    assert entries[0].startswith("Anmälda brott totalt, per 100 000 inv.: Samtliga anmälda brott")


def test_unknown_kommun_is_a_clear_error(store):
    with pytest.raises(LagesbildError) as info:
        deck.deck_context(store, "1234")
    assert "Okänd kommun '1234'" in info.value.message("sv")
    assert "9901 Ekbacka" in info.value.message("sv")


def test_interventions_slide_lists_the_kommuns_insatser_with_their_verdicts(store):
    [slide] = deck.interventions_slide(deck.deck_context(store, "9901", today=DAY))
    assert slide.title == "Insatser"
    # Ekbacka's two demo insatser, newest first: what changed, where and by how much with its interval
    # (the effects table's rate ratios 0,69 (0,51–0,92) and 1,16 (0,76–1,77); tests/test_est.py checks those).
    nb = fmt.NBSP
    assert slide.body == (
        "Trygghetsvandringar och ny belysning, Stationsområdet (1 april 2023): Händelserna minskade efter starten: "
        f"−31{nb}% (95 % KI −49 till −8{nb}%), jämfört över 27 månader före och 33 efter.",
        "Fältvärdar kvällstid, Hamnen (1 september 2022–31 augusti 2024): Ingen påvisbar förändring efter starten: "
        f"+16{nb}% (95 % KI −24 till +77{nb}%) rymmer både minskning och ökning (20 månader före, 24 efter).",
    )
    # The caveats travel with the figures, in the speaker notes.
    assert any(n.startswith("Grannområdena (Centrum, Hamnen, Norr, Söder) minskade också") for n in slide.notes)
    assert deck.interventions_slide(deck.deck_context(store, "9903", today=DAY)) == []  # Björkås has none


def test_logo_from_presentation_toml(tmp_path, store):
    Image.new("RGB", (200, 80), "#0072B2").save(tmp_path / "logga.png")
    (tmp_path / "presentation.toml").write_text('logo = "logga.png"\n', encoding="utf-8")
    ctx = deck.deck_context(store, "9904", today=DAY, data_dir=tmp_path)
    assert ctx.logo == (tmp_path / "logga.png").resolve()
    prs = Presentation(io.BytesIO(deck.deck_pptx(deck.title_slide(ctx), demo=False, logo=ctx.logo)))
    [logo] = [s for s in prs.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert logo.name == "Logotyp"
    assert "EXEMPELDATA" not in shape_texts(prs.slides[0])

    (tmp_path / "presentation.toml").write_text('logo = "saknas.png"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="saknas.png"):
        deck.presentation_config(tmp_path)


# --- the PowerPoint file ---------------------------------------------------------------------------

@needs_browser
def test_deck_reopens_16_9_with_titles_pictures_and_notes(demo_deck):
    assert demo_deck.slide_width * 9 == demo_deck.slide_height * 16
    assert [title_of(s) for s in demo_deck.slides] == TITLES_9904
    for i, slide in enumerate(demo_deck.slides):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == (1 if i in (2, 3, 4, 5, 6) else 0)
        for picture in pictures:
            assert picture.image.content_type == "image/png"
            assert Image.open(io.BytesIO(picture.image.blob)).size == (2000, 1000)
            assert picture._element.nvPicPr.cNvPr.get("descr")  # the text alternative
            assert any(s.name == "Källa" and s.text_frame.text.startswith("Källa: ") for s in slide.shapes)
        assert slide.has_notes_slide and len(slide.notes_slide.notes_text_frame.text) > 20
    notes = demo_deck.slides[1].notes_slide.notes_text_frame.text
    assert "I Hagaström var antalet anmälda brott per 100 000 invånare" in notes


@needs_browser
def test_demo_deck_has_exempeldata_on_every_slide_and_large_type(demo_deck):
    for slide in demo_deck.slides:
        assert "EXEMPELDATA" in shape_texts(slide)
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.name == "Källa":
                continue
            sizes = [r.font.size for p in shape.text_frame.paragraphs for r in p.runs]
            assert all(size >= (Pt(32) if shape.name == "Rubrik" else Pt(20)) for size in sizes), shape.text_frame.text


@needs_browser
def test_deck_of_real_data_has_no_demo_mark(store, image_server):
    real = dataclasses.replace(store, manifest={**store.manifest, "demo": False})
    prs = Presentation(io.BytesIO(deck.lagesbild_deck(deck.deck_context(real, "9901", today=DAY))))
    assert len(prs.slides) == 10  # Ekbacka: title, key figures, 2 targets, 3 charts, insatser, 2 × sources
    assert not any("EXEMPELDATA" in shape_texts(s) for s in prs.slides)
    assert not any("EXEMPELDATA" in s.notes_slide.notes_text_frame.text for s in prs.slides)


# --- the command line ------------------------------------------------------------------------------

@needs_browser
def test_cli_writes_the_deck(demo_dir, tmp_path, capsys):
    out = tmp_path / "ut" / "lagesbild.pptx"
    start = time.perf_counter()
    code = main(["deck", "--data-dir", str(demo_dir), "--kommun", "9901", "--out", str(out)])
    print(f"\npython -m lagesbild deck (cold browser): {time.perf_counter() - start:.1f} s")
    assert code == 0
    assert len(Presentation(str(out)).slides) == 10
    assert "lagesbild.pptx: Ekbacka" in capsys.readouterr().out


def test_cli_unknown_kommun_exits_1_with_a_message(demo_dir, tmp_path):
    out = tmp_path / "x.pptx"
    result = subprocess.run([sys.executable, "-m", "lagesbild", "deck", "--data-dir", str(demo_dir),
                             "--kommun", "1234", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("Fel: Okänd kommun '1234'")
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_cli_missing_store_exits_1(tmp_path, capsys):
    assert main(["deck", "--data-dir", str(tmp_path), "--kommun", "9901", "--out", str(tmp_path / "x.pptx")]) == 1
    assert "Datalagret finns inte" in capsys.readouterr().err


# --- Trygghetsbokslut as a deck --------------------------------------------------------------------

BOKSLUT_TITLES_9901 = [
    "Trygghetsbokslut 2025 – Ekbacka",
    "Årets siffror 2025 mot året före (1/2)",
    "Årets siffror 2025 mot året före (2/2)",
    "Brott i offentlig miljö ska minska 2020–2023 jämfört med 2016–2019",
    "Brott i offentlig miljö ska minska 2024–2027 jämfört med 2020–2023",
    "Årets insatser",
    "Källor och definitioner (1/2)",
    "Källor och definitioner (2/2)",
]


def test_bokslut_slides_hold_the_years_figures_every_target_and_the_years_insatser(store):
    slides = deck.bokslut_slides(deck.deck_context(store, "9901", today=DAY), 2025)
    assert [s.title for s in slides] == BOKSLUT_TITLES_9901
    figures = [line for s in slides[1:3] for line in s.body]
    # Ekbacka's skadegörelse in the demo's database export: 863,8 in 2025 (prel.) against 890,6 in 2024, −3,0 %.
    assert f"Anmälda brott om skadegörelse, per 100 000 inv.: 864 (preliminär) (2024: 891; −3,0{fmt.NBSP}%)" in figures
    assert all(s.source.startswith("Källa: ") for s in slides[1:3])
    assert slides[3].body[0].startswith("Målet är uppnått: −19")
    assert slides[5].body == ("Trygghetsvandringar och ny belysning · Stationsområdet · 2023-04-01 · minskade · "
                              f"förändring efter start −31{fmt.NBSP}% (95 % KI −49 till −8{fmt.NBSP}%)",)
    earlier = deck.bokslut_slides(deck.deck_context(store, "9904", today=DAY), 2022)
    assert [s.body for s in earlier if s.title == "Årets insatser"] == [("Inga insatser pågick under 2022.",)]


@needs_browser
def test_bokslut_deck_reopens_with_exempeldata_on_every_slide(store, image_server):
    prs = Presentation(io.BytesIO(deck.trygghetsbokslut_deck(deck.deck_context(store, "9901", today=DAY), 2025)))
    assert [title_of(s) for s in prs.slides] == BOKSLUT_TITLES_9901
    assert all("EXEMPELDATA" in shape_texts(s) for s in prs.slides)
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 2  # the two targets' charts
    assert any(s.name == "Källa" for s in prs.slides[1].shapes)
