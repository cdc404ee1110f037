"""Trends, measured vs perceived, comparisons and map data, computed from the store for the pages.

Pure functions of the store (no Streamlit); every frame keeps `source` and `retrieved_at` where it
comes from observations, so a figure can state its source.
"""
from __future__ import annotations

import functools
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from lagesbild import fmt
from lagesbild.catalogue import (ComparisonGroup, PROJECT_DATA, Target, in_group, load_comparison_groups,
                                 load_targets)
from lagesbild.evidence import Change, PeriodChange
from lagesbild.stats import (POISSON, Projection, Variation, YearlyCounts, pooled_variation, project_target_total,
                             series_variation, share_difference, yearly_changes)
from lagesbild.store import Store
from lagesbild.targets import (SHOWN, calendar_months, inhabitants_per, population, recovered_counts, window_years,
                               yearly_by_geo)

RATE_UNIT = "per 100 000 inv."


def indicator(store: Store, indicator_id: str) -> pd.Series:
    """One row of the store's indicators table."""
    return per_build(store, "indicators_by_id", lambda: store.indicators.set_index("id")).loc[indicator_id]


def geo_names(store: Store) -> dict[str, str]:
    """code -> name of every geography in the store."""
    return per_build(store, "geo_names", lambda: dict(zip(store.geographies["code"], store.geographies["name"])))


def breaks_of(store: Store, indicator_id: str) -> list[int]:
    return [int(y) for y in str(indicator(store, indicator_id)["series_breaks"]).split(",") if y.strip()]


def break_marks(store: Store, indicator_id: str, lang: str) -> dict[int, str]:
    """{year: what the series break is} as the indicator's own record names it ("" where it says nothing),
    for charts: 'Seriebrott 2024: MSB:s nya definition', not one text for every break."""
    row = indicator(store, indicator_id)
    label = str(row.get("break_label_en" if lang == "en" else "break_label_sv") or "")
    return dict.fromkeys(breaks_of(store, indicator_id), label)


def is_share(store: Store, indicator_id: str) -> bool:
    return indicator(store, indicator_id)["unit"] == "%"


def window_of(store: Store, indicator_id: str) -> int:
    """Years each value averages or pools (3 for Kolada's 'år T-2 till T'); 1 for single years."""
    return max(1, int(indicator(store, indicator_id).get("pooled_years", 1) or 1))


def non_overlapping(rows: pd.DataFrame, start: str = "period_start", end: str = "period_end") -> pd.DataFrame:
    """The rows (oldest first) whose periods do not overlap a later kept one, counted back from the latest:
    three-year means published every year compare 2024 (2022–2024) with 2021 (2019–2021), never with 2023.
    `start`/`end`: the columns of each period's first and last day (or first and last year)."""
    if len(rows) < 2:
        return rows
    keep, first = [], None
    for i, (a, b) in reversed(list(enumerate(zip(rows[start], rows[end])))):
        if first is None or b < first:
            keep.append(i)
            first = a
    return rows.iloc[sorted(keep)]


# Derived tables computed once per store build: a build never changes, and a page rerun after a
# filter change should not rescan 100 000 national observations.
_PER_BUILD: dict[str, dict[str, object]] = {}


_PER_BUILD_LOCK = threading.RLock()   # re-entrant: one table's computation may ask for another


def per_build(store: Store, name: str, compute):
    tables = _PER_BUILD.get(store.build_id)
    if tables is not None and name in tables:
        return tables[name]
    # Computed by one thread only: a first page arriving while the start-up warm-up (pages/_serve.py) computes
    # the same index waits for it instead of computing it a second time beside it.
    with _PER_BUILD_LOCK:
        if store.build_id not in _PER_BUILD:
            while len(_PER_BUILD) >= 2:  # the live build and the one before it are all a server needs
                _PER_BUILD.pop(next(iter(_PER_BUILD)))
            _PER_BUILD[store.build_id] = {}
        tables = _PER_BUILD[store.build_id]
        if name not in tables:
            tables[name] = compute()
        return tables[name]


