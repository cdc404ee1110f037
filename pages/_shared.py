"""Streamlit glue shared by the entry file and the pages: the cached store and the sidebar's choices."""
from __future__ import annotations

import hashlib
from html import escape
import inspect
import os
import sys
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lagesbild import access, analysis, export, figures, fmt, freshness, narrative, theme, views
from lagesbild.errors import LagesbildError
from lagesbild.figures import Chart
from lagesbild.i18n import t
from lagesbild.safe_text import formula_safe, formula_safe_frame, md  # every name from a file shown through Markdown goes through md()
from lagesbild.store import Store, current_build_id, read_store

if TYPE_CHECKING:  # the deck (python-pptx) and the ETL are imported where used: not needed for a first page
    from lagesbild import deck

ROOT = Path(__file__).resolve().parent.parent
PROJECT_DATA = ROOT / "data"
DEEP_LINK = "deep_link_page"  # session key: the page a direct link asked for, see context()
ADDRESS = "address_written"     # session key: the kommun and language this session last wrote to the address


def data_dir() -> Path:
    return Path(os.environ.get("LAGESBILD_DATA_DIR", PROJECT_DATA))


@st.cache_resource(show_spinner=False, max_entries=2)
def _read(data_dir: str, build_id: str) -> Store:
    # Keyed on the build id: a rebuilt store is picked up on the next rerun, no restart needed.
    return read_store(Path(data_dir), build_id)


@st.cache_resource(show_spinner=False)
def _started(data_dir: str) -> bool:
    # Once per server process: a store left one insatser change behind its database by a crash is rebuilt.
    # A database that cannot be reached now is no reason not to show the store: the pages read it alone.
    from etl import insatser

    try:
        if not insatser.stale(Path(data_dir)):
            return False
        from etl import build as builder   # only now: a build imports the statistics

        builder.build(Path(data_dir))
        return True
    except LagesbildError as exc:
        print(f"Lägesbild: the store was not checked against the insatser database: {exc.message('en')}", file=sys.stderr)
        return False


# Held by the start command's warm-up (pages/_serve.py) while it builds a fresh clone's store: a first page
# that arrives meanwhile waits for that build, with the spinner saying so, instead of starting another.
BUILDING = threading.Lock()


def build_if_missing(directory: Path) -> bool:
    """With no store in the data dir yet, build one (the demo unless raw files were imported); True if it did."""
    with BUILDING:
        if current_build_id(directory) is not None:
            return False
        from etl import build as builder

        builder.build(directory, demo=not any((directory / "raw").glob("*/*")))
        return True


def load_store(lang: str) -> Store:
    """The live store (checked once per server start against the insatser database); with none yet, build
    one (the demo unless raw files were imported)."""
    directory = data_dir()
    try:
        _started(str(directory))
        build_id = current_build_id(directory)
        if build_id is None:
            with st.spinner(t("building_store", lang)):
                build_if_missing(directory)
            build_id = current_build_id(directory)
        return _read(str(directory), build_id)
    except LagesbildError as exc:
        st.error(md(t("error_store", lang, message=exc.message(lang))))
        st.stop()


RUN_LOG = os.environ.get("LAGESBILD_RUN_LOG")   # off unless set: a file each script run's duration is added to


def log_run(started: float, page: str) -> None:
    """With LAGESBILD_RUN_LOG set, one line per script run: when it ended (Unix time), its seconds, its page —
    the server's own time per action, which benchmarks/browser.py reads (no browser's time is in it)."""
    if RUN_LOG:
        ended = time.perf_counter()
        with open(RUN_LOG, "a", encoding="utf-8") as log:
            log.write(f"{time.time():.3f} {ended - started:.4f} {page or 'lagesbild'}\n")


def from_address(name: str, key: str, allowed) -> None:
    """The address's `?name=…` as the sidebar's choice `key`, when it is one of `allowed` and not what this
    session wrote there itself (then the address is a shared link, or edited by hand: it wins). Called
    before the widget is drawn; the session's own later choices win over the address it wrote."""
    value = st.query_params.get(name)
    if value is not None and value in allowed and value != st.session_state.get(ADDRESS, {}).get(name):
        st.session_state[key] = value


