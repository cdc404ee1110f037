import io
import math
import shutil
import struct
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import choreographer.cli
from choreographer.cli import _cli_utils
import kaleido
import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest

from lagesbild import export as ex

TITLE = "Anmälda brott per 100 000 invånare"
SOURCE = "Källa: Brå via Kolada, hämtad 2026-11-20"
NBSP = "\u00a0"

needs_browser = pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists() and shutil.which("chromium") is None,
    reason="Chromium saknas: bildexport kan inte testas (apt-get install -y chromium)",
)


@pytest.fixture
def fig():
    f = go.Figure(go.Bar(x=["Inbrott", "Rån", "Skadegörelse"], y=[1234.5, 88.0, 410.25]))
    f.update_layout(title="Appens titel", xaxis_title="Brottstyp", yaxis_title="Antal")
    return f


@pytest.fixture
def warm_server():
    ex.start_image_server()
    yield
    ex.stop_image_server()


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# --- figure_for_export ------------------------------------------------------


def test_figure_for_export_copies_and_marks(fig):
    before = fig.to_dict()
    out = ex.figure_for_export(fig, title=TITLE, source_line=SOURCE, demo=True)

    assert fig.to_dict() == before
    assert out is not fig
    assert out.layout.title.text == TITLE
    assert out.layout.title.font.size >= 24
    notes = {a.name: a for a in out.layout.annotations}
    source = notes[ex.SOURCE_ANNOTATION]
    assert SOURCE in source.text and "EXEMPELDATA – fiktiva siffror" in source.text
    assert (source.xref, source.yref, source.x, source.xanchor) == ("paper", "paper", 0, "left")
    assert source.yshift < 0 and out.layout.margin.b >= 120
    assert "EXEMPELDATA" in notes[ex.DEMO_ANNOTATION].text


def test_long_title_wraps_before_the_demo_mark(fig):
    title = "Alla kommuner 2024: anmälda brott och otrygghet (2023–2024)"
    # 1000 px wide, 400 px kept for the badge: 40 characters of 30 px type on the first line.
    out = ex.figure_for_export(fig, title=title, source_line=SOURCE, demo=True, width=1000)
    assert out.layout.title.text == "Alla kommuner 2024: anmälda brott och<br>otrygghet (2023–2024)"
    assert out.layout.margin.t >= 110 + 36
    assert ex.figure_for_export(fig, title=title, source_line=SOURCE, demo=False).layout.title.text == title


def test_figure_for_export_without_demo_has_no_mark(fig):
    out = ex.figure_for_export(fig, title=TITLE, source_line=SOURCE, demo=False)
    texts = [a.text for a in out.layout.annotations]
    assert texts == [SOURCE]
    assert not any("EXEMPELDATA" in t for t in texts)


# --- figure_image -----------------------------------------------------------


def test_invalid_format_is_value_error(fig):
    with pytest.raises(ValueError):
        ex.figure_image(fig, "jpg", title=TITLE, source_line=SOURCE, demo=False)


@needs_browser
@pytest.mark.parametrize("scale", [1, 2])
def test_png_has_requested_pixel_size(fig, warm_server, scale):
    data = ex.figure_image(
        fig, "png", title=TITLE, source_line=SOURCE, demo=False, width=800, height=450, scale=scale
    )
    assert _png_size(data) == (800 * scale, 450 * scale)


@needs_browser
def test_svg_is_xml_with_title_and_demo_mark(fig, warm_server):
    data = ex.figure_image(fig, "svg", title=TITLE, source_line=SOURCE, demo=True)
    root = ET.fromstring(data)
    assert root.tag.rsplit("}", 1)[-1] == "svg"
    text = "".join(root.itertext())
    assert TITLE in text
    assert SOURCE in text
    assert "EXEMPELDATA" in text


@needs_browser
def test_pdf_signature(fig, warm_server):
    data = ex.figure_image(fig, "pdf", title=TITLE, source_line=SOURCE, demo=False)
    assert data.startswith(b"%PDF")


@needs_browser
def test_cold_and_warm_png_timing(fig):
    ex.stop_image_server()
    try:
        start = time.perf_counter()
        ex.figure_image(fig, "png", title=TITLE, source_line=SOURCE, demo=False)
        cold = time.perf_counter() - start

        ex.start_image_server()
        ex.start_image_server()  # idempotent
        ex.figure_image(fig, "png", title=TITLE, source_line=SOURCE, demo=False)
        start = time.perf_counter()
        data = ex.figure_image(fig, "png", title=TITLE, source_line=SOURCE, demo=False)
        warm = time.perf_counter() - start
    finally:
        ex.stop_image_server()
    print(f"\nPNG export: cold {cold:.2f} s, warm {warm:.2f} s")
    assert _png_size(data) == (1600, 900)
    assert warm < cold


@needs_browser
@pytest.mark.parametrize("server", [False, True], ids=["per-call-browser", "warm-server"])
def test_timeout_raises_and_next_export_works(fig, server):
    if server:
        ex.start_image_server()
    try:
        start = time.perf_counter()
        with pytest.raises(ex.ExportTimeoutError):
            ex.figure_image(fig, "png", title=TITLE, source_line=SOURCE, demo=False, timeout=0.001)
        assert time.perf_counter() - start < 1.0  # the caller was not held up

        data = ex.figure_image(fig, "png", title=TITLE, source_line=SOURCE, demo=False)
        assert _png_size(data) == (1600, 900)
    finally:
        ex.stop_image_server()


