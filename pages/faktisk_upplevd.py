"""Faktisk och upplevd: recorded crime against perceived insecurity – indexed lines, the quadrant
over all kommuner, the sentences, trends, the local survey per area, comparisons and the map."""
import streamlit as st

from lagesbild import analysis, charts, describe, figures, fmt, geo, narrative, views
from lagesbild.i18n import t
from pages._shared import context, show_chart, show_figure

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(f"{t('page_faktisk_upplevd', lang)} – {name}")
PERCEIVED, CRIME = narrative.PERCEIVED, views.CRIME


def show(fig, source_frame, data, alt: str, key: str) -> None:
    show_chart(fig, title=fig.layout.title.text or "", source_line=views.source_line(source_frame, lang), data=data,
               alt_text=alt, key=f"{key}_{kommun}")


def title_of(indicator_id: str) -> str:
    return views.indicator(store, indicator_id)["title_en" if lang == "en" else "title_sv"]


st.markdown("\n".join(f"- {s}" for s in narrative.sentences(store, kommun, lang)))

for chart, key in ((figures.indexed(store, kommun, lang), "indexed"), (figures.quadrant(store, kommun, lang), "quadrant")):
    if chart is not None:
        show_figure(chart, f"{key}_{kommun}")

st.subheader(t("trends_heading", lang))
left, right = st.columns(2)
for column, indicator_id, unit in ((left, CRIME, " %"), (right, PERCEIVED, f" {fmt.points_unit(lang)}")):
    with column:
        changes = analysis.trend(store, indicator_id, kommun)
        fig = charts.yearly_change_bars(changes, unit, t("trend_title", lang, title=title_of(indicator_id)), lang)
        show(fig, analysis.source_rows(store, [indicator_id], [kommun]), views.changes_table(changes, lang), describe.changes_alt(changes, unit, lang),
             f"trend_{indicator_id}")

areas = analysis.survey_areas(store, kommun, narrative.LOCAL_SURVEY)
if len(areas):
    st.subheader(t("areas_heading", lang, year=int(areas["year"].iloc[0])))
    fig = charts.survey_area_bars(areas, title_of(narrative.LOCAL_SURVEY), lang)
    show(fig, areas, views.areas_table(areas, lang), describe.areas_alt(areas, lang), "areas")
    st.markdown("\n".join(f"- {line}" for line in narrative.area_changes(areas, lang)))

st.subheader(t("comparison_heading", lang))
choices = analysis.map_indicators(store)
chosen = st.selectbox(t("choose_indicator", lang), choices, format_func=title_of,
                      index=choices.index(PERCEIVED) if PERCEIVED in choices else 0, key="compare_indicator")
comp = analysis.comparison(store, kommun, chosen, lang)
fig = charts.comparison_chart(comp.lines, comp.band, kommun, analysis.breaks_of(store, chosen), title_of(chosen),
                              t("iqr_band", lang), lang)
show(fig, comp.rows, views.comparison_table(comp.lines, comp.band, lang), describe.comparison_alt(comp.lines, comp.band, lang), "comparison")

st.subheader(t("map_heading", lang))
levels = {"kommun": t("level_kommun", lang), "län": t("level_lan", lang)}
level = st.radio(t("map_level", lang), list(levels), format_func=levels.get, horizontal=True, key="map_level")
map_indicator = st.selectbox(t("choose_indicator", lang), choices, format_func=title_of, key="map_indicator")
values = analysis.map_values(store, map_indicator, level)
outlined = kommun if level == "kommun" else kommun[:2]
shapes = geo.boundaries(values["code"].tolist(), level)
fig = charts.choropleth_map(values, shapes, outlined,
                            f"{title_of(map_indicator)}, {values['period'].iloc[0] if len(values) else ''}",
                            views.indicator(store, map_indicator)["unit"], geo.fit_view(shapes), lang)
show(fig, values[values["source"] != ""], views.map_table(values, lang), describe.map_alt(values, views.geo_name(store, outlined), lang), "map")
