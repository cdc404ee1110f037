"""Lägesbild: the entry point. Page config, navigation, the shared sidebar and the demo banner.

Start it with `python dashboard.py [streamlit options]` (pages/_serve.py: `streamlit run dashboard.py` with the
store read and the first page prepared before the first browser arrives)."""
import sys
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

if __name__ == "__main__" and get_script_run_ctx(suppress_warning=True) is None:   # started with python, not run by Streamlit
    from pages._serve import serve

    serve(__file__, sys.argv[1:])
    raise SystemExit

run_started = time.perf_counter()
from lagesbild import analysis, views
from lagesbild.i18n import LANGS, t
from pages._shared import DEEP_LINK, ROOT, from_address, load_store, log_run, to_address

ICON = ROOT / "pages" / "assets" / "icon.png"
STYLE = ROOT / "pages" / "assets" / "app.css"

# The icon is a file of the app's own: a Material icon name makes the browser fetch it from Google's font CDN.
st.set_page_config(page_icon=str(ICON), layout="wide")
st.html(STYLE)  # focus rings and what else the theme has no setting for

# A shared address (?kommun=0683&lang=en) chooses the language and the kommun before the sidebar is drawn.
from_address("lang", "lang_choice", LANGS)
st.session_state.setdefault("lang_choice", "sv")
lang = st.sidebar.segmented_control("Språk / Language", list(LANGS), format_func=LANGS.get,
                                    key="lang_choice") or "sv"
# Streamlit's page says <html lang="en"> whatever the app's language and has no setting for it: this
# small script sets it to the chosen language (WCAG 3.1.1), so a screen reader speaks Swedish as Swedish.
# In the sidebar, where its empty element takes no room from the page (tests/e2e/test_accessibility.py).
st.sidebar.html(f'<script>document.documentElement.lang = "{lang}";</script>', unsafe_allow_javascript=True)
store = load_store(lang)

page = st.navigation({
    t("nav_overview", lang): [
        st.Page("pages/lagesbild.py", title=t("page_lagesbild", lang), icon=":material/dashboard:", default=True),
        st.Page("pages/malet.py", title=t("page_malet", lang), icon=":material/flag:"),
        st.Page("pages/faktisk_upplevd.py", title=t("page_faktisk_upplevd", lang), icon=":material/compare_arrows:"),
    ],
    t("nav_est", lang): [
        st.Page("pages/omraden.py", title=t("page_omraden", lang), icon=":material/map:"),
        st.Page("pages/insatser.py", title=t("page_insatser", lang), icon=":material/handshake:"),
        st.Page("pages/trygghetsbokslut.py", title=t("page_bokslut", lang), icon=":material/summarize:"),
        st.Page("pages/rapport.py", title=t("page_rapport", lang), icon=":material/gavel:"),
    ],
    t("nav_present", lang): [
        st.Page("pages/presentation.py", title=t("page_presentation", lang), icon=":material/co_present:"),
        st.Page("pages/data.py", title=t("page_data", lang), icon=":material/database:"),
    ],
    t("nav_about", lang): [
        st.Page("pages/tillganglighet.py", title=t("page_tillganglighet", lang), icon=":material/accessibility:"),
    ],
})
# Each page its own browser title in the chosen language ("Målet – Lägesbild"; the start page "Lägesbild").
app = t("app_title", lang)
st.set_page_config(page_title=app if page.title == app else f"{page.title} – {app}")

places = views.kommuner(store)
names = dict(zip(store.geographies["code"], store.geographies["name"]))
codes = places["code"].tolist()
from_address("kommun", "kommun", codes)
if st.session_state.get("kommun") not in codes and codes:  # a first visit, or an import replaced the store
    richest = views.richest_kommun(store)  # the demo opens on the kommun with every kind of data
    st.session_state["kommun"] = richest if richest in codes else codes[0]
kommun = st.sidebar.selectbox(t("sidebar_kommun", lang), codes, format_func=names.get, key="kommun")
to_address(kommun=kommun, lang=lang)  # the address names what is shown, so it can be sent on
others = [c for c in store.geographies.query("level != 'område'")["code"] if c != kommun]
st.sidebar.multiselect(t("sidebar_compare", lang), others, format_func=names.get,
                      default=views.default_comparisons(store, kommun), key=f"compare_{kommun}")
groups = {g.id: g.title(lang) for g in analysis.groups_of(store, kommun)}
if groups:  # Kolada's "Liknande kommuner socioekonomi, …" first; "" compares with no group
    st.sidebar.selectbox(t("sidebar_group", lang), [*groups, ""], key=f"group_{kommun}",
                         format_func=lambda g: groups[g] if g else t("sidebar_group_none", lang))

if DEEP_LINK in st.session_state:  # a direct link that arrived before navigation existed: go there now
    st.switch_page(st.session_state.pop(DEEP_LINK), query_params=st.query_params.to_dict())
if store.is_demo and page.url_path != "presentation":  # presentation mode carries its own, single mark
    st.warning(t("demo_banner", lang), icon=":material/science:")
try:
    page.run()
finally:
    log_run(run_started, page.url_path)   # with LAGESBILD_RUN_LOG set: the run's duration, for the benchmarks
