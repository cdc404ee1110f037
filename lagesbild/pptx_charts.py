"""Native PowerPoint charts from the web's own Plotly figures: the same data, colours and marks, as
chart objects the staff can restyle and edit in PowerPoint (python-pptx), and no browser needed.

The Plotly figure (lagesbild/charts.py) is the one description of a chart; this module reads the
small part of Plotly's vocabulary those figures use:

- traces: `bar` (per-point colours, hatched points, error bars, `barmode: overlay`) and `scatter`
  (lines and/or markers, open markers for preliminary points, error bars, a text label per point).
  Scatter traces of one `legendgroup` are the segments of one line split at a series break: they
  become one series with a gap at the break.
- shapes: a line across the plot at an x (`vline`) or a y (`hline`) becomes a line series, named by
  the annotation at the same x or y (the break's label, the baseline average's label). The target
  period's shaded band (a `rect`) and its label have no counterpart: the bars' own colours (grey
  before, blue in the target period) and the slide's text carry it.
- annotations in paper coordinates: above a plot, its title (two plots side by side become two
  charts); inside a plot, a label at that corner (the quadrant's).
- axes: `tickformat` with ',' groups thousands (`'# ##0'` in Swedish), `ticksuffix`, `dtick`,
  `range`, `rangemode`, `title`, `type: log` (an x axis); `separators` gives the thousands separator.

A plot with bars is a column chart over the categories (years as text), a horizontal line a line
series on the same axes (a combo chart); any other plot is an XY scatter chart, so a line can stop
at a series break and marks can sit between years. python-pptx has no API for error bars, combo
charts, transparency or legend entries; those are written as chart XML (see each helper).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import plotly.graph_objects as go
from lxml import etree
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE, XL_TICK_MARK
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Inches, Pt

CHART_PT = 18      # every text in a chart: readable from the back of the room
PX = 0.75          # Plotly's pixels in points
TEXT, GRID, AXIS_LINE = "#1A1A1A", "#E5E5E5", "#BDBDBD"
DASHES = {"solid": MSO_LINE_DASH_STYLE.SOLID, "dash": MSO_LINE_DASH_STYLE.DASH, "dot": MSO_LINE_DASH_STYLE.ROUND_DOT}
NAMED = {"white": "#FFFFFF", "black": "#000000"}


@dataclass
class Plot:
    """One pair of axes of a Plotly figure: its traces, lines, labels and axis settings."""
    suffix: str                               # "" for x/y, "2" for x2/y2
    domain: tuple[float, float]               # its share of the figure's width
    xaxis: dict
    yaxis: dict
    traces: list[dict]
    lines: list[dict] = field(default_factory=list)      # shapes of type line
    labels: list[dict] = field(default_factory=list)     # annotations on its axes
    corners: list[dict] = field(default_factory=list)    # annotations inside it, in paper coordinates
    title: str = ""
    legend: bool = True                       # the figure has a legend …
    listed: set[str] = field(default_factory=set)  # … listing these legend groups (on every plot drawing them)
    overlay: bool = False                     # bars of several traces on the same spot (barmode overlay)
    thousands: str = ","                      # the thousands separator (Plotly's `separators`)

    def owns(self, ref: str, axis: str) -> bool:
        return ref.split(" ")[0] == f"{axis}{self.suffix}"


def plots(figure: go.Figure) -> list[Plot]:
    """The figure's plots, left to right, each with what is drawn on it."""
    spec = figure.to_dict()
    layout = spec["layout"]
    common = dict(legend=layout.get("showlegend", True) is not False, overlay=layout.get("barmode") == "overlay",
                  thousands=layout.get("separators", ".,")[1],
                  listed={tr.get("legendgroup") for tr in spec["data"] if tr.get("showlegend", True) is not False})
    suffixes = list(dict.fromkeys(trace.get("xaxis", "x")[1:] for trace in spec["data"])) or [""]
    out = []
    for s in suffixes:
        xaxis, yaxis = layout.get(f"xaxis{s}", {}), layout.get(f"yaxis{s}", {})
        out.append(Plot(s, tuple(xaxis.get("domain", (0.0, 1.0))), xaxis, yaxis,
                        [tr for tr in spec["data"] if tr.get("xaxis", "x")[1:] == s], **common))
    for shape in layout.get("shapes", []):
        for plot in out:
            if shape["type"] == "line" and (plot.owns(shape["xref"], "x") or plot.owns(shape["yref"], "y")):
                plot.lines.append(shape)
    for note in layout.get("annotations", []):
        if note.get("xref") == "paper" and note.get("yref") == "paper":
            plot = next((p for p in out if p.domain[0] <= note["x"] <= p.domain[1]), out[0])
            if note["y"] >= 1:
                plot.title = note["text"]
            else:  # on one line when two fit side by side (below), else wrapped at words: not at the web's <br>
                plot.corners.append({**note, "text": note["text"].replace("<br>", " ")})
        else:
            for plot in out:
                if plot.owns(note.get("xref", "x"), "x") or plot.owns(note.get("yref", "y"), "y"):
                    plot.labels.append(note)
    return out