def remembered(fn):
    """Remember `fn(store, …)` per store build and arguments, the latest 256 calls: a user who goes back to
    a kommun or a language gets the same result again without waiting for it. Lists among the arguments
    count as tuples. The result is shared between reruns and sessions: never modify it."""
    name = f"remembered:{fn.__module__}.{fn.__qualname__}"

    def frozen(value):
        return tuple(value) if isinstance(value, list) else value

    @functools.wraps(fn)
    def wrapper(store: Store, *args, **kwargs):
        key = (*map(frozen, args), *((k, frozen(v)) for k, v in sorted(kwargs.items())))
        results = per_build(store, name, OrderedDict)
        with _REMEMBERED_LOCK:
            if key in results:
                results.move_to_end(key)
                return results[key]
        value = fn(store, *args, **kwargs)
        with _REMEMBERED_LOCK:
            results[key] = value
            if len(results) > 256:
                results.popitem(last=False)
        return value
    return wrapper


_REMEMBERED_LOCK = threading.Lock()


def store_population(store: Store) -> pd.DataFrame:
    return per_build(store, "population", lambda: population(store.observations))


def observations_of(store: Store, geo_codes: list[str]) -> pd.DataFrame:
    """The store's observations for these geographies (in the store's order)."""
    by_geo = per_build(store, "by_geo", lambda: dict(iter(store.observations.groupby("geo_code", sort=False))))
    frames = [by_geo[c] for c in dict.fromkeys(geo_codes) if c in by_geo]
    return pd.concat(frames).sort_index() if frames else store.observations.iloc[0:0]


def published(store: Store) -> pd.DataFrame:
    """The observations of published periods (years, pooled years, a survey's weeks): monthly counts of
    recorded crime (Brå's monthly exports, incidents per area) are left out, so every series compares
    like with like. `monthly` reads those."""
    def without_months() -> pd.DataFrame:
        obs = store.observations
        recorded = store.indicators.loc[store.indicators["kind"] == "recorded", "id"]
        return obs[~(calendar_months(obs) & obs["indicator_id"].isin(recorded))]
    return per_build(store, "published", without_months)


def monthly(store: Store, indicator_id: str, geo_code: str) -> pd.DataFrame:
    """One recorded indicator's shown monthly counts for a geography, oldest first."""
    obs = observations_of(store, [geo_code])
    rows = obs[(obs["indicator_id"] == indicator_id) & (obs["group"] == "total") & obs["status"].isin(SHOWN)
               & obs["count"].notna() & calendar_months(obs)]
    return rows.sort_values("period_start").reset_index(drop=True)


def _series(store: Store) -> dict[tuple[str, str], pd.DataFrame]:
    """The published observations split once per build by (indicator, group), with `year`, in geography
    and period order."""
    def split() -> dict[tuple[str, str], pd.DataFrame]:
        obs = published(store)
        obs = obs.assign(year=obs["period_end"].dt.year).sort_values(["geo_code", "period_end"], kind="stable")
        return {key: rows for key, rows in obs.groupby(["indicator_id", "group"], sort=False)}
    return per_build(store, "series", split)


def observed(store: Store, indicator_id: str, geo_codes: list[str] | None = None, group: str = "total",
             shown_only: bool = True) -> pd.DataFrame:
    """One indicator's observations with `year` (the published year), ordered by geography and period;
    optionally only shown values."""
    rows = _series(store).get((indicator_id, group))
    if rows is None:
        return store.observations.iloc[0:0].assign(year=pd.Series(dtype="int32"))
    if geo_codes is not None:
        rows = rows[rows["geo_code"].isin(geo_codes)]
    if shown_only:
        rows = rows[rows["status"].isin(SHOWN)]
    return rows.reset_index(drop=True)


def period_label(row: pd.Series) -> str:
    return fmt.period(row["period_start"], row["period_end"])


# --- Trends ----------------------------------------------------------------------------------


