"""Presentationsläge: the lägesbild's slides (lagesbild.deck), one message per screen, large type, no sidebar."""
from html import escape

import plotly.graph_objects as go
import streamlit as st

from lagesbild import theme
from lagesbild.i18n import t
from pages._shared import context, deck_slides, md

ctx = context()
lang = ctx.lang
slides = deck_slides(ctx)

# No sidebar on this page (the entry file owns page config); large type for the back of the room.
st.markdown(f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"] {{display: none;}}
h1 {{font-size: 3.2rem !important; line-height: 1.15 !important; color: {theme.TEXT};}}
.lb-body {{font-size: 2rem; line-height: 1.35; color: {theme.TEXT}; margin-bottom: 0.8rem;}}
.lb-label {{font-size: 1.6rem; color: {theme.MUTED};}}
.lb-figure {{font-size: 5rem; font-weight: 700; color: {theme.KOMMUN}; line-height: 1.1;}}
.lb-demo {{font-size: 1.4rem; font-weight: 700; color: {theme.DEMO_RED}; text-align: right;}}
</style>""", unsafe_allow_html=True)


def text(css_class: str, value: str) -> None:
    st.markdown(f'<div class="{css_class}">{escape(" ".join(value.split()))}</div>', unsafe_allow_html=True)


def move(step: int) -> None:
    st.session_state["presentation_index"] = min(max(st.session_state.get("presentation_index", 0) + step, 0),
                                                 len(slides) - 1)


index = min(st.session_state.get("presentation_index", 0), len(slides) - 1)
slide = slides[index]

# Navigation first, so next/previous stay on screen whatever the slide's height.
previous, counter, following, leave, demo_mark = st.columns([1, 1, 1, 1.5, 1], vertical_alignment="center")
previous.button(t("presentation_prev", lang), key="presentation_prev", on_click=move, args=(-1,),
                disabled=index == 0, icon=":material/arrow_back:", width="stretch", shortcut="PageUp")
counter.markdown(t("presentation_counter", lang, n=index + 1, total=len(slides)))
following.button(t("presentation_next", lang), key="presentation_next", on_click=move, args=(1,),
                 disabled=index == len(slides) - 1, icon=":material/arrow_forward:", width="stretch", type="primary",
                 shortcut="PageDown")  # what presentation clickers send
leave.page_link("pages/lagesbild.py", label=t("presentation_exit", lang), icon=":material/close:")
if ctx.store.is_demo:
    with demo_mark:
        text("lb-demo", "EXEMPELDATA")
st.title(md(slide.title), anchor=False)
if slide.kind == "figures":
    for column, key_figure in zip(st.columns(len(slide.figures)), slide.figures):
        with column:
            text("lb-label", key_figure.label)
            text("lb-figure", key_figure.value)
            for line in (key_figure.change, key_figure.comparisons):
                if line:
                    text("lb-body", line)
            st.caption(md(key_figure.source_line))
else:
    for line in slide.body:
        text("lb-body", line)
if slide.chart is not None:
    figure = go.Figure(slide.chart.figure).update_layout(height=460)  # fits a projector's screen
    st.plotly_chart(figure, width="stretch", key=f"presentation_chart_{index}",
                    config={"displaylogo": False, "locale": "sv" if lang == "sv" else "en"})
    st.caption(md(slide.chart.source_line))
    st.caption(md(t("chart_alt_label", lang, text=slide.chart.alt_text)))

