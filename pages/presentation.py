"""Presentationsläge: the lägesbild's slides (lagesbild.deck), one message per screen, large type, no sidebar.

Each slide fills a projector's screen (1600×900 or 1920×1080) without scrolling: below the navigation and the
title, the slide is one container as tall as the rest of the screen (CSS flex on viewport units); a chart grows
into the height its message leaves, the title slide's name stands in the middle, and the source sits at the foot.
Type is sized in viewport units, so it grows with the screen.
"""
from html import escape

import plotly.graph_objects as go
import streamlit as st

from lagesbild import theme
from lagesbild.i18n import t
from pages._shared import context, deck_slides, md

CHART_FONT_PX = 20  # the back of the room: every chart text ≥ 18 px
LEGEND_ROOM = 130   # px under the plot: tick labels, axis title and a row or two of legend at CHART_FONT_PX

ctx = context()
lang = ctx.lang
slides = deck_slides(ctx)

# Streamlit draws a container made with a fixed height as a flex column its chart (height="stretch") fills; here
# that container takes whatever height the screen leaves (flex: 1), whatever number it was made with.
st.markdown(f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stAppIframeResizerAnchor"] {{display: none;}}
[data-testid="stMainBlockContainer"] {{padding: 1.2vh 2.5vw calc(1vh + 1rem); max-width: 100%; height: 100vh; box-sizing: border-box;
  display: flex; flex-direction: column;}}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {{flex: 1 1 0; min-height: 0; gap: 0.8vh;}}
[data-testid="stLayoutWrapper"]:has(> .st-key-slide) {{flex: 1 1 0; min-height: 0;}}
.st-key-slide {{height: 100% !important; max-height: none !important; overflow: hidden !important; gap: 1vh;}}
.st-key-slide > * {{flex-shrink: 0;}}
.st-key-slide > [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {{flex: 1 1 0 !important;
  min-height: 0 !important;}}
.st-key-slide_title {{justify-content: center; flex: 1 1 0; border-left: 1.4vh solid {theme.KOMMUN}; padding-left: 2.5vw;}}
[data-testid="stLayoutWrapper"]:has(> .st-key-slide_title) {{flex: 1 1 0;}}
h1 {{font-size: 5.2vh !important; line-height: 1.15 !important; padding: 0.4vh 0 0.6vh !important; color: {theme.TEXT};}}
.lb-body {{font-size: 3.1vh; line-height: 1.3; color: {theme.TEXT};}}
.lb-label {{font-size: 3vh; color: {theme.MUTED};}}
.lb-figure {{font-size: 10vh; font-weight: 700; color: {theme.KOMMUN}; line-height: 1.1;}}
.lb-demo {{font-size: 2.6vh; font-weight: 700; color: {theme.DEMO_RED}; text-align: right;}}
.lb-source {{font-size: 1.8vh; line-height: 1.35; color: {theme.MUTED};}}
.st-key-slide_title h1 {{font-size: 11vh !important; line-height: 1.05 !important;}}
.lb-subtitle {{font-size: 4.4vh; color: {theme.KOMMUN}; margin-top: 2vh;}}
.lb-date {{font-size: 3.2vh; color: {theme.MUTED}; margin-top: 1vh;}}
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
if slide.kind != "title":
    st.title(md(slide.title), anchor=False)

if slide.kind == "figures":  # the key figures in the middle of the screen
    st.markdown("<style>.st-key-slide {justify-content: center;}</style>", unsafe_allow_html=True)
with st.container(key="slide", height=400, border=False):
    if slide.kind == "title":  # the kommun's name in the middle of the screen, what and when under it
        with st.container(key="slide_title"):
            st.title(md(slide.title), anchor=False)
            text("lb-subtitle", slide.body[0])
            for line in slide.body[1:]:
                text("lb-date", line)
    elif slide.kind == "figures":
        for column, key_figure in zip(st.columns(len(slide.figures), gap="large"), slide.figures):
            with column:
                text("lb-label", key_figure.label)
                text("lb-figure", key_figure.value)
                for line in (key_figure.change, key_figure.comparisons):
                    if line:
                        text("lb-body", line)
    else:
        for line in slide.body:
            text("lb-body", line)
    if slide.chart is not None:
        # The legend at the foot of the chart's own box, under the large tick labels (placed below the plot by a share
        # of its height, it ran into them on a tall screen).
        figure = (go.Figure(slide.chart.figure)
                  .update_layout(font_size=CHART_FONT_PX, height=None, legend_font_size=CHART_FONT_PX,
                                 legend={"yref": "container", "y": 0, "yanchor": "bottom"},
                                 margin_b=LEGEND_ROOM if slide.chart.figure.layout.showlegend is not False else None)
                  .update_annotations(font_size=CHART_FONT_PX))
        # The text alternative is the chart's accessible name (alt), not printed on the projected slide.
        st.plotly_chart(figure, width="stretch", height="stretch", theme=None, key=f"presentation_chart_{index}",
                        alt=slide.chart.alt_text, config=theme.plotly_config(lang))
sources = [slide.source, slide.chart.source_line] if slide.chart is not None else \
    list(dict.fromkeys(f.source_line for f in slide.figures)) if slide.kind == "figures" else [slide.source]
# At the foot of the screen: the slide's sources, else what the deck is (the title slide's kommun and date).
for line in [line for line in sources if line] or [" · ".join((slides[0].title, *slides[0].body))]:
    text("lb-source", line)
