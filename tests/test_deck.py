"""Skapa presentation: the slide content model, the PowerPoint file and `python -m lagesbild deck`."""
import dataclasses
import io
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches, Pt

from lagesbild import analysis, charts, deck, fmt, narrative, pptx_charts, theme
from lagesbild.__main__ import main
from lagesbild.errors import ConfigError, LagesbildError
from lagesbild.store import read_store
from lagesbild.targets import whole_years
from tests.conftest import FIXTURES, ROOT

DAY = date(2026, 11, 20)
TITLES_9904 = [
    "Hagaström",
    "Nyckeltal",
    "Brott i offentlig miljö ska minska 2020–2023 jämfört med 2016–2019",
    "Brott i offentlig miljö ska minska 2024–2027 jämfört med 2020–2023",
    "Anmälda brott totalt, per 100 000 inv. – Hagaström",
    "NTU – otrygga ute sen kväll i sitt bostadsområde, andel (%) – Hagaström",
    "Faktisk och upplevd, index – Hagaström",
    "Alla kommuner 2024: anmälda brott och otrygghet (2023–2024)",
    "Anmälda brott totalt, per 100 000 inv., 2025 (preliminärt): alla kommuner",
    "Insats: Vuxennärvaro helgkvällar, Norra",
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
def demo_deck(store):
    return Presentation(io.BytesIO(deck.lagesbild_deck(deck.deck_context(store, "9904", today=DAY))))


def shape_texts(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def title_of(slide) -> str:
    # a number keeps together on a slide (100\xa0000); the titles are compared as read
    return next(s.text_frame.text for s in slide.shapes if s.name == "Rubrik").replace("\xa0", " ")


# --- the content model (no browser needed) ------------------------------------------------------

def test_slides_in_order_with_the_targets_verdicts(slides):
    assert [s.title for s in slides] == TITLES_9904
    assert [s.kind for s in slides] == ["title", "figures", *["chart"] * 8, "text", "text", "text"]
    assert slides[0].body == ("Lägesbild: brott och trygghet", "20 november 2026")
    met = slides[2]
    # Hagaström's yearly counts in the demo store: 2016–2019 sum to 1 827, 2020–2023 to 1 447; adjusted for
    # population the rate ratio is 0,78 (95 % KI 0,73–0,84): −22 %. The slide says that one number; the raw
    # counts' −21 % is not a second one (counts appear as counts, in the notes).
    nb = fmt.NBSP
    assert met.body == (f"Målet är uppnått: −22{nb}% (95 % KI −27 till −16{nb}%) 2020–2023 jämfört med 2016–2019, "
                        "justerat för befolkningen.",)
    assert met.source == "Bedömt på våldsbrott utomhus mot vuxna, personrån och skadegörelse."   # at its foot
    assert f"Antal anmälda brott: 1{nb}827 under 2016–2019 och 1{nb}447 under 2020–2023." in met.notes
    assert not any("21" in line for line in (*met.body, *met.notes))
    table = met.chart.data
    assert table.loc[table["Period"] == "Jämförelseperiod", "Anmälda brott"].sum() == 1827
    assert table.loc[table["Period"] == "Målperiod", "Anmälda brott"].sum() == 1447
    assert slides[3].body[0].startswith("Målperioden pågår")


def test_measured_vs_perceived_and_quadrant_slides_speak_in_the_narratives_sentences(store, slides):
    indexed, quadrant = slides[6], slides[7]
    assert indexed.notes == tuple(narrative.sentences(store, "9904", "sv"))
    assert indexed.notes[0].startswith("Anmälda brott i offentlig miljö i Hagaström")
    assert indexed.chart.data.columns[:3].tolist() == ["Mått", "Period", "Värde"]
    # The quadrant has every demo kommun, Hagaström among them.
    assert len(quadrant.chart.data) == 14 and "Hagaström" in quadrant.chart.data["Område"].tolist()
    assert quadrant.chart.title.startswith("Alla kommuner 2024")


def test_every_chart_slide_has_source_alt_text_and_data(slides):
    for slide in slides:
        if slide.kind == "chart":
            assert slide.chart.source_line.startswith("Källa: ") and "hämtad 2026-11-20" in slide.chart.source_line
            assert len(slide.chart.alt_text) > 40
            assert ("Norra" if slide.title.startswith("Insats") else "Hagaström") in slide.chart.alt_text
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
    entries = [line for s in slides[11:] for line in s.body]
    assert len(entries) == 5  # crime, otrygghet and the target's three categories
    assert all("Källa: " in e and "hämtad 2026-11-20" in e for e in entries)
    assert entries[0].startswith("Anmälda brott totalt, per 100 000 inv.: Samtliga anmälda brott")


def test_unknown_kommun_is_a_clear_error(store):
    with pytest.raises(LagesbildError) as info:
        deck.deck_context(store, "1234")
    assert "Okänd kommun '1234'" in info.value.message("sv")
    assert "9901 Ekbacka" in info.value.message("sv")


def test_each_insats_has_a_slide_with_its_chart_and_its_effect_against_the_expected_level(store):
    slides = deck.interventions_slides(deck.deck_context(store, "9901", today=DAY))
    assert [s.title for s in slides] == ["Insats: Trygghetsvandringar och ny belysning, Stationsområdet",
                                         "Insats: Fältvärdar kvällstid, Hamnen"]
    # Ekbacka's two demo insatser, newest first: what changed and by how much with its interval, against what
    # (the effects table's rate ratios 0,69 (0,51–0,92) and 1,16 (0,76–1,77); tests/test_est.py checks those).
    nb = fmt.NBSP
    assert slides[0].body[0] == (f"Händelserna minskade efter starten: −31{nb}% (95 % KI −49 till −8{nb}%) mot den nivå som "
                                 "var väntad utan insatsen, justerat för trend och säsong (10,2 per månad mot väntade 14,9; "
                                 "27 månader före, 33 efter).")
    # The caveat that qualifies it travels with it on the slide (issue 27), where the chart leaves room.
    assert slides[0].body[1].startswith("Grannområdena (Centrum, Hamnen, Norr, Söder) minskade också efter starten")
    # Hamnen's plain means fell (15,95 → 14,7 a month) while the adjusted change is +16 %: one sentence says both,
    # and the chart draws the level it is measured against: 14,71 / 1,163 = 12,6 a month.
    assert slides[1].body[0] == ("Rakt av sjönk händelserna från 15,9 till 14,7 per månad i snitt, men utan insatsen väntades "
                                 f"12,6, justerat för trend och säsong: +16{nb}% (95 % KI −24 till +77{nb}%) mot den väntade "
                                 "nivån – ingen säkerställd förändring (20 månader före, 24 efter).")
    assert slides[1].body[1].startswith("Toppen före starten")
    names = [tr.name for tr in slides[1].chart.figure.data]
    assert names == ["Hamnen", "Snitt före start (15,9)", "Snitt efter start (14,7)", "Väntat utan insatsen (12,6)"]
    # The caveats travel with the figures, in the speaker notes.
    assert any(n.startswith("Grannområdena (Centrum, Hamnen, Norr, Söder) minskade också") for n in slides[0].notes)
    assert slides[0].notes[0] == "2 insatser i kommunen sedan 2022."
    assert deck.interventions_slides(deck.deck_context(store, "9903", today=DAY)) == []  # Björkås has none


def test_an_insats_too_new_to_judge_is_listed_on_a_text_slide(store):
    slides = deck.interventions_slides(deck.deck_context(store, "9904", today=DAY))
    assert [s.kind for s in slides] == ["chart", "text"]
    assert slides[1].body == ("Ny belysning i Åparken, Ån (1 september 2025): För tidigt att bedöma: 4 månader med data "
                              "efter starten, minst 6 behövs.",)


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


# --- the PowerPoint file: native charts ---------------------------------------------------------

def charts_of(slide) -> list:
    """The slide's native charts (graphic frames with a chart), also those grouped side by side."""
    shapes = [s for shape in slide.shapes for s in (shape.shapes if shape.shape_type == MSO_SHAPE_TYPE.GROUP else [shape])]
    return [s.chart for s in shapes if s.has_chart]


def series_of(chart) -> dict:
    return {s.name: s for plot in chart.plots for s in plot.series}


def colour_of(element, path: str) -> str | None:
    """The srgbClr of the first match of an XPath under a series', a point's or a marker's element."""
    found = element.xpath(path + "//a:srgbClr/@val")
    return f"#{found[0]}" if found else None


def test_deck_reopens_16_9_with_titles_native_charts_and_notes(demo_deck, slides):
    assert demo_deck.slide_width * 9 == demo_deck.slide_height * 16
    assert [title_of(s) for s in demo_deck.slides] == TITLES_9904
    for slide, content in zip(demo_deck.slides, slides):
        assert not [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]  # no chart images
        charts = charts_of(slide)
        assert bool(charts) == (content.kind == "chart")
        if charts:
            [frame] = [s for s in slide.shapes if s.name == "Diagram"]
            assert frame._element[0][0].get("descr") == content.chart.alt_text  # PowerPoint's Alt Text
            # One chart a slide, at least half the slide tall and nearly as wide: legible from the back of the room.
            assert len(charts) == 1 and frame.height >= demo_deck.slide_height / 2, (content.title, frame.height)
            assert frame.width >= 0.9 * demo_deck.slide_width
            assert any(s.name == "Källa" and s.text_frame.text.endswith(content.chart.source_line) for s in slide.shapes)
        assert slide.has_notes_slide and len(slide.notes_slide.notes_text_frame.text) > 20
    notes = demo_deck.slides[1].notes_slide.notes_text_frame.text
    assert "I Hagaström var antalet anmälda brott per 100 000 invånare" in notes


def test_target_bars_are_the_yearly_counts_grey_then_blue_with_the_baseline_average(demo_deck):
    [chart] = charts_of(demo_deck.slides[2])
    assert list(chart.plots[0].categories) == [str(year) for year in range(2016, 2024)]
    counted = series_of(chart)["Anmälda brott (antal)"]
    # The slide's own sums (test_slides_in_order_with_the_targets_verdicts): 1 827 and 1 447 crimes.
    assert sum(counted.values[:4]) == 1827 and sum(counted.values[4:]) == 1447
    assert counted.values[0] == 489  # Hagaström 2016 in the demo store
    bars = [colour_of(counted._element, f"c:dPt[c:idx/@val={i}]/c:spPr") for i in range(8)]
    assert bars == [charts.GREY] * 4 + [theme.KOMMUN] * 4
    average = series_of(chart)["Snitt 2016–2019"]  # a line over the bars: a combo chart
    assert average._element.getparent().tag.endswith("lineChart")
    assert set(average.values) == {1827 / 4}  # 456,75
    assert colour_of(average._element, "c:spPr/a:ln") == theme.LAN
    assert average._element.xpath("c:spPr/a:ln/a:prstDash/@val") == ["dash"]
    assert chart.value_axis.tick_labels.number_format == "[>=1000000]# ### ##0;# ##0"


def test_a_pending_targets_projection_carries_its_interval_and_the_preliminary_year_is_hatched(store, demo_deck):
    [chart] = charts_of(demo_deck.slides[3])
    counted, projected = series_of(chart)["Anmälda brott (antal)"], series_of(chart)["Prognos per år (95 %)"]
    # Hagaström's 2024–2027 target has 2024 so far (violence outdoors and personrån are final to 2024).
    assert list(chart.plots[0].categories)[-3:] == ["2025", "2026", "2027"]
    assert counted.values[-3:] == (None,) * 3 and projected.values[:-3] == (None,) * 5
    assert projected._element.xpath("c:errBars/c:errValType/@val") == ["cust"]
    assert len(projected._element.xpath("c:errBars/c:plus//c:pt")) == 3  # 2025, 2026 and 2027, each its own interval
    each = analysis.target_chart(store, "9904", analysis.targets_of(store)[1]).projection.per_year[2025]
    plus = projected._element.xpath("c:errBars/c:plus//c:pt/c:v/text()")
    assert float(plus[0]) == pytest.approx(each.high - each.expected)
    assert not counted._element.xpath("c:dPt/c:spPr/a:pattFill")        # no preliminary year among them
    # The same chart with 2024 preliminary: its bar is hatched.
    goal = analysis.targets_of(store)[1]
    chart_data = analysis.target_chart(store, "9904", goal)
    yearly = chart_data.yearly.assign(preliminary=chart_data.yearly["year"] == 2024)
    figure = charts.target_bars(yearly, goal.baseline, goal.target, chart_data.baseline_average, chart_data.projection)
    prs = Presentation()
    pptx_charts.add_figure(prs.slides.add_slide(prs.slide_layouts[6]).shapes, figure, 0, 0, Inches(10), Inches(5),
                           alt_text="", name="mål")
    [hatched] = charts_of(prs.slides[0])
    bars = series_of(hatched)["Anmälda brott (antal)"]
    assert bars._element.xpath("c:dPt[c:idx/@val=4]/c:spPr/a:pattFill")  # 2024: the fifth of 2020–2027


def test_crime_and_insecurity_lines_are_the_stores_values_with_a_gap_at_the_series_break(store, demo_deck):
    [crime], [insecurity] = charts_of(demo_deck.slides[4]), charts_of(demo_deck.slides[5])
    obs = store.observations[whole_years(store.observations)]   # the yearly figures, not Brå's months
    rows = obs[(obs["geo_code"] == "9904") & (obs["indicator_id"] == "N07540")].sort_values("period_start")
    kommun, lan, riket = (series_of(crime)[n] for n in ("Hagaström", "Exempellän", "Riket (exempel)"))
    assert list(kommun.values) == rows["value"].tolist()  # 13 016,1 in 2012 … 11 907,8 in 2025
    assert kommun._element.xpath("c:xVal//c:v/text()")[0] == "2012"
    assert colour_of(kommun._element, "c:spPr/a:ln") == theme.KOMMUN
    assert colour_of(lan._element, "c:spPr/a:ln") == theme.LAN and colour_of(riket._element, "c:spPr/a:ln") == theme.RIKET
    assert kommun.format.line.width > lan.format.line.width  # the kommun thick, län and riket dashed
    assert lan._element.xpath("c:spPr/a:ln/a:prstDash/@val") == ["dash"]
    # 2025 is preliminary: an open mark (white inside, the line's colour around)
    assert colour_of(kommun._element, "c:dPt[c:idx/@val=13]/c:marker/c:spPr/a:solidFill") == "#FFFFFF"
    assert crime.value_axis.tick_labels.number_format == "[>=1000000]# ### ##0;# ##0"
    # NTU: 2012, 2014, 2016 | 2018 … 2024, no line across 2017 (an empty point), the break drawn and named.
    own = series_of(insecurity)["Hagaström"]
    assert own._element.xpath("c:xVal//c:v/text()")[:5] == ["2012", "2014", "2016", "2017.0", "2018"]
    assert own.values[3] is None and chart_xml(insecurity).count("<c:dispBlanksAs val=\"gap\"/>") == 1
    assert own._element.xpath("c:errBars/c:errDir/@val") == ["y"]  # the survey's CIs
    assert set(series_of(insecurity)["Seriebrott 2017: NTU:s nya metod"]._element.xpath("c:xVal//c:v/text()")) == {"2016.5"}
    assert insecurity.value_axis.axis_title.text_frame.text.startswith("Otrygga")


def chart_xml(chart) -> str:
    from lxml import etree
    return etree.tostring(chart._chartSpace).decode()


def test_indexed_lines_and_the_quadrant(store, demo_deck, slides):
    [indexed] = charts_of(demo_deck.slides[6])
    recorded = series_of(indexed)["Anmälda brott i offentlig miljö per 100 000 invånare"]
    table = slides[6].chart.data
    index = table.loc[table["Mått"] == recorded.name, "Index (jämförelseperiod = 100)"]
    assert list(recorded.values) == pytest.approx(index.tolist(), abs=0.05)  # the table has one decimal
    hundred = [s for s in series_of(indexed).values() if set(s.values) == {100}]
    assert len(hundred) == 1  # the baseline line at 100
    [quadrant] = charts_of(demo_deck.slides[7])
    others, own = series_of(quadrant)["Övriga kommuner"], series_of(quadrant)["Hagaström"]
    assert len(others.values) == 13 and own.values == (20.4,)  # Hagaström's share unsafe, 2023–2024
    assert own._element.xpath("c:xVal//c:v/text()") == ["11810.8"]  # its crime rate 2024
    assert colour_of(own._element, "c:marker/c:spPr/a:solidFill") == theme.KOMMUN
    assert colour_of(others._element, "c:marker/c:spPr/a:solidFill") == charts.GREY
    assert not quadrant.has_legend


def test_chart_text_is_at_least_18_pt_with_the_legend_below(demo_deck):
    for slide in demo_deck.slides:
        for chart in charts_of(slide):
            assert chart.font.size >= Pt(18)
            sizes = [int(v) for v in chart._chartSpace.xpath(".//a:defRPr/@sz | .//a:rPr/@sz")]
            assert sizes and min(sizes) >= 1800
            if chart.has_legend:
                assert chart.legend.position == XL_LEGEND_POSITION.BOTTOM


def test_demo_deck_has_exempeldata_on_every_slide_and_large_type(demo_deck):
    for slide in demo_deck.slides:
        assert "EXEMPELDATA" in shape_texts(slide)
        for shape in slide.shapes:
            if not shape.has_text_frame or shape.name == "Källa":
                continue
            sizes = [r.font.size for p in shape.text_frame.paragraphs for r in p.runs]
            assert all(size >= (Pt(32) if shape.name == "Rubrik" else Pt(20)) for size in sizes), shape.text_frame.text


def test_deck_of_real_data_has_no_demo_mark(store):
    real = dataclasses.replace(store, manifest={**store.manifest, "demo": False})
    prs = Presentation(io.BytesIO(deck.lagesbild_deck(deck.deck_context(real, "9901", today=DAY))))
    assert len(prs.slides) == 13  # Ekbacka: title, key figures, 2 targets, 5 charts, 2 insatser, 2 × sources
    assert not any("EXEMPELDATA" in shape_texts(s) for s in prs.slides)
    assert not any("EXEMPELDATA" in s.notes_slide.notes_text_frame.text for s in prs.slides)


# --- the kommun's own template ---------------------------------------------------------------------

MALL = FIXTURES / "presentation" / "mall.pptx"  # written by make_mall.py: 4:3, Swedish layout names


def with_template(directory, name: str = "mall.pptx", content: bytes | None = None):
    (directory / name).write_bytes(MALL.read_bytes() if content is None else content)
    (directory / "presentation.toml").write_text(f'template = "{name}"\n', encoding="utf-8")
    return directory


def test_deck_in_the_kommuns_template_uses_its_master_layouts_and_size(tmp_path, store):
    ctx = deck.deck_context(store, "9904", today=DAY, data_dir=with_template(tmp_path))
    assert ctx.template == (tmp_path / "mall.pptx").resolve()
    prs = Presentation(io.BytesIO(deck.lagesbild_deck(ctx)))
    assert (prs.slide_width, prs.slide_height) == (Inches(10), Inches(7.5))  # the template's 4:3
    assert [s.name for s in prs.slide_master.shapes if not s.is_placeholder] == ["Kommunens färgband"]
    assert [title_of(s) for s in prs.slides] == TITLES_9904  # the template's example slide is gone
    assert [s.slide_layout.name for s in prs.slides] == ["Rubrikbild"] + ["Endast rubrik"] * 12
    for slide in prs.slides:
        title = slide.shapes.title  # the layout's title placeholder: the template's colour, our size
        assert title.name == "Rubrik" and title.text_frame.paragraphs[0].runs[0].font.color.type is None
        assert not [ph for ph in slide.placeholders if not ph.text_frame.text]  # no empty "Click to add text"
        for shape in slide.shapes:  # everything placed on the template's slide
            assert shape.left >= 0 and shape.left + shape.width <= prs.slide_width, shape.name
            assert shape.top >= 0 and shape.top + shape.height <= prs.slide_height - Inches(0.25), shape.name
    assert len(charts_of(prs.slides[4])) == 1 and "Lägesbild: brott och trygghet" in shape_texts(prs.slides[0])


def test_a_potx_template_is_read_too(tmp_path, store):
    with zipfile.ZipFile(MALL) as pptx, zipfile.ZipFile(tmp_path / "mall.potx", "w") as potx:
        for item in pptx.infolist():  # what PowerPoint's "Save as template" changes
            content = pptx.read(item)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"presentation.main+xml", b"template.main+xml")
            potx.writestr(item, content)
    (tmp_path / "presentation.toml").write_text('template = "mall.potx"\n', encoding="utf-8")
    prs = Presentation(io.BytesIO(deck.lagesbild_deck(deck.deck_context(store, "9904", today=DAY, data_dir=tmp_path))))
    assert prs.slides[1].slide_layout.name == "Endast rubrik"


def test_missing_or_unreadable_template_is_a_config_error_naming_it(tmp_path, store):
    (tmp_path / "presentation.toml").write_text('template = "saknas.pptx"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="saknas.pptx"):
        deck.presentation_config(tmp_path)
    ctx = deck.deck_context(store, "9904", today=DAY, data_dir=with_template(tmp_path, "trasig.pptx", b"inte en zip"))
    with pytest.raises(ConfigError) as info:
        deck.lagesbild_deck(ctx)
    assert "Mallen " in info.value.message("sv") and "trasig.pptx" in info.value.message("sv")


# --- the command line ------------------------------------------------------------------------------

def test_cli_writes_the_deck(demo_dir, tmp_path, capsys):
    out = tmp_path / "ut" / "lagesbild.pptx"
    code = main(["deck", "--data-dir", str(demo_dir), "--kommun", "9901", "--out", str(out)])
    assert code == 0
    assert len(Presentation(str(out)).slides) == 13
    assert "lagesbild.pptx: Ekbacka" in capsys.readouterr().out


# Any attempt to find or start a browser ends the run: the deck must not need one.
WITHOUT_A_BROWSER = """
import sys
import kaleido
from choreographer.browsers.chromium import Chromium

def no_browser(*args, **kwargs):
    raise SystemExit("a browser was looked for")

Chromium.find_browser = staticmethod(no_browser)
kaleido.Kaleido.__init__ = no_browser
from lagesbild.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_cli_makes_the_deck_without_chromium(demo_dir, tmp_path):
    out = tmp_path / "lagesbild.pptx"
    env = {**os.environ, "PATH": str(Path(sys.executable).parent), "BROWSER_PATH": str(tmp_path / "ingen-chromium")}
    result = subprocess.run([sys.executable, "-c", WITHOUT_A_BROWSER, "deck", "--data-dir", str(demo_dir),
                             "--kommun", "9904", "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(out))
    assert [len(charts_of(s)) for s in prs.slides] == [0, 0, *[1] * 8, 0, 0, 0]  # one chart a slide: 2 targets, crime,
    # insecurity, indexed, quadrant, the funnel, an insats


def test_cli_names_an_unreadable_template(demo_dir, tmp_path, capsys):
    data = tmp_path / "data"
    shutil.copytree(demo_dir, data)
    with_template(data, "mall.pptx", b"inte en PowerPoint-fil")
    assert main(["deck", "--data-dir", str(data), "--kommun", "9901", "--out", str(tmp_path / "x.pptx")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fel: Mallen ") and str(data / "mall.pptx") in err
    assert not (tmp_path / "x.pptx").exists()


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


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("kommun", ["9901", "9903", "9905", "9914"])
def test_every_chart_slide_is_one_chart_at_least_half_the_slide_with_large_text(store, kommun, lang):
    """From the back of the room (issue 26): one chart a slide, its frame at least half the slide's height and
    90 % of its width, every chart text ≥ 18 pt and the message above it ≥ 20 pt, for kommuner of every data shape."""
    prs = Presentation(io.BytesIO(deck.lagesbild_deck(deck.deck_context(store, kommun, lang=lang, today=DAY))))
    for slide in prs.slides:
        frames = [s for s in slide.shapes if s.has_chart]
        if not frames:
            continue
        [frame] = frames
        assert frame.height >= prs.slide_height / 2 and frame.width >= 0.9 * prs.slide_width, title_of(slide)
        sizes = [int(v) for v in frame.chart._chartSpace.xpath(".//a:defRPr/@sz | .//a:rPr/@sz")]
        assert min(sizes) >= 1800
        for shape in slide.shapes:
            if shape.has_text_frame and shape.name not in ("Källa", "Rubrik"):
                assert all(r.font.size >= Pt(20) for p in shape.text_frame.paragraphs for r in p.runs), shape.text_frame.text
