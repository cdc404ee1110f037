"""Lägesbild enligt lagen (Lag 2023:196, 4 §): kartläggning, konsekvenser, annan relevant information, analys,
åtgärdsplan and uppföljning, the same blocks as the Word and PDF document (lagesbild/document.py), with its
downloads and a one-page public summary."""
from datetime import date

import streamlit as st

from lagesbild import document, export
from lagesbild import rapport as rp
from lagesbild.errors import LagesbildError
from lagesbild.i18n import t
from pages._shared import context, md, show_figure, table

ctx = context()
lang, store, kommun = ctx.lang, ctx.store, ctx.kommun
years = rp.rapport_years(store, kommun) or [date.today().year - 1]   # the latest year with figures first
year = st.sidebar.selectbox(t("rapport_year", lang), years, key=f"rapport_year_{kommun}")
try:
    doc = document.rapport_document(store, kommun, year, lang, group=ctx.group)
except LagesbildError as exc:
    st.title(t("page_rapport", lang))
    st.warning(md(exc.message(lang)))
    st.stop()

MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}
name = export.download_name(doc.title)


def show_block(n: int, block) -> None:
    """One block of the document on the page, as Word and PDF show it."""
    if isinstance(block, document.Heading):
        {0: st.title, 1: st.header}.get(block.level, st.subheader)(md(block.text))
        if block.level == 0:   # the downloads right under the title
            columns = st.columns(3)
            for column, suffix in zip(columns, ("docx", "pdf")):
                column.download_button(t(f"rapport_download_{suffix}", lang),
                                       lambda s=suffix: document.to_docx(doc) if s == "docx" else document.to_pdf(doc),
                                       file_name=f"{name}.{suffix}", mime=MIME[suffix], key=f"rapport_{suffix}",
                                       on_click="ignore", icon=":material/download:")
    elif isinstance(block, document.Text):
        if block.style == "muted":
            st.caption(md(block.text))
        elif block.style == "strong":
            st.markdown(f"**{md(block.text)}**")
        elif block.style == "bullet":
            st.markdown(f"- {md(block.text)}")
        else:
            st.markdown(md(block.text))
    elif isinstance(block, document.Table):
        table(block.frame, answer=block.frame.columns[-1])
    elif isinstance(block, document.Figure):
        show_figure(block.chart, key=f"rapport_chart_{n}")


place = st.container()   # "Så räknar vi" and what follows it go in a closed expander, as on every page
for n, block in enumerate(doc.blocks):
    if isinstance(block, document.Heading) and block.text == t("how_we_count", lang):
        place = st.expander(block.text)
        continue
    with place:
        show_block(n, block)

st.header(t("rapport_summary_heading", lang))
summary = document.summary_document(store, kommun, year, lang)
for block in summary.blocks[1:]:
    st.markdown(md(block.text))
left, right, _ = st.columns(3)
left.download_button(t("rapport_summary_download_html", lang), document.to_html(summary), file_name=f"{name}_sammanfattning.html",
                     mime="text/html", key="rapport_summary_html", on_click="ignore", icon=":material/download:")
right.download_button(t("rapport_summary_download_pdf", lang), lambda: document.to_pdf(summary),
                      file_name=f"{name}_sammanfattning.pdf", mime="application/pdf", key="rapport_summary_pdf",
                      on_click="ignore", icon=":material/download:")

