"""Every chart's downloads (pages/_shared.show_chart), the presentation page and the colours' contrast."""
import io
import shutil
import struct
import xml.etree.ElementTree as ET

import openpyxl
import pandas as pd
import pytest

from lagesbild import charts, deck, export, figures, fmt, theme, views
from lagesbild.store import read_store
from pages import _shared
from tests.test_app import run_app
from tests.test_export import needs_browser

SOURCE = "Källa: Brå via Kolada, hämtad 2026-11-20"


@pytest.fixture(scope="module")
def store(demo_dir):
    return read_store(demo_dir)


@pytest.fixture(scope="module")
def crime_chart(store):
    crime, insecurity = (figures.indicator_lines(store, "9901", ["99", "0000"], i, "sv") for i in (views.CRIME, views.INSECURITY))
    return crime.figure, pd.concat([crime.data, insecurity.data], ignore_index=True)


@needs_browser
def test_chart_images_at_presentation_size(crime_chart):
    export.start_image_server()
    try:
        images = export.chart_images(crime_chart[0], title="Brott och otrygghet – Ekbacka", source_line=SOURCE, demo=True)
    finally:
        export.stop_image_server()
    assert list(images) == ["png", "svg", "pdf"]
    png = images["png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (3200, 1800)
    svg = ET.fromstring(images["svg"])
    assert svg.get("width") == "1600" and svg.get("height") == "900"
    text = "".join(svg.itertext())
    assert "Brott och otrygghet – Ekbacka" in text and SOURCE in text and "EXEMPELDATA" in text
    assert "12 000" in text.replace(fmt.NBSP, " ")  # Swedish thousands separator on the axis
    assert images["pdf"].startswith(b"%PDF") and images["pdf"].rstrip().endswith(b"%%EOF")


def test_long_source_line_is_wrapped_inside_the_image():
    line = "Källa: " + "; ".join(f"Brå, Anmälda brott kommunerna 2012–2025 (hämtad 2026-11-2{i})" for i in range(4))
    fig = export.figure_for_export(charts.go.Figure(), title="T", source_line=line, demo=True, width=1000)
    [note] = [a for a in fig.layout.annotations if a.name == export.SOURCE_ANNOTATION]
    rows = note.text.split("<br>")
    assert len(rows) >= 3 and all(len(r) <= 1000 / 8.5 for r in rows)
    assert "".join(rows).replace(" ", "") == f"{line}|{export.DEMO_TEXT}".replace(" ", "")  # nothing lost
    assert fig.layout.margin.b == 150 + 20 * (len(rows) - 1)


def test_chart_csv_round_trips_with_pandas_and_carries_marks(crime_chart):
    data = crime_chart[1]
    raw = export.chart_csv(data, source_line=SOURCE, demo=True)
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig", dtype={"Kod": str})
    assert list(back.columns) == ["Märkning", *data.columns, "Källa (diagram)"]
    assert set(back["Märkning"]) == {"EXEMPELDATA – fiktiva siffror"} and set(back["Källa (diagram)"]) == {SOURCE}
    pd.testing.assert_series_equal(back["Värde"], data["Värde"], check_names=False)
    row = back[(back["Kod"] == "9901") & (back["Period"] == "2025") & (back["Indikator"].str.startswith("Anmälda"))]
    assert row["Värde"].tolist() == [13873.0] and row["Status"].tolist() == ["preliminär"]
    assert b";13873,0;" in raw  # decimal comma in the file itself
    ci = back[back["95 % KI, nedre"].notna()]
    assert len(ci) and (ci["95 % KI, nedre"] <= ci["Värde"]).all() and (ci["Värde"] <= ci["95 % KI, övre"]).all()


def test_chart_xlsx_has_demo_banner_and_source(crime_chart):
    ws = openpyxl.load_workbook(io.BytesIO(export.table_xlsx(crime_chart[1], source_line=SOURCE, demo=True))).active
    assert ws["A1"].value == "EXEMPELDATA – fiktiva siffror"
    assert ws["A2"].value == "Område" and ws["E2"].value == "Värde"
    assert SOURCE in [c.value for row in ws.iter_rows() for c in row]


def test_text_colours_meet_wcag_aa_contrast():
    assert theme.contrast_ratio("#000000") == pytest.approx(21)
    assert theme.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)  # the well-known AA threshold grey
    for colour in (theme.TEXT, theme.MUTED, theme.DEMO_RED, theme.KOMMUN):  # text on slides and screens
        assert theme.contrast_ratio(colour) >= 4.5, colour
    for colour in (theme.LAN, theme.RIKET, *theme.OTHERS[:3]):  # lines: 3:1 for graphics (WCAG 1.4.11)
        assert theme.contrast_ratio(colour) >= 3, colour


