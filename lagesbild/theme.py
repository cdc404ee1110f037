"""One look for screen, image and slide: colour-blind-safe colours, large type, Swedish separators."""
from __future__ import annotations

import plotly.graph_objects as go

# Okabe–Ito: distinguishable with the common colour-vision deficiencies; high contrast on white.
KOMMUN = "#0072B2"
LAN = "#D55E00"
RIKET = "#4D4D4D"
# Extra comparisons: the colours with ≥ 3:1 contrast on white (WCAG 1.4.11) come first.
OTHERS = ("#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9")
BAND = "rgba(0,114,178,0.15)"
FONT = "Source Sans Pro, Arial, sans-serif"


# What we use of plotly_white, as a small template: assigning plotly_white validates its defaults
# for every trace type (~15 ms a figure, several figures a page rerun); this takes well under 1 ms.
TEMPLATE = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white",
    "colorway": [KOMMUN, LAN, RIKET, *OTHERS],
    "xaxis": {"gridcolor": "#E5E5E5", "linecolor": "#BDBDBD", "zerolinecolor": "#E5E5E5", "automargin": True},
    "yaxis": {"gridcolor": "#E5E5E5", "linecolor": "#BDBDBD", "zerolinecolor": "#E5E5E5", "automargin": True},
})


# The house axes: no vertical grid, ticks outside, years as years (2016, not 2 016) and as many as the
# width allows (Plotly's automatic ticks: every year on a screen, fewer on a phone); horizontal grid from zero.
X_AXIS = {"showgrid": False, "ticks": "outside", "tickformat": "d"}
Y_AXIS = {"gridcolor": "#E5E5E5", "rangemode": "tozero"}


def layout(lang: str = "sv", **own) -> dict:
    """The house layout with a chart's own settings on top. xaxis, yaxis and every other axis named in
    `own` (xaxis2, …) get the house axis style under the chart's own settings."""
    out = {
        "template": TEMPLATE,
        "font": {"family": FONT, "size": 16, "color": "#1A1A1A"},
        "separators": ", " if lang != "en" else ".,",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
        "margin": {"l": 60, "r": 30, "t": 40, "b": 60},  # the title is the page's (or the image's), not the figure's
        "hoverlabel": {"font": {"size": 15}},
    }
    axes = {"xaxis": {}, "yaxis": {}, **{name: settings for name, settings in own.items() if name[1:5] == "axis"}}
    for name, settings in axes.items():
        out[name] = {**(X_AXIS if name.startswith("x") else Y_AXIS), **settings}
    return {**out, **{k: v for k, v in own.items() if k not in axes}}


def figure(traces: list[dict], lang: str = "sv", **own) -> go.Figure:
    """A figure in the house style from plain trace and layout dicts, validated once: far cheaper than
    building it step by step (make_subplots, add_trace, add_hline, update_*), which a page rerun pays for."""
    return go.Figure({"data": traces, "layout": layout(lang, **own)})


def apply(fig: go.Figure, lang: str = "sv") -> go.Figure:
    """The house style on a figure built step by step (theme.figure builds it in one go)."""
    fig.update_layout({k: v for k, v in layout(lang).items() if k not in ("xaxis", "yaxis")})
    fig.update_xaxes(X_AXIS)
    fig.update_yaxes(Y_AXIS)
    return fig


def colour(role: str, index: int = 0) -> str:
    return {"kommun": KOMMUN, "län": LAN, "riket": RIKET}.get(role, OTHERS[index % len(OTHERS)])

# Text colours for slides and presentation mode (WCAG 2.1 AA: ≥ 4.5:1 on white, see tests).
TEXT = "#1A1A1A"
MUTED = "#4D4D4D"
DEMO_RED = "#C00000"


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG 2.1 contrast ratio of two '#RRGGBB' colours (1 … 21)."""
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Plotly's own words (toolbar, hints, month names) in Swedish. Streamlit's Plotly bundle registers no
# locale but English, so the Swedish one travels in each chart's config (`locales`), nothing fetched.
# Format from plotly.js's lib/locales/sv.js (MIT), months lower-case as Swedish writes them; the
# dictionary covers the texts our charts can show (the toolbar is reduced to its reset button).
PLOTLY_LOCALE_SV = {
    "dictionary": {
        "Reset axes": "Återställ axlarna",
        "Reset view": "Återställ vyn",
        "Autoscale": "Anpassa skalan",
        "Zoom": "Zooma",
        "Zoom in": "Zooma in",
        "Zoom out": "Zooma ut",
        "Pan": "Panorera",
        "Double-click to zoom back out": "Dubbelklicka för att zooma ut igen",
        "Click to enter Colorscale title": "Klicka för att skriva färgskalans rubrik",
        "Click to enter Plot title": "Klicka för att skriva diagrammets rubrik",
        "Click to enter X axis title": "Klicka för att skriva x-axelns rubrik",
        "Click to enter Y axis title": "Klicka för att skriva y-axelns rubrik",
        "trace": "serie",
    },
    "format": {
        "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
        "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
        "months": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                   "oktober", "november", "december"],
        "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        "date": "%Y-%m-%d",
    },
}

# The toolbar keeps only its reset button (a zoom by dragging can be undone): every other button is one
# more Tab stop per chart for a keyboard user, and the images and data are downloads under each chart.
MODEBAR_REMOVED = ["toImage", "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
                   "zoomInMap", "zoomOutMap"]


def plotly_config(lang: str) -> dict:
    """The config of every chart on screen (st.plotly_chart's `config`): Plotly's texts in the app's language."""
    config = {"displaylogo": False, "modeBarButtonsToRemove": MODEBAR_REMOVED, "locale": "en"}
    if lang == "sv":
        config.update(locale="sv", locales={"sv": PLOTLY_LOCALE_SV})
    return config
