"""Målet: each period target for the chosen kommun – the verdict in words, the yearly bars
against the baseline average, and a projection while the target period is under way."""
import streamlit as st

from lagesbild import analysis, charts, describe, narrative, views
from lagesbild.i18n import t
from pages._shared import context, show_chart

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(f"{t('page_malet', lang)} – {name}")

for status in views.target_status(store, kommun, lang):
    target, row = status.target, status.row
    with st.container(border=True):
        st.subheader(target.title(lang))
        st.markdown(t("offentlig_definition", lang, parts=", ".join(status.parts)))
        if row is None or row["method"] == "insufficient_data":
            st.info(t("no_target_data", lang, kommun=name))
            continue
        st.markdown(f"**{t('verdict_' + row['verdict'], lang)}**")
        st.markdown(narrative.target_sentence(store, kommun, target, lang))
        st.markdown(views.target_totals_text(status, lang) + " · " + views.rate_ratio_text(row, lang))
        chart = analysis.target_chart(store, kommun, target)
        title = t("bars_title", lang, kommun=name)
        fig = charts.target_bars(chart.yearly, target.baseline, target.target, chart.baseline_average,
                                 chart.projection, title, lang)
        show_chart(fig, title=title, source_line=views.target_source_line(store, status, kommun, lang),
                   data=views.target_table(status, lang), key=f"bars_{target.id}_{kommun}",
                   alt_text=describe.target_bars_alt(chart.yearly, target.baseline, target.target,
                                                     chart.baseline_average, lang))

st.caption(t("offentlig_note", lang))