# --- the pages -----------------------------------------------------------------------------------

def texts(at) -> str:
    return " ".join(m.value for m in at.markdown)


def test_lagesbild_page_offers_data_downloads_and_image_preparation(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9904")
    downloads = at.get("download_button")
    assert len(downloads) == 8  # CSV + Excel for the crime chart, the insecurity chart and each target's chart
    assert at.button(key="N07540_9904_prepare").label == "Förbered bild"
    # The text alternative names the chart for a screen reader (the browser tests); it is not printed under it.
    assert not any(c.value.startswith("Textalternativ") for c in at.caption)


def test_missing_browser_is_a_warning_and_the_page_stays(demo_dir, monkeypatch):
    def no_browser(*args, **kwargs):
        raise export.BrowserMissingError("Bildexport kräver webbläsaren Chromium: installera den med `apt-get install chromium`")

    monkeypatch.setattr(export, "chart_images", no_browser)
    monkeypatch.setattr(_shared, "_image_server", lambda: True)
    at = run_app(demo_dir, monkeypatch, "9904")
    at.button(key="N07540_9904_prepare").click().run()
    assert not at.exception
    assert any("Bilden kunde inte skapas" in w.value and "apt-get install chromium" in w.value for w in at.warning)
    assert len(at.metric) == 2 and len(at.get("plotly_chart")) == 4  # the rest of the page is unaffected


def test_skapa_presentation_failure_is_a_warning(demo_dir, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(demo_dir, data)
    (data / "mall.pptx").write_bytes(b"inte en PowerPoint-fil")  # presentation.toml names a broken template
    (data / "presentation.toml").write_text('template = "mall.pptx"\n', encoding="utf-8")
    at = run_app(data, monkeypatch, "9901")
    at.button(key="make_deck").click().run()
    assert any("Presentationen kunde inte skapas: Mallen" in w.value and "mall.pptx" in w.value for w in at.warning)
    assert len(at.metric) == 2


def test_skapa_presentation_offers_the_pptx(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9901")
    at.button(key="make_deck").click().run()
    assert not at.exception and not [w for w in at.warning if "Presentationen" in w.value]
    [button] = [b for b in at.get("download_button") if b.proto.label.startswith("Ladda ned presentationen")]
    assert button.proto.url  # the file is served


def test_presentation_mode_next_and_previous(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9904", page="pages/presentation.py")
    total = len(deck.build_slides(deck.deck_context(read_store(demo_dir), "9904", comparisons=["99", "0000"])))
    assert at.title[0].value == "Hagaström"
    assert f"Bild 1 av {total}" in texts(at) and at.button(key="presentation_prev").disabled
    assert "stSidebar" in texts(at) and "display: none" in texts(at)  # no sidebar on this page

    at.button(key="presentation_next").click().run()
    assert at.title[0].value == "Nyckeltal" and f"Bild 2 av {total}" in texts(at)
    assert "Anmälda brott per 100 000 inv., 2025 (preliminär)" in texts(at)
    at.button(key="presentation_next").click().run()
    assert at.title[0].value.startswith("Brott i offentlig miljö ska minska 2020–2023")
    assert "Målet är uppnått" in texts(at) and len(at.get("plotly_chart")) == 1
    at.button(key="presentation_prev").click().run()
    assert at.title[0].value == "Nyckeltal"
