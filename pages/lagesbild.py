"""Lägesbild: the chosen kommun's recorded crime and perceived insecurity, and the target."""
import pandas as pd
import streamlit as st

from lagesbild import charts, fmt, narrative, views
from lagesbild.i18n import t
from pages._shared import context, presentation_button, show_chart

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(f"{t('page_lagesbild', lang)} – {name}")
presentation_button(ctx)


def headline_card(indicator_id: str, label: str, decimals: int) -> None:
    h = views.headline(store, kommun, indicator_id, ctx.comparisons, lang)
    with st.container(border=True):
        if h is None:
            st.metric(label, t("missing", lang))
            return
        text, colour = views.delta(store, h, lang)
        st.metric(f"{label}, {h.period}" + (f" ({t('preliminary', lang)})" if h.status == "preliminary" else ""),
                  views.value_text(h.value, h.unit, decimals, lang), text, delta_color=colour)
        if h.ci:
            st.caption(t("ci95", lang, low=fmt.number(h.ci[0], 1, lang), high=fmt.number(h.ci[1], 1, lang)))
        peers = " · ".join(f"{n}: {views.value_text(v, h.unit, decimals, lang)}" for _, n, v in h.comparisons)
        if peers:
            st.markdown(peers)
        st.caption(h.source)


left, right = st.columns(2)
with left:
    headline_card(views.CRIME, t("headline_crime", lang), 0)
with right:
    headline_card(views.INSECURITY, t("headline_insecurity", lang), 1)

geos = [kommun, *ctx.comparisons]
crime = views.series(store, views.CRIME, geos)
insecurity = views.series(store, views.INSECURITY, geos)
names = {c: views.geo_name(store, c) for c in geos}
fig = charts.crime_and_insecurity(crime, insecurity, kommun, names, views.series_breaks(store, views.INSECURITY), lang)
both = pd.concat([crime, insecurity])
show_chart(fig, title=t("chart_title", lang, kommun=name), source_line=views.source_line(both, lang),
           data=views.series_table(both, store, lang), alt_text=views.chart_alt_text(crime, insecurity, kommun, names, lang),
           key=f"brott_och_otrygghet_{kommun}")

for status in views.target_status(store, kommun, lang):
    with st.container(border=True):
        st.subheader(t("target_heading", lang, title=status.target.title(lang)))
        st.caption(t("target_definition", lang, parts=", ".join(status.parts)))
        row = status.row
        if row is None or row["method"] == "insufficient_data":
            st.info(t("no_target_data", lang, kommun=name))
            continue
        st.markdown(views.target_totals_text(status, lang))
        if row["verdict"] == "pending":
            st.markdown(narrative.target_sentence(store, kommun, status.target, lang))
        verdict = t('verdict_' + row['verdict'], lang)
        st.markdown(f"**{verdict}** " + views.rate_ratio_text(row, lang))
        chart_title = t("chart_target_title", lang, kommun=name)
        target = status.target
        show_chart(charts.target_yearly(status.yearly, target.baseline, target.target, chart_title, lang),
                   title=chart_title, source_line=views.target_source_line(store, status, kommun, lang),
                   data=views.target_table(status, lang), key=f"{target.id}_{kommun}",
                   alt_text=t("target_alt", lang, kommun=name, totals=views.target_totals_text(status, lang), verdict=verdict))
