"""Målet: each period target for the chosen kommun – the verdict in words with its one number, the
yearly bars against the baseline average, and a projection while the target period is under way."""
import streamlit as st

from lagesbild import figures, narrative, views
from lagesbild.i18n import t
from pages._shared import context, data_link, how_we_count, md, show_figure, show_freshness

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
name = views.geo_name(store, kommun)
st.title(md(f"{t('page_malet', lang)} – {name}"))

targets = views.target_status(store, kommun, lang)
for status in targets:
    target, row = status.target, status.row
    with st.container(border=True):
        st.subheader(md(target.title(lang)))
        # md() drops the left-out text's leading space: joined with one ("… kan ändras. Våldsbrott …").
        st.markdown(" ".join(p for p in (t("offentlig_definition", lang, parts=md(", ".join(status.parts))),
                                         md(views.left_out_text(status, store, lang))) if p))
        if views.target_change(row) is None:
            st.info(md(views.missing_data_text(status, store, name, lang)))
            data_link(ctx)
            continue
        st.markdown(f"**{md(views.target_answer(status, lang))}**")
        show_freshness(ctx, status.indicators)
        if row["verdict"] == "pending":
            st.markdown(md(narrative.target_sentence(store, kommun, target, lang)))
        st.markdown(md(views.target_totals_text(status, lang)))
        show_figure(figures.target(store, status.target, kommun, lang), f"bars_{target.id}_{kommun}")

how_we_count(ctx, targets)