def _change_frame(store: Store, indicator_id: str, geo_code: str, rows: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The rows as stats.yearly_changes wants them: shares with their CIs, rates as counts and population
    (counts recovered as rate × population when the source gives only rates; a value pooling several years
    counts their events, over the population times those years). A unit that is not a rate of a count
    of the whole population (kr/inv, minutes, an index, a rate of an age group) has no count to test a
    change on: no rows."""
    if is_share(store, indicator_id):
        return rows[["year", "value", "ci_low", "ci_high"]], "share"
    per = inhabitants_per(indicator(store, indicator_id)["unit"])
    if per is None:
        return rows.iloc[0:0][["year", "value", "count"]].assign(population=1.0), "count"
    pop = store_population(store)
    frame = rows.merge(pop[pop["geo_code"] == geo_code][["year", "population"]], on="year", how="left")
    frame = frame.assign(count=recovered_counts(frame), population=frame["population"] * window_years(frame))
    return frame[["year", "value", "count", "population"]], "count"


def previous_of(rows: pd.DataFrame) -> list[int | None]:
    """For each row (in period order), the position of the latest earlier row whose period ends before
    this one's begins: its previous measurement. Values that pool several years (a three-year mean
    published every year) are never compared with a window they share years with."""
    starts, ends = rows["period_start"].tolist(), rows["period_end"].tolist()
    out: list[int | None] = []
    for i, start in enumerate(starts):
        out.append(next((j for j in range(i - 1, -1, -1) if ends[j] < start), None))
    return out


@remembered
def trend(store: Store, indicator_id: str, geo_code: str) -> pd.DataFrame:
    """Change from each published period to its previous one (previous_of), with 95 % CI; never across
    a series break.

    Rates: relative change of the rate per population (%), from counts, each with the series' variation
    (count_variation). Shares: percentage points, tested with the published CIs. Columns as
    stats.yearly_changes plus `period` and `previous_period`.
    """
    rows = observed(store, indicator_id, [geo_code])
    frame, kind = _change_frame(store, indicator_id, geo_code, rows)
    pairs = [(j, i) for i, j in enumerate(previous_of(rows)) if j is not None] if len(frame) else []
    years = rows["year"].tolist()
    variations = [count_variation(store, (indicator_id,), geo_code, ((years[j],), (years[i],))) for j, i in pairs] \
        if kind == "count" else None
    changes = yearly_changes(frame, kind, breaks_of(store, indicator_id), variations=variations, pairs=pairs)
    labels = dict(zip(rows["year"], [period_label(r) for _, r in rows.iterrows()]))
    return changes.assign(period=changes["year"].map(labels), previous_period=changes["previous_year"].map(labels))


@remembered
def change_since_previous(store: Store, indicator_id: str, geo_code: str, until_year: int | None = None) -> PeriodChange | None:
    """The latest measurement (up to `until_year`) against its previous one (previous_of), whatever year that
    was (a survey run every other year is compared with its previous round, not with an empty year). The
    variation of a count is estimated from the years up to `until_year`: as of the output's date."""
    rows = observed(store, indicator_id, [geo_code])
    if until_year is not None:
        rows = rows[rows["year"] <= until_year].reset_index(drop=True)
    if len(rows) < 2 or previous_of(rows)[-1] is None:
        return None
    rows = rows.iloc[[previous_of(rows)[-1], len(rows) - 1]]
    frame, kind = _change_frame(store, indicator_id, geo_code, rows)
    if frame.empty:
        return None
    years = tuple(int(y) for y in rows["year"])
    variation = count_variation(store, (indicator_id,), geo_code, ((years[0],), (years[1],)), until_year) \
        if kind == "count" else POISSON
    return period_change(frame, kind, breaks_of(store, indicator_id), (period_label(rows.iloc[0]), period_label(rows.iloc[1])),
                         bool((rows["status"] == "preliminary").any()), variation)


def period_change(frame: pd.DataFrame, kind: str, breaks: list[int], periods: tuple[str, str],
                  preliminary: bool = False, variation: Variation = POISSON) -> PeriodChange:
    """Two measurements (previous first, as stats.yearly_changes wants them: shares with their CIs, rates
    as counts and population) as the one rule's PeriodChange; also for counts summed over kommuner."""
    c = yearly_changes(frame, kind, breaks, variations=[variation]).iloc[0]
    change = None if c["crosses_break"] else Change(c["change"], c["ci_low"], c["ci_high"], "pp" if kind == "share" else "%")
    counts = tuple(float(x) for x in frame["count"]) if kind == "count" and frame["count"].notna().all() else None
    return PeriodChange(periods[1], periods[0], change, counts, bool(c["crosses_break"]), preliminary)


# --- Counts and their variation from year to year (the one model: lagesbild.stats) -------------------


