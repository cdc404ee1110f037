"""All kommuner in one picture: a funnel plot of a rate or a share against its base, with control limits.

Each kommun's value is plotted against its size (population for a rate of events, respondents for a survey
share) around the overall level of all of them (the centre line: their events over their population, their
answers over their respondents). The control limits say how far from the centre a kommun of that size can lie
by chance alone, at 95 % and 99,8 %; a kommun outside them is higher or lower than the others, not by chance.

The limits are those of the Fingertips technical guidance (Public Health England, now OHID), as implemented in
its published open code (PHEindicatormethods for R, PHStatsMethods for Python) and tested here against their
published reference values (tests/fixtures/funnel/: their testdata_funnels.xlsx):
- a rate: exact Poisson limits. At a population N with an overall rate r, the lower limit is the rate x/N of
  the count x whose exact (Garwood) upper confidence bound is r·N, and the upper limit the one whose lower
  bound is r·N — the χ² form of the Poisson distribution, continuous in x;
- a share: Wilson score limits. At n respondents with an overall share p, the limits are the shares whose
  Wilson interval at that level just reaches p.
A kommun is `higher` when even the bound of its own count on the centre's side is beyond the centre (its value
is above the upper limit), `lower` likewise, else `as_expected`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

LEVELS = {"95": 0.95, "998": 0.998}
ASSESSMENTS = ("higher", "lower", "as_expected")


def _z(level: float) -> float:
    from scipy import special   # here, not at the top: the first page draws without SciPy (tests/test_cold_start.py)

    return float(special.ndtri(0.5 + level / 2))


def _chi2_ppf(q: float, df: float) -> float:
    from scipy import special

    return float(special.gammaincinv(df / 2, q) * 2)


def poisson_upper(count: float, level: float) -> float:
    """The exact (Garwood) upper bound of a Poisson mean after `count` events: χ²(1 − α/2; 2x + 2) / 2."""
    return _chi2_ppf(0.5 + level / 2, 2 * count + 2) / 2


def poisson_lower(count: float, level: float) -> float:
    """The exact lower bound: χ²(α/2; 2x) / 2, 0 for no events."""
    return 0.0 if count <= 0 else _chi2_ppf(0.5 - level / 2, 2 * count) / 2


def rate_limits(base: float, centre: float, level: float) -> tuple[float, float]:
    """(low, high) control limits of a rate (events per unit of base) at a base (population) around `centre`."""
    low, high = rate_limits_of(np.array([float(base)]), centre, level)
    return float(low[0]), float(high[0])


def rate_limits_of(bases: np.ndarray, centre: float, level: float) -> tuple[np.ndarray, np.ndarray]:
    """rate_limits for many bases at once. The lower limit is the count x whose exact upper bound
    (poisson_upper, the χ² quantile: the regularised gamma P(x + 1, ·) at 0.5 + level/2) is the expected count E,
    so P(x + 1, E) = 0.5 + level/2 — 0 when even no events reach it; the upper limit the x with P(x, E) =
    0.5 − level/2. SciPy's gdtrib solves P(a, E) = q for the shape a directly (for all bases in one call; a root
    search per kommun and level took the funnel of 290 kommuner ~2 s, issue 29)."""
    from scipy import special

    bases = np.asarray(bases, dtype=float)
    expected = centre * bases
    upper_q, lower_q = 0.5 + level / 2, 0.5 - level / 2
    some = expected > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(some & (poisson_upper(0.0, level) < expected), special.gdtrib(1.0, upper_q, expected) - 1, 0.0)
        high = np.where(some, special.gdtrib(1.0, lower_q, expected), 0.0)
        return np.where(some, low / bases, 0.0), np.where(some, high / bases, 0.0)


def share_limits(base: float, centre: float, level: float) -> tuple[float, float]:
    """(low, high) control limits of a share (0–1) at `base` respondents around `centre`: the shares whose Wilson
    score interval at `level` has its upper (lower) bound at the centre, within [0, 1]."""
    z2 = _z(level) ** 2
    n, p = float(base), float(centre)
    # Wilson's bound b of an observed share q solves (q − b)² = z² b (1 − b) / n: the q for b = p are its roots.
    half = math.sqrt(z2 * p * (1 - p) / n)
    return max(0.0, p - half), min(1.0, p + half)


def assess(count: float, base: float, centre: float, kind: str, level: float) -> str:
    """higher, lower or as_expected at `level`: outside the limits for its base, or not."""
    low, high = (rate_limits if kind == "rate" else share_limits)(base, centre, level)
    value = count / base
    return "higher" if value > high else "lower" if value < low else "as_expected"


def limits_frame(frame: pd.DataFrame, centre: float, kind: str) -> pd.DataFrame:
    """`frame` (count, base) with value, limit95_low … limit998_high and assessment (at 95 %)."""
    out = frame.assign(value=frame["count"] / frame["base"])
    for name, level in LEVELS.items():
        if kind == "rate":
            low, high = rate_limits_of(out["base"].to_numpy(dtype=float), centre, level)
        else:
            both = [share_limits(b, centre, level) for b in out["base"]]
            low, high = [lo for lo, _ in both], [hi for _, hi in both]
        out[f"limit{name}_low"] = low
        out[f"limit{name}_high"] = high
    out["assessment"] = np.where(out["value"] > out["limit95_high"], "higher",
                                 np.where(out["value"] < out["limit95_low"], "lower", "as_expected"))
    out["assessment998"] = np.where(out["value"] > out["limit998_high"], "higher",
                                    np.where(out["value"] < out["limit998_low"], "lower", "as_expected"))
    return out


def curve(base_min: float, base_max: float, centre: float, kind: str, points: int = 80) -> pd.DataFrame:
    """The limits along the base axis for drawing: base, limit95_low … limit998_high (log-spaced)."""
    bases = np.unique(np.geomspace(max(base_min, 1.0), max(base_max, base_min + 1.0), points))
    rows = pd.DataFrame({"base": bases, "count": bases * centre})
    return limits_frame(rows, centre, kind)[["base", "limit95_low", "limit95_high", "limit998_low", "limit998_high"]]


@dataclass(frozen=True)
class FunnelData:
    """The kommuner of one indicator and year: their counts and bases, the centre and what is left out."""
    rows: pd.DataFrame        # geo_code, name, count, base, value (per unit), limits, assessment, assessment998
    centre: float             # overall level, per unit (events per inhabitant, or a share 0–1)
    kind: str                 # rate | share
    per: float                # what a rate is shown per (100 000), 100 for a share's %
    missing: pd.DataFrame     # geo_code, name of kommuner with no value that year
    year: int | None = None   # the year drawn (of_store)

    def shown(self) -> pd.DataFrame:
        """The rows as people read them: value and limits per 100 000 inhabitants, or in %."""
        out = self.rows.copy()
        for col in ("value", "limit95_low", "limit95_high", "limit998_low", "limit998_high"):
            out[col] = out[col] * self.per
        return out


def funnel(counts: pd.DataFrame, kind: str, per: float, names: dict[str, str], everyone: list[str]) -> FunnelData:
    """`counts`: geo_code, count, base for the kommuner with a value; `everyone`: all kommuner considered."""
    usable = counts[(counts["base"] > 0) & counts["count"].notna()].copy()
    centre = float(usable["count"].sum() / usable["base"].sum()) if len(usable) else float("nan")
    rows = limits_frame(usable, centre, kind) if len(usable) else usable.assign(
        value=[], limit95_low=[], limit95_high=[], limit998_low=[], limit998_high=[], assessment=[], assessment998=[])
    rows = rows.assign(name=rows["geo_code"].map(names)).sort_values("base").reset_index(drop=True)
    have = set(usable["geo_code"])
    without = [c for c in everyone if c not in have]
    missing = pd.DataFrame({"geo_code": without, "name": [names.get(c, c) for c in without]})
    return FunnelData(rows, centre, kind, per, missing)


# --- from the store -------------------------------------------------------------------------------------------

def of_store(store, indicator_id: str, year: int, members: list[str] | None = None) -> FunnelData | None:
    """The funnel of one indicator's values in `year` over every kommun in the store (or a group's members):
    a rate's events (recovered from Kolada's rates and population, a k-year mean's over its k years) against
    population, a share's answers against respondents (from the survey's base, or for a published share with a
    margin of error the sample size that margin implies). None for a unit that is neither (kronor, an age
    group's rate, whose population the store lacks)."""
    from lagesbild import analysis
    from lagesbild.targets import inhabitants_per, recovered_counts, window_years

    ind = analysis.indicator(store, indicator_id)
    geos = store.geographies
    kommuner = members if members is not None else geos.loc[geos["level"] == "kommun", "code"].tolist()
    names = analysis.geo_names(store)
    rows = analysis.observed(store, indicator_id, kommuner)
    rows = rows[rows["year"] == year]
    if ind["unit"] == "%":
        n = rows["base"].astype(float)
        half = (rows["ci_high"] - rows["ci_low"]) / 200
        p = rows["value"] / 100
        from_ci = _z(0.95) ** 2 * p * (1 - p) / half ** 2   # the sample size a 95 % margin implies (Kish's n_eff)
        n = from_ci.where(half > 0, n)
        counts = pd.DataFrame({"geo_code": rows["geo_code"], "count": p * n, "base": n})
        return replace(funnel(counts.dropna(), "share", 100.0, names, kommuner), year=year)
    per = inhabitants_per(ind["unit"])
    if per is None:
        return None
    pop = analysis.store_population(store)
    frame = rows.merge(pop[["geo_code", "year", "population"]], on=["geo_code", "year"], how="left")
    counts = pd.DataFrame({"geo_code": frame["geo_code"], "count": recovered_counts(frame),
                           "base": frame["population"] * window_years(frame)})
    return replace(funnel(counts.dropna(), "rate", per, names, kommuner), year=year)
