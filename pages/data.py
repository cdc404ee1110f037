"""Data: the store's sources, coverage and indicators; imports (the CLI's, each in a process of its own under a
memory cap: etl/isolated.py) and the Kolada fetch."""
from datetime import date

import streamlit as st

from etl import fetch, imports, isolated, kpis
from lagesbild import data_overview
from lagesbild.errors import LagesbildError
from lagesbild.i18n import t
from pages._shared import context, data_dir, may_write, md, show_freshness, show_table, uploader_texts, waiting, writer

ctx = context()
lang, store = ctx.lang, ctx.store
st.title(t("page_data", lang))
st.caption(t("data_intro", lang))


def run(action, running: str, failed: str) -> None:
    """An import or fetch: its result in plain language; a refused file is a message, never a traceback."""
    try:
        with st.spinner(t(running, lang)):
            result = action()
    except LagesbildError as exc:
        st.error(md(t(failed, lang, message=exc.message(lang))))
        return
    st.success(md(result.message(lang)))


private = may_write()   # who imported what, from where: only for those who may write
st.subheader(t("data_sources", lang))
show_table(data_overview.sources_table(store, lang, private), hide_index=True, width="stretch")
st.caption(md(data_overview.source_line(store, lang)))
show_freshness(ctx, store.indicators["id"], months=True, areas=True)   # for the sidebar's kommun
st.caption(t("data_built", lang, date=str(store.manifest.get("built_at", ""))[:10], build=store.build_id))

st.subheader(t("data_coverage", lang))
table = data_overview.coverage(store, lang)
if table.empty:
    st.info(t("data_no_coverage", lang))
else:
    st.caption(md(t("data_coverage_note", lang, kommuner=", ".join(data_overview.covered_kommuner(store)))))
    show_table(table, width="stretch")

st.subheader(t("data_indicators", lang))
show_table(data_overview.indicator_table(store, lang), hide_index=True, width="stretch")
st.markdown(t("data_survey_method", lang))

incident_files = data_overview.incident_files(store, lang, private)
if len(incident_files):
    st.subheader(t("data_incident_files", lang))
    show_table(incident_files, hide_index=True, width="stretch")

st.subheader(t("data_import", lang))
who = writer(lang)
if who is None:
    st.stop()  # the rest of the page writes: uploads and the Kolada fetch
st.caption(t("data_import_note", lang, mb=imports.MAX_MB))
uploader_texts(lang, imports.MAX_MB)
st.caption(md(t("writing_as", lang, user=who.user, kommuner=data_overview.editor_scope(who, lang))))
if store.is_demo:
    st.info(t("import_replaces_demo", lang), icon=":material/info:")
how = {"writer": who, "on_wait": waiting(lang)}
bra_tab, survey_tab, kolada_tab, own_tab, incidents_tab, interventions_tab = st.tabs(
    [t(f"tab_{tab}", lang) for tab in ("bra", "survey", "kolada_file", "own_series", "incidents", "interventions")])


def retrieved_input(key: str) -> str | None:
    """When the file's figures were taken from their source (optional): it is the date they carry."""
    day = st.date_input(t("upload_retrieved", lang), value=None, max_value=date.today(), key=key, format="YYYY-MM-DD")
    return day.isoformat() if day else None

with bra_tab:
    bra_file = st.file_uploader(t("upload_bra", lang), type=["csv", "xlsx"], key="upload_bra")
    year_text = st.text_input(t("upload_year", lang), key="upload_year").strip()
    bra_retrieved = retrieved_input("bra_retrieved")
    if st.button(t("import_button", lang), key="import_bra", disabled=bra_file is None):
        if year_text and not year_text.isdigit():
            st.error(md(t("import_failed", lang, message=t("year_not_a_year", lang, text=year_text))))
        else:
            run(lambda: isolated.call("import_bra", data_dir(), bra_file.getvalue(), bra_file.name,
                                      int(year_text) if year_text else None, retrieved=bra_retrieved, **how),
                "import_running", "import_failed")
with survey_tab:
    survey_file = st.file_uploader(t("upload_survey", lang), type=["csv", "xlsx"], key="upload_survey")
    mapping_file = st.file_uploader(t("upload_mapping", lang), type=["toml"], key="upload_mapping")
    if st.button(t("import_button", lang), key="import_survey", disabled=survey_file is None or mapping_file is None):
        run(lambda: isolated.call("import_survey", data_dir(), survey_file.getvalue(), survey_file.name,
                                  mapping_file.getvalue(), mapping_file.name, **how),
            "import_running", "import_failed")
with kolada_tab:
    kolada_file = st.file_uploader(t("upload_kolada", lang), type=["json", "csv", "parquet"], key="upload_kolada")
    kolada_retrieved = retrieved_input("kolada_retrieved")
    kolada_replace = st.checkbox(t("upload_replace", lang), key="kolada_replace")
    if st.button(t("import_button", lang), key="import_kolada", disabled=kolada_file is None):
        run(lambda: isolated.call("import_kolada", data_dir(), kolada_file.getvalue(), kolada_file.name,
                                  retrieved=kolada_retrieved, replace=kolada_replace, **how), "import_running", "import_failed")
