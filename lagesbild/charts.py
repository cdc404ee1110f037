"""Plotly figures as pure functions of tidy frames: the same figure on screen, in images and slides."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lagesbild import fmt, theme
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
                error = {"type": "data", "symmetric": False, "array": (seg["ci_high"] - seg["value"]).tolist(),
                         "arrayminus": (seg["value"] - seg["ci_low"]).tolist(), "thickness": 1.5, "width": 4}
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


# A title above each of two side-by-side plots, as plotly's make_subplots places them.
_PLOT_TITLE = {"font": {"size": 16}, "showarrow": False, "xanchor": "center", "xref": "paper", "y": 1.0,
               "yanchor": "bottom", "yref": "paper"}


def crime_and_insecurity(crime: pd.DataFrame, insecurity: pd.DataFrame, kommun: str, names: dict[str, str],
                         breaks: list[int], lang: str = "sv") -> go.Figure:
    """Recorded crime (left) and perceived insecurity with 95 % CIs (right), side by side."""
    legend: set[str] = set()
    traces = [*_lines(crime, kommun, names, "", legend, lang=lang),
              *_lines(insecurity, kommun, names, "2", legend, breaks=breaks, with_ci=True, lang=lang)]
    annotations = [{**_PLOT_TITLE, "text": t("chart_crime", lang), "x": 0.225},
                   {**_PLOT_TITLE, "text": t("chart_insecurity", lang), "x": 0.775}]
    shapes = []
    for year in breaks:
        shapes.append({"type": "line", "x0": year - 0.5, "x1": year - 0.5, "xref": "x2", "y0": 0, "y1": 1,
                       "yref": "y2 domain", "line": {"dash": "dot", "color": "#666", "width": 1.5}})
        annotations.append({"x": year - 0.5, "xref": "x2", "y": 0.02, "yref": "y2 domain", "text": t("series_break", lang),
                            "showarrow": False, "xanchor": "left", "yanchor": "bottom", "xshift": 4,
                            "font": {"size": 13, "color": "#444"}})
    return theme.figure(
        traces, lang, title={"text": t("chart_title", lang, kommun=names.get(kommun, kommun))}, height=520,
        annotations=annotations, shapes=shapes,
        xaxis={"anchor": "y", "domain": [0.0, 0.45]}, xaxis2={"anchor": "y2", "domain": [0.55, 1.0]},
        yaxis={"anchor": "x", "domain": [0.0, 1.0], "tickformat": ",.0f"},  # 14 000, not 14k
        yaxis2={"anchor": "x2", "domain": [0.0, 1.0]})


# --- issue 4: target bars, trends, survey CIs, measured vs perceived, comparisons, map ---------

GREY = "#9E9E9E"
SUPPRESSED_GREY = "#D9D9D9"


def target_bars(yearly: pd.DataFrame, baseline: tuple[int, int], target: tuple[int, int], baseline_average: float,
                projection=None, title: str = "", lang: str = "sv") -> go.Figure:
    """Yearly summed counts as bars against the baseline-period average; the target period is
    shaded; a pending target's missing years are drawn as projected bars with their interval."""
    shown = yearly[(yearly["year"] >= baseline[0]) & (yearly["year"] <= target[1])]
    in_target = shown["year"] >= target[0]
    traces = [dict(
        type="bar", x=shown["year"].tolist(), y=shown["count"].tolist(), name=t("bars_counted", lang),
        marker={"color": [theme.KOMMUN if x else GREY for x in in_target],
                "pattern": {"shape": ["/" if p else "" for p in shown["preliminary"]]}},
        hovertemplate="%{x}: %{y:,.0f}<extra></extra>")]
    if projection is not None and len(projection.years_observed) < target[1] - target[0] + 1:
        missing = [y for y in range(target[0], target[1] + 1) if y not in projection.years_observed]
        per_year = (projection.projected_total - projection.observed_total) / len(missing)
        low = (projection.projected_low - projection.observed_total) / len(missing)
        high = (projection.projected_high - projection.observed_total) / len(missing)
        traces.append(dict(
            type="bar", x=missing, y=[per_year] * len(missing), name=t("bars_projected", lang),
            marker={"color": "rgba(0,114,178,0.25)", "line": {"color": theme.KOMMUN, "width": 2}},
            error_y={"type": "data", "symmetric": False, "array": [high - per_year] * len(missing),
                     "arrayminus": [per_year - low] * len(missing), "thickness": 1.5, "width": 6},
            hovertemplate="%{x}: %{y:,.0f} (" + t("bars_projected", lang) + ")<extra></extra>"))
    start, end = target[0] - 0.5, target[1] + 0.5
    shapes = [  # the baseline average across the plot, the target period shaded
        {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": baseline_average,
         "y1": baseline_average, "line": {"color": theme.LAN, "dash": "dash", "width": 3}},
        {"type": "rect", "xref": "x", "x0": start, "x1": end, "yref": "y domain", "y0": 0, "y1": 1,
         "fillcolor": "rgba(0,114,178,0.06)", "line": {"width": 0}}]
    annotations = [
        {"text": t("bars_baseline_avg", lang, period=f"{baseline[0]}–{baseline[1]}"), "showarrow": False,
         "xref": "x domain", "x": 0, "xanchor": "left", "yref": "y", "y": baseline_average, "yanchor": "bottom"},
        {"text": t("bars_target_period", lang, period=f"{target[0]}–{target[1]}"), "showarrow": False,
         "xref": "x", "x": end, "xanchor": "right", "yref": "y domain", "y": 1, "yanchor": "top"}]
    return theme.figure(traces, lang, title={"text": title}, height=440, barmode="overlay", shapes=shapes,
                        annotations=annotations, xaxis={"dtick": 1, "range": [baseline[0] - 0.6, target[1] + 0.6]},
                        yaxis={"tickformat": ",.0f", "title": {"text": t("bars_axis", lang)}})