def add_figure(shapes, figure: go.Figure, left: int, top: int, width: int, height: int, *, alt_text: str, name: str,
               font: str | None = None):
    """The figure as native charts in the box: one chart per plot, side by side as in the figure (then
    grouped). The text alternative is the description (PowerPoint's Alt Text) of what is returned.
    `font` names the typeface; None keeps the presentation's theme font."""
    parts = plots(figure)
    group = shapes.add_group_shape() if len(parts) > 1 else None
    target = group.shapes if group else shapes
    for plot in parts:
        box = left + int(plot.domain[0] * width), top, int((plot.domain[1] - plot.domain[0]) * width), height
        bars = any(tr["type"] == "bar" for tr in plot.traces)
        frame = _column_chart(target, plot, box) if bars else _xy_chart(target, plot, box)
        frame.name = plot.title or name
        if font:
            frame.chart.font.name = font
        if group:
            _describe(frame, plot.title)
    shape = group or frame
    shape.name = name
    _describe(shape, alt_text)
    return shape


# --- the series: a legend group's segments as one series ------------------------------------------

@dataclass
class _Series:
    name: str
    x: list[float]
    y: list[float | None]
    trace: dict                                   # its styling: the first segment's trace
    symbols: list[str | None] = field(default_factory=list)
    plus: dict[int, float] = field(default_factory=dict)     # error bars by point
    minus: dict[int, float] = field(default_factory=dict)
    labels: dict[int, dict] = field(default_factory=dict)    # text beside a point: text, position, font
    in_legend: bool = True


def series_of(plot: Plot, traces: list[dict]) -> list[_Series]:
    """One series per legend group: its segments joined with a gap (an empty point) between them."""
    out: dict[str, _Series] = {}
    for n, tr in enumerate(traces):
        group = tr.get("legendgroup")
        s = out.get(group or f"trace{n}")
        if s is None:
            listed = group in plot.listed if group else tr.get("showlegend", True) is not False
            s = out[group or f"trace{n}"] = _Series(tr.get("name", ""), [], [], tr, in_legend=listed)
        elif s.x:
            s.x.append((s.x[-1] + tr["x"][0]) / 2)  # the break: no line across it
            s.y.append(None)
            s.symbols.append(None)
        start = len(s.x)
        symbols = tr.get("marker", {}).get("symbol", "circle")
        s.symbols += symbols if isinstance(symbols, list) else [symbols] * len(tr["x"])
        s.x += list(tr["x"])
        s.y += [_number(v) for v in tr["y"]]
        if "error_y" in tr:
            s.plus.update({start + i: v for i, v in enumerate(tr["error_y"]["array"]) if _number(v) is not None})
            s.minus.update({start + i: v for i, v in enumerate(tr["error_y"]["arrayminus"]) if _number(v) is not None})
        if "text" in tr.get("mode", ""):  # a name beside its point (the quadrant's own kommun); not above
            # it as on the web, where the label would sit on the point's CI bar
            s.labels.update({start + i: {"text": text, "position": XL_LABEL_POSITION.RIGHT, "bold": True,
                                         **tr.get("textfont", {})} for i, text in enumerate(tr["text"])})
    return list(out.values())