def count_series(store: Store, indicator_ids: tuple[str, ...], geo_code: str, until_year: int | None = None,
                 phase: int | None = None) -> YearlyCounts:
    """A geography's yearly counts of one recorded indicator, or of several summed (whole years every part
    has), up to `until_year`. Values that pool k years keep only windows that do not overlap: those whose
    last year is `phase` (default the latest) plus or minus a multiple of k."""
    if len(indicator_ids) > 1:
        yearly = summed_yearly(store, indicator_ids, geo_code)
        if until_year is not None:
            yearly = yearly[yearly["year"] <= until_year]
        return YearlyCounts.from_frame(yearly)
    rows = observed(store, indicator_ids[0], [geo_code])
    if until_year is not None:
        rows = rows[rows["year"] <= until_year]
    frame, kind = _change_frame(store, indicator_ids[0], geo_code, rows)
    if kind != "count" or frame.empty:
        return YearlyCounts.from_arrays([], [], [])
    window = int(window_years(rows).max())
    if window > 1:
        anchor = int(rows["year"].max()) if phase is None else phase
        frame = frame[((frame["year"] - anchor) % window == 0).to_numpy()]
    return YearlyCounts.from_frame(frame)


def _kommun_codes(store: Store) -> list[str]:
    return per_build(store, "kommun_codes", lambda: store.geographies.loc[store.geographies["level"] == "kommun",
                                                                          "code"].tolist())


def _breaks(store: Store, indicator_ids: tuple[str, ...]) -> list[int]:
    return sorted({b for i in indicator_ids for b in breaks_of(store, i)})


@remembered
def count_variation(store: Store, indicator_ids: tuple[str, ...], geo_code: str, compared: tuple[tuple[int, ...], ...],
                    until_year: int | None = None) -> Variation:
    """How much a count of the indicators varies beyond chance from year to year (stats.series_variation):
    from the geography's own years up to `until_year`, with each compared period at a level of its own;
    pooled with the store's kommuner when it has too few years."""
    phase = max(max(p) for p in compared) if compared else None
    series = count_series(store, indicator_ids, geo_code, until_year, phase)
    return series_variation(series, compared, _breaks(store, indicator_ids),
                            pooled=lambda: pooled_count_variation(store, indicator_ids, compared, until_year))


@remembered
def pooled_count_variation(store: Store, indicator_ids: tuple[str, ...], compared: tuple[tuple[int, ...], ...],
                           until_year: int | None = None) -> Variation:
    """The variation of the store's kommuner's series of the indicators together (stats.pooled_variation)."""
    phase = max(max(p) for p in compared) if compared else None
    if len(indicator_ids) > 1:
        pool = (count_series(store, indicator_ids, k, until_year, phase) for k in _kommun_codes(store))
    else:
        pool = kommun_count_series(store, indicator_ids[0], until_year, phase)
    return pooled_variation(pool, compared, _breaks(store, indicator_ids))


def kommun_count_series(store: Store, indicator_id: str, until_year: int | None = None,
                        phase: int | None = None) -> list[YearlyCounts]:
    """count_series of one indicator for every kommun that has it, from one merge with the population instead of
    one per kommun (290 of them took the bokslut's pooled variation ~6 s, issue 29); the same series."""
    rows = observed(store, indicator_id, _kommun_codes(store))
    if until_year is not None:
        rows = rows[rows["year"] <= until_year]
    if rows.empty or is_share(store, indicator_id) or inhabitants_per(indicator(store, indicator_id)["unit"]) is None:
        return []
    pop = store_population(store)[["geo_code", "year", "population"]]
    frame = rows.merge(pop, on=["geo_code", "year"], how="left")
    windows = window_years(frame)
    frame = frame.assign(count=recovered_counts(frame), population=frame["population"] * windows, window=windows)
    out = []
    for _, own in frame.groupby("geo_code", sort=False):
        window = int(own["window"].max())
        if window > 1:
            anchor = int(own["year"].max()) if phase is None else phase
            own = own[((own["year"] - anchor) % window == 0).to_numpy()]
        out.append(YearlyCounts.from_frame(own))
    return out


def series_count_variation(store: Store, indicator_ids: tuple[str, ...], yearly: pd.DataFrame,
                           compared: tuple[tuple[int, ...], ...], until_year: int | None = None) -> Variation:
    """The same rule for a series built elsewhere (year, count, population: a förbund's summed counts)."""
    return series_variation(YearlyCounts.from_frame(yearly), compared, _breaks(store, indicator_ids),
                            pooled=lambda: pooled_count_variation(store, indicator_ids, compared, until_year))


# --- Measured vs perceived -----------------------------------------------------------------------