def yearly_change_bars(changes: pd.DataFrame, unit: str, title: str, lang: str = "sv") -> go.Figure:
    """Change from each period to the next with its 95 % CI; coloured only when supported,
    and no bar (a note instead) across a series break."""
    fig = go.Figure(go.Bar(
        x=changes["period"], y=changes["change"],  # NaN across a break: the category stays, no bar
        marker={"color": [theme.KOMMUN if s else GREY for s in changes["significant"]]},
        error_y={"type": "data", "symmetric": False, "array": changes["ci_high"] - changes["change"],
                 "arrayminus": changes["change"] - changes["ci_low"], "thickness": 1.5, "width": 5, "color": "#333"},
        customdata=[[p, t("change_supported" if s else "no_change_supported", lang)]
                    for p, s in zip(changes["previous_period"], changes["significant"])],
        hovertemplate="%{customdata[0]} → %{x}: %{y:.1f}" + unit + "<br>%{customdata[1]}<extra></extra>",
        showlegend=False))
    for period in changes.loc[changes["crosses_break"], "period"]:
        fig.add_annotation(x=period, y=0, text=t("crosses_break", lang), showarrow=False, textangle=-90,
                           font={"size": 13, "color": "#444"}, yanchor="bottom")
    fig.add_hline(y=0, line={"color": "#333", "width": 1})
    theme.apply(fig, lang)
    fig.update_yaxes(rangemode="normal", title=t("change_axis", lang, unit=unit.strip()))
    fig.update_xaxes(type="category", dtick=None)
    fig.update_layout(title={"text": title}, height=400)
    return fig


def survey_area_bars(areas: pd.DataFrame, title: str, lang: str = "sv") -> go.Figure:
    """Shares per area with 95 % CIs; areas with too few answers are grey and say so, without a value."""
    shown = areas[areas["status"].isin(["ok", "preliminary"])]
    hidden = areas[~areas["status"].isin(["ok", "preliminary"])]
    order = list(areas["name"])[::-1]
    fig = go.Figure(go.Bar(
        y=shown["name"], x=shown["value"], orientation="h",
        marker={"color": [theme.KOMMUN if k else theme.OTHERS[0] for k in shown["is_kommun"]]},
        error_x={"type": "data", "symmetric": False, "array": shown["ci_high"] - shown["value"],
                 "arrayminus": shown["value"] - shown["ci_low"], "thickness": 1.5, "width": 5, "color": "#333"},
        customdata=shown[["ci_low", "ci_high", "n"]],
        hovertemplate="%{y}: %{x:.1f} % (95 % KI %{customdata[0]:.1f}–%{customdata[1]:.1f}), n = %{customdata[2]:.0f}<extra></extra>",
        showlegend=False))
    if len(hidden):
        fig.add_trace(go.Bar(y=hidden["name"], x=[1] * len(hidden), orientation="h", showlegend=False,
                             marker={"color": SUPPRESSED_GREY}, text=[t("too_few_answers", lang)] * len(hidden),
                             textposition="outside", hovertemplate="%{y}: " + t("too_few_answers", lang) + "<extra></extra>"))
    theme.apply(fig, lang)
    fig.update_yaxes(categoryorder="array", categoryarray=order)
    fig.update_xaxes(dtick=None, ticksuffix=" %", rangemode="tozero")
    fig.update_layout(title={"text": title}, height=max(300, 70 + 45 * len(areas)))
    return fig