def extent(series: list[_Series], extra: list[float]) -> tuple[float, float]:
    """The smallest and largest y drawn: values, error bars' ends, lines."""
    values = list(extra)
    for s in series:
        values += [v for v in s.y if v is not None]
        values += [s.y[i] + p for i, p in s.plus.items()] + [s.y[i] - m for i, m in s.minus.items()]
    return (min(values), max(values)) if values else (0.0, 1.0)


def _line_label(plot: Plot, line: dict) -> dict | None:
    """The annotation at a line's x (a vertical line) or y (a horizontal one): its label."""
    vertical = line["x0"] == line["x1"]
    for note in plot.labels:
        if vertical and note.get("x") == line["x0"] and plot.owns(note.get("xref", "x"), "x"):
            return note
        if not vertical and note.get("y") == line["y0"] and plot.owns(note.get("yref", "y"), "y"):
            return note
    return None


def _horizontal(line: dict) -> bool:
    return line["y0"] == line["y1"] and "domain" not in line["yref"]


def _vertical(line: dict) -> bool:
    return line["x0"] == line["x1"] and "domain" not in line["xref"]


# --- column charts: the target's yearly bars ---------------------------------------------------------

def _levels(plot: Plot) -> list[tuple[str, float, dict]]:
    """The plot's horizontal lines as (name, y, line style): a line shape named by its annotation, or a
    scatter trace drawn at one y across the plot (named in the legend, as the baseline average is)."""
    out = [((_line_label(plot, ln) or {}).get("text", ""), ln["y0"], ln["line"]) for ln in plot.lines if _horizontal(ln)]
    for tr in plot.traces:
        ys = {_number(v) for v in tr.get("y", ())} - {None}
        if tr["type"] == "scatter" and tr.get("mode") == "lines" and len(ys) == 1:
            out.append((tr.get("name", ""), ys.pop(), tr.get("line", {})))
    return out


def _column_chart(shapes, plot: Plot, box):
    # Scatter traces without points only name something in the web's legend (the shaded target period):
    # a column chart has no counterpart, the bars' own colours and the slide's text carry it.
    bars = series_of(plot, [tr for tr in plot.traces if tr["type"] == "bar"])
    levels = _levels(plot)
    years = sorted({x for s in bars for x in s.x})
    data = CategoryChartData()
    data.categories = [str(year) for year in years]  # years as text: no thousands space in "2 016"
    for s in bars:
        by_year = dict(zip(s.x, s.y))
        data.add_series(s.name, [by_year.get(year) for year in years])
    for name, y, _ in levels:  # named in the legend: a label beside it would sit on a bar
        data.add_series(name, [y] * len(years))
    chart = shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, *box, data).chart
    column_plot = chart.plots[0]
    column_plot.gap_width = 60
    if plot.overlay:
        column_plot.overlap = 100  # Plotly's barmode "overlay": a projected year's bar stands where a counted one would
    made = list(column_plot.series)
    for s, ser in zip(bars, made):
        _style_bars(ser, s, [years.index(x) for x in s.x], len(years))
    for (_, _, line), ser in zip(levels, made[len(bars):]):
        _style_line(ser.format.line, line)
    _as_lines(chart, made[len(bars):])
    hidden = [i for i, s in enumerate(bars) if not s.in_legend]
    hidden += [len(bars) + i for i, (name, _, _) in enumerate(levels) if not name]
    _style_chart(chart, plot, hidden, len(made))
    _value_axis(chart.value_axis, plot, plot.yaxis, axis_range(plot.yaxis, extent(bars, [y for _, y, _ in levels])))
    category_axis = chart.category_axis
    category_axis.major_tick_mark = XL_TICK_MARK.OUTSIDE
    category_axis.format.line.color.rgb = _rgb(AXIS_LINE)
    _axis_title(category_axis, plot.xaxis)
    return shapes[-1]


