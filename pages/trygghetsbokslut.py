"""Trygghetsbokslut: the year's figures against every target, and the insatser of the year; exportable."""
from functools import partial

import streamlit as st

from lagesbild import deck, est
from lagesbild.export import table_csv, table_xlsx
from lagesbild.i18n import t
from pages._shared import context, md, presentation_button

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
years = est.bokslut_years(store, kommun)
if not years:
    st.title(t("page_bokslut", lang))
    st.info(t("no_bokslut_data", lang))
    st.caption(t("source", lang, sources=t("missing", lang)))
    st.stop()
year = st.selectbox(t("bokslut_year", lang), years, key=f"bokslut_year_{kommun}")
b = est.trygghetsbokslut(store, kommun, year, lang)
st.title(md(t("bokslut_title", lang, kommun=b.name, year=year)))
st.caption(t("bokslut_note", lang))
presentation_button(ctx, partial(deck.trygghetsbokslut_deck, year=year), stem=f"trygghetsbokslut_{year}")

for key, table, heading in (("figures", b.figures, "bokslut_figures"), ("targets", b.targets, "bokslut_targets"),
                            ("insatser", b.insatser, "bokslut_insatser")):
    st.subheader(t(heading, lang))
    if table.empty:
        st.info(t("bokslut_empty", lang))
        continue
    st.dataframe(est.formatted(table, lang, 1 if key == "figures" else 2), hide_index=True, width="stretch")
    left, right = st.columns(2)
    stem = f"trygghetsbokslut_{kommun}_{year}_{key}"
    # The files are made when clicked (a callable), not on every rerun.
    left.download_button(t("est_download_csv", lang), partial(table_csv, table), file_name=f"{stem}.csv",
                         mime="text/csv", key=f"csv_{key}", on_click="ignore")
    right.download_button(t("est_download_xlsx", lang),
                          partial(table_xlsx, table, sheet_name=t(heading, lang), source_line=b.source, demo=store.is_demo),
                          file_name=f"{stem}.xlsx", key=f"xlsx_{key}", on_click="ignore",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
st.caption(md(b.source))