def targets_of(store: Store) -> list[Target]:
    """The targets from the file the store was built with, so the pages and the store agree."""
    return per_build(store, "targets", lambda: load_targets(Path(store.manifest["targets_file"])))


def definition(store: Store, target: Target, kommun: str) -> tuple[str, ...]:
    """The indicators a target was judged on for this kommun (its own definition or an alternative)."""
    rows = store.targets[(store.targets["target_id"] == target.id) & (store.targets["geo_code"] == kommun)]
    return tuple(rows.iloc[0]["indicator_id"].split("+")) if len(rows) else target.indicators


def summed_yearly(store: Store, indicators: tuple[str, ...], geo_code: str) -> pd.DataFrame:
    """year, count summed over `indicators`, population, preliminary (targets.yearly_by_geo), for
    every geography in one pass per build. The frame is shared: do not modify it."""
    by_geo = per_build(store, "summed_yearly:" + "+".join(indicators),
                       lambda: yearly_by_geo(store.observations, indicators, store_population(store)))
    return by_geo.get(geo_code, _NO_YEARS)


_NO_YEARS = pd.DataFrame({"year": pd.Series(dtype="int64"), "count": pd.Series(dtype=float),
                          "population": pd.Series(dtype=float), "preliminary": pd.Series(dtype=bool)})


def recorded_rate(store: Store, indicators: tuple[str, ...], geo_code: str) -> pd.DataFrame:
    """year, count, population, rate per 100 000 of the summed indicators (e.g. offentlig miljö)."""
    yearly = summed_yearly(store, indicators, geo_code)
    return yearly.assign(rate=yearly["count"] / yearly["population"] * 100_000)


def indexed(store: Store, kommun: str, target: Target, perceived_id: str) -> pd.DataFrame:
    """Recorded rate and perceived share, each indexed to its baseline-period mean (= 100).

    The perceived series keeps only the values after its last series break (an index across a
    break would compare two different surveys); when the baseline period lies before the break,
    the first comparable value is the base and `base_period` says so.
    Columns: measure (recorded|perceived), year, period, value, index, index_low/index_high (the
    survey's 95 % CI on the index scale, the base taken as fixed), base_period, preliminary.
    """
    first, last = target.baseline
    rec = recorded_rate(store, definition(store, target, kommun), kommun)
    base_years = rec[(rec["year"] >= first) & (rec["year"] <= last)]
    out = []
    if len(base_years):
        base = base_years["count"].sum() / base_years["population"].sum() * 100_000
        out.append(pd.DataFrame({"measure": "recorded", "year": rec["year"], "period": rec["year"].astype(str),
                                 "value": rec["rate"], "index": rec["rate"] / base * 100,
                                 "base_period": f"{first}–{last}", "preliminary": rec["preliminary"]}))
    per = observed(store, perceived_id, [kommun])
    breaks = breaks_of(store, perceived_id)
    if breaks:
        per = per[per["period_start"].dt.year >= max(breaks)]
    if len(per):
        in_base = per[(per["year"] >= first) & (per["year"] <= last)]
        base_rows = in_base if len(in_base) else per.head(1)
        # The surveys the base is made of, as they are labelled: NTU's 2017–2018 for 2016–2019 (the one after its break).
        base_period = fmt.period(base_rows["period_start"].iloc[0], base_rows["period_end"].iloc[-1])
        scale = 100 / base_rows["value"].mean()
        out.append(pd.DataFrame({"measure": "perceived", "year": per["year"],
                                 "period": [period_label(r) for _, r in per.iterrows()],
                                 "value": per["value"], "index": per["value"] * scale,
                                 "index_low": per["ci_low"] * scale, "index_high": per["ci_high"] * scale,
                                 "base_period": base_period, "preliminary": per["status"] == "preliminary"}))
    cols = ["measure", "year", "period", "value", "index", "index_low", "index_high", "base_period", "preliminary"]
    # A kommun without a survey has only the recorded rows, which carry no interval columns.
    return pd.concat(out, ignore_index=True).reindex(columns=cols) if out else pd.DataFrame(columns=cols)


@dataclass(frozen=True)
class Quadrant:
    points: pd.DataFrame   # code, name, x, y, y_low, y_high (the survey's 95 % CI)
    x_median: float
    y_median: float
    year: int              # the published year of both axes
    y_period: str          # e.g. '2023–2024' for a pooled survey