def _style_bars(ser, s: _Series, where: list[int], count: int) -> None:
    """Colour per bar (grey in the baseline, blue in the target period), hatched when preliminary."""
    marker = s.trace.get("marker", {})
    colours, patterns = marker.get("color", TEXT), marker.get("pattern", {}).get("shape", "")
    colours = colours if isinstance(colours, list) else [colours] * len(where)
    patterns = patterns if isinstance(patterns, list) else [patterns] * len(where)
    _fill(ser.format.fill, colours[0])  # the legend's swatch: the first bar's colour, as in Plotly's legend
    if "line" in marker:
        _style_line(ser.format.line, marker["line"])
    for i, colour, pattern in zip(where, colours, patterns):
        point = ser.points[i].format
        if pattern:  # a preliminary year: hatched in its colour, as on the web
            point.fill.patterned()
            point.fill.pattern = MSO_PATTERN.DARK_UPWARD_DIAGONAL
            _colour(point.fill.fore_color, colour)
            _colour(point.fill.back_color, "#FFFFFF")
        else:
            _fill(point.fill, colour)
        if "line" in marker:
            _style_line(point.line, marker["line"])
    if s.plus:
        _error_bars(ser, count, {where[i]: v for i, v in s.plus.items()}, {where[i]: v for i, v in s.minus.items()},
                    s.trace["error_y"], marker.get("line", {}).get("color", TEXT))


def _as_lines(chart, series) -> None:
    """Move `series` from the column chart into a line chart on the same axes: a combo chart, which
    python-pptx cannot make. Their values are in the chart's workbook like every other series'."""
    if not series:
        return
    bar_chart = chart._chartSpace.plotArea.find(qn("c:barChart"))
    axes = "".join(etree.tostring(ax).decode() for ax in bar_chart.findall(qn("c:axId")))
    line_chart = parse_xml(f'<c:lineChart {nsdecls("c")}><c:grouping val="standard"/><c:varyColors val="0"/>'
                           f'<c:marker val="1"/>{axes}</c:lineChart>')
    for ser in series:
        element = ser._element
        for column_only in element.findall(qn("c:invertIfNegative")):  # not allowed in a line series
            element.remove(column_only)
        element.find(qn("c:spPr")).addnext(parse_xml(f'<c:marker {nsdecls("c")}><c:symbol val="none"/></c:marker>'))
        line_chart.find(qn("c:marker")).addprevious(element)
    bar_chart.addnext(line_chart)


# --- XY charts: lines per geography, indexed lines, the quadrant ------------------------------------

