"""Export of charts (PNG/SVG/PDF) and tables (CSV/XLSX) for Lägesbild.

Pure Python: no Streamlit here, so the app, scripts and tests share one code path.
Kaleido, choreographer and openpyxl are imported when an export is made, not with this module:
every page imports it, and a page's first view needs none of them.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import datetime as dt
import io
import logging
import math
import re
import textwrap
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lagesbild.fmt import NBSP
from lagesbild.safe_text import formula_safe, is_plain_column

if TYPE_CHECKING:
    import kaleido

__all__ = [
    "BrowserMissingError",
    "ExportError",
    "ExportTimeoutError",
    "chart_csv",
    "chart_images",
    "figure_for_export",
    "figure_image",
    "start_image_server",
    "stop_image_server",
    "table_csv",
    "table_xlsx",
]

_log = logging.getLogger(__name__)

EN_DASH = "\u2013"
DEMO_MARK = "EXEMPELDATA"
DEMO_TEXT = f"{DEMO_MARK} {EN_DASH} fiktiva siffror"
SOURCE_ANNOTATION = "lagesbild_source"
DEMO_ANNOTATION = "lagesbild_demo"
IMAGE_FORMATS = ("png", "svg", "pdf")

_BROWSER_HINT = (
    "Bildexport kräver webbläsaren Chromium: installera den med "
    "`apt-get install chromium` (eller sätt BROWSER_PATH till en Chrome/Chromium). "
    "Image export needs the Chromium browser: install it with "
    "`apt-get install chromium` (or point BROWSER_PATH at Chrome/Chromium)."
)


class ExportError(Exception):
    """Any failure to produce an export file."""


class BrowserMissingError(ExportError):
    """Kaleido found no Chrome/Chromium to render with."""


class ExportTimeoutError(ExportError):
    """The image export did not finish within its time limit."""


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def _wrap_source(text: str, width_px: int) -> list[str]:
    # Plotly never wraps annotations: break the line ourselves (16 px type is ~8.5 px per character).
    return textwrap.wrap(text, width=max(40, int(width_px / 8.5) - 4), break_on_hyphens=False) or [""]


def figure_for_export(fig: go.Figure, *, title: str, source_line: str, demo: bool, width: int = 1600) -> go.Figure:
    """Return a copy of `fig` dressed for a standalone image (slides, reports) `width` pixels wide."""
    out = go.Figure(fig)  # deep copy: the caller's figure is still shown in the app
    old = out.layout.margin
    source_lines = _wrap_source(f"{source_line}  |  {DEMO_TEXT}" if demo else source_line, width)
    bottom = max(old.b or 0, 150) + 20 * (len(source_lines) - 1)
    # A long title wraps before the EXEMPELDATA badge in the top right (30 px type: ~15 px a character).
    title_lines = textwrap.wrap(title, width=max(20, int((width - (400 if demo else 80)) / 15))) or [""]
    out.update_layout(
        title=dict(
            text="<br>".join(title_lines),
            x=0.01,
            xref="container",
            xanchor="left",
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=24),
            font=dict(size=30),
        ),
        # Room for the title above and for tick labels + axis title + source below.
        margin=dict(t=max(old.t or 0, 110) + 36 * (len(title_lines) - 1), b=bottom, l=max(old.l or 0, 80), r=max(old.r or 0, 60)),
    )
    if out.layout.separators is None:
        out.update_layout(separators=f",{NBSP}")  # Swedish decimal comma on the axes
    if out.layout.font.size is None:
        out.update_layout(font_size=16)  # plotly's 12 px ticks are unreadable on a projector
    out.add_annotation(
        name=SOURCE_ANNOTATION,
        text="<br>".join(source_lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="bottom",
        # Annotations can only be placed relative to the plot area, so push the
        # line down to the bottom of the enlarged margin, below the axis labels.
        yshift=-(bottom - 16),
        showarrow=False,
        align="left",
        font=dict(size=16, color="#444444"),
    )
    if demo:
        out.add_annotation(
            name=DEMO_ANNOTATION,
            text=f"<b>{DEMO_MARK}</b>",
            xref="paper",
            yref="paper",
            x=1,
            y=1,
            xanchor="right",
            yanchor="top",
            # Up in the title row, right-aligned, so the mark never covers the data.
            yshift=out.layout.margin.t - 12,
            showarrow=False,
            font=dict(size=28, color="rgba(192, 0, 0, 0.85)"),
            bgcolor="rgba(255, 255, 255, 0.6)",
            bordercolor="rgba(192, 0, 0, 0.55)",
            borderwidth=3,
            borderpad=8,
        )
    return out


# Kaleido runs on one private asyncio loop in a daemon thread. We do not use
# kaleido.start_sync_server(): its shared result queue lets concurrent callers
# (Streamlit sessions run in threads) receive each other's images, it cannot
# cancel a stuck render, and if its browser fails to start every later call
# blocks forever.
_state_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_want_server = False
_server: kaleido.Kaleido | None = None  # only touched on _loop
_server_lock = asyncio.Lock()  # binds to _loop on first use


def _get_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _state_lock:
        if _loop is None:
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="lagesbild-kaleido", daemon=True).start()
            _loop = loop
        return _loop


def _browser_available() -> bool:
    # Same lookup Kaleido/choreographer does (BROWSER_PATH, PATH, typical paths),
    # but it never downloads anything.
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    return bool(path) and Path(path).is_file()


SERVER_TABS = 2  # the warm browser renders this many images at once (concurrent sessions)


def _new_kaleido(timeout: float | None, tabs: int = 1) -> kaleido.Kaleido:
    # MathJax defaults to a CDN; we use no LaTeX and may have no internet.
    import kaleido

    return kaleido.Kaleido(n=tabs, timeout=timeout, mathjax=False)


async def _close_kaleido(k: kaleido.Kaleido) -> None:
    try:
        await asyncio.wait_for(k.close(), 15)
    except BaseException:  # noqa: BLE001 - a hung browser must not survive us
        proc = getattr(k, "subprocess", None)
        if proc is not None and proc.poll() is None:
            proc.kill()


async def _ensure_server() -> kaleido.Kaleido:
    global _server
    async with _server_lock:
        if _server is None:
            k = _new_kaleido(None, SERVER_TABS)  # per-call timeouts are enforced by the caller
            try:
                await k.open()
            except BaseException:
                await _close_kaleido(k)
                raise
            _server = k
        return _server


async def _discard_server(k: kaleido.Kaleido | None) -> None:
    global _server
    if k is None or _server is not k:
        return
    _server = None
    await _close_kaleido(k)


async def _oneshot(fig_dict: dict, opts: dict, timeout: float) -> bytes:
    k = _new_kaleido(timeout)
    try:
        await k.open()
        return await k.calc_fig(fig_dict, opts)
    finally:
        await _close_kaleido(k)


def _shielded(coro):
    # Cancelling a browser halfway through startup orphans the process, so these
    # run to the end even when the caller gave up.
    task = asyncio.ensure_future(coro)
    # An abandoned task's error was already reported to the caller as a timeout.
    task.add_done_callback(lambda t: t.cancelled() or t.exception())
    return asyncio.shield(task)


async def _render(fig_dict: dict, opts: dict, timeout: float, used: list) -> bytes:
    if _want_server:
        k = await _shielded(_ensure_server())
        used.append(k)
        return await k.calc_fig(fig_dict, opts)
    # Kaleido's own render timeout bounds an abandoned call; it then closes its browser.
    return await _shielded(_oneshot(fig_dict, opts, timeout))


def start_image_server() -> None:
    """Keep one warm browser for all later exports (~0.3 s instead of ~3 s each).

    Idempotent and thread-safe. Does nothing if no browser is installed; never
    raises for browser problems (exports then start a browser per call and
    report the typed error themselves).
    """
    global _want_server
    if not _browser_available():
        _log.warning("Ingen Chromium hittad; bildexport är avstängd. %s", _BROWSER_HINT)
        return
    _want_server = True
    future = asyncio.run_coroutine_threadsafe(_ensure_server(), _get_loop())
    try:
        future.result(timeout=60)
    except Exception:  # noqa: BLE001 - startup failure must not take the app down
        _want_server = False
        _log.warning("Kunde inte starta bildservern; startar en webbläsare per export.", exc_info=True)


def stop_image_server() -> None:
    """Close the warm browser, if any. Later exports start a browser per call."""
    global _want_server
    _want_server = False
    if _loop is None:
        return
    future = asyncio.run_coroutine_threadsafe(_discard_server(_server), _loop)
    with contextlib.suppress(Exception):
        future.result(timeout=30)


atexit.register(stop_image_server)


def figure_image(
    fig: go.Figure,
    fmt: str,
    *,
    title: str,
    source_line: str,
    demo: bool,
    width: int = 1600,
    height: int = 900,
    scale: float = 1,
    timeout: float = 30.0,
) -> bytes:
    """Render `fig` (dressed by figure_for_export) to PNG, SVG or PDF bytes."""
    from choreographer.errors import BrowserClosedError, BrowserFailedError, ChromeNotFoundError

    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"fmt must be one of {IMAGE_FORMATS}, got {fmt!r}")
    fig_dict = figure_for_export(fig, title=title, source_line=source_line, demo=demo, width=width).to_dict()
    opts = {"format": fmt, "width": width, "height": height, "scale": scale}
    used: list[kaleido.Kaleido] = []
    loop = _get_loop()
    future = asyncio.run_coroutine_threadsafe(_render(fig_dict, opts, timeout, used), loop)
    try:
        return future.result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        future.cancel()
        # A render that overran may mean a hung browser: replace it next time.
        if used:
            asyncio.run_coroutine_threadsafe(_discard_server(used[0]), loop)
        raise ExportTimeoutError(
            f"Bildexporten tog mer än {timeout:g} s och avbröts. "
            f"Image export exceeded {timeout:g} s and was abandoned."
        ) from None
    except ChromeNotFoundError as e:
        raise BrowserMissingError(_BROWSER_HINT) from e
    except (BrowserClosedError, BrowserFailedError) as e:
        if used:
            asyncio.run_coroutine_threadsafe(_discard_server(used[0]), loop)
        raise ExportError(f"Webbläsaren för bildexport kraschade / export browser failed: {e}") from e
    except Exception as e:
        raise ExportError(f"Bildexporten misslyckades / image export failed: {e}") from e


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

def _csv_cell(value: object) -> object:
    if isinstance(value, str) and len(value) > 1 and value.isdigit() and value.startswith("0") and value.isascii():
        # A code such as 0683 (Värnamo) is text: Excel reads ="0683" as the text 0683, not the number 683.
        return f'="{value}"'
    if isinstance(value, (dt.date, pd.Timestamp)) and not pd.isna(value):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and math.isfinite(value):
        return repr(value).replace(".", ",")  # floats inside mixed text columns
    return formula_safe(value)


def table_csv(df: pd.DataFrame) -> bytes:
    """CSV for Swedish Excel: UTF-8 BOM, ';', decimal comma, CRLF, no index."""
    out = df.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if not is_plain_column(column):
            out.isetitem(i, column.astype(object).map(_csv_cell))
    text = out.to_csv(
        sep=";",
        decimal=",",
        index=False,
        header=[formula_safe(str(c)) for c in df.columns],
        lineterminator="\r\n",
        date_format="%Y-%m-%d",
        na_rep="",
    )
    return text.encode("utf-8-sig")  # the BOM makes Excel read UTF-8, not cp1252


def _xlsx_value(value: object) -> object:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, (dt.datetime, dt.time)) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones
    if not isinstance(value, (str, bool, int, float, dt.date, dt.time)):
        value = str(value)
    if isinstance(value, str):
        # Control characters make openpyxl refuse to write the file.
        return ILLEGAL_CHARACTERS_RE.sub("", formula_safe(value))
    return value


def table_xlsx(
    df: pd.DataFrame,
    *,
    sheet_name: str = "Data",
    source_line: str | None = None,
    demo: bool = False,
) -> bytes:
    """One-sheet .xlsx: optional demo banner, header row, data, source line below."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_name[:31]  # Excel's sheet-name limit
    row = 1
    if demo:
        ws.cell(row, 1, DEMO_TEXT).font = Font(bold=True, size=14, color="C00000")
        row += 1
    header_row = row
    widths = []
    for col, name in enumerate(df.columns, start=1):
        text = _xlsx_value(str(name))
        ws.cell(row, col, text).font = Font(bold=True)
        widths.append(len(text))
    for values in df.itertuples(index=False, name=None):
        row += 1
        for col, raw in enumerate(values, start=1):
            value = _xlsx_value(raw)
            cell = ws.cell(row, col, value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
                shown = 10
            else:
                shown = len(str(value)) if value is not None else 0
            widths[col - 1] = max(widths[col - 1], shown)
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 8), 60)
    if source_line:
        ws.cell(row + 2, 1, _xlsx_value(source_line)).font = Font(italic=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# One chart's downloads (pages/_shared.show_chart)
# ---------------------------------------------------------------------------

# 1600×900; PNG at 2× (3200×1800 pixels) stays sharp on a projector and when scaled up on a slide.
PRESENTATION_SIZE = {"width": 1600, "height": 900}
PNG_SCALE = 2
DEMO_COLUMN = "Märkning"
SOURCE_COLUMN = "Källa (diagram)"


_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def download_name(title: str, place: str = "") -> str:
    """A file name in words from a chart's or document's title, with the place when the title lacks it:
    'Brott i offentlig miljö per år – Ekbacka' (no suffix). Characters no file system takes are left out."""
    if place and place not in title:
        title = f"{title} – {place}"
    name = " ".join(_NOT_IN_FILE_NAMES.sub(" ", title).split()).strip(" .")
    return name[:150].rstrip(" .") or "lagesbild"


def chart_images(
    fig: go.Figure, *, title: str, source_line: str, demo: bool, timeout: float = 30.0
) -> dict[str, bytes]:
    """PNG, SVG and PDF of one chart at presentation size, each bounded by `timeout` seconds."""
    return {
        fmt: figure_image(fig, fmt, title=title, source_line=source_line, demo=demo, timeout=timeout,
                          scale=PNG_SCALE if fmt == "png" else 1, **PRESENTATION_SIZE)
        for fmt in IMAGE_FORMATS
    }


def chart_csv(df: pd.DataFrame, *, source_line: str, demo: bool) -> bytes:
    """table_csv of a chart's data; every row carries the source line and, for demo data, EXEMPELDATA.

    Marks go in columns, not in extra lines, so the file still reads as one table in Excel and pandas.
    """
    out = df.copy()
    if demo:
        out.insert(0, DEMO_COLUMN, DEMO_TEXT)
    out[SOURCE_COLUMN] = source_line
    return table_csv(out)
