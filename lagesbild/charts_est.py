"""Figures for the EST pages (areas and insatser): pure functions of tidy frames, like charts.py."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lagesbild import theme
from lagesbild.i18n import t


def before_after(frame: pd.DataFrame, row: pd.Series, names: dict[str, str], lang: str = "sv") -> go.Figure:
    """Monthly incidents in the area (and the comparison area), the start marked, mean before and after."""
    fig = go.Figure()
    area = frame[frame["series"] == "area"]
    fig.add_trace(go.Scatter(x=area["month"], y=area["count"], mode="lines+markers", name=names[row["area"]],
                             line={"color": theme.KOMMUN, "width": 3}, marker={"size": 6}))
    comp = frame[frame["series"] == "comparison"]
    if len(comp):
        fig.add_trace(go.Scatter(x=comp["month"], y=comp["count"], mode="lines",
                                 name=t("chart_comparison_area", lang, name=names[row["comparison_area"]]),
                                 line={"color": theme.RIKET, "width": 2, "dash": "dash"}))
    for phase, label in (("before", "chart_mean_before"), ("after", "chart_mean_after")):
        part = area[area["phase"] == phase]
        if len(part):
            fig.add_trace(go.Scatter(x=[part["month"].min(), part["month"].max()], y=[part["count"].mean()] * 2,
                                     mode="lines", name=t(label, lang),
                                     line={"color": theme.LAN if phase == "after" else theme.OTHERS[0], "width": 4}))
    start = pd.Timestamp(row["start"]).to_period("M").to_timestamp()
    fig.add_vline(x=start, line={"dash": "dot", "color": "#333", "width": 2})
    fig.add_annotation(x=start, y=1, yref="paper", text=t("chart_start", lang), showarrow=False, xanchor="left",
                       xshift=4, font={"size": 14})
    if pd.notna(row["end"]):
        end = pd.Timestamp(row["end"]).to_period("M").to_timestamp()
        fig.add_vline(x=end, line={"dash": "dot", "color": "#999", "width": 1.5})
        fig.add_annotation(x=end, y=0.92, yref="paper", text=t("chart_end", lang), showarrow=False, xanchor="left",
                           xshift=4, font={"size": 14})
    theme.apply(fig, lang)
    # A tick a year (2021 … 2026): month labels ("2023-07") every half year turned sideways and were cut to "20" on a phone.
    fig.update_xaxes(dtick="M12", tickformat="%Y", tickangle=0)
    fig.update_layout(yaxis_title=t("chart_incidents_per_month", lang), height=460)
    return fig


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
        hovertemplate="%{text}<br>%{x}<br>%{y:.1f} %<extra></extra>", showlegend=False))
    theme.apply(fig, lang)
    quarter = ranking["quarter"].iloc[0] if len(ranking) else ""
    fig.update_xaxes(dtick=None, title=t("chart_incidents_quarter", lang, quarter=quarter))
    fig.update_yaxes(title=t("chart_otrygghet_area", lang),
                     range=[0, float(shown["otrygghet_high"].max()) * 1.12] if len(shown) else None)
    fig.update_layout(height=460)
    return fig