def _xy_chart(shapes, plot: Plot, box):
    series = series_of(plot, plot.traces)
    x_low, x_high, x_step = axis_range(plot.xaxis, [x for s in series for x in s.x], exact=True)
    x_step = plot.xaxis.get("dtick") or x_step
    # No more tick labels than fit side by side (with the y axis's labels and title left of them).
    label_width = text_width(_number_text(x_high, plot.xaxis), CHART_PT, em=0.55) + Inches(0.1)  # digits: narrower
    while (x_high - x_low) // x_step + 1 > (box[2] - Inches(0.9)) / label_width:
        x_step *= 2
    y_low, y_high, y_step = axis_range(plot.yaxis, extent(series, [ln["y0"] for ln in plot.lines if _horizontal(ln)]))
    for ln in plot.lines:
        label = _line_label(plot, ln)
        name = label["text"] if label else ""
        if _vertical(ln):  # from bottom to top; its label (the series break's) beside it where the web has it
            at = y_low + (label["y"] + 0.06 if label else 0.5) * (y_high - y_low)
            line = _Series(name, [ln["x0"]] * 3, [y_low, at, y_high], {"mode": "lines", "line": ln["line"]},
                           in_legend=False)
            if label:
                line.labels[1] = {**label, "position": _beside(label), **label.get("font", {})}
            series.append(line)
        elif _horizontal(ln):  # across the plot, named in the legend
            series.append(_Series(name, [x_low, x_high], [ln["y0"]] * 2, {"mode": "lines", "line": ln["line"]},
                                  in_legend=bool(name)))
    if plot.corners:  # a label in each corner, carried by an invisible point just inside it; on one line
        # when two fit side by side
        one_line = 2 * max(text_width(n["text"], CHART_PT) for n in plot.corners) + Inches(1.5) < box[2]
        inside = [(x_low + n["x"] * (x_high - x_low), y_low + (0.08 if n["y"] < 0.5 else 0.92) * (y_high - y_low))
                  for n in plot.corners]
        series.append(_Series("", [x for x, _ in inside], [y for _, y in inside], {"mode": ""}, in_legend=False,
                              labels={i: {**n, "position": _beside(n), "one_line": one_line, **n.get("font", {})}
                                      for i, n in enumerate(plot.corners)}))
    data = XyChartData()
    for s in series:
        ser = data.add_series(s.name)
        for x, y in zip(s.x, s.y):
            ser.add_data_point(x, y)
    chart = shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES, *box, data).chart
    for s, ser in zip(series, chart.plots[0].series):
        _style_xy(ser, s)
    _style_chart(chart, plot, [i for i, s in enumerate(series) if not s.in_legend], len(series))
    _value_axis(chart.value_axis, plot, plot.yaxis, (y_low, y_high, y_step))
    x_axis = chart.category_axis  # an XY chart's first value axis: x
    _value_axis(x_axis, plot, plot.xaxis, (x_low, x_high, x_step))
    if plot.xaxis.get("type") == "log":
        _log_scale(x_axis, [x for s in series for x in s.x if x and x > 0])
    x_axis.has_major_gridlines = False
    return shapes[-1]


def _log_scale(axis, values: list[float]) -> None:
    """A logarithmic axis (Plotly's `type: log`, the funnel's size axis): base 10 from the decade below the
    smallest value to the one above the largest (c:logBase; python-pptx has no API for it)."""
    low = 10 ** math.floor(math.log10(min(values)))
    decade = 10 ** math.floor(math.log10(max(values)))
    high = next(m * decade for m in (1, 2, 5, 10) if m * decade >= max(values))   # 200 000, not 1 000 000
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, high, None
    scaling = axis._element.find(qn("c:scaling"))
    for old in scaling.findall(qn("c:logBase")):
        scaling.remove(old)
    scaling.insert(0, parse_xml(f'<c:logBase {nsdecls("c")} val="10"/>'))


def _beside(note: dict):
    """A label's side of its point: right of it when the annotation is anchored on its left."""
    return XL_LABEL_POSITION.RIGHT if note.get("xanchor") == "left" else XL_LABEL_POSITION.LEFT


def _style_xy(ser, s: _Series) -> None:
    tr = s.trace
    mode, line, marker = tr.get("mode", "lines"), tr.get("line", {}), tr.get("marker", {})
    colour = line.get("color") or marker.get("color") or TEXT
    if "lines" in mode:
        _style_line(ser.format.line, {**line, "color": colour})
    else:
        ser.format.line.fill.background()
    ser.marker.style = XL_MARKER_STYLE.CIRCLE if "markers" in mode else XL_MARKER_STYLE.NONE
    if "markers" in mode:
        ser.marker.size = max(2, round(marker.get("size", 6)))  # a point's diameter: bolder than on screen
        _fill(ser.marker.format.fill, marker.get("color", colour))
        outline = marker.get("line", {})
        _colour(ser.marker.format.line.color, outline.get("color", colour))
        ser.marker.format.line.width = Pt(outline.get("width", 1) * PX)
        for i, symbol in enumerate(s.symbols):
            if symbol and symbol.endswith("-open"):  # a preliminary value: an open mark, as on the web
                point = ser.points[i].marker
                point.style, point.size = XL_MARKER_STYLE.CIRCLE, ser.marker.size
                _fill(point.format.fill, "#FFFFFF")
                _colour(point.format.line.color, colour)
                point.format.line.width = Pt(2)
    for i, text in s.labels.items():
        label = ser.points[i].data_label
        label.text_frame.text = text["text"]
        if text.get("one_line", True):
            label.text_frame.word_wrap = False  # as on the web
        label.position = text["position"]
        font = label.text_frame.paragraphs[0].runs[0].font  # a label's own text ignores the label's font
        font.size, font.bold = Pt(max(CHART_PT, text.get("size", 0))), text.get("bold", False)
        _colour(font.color, text.get("color", TEXT))
    if s.plus:
        _error_bars(ser, len(s.x), s.plus, s.minus, tr["error_y"], tr["error_y"].get("color", colour), direction="y")


