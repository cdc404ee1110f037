"""Områden: the areas' recent incidents against a year earlier, and the quarterly ranking of areas."""
import streamlit as st

from lagesbild import charts_est, est, views
from lagesbild.export import table_csv
from lagesbild.i18n import t
from pages._shared import context

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(f"{t('page_omraden', lang)} – {name}")
source = est.area_source(store, kommun, lang)

if est.areas(store, kommun).empty:
    st.info(t("no_incidents", lang, kommun=name))
    st.caption(source)
    st.stop()

st.subheader(t("omraden_recent_heading", lang))
st.caption(t("omraden_recent_note", lang))
situation = est.area_situation(store, kommun, lang=lang)
st.dataframe(est.situation_table(situation, lang), hide_index=True, width="stretch")

st.subheader(t("omraden_ranking_heading", lang))
ranking = est.quarterly_ranking(store, kommun, lang)
st.caption(t("omraden_ranking_note", lang))
st.plotly_chart(charts_est.area_signals(ranking, lang), width="stretch",
                config={"displaylogo": False, "locale": "sv" if lang == "sv" else "en"})
table = est.ranking_table(ranking, lang)
st.dataframe(table, hide_index=True, width="stretch")
st.download_button(t("est_download_csv", lang), table_csv(table), file_name=f"omraden_{kommun}.csv", mime="text/csv")
st.caption(source)
