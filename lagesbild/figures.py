"""Each chart with everything that travels with it — title, source line, text alternative and the data
behind it — built once for the pages (pages/_shared.show_figure) and the deck (lagesbild/deck.py)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from etl.store import Store
from lagesbild import analysis, charts, describe, views
from lagesbild.catalogue import Target
from lagesbild.i18n import t

PERCEIVED = views.INSECURITY  # perceived insecurity (NTU)


@dataclass(frozen=True)
class Chart:
    """A figure with everything that travels with it: title, source line, text alternative, data."""
    figure: go.Figure
    title: str
    source_line: str
    alt_text: str
    data: pd.DataFrame


@analysis.remembered
def crime_and_insecurity(store: Store, kommun: str, comparisons: list[str], lang: str) -> Chart | None:
    geos = [kommun, *comparisons]
    crime, insecurity = views.series(store, views.CRIME, geos), views.series(store, views.INSECURITY, geos)
    if crime.empty and insecurity.empty:
        return None
    names = {c: views.geo_name(store, c) for c in geos}
    figure = charts.crime_and_insecurity(crime, insecurity, kommun, names, analysis.breaks_of(store, views.INSECURITY), lang)
    both = pd.concat([crime, insecurity])
    return Chart(figure, t("chart_title", lang, kommun=names[kommun]), views.source_line(both, lang),
                 views.chart_alt_text(crime, insecurity, kommun, names, lang), views.series_table(both, store, lang))


@analysis.remembered
def target(store: Store, goal: Target, kommun: str, lang: str) -> Chart:
    """The yearly bars of one target against the baseline average; a pending target's projection."""
    chart = analysis.target_chart(store, kommun, goal)
    title = t("bars_title", lang, kommun=views.geo_name(store, kommun))
    figure = charts.target_bars(chart.yearly, goal.baseline, goal.target, chart.baseline_average, chart.projection,
                                title, lang)
    return Chart(figure, title, views.target_source_line(store, goal, kommun, lang),
                 f"{title}. " + describe.target_bars_alt(chart.yearly, goal.baseline, goal.target, chart.baseline_average, lang),
                 views.target_table(goal, chart.yearly, lang))


@analysis.remembered
def indexed(store: Store, kommun: str, lang: str) -> Chart | None:
    """Recorded crime (the first target's indicators) and perceived insecurity, baseline period = 100."""
    targets = analysis.targets_of(store)
    if not targets:
        return None
    seed = targets[0]
    frame = analysis.indexed(store, kommun, seed, PERCEIVED)
    if frame.empty:
        return None
    labels = {"recorded": t("index_recorded", lang), "perceived": t("index_perceived", lang)}
    title = t("index_title", lang, kommun=views.geo_name(store, kommun))
    return Chart(charts.indexed_lines(frame, labels, title, lang), title,
                 views.source_line(analysis.source_rows(store, [*seed.indicators, PERCEIVED], [kommun]), lang),
                 f"{title}. " + describe.indexed_alt(frame, labels, lang), views.indexed_table(frame, labels, lang))


@analysis.remembered
def quadrant(store: Store, kommun: str, lang: str) -> Chart | None:
    """Recorded rate against share unsafe over all kommuner, medians as axes, the kommun highlighted."""
    q = analysis.quadrant(store, views.CRIME, PERCEIVED)
    if q is None:
        return None
    x_title, y_title = t("chart_crime", lang), t("chart_insecurity", lang)
    title = t("quadrant_title", lang, year=q.year, period=q.y_period)
    rows = analysis.source_rows(store, [views.CRIME, PERCEIVED], q.points["code"].tolist())
    return Chart(charts.quadrant_chart(q.points, q.x_median, q.y_median, kommun, x_title, y_title, title, lang), title,
                 views.source_line(rows[rows["year"] == q.year], lang),
                 describe.quadrant_alt(q.points, q.x_median, q.y_median, kommun, lang),
                 views.quadrant_table(q.points, x_title, y_title, lang))