# --- what every chart shares -----------------------------------------------------------------------

def _style_chart(chart, plot: Plot, hidden: list[int], count: int) -> None:
    """Chart text ≥ 18 pt in the house colour, the plot's title, the legend below the plot."""
    chart.font.size = Pt(CHART_PT)
    _colour(chart.font.color, TEXT)
    chart.has_title = bool(plot.title)
    if plot.title:
        chart.chart_title.text_frame.text = plot.title
        font = chart.chart_title.text_frame.paragraphs[0].runs[0].font
        font.size, font.bold = Pt(CHART_PT), False
    chart.has_legend = plot.legend and count - len(hidden) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        # Lines without a name (the 100 line, the medians) and labelled ones stay out of the legend:
        # python-pptx has no API for legend entries.
        position = chart.legend._element.find(qn("c:legendPos"))
        for idx in sorted(hidden, reverse=True):
            position.addnext(parse_xml(f'<c:legendEntry {nsdecls("c")}><c:idx val="{idx}"/><c:delete val="1"/></c:legendEntry>'))


def _value_axis(axis, plot: Plot, settings: dict, bounds: tuple[float, float, float]) -> None:
    """Bounds, tick step and number format of a value axis; the thousands separator from `separators`."""
    low, high, step = bounds
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, high, step
    axis.major_tick_mark = XL_TICK_MARK.OUTSIDE
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb(GRID)
    axis.format.line.color.rgb = _rgb(AXIS_LINE)
    labels = axis.tick_labels
    labels.number_format = _number_format(settings, step, plot.thousands)
    labels.number_format_is_linked = False
    _axis_title(axis, settings)


def _axis_title(axis, settings: dict) -> None:
    text = (settings.get("title") or {}).get("text")
    axis.has_title = bool(text)
    if text:
        axis.axis_title.text_frame.text = text
        font = axis.axis_title.text_frame.paragraphs[0].runs[0].font
        font.size, font.bold = Pt(CHART_PT), False


def _number_format(settings: dict, step: float, thousands: str) -> str:
    """'# ##0' for 14 000 in Swedish (',' groups in Plotly's tickformat), '0' for years, a suffix as given."""
    grouped = "," in (settings.get("tickformat") or "")
    digits = "#,##0" if grouped else "0"
    decimals = ".0" if step < 1 else ""
    suffix = settings.get("ticksuffix")
    suffix = f'"{suffix}"' if suffix else ""
    if grouped and thousands != ",":   # a literal separator groups once: millions get a section of their own
        return f"[>=1000000]# ### ##0{decimals}{suffix};# ##0{decimals}{suffix}".replace(" ", thousands)
    return digits + decimals + suffix


def _number_text(value: float, settings: dict) -> str:
    """A tick label as wide as the axis's widest: 14 000, 2025."""
    return f"{value:,.0f}" if "," in (settings.get("tickformat") or "") else f"{value:.0f}"


def axis_range(settings: dict, values, exact: bool = False) -> tuple[float, float, float]:
    """Axis bounds and tick step: the figure's own range rounded out to whole ticks, else the data's
    (from zero when the figure says `rangemode: tozero`); `exact` keeps the data's ends (years)."""
    if "range" in settings:
        low, high = settings["range"]
    else:
        low, high = min(values), max(values)
        if exact:
            return low, high, _step(high - low)
        pad = 0.04 * (high - low)  # no mark on the plot's edge
        low = 0.0 if settings.get("rangemode", "tozero") == "tozero" and low >= 0 else low - pad
        high += pad
    step = _step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step, step


