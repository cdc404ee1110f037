"""Presentationsläge: the lägesbild's slides (lagesbild.deck), one message per screen, large type, no sidebar.

Each slide fits one projector screen (1600×900 or 1920×1080) without scrolling: the chart takes the
height the text leaves (CSS viewport units), and Streamlit's header, sidebar and padding are hidden.
"""
from html import escape

import plotly.graph_objects as go
import streamlit as st

from lagesbild import theme
from lagesbild.i18n import t
from pages._shared import context, deck_slides, md

CHART_FONT_PX = 20  # the back of the room: every chart text ≥ 18 px

ctx = context()
lang = ctx.lang
slides = deck_slides(ctx)

st.markdown(f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"] {{display: none;}}
[data-testid="stMainBlockContainer"] {{padding: 1rem 2.5rem 0.5rem; max-width: 100%;}}
h1 {{font-size: 2.6rem !important; line-height: 1.15 !important; padding: 0.2rem 0 0.4rem !important; color: {theme.TEXT};}}
.lb-body {{font-size: 1.55rem; line-height: 1.3; color: {theme.TEXT}; margin-bottom: 0.4rem;}}
.lb-label {{font-size: 1.5rem; color: {theme.MUTED};}}
.lb-figure {{font-size: 4.5rem; font-weight: 700; color: {theme.KOMMUN}; line-height: 1.1;}}
.lb-demo {{font-size: 1.4rem; font-weight: 700; color: {theme.DEMO_RED}; text-align: right;}}
.lb-source {{font-size: 1rem; color: {theme.MUTED};}}
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
            text("lb-source", key_figure.source_line)
else:
    for line in slide.body:
        text("lb-body", line)
if slide.chart is not None:
    # The height the title, the message and the source leave on the screen: Plotly's own height is
    # pixels, so the container is sized in viewport units and the figure fills it.
    lines = len(slide.body) + slide.title.count(" ") // 9
    st.markdown(f"<style>.st-key-presentation_chart {{height: calc(100vh - {13 + 3 * lines}rem);}}</style>",
                unsafe_allow_html=True)
    figure = (go.Figure(slide.chart.figure)
              .update_layout(font_size=CHART_FONT_PX, height=None, legend_font_size=CHART_FONT_PX)
              .update_annotations(font_size=CHART_FONT_PX))
    # The text alternative is the chart's accessible name (alt), not printed on the projected slide.
    with st.container(key="presentation_chart"):
        st.plotly_chart(figure, width="stretch", height="stretch", theme=None, key=f"presentation_chart_{index}",
                        alt=slide.chart.alt_text, config=theme.plotly_config(lang))
    text("lb-source", slide.chart.source_line)
elif slide.source:
    text("lb-source", slide.source)