@remembered
def quadrant(store: Store, x_id: str, y_id: str, level: str = "kommun") -> Quadrant | None:
    """Recorded rate (x) against a perceived share (y) for every geography of a level, in the
    latest year both are published; medians of the points are the axes."""
    codes = store.geographies.loc[store.geographies["level"] == level, "code"].tolist()
    x, y = observed(store, x_id, codes), observed(store, y_id, codes)
    both = {year for year in set(x["year"]) & set(y["year"])
            if len(set(x.loc[x["year"] == year, "geo_code"]) & set(y.loc[y["year"] == year, "geo_code"])) >= MIN_KOMMUNER}
    if not both:
        return None
    year = max(both)
    xs = x[x["year"] == year].set_index("geo_code")["value"]
    ys = y[y["year"] == year].set_index("geo_code")
    pts = pd.DataFrame({"x": xs, "y": ys["value"]}).dropna()
    pts = pts.join(ys[["ci_low", "ci_high"]].rename(columns={"ci_low": "y_low", "ci_high": "y_high"}))
    names = store.geographies.set_index("code")["name"]
    pts = pts.rename_axis("code").reset_index().assign(name=lambda d: d["code"].map(names))
    return Quadrant(pts[["code", "name", "x", "y", "y_low", "y_high"]], float(pts["x"].median()),
                    float(pts["y"].median()), year, period_label(ys.iloc[0]))


# --- Comparisons -------------------------------------------------------------------------------


def comparison_groups(store: Store) -> list[ComparisonGroup]:
    """Kolada's municipality groups in the store (fetched with the values) first, then the kommun's own
    (comparisons.toml)."""
    def read() -> list[ComparisonGroup]:
        kolada = [] if store.groups is None or store.groups.empty else [
            ComparisonGroup(gid, rows["title"].iloc[0], rows["title"].iloc[0], tuple(rows["member_code"]))
            for gid, rows in store.groups.groupby("group_id", sort=False)]
        path = store.manifest.get("comparisons_file") or PROJECT_DATA / "comparisons.toml"
        return kolada + load_comparison_groups(Path(path))
    return per_build(store, "comparison_groups", read)


def groups_of(store: Store, kommun: str) -> list[ComparisonGroup]:
    """The kommun's groups (catalogue.in_group); its "Liknande kommuner socioekonomi" first (the default to
    compare with: kommuner like it by structure), then its other groups."""
    name = geo_names(store).get(kommun)
    mine = [g for g in comparison_groups(store) if in_group(g.title_sv, g.members, kommun, name)]

    def order(g: ComparisonGroup) -> int:
        return 0 if g.title_sv.startswith("Liknande kommuner socioekonomi") else 1 if g.title_sv.startswith("Liknande") else 2
    return sorted(mine, key=order)


def group_place(store: Store, kommun: str, indicator_id: str, group: ComparisonGroup, year: int | None = None) -> dict | None:
    """The kommun's place among itself and its group's members in its latest year (or `year`): its rank (1 =
    lowest value), the number ranked and the other members' unweighted mean (as Kolada shows a group), or None."""
    rows = observed(store, indicator_id, [kommun, *group.members])
    own = rows[rows["geo_code"] == kommun]
    if own.empty:
        return None
    year = year or int(own["year"].max())
    values = rows[rows["year"] == year].drop_duplicates("geo_code").set_index("geo_code")["value"]
    if kommun not in values.index or len(values) < 2:
        return None
    return {"year": year, "rank": int((values < values[kommun]).sum()) + 1, "of": len(values),
            "mean": float(values.drop(kommun).mean()), "value": float(values[kommun])}


MIN_KOMMUNER = 10   # kommuner with a value before a band or a quadrant over "all kommuner" says anything


def interquartile_band(values: pd.DataFrame, min_count: int = 1) -> pd.DataFrame:
    """year, period_start, q1, median, q3, n over the geographies in `values` (year, period_start, value), for
    years with at least `min_count` values.

    Quartiles are pandas' default (linear interpolation between order statistics)."""
    values = values[values.groupby("year")["value"].transform("count") >= min_count]
    grouped = values.groupby("year")
    return pd.DataFrame({"period_start": grouped["period_start"].min(), "q1": grouped["value"].quantile(0.25),
                         "median": grouped["value"].median(), "q3": grouped["value"].quantile(0.75),
                         "n": grouped["value"].count()}).reset_index()


