"""Plotly figures as pure functions of tidy frames: the same figure on screen, in images and slides."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

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


def _add_lines(fig, frame, kommun, names, col, legend: set[str], breaks=(), with_ci=False, lang="sv"):
    """One line per geography; `legend` collects the codes already in the legend (one entry each)."""
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
                error = {"type": "data", "symmetric": False, "array": seg["ci_high"] - seg["value"],
                         "arrayminus": seg["value"] - seg["ci_low"], "thickness": 1.5, "width": 4}
            fig.add_trace(go.Scatter(
                x=seg["year"], y=seg["value"], mode="lines+markers", name=names.get(code, code),
                legendgroup=code, showlegend=code not in legend,
                line={"color": colour, "width": 4 if role == "kommun" else 2.5,
                      "dash": "solid" if role in ("kommun", "other") else "dash"},
                marker={"size": 9 if role == "kommun" else 6, "color": colour,
                        "symbol": ["circle-open" if p else "circle" for p in prelim]},
                error_y=error,
                customdata=seg[["period"]].assign(status=[t("preliminary", lang) if p else "" for p in prelim]),
                hovertemplate="%{fullData.name}<br>%{customdata[0]}: %{y}<br>%{customdata[1]}<extra></extra>",
            ), row=1, col=col)
            legend.add(code)


def crime_and_insecurity(crime: pd.DataFrame, insecurity: pd.DataFrame, kommun: str, names: dict[str, str],
                         breaks: list[int], lang: str = "sv") -> go.Figure:
    """Recorded crime (left) and perceived insecurity with 95 % CIs (right), side by side."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=(t("chart_crime", lang), t("chart_insecurity", lang)))
    legend: set[str] = set()
    _add_lines(fig, crime, kommun, names, col=1, legend=legend, lang=lang)
    _add_lines(fig, insecurity, kommun, names, col=2, legend=legend, breaks=breaks, with_ci=True, lang=lang)
    for year in breaks:
        fig.add_vline(x=year - 0.5, line={"dash": "dot", "color": "#666", "width": 1.5}, row=1, col=2)
        fig.add_annotation(x=year - 0.5, xref="x2", y=0.02, yref="y2 domain", text=t("series_break", lang), showarrow=False,
                           xanchor="left", yanchor="bottom", xshift=4, font={"size": 13, "color": "#444"})
    theme.apply(fig, lang)
    fig.update_yaxes(tickformat=",.0f", row=1, col=1)  # 14 000, not 14k
    fig.update_layout(title={"text": t("chart_title", lang, kommun=names.get(kommun, kommun))}, height=520)
    return fig


def target_yearly(yearly: pd.DataFrame, baseline: tuple[int, int], target: tuple[int, int], title: str,
                  lang: str = "sv") -> go.Figure:
    """Crimes per year for a target: baseline years grey, target years blue, each period's yearly mean dashed.

    `yearly` is views.TargetStatus.yearly (year, count, population, preliminary).
    """
    fig = go.Figure()
    for (first, last), colour, label in ((baseline, theme.BASELINE_BAR, t("chart_baseline", lang)),
                                         (target, theme.KOMMUN, t("chart_target_period", lang))):
        rows = yearly[(yearly["year"] >= first) & (yearly["year"] <= last)]
        if rows.empty:
            continue
        name = f"{label} {first}–{last}"
        fig.add_trace(go.Bar(
            x=rows["year"], y=rows["count"], name=name, marker_color=colour,
            marker_pattern_shape=["/" if p else "" for p in rows["preliminary"]],
            customdata=[t("preliminary", lang) if p else "" for p in rows["preliminary"]],
            hovertemplate="%{x}: %{y}<br>%{customdata}<extra>" + name + "</extra>",
        ))
        mean = rows["count"].mean()
        fig.add_shape(type="line", x0=first - 0.45, x1=last + 0.45, y0=mean, y1=mean,
                      line={"color": theme.TEXT, "dash": "dash", "width": 2})
        fig.add_annotation(x=(first + last) / 2, y=mean, yshift=14, showarrow=False, font={"size": 14, "color": theme.TEXT},
                           text=t("chart_mean_per_year", lang, value=fmt.number(mean, 0, lang)),
                           bgcolor="rgba(255,255,255,0.8)")
    theme.apply(fig, lang)
    fig.update_xaxes(dtick=1)
    fig.update_yaxes(tickformat=",.0f", title={"text": t("chart_crimes_per_year", lang)})
    fig.update_layout(title={"text": title}, height=480, bargap=0.25)
    return fig