def test_missing_browser_is_typed_error_without_download(fig, monkeypatch):
    ex.stop_image_server()
    downloads = []

    def no_download(*args, **kwargs):
        downloads.append(args)
        raise AssertionError("a browser download was attempted")

    for module, name in [
        (kaleido, "get_chrome"),
        (kaleido, "get_chrome_sync"),
        (choreographer.cli, "get_chrome"),
        (choreographer.cli, "get_chrome_sync"),
        (_cli_utils, "get_chrome"),
        (_cli_utils, "get_chrome_sync"),
    ]:
        monkeypatch.setattr(module, name, no_download)
    download_dir_existed = Path(_cli_utils.default_download_path).exists()
    # choreographer honours BROWSER_PATH before searching PATH.
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")

    ex.start_image_server()  # must be a quiet no-op, not a crash
    with pytest.raises(ex.BrowserMissingError) as info:
        ex.figure_image(fig, "png", title=TITLE, source_line=SOURCE, demo=False, timeout=20)

    assert isinstance(info.value, ex.ExportError)
    assert "apt-get install chromium" in str(info.value)
    assert "Chromium" in str(info.value)
    assert downloads == []
    assert Path(_cli_utils.default_download_path).exists() == download_dir_existed


# --- tables -----------------------------------------------------------------


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "Kommun": ["Umeå", "=SUM(A1)", "-abc", "@x"],
            "Värde": [1234.5, -3.25, float("nan"), 0.5],
            "Antal": [1, 2, 3, -4],
            "Datum": pd.to_datetime(["2026-01-31", "2026-02-28", None, "2026-12-01"]),
        }
    )


def test_csv_round_trip_and_excel_details(frame):
    data = ex.table_csv(frame)

    assert data.startswith(b"\xef\xbb\xbf")
    body = data[3:]
    assert body.count(b"\r\n") == len(frame) + 1
    assert b"\n" not in body.replace(b"\r\n", b"")
    text = body.decode("utf-8")
    assert text.splitlines()[0] == "Kommun;Värde;Antal;Datum"
    assert "Umeå;1234,5;1;2026-01-31\r\n" in text
    assert "'=SUM(A1);-3,25;2;2026-02-28\r\n" in text
    assert "'-abc;;3;\r\n" in text

    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back["Kommun"]) == ["Umeå", "'=SUM(A1)", "'-abc", "'@x"]
    assert back["Värde"].tolist()[:2] == [1234.5, -3.25]
    assert math.isnan(back["Värde"][2])
    assert back["Antal"].tolist() == [1, 2, 3, -4]
    assert back["Datum"].fillna("").tolist() == ["2026-01-31", "2026-02-28", "", "2026-12-01"]


def test_csv_neutralises_headers_and_control_prefixes():
    df = pd.DataFrame({"=cmd": ["\tx", "\ry", "+1", "ok"]})
    back = pd.read_csv(io.BytesIO(ex.table_csv(df)), sep=";", encoding="utf-8-sig")
    assert list(back.columns) == ["'=cmd"]
    assert back["'=cmd"].tolist() == ["'\tx", "'\ry", "'+1", "ok"]


def test_codes_stay_text_in_csv_and_xlsx():
    """Värnamo is 0683, not 683, when the file is opened in Excel: a code with a leading zero is written
    ="0683" in the CSV (Excel's text formula; a year or a count stays a number) and as a text cell in the xlsx."""
    df = pd.DataFrame({"Kod": ["0683", "9901", "06", "0683-hamnen"], "År": ["2024", "2025", "2025", "2025"],
                       "Antal": [1, 2, 3, 4]})
    rows = ex.table_csv(df)[3:].decode("utf-8").splitlines()
    assert rows[1:] == ['"=""0683""";2024;1', "9901;2025;2", '"=""06""";2025;3', "0683-hamnen;2025;4"]
    ws = openpyxl.load_workbook(io.BytesIO(ex.table_xlsx(df))).active
    assert ws["A2"].value == "0683" and ws["A2"].data_type == "s"


def test_download_names_are_words():
    assert ex.download_name("Brott i offentlig miljö per år – Ekbacka", "Ekbacka") == "Brott i offentlig miljö per år – Ekbacka"
    assert ex.download_name("Anmälda brott per 100 000 inv.", "Värnamo") == "Anmälda brott per 100 000 inv. – Värnamo"
    assert ex.download_name('Före/efter: "Hamnen" <a>?', "") == "Före efter Hamnen a"


def test_xlsx_values_types_and_marks(frame):
    data = ex.table_xlsx(frame, source_line=SOURCE, demo=True)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active

    assert ws.title == "Data"
    assert ws["A1"].value == "EXEMPELDATA – fiktiva siffror"
    assert [c.value for c in ws[2]] == ["Kommun", "Värde", "Antal", "Datum"]
    assert ws["B3"].value == 1234.5 and ws["B3"].data_type == "n"
    assert ws["B4"].value == -3.25 and ws["B4"].data_type == "n"
    assert ws["C6"].value == -4 and ws["C6"].data_type == "n"
    assert ws["B5"].value is None
    assert ws["D3"].is_date and ws["D3"].value.date().isoformat() == "2026-01-31"
    for ref, expected in [("A4", "'=SUM(A1)"), ("A5", "'-abc"), ("A6", "'@x")]:
        assert ws[ref].data_type == "s"
        assert ws[ref].value == expected
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert SOURCE in texts
    assert 8 <= ws.column_dimensions["A"].width <= 60


def test_xlsx_without_demo_starts_with_header(frame):
    ws = openpyxl.load_workbook(io.BytesIO(ex.table_xlsx(frame, sheet_name="Brott"))).active
    assert ws.title == "Brott"
    assert ws["A1"].value == "Kommun"
    assert not any(
        "EXEMPELDATA" in str(c.value) for row in ws.iter_rows() for c in row if c.value
    )