def to_address(**values: str) -> None:
    """Write the choices to the address (`?kommun=0683&lang=en`), so it opens exactly this view elsewhere."""
    for name, value in values.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    st.session_state[ADDRESS] = values


@dataclass(frozen=True)
class Context:
    store: Store
    kommun: str
    comparisons: list[str]
    lang: str
    group: str | None = None   # the comparison group chosen in the sidebar (a Kolada group's id), or none


def context() -> Context:
    """What the sidebar chose, for the page being run (the widgets live in dashboard.py)."""
    s = st.session_state
    if "kommun" not in s:
        # A deep link on a freshly started server runs the page without the entry file (Streamlit's
        # pages/ fallback, before dashboard.py has registered st.navigation): remember the page, go
        # through dashboard.py, which draws the sidebar, registers navigation and comes back here.
        page = Path(inspect.stack()[1].filename)
        s[DEEP_LINK] = f"{page.parent.name}/{page.name}"
        st.switch_page(str(ROOT / "dashboard.py"), query_params=st.query_params.to_dict())
    lang = s.get("lang_choice") or "sv"
    store = load_store(lang)
    kommun = s["kommun"]
    codes = views.kommuner(store)["code"].tolist()
    if kommun not in codes and codes:  # an import replaced the store: the sidebar shows its first kommun
        kommun = codes[0]
    return Context(store=store, kommun=kommun, comparisons=s.get(f"compare_{kommun}", []), lang=lang,
                   group=s.get(f"group_{kommun}", views.default_group(store, kommun)) or None)


# --- who may write: lagesbild.access's rule, with what Streamlit knows about this session ------------

def auth_configured() -> bool:
    """Sign-in (Streamlit OIDC, st.login) is configured by an [auth] section in .streamlit/secrets.toml."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:   # no secrets.toml at all
        return False


def connection() -> access.Connection:
    """This session's connection, for the rule that lets the one person at the computer write."""
    return access.Connection(server_address=st.get_option("server.address"),
                             client_ip=st.context.ip_address if isinstance(st.context.ip_address, str) else None,
                             headers=dict(st.context.headers), server_port=st.get_option("server.port"))


# Set once any session of this server came through a proxy: without sign-in the server then stays
# read-only for everyone until it is restarted (lagesbild/access.py).
PROXY_SEEN = threading.Event()


def write_decision() -> access.Decision:
    editors = {}
    if auth_configured():
        editors = access.editors(st.secrets.get("lagesbild", {}).get("editors", {}))
    signed_in = bool(getattr(st.user, "is_logged_in", False))
    claims = {key: st.user.get(key) for key in ("email", "email_verified", "xms_edov")} if signed_in else None
    conn = connection()
    if conn.proxied:
        PROXY_SEEN.set()
    return access.decide(auth_configured(), signed_in, claims, editors, conn, proxy_seen=PROXY_SEEN.is_set())


def may_write() -> bool:
    """Whether this session may write (said nowhere): who imported what and from where is shown only then."""
    try:
        return write_decision().writer is not None
    except LagesbildError:
        return False


def writer(lang: str, kommun: str | None = None) -> access.Writer | None:
    """The user who may write here, or None after saying why not (and offering sign-in).

    Every write button calls this first and passes the writer on to etl, which checks what the
    write touches and audits it with the user:

        who = writer(lang)
        if who is not None and st.button(...):
            imports.import_bra(data_dir(), data, name, writer=who)

    With `kommun`, the user must also be an editor of that kommun."""
    try:
        decision = write_decision()
    except LagesbildError as exc:   # a malformed [lagesbild.editors]
        st.error(md(exc.message(lang)))
        return None
    who = decision.writer
    if who is not None and kommun is not None and not who.may_edit(kommun):
        st.info(t("write_not_editor_of", lang, kommun=kommun), icon=":material/lock:")
        return None
    if who is None:
        st.info(t(decision.reason, lang), icon=":material/lock:")
        if decision.reason == "write_sign_in" and st.button(t("sign_in", lang), key="sign_in"):
            st.login()
        return None
    return who


