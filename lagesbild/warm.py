"""A fresh server's first work, done before the first browser arrives (pages/_serve.py calls it at start)."""
from __future__ import annotations

from datetime import date

from lagesbild import analysis, figures, freshness, views
from lagesbild.store import Store


def prepare(store: Store, lang: str = "sv") -> str | None:
    """What the first page needs, computed and remembered per build before anyone asks: the store's per-build
    indexes (observations by geography and by indicator, population, the kommuner in order, the funnel's limits
    behind the standing) and the first kommun's targets, headline figures, standing and charts as the Lägesbild
    page asks for them. Returns that kommun (None in a store without kommuner)."""
    kommun = views.richest_kommun(store)
    if kommun is None:
        return None
    # In the page's order (its charts first): a first session that arrives meanwhile waits for each part once.
    comparisons, group = views.default_comparisons(store, kommun), views.default_group(store, kommun)
    views.kommuner(store)
    analysis.geo_names(store)
    for indicator_id in (views.CRIME, views.INSECURITY):
        figures.indicator_lines(store, kommun, comparisons, indicator_id, lang, group)
    statuses = views.target_status(store, kommun, lang)
    for indicator_id in (views.CRIME, views.INSECURITY):
        views.headline(store, kommun, indicator_id, comparisons, lang)
        views.standing(store, kommun, indicator_id, group, lang)
    for status in statuses:
        if views.target_change(status.row) is not None:
            figures.target(store, status.target, kommun, lang)
    freshness.crime_months(store, kommun, date.today(), lang)
    views.months_against_last_year(store, kommun, lang=lang)
    views.funnel_indicators(store)   # then the next page's per-build lists (Faktisk och upplevd)
    return kommun
