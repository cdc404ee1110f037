"""Målet: each period target for the chosen kommun – the verdict in words, the yearly bars
against the baseline average, and a projection while the target period is under way."""
import streamlit as st

from lagesbild import figures, narrative, views
from lagesbild.i18n import t
from pages._shared import context, show_figure

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(f"{t('page_malet', lang)} – {name}")

for status in views.target_status(store, kommun, lang):
    target, row = status.target, status.row
    with st.container(border=True):
        st.subheader(target.title(lang))
        st.markdown(t("offentlig_definition", lang, parts=", ".join(status.parts)) + views.left_out_text(status, store, lang))
        if row is None or row["method"] == "insufficient_data":
            st.info(views.missing_data_text(status, store, name, lang))
            continue
        st.markdown(f"**{t('verdict_' + row['verdict'], lang)}**")
        st.markdown(narrative.target_sentence(store, kommun, target, lang))
        st.markdown(views.target_totals_text(status, lang) + " · " + views.rate_ratio_text(row, lang))
        show_figure(figures.target(store, status.target, kommun, lang), f"bars_{target.id}_{kommun}")

st.caption(t("offentlig_note", lang))
