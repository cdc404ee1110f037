"""Målet: each period target for the chosen kommun – the verdict in words, the yearly bars
against the baseline average, and a projection while the target period is under way."""
import streamlit as st

from lagesbild import figures, narrative, views
from lagesbild.i18n import t
from pages._shared import context, md, show_figure

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(md(f"{t('page_malet', lang)} – {name}"))

for status in views.target_status(store, kommun, lang):
    target, row = status.target, status.row
    with st.container(border=True):
        st.subheader(md(target.title(lang)))
        st.markdown(t("offentlig_definition", lang, parts=md(", ".join(status.parts))))
        if row is None or row["method"] == "insufficient_data":
            st.info(md(t("no_target_data", lang, kommun=name)))
            continue
        st.markdown(f"**{t('verdict_' + row['verdict'], lang)}**")
        st.markdown(md(narrative.target_sentence(store, kommun, target, lang)))
        st.markdown(md(views.target_totals_text(status, lang) + " · " + views.rate_ratio_text(row, lang)))
        show_figure(figures.target(store, status.target, kommun, lang), f"bars_{target.id}_{kommun}")

st.caption(t("offentlig_note", lang))
