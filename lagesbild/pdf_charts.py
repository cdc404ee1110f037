"""Vector charts for PDF documents (ReportLab graphics) from the web's own Plotly figures: the same data,
colours and marks, drawn without a browser.

Like lagesbild/pptx_charts.py (whose reading of the figure this shares: `plots`, `series_of`), it reads
the part of Plotly's vocabulary the line charts use: scatter traces (lines and/or markers, open markers
for preliminary points, error bars), segments of one legend group split at a series break (no line across
it), a vertical line at a series break with its label, the y axis's title and the house's axes.
"""
from __future__ import annotations

import plotly.graph_objects as go
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib.colors import Color

from lagesbild import fmt, pptx_charts

TEXT, GRID, AXIS, MUTED = "#1A1A1A", "#E5E5E5", "#BDBDBD", "#4D4D4D"
PT = 8.5   # chart text in a document: as the tables' text


def colour(css: str) -> Color:
    red, green, blue, alpha = pptx_charts.rgba(css)
    return Color(red / 255, green / 255, blue / 255, alpha)


def _ticks(low: float, high: float, step: float) -> list[float]:
    count = int(round((high - low) / step)) + 1
    return [low + i * step for i in range(count)]


def drawing(figure: go.Figure, width: float, height: float, *, font: str, lang: str = "sv") -> Drawing:
    """The figure's first plot as a Drawing `width` × `height` points, its legend below the plot."""
    plot = pptx_charts.plots(figure)[0]
    series = pptx_charts.series_of(plot, [tr for tr in plot.traces if tr["type"] == "scatter"])
    lines = [s for s in series if any(v is not None for v in s.y)]
    xs = [x for s in lines for x in s.x]
    x_low, x_high = min(xs), max(xs)
    y_low, y_high, y_step = pptx_charts.axis_range(plot.yaxis, pptx_charts.extent(lines, []))
    decimals = 0 if y_step >= 1 else 1 if y_step >= 0.1 else 2
    y_labels = [fmt.number(v, decimals, lang) for v in _ticks(y_low, y_high, y_step)]

    d = Drawing(width, height)
    # The legend below: as many rows as the names need.
    named = [s for s in lines if s.in_legend and s.name]
    legend_rows, row, used = [[]], 0, 0.0
    for s in named:
        need = 24 + len(s.name) * PT * 0.55 + 12
        if used + need > width and legend_rows[row]:
            legend_rows.append([])
            row, used = row + 1, 0.0
        legend_rows[row].append(s)
        used += need
    legend_height = (PT + 5) * len(legend_rows) if named else 0
    title = (plot.yaxis.get("title") or {}).get("text", "")
    left = max(len(label) for label in y_labels) * PT * 0.55 + 8
    top_pad = PT + 6 if title else 4
    bottom = legend_height + PT + 10
    plot_w, plot_h = width - left - 8, height - bottom - top_pad

    def x_at(x: float) -> float:
        span = (x_high - x_low) or 1
        return left + 6 + (x - x_low) / span * (plot_w - 12)

    def y_at(y: float) -> float:
        return bottom + (y - y_low) / ((y_high - y_low) or 1) * plot_h

    if title:
        d.add(String(2, height - PT, title, fontName=font, fontSize=PT, fillColor=colour(MUTED)))
    for value, label in zip(_ticks(y_low, y_high, y_step), y_labels):
        d.add(Line(left, y_at(value), left + plot_w, y_at(value), strokeColor=colour(GRID), strokeWidth=0.5))
        d.add(String(left - 4, y_at(value) - PT / 3, label, fontName=font, fontSize=PT, fillColor=colour(TEXT),
                     textAnchor="end"))
    d.add(Line(left, bottom, left + plot_w, bottom, strokeColor=colour(AXIS), strokeWidth=0.75))
    years = list(range(int(x_low), int(x_high) + 1))
    step = 1 if len(years) * PT * 2.6 < plot_w else 2
    for year in years[::step]:
        d.add(Line(x_at(year), bottom, x_at(year), bottom - 3, strokeColor=colour(AXIS), strokeWidth=0.75))
        d.add(String(x_at(year), bottom - PT - 3, str(year), fontName=font, fontSize=PT, fillColor=colour(TEXT),
                     textAnchor="middle"))
    for ln in plot.lines:  # a series break: a dotted line with its label beside it
        if ln["x0"] == ln["x1"] and "domain" not in ln["xref"]:
            x = x_at(ln["x0"])
            d.add(Line(x, bottom, x, bottom + plot_h, strokeColor=colour(ln["line"].get("color", MUTED)),
                       strokeWidth=0.75, strokeDashArray=[1.5, 2]))
            label = next((n["text"] for n in plot.labels if n.get("x") == ln["x0"]), "")
            if label:
                d.add(String(x + 3, bottom + 3, label, fontName=font, fontSize=PT - 1, fillColor=colour(MUTED)))
    for s in lines:
        trace = s.trace
        stroke = colour(trace.get("line", {}).get("color") or trace.get("marker", {}).get("color") or TEXT)
        width_pt = trace.get("line", {}).get("width", 2) * 0.5
        dash = [3, 2] if trace.get("line", {}).get("dash") == "dash" else None
        segment: list[float] = []
        for x, y in [*zip(s.x, s.y), (None, None)]:
            if y is None:
                if len(segment) >= 4:
                    d.add(PolyLine(segment, strokeColor=stroke, strokeWidth=width_pt, strokeDashArray=dash))
                segment = []
            else:
                segment += [x_at(x), y_at(y)]
        for i, (x, y) in enumerate(zip(s.x, s.y)):
            if y is None:
                continue
            if i in s.plus:  # the survey's 95 % interval
                d.add(Line(x_at(x), y_at(y - s.minus.get(i, 0)), x_at(x), y_at(y + s.plus[i]), strokeColor=stroke,
                           strokeWidth=0.75))
            open_mark = (s.symbols[i] or "").endswith("-open")
            d.add(Circle(x_at(x), y_at(y), 2.2 if width_pt >= 2 else 1.7, strokeColor=stroke, strokeWidth=0.9,
                         fillColor=Color(1, 1, 1) if open_mark else stroke))
    y = legend_height - PT
    for entries in legend_rows:
        x = 2.0
        for s in entries:
            stroke = colour(s.trace.get("line", {}).get("color") or TEXT)
            d.add(Line(x, y + PT / 3, x + 18, y + PT / 3, strokeColor=stroke, strokeWidth=2))
            d.add(String(x + 22, y, s.name, fontName=font, fontSize=PT, fillColor=colour(TEXT)))
            x += 24 + len(s.name) * PT * 0.55 + 12
        y -= PT + 5
    return d
