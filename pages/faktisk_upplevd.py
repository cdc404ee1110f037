"""Faktisk och upplevd: recorded crime against perceived insecurity – indexed lines, the quadrant
over all kommuner, the sentences, trends, the local survey per area, comparisons and the map."""
import streamlit as st

from lagesbild import analysis, figures, narrative, views
from lagesbild.i18n import t
from pages._shared import context, how_we_count, md, show_figure, show_figure_or, show_freshness, show_survey_areas

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(md(f"{t('page_faktisk_upplevd', lang)} – {name}"))
sentences = narrative.sentences(store, kommun, lang)
if sentences:
    st.markdown("\n".join(f"- {md(s)}" for s in sentences))
else:
    st.info(md(t("too_little_to_compare", lang, kommun=name)), icon=":material/info:")
targets = views.target_status(store, kommun, lang)
st.caption(md(" ".join(dict.fromkeys(views.definition_text(s, store, lang) for s in targets))))
show_freshness(ctx, [views.CRIME, narrative.PERCEIVED, *(targets[0].indicators if targets else ()), views.LOCAL_SURVEY])

indexed = figures.indexed(store, kommun, lang)
if indexed is not None:
    show_figure(indexed, f"indexed_{kommun}")
    if not views.has_values(store, narrative.PERCEIVED, kommun):   # only the measured line: say why
        st.caption(md(views.missing_text(store, kommun, narrative.PERCEIVED, lang)))
show_figure_or(figures.quadrant(store, kommun, lang), views.quadrant_missing_text(store, lang), f"quadrant_{kommun}")

st.subheader(t("trends_heading", lang))
for column, indicator_id in zip(st.columns(2), (views.CRIME, narrative.PERCEIVED)):
    with column:
        show_figure_or(figures.trend(store, kommun, indicator_id, lang), views.missing_text(store, kommun, indicator_id, lang),
                       f"trend_{indicator_id}_{kommun}")

show_survey_areas(ctx, f"areas_{kommun}")


def title_of(indicator_id: str) -> str:
    return views.indicator_title(store, indicator_id, lang)


st.subheader(t("comparison_heading", lang))
choices = analysis.map_indicators(store)
chosen = st.selectbox(t("choose_indicator", lang), choices, format_func=title_of,
                      index=choices.index(narrative.PERCEIVED) if narrative.PERCEIVED in choices else 0,
                      key="compare_indicator")
show_figure(figures.comparison(store, kommun, chosen, lang, ctx.group), f"comparison_{kommun}")
if not views.has_values(store, chosen, kommun):
    st.caption(md(views.missing_text(store, kommun, chosen, lang)))
standing = views.standing(store, kommun, chosen, ctx.group, lang)
if standing is not None and standing.lines(lang):
    st.markdown("\n".join(f"- {md(line)}" for line in standing.lines(lang)))
    st.caption(md(standing.basis(lang)))

st.subheader(t("funnel_heading", lang))
st.markdown(t("funnel_intro", lang))
funnel_choices = views.funnel_indicators(store) or choices
funnel_indicator = st.selectbox(t("choose_indicator", lang), funnel_choices, format_func=title_of, key="funnel_indicator")
group = next((g.members for g in analysis.groups_of(store, kommun) if g.id == ctx.group), ())
chart = figures.funnel(store, kommun, funnel_indicator, None, lang, group=tuple(group))
show_figure_or(chart, views.funnel_missing_text(store, funnel_indicator, lang), f"funnel_{kommun}")
left_out = views.funnel_left_out_text(views.funnel_data(store, funnel_indicator), lang)
if chart is not None and left_out:
    st.caption(md(left_out))

st.subheader(t("map_heading", lang))
levels = {"kommun": t("level_kommun", lang), "län": t("level_lan", lang)}
level = st.radio(t("map_level", lang), list(levels), format_func=levels.get, horizontal=True, key="map_level")
map_indicator = st.selectbox(t("choose_indicator", lang), choices, format_func=title_of, key="map_indicator")
show_figure(figures.choropleth(store, kommun, map_indicator, level, lang), f"map_{kommun}")
how_we_count(ctx, targets, ("method_index", "method_targets", "method_surveys", "method_changes", "method_comparisons",
                            "funnel_method"))