def data_link(ctx: Context) -> None:
    """Where missing data are added: a link to the Data page for whoever may add them there; anyone else is
    told who can (the page would only show them that they cannot)."""
    try:
        may_write = write_decision().writer is not None
    except LagesbildError:   # a malformed editors list: the Data page says so to whoever opens it
        may_write = False
    if may_write:
        st.page_link("pages/data.py", label=t("go_to_data", ctx.lang), icon=":material/database:")
    else:
        st.caption(t("data_added_by_editors", ctx.lang))


def waiting(lang: str) -> Callable[[], None]:
    """What an import says while another one holds the data dir (see etl.store.build_lock)."""
    return lambda: st.toast(t("waiting_for_import", lang), icon=":material/hourglass_top:")


# --- every chart: the figure, its text alternative, image and data downloads ------------------------

IMAGE_MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_resource(show_spinner=False)
def _image_server() -> bool:
    # One warm browser per process for every session's exports (never raises; see export.start_image_server).
    export.start_image_server()
    return True


def show_chart(fig: go.Figure, *, title: str, source_line: str, data: pd.DataFrame, alt_text: str, key: str,
               demo: bool | None = None, lang: str | None = None) -> None:
    """Render a chart the Lägesbild way. Use this for every chart on every page.

        show_chart(fig, title="Anmälda brott – Ekbacka", source_line=views.source_line(frame, lang),
                   data=views.series_table(frame, store, lang), alt_text="Diagram för …", key="brott_9901")

    Shows the Plotly figure (its modebar export stays) named by its text alternative (WCAG 2.1 AA: a screen
    reader reads it; it is not printed under every chart), the source line, then downloads in one row that
    wraps, each label whole: PNG (1600×900 at 2×, for projectors), SVG and PDF rendered on the server from
    the same figure with title, source line and — for demo data — the EXEMPELDATA mark; they are made only
    when the user asks ("Förbered bild"), bounded in time, and a missing browser or a timeout is a warning
    that leaves the rest of the page alone. CSV (Swedish Excel) and .xlsx of `data` are always offered,
    carrying the source line and the demo mark. `key` must be unique on the page; the files are named in
    words after the title (and the kommun). `demo` and `lang` default to the store's and the sidebar's.
    """
    ctx = context()
    lang = lang or ctx.lang
    demo = ctx.store.is_demo if demo is None else demo
    # The title is the page's text, so it wraps on a phone (a Plotly title is cut off); the figure is drawn
    # in the house theme (theme=None: Streamlit's own would restyle it). `alt` is the chart's accessible
    # name (Streamlit puts it on the chart as role="figure" aria-label, tests/e2e/test_accessibility.py).
    # The toolbar is reduced to its reset button, in the app's language (theme.plotly_config): "Förbered
    # bild" below makes the images.
    st.markdown(f"##### {md(title)}")
    st.plotly_chart(fig, width="stretch", key=f"{key}_chart", theme=None, alt=alt_text,
                    config=theme.plotly_config(lang))
    st.caption(md(source_line))
    name = export.download_name(title, views.geo_name(ctx.store, ctx.kommun))

    def fingerprint() -> str:  # only needed once images exist: serialising a map figure costs ~0.1 s
        return hashlib.sha256(f"{fig.to_json()}|{title}|{source_line}|{demo}".encode()).hexdigest()

    state_key = f"{key}_images"
    images = st.session_state.get(state_key)
    if images is not None and images[0] != fingerprint():
        images = None  # another kommun or language: the prepared files belong to the old figure
    row = st.container(horizontal=True, gap="small")
    first = row.empty()  # the prepare button, replaced by the PNG download once the images exist
    with first:
        if images is None and st.button(t("prepare_images", lang), key=f"{key}_prepare", icon=":material/image:",
                                         help=t("prepare_images_help", lang)):
            _image_server()
            with st.spinner(t("preparing_images", lang)):
                try:
                    images = (fingerprint(), export.chart_images(fig, title=title, source_line=source_line, demo=demo))
                    st.session_state[state_key] = images
                except export.ExportError as exc:
                    st.warning(md(t("images_failed", lang, message=str(exc))), icon=":material/warning:")
    if images is not None:
        for n, (fmt_, payload) in enumerate(images[1].items()):
            (first if n == 0 else row).download_button(
                t(f"download_{fmt_}", lang), payload, file_name=f"{name}.{fmt_}", mime=IMAGE_MIME[fmt_],
                key=f"{key}_{fmt_}", on_click="ignore", icon=":material/download:")
    # The files are made when clicked (a callable), not on every rerun of every chart.
    row.download_button(t("download_csv", lang), lambda: export.chart_csv(data, source_line=source_line, demo=demo),
                        file_name=f"{name}.csv", mime="text/csv", key=f"{key}_csv", on_click="ignore",
                        icon=":material/table:")
    row.download_button(t("download_xlsx", lang), lambda: export.table_xlsx(data, source_line=source_line, demo=demo),
                        file_name=f"{name}.xlsx", mime=XLSX_MIME, key=f"{key}_xlsx", on_click="ignore",
                        icon=":material/table:")