def group_mean(rows: pd.DataFrame) -> pd.DataFrame:
    """year, period_start, period_end, value, ci_low, ci_high: the unweighted mean of the members'
    values each year. Where every member's value that year has a 95 % CI (survey shares), the mean
    has one too: the members' samples are independent, so its half-width is √(Σ hᵢ²) / k for the
    members' half-widths hᵢ; otherwise (register counts, or a member without a CI) none."""
    squared = ((rows["ci_high"] - rows["ci_low"]) / 2) ** 2
    out = (rows.assign(squared=squared).groupby("year")
           .agg(value=("value", "mean"), k=("value", "count"), squared=("squared", "sum"), with_ci=("squared", "count"),
                period_start=("period_start", "first"), period_end=("period_end", "first"))
           .reset_index())
    half = np.where(out["with_ci"] == out["k"], np.sqrt(out["squared"]) / out["k"], np.nan)
    return out.assign(ci_low=out["value"] - half, ci_high=out["value"] + half).drop(columns=["k", "squared", "with_ci"])


@dataclass(frozen=True)
class Comparison:
    lines: pd.DataFrame   # code, name, role (kommun|län|riket|group), year, period, value, ci_low, ci_high
    band: pd.DataFrame    # year, period_start, q1, median, q3, n (all kommuner)
    rows: pd.DataFrame    # the observations behind it (for the source line)


@remembered
def comparison(store: Store, kommun: str, indicator_id: str, lang: str = "sv", chosen: str | None = None) -> Comparison:
    """The kommun against its län, riket and its groups of similar kommuner (only the `chosen` one when given), over the
    IQR of all kommuner."""
    geos = store.geographies
    kommuner = geos.loc[geos["level"] == "kommun", "code"].tolist()
    everyone = observed(store, indicator_id)
    names = geos.set_index("code")["name"]
    lines = []
    for code, role in ((kommun, "kommun"), (kommun[:2], "län"), ("0000", "riket")):
        rows = everyone[everyone["geo_code"] == code]
        if len(rows):
            lines.append(rows.assign(code=code, name=names.get(code, code), role=role))
    for group in [g for g in groups_of(store, kommun) if chosen is None or g.id == chosen]:
        others = everyone[everyone["geo_code"].isin([m for m in group.members if m != kommun])]
        if len(others):
            lines.append(group_mean(others).assign(code=group.id, name=group.title(lang), role="group"))
    cols = ["code", "name", "role", "year", "period", "value", "ci_low", "ci_high"]
    frame = pd.concat(lines, ignore_index=True) if lines else pd.DataFrame(columns=[*cols, "period_start", "period_end"])
    frame["period"] = [period_label(r) for _, r in frame.iterrows()] if len(frame) else []
    all_kommuner = everyone[everyone["geo_code"].isin(kommuner)]
    # "All kommuner" needs enough of them: a data dir fetched for one kommun has no band.
    return Comparison(frame[cols + ["period_start"]], interquartile_band(all_kommuner, MIN_KOMMUNER),
                      everyone[everyone["geo_code"].isin([kommun, kommun[:2], "0000"] + kommuner)])


# --- Map ---------------------------------------------------------------------------------------


@remembered
def map_values(store: Store, indicator_id: str, level: str = "kommun") -> pd.DataFrame:
    """code, name, value, period, status for every geography of a level in the indicator's latest
    published year; geographies without a shown value keep value NaN (drawn as 'no data')."""
    geos = store.geographies[store.geographies["level"] == level][["code", "name"]]
    rows = observed(store, indicator_id, geos["code"].tolist(), shown_only=False)
    shown = rows[rows["status"].isin(SHOWN)]
    if shown.empty:
        return geos.assign(value=np.nan, period="", status="missing", source="", retrieved_at="").reset_index(drop=True)
    year = int(shown["year"].max())
    latest = rows[rows["year"] == year].set_index("geo_code")
    period = period_label(shown[shown["year"] == year].iloc[0])
    out = geos.assign(value=geos["code"].map(latest["value"]), period=period,
                      status=geos["code"].map(latest["status"]).fillna("missing"),
                      source=geos["code"].map(latest["source"]).fillna(""),
                      retrieved_at=geos["code"].map(latest["retrieved_at"]).fillna(""))
    out = out.assign(ci_low=geos["code"].map(latest["ci_low"]), ci_high=geos["code"].map(latest["ci_high"]))
    return out.reset_index(drop=True)


