"""Områden: the areas' recent incidents against a year earlier, and the quarterly ranking of areas."""
import streamlit as st

from lagesbild import charts_est, describe, est, views
from lagesbild.i18n import t
from pages._shared import context, data_link, how_we_count, md, show_chart, show_freshness, show_survey_areas, table

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(md(f"{t('page_omraden', lang)} – {name}"))

if est.areas(store, kommun).empty:
    st.info(t("no_incidents", lang, kommun=md(name)))
    data_link(ctx)
    show_survey_areas(ctx, f"omraden_areas_{kommun}")  # what is felt per area, while incidents are missing
    how_we_count(ctx, methods=("method_surveys", "method_changes"))
    st.stop()

show_freshness(ctx, [views.LOCAL_SURVEY], areas=True)
source = est.area_source(store, kommun, lang)
situation = est.area_situation(store, kommun, lang=lang)
st.subheader(t("omraden_recent_heading", lang, period=situation["period"].iloc[0] if len(situation) else "–"))
st.caption(t("omraden_recent_note", lang))
table(est.situation_table(situation, lang), answer=t("col_change", lang))

st.subheader(t("omraden_ranking_heading", lang))
ranking = est.quarterly_ranking(store, kommun, lang)
st.caption(t("omraden_ranking_note", lang))
fig = charts_est.area_signals(ranking, lang)
show_chart(fig, title=t("chart_area_signals", lang), source_line=source, data=est.ranking_data(ranking, lang),
           alt_text=describe.area_signals_alt(ranking, lang), key=f"omraden_{kommun}")
table(est.ranking_table(ranking, lang))
how_we_count(ctx, methods=("method_surveys", "method_changes"))
