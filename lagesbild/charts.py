"""Plotly figures as pure functions of tidy frames: the same figure on screen, in images and slides."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lagesbild import fmt, theme
from lagesbild.disclosure import hidden_text
from lagesbild.evidence import Change
from lagesbild.i18n import t


def _role(code: str, kommun: str) -> str:
    if code == kommun:
        return "kommun"
    if code == "0000":
        return "riket"
    return "län" if len(code) == 2 else "other"


def _split_at_breaks(frame: pd.DataFrame, breaks: list[int]) -> list[pd.DataFrame]:
    """Never draw a line across a series break: one segment per comparable series."""
    edges = [-10**9, *sorted(breaks), 10**9]
    start_year = frame["period_start"].dt.year
    return [frame[(start_year >= lo) & (start_year < hi)] for lo, hi in zip(edges, edges[1:])]


def _lines(frame, kommun, names, axes: str, legend: set[str], breaks=(), with_ci=False, lang="sv") -> list[dict]:
    """One line per geography on the axes `axes` ("" or "2"); `legend` collects the codes already in
    the legend (one entry each)."""
    traces = []
    shown = frame[frame["status"].isin(["ok", "preliminary"])]
    for i, (code, rows) in enumerate(shown.groupby("geo_code", sort=False)):
        role = _role(code, kommun)
        colour = theme.colour(role, i)
        for seg in _split_at_breaks(rows, list(breaks)):
            if seg.empty:
                continue
            prelim = seg["status"] == "preliminary"
            error = None
            if with_ci and seg["ci_low"].notna().any():
                error = _error_bars(seg["ci_high"], seg["value"], seg["ci_low"], thickness=1.5, width=4)
            traces.append(dict(  # plain lists: Plotly validates and serialises them several times faster than Series
                type="scatter", xaxis=f"x{axes}", yaxis=f"y{axes}",
                x=seg["year"].tolist(), y=seg["value"].tolist(), mode="lines+markers", name=names.get(code, code),
                legendgroup=code, showlegend=code not in legend,
                line={"color": colour, "width": 4 if role == "kommun" else 2.5,
                      "dash": "solid" if role in ("kommun", "other") else "dash"},
                marker={"size": 9 if role == "kommun" else 6, "color": colour,
                        "symbol": ["circle-open" if p else "circle" for p in prelim]},
                error_y=error,
                customdata=[[period, t("preliminary", lang) if p else ""] for period, p in zip(seg["period"], prelim)],
                hovertemplate="%{fullData.name}<br>%{customdata[0]}: %{y}<br>%{customdata[1]}<extra></extra>",
            ))
            legend.add(code)
    return traces


def break_text(year: int, label: str, lang: str) -> str:
    """'Seriebrott 2024: MSB:s nya definition', named from the indicator's own record ('Seriebrott 2024' without one)."""
    return t("series_break_named", lang, year=year, label=label) if label else t("series_break", lang, year=year)


def _break_marks(breaks, axes: str, lang: str) -> tuple[list[dict], list[dict]]:
    """A dotted line and its label at each series break, on the axes `axes` ("" or "2"). `breaks`: years, or
    {year: what the break is} (analysis.break_marks)."""
    named = breaks if isinstance(breaks, dict) else dict.fromkeys(breaks, "")
    shapes = [_vline(year - 0.5, {"dash": "dot", "color": "#666", "width": 1.5}, axes=axes) for year in named]
    labels = [{"x": year - 0.5, "xref": f"x{axes}", "y": 0.02, "yref": f"y{axes} domain",
               "text": break_text(year, label, lang),
               "showarrow": False, "xanchor": "left", "yanchor": "bottom", "xshift": 4,
               "font": {"size": 13, "color": "#444"}} for year, label in named.items()]
    return shapes, labels


def indicator_lines(frame: pd.DataFrame, kommun: str, names: dict[str, str], axis_title: str, breaks: list[int] = (),
                    with_ci: bool = False, lang: str = "sv") -> go.Figure:
    """One indicator as a line per geography (the kommun thick, län and riket dashed), survey CIs as
    error bars, never a line across a series break."""
    traces = _lines(frame, kommun, names, "", set(), breaks=breaks, with_ci=with_ci, lang=lang)
    shapes, annotations = _break_marks(breaks, "", lang)
    return theme.figure(traces, lang, height=440, shapes=shapes, annotations=annotations,
                        yaxis={"tickformat": ",.0f", "title": {"text": axis_title}})