# --- Local survey: areas and years -------------------------------------------------------------


@remembered
def survey_areas(store: Store, kommun: str, indicator_id: str) -> pd.DataFrame:
    """The kommun and its areas in the latest survey: share with CI, n, status, and the change
    from the previous survey tested (share_difference). Suppressed areas keep value NaN."""
    geos = store.geographies
    areas = geos[(geos["parent"] == kommun) & (geos["level"] == "område")]
    codes = [kommun, *areas["code"]]
    rows = observed(store, indicator_id, codes, shown_only=False)
    if rows.empty:
        return pd.DataFrame()
    years = sorted(rows["year"].unique())
    latest = rows[rows["year"] == years[-1]].set_index("geo_code")
    previous = rows[rows["year"] == years[-2]].set_index("geo_code") if len(years) > 1 else None
    names = geos.set_index("code")["name"]
    out = []
    for code in codes:
        if code not in latest.index:
            continue
        r = latest.loc[code]
        diff, prev_value = None, math.nan
        if previous is not None and code in previous.index and previous.loc[code, "status"] in SHOWN and r["status"] in SHOWN:
            p = previous.loc[code]
            prev_value = float(p["value"])
            diff = share_difference(r["value"], r["ci_low"], r["ci_high"], p["value"], p["ci_low"], p["ci_high"])
        before = previous.loc[code] if previous is not None and code in previous.index else None
        out.append({"code": code, "name": names.get(code, code), "is_kommun": code == kommun,
                    "year": int(years[-1]), "value": r["value"], "ci_low": r["ci_low"], "ci_high": r["ci_high"],
                    "n": r["base"], "status": r["status"], "previous_year": int(years[-2]) if len(years) > 1 else None,
                    "previous_value": prev_value,
                    "previous_status": before["status"] if before is not None else "",
                    "previous_n": before["base"] if before is not None else math.nan,
                    "difference": diff.diff if diff else math.nan,
                    "significant": bool(diff.significant) if diff else False,
                    "source": r["source"], "retrieved_at": r["retrieved_at"]})
    return pd.DataFrame(out)


# --- The target page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetChart:
    yearly: pd.DataFrame            # year, count, population, preliminary, rate
    baseline_average: float         # mean yearly count over the baseline years present
    projection: Projection | None   # only while the target period is incomplete


@remembered
def target_chart(store: Store, kommun: str, target: Target) -> TargetChart:
    yearly = recorded_rate(store, definition(store, target, kommun), kommun)
    base = yearly[(yearly["year"] >= target.baseline[0]) & (yearly["year"] <= target.baseline[1])]
    in_target = yearly[(yearly["year"] >= target.target[0]) & (yearly["year"] <= target.target[1])]
    complete = len(in_target) == target.target[1] - target.target[0] + 1
    projection = None
    if len(in_target) and len(base) and not complete:
        so_far = tuple(int(y) for y in in_target["year"])
        variation = series_count_variation(store, definition(store, target, kommun), yearly, (so_far,))
        projection = project_target_total(yearly, target.baseline, target.target, variation=variation)
    return TargetChart(yearly, float(base["count"].mean()) if len(base) else math.nan, projection)


def source_rows(store: Store, indicator_ids, geo_codes: list[str]) -> pd.DataFrame:
    """The shown observations behind a figure, for views.source_line."""
    return pd.concat([observed(store, i, geo_codes) for i in indicator_ids], ignore_index=True)


@remembered
def map_indicators(store: Store) -> list[str]:
    """Indicators with values for kommuner, recorded first: what the map and comparison can show (once per build:
    shared, do not modify)."""
    def pick() -> list[str]:
        obs = published(store)
        kommuner = store.geographies.loc[store.geographies["level"] == "kommun", "code"]
        present = set(obs.loc[obs["geo_code"].isin(kommuner) & obs["status"].isin(SHOWN) & (obs["group"] == "total"),
                              "indicator_id"])
        inds = store.indicators[store.indicators["id"].isin(present) & (store.indicators["kind"] != "context")]
        return inds.sort_values("kind", key=lambda k: k.map({"recorded": 0, "perceived": 1}), kind="stable")["id"].tolist()
    return per_build(store, "map_indicators", pick)
