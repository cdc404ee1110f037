"""The funnel of all kommuner (lagesbild.funnel) as a Plotly figure: every kommun a point, value against size
on a log axis, the overall level as the centre line and the 95 % and 99,8 % control limits around it; the
chosen kommun and its group of similar kommuner stand out."""
from __future__ import annotations

import math

import plotly.graph_objects as go

from lagesbild import funnel as fn
from lagesbild import theme
from lagesbild.i18n import t

GREY = "#9E9E9E"
GROUP = theme.OTHERS[0]


def funnel_chart(data: fn.FunnelData, kommun: str, group: list[str], base_title: str, value_title: str,
                 lang: str = "sv") -> go.Figure:
    rows = data.shown()
    decimals = 1 if data.kind == "share" else 0
    suffix = " %" if data.kind == "share" else ""
    line = fn.curve(rows["base"].min() * 0.8, rows["base"].max() * 1.25, data.centre, data.kind)
    traces = []
    for column, dash, name in (("limit998", "dot", t("funnel_limit998", lang)), ("limit95", "dash", t("funnel_limit95", lang))):
        for side in ("low", "high"):
            traces.append(dict(type="scatter", x=line["base"].tolist(), y=(line[f"{column}_{side}"] * data.per).tolist(),
                               mode="lines", line={"color": theme.RIKET, "dash": dash, "width": 1.5}, name=name,
                               legendgroup=column, showlegend=side == "low", hoverinfo="skip"))
    traces.append(dict(type="scatter", x=[line["base"].min(), line["base"].max()], y=[data.centre * data.per] * 2,
                       mode="lines", line={"color": theme.RIKET, "width": 2}, name=t("funnel_centre", lang),
                       hoverinfo="skip"))
    roles = [("other", rows[~rows["geo_code"].isin([kommun, *group])], GREY, 9, t("funnel_others", lang)),
             ("group", rows[rows["geo_code"].isin(group) & (rows["geo_code"] != kommun)], GROUP, 10, t("funnel_group", lang)),
             ("kommun", rows[rows["geo_code"] == kommun], theme.KOMMUN, 15, None)]
    for role, points, colour, size, name in roles:
        if points.empty:
            continue
        traces.append(dict(
            type="scatter", x=points["base"].tolist(), y=points["value"].tolist(), mode="markers",
            name=name or points["name"].iloc[0], marker={"color": colour, "size": size,
                                                         "line": {"color": "white", "width": 1}},
            customdata=[[n, round(c)] for n, c in zip(points["name"], points["count"])],
            hovertemplate=(f"%{{customdata[0]}}<br>%{{y:,.{decimals}f}}{suffix}<br>"
                           f"{t('funnel_hover_' + data.kind, lang)}: %{{customdata[1]:,}} / %{{x:,.0f}}<extra></extra>")))
    low, high = float(line["base"].min()), float(line["base"].max())
    ticks = [m * 10 ** e for e in range(int(math.floor(math.log10(low))), int(math.ceil(math.log10(high))) + 1)
             for m in (1, 2, 5) if low <= m * 10 ** e <= high]   # 1-2-5 on a log axis: no crowded minor labels
    if len(ticks) < 3:   # a narrow range (respondents 500–1 200): every step of the decade
        ticks = [m * 10 ** e for e in range(int(math.floor(math.log10(low))), int(math.ceil(math.log10(high))) + 1)
                 for m in range(1, 10) if low <= m * 10 ** e <= high]
    return theme.figure(traces, lang, height=520,
                        xaxis={"type": "log", "title": {"text": base_title}, "tickformat": ",.0f", "showgrid": False,
                               "tickvals": ticks},
                        yaxis={"title": {"text": value_title}, "tickformat": f",.{decimals}f", "ticksuffix": suffix,
                               "rangemode": "normal"})