# --- issue 4: target bars, trends, survey CIs, measured vs perceived, comparisons, map ---------

GREY = "#9E9E9E"
TARGET_SHADE = "rgba(0,114,178,0.08)"
SUPPRESSED_GREY = "#D9D9D9"


def target_bars(yearly: pd.DataFrame, baseline: tuple[int, int], target: tuple[int, int], baseline_average: float,
                projection=None, lang: str = "sv") -> go.Figure:
    """Yearly summed counts as bars against the baseline-period average; the target period is
    shaded; a pending target's missing years are drawn as projected bars with their interval."""
    shown = yearly[(yearly["year"] >= baseline[0]) & (yearly["year"] <= target[1])]
    in_target = shown["year"] >= target[0]
    traces = [dict(
        type="bar", x=shown["year"].tolist(), y=shown["count"].tolist(), name=t("bars_counted", lang),
        marker={"color": [theme.KOMMUN if x else GREY for x in in_target],
                "pattern": {"shape": ["/" if p else "" for p in shown["preliminary"]]}},
        hovertemplate="%{x}: %{y:,.0f}<extra></extra>")]
    if projection is not None and projection.per_year:
        # each missing year with its own 95 % prediction interval for that year's count (not the total's
        # interval spread over the years: that would hold a single year far less often than 95 %)
        missing = sorted(projection.per_year)
        each = [projection.per_year[y] for y in missing]
        expected = [p.expected for p in each]
        traces.append(dict(
            type="bar", x=missing, y=expected, name=t("bars_projected", lang),
            marker={"color": "rgba(0,114,178,0.25)", "line": {"color": theme.KOMMUN, "width": 2}},
            error_y={"type": "data", "symmetric": False, "array": [p.high - p.expected for p in each],
                     "arrayminus": [p.expected - p.low for p in each], "thickness": 1.5, "width": 6},
            customdata=[[fmt.number(p.low, 0, lang), fmt.number(p.high, 0, lang)] for p in each],
            hovertemplate="%{x}: %{y:,.0f} (" + t("bars_projected_hover", lang) + ")<extra></extra>"))
    first, last = baseline[0] - 0.6, target[1] + 0.6
    # The baseline average and the target period are named in the legend (labels on the plot would
    # overlap on a phone): the average as a dashed line across the plot, the target period shaded.
    traces.append(dict(type="scatter", x=[first, last], y=[baseline_average] * 2, mode="lines", hoverinfo="skip",
                       name=t("bars_baseline_avg", lang, period=f"{baseline[0]}–{baseline[1]}"),
                       line={"color": theme.LAN, "dash": "dash", "width": 3}))
    traces.append(dict(type="scatter", x=[None], y=[None], mode="markers", hoverinfo="skip",
                       name=t("bars_target_period", lang, period=f"{target[0]}–{target[1]}"),
                       marker={"symbol": "square", "size": 14, "color": TARGET_SHADE,
                               "line": {"color": "rgba(0,114,178,0.35)", "width": 1}}))
    shapes = [{"type": "rect", "xref": "x", "x0": target[0] - 0.5, "x1": target[1] + 0.5, "yref": "y domain",
               "y0": 0, "y1": 1, "fillcolor": TARGET_SHADE, "line": {"width": 0}, "layer": "below"}]
    return theme.figure(traces, lang, height=440, barmode="overlay", shapes=shapes, xaxis={"range": [first, last]},
                        yaxis={"tickformat": ",.0f", "title": {"text": t("bars_axis", lang)}})