def indexed_lines(frame: pd.DataFrame, labels: dict[str, str], title: str, lang: str = "sv") -> go.Figure:
    """Recorded and perceived, each indexed to its baseline (= 100), as two lines."""
    fig = go.Figure()
    colours = {"recorded": theme.KOMMUN, "perceived": theme.LAN}
    for measure, rows in frame.groupby("measure", sort=False):
        error = None
        if rows["index_low"].notna().any():
            error = {"type": "data", "symmetric": False, "array": rows["index_high"] - rows["index"],
                     "arrayminus": rows["index"] - rows["index_low"], "thickness": 1.5, "width": 4}
        fig.add_trace(go.Scatter(
            x=rows["year"], y=rows["index"], mode="lines+markers", name=labels[measure], error_y=error,
            line={"color": colours[measure], "width": 4, "dash": "solid" if measure == "recorded" else "dash"},
            marker={"size": 9}, customdata=rows[["period", "value", "base_period"]],
            hovertemplate="%{customdata[0]}: %{y:.0f} (" + t("index_base", lang) + " %{customdata[2]} = 100)<extra>%{fullData.name}</extra>"))
    fig.add_hline(y=100, line={"color": "#666", "width": 1.5, "dash": "dot"})
    theme.apply(fig, lang)
    fig.update_yaxes(rangemode="normal", title=t("index_axis", lang))
    fig.update_layout(title={"text": title}, height=440)
    return fig


def quadrant_chart(points: pd.DataFrame, x_median: float, y_median: float, kommun: str, x_title: str, y_title: str,
                   title: str, lang: str = "sv") -> go.Figure:
    """Every geography as a point, medians as axes; the chosen one highlighted and labelled."""
    others, own = points[points["code"] != kommun], points[points["code"] == kommun]

    def ci(rows: pd.DataFrame, colour: str, thickness: float = 1) -> dict:  # every survey share with its 95 % CI
        return {"type": "data", "symmetric": False, "array": rows["y_high"] - rows["y"],
                "arrayminus": rows["y"] - rows["y_low"], "thickness": thickness, "width": 6, "color": colour}

    fig = go.Figure(go.Scatter(
        x=others["x"], y=others["y"], mode="markers", name=t("quadrant_others", lang), text=others["name"],
        error_y=ci(others, "rgba(120,120,120,0.5)"),
        marker={"size": 11, "color": GREY, "line": {"color": "white", "width": 1}},
        hovertemplate="%{text}<br>%{x:,.0f} · %{y:.1f} %<extra></extra>"))
    fig.add_trace(go.Scatter(
        x=own["x"], y=own["y"], mode="markers+text", name=own["name"].iloc[0] if len(own) else kommun,
        text=own["name"], textposition="top center", textfont={"size": 17, "color": theme.KOMMUN},
        error_y=ci(own, theme.KOMMUN, 2.5),
        marker={"size": 18, "color": theme.KOMMUN, "line": {"color": "black", "width": 2}},
        hovertemplate="%{text}<br>%{x:,.0f} · %{y:.1f} %<extra></extra>"))
    fig.add_vline(x=x_median, line={"color": "#666", "dash": "dash", "width": 1.5})
    fig.add_hline(y=y_median, line={"color": "#666", "dash": "dash", "width": 1.5})
    for xa, ya, key in ((0.01, 0.99, "quadrant_low_high"), (0.99, 0.99, "quadrant_high_high"),
                        (0.01, 0.01, "quadrant_low_low"), (0.99, 0.01, "quadrant_high_low")):
        fig.add_annotation(x=xa, y=ya, xref="paper", yref="paper", text=t(key, lang), showarrow=False,
                           xanchor="left" if xa < 0.5 else "right", yanchor="top" if ya > 0.5 else "bottom",
                           font={"size": 13, "color": "#555"})
    theme.apply(fig, lang)

    def padded(values: pd.Series) -> list[float]:  # room for the corner labels and the highlighted name
        span = float(values.max() - values.min()) or 1.0
        return [float(values.min()) - 0.08 * span, float(values.max()) + 0.15 * span]

    fig.update_xaxes(dtick=None, tickformat=",.0f", title=x_title, range=padded(points["x"]))
    fig.update_yaxes(title=y_title, ticksuffix=" %", range=padded(points["y"]))
    fig.update_layout(title={"text": title}, height=520, showlegend=False)
    return fig


