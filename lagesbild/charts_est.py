"""Figures for the EST pages (areas and insatser): pure functions of tidy frames, like charts.py."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lagesbild import fmt, theme
from lagesbild.est import expected_without, month_label
from lagesbild.i18n import t


def decimal_year(month: pd.Timestamp) -> float:
    """A month as a point on a year axis (April 2023 = 2023.25): one x for the screen, the slide and the PDF."""
    return month.year + (month.month - 1) / 12


def before_after(frame: pd.DataFrame, row: pd.Series, names: dict[str, str], lang: str = "sv") -> go.Figure:
    """Monthly incidents in the area (and the comparison area), the start (and end) marked, the mean before and
    after the start, and what the effect is measured against: the level expected after the start without the
    insats, from the effect's own model (est.expected_without). Mean after ÷ expected = the effect, so the
    chart shows the effect's own number, also where the plain means moved the other way."""
    def points(rows: pd.DataFrame) -> dict:
        return {"x": [decimal_year(m) for m in rows["month"]], "customdata": [month_label(m, lang) for m in rows["month"]]}

    def level(rows: pd.DataFrame, value: float, key: str, line: dict) -> dict:
        text = fmt.number(value, 1, lang)
        return dict(type="scatter", mode="lines", x=[decimal_year(rows["month"].min()), decimal_year(rows["month"].max())],
                    y=[round(value, 2)] * 2, name=t(key, lang, value=text), line=line,
                    hovertemplate=f"{t(key, lang, value=text)}<extra></extra>")

    area = frame[frame["series"] == "area"]
    traces = [dict(type="scatter", mode="lines+markers", name=names[row["area"]], **points(area), y=area["count"].tolist(),
                   line={"color": theme.KOMMUN, "width": 2}, marker={"size": 5, "color": theme.KOMMUN},
                   hovertemplate="%{customdata}: %{y}<extra>%{fullData.name}</extra>")]
    comp = frame[frame["series"] == "comparison"]
    if len(comp):
        traces.append(dict(type="scatter", mode="lines", **points(comp), y=comp["count"].tolist(),
                           name=t("chart_comparison_area", lang, name=names[row["comparison_area"]]),
                           line={"color": theme.RIKET, "width": 1.5, "dash": "dot"},
                           hovertemplate="%{customdata}: %{y}<extra>%{fullData.name}</extra>"))
    def mean(rows: pd.DataFrame, column: str) -> float:  # the effect's own means, as its words say them
        return row[column] if pd.notna(row.get(column)) else rows["count"].mean()

    before, after = area[area["phase"] == "before"], area[area["phase"] == "after"]
    if len(before):
        traces.append(level(before, mean(before, "mean_before"), "chart_mean_before", {"color": theme.OTHERS[0], "width": 4}))
    if len(after):
        traces.append(level(after, mean(after, "mean_after"), "chart_mean_after", {"color": theme.LAN, "width": 4}))
        expected = expected_without(row)
        if pd.notna(expected):
            traces.append(level(after, expected, "chart_expected_without", {"color": "#000000", "width": 3, "dash": "dash"}))
    marks = [(row["start"], "chart_start", "#333", 2)] + ([(row["end"], "chart_end", "#666", 1.5)] if pd.notna(row["end"]) else [])
    shapes, labels = [], []
    for when, key, colour, width in marks:
        x = decimal_year(pd.Timestamp(when).to_period("M").to_timestamp())
        shapes.append({"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "y domain", "y0": 0, "y1": 1,
                       "line": {"dash": "dot", "color": colour, "width": width}})
        labels.append({"x": x, "y": 0.9, "xref": "x", "yref": "y domain", "text": t(key, lang), "showarrow": False,
                       "xanchor": "left", "yanchor": "top", "xshift": 4, "font": {"size": 14}})
    # A tick a year (2021 … 2026): month labels every half year turned sideways and were cut to "20" on a phone.
    return theme.figure(traces, lang, height=480, shapes=shapes, annotations=labels,
                        xaxis={"dtick": 1, "tickformat": "d"},
                        yaxis={"title": {"text": t("chart_incidents_per_month", lang)}})


def area_signals(ranking: pd.DataFrame, lang: str = "sv") -> go.Figure:
    """Recorded (incidents in the quarter) against perceived (share unsafe, 95 % CI) per area."""
    shown = ranking[ranking["otrygghet"].notna()]
    # Each name on the plot's inner side of its point, so no name runs off the edge of a phone's chart.
    middle = (shown["incidents"].min() + shown["incidents"].max()) / 2 if len(shown) else 0
    fig = go.Figure(go.Scatter(
        x=shown["incidents"], y=shown["otrygghet"], mode="markers+text", text=shown["name"], cliponaxis=False,
        textposition=["top right" if x <= middle else "top left" for x in shown["incidents"]],
        marker={"size": 14, "color": theme.KOMMUN},
        error_y={"type": "data", "symmetric": False, "array": shown["otrygghet_high"] - shown["otrygghet"],
                 "arrayminus": shown["otrygghet"] - shown["otrygghet_low"], "thickness": 1.5, "width": 4},
        hovertemplate="%{text}<br>%{x}<br>%{y:.1f}" + fmt.percent_sign(lang) + "<extra></extra>", showlegend=False))
    theme.apply(fig, lang)
    quarter = ranking["quarter"].iloc[0] if len(ranking) else ""
    fig.update_xaxes(dtick=None, title=t("chart_incidents_quarter", lang, quarter=quarter))
    fig.update_yaxes(title=t("chart_otrygghet_area", lang),
                     range=[0, float(shown["otrygghet_high"].max()) * 1.12] if len(shown) else None)
    fig.update_layout(height=460)
    return fig
