"""Each chart with everything that travels with it — title, source line, text alternative and the data
behind it — built once for the pages (pages/_shared.show_figure) and the deck (lagesbild/deck.py)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from lagesbild import analysis, charts, charts_est, describe, est, fmt, geo, views
from lagesbild.catalogue import Target
from lagesbild.i18n import t
from lagesbild.store import Store

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
def indicator_lines(store: Store, kommun: str, comparisons: list[str], indicator_id: str, lang: str,
                    group: str | None = None) -> Chart | None:
    """One indicator over the years for the kommun and its comparisons (survey shares with their CIs), and the
    level of its `group` of similar kommuner: the web shows recorded crime and insecurity as two of these, side by
    side or stacked on a phone, the deck one a slide."""
    geos = [kommun, *comparisons]
    frame = views.series(store, indicator_id, geos)
    if frame[frame["geo_code"] == kommun]["status"].isin(views.SHOWN).sum() == 0:
        return None
    names = {c: views.geo_name(store, c) for c in geos}
    mean = views.group_series(store, indicator_id, kommun, group, lang)
    if len(mean):
        frame = pd.concat([frame, mean[frame.columns.intersection(mean.columns)]], ignore_index=True)
        title = next(g.title(lang) for g in analysis.groups_of(store, kommun) if g.id == group)
        short = views.group_short(title, lang)
        names[group] = short[0].upper() + short[1:]
    share = analysis.is_share(store, indicator_id)
    axis = t("chart_insecurity" if share else "chart_crime", lang) if indicator_id in (views.CRIME, PERCEIVED) else \
        views.indicator_title(store, indicator_id, lang)
    figure = charts.indicator_lines(frame, kommun, names, axis, analysis.break_marks(store, indicator_id, lang), share, lang)
    title = f"{views.indicator_title(store, indicator_id, lang)} – {names[kommun]}"
    return Chart(figure, title, views.source_line(frame[frame["status"].isin(views.SHOWN)], lang),
                 describe.lines_alt(frame, kommun, names, title, lang), views.series_table(frame, store, lang, names))


@analysis.remembered
def target(store: Store, goal: Target, kommun: str, lang: str) -> Chart:
    """The yearly bars of one target against the baseline average; a pending target's projection."""
    chart = analysis.target_chart(store, kommun, goal)
    title = t("bars_title", lang, kommun=views.geo_name(store, kommun))
    figure = charts.target_bars(chart.yearly, goal.baseline, goal.target, chart.baseline_average, chart.projection,
                                lang)
    return Chart(figure, title, views.target_source_line(store, goal, kommun, lang),
                 f"{title}. " + describe.target_bars_alt(chart.yearly, goal.baseline, goal.target, chart.baseline_average, lang,
                                                         chart.projection),
                 views.target_table(goal, chart.yearly, lang, chart.projection))


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
    return Chart(charts.indexed_lines(frame, labels, lang), title,
                 views.source_line(analysis.source_rows(store, [*analysis.definition(store, seed, kommun), PERCEIVED],
                                                        [kommun]), lang),
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
    return Chart(charts.quadrant_chart(q.points, q.x_median, q.y_median, kommun, x_title, y_title, lang), title,
                 views.source_line(rows[rows["year"] == q.year], lang),
                 describe.quadrant_alt(q.points, q.x_median, q.y_median, kommun, q.year, q.y_period, lang),
                 views.quadrant_table(q.points, x_title, y_title, lang))


@analysis.remembered
def trend(store: Store, kommun: str, indicator_id: str, lang: str) -> Chart | None:
    """The change from each period to the next with its CI (percent for rates, points for shares); None
    with fewer than two measurements (views.missing_text says why)."""
    changes = analysis.trend(store, indicator_id, kommun)
    if changes.empty:
        return None
    unit = f" {fmt.points_unit(lang)}" if analysis.is_share(store, indicator_id) else fmt.percent_sign(lang)
    title = t("trend_title", lang, title=views.indicator_title(store, indicator_id, lang))
    return Chart(charts.yearly_change_bars(changes, unit, lang), title,
                 views.source_line(analysis.source_rows(store, [indicator_id], [kommun]), lang),
                 describe.changes_alt(changes, unit, lang), views.changes_table(changes, lang))


@analysis.remembered
def survey_areas(store: Store, kommun: str, lang: str) -> Chart | None:
    """The local survey's share unsafe per area with its CI; areas with too few answers greyed."""
    areas = analysis.survey_areas(store, kommun, views.LOCAL_SURVEY)
    if areas.empty:
        return None
    title = views.indicator_title(store, views.LOCAL_SURVEY, lang)
    return Chart(charts.survey_area_bars(areas, lang), title, views.source_line(areas, lang),
                 describe.areas_alt(areas, lang), views.areas_table(areas, lang))


@analysis.remembered
def comparison(store: Store, kommun: str, indicator_id: str, lang: str, group: str | None = None) -> Chart:
    """The kommun against its län, riket and similar kommuner (its `group`, or all its groups) over the band of
    all kommuner."""
    comp = analysis.comparison(store, kommun, indicator_id, lang, group)
    title = views.indicator_title(store, indicator_id, lang)
    figure = charts.comparison_chart(comp.lines, comp.band, kommun, analysis.break_marks(store, indicator_id, lang),
                                     t("iqr_band", lang), lang)
    return Chart(figure, title, views.source_line(comp.rows, lang), describe.comparison_alt(comp.lines, comp.band, lang),
                 views.comparison_table(comp.lines, comp.band, lang))


@analysis.remembered
def choropleth(store: Store, kommun: str, indicator_id: str, level: str, lang: str) -> Chart:
    """The indicator's latest value for every kommun or län, the kommun (or its län) outlined."""
    values = analysis.map_values(store, indicator_id, level)
    outlined = kommun if level == "kommun" else kommun[:2]
    shapes = geo.boundaries(values["code"].tolist(), level)
    title = f"{views.indicator_title(store, indicator_id, lang)}, {values['period'].iloc[0] if len(values) else ''}"
    preliminary = values.loc[values["value"].notna(), "status"] == "preliminary"
    if preliminary.any():
        title += f" ({t('preliminary' if preliminary.all() else 'partly_preliminary', lang)})"
    figure = charts.choropleth_map(values, shapes, outlined, title, analysis.indicator(store, indicator_id)["unit"],
                                   geo.fit_view(shapes), lang)
    return Chart(figure, title, views.source_line(values[values["source"] != ""], lang),
                 describe.map_alt(values, views.geo_name(store, outlined), level, lang), views.map_table(values, lang))


@analysis.remembered
def funnel(store: Store, kommun: str, indicator_id: str, year: int | None, lang: str,
           members: tuple[str, ...] | None = None, group: tuple[str, ...] = ()) -> Chart | None:
    """Every kommun's value in `year` (None: the latest with values) against its size with the control limits
    (lagesbild.funnel); the kommun and `group` (its similar kommuner) highlighted; `members` limits the funnel
    to them. None without a rate or a share to draw, or with fewer kommuner than analysis.MIN_KOMMUNER."""
    from lagesbild import charts_funnel

    data = views.funnel_data(store, indicator_id, year, members)
    if data is None or len(data.rows) < analysis.MIN_KOMMUNER:
        return None
    year = data.year
    rows = analysis.observed(store, indicator_id, data.rows["geo_code"].tolist())
    rows = rows[rows["year"] == year]
    prelim = f" ({t('preliminary_neuter', lang)})" if (rows["status"] == "preliminary").any() else ""
    title = t("funnel_title", lang, title=views.indicator_title(store, indicator_id, lang), year=f"{year}{prelim}")
    value_title = views.indicator_title(store, indicator_id, lang)
    figure = charts_funnel.funnel_chart(data, kommun, list(group), t(f"funnel_base_{data.kind}", lang), value_title, lang)
    return Chart(figure, title, views.source_line(rows, lang),
                 describe.funnel_alt(data, kommun, views.geo_name(store, kommun), lang), views.funnel_table(data, lang))


def before_after(store: Store, row: pd.Series, lang: str) -> Chart:
    """An insats's monthly incidents before and after its start with the level expected without it: the page's
    chart and the deck's, with its effect in words (est.effect_text) as the text alternative's end."""
    names = analysis.geo_names(store)
    frame = est.before_after(store, row)
    effect = est.effect_text(row, lang)
    kommun = row["area"].split("-", 1)[0]
    return Chart(charts_est.before_after(frame, row, names, lang),
                 t("chart_before_after", lang, name=row["name"], area=row["area_name"]),
                 est.area_source(store, kommun, lang, survey=False),
                 describe.before_after_alt(frame, row, names, effect, lang),
                 est.before_after_table(store, frame, row, names, lang))
