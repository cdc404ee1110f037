"""How recent each source is, and which are older than their rhythm: said on every page, slide and document.

A source is the kommun's series of one indicator (its latest published period), this year's months of recorded
crime, or the incident exports per area (their latest month). A monthly source is late when its latest month is
more than two months before this month (Brå's and the kommun's monthly figures come within weeks). A yearly or
pooled figure is late when the next one was due: the series' own rhythm (a year, or two for a survey run every
other year) after its latest period, published by 1 July of the year after (Brå's yearly statistics come in
March, Kolada's copies by early summer).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from lagesbild import analysis, est, fmt, views
from lagesbild.effects import TOTAL, monthly
from lagesbild.i18n import t
from lagesbild.store import Store

LATE_MONTHS = 2          # a monthly source more months old than this is late
PUBLISHED_BY = (7, 1)    # a year's figure is out by this month and day of the next year


@dataclass(frozen=True)
class Recency:
    """One source's latest period for a kommun, and whether it is later than its rhythm."""
    what: str                 # 'anmälda brott totalt', 'händelser per område'
    latest: str               # '2025', '2023–2024', 'september 2026'
    monthly: bool = False
    preliminary: bool = False
    late: bool = False
    months_old: int = 0       # a monthly source's age in months
    due: str = ""             # a yearly source's next period and when it was due: '2025 (1 juli 2026)'

    def text(self, lang: str = "sv") -> str:
        """'anmälda brott totalt: 2025 (preliminärt)', 'händelser per område: till och med december 2025 –
        11 månader gamla; nya månader brukar komma inom två månader'."""
        latest = t("fresh_until", lang, period=self.latest) if self.monthly else self.latest
        if self.preliminary:
            latest += f" ({t('preliminary_neuter', lang)})"
        if not self.late:
            return f"{self.what}: {latest}"
        late = t("fresh_late_months", lang, n=self.months_old) if self.monthly else self.due
        return f"{self.what}: {latest} – {late}"


def _month(ts: pd.Timestamp, lang: str) -> str:
    return f"{(fmt.MONTHS_EN if lang == 'en' else fmt.MONTHS_SV)[ts.month - 1]} {ts.year}"


def _months_between(first: pd.Timestamp, today: date) -> int:
    return (today.year - first.year) * 12 + today.month - first.month


def _yearly(rows: pd.DataFrame, what: str, today: date, lang: str) -> Recency:
    """A published series' latest period; late when the next was due by PUBLISHED_BY of the year after it."""
    last = rows.iloc[-1]
    years = sorted({int(y) for y in rows["period_end"].dt.year})
    step = years[-1] - years[-2] if len(years) > 1 else 1   # the series' own rhythm: yearly, or every other year
    following = years[-1] + step
    due = date(following + 1, *PUBLISHED_BY)
    return Recency(what, fmt.period(last["period_start"], last["period_end"]), preliminary=last["status"] == "preliminary",
                   late=today >= due, due=t("fresh_due", lang, period=following, date=fmt.long_date(due, lang)))


def _monthly(months: pd.Series, what: str, today: date, lang: str) -> Recency:
    latest = pd.Timestamp(months.max())
    old = _months_between(latest, today)
    return Recency(what, _month(latest, lang), monthly=True, late=old > LATE_MONTHS, months_old=old)


def label(store: Store, indicator_id: str, lang: str) -> str:
    """An indicator in a list of sources: its short title, lower case unless it starts with an acronym (NTU)."""
    title = views.short_title(store, indicator_id, lang)
    return title if title[:2].isupper() else title[:1].lower() + title[1:]


def of(store: Store, kommun: str, today: date, lang: str = "sv", indicator_ids=(), months: bool = False,
       areas: bool = False) -> list[Recency]:
    """A page's, slide's or document's sources for the kommun: the indicators it shows (those the kommun has),
    with `months` this year's months of recorded crime, with `areas` the incident exports per area."""
    items = indicators(store, kommun, indicator_ids, today, lang)
    extra = [crime_months(store, kommun, today, lang) if months else None, incidents(store, kommun, today, lang) if areas else None]
    return items + [item for item in extra if item is not None]


def indicators(store: Store, kommun: str, indicator_ids, today: date, lang: str = "sv") -> list[Recency]:
    """Each of the indicators' latest published period for the kommun (those it has), in the order given."""
    out = []
    for indicator_id in dict.fromkeys(indicator_ids):
        rows = analysis.observed(store, indicator_id, [kommun])
        if len(rows):
            out.append(_yearly(rows.sort_values("period_end"), label(store, indicator_id, lang), today, lang))
    return out


def crime_months(store: Store, kommun: str, today: date, lang: str = "sv") -> Recency | None:
    """This year's months of recorded crime (Brå's monthly figures) for the kommun, when it has them."""
    rows = analysis.monthly(store, views.CRIME, kommun)
    return _monthly(rows["period_start"], t("fresh_crime_months", lang), today, lang) if len(rows) else None


def incidents(store: Store, kommun: str, today: date, lang: str = "sv") -> Recency | None:
    """The incident exports per area of the kommun: their latest month."""
    codes = est.areas(store, kommun)["code"].tolist()
    months = monthly(est.store_incidents(store), codes, TOTAL)["month"] if codes else pd.Series(dtype="datetime64[ns]")
    return _monthly(months, t("fresh_incidents", lang), today, lang) if len(months) else None


def grouped(items: list[Recency], lang: str = "sv") -> list[Recency]:
    """Sources with the same latest period and state in one entry: 'personrån och skadegörelse: 2024'."""
    out: dict[tuple, list[Recency]] = {}
    for item in items:
        out.setdefault((item.latest, item.monthly, item.preliminary, item.late, item.due, item.months_old), []).append(item)
    joined = []
    for group in out.values():
        names = list(dict.fromkeys(g.what for g in group))
        what = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {t('and', lang)} {names[-1]}"
        joined.append(Recency(what, *(getattr(group[0], f) for f in ("latest", "monthly", "preliminary", "late",
                                                                      "months_old", "due"))))
    return joined


def blocks(store: Store, kommuner: list[str], today: date, lang: str = "sv", indicator_ids=(), months: bool = False,
           areas: bool = False) -> list[tuple[str, str]]:
    """For a document: each kommun's sources as (on time, late) sentences, the kommun named when there are several."""
    out = []
    for kommun in kommuner:
        items = of(store, kommun, today, lang, indicator_ids, months, areas)
        name = f"{views.geo_name(store, kommun)}. " if len(kommuner) > 1 else ""
        if items:
            out.append((name + on_time(items, lang) if any(not i.late for i in items) else "", late(items, lang)))
    return out


def summary(items: list[Recency], lang: str = "sv") -> str:
    """'Så aktuella är uppgifterna: brott totalt: 2025 (preliminärt); …' — each source, late ones saying so."""
    return t("fresh_summary", lang, items="; ".join(item.text(lang) for item in grouped(items, lang))) if items else ""


def on_time(items: list[Recency], lang: str = "sv") -> str:
    """summary() of the sources that are as recent as their rhythm (the late ones go in a warning, late())."""
    return summary([item for item in items if not item.late], lang)


def late(items: list[Recency], lang: str = "sv") -> str:
    """The late sources only, in one sentence for a warning: '' when every source is as recent as its rhythm."""
    late_items = [item for item in grouped(items, lang) if item.late]
    return t("fresh_late_summary", lang, items="; ".join(item.text(lang) for item in late_items)) if late_items else ""
