"""Faktisk och upplevd: recorded crime against perceived insecurity – indexed lines, the quadrant
over all kommuner, the sentences, trends, the local survey per area, comparisons and the map."""
import streamlit as st

from lagesbild import analysis, figures, narrative, views
from lagesbild.i18n import t
from pages._shared import context, how_we_count, md, show_figure, show_freshness, show_survey_areas

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
st.title(md(f"{t('page_faktisk_upplevd', lang)} – {views.geo_name(store, kommun)}"))
st.markdown("\n".join(f"- {md(s)}" for s in narrative.sentences(store, kommun, lang)))
targets = views.target_status(store, kommun, lang)
st.caption(md(" ".join(dict.fromkeys(views.definition_text(s, store, lang) for s in targets))))
show_freshness(ctx, [views.CRIME, narrative.PERCEIVED, *(targets[0].indicators if targets else ()), views.LOCAL_SURVEY])

for chart, key in ((figures.indexed(store, kommun, lang), "indexed"), (figures.quadrant(store, kommun, lang), "quadrant")):
    if chart is not None:
        show_figure(chart, f"{key}_{kommun}")

st.subheader(t("trends_heading", lang))
for column, indicator_id in zip(st.columns(2), (views.CRIME, narrative.PERCEIVED)):
    with column:
        show_figure(figures.trend(store, kommun, indicator_id, lang), f"trend_{indicator_id}_{kommun}")

show_survey_areas(ctx, f"areas_{kommun}")


def title_of(indicator_id: str) -> str:
    return views.indicator_title(store, indicator_id, lang)


st.subheader(t("comparison_heading", lang))
choices = analysis.map_indicators(store)
chosen = st.selectbox(t("choose_indicator", lang), choices, format_func=title_of,
                      index=choices.index(narrative.PERCEIVED) if narrative.PERCEIVED in choices else 0,
                      key="compare_indicator")
show_figure(figures.comparison(store, kommun, chosen, lang), f"comparison_{kommun}")

st.subheader(t("map_heading", lang))
levels = {"kommun": t("level_kommun", lang), "län": t("level_lan", lang)}
level = st.radio(t("map_level", lang), list(levels), format_func=levels.get, horizontal=True, key="map_level")
map_indicator = st.selectbox(t("choose_indicator", lang), choices, format_func=title_of, key="map_indicator")
show_figure(figures.choropleth(store, kommun, map_indicator, level, lang), f"map_{kommun}")
how_we_count(ctx, targets, ("method_index", "method_targets", "method_surveys", "method_changes"))