with own_tab:
    own_file = st.file_uploader(t("upload_own_series", lang), type=["csv", "xlsx"], key="upload_own_series")
    own_retrieved = retrieved_input("own_retrieved")
    if st.button(t("import_button", lang), key="import_own_series", disabled=own_file is None):
        run(lambda: isolated.call("import_own_series", data_dir(), own_file.getvalue(), own_file.name,
                                  retrieved=own_retrieved, **how), "import_running", "import_failed")
for tab, kind in ((incidents_tab, "incidents"), (interventions_tab, "interventions")):
    with tab:
        est_file = st.file_uploader(t(f"upload_{kind}", lang), type=["csv", "xlsx"], key=f"upload_{kind}")
        period, retrieved = None, None
        if kind == "incidents":
            retrieved = retrieved_input("incidents_retrieved")
        if kind == "incidents" and st.checkbox(t("replace_period", lang), key="replace_period",
                                               help=t("replace_period_help", lang)):
            first, last = st.columns(2)
            period = (first.date_input(t("replace_from", lang), key="replace_from", format="YYYY-MM-DD"),
                      last.date_input(t("replace_to", lang), key="replace_to", format="YYYY-MM-DD"))
        if st.button(t("import_button", lang), key=f"import_{kind}", disabled=est_file is None):
            run(lambda: isolated.call("import_est", data_dir(), est_file.getvalue(), est_file.name, kind, **how,
                                      **({"replace_period": period} if period else {}),
                                      **({"retrieved": retrieved} if retrieved else {})),
                "import_running", "import_failed")

st.subheader(t("data_fetch", lang))
st.caption(md(t("fetch_note", lang, url=fetch.base_url())))
choices = data_overview.fetchable_kommuner()
names = dict(zip(choices["code"], choices["name"]))
codes = [c for c in choices["code"] if who.may_edit(c)]
left, middle, right = st.columns([2, 1, 1])
with left:
    # Keyed by the sidebar's kommun: the fetch starts on the kommun chosen there, also after the sidebar changes.
    st.selectbox(t("fetch_kommun", lang), codes, format_func=names.get, key=f"fetch_kommun_{ctx.kommun}",
                 index=codes.index(ctx.kommun) if ctx.kommun in codes else 0)
with middle:
    st.number_input(t("fetch_from", lang), 1990, 2100, 2010, step=1, key="fetch_from")
with right:
    st.number_input(t("fetch_to", lang), 1990, 2100, date.today().year, step=1, key="fetch_to")


def fetch_chosen() -> None:
    """The button's callback: it runs before the sidebar is drawn again, so the fetched kommun
    becomes the sidebar's choice on this very run."""
    s = st.session_state  # the widgets' values as the click found them
    kommun, client = s[f"fetch_kommun_{ctx.kommun}"], fetch.KoladaClient(timeout=15, attempts=3)
    try:
        with st.spinner(t("fetch_running", lang)):
            result = fetch.fetch_kolada(data_dir(), [kommun], None, int(s["fetch_from"]), int(s["fetch_to"]), client,
                                        **how)
    except LagesbildError as exc:
        s[FETCHED] = ("error", t("fetch_failed", lang, message=exc.message(lang)))
    else:
        s[FETCHED] = ("success", result.message(lang))
        s["kommun"] = kommun


FETCHED = "fetch_outcome"  # session key: the fetch's message, shown on the run after its callback
st.button(t("fetch_button", lang), key="fetch_kolada", type="primary", on_click=fetch_chosen)
if FETCHED in st.session_state:
    kind, message = st.session_state.pop(FETCHED)
    (st.success if kind == "success" else st.error)(md(message))

st.subheader(t("data_kpi", lang))
st.caption(t("kpi_note", lang))
KPI_MATCHES = "kpi_matches"  # session key: (search text, [(id, title)]) of the latest search
query = st.text_input(t("kpi_query", lang), key="kpi_query").strip()
if st.button(t("kpi_search_button", lang), key="kpi_search", disabled=not query):
    try:
        with st.spinner(t("fetch_running", lang)):
            st.session_state[KPI_MATCHES] = (query, kpis.search(query, fetch.KoladaClient(timeout=15, attempts=3)))
    except LagesbildError as exc:
        st.error(md(t("kpi_search_failed", lang, message=exc.message(lang))))
if KPI_MATCHES in st.session_state:
    searched, matches = st.session_state[KPI_MATCHES]
    if not matches:
        st.info(md(t("kpi_no_matches", lang, text=searched)))
    else:
        titles = dict(matches)
        kpi_id = st.selectbox(t("kpi_choose", lang), list(titles), format_func=lambda k: f"{k} – {titles[k]}", key="kpi_choice")
        directions = [None, *kpis.DIRECTIONS]
        direction = st.selectbox(t("kpi_direction", lang), directions, key="kpi_direction_choice",
                                 format_func=lambda d: t("kpi_direction_infer" if d is None else f"direction_{d}", lang))
        if st.button(t("kpi_add_button", lang), key="kpi_add"):
            run(lambda: kpis.add(data_dir(), kpi_id, direction, fetch.KoladaClient(timeout=15, attempts=3), writer=who),
                "kpi_running", "kpi_failed")
