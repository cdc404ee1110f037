"""One wording for every comparison and trend (issue 24), built on the one rule for changes (evidence.Change):

- **against others** (a group of similar kommuner, the län, Riket): "högre än / lägre än / som", at 95 % and
  with "tydligt" where even the 99,8 % limit is passed — the funnel's own test (lagesbild.funnel): the kommun's
  events against what the other's level would give a kommun of its size (exact Poisson), or its share against
  the other's (Wilson);
- **over time**, the last five years: "ökar / minskar / oförändrad", or "för få händelser för att bedöma" where
  the first or last year has fewer than TOO_FEW events (as New South Wales' crime statistics say "too few
  incidents for a reliable trend test"): the yearly change of a log-linear trend in the counts, with the
  series' own variation from year to year (the one model, analysis.count_variation);
- **between periods**: "större än 2019, men skiljer sig inte från 2022" — two changes by the one rule in a line.

Each comes with the number of events or respondents behind it, so a reader sees what the word rests on.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lagesbild import fmt
from lagesbild import funnel as fn
from lagesbild.evidence import PeriodChange
from lagesbild.i18n import t

TOO_FEW = 20          # events in a year below which a five-year trend is not judged
TREND_YEARS = 5


@dataclass(frozen=True)
class Versus:
    """A kommun against another level (a group's, the län's, Riket's)."""
    other: str             # its name: "Riket", "Liknande kommuner socioekonomi, Vetlanda, 2024"
    word: str              # higher | lower | same
    strong: bool           # beyond the 99,8 % limit too
    value: float           # the kommun's, as shown (per 100 000, %)
    other_value: float
    count: float           # events or answers behind the kommun's value
    base: float            # population or respondents
    kind: str              # rate | share

    def words(self, lang: str = "sv") -> str:
        """'högre än Riket', 'tydligt lägre än …', 'som …'."""
        word = t(f"versus_{self.word}", lang)
        if self.strong and self.word != "same":
            word = t("versus_clearly", lang, word=word)
        return f"{word} {self.other}"

    def basis(self, lang: str = "sv") -> str:
        """'943 händelser bland 12 000 invånare', '245 av 866 svarande'."""
        return t(f"versus_basis_{self.kind}", lang, count=fmt.number(self.count, 0, lang),
                 base=fmt.number(self.base, 0, lang))

    def text(self, lang: str = "sv") -> str:
        """'högre än Riket (943 händelser bland 12 000 invånare)'."""
        return t("versus_text", lang, word=self.words(lang), basis=self.basis(lang))


def versus(count: float, base: float, other_level: float, kind: str, per: float, other: str) -> Versus:
    """The kommun's `count` of `base` against `other_level` (per unit: events per inhabitant, or a 0–1 share)."""
    word95 = fn.assess(count, base, other_level, kind, 0.95)
    word998 = fn.assess(count, base, other_level, kind, 0.998)
    word = {"higher": "higher", "lower": "lower"}.get(word95, "same")
    return Versus(other, word, word998 == word95 and word != "same", count / base * per, other_level * per, count, base,
                  kind)


@dataclass(frozen=True)
class Trend:
    """The last years' direction: increase | decrease | unchanged | too_few, with the yearly change and its CI (%)."""
    word: str
    first: int
    last: int
    change: float | None = None
    low: float | None = None
    high: float | None = None
    events: tuple[float, float] = (0.0, 0.0)   # in the first and the last year

    def text(self, lang: str = "sv") -> str:
        period = f"{self.first}–{self.last}"
        if self.word == "too_few":
            return t("trend_too_few", lang, period=period, first=fmt.number(self.events[0], 0, lang),
                     last=fmt.number(self.events[1], 0, lang))
        size = t("trend_size", lang, change=fmt.signed(self.change, 1, lang), low=fmt.signed(self.low, 1, lang),
                 high=fmt.signed(self.high, 1, lang))
        return t(f"trend_{self.word}", lang, period=period, size=size)


def trend(years, counts, population, alpha: float = 0.0, level: float = 0.95) -> Trend | None:
    """A log-linear trend in the last TREND_YEARS yearly counts (events over population): its yearly change with
    a Wald interval on the quasi-likelihood scale of a negative binomial with the series' α. None with fewer
    than three years."""
    years, counts, population = (np.asarray(v, dtype=float)[-TREND_YEARS:] for v in (years, counts, population))
    if len(years) < 3:
        return None
    first, last = int(years[0]), int(years[-1])
    if counts[0] < TOO_FEW or counts[-1] < TOO_FEW:
        return Trend("too_few", first, last, events=(float(counts[0]), float(counts[-1])))
    x = years - years.mean()
    rate = counts / population
    # Weighted least squares on log rates: weights 1 / var(log count) = μ / (1 + αμ) (a negative binomial's).
    weights = counts / (1 + alpha * counts)
    design = np.column_stack([np.ones_like(x), x])
    w = np.diag(weights)
    cov = np.linalg.inv(design.T @ w @ design)
    beta = cov @ design.T @ w @ np.log(rate)
    z = fn._z(level)
    slope, se = beta[1], math.sqrt(cov[1, 1])
    change, low, high = (100 * (math.exp(v) - 1) for v in (slope, slope - z * se, slope + z * se))
    word = "increase" if low > 0 else "decrease" if high < 0 else "unchanged"
    return Trend(word, first, last, change, low, high, (float(counts[0]), float(counts[-1])))


def periods_text(latest: str, against: list[PeriodChange], lang: str = "sv") -> str:
    """'2024: större än 2019, men skiljer sig inte från 2022' from changes of the latest period against others."""
    bigger, same = [], []
    for pc in against:
        if pc.crosses_break or pc.change is None or not pc.change.known:
            continue
        if pc.supported:
            bigger.append(t("periods_more" if pc.change.direction == "increase" else "periods_less", lang,
                            prev=pc.previous_period))
        else:
            same.append(pc.previous_period)
    parts = bigger + ([t("periods_same", lang, prev=f" {t('or', lang)} ".join(same))] if same else [])
    if not parts:
        return ""
    joined = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])}{t('periods_but', lang)}{parts[-1]}"
    return f"{latest}: {joined}"
