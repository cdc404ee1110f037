"""One look for screen, image and slide: colour-blind-safe colours, large type, Swedish separators."""
from __future__ import annotations

import plotly.graph_objects as go

# Okabe–Ito: distinguishable with the common colour-vision deficiencies; high contrast on white.
KOMMUN = "#0072B2"
LAN = "#D55E00"
RIKET = "#4D4D4D"
OTHERS = ("#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
BAND = "rgba(0,114,178,0.15)"
FONT = "Source Sans Pro, Arial, sans-serif"


def apply(fig: go.Figure, lang: str = "sv") -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT, "size": 16, "color": "#1A1A1A"},
        separators=", " if lang != "en" else ".,",
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
        margin={"l": 60, "r": 30, "t": 70, "b": 60},
        hoverlabel={"font_size": 15},
    )
    fig.update_xaxes(showgrid=False, ticks="outside", dtick=2)
    fig.update_yaxes(gridcolor="#E5E5E5", rangemode="tozero")
    return fig


def colour(role: str, index: int = 0) -> str:
    return {"kommun": KOMMUN, "län": LAN, "riket": RIKET}.get(role, OTHERS[index % len(OTHERS)])