def _step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 × 10ⁿ) giving about `ticks` ticks over `span`."""
    raw = (span or 1.0) / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def _style_line(line_format, line: dict) -> None:
    if not line.get("width", 2):
        line_format.fill.background()
        return
    _colour(line_format.color, line.get("color", TEXT))
    line_format.width = Pt(line.get("width", 2) * PX)
    line_format.dash_style = DASHES.get(line.get("dash", "solid"), MSO_LINE_DASH_STYLE.SOLID)


def _error_bars(ser, count: int, plus: dict[int, float], minus: dict[int, float], style: dict, colour: str,
                direction: str | None = None) -> None:
    """Custom error bars (a CI's bounds around each value), which python-pptx cannot write: c:errBars
    with the amounts as literals. A point without a CI has no bar."""
    def literal(values: dict[int, float]) -> str:
        points = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in sorted(values.items()))
        return f'<c:numLit><c:formatCode>General</c:formatCode><c:ptCount val="{count}"/>{points}</c:numLit>'

    red, green, blue, alpha = rgba(colour)
    axis = f'<c:errDir val="{direction}"/>' if direction else ""
    element = parse_xml(
        f'<c:errBars {nsdecls("c", "a")}>{axis}'
        '<c:errBarType val="both"/><c:errValType val="cust"/><c:noEndCap val="0"/>'
        f'<c:plus>{literal(plus)}</c:plus><c:minus>{literal(minus)}</c:minus>'
        f'<c:spPr><a:ln w="{int(Pt(style.get("thickness", 1.5) * PX))}"><a:solidFill>'
        f'<a:srgbClr val="{red:02X}{green:02X}{blue:02X}">{_alpha_xml(alpha)}</a:srgbClr>'
        '</a:solidFill></a:ln></c:spPr></c:errBars>')
    # Schema order: errBars come right before the values (c:cat of a column, c:xVal of an XY series).
    ser._element.find(qn("c:cat") if ser._element.find(qn("c:cat")) is not None else qn("c:xVal")).addprevious(element)


NARROW = set(" .,:;!|()[]'/-ijlft1")


def text_width(text: str, size: float, em: float = 0.6) -> int:
    """A generous estimate of a line's width in EMU: `em` a character, 0,3 em a narrow one (the
    template's font is unknown)."""
    return int(Pt(size * sum(0.3 if c in NARROW else em for c in text)))


def _describe(shape, text: str) -> None:
    """PowerPoint's Alt Text is the descr attribute of the shape's cNvPr."""
    shape._element[0][0].set("descr", text)


# --- colours ---------------------------------------------------------------------------------------

def rgba(css: str) -> tuple[int, int, int, float]:
    """'#0072B2', '#666', 'white' or 'rgba(0,114,178,0.25)' as red, green, blue, alpha."""
    css = NAMED.get(css, css)
    if css.startswith("rgb"):
        parts = [float(p) for p in re.findall(r"[\d.]+", css)]
        return int(parts[0]), int(parts[1]), int(parts[2]), parts[3] if len(parts) > 3 else 1.0
    digits = css.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), 1.0


def _rgb(css: str) -> RGBColor:
    return RGBColor(*rgba(css)[:3])


def _alpha_xml(alpha: float) -> str:
    return "" if alpha >= 1 else f'<a:alpha {nsdecls("a")} val="{int(alpha * 100_000)}"/>'


def _colour(colour_format, css: str) -> None:
    """Set a colour, with its transparency (no python-pptx API: an a:alpha in the srgbClr)."""
    colour_format.rgb = _rgb(css)
    alpha = rgba(css)[3]
    if alpha < 1:
        colour_format._color._xClr.append(parse_xml(_alpha_xml(alpha)))


def _fill(fill, css: str) -> None:
    fill.solid()
    _colour(fill.fore_color, css)


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)
