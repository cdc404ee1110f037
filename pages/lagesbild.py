"""Lägesbild: the chosen kommun's recorded crime and perceived insecurity, and the target."""
import streamlit as st

from lagesbild import figures, fmt, narrative, views
from lagesbild.i18n import t
from pages._shared import context, presentation_button, show_figure

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

chart = figures.crime_and_insecurity(store, kommun, ctx.comparisons, lang)
if chart is not None:
    show_figure(chart, f"brott_och_otrygghet_{kommun}")

for status in views.target_status(store, kommun, lang):
    with st.container(border=True):
        st.subheader(t("target_heading", lang, title=status.target.title(lang)))
        st.caption(views.definition_text(status, store, lang))
        row = status.row
        if row is None or row["method"] == "insufficient_data":
            st.info(views.missing_data_text(status, store, name, lang))
            continue
        st.markdown(views.target_totals_text(status, lang))
        if row["verdict"] == "pending":
            st.markdown(narrative.target_sentence(store, kommun, status.target, lang))
        verdict = t('verdict_' + row['verdict'], lang)
        st.markdown(f"**{verdict}** " + views.rate_ratio_text(row, lang))
        show_figure(figures.target(store, status.target, kommun, lang), f"{status.target.id}_{kommun}")

months = views.months_against_last_year(store, kommun, lang=lang)
if months is not None:
    st.subheader(t("months_heading", lang))
    st.markdown(views.months_text(months, lang))
    st.dataframe(views.months_table(months, lang), hide_index=True)
    st.caption(months.source)