def show_figure(chart: Chart, key: str) -> None:
    """show_chart for a lagesbild.figures.Chart (the same chart the deck shows)."""
    show_chart(chart.figure, title=chart.title, source_line=chart.source_line, data=chart.data,
               alt_text=chart.alt_text, key=key)


def show_figure_or(chart: Chart | None, missing: str, key: str) -> None:
    """The chart, or in its place the plain sentence saying why there is none (views.missing_text)."""
    if chart is None:
        st.info(md(missing), icon=":material/info:")
    else:
        show_figure(chart, key)


def show_survey_areas(ctx: Context, key: str) -> None:
    """The local survey's share unsafe per area (with CIs) and each area's tested change, if the
    kommun has a local survey with areas."""
    chart = figures.survey_areas(ctx.store, ctx.kommun, ctx.lang)
    if chart is None:
        return
    survey = analysis.survey_areas(ctx.store, ctx.kommun, narrative.LOCAL_SURVEY)
    st.subheader(t("areas_heading", ctx.lang, year=int(survey["year"].iloc[0])))
    show_figure(chart, key)
    st.markdown("\n".join(f"- {md(line)}" for line in narrative.area_changes(survey, ctx.lang)))


def show_freshness(ctx: Context, indicator_ids=(), months: bool = False, areas: bool = False) -> None:
    """How recent the sources behind what follows are (lagesbild.freshness): a caption, and the ones older than
    their rhythm in a warning, in words."""
    items = freshness.of(ctx.store, ctx.kommun, date.today(), ctx.lang, indicator_ids, months, areas)
    if warning := freshness.late(items, ctx.lang):
        st.warning(md(warning), icon=":material/update:")
    if caption := freshness.on_time(items, ctx.lang):
        st.caption(md(caption))


# --- Skapa presentation ------------------------------------------------------------------------------

def deck_context(ctx: Context) -> deck.DeckContext:
    from lagesbild import deck

    return deck.deck_context(ctx.store, ctx.kommun, lang=ctx.lang, comparisons=ctx.comparisons, data_dir=data_dir(),
                             group=ctx.group)


@st.cache_resource(show_spinner=False, max_entries=8)
def _slides(_ctx: Context, build_id: str, kommun: str, lang: str, comparisons: tuple[str, ...], group: str | None,
            today: date):
    from lagesbild import deck

    return deck.build_slides(deck_context(_ctx))


def deck_slides(ctx: Context) -> list[deck.Slide]:
    """The lägesbild's slides for presentation mode: the same content model as the PowerPoint."""
    try:
        return _slides(ctx, ctx.store.build_id, ctx.kommun, ctx.lang, tuple(ctx.comparisons), ctx.group, date.today())
    except LagesbildError as exc:
        st.error(md(exc.message(ctx.lang)))
        st.stop()


def deck_file_name(ctx: Context) -> str:
    """'Lägesbild – Ekbacka, 6 december 2026.pptx'."""
    title = f"{t('page_lagesbild', ctx.lang)} – {views.geo_name(ctx.store, ctx.kommun)}, {fmt.long_date(date.today(), ctx.lang)}"
    return f"{export.download_name(title)}.pptx"