def comparison_chart(lines: pd.DataFrame, band: pd.DataFrame, kommun: str, breaks: list[int], title: str,
                     band_label: str, lang: str = "sv") -> go.Figure:
    """The kommun, län, riket and groups of similar kommuner as lines, over the band between the
    25th and 75th percentile of all kommuner; survey values carry their CIs; no line across a break."""
    fig = go.Figure()
    for n, seg in enumerate(s for s in _split_at_breaks(band, list(breaks)) if len(s)):
        fig.add_trace(go.Scatter(x=seg["year"], y=seg["q3"], mode="lines", line={"width": 0}, showlegend=False,
                                 hoverinfo="skip", legendgroup="band"))
        fig.add_trace(go.Scatter(x=seg["year"], y=seg["q1"], mode="lines", line={"width": 0}, fill="tonexty",
                                 fillcolor="rgba(77,77,77,0.15)", name=band_label, legendgroup="band",
                                 showlegend=n == 0, customdata=seg[["q3"]],
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
                error = {"type": "data", "symmetric": False, "array": seg["ci_high"] - seg["value"],
                         "arrayminus": seg["value"] - seg["ci_low"], "thickness": 1.5, "width": 4}
            fig.add_trace(go.Scatter(
                x=seg["year"], y=seg["value"], mode="lines+markers", name=rows["name"].iloc[0], legendgroup=code,
                showlegend=code not in legend, error_y=error, customdata=seg[["period"]],
                line={"color": colour, "width": 4 if role == "kommun" else 2.5,
                      "dash": {"kommun": "solid", "group": "dot"}.get(role, "dash")},
                marker={"size": 9 if role == "kommun" else 6, "color": colour},
                hovertemplate="%{fullData.name}<br>%{customdata[0]}: %{y:,.1f}<extra></extra>"))
            legend.add(code)
    for year in breaks:
        fig.add_vline(x=year - 0.5, line={"dash": "dot", "color": "#666", "width": 1.5})
    theme.apply(fig, lang)
    fig.update_yaxes(tickformat=",.0f" if lines["value"].max() > 100 else None)
    fig.update_layout(title={"text": title}, height=480)
    return fig


def _value_with_ci(row: pd.Series, lang: str) -> str:
    """'23,4 (95 % KI 21,0–25,8)' for a survey share, the plain value otherwise."""
    text = fmt.number(row["value"], 1, lang)
    if pd.notna(row.get("ci_low")) and pd.notna(row.get("ci_high")):
        text += " (" + t("ci95", lang, low=fmt.number(row["ci_low"], 1, lang), high=fmt.number(row["ci_high"], 1, lang)) + ")"
    return text


def choropleth_map(values: pd.DataFrame, geojson: dict, kommun: str, title: str, unit: str,
                   view: tuple[dict, float], lang: str = "sv") -> go.Figure:
    """A value per geography, fully offline: a MapLibre map with the empty 'white-bg' style (no
    tiles, no fetched topojson), centred and zoomed to the shapes (`view` from geo.fit_view); the
    chosen geography outlined, geographies without a value in grey."""
    with_value = values[values["value"].notna()]
    without = values[values["value"].isna()]
    fig = go.Figure(go.Choroplethmap(
        geojson=geojson, locations=with_value["code"], z=with_value["value"], text=with_value["name"],
        colorscale="Blues", marker={"line": {"color": "white", "width": 0.6}},
        colorbar={"title": {"text": unit}, "thickness": 14, "tickformat": ",.0f"},  # 13 000, not 13k
        customdata=[_value_with_ci(r, lang) for _, r in with_value.iterrows()],
        hovertemplate="%{text}: %{customdata}<extra></extra>", name=title))
    if len(without):
        fig.add_trace(go.Choroplethmap(
            geojson=geojson, locations=without["code"], z=[0] * len(without), text=without["name"],
            colorscale=[[0, SUPPRESSED_GREY], [1, SUPPRESSED_GREY]], showscale=False,
            marker={"line": {"color": "white", "width": 0.6}},
            hovertemplate="%{text}: " + t("missing", lang) + "<extra></extra>", name=t("missing", lang)))
    fig.add_trace(go.Choroplethmap(
        geojson=geojson, locations=[kommun], z=[0], showscale=False, name="outline",
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        marker={"line": {"color": "#000000", "width": 4}}, hoverinfo="skip"))
    centre, zoom = view
    theme.apply(fig, lang)
    fig.update_layout(title={"text": title}, height=620, margin={"l": 10, "r": 10, "t": 70, "b": 10},
                      map={"style": "white-bg", "center": centre, "zoom": zoom})
    return fig