def _hline(y: float, line: dict) -> dict:
    """A horizontal line across the plot at y (what fig.add_hline draws)."""
    return {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": y, "y1": y, "line": line}


def _vline(x: float, line: dict, axes: str = "") -> dict:
    """A vertical line from bottom to top at x on the axes `axes` ("" or "2"; what fig.add_vline draws)."""
    return {"type": "line", "xref": f"x{axes}", "x0": x, "x1": x, "yref": f"y{axes} domain", "y0": 0, "y1": 1, "line": line}


def _error_bars(high: pd.Series, value: pd.Series, low: pd.Series, **style) -> dict:
    """Asymmetric error bars from value to a CI's bounds."""
    return {"type": "data", "symmetric": False, "array": (high - value).tolist(), "arrayminus": (value - low).tolist(),
            **style}


def yearly_change_bars(changes: pd.DataFrame, unit: str, lang: str = "sv") -> go.Figure:
    """Change from each period to the next with its 95 % CI; coloured only when supported,
    and no bar (a note instead) across a series break."""
    bars = dict(
        type="bar", x=changes["period"].tolist(), y=changes["change"].tolist(),  # NaN across a break: the category stays, no bar
        marker={"color": [theme.KOMMUN if s else GREY for s in changes["significant"]]},
        error_y=_error_bars(changes["ci_high"], changes["change"], changes["ci_low"], thickness=1.5, width=5, color="#333"),
        customdata=[[p, t("change_supported" if s else "no_change_supported", lang),   # signed, with its interval
                     Change(c, lo, hi, "%" if unit.strip() == "%" else "pp").text(lang, 1)]
                    for p, s, c, lo, hi in zip(changes["previous_period"], changes["significant"], changes["change"],
                                               changes["ci_low"], changes["ci_high"])],
        hovertemplate="%{customdata[0]} → %{x}: %{customdata[2]}<br>%{customdata[1]}<extra></extra>",
        showlegend=False)
    notes = [{"x": period, "y": 0, "text": t("crosses_break", lang), "showarrow": False, "textangle": -90,
              "font": {"size": 13, "color": "#444"}, "yanchor": "bottom"}
             for period in changes.loc[changes["crosses_break"], "period"]]
    return theme.figure([bars], lang, height=400, annotations=notes,
                        shapes=[_hline(0, {"color": "#333", "width": 1})],
                        xaxis={"type": "category", "dtick": None},
                        yaxis={"rangemode": "normal", "title": {"text": t("change_axis", lang, unit=unit.strip())}})


def survey_area_bars(areas: pd.DataFrame, lang: str = "sv") -> go.Figure:
    """Shares per area with 95 % CIs; areas with too few answers are grey and say so, without a value."""
    shown = areas[areas["status"].isin(["ok", "preliminary"])]
    hidden = areas[~areas["status"].isin(["ok", "preliminary"])]
    order = list(areas["name"])[::-1]
    traces = [dict(
        type="bar", y=shown["name"].tolist(), x=shown["value"].tolist(), orientation="h",
        marker={"color": [theme.KOMMUN if k else theme.OTHERS[0] for k in shown["is_kommun"]]},
        error_x=_error_bars(shown["ci_high"], shown["value"], shown["ci_low"], thickness=1.5, width=5, color="#333"),
        customdata=shown[["ci_low", "ci_high", "n"]].to_numpy().tolist(),
        hovertemplate=("%{y}: %{x:.1f}" + fmt.percent_sign(lang) + " (" + ("95% CI" if lang == "en" else "95 % KI")
                       + " %{customdata[0]:.1f}–%{customdata[1]:.1f}), n = %{customdata[2]:.0f}<extra></extra>"),
        showlegend=False)]
    if len(hidden):
        traces.append(dict(type="bar", y=hidden["name"].tolist(), x=[1] * len(hidden), orientation="h", showlegend=False,
                           marker={"color": SUPPRESSED_GREY}, text=[hidden_text(s, lang) for s in hidden["status"]],
                           textposition="outside", hovertemplate="%{y}: %{text}<extra></extra>"))
    return theme.figure(traces, lang, height=max(300, 70 + 45 * len(areas)),
                        xaxis={"dtick": None, "ticksuffix": fmt.percent_sign(lang), "rangemode": "tozero"},
                        yaxis={"categoryorder": "array", "categoryarray": order})


def indexed_lines(frame: pd.DataFrame, labels: dict[str, str], lang: str = "sv") -> go.Figure:
    """Recorded and perceived, each indexed to its baseline (= 100), as two lines."""
    traces = []
    colours = {"recorded": theme.KOMMUN, "perceived": theme.LAN}
    for measure, rows in frame.groupby("measure", sort=False):
        error = None
        if rows["index_low"].notna().any():
            error = _error_bars(rows["index_high"], rows["index"], rows["index_low"], thickness=1.5, width=4)
        traces.append(dict(
            type="scatter", x=rows["year"].tolist(), y=rows["index"].tolist(), mode="lines+markers",
            name=labels[measure], error_y=error,
            line={"color": colours[measure], "width": 4, "dash": "solid" if measure == "recorded" else "dash"},
            marker={"size": 9}, customdata=rows[["period", "value", "base_period"]].to_numpy().tolist(),
            hovertemplate="%{customdata[0]}: %{y:.0f} (" + t("index_base", lang) + " %{customdata[2]} = 100)<extra>%{fullData.name}</extra>"))
    return theme.figure(traces, lang, height=440,
                        shapes=[_hline(100, {"color": "#666", "width": 1.5, "dash": "dot"})],
                        yaxis={"rangemode": "normal", "title": {"text": t("index_axis", lang)}})


def quadrant_chart(points: pd.DataFrame, x_median: float, y_median: float, kommun: str, x_title: str, y_title: str,
                   lang: str = "sv") -> go.Figure:
    """Every geography as a point, medians as axes; the chosen one highlighted and labelled."""
    others, own = points[points["code"] != kommun], points[points["code"] == kommun]

    def ci(rows: pd.DataFrame, colour: str, thickness: float = 1) -> dict:  # every survey share with its 95 % CI
        return _error_bars(rows["y_high"], rows["y"], rows["y_low"], thickness=thickness, width=6, color=colour)

    traces = [
        dict(type="scatter", x=others["x"].tolist(), y=others["y"].tolist(), mode="markers",
             name=t("quadrant_others", lang), text=others["name"].tolist(), error_y=ci(others, "rgba(120,120,120,0.5)"),
             marker={"size": 11, "color": GREY, "line": {"color": "white", "width": 1}},
             hovertemplate="%{text}<br>%{x:,.0f} · %{y:.1f}" + fmt.percent_sign(lang) + "<extra></extra>"),
        dict(type="scatter", x=own["x"].tolist(), y=own["y"].tolist(), mode="markers+text",
             name=own["name"].iloc[0] if len(own) else kommun, text=own["name"].tolist(), textposition="top center",
             textfont={"size": 17, "color": theme.KOMMUN}, error_y=ci(own, theme.KOMMUN, 2.5),
             marker={"size": 18, "color": theme.KOMMUN, "line": {"color": "black", "width": 2}},
             hovertemplate="%{text}<br>%{x:,.0f} · %{y:.1f}" + fmt.percent_sign(lang) + "<extra></extra>")]
    median_line = {"color": "#666", "dash": "dash", "width": 1.5}
    # Each corner's label on two lines ("Färre brott,<br>fler otrygga"): side by side on a 390 px phone they
    # would otherwise run into each other.
    corners = [{"x": xa, "y": ya, "xref": "paper", "yref": "paper", "text": t(key, lang).replace(", ", ",<br>"),
                "showarrow": False, "align": "left" if xa < 0.5 else "right",
                "xanchor": "left" if xa < 0.5 else "right", "yanchor": "top" if ya > 0.5 else "bottom",
                "font": {"size": 13, "color": "#555"}}
               for xa, ya, key in ((0.01, 0.99, "quadrant_low_high"), (0.99, 0.99, "quadrant_high_high"),
                                   (0.01, 0.01, "quadrant_low_low"), (0.99, 0.01, "quadrant_high_low"))]

    def padded(values: pd.Series) -> list[float]:  # room for the corner labels and the highlighted name
        span = float(values.max() - values.min()) or 1.0
        return [float(values.min()) - 0.08 * span, float(values.max()) + 0.15 * span]

    return theme.figure(traces, lang, height=520, showlegend=False, annotations=corners,
                        shapes=[_vline(x_median, median_line), _hline(y_median, median_line)],
                        xaxis={"dtick": None, "tickformat": ",.0f", "title": {"text": x_title}, "range": padded(points["x"])},
                        yaxis={"title": {"text": y_title}, "ticksuffix": fmt.percent_sign(lang), "range": padded(points["y"])})


def comparison_chart(lines: pd.DataFrame, band: pd.DataFrame, kommun: str, breaks: list[int], band_label: str,
                     lang: str = "sv") -> go.Figure:
    """The kommun, län, riket and groups of similar kommuner as lines, over the band between the
    25th and 75th percentile of all kommuner; survey values carry their CIs; no line across a break."""
    traces = []
    for n, seg in enumerate(s for s in _split_at_breaks(band, list(breaks)) if len(s)):
        years = seg["year"].tolist()
        traces.append(dict(type="scatter", x=years, y=seg["q3"].tolist(), mode="lines", line={"width": 0},
                           showlegend=False, hoverinfo="skip", legendgroup="band"))
        traces.append(dict(type="scatter", x=years, y=seg["q1"].tolist(), mode="lines", line={"width": 0},
                           fill="tonexty", fillcolor="rgba(77,77,77,0.15)", name=band_label, legendgroup="band",
                           showlegend=n == 0, customdata=[[q3] for q3 in seg["q3"]],
                           hovertemplate="%{x}: %{y:,.1f}–%{customdata[0]:,.1f}<extra>" + band_label + "</extra>"))
    legend: set[str] = set()
    for i, (code, rows) in enumerate(lines.groupby("code", sort=False)):
        role = rows["role"].iloc[0]
        colour = theme.colour("other" if role == "group" else role, i)
        for seg in _split_at_breaks(rows, list(breaks)):
            if seg.empty:
                continue
            error = None
            if seg["ci_low"].notna().any():
                error = _error_bars(seg["ci_high"], seg["value"], seg["ci_low"], thickness=1.5, width=4)
            traces.append(dict(
                type="scatter", x=seg["year"].tolist(), y=seg["value"].tolist(), mode="lines+markers",
                name=rows["name"].iloc[0], legendgroup=code, showlegend=code not in legend, error_y=error,
                customdata=[[period] for period in seg["period"]],
                line={"color": colour, "width": 4 if role == "kommun" else 2.5,
                      "dash": {"kommun": "solid", "group": "dot"}.get(role, "dash")},
                marker={"size": 9 if role == "kommun" else 6, "color": colour},
                hovertemplate="%{fullData.name}<br>%{customdata[0]}: %{y:,.1f}<extra></extra>"))
            legend.add(code)
    shapes, annotations = _break_marks(breaks, "", lang)
    return theme.figure(traces, lang, height=480, shapes=shapes, annotations=annotations,
                        yaxis={"tickformat": ",.0f" if lines["value"].max() > 100 else None})


def _value_with_ci(row: pd.Series, lang: str) -> str:
    """'23,4 (95 % KI 21,0–25,8)' for a survey share, the plain value otherwise; ', preliminär'
    after a preliminary value."""
    share = pd.notna(row.get("ci_low")) and pd.notna(row.get("ci_high"))
    text = fmt.percent(row["value"], 1, lang) if share else fmt.number(row["value"], 1, lang)
    if share:
        text += f" ({fmt.ci(row['ci_low'], row['ci_high'], 1, lang, '%')})"
    if row.get("status") == "preliminary":
        text += ", " + t("preliminary", lang)
    return text


def choropleth_map(values: pd.DataFrame, geojson: dict, kommun: str, title: str, unit: str,
                   view: tuple[dict, float], lang: str = "sv") -> go.Figure:
    """A value per geography, fully offline: a MapLibre map with the empty 'white-bg' style (no
    tiles, no fetched topojson), centred and zoomed to the shapes (`view` from geo.fit_view); the
    chosen geography outlined, geographies without a value in grey. Each layer carries only its own
    shapes: the national map is sent to the browser on every rerun."""
    def shapes(codes) -> dict:
        wanted = set(codes)
        return {"type": "FeatureCollection", "features": [f for f in geojson["features"] if f["id"] in wanted]}

    with_value = values[values["value"].notna()]
    without = values[values["value"].isna()]
    line = {"color": "white", "width": 0.6}
    traces = [dict(
        type="choroplethmap", geojson=shapes(with_value["code"]), locations=with_value["code"].tolist(),
        z=with_value["value"].tolist(), text=with_value["name"].tolist(), colorscale="Blues", marker={"line": line},
        colorbar={"title": {"text": unit}, "thickness": 14, "tickformat": ",.0f"},  # 13 000, not 13k
        customdata=[_value_with_ci(r, lang) for _, r in with_value.iterrows()],
        hovertemplate="%{text}: %{customdata}<extra></extra>", name=title)]
    if len(without):
        traces.append(dict(
            type="choroplethmap", geojson=shapes(without["code"]), locations=without["code"].tolist(),
            z=[0] * len(without), text=without["name"].tolist(),
            colorscale=[[0, SUPPRESSED_GREY], [1, SUPPRESSED_GREY]], showscale=False, marker={"line": line},
            hovertemplate="%{text}: " + t("missing", lang) + "<extra></extra>", name=t("missing", lang)))
    traces.append(dict(
        type="choroplethmap", geojson=shapes([kommun]), locations=[kommun], z=[0], showscale=False, name="outline",
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        marker={"line": {"color": "#000000", "width": 4}}, hoverinfo="skip"))
    centre, zoom = view
    return theme.figure(traces, lang, height=620, margin={"l": 10, "r": 10, "t": 70, "b": 10},
                        map={"style": "white-bg", "center": centre, "zoom": zoom})