def presentation_button(ctx: Context) -> None:
    """'Skapa presentation': build the lägesbild's PowerPoint on request, then offer it for download."""
    state_key = f"deck_{ctx.store.build_id}_{ctx.kommun}_{ctx.lang}_{'-'.join(ctx.comparisons)}_{ctx.group}"
    if state_key not in st.session_state:
        if not st.button(t("make_deck", ctx.lang), key="make_deck", icon=":material/slideshow:", type="primary"):
            return
        with st.spinner(t("making_deck", ctx.lang)):
            try:
                from lagesbild import deck
                st.session_state[state_key] = deck.lagesbild_deck(deck_context(ctx))
            except LagesbildError as exc:  # e.g. presentation.toml names a template that cannot be read
                st.warning(md(t("deck_failed", ctx.lang, message=exc.message(ctx.lang))), icon=":material/warning:")
                return
    st.download_button(t("download_deck", ctx.lang), st.session_state[state_key], on_click="ignore",
                       file_name=deck_file_name(ctx), key="download_deck",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       icon=":material/download:", type="primary")


# --- Så räknar vi: the method, in its own collapsed place -----------------------------------------

def how_we_count(ctx: Context, targets: list[views.TargetStatus] = (),
                 methods: tuple[str, ...] = ("method_targets", "method_surveys", "method_changes", "method_config")) -> None:
    """A collapsed 'Så räknar vi' with the method behind the page's figures: the words a director does
    not need on the page itself (rate ratio, model, interval method), for whoever asks."""
    with st.expander(t("how_we_count", ctx.lang), icon=":material/calculate:"):
        for status in targets:
            if views.target_change(status.row) is not None:
                st.markdown(f"**{md(status.target.title(ctx.lang))}.** " + md(views.rate_ratio_text(status.row, ctx.lang)))
        for key in methods:
            st.markdown(t(key, ctx.lang))


def uploader_texts(lang: str, max_mb: int) -> None:
    """Streamlit's file uploader speaks English ("Upload", "50MB per file • CSV, XLSX") and has no
    setting for it: in Swedish its two texts are replaced by CSS (the label above each uploader says
    which files it takes)."""
    if lang == "en":
        return
    button = '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    limit = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    st.markdown(f"""<style>
{button}, {limit} {{font-size: 0;}}
{button}::after {{content: "{t('uploader_button', lang)}"; font-size: 1rem;}}
{limit}::after {{content: "{t('uploader_limit', lang, mb=max_mb)}"; font-size: 0.875rem;}}
</style>""", unsafe_allow_html=True)


def show_table(frame: pd.DataFrame, **kwargs) -> None:
    """st.dataframe with every text cell that a spreadsheet would run as a formula neutralised (a leading
    apostrophe): the table's own toolbar downloads it as CSV as it is shown. Numbers stay numbers."""
    safe = formula_safe_frame(frame)
    if not isinstance(frame.index, pd.RangeIndex):   # row labels (e.g. indicator titles) are downloaded too
        safe.index = frame.index.map(formula_safe)
    st.dataframe(safe, **kwargs)


def table(frame: pd.DataFrame, answer: str | None = None) -> None:
    """A table whose text wraps (nothing cut off) and that, on a phone, becomes one card per row: the row's
    name (its first column) on top, then the `answer` column, then the others, each under its heading
    (pages/assets/app.css). Cells are plain text (escaped), never Markdown or HTML from a file."""
    def cell(column: str, value) -> str:
        classes = " ".join(c for c, on in (("lb-name", column == frame.columns[0]), ("lb-answer", column == answer)) if on)
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        return f'<td data-label="{escape(str(column))}"{f" class={chr(34)}{classes}{chr(34)}" if classes else ""}>{escape(text)}</td>'

    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in frame.columns)
    rows = "".join("<tr>" + "".join(cell(c, v) for c, v in zip(frame.columns, values)) + "</tr>"
                   for values in frame.itertuples(index=False))
    st.html(f'<table class="lb-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')
