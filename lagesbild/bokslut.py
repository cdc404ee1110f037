"""The Trygghetsbokslut: the handlingsprogram's yearly follow-up of crime and accidents, per målområde.

For one kommun or the whole förbund (the programme's kommuner side by side, and together where a sum
makes sense: counts are summed and rates recomputed from the summed counts and population; survey shares
are never summed). Every change goes through the one rule (evidence.PeriodChange, Change): against the
previous measurement, whatever year it was, and against the programme's starting point; each target's
answer is views.target_answer; each insats's effect est.effect_text with est.caveats. The page, the
document (lagesbild/document.py) and the monthly brief read what is built here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from lagesbild import analysis, charts, est, fmt, views
from lagesbild.catalogue import DEMO_PROGRAMME, STANDARD_PROGRAMME, Malomrade, Programme, load_programme
from lagesbild.errors import LagesbildError
from lagesbild.evidence import Change, PeriodChange
from lagesbild.figures import Chart
from lagesbild.i18n import t
from lagesbild.stats import YearlyCounts, compare_counts
from lagesbild.store import Store
from lagesbild.targets import evaluate_series, inhabitants_per, recovered_counts, window_years

FORBUND = "forbund"   # the geography code of the programme's kommuner together
DECIMALS = {"per 100 000 inv.": 0, "per 1 000 inv.": 2, "%": 1}


def programme(store: Store) -> Programme:
    """The handlingsprogram the store was built with; the standard grouping where it has none (or was built
    before the demo's programme moved to its own file)."""
    path = Path(store.manifest.get("programme_file") or "")
    if path.name in (DEMO_PROGRAMME.name, STANDARD_PROGRAMME.name) or not path.is_file():
        # Lägesbild's own files are read from this installation (the store keeps the path it was built with)
        path = DEMO_PROGRAMME if store.is_demo else STANDARD_PROGRAMME
    return analysis.per_build(store, "programme", lambda: load_programme(path))


def kind_of(unit: str) -> str:
    """'rate' (events per inhabitants: counts behind it), 'share' (a survey's %) or 'level' (e.g. kronor
    per invånare: a modelled value, no events and no margin of error; or a rate of an age group, whose
    population the store does not hold)."""
    return "rate" if inhabitants_per(unit) else "share" if unit == "%" else "level"


@dataclass(frozen=True)
class Measure:
    """One indicator for one geography (a kommun or the förbund) in the bokslut's year."""
    indicator_id: str
    title: str
    unit: str
    geo: str
    geo_name: str
    period: str = ""                    # the latest measurement up to the year: '2025', '2023–2024'
    value: float | None = None          # None: no measurement up to the year, or not summed (a share)
    preliminary: bool = False
    ci: tuple[float, float] | None = None
    count: float | None = None          # the events behind a rate
    previous: PeriodChange | None = None     # against the previous measurement
    previous_value: float | None = None      # (a level's, which has no tested change)
    previous_period: str = ""
    baseline: PeriodChange | None = None     # against the programme's starting point (its mean)
    baseline_value: float | None = None
    not_summed: bool = False            # a share of the förbund: each kommun's own
    file_only: bool = False             # no Kolada KPI has it: only the kommun's own file (own series)

    @property
    def kind(self) -> str:
        return kind_of(self.unit)

    @property
    def noun(self) -> str:
        """What is counted, for few events shown as counts: 'anmälda personrån'."""
        head = self.title.split(",")[0].strip()
        return head[:1].lower() + head[1:]

    def value_text(self, lang: str = "sv") -> str:
        """'1,18 (2025)', '24,1 % (2023–2024)', '12 873 (2025, preliminär)'."""
        if self.not_summed:
            return t("bokslut_not_summed", lang)
        if self.value is None:
            return t("bokslut_file_only" if self.file_only else "bokslut_no_value", lang)
        value = views.value_text(self.value, self.unit, DECIMALS.get(self.unit, 0), lang)
        if self.unit == "kr/inv.":
            value = f"SEK {value}" if lang == "en" else f"{value} kr"
        prelim = f", {t('preliminary', lang)}" if self.preliminary else ""
        return f"{value} ({self.period}{prelim})"

    def previous_text(self, lang: str = "sv") -> str:
        """The change against the previous measurement: the one rule's text, or a level's earlier value."""
        if self.value is None:
            return "–"
        if self.kind == "level":
            if self.previous_value is None:
                return t("pc_none_first", lang)
            return self._level(self.previous_value, self.previous_period, lang)
        return self.previous.text(lang, self.noun) if self.previous is not None else t("pc_none_first", lang)

    def baseline_text(self, lang: str, baseline: str) -> str:
        """Against the programme's starting point (the mean of its years): few events as counts per year."""
        if self.value is None:
            return "–"
        if int(self.period[-4:]) <= int(baseline[-4:]):  # the latest measurement is part of the starting point
            return t("bl_within", lang, period=self.period, prev=baseline)
        if self.kind == "level":
            if self.baseline_value is None:
                return t("pc_none", lang, prev=baseline)
            return self._level(self.baseline_value, baseline, lang)
        pc = self.baseline
        if pc is None or (not pc.crosses_break and (pc.change is None or not pc.change.known)):
            return t("pc_none", lang, prev=baseline)
        if pc.few_events and not pc.crosses_break:
            before, after = pc.counts
            prelim = f" ({t('preliminary', lang)})" if pc.preliminary else ""
            return t("bl_counts", lang, before=fmt.number(before, 1, lang), after=fmt.number(after, 0, lang),
                     noun=self.noun, prev=baseline, period=self.period, label=pc.change.label(lang)) + prelim
        return pc.text(lang, self.noun)

    def _level(self, value: float, period: str, lang: str) -> str:
        """An earlier value without a test: kronor (MSB's modelled cost) or a rate of an age group (its
        population, what the rate is per, is not in the store: no count to test)."""
        if self.unit == "kr/inv.":
            return t("level_previous", lang, value=fmt.number(value, 0, lang), prev=period)
        return t("rate_previous", lang, value=views.value_text(value, self.unit, DECIMALS.get(self.unit, 0), lang),
                 prev=period)

    def direction_word(self, pc: PeriodChange | None, higher_is_worse: bool) -> str | None:
        """'better' / 'worse' for a supported change, else None."""
        if pc is None or not pc.supported:
            return None
        up = pc.change.direction == "increase"
        return "worse" if up == higher_is_worse else "better"


# --- the yearly series of a geography or of the förbund ----------------------------------------------

def _population(store: Store, geo: str) -> pd.DataFrame:
    by_geo = analysis.per_build(store, "population_by_geo", lambda: {
        g: rows[["year", "population"]] for g, rows in analysis.store_population(store).groupby("geo_code")})
    return by_geo.get(geo, pd.DataFrame({"year": pd.Series(dtype="int64"), "population": pd.Series(dtype=float)}))


@analysis.remembered
def _annual(store: Store, indicator_id: str, kommun: str) -> pd.DataFrame:
    """year, period, period_start, period_end, value, count, population, exposure (population × the years a
    value pools), ci_low, ci_high, preliminary of one kommun (shown values). Shared between calls: do not
    modify."""
    rows = analysis.observed(store, indicator_id, [kommun])
    frame = rows.merge(_population(store, kommun), on="year", how="left")
    frame = frame.assign(count=recovered_counts(frame) if len(frame) else frame["count"],
                         exposure=frame["population"] * window_years(frame),
                         period=[fmt.period(a, b) for a, b in zip(frame["period_start"], frame["period_end"])],
                         preliminary=frame["status"] == "preliminary")
    return frame[COLUMNS]


COLUMNS = ["year", "period", "period_start", "period_end", "value", "count", "population", "exposure", "ci_low",
           "ci_high", "preliminary"]


def _summed(frames: list[pd.DataFrame], unit: str) -> pd.DataFrame:
    """The förbund's series: the years every kommun has, counts and population summed and the rate
    recomputed from them; a level (kronor per invånare) weighted by population."""
    joined = pd.concat(frames, keys=range(len(frames)), names=["kommun", None]).reset_index(level=0)
    joined = joined.assign(weighted=joined["value"] * joined["population"])
    per_year = joined.groupby("year").agg(n=("kommun", "nunique"), period=("period", "first"),
                                          period_start=("period_start", "first"), period_end=("period_end", "first"),
                                          count=("count", "sum"), population=("population", "sum"),
                                          exposure=("exposure", "sum"), weighted=("weighted", "sum"),
                                          preliminary=("preliminary", "any"),
                                          counted=("count", "count"), with_population=("population", "count"))
    complete = per_year[(per_year["n"] == len(frames)) & (per_year["with_population"] == len(frames))].reset_index()
    if kind_of(unit) == "rate":
        complete = complete[complete["counted"] == len(frames)]
        value = complete["count"] / complete["exposure"] * inhabitants_per(unit)
    else:
        value = complete["weighted"] / complete["population"]
    return complete.assign(value=value, ci_low=np.nan, ci_high=np.nan)[COLUMNS]


def _counts(rows: pd.DataFrame) -> YearlyCounts:
    return YearlyCounts.from_arrays(rows["year"], rows["count"], rows["exposure"])


def _share_change(frame: pd.DataFrame, breaks: list[int], periods: tuple[str, str], preliminary: bool) -> PeriodChange:
    """Two survey shares (previous first) through the one rule."""
    return analysis.period_change(frame[["year", "value", "ci_low", "ci_high"]], "share", breaks, periods, preliminary)


def _count_change(store: Store, indicator_id: str, geo: str, series: pd.DataFrame, before: pd.DataFrame,
                  after: pd.DataFrame, year: int, periods: tuple[str, str], preliminary: bool) -> PeriodChange:
    """The events of `after` (one measurement) against those of `before` (one or more, the programme's
    starting point), population-adjusted, with the series' variation as of the bokslut's year (the one
    model, analysis.count_variation); few events are counted per year of `before`; never across a break."""
    compared = (tuple(int(y) for y in before["year"]), tuple(int(y) for y in after["year"]))
    if any(min(compared[0]) < b <= max(compared[1]) for b in analysis.breaks_of(store, indicator_id)):
        return PeriodChange(periods[1], periods[0], None, crosses_break=True, preliminary=preliminary)
    variation = (analysis.count_variation(store, (indicator_id,), geo, compared, year) if geo != FORBUND
                 else analysis.series_count_variation(store, (indicator_id,), series.rename(
                     columns={"population": "_", "exposure": "population"}), compared, year))
    c = compare_counts(_counts(before), _counts(after), variation)
    change = Change.from_rate_ratio(c.ratio, c.low, c.high)
    return PeriodChange(periods[1], periods[0], change, (before["count"].sum() / len(before), after["count"].sum()),
                        False, preliminary)


def _baseline_row(rows: pd.DataFrame, first: int) -> pd.DataFrame | None:
    """A survey's share at the programme's starting point as one row dated its first year (so a series
    break after it is caught): the mean of its rounds, with the interval of a mean of independent
    surveys (√Σh² / k)."""
    if rows.empty:
        return None
    value = rows["value"].mean()
    half = math.sqrt((((rows["ci_high"] - rows["ci_low"]) / 2) ** 2).sum()) / len(rows)
    return pd.DataFrame({"year": [first], "value": [value], "ci_low": [value - half], "ci_high": [value + half]})


def _empty(store: Store, indicator_id: str, geo: str, name: str, lang: str) -> Measure:
    ind = analysis.indicator(store, indicator_id)
    return Measure(indicator_id, ind["title_en" if lang == "en" else "title_sv"], ind["unit"], geo, name,
                   file_only=bool(ind.get("file_only", False)))


def _measure(store: Store, indicator_id: str, geo: str, name: str, series: pd.DataFrame, year: int,
             baseline: tuple[int, int], lang: str) -> Measure:
    m = _empty(store, indicator_id, geo, name, lang)
    unit = m.unit
    upto = series[series["year"] <= year].reset_index(drop=True)
    if upto.empty:
        return m
    cur = upto.iloc[-1]
    kind, breaks = kind_of(unit), analysis.breaks_of(store, indicator_id)
    ci = (float(cur["ci_low"]), float(cur["ci_high"])) if pd.notna(cur["ci_low"]) else None
    m = replace(m, period=cur["period"], value=float(cur["value"]), preliminary=bool(cur["preliminary"]), ci=ci,
                count=float(cur["count"]) if kind == "rate" and pd.notna(cur["count"]) else None)
    j = analysis.previous_of(upto)[-1]
    if j is not None:
        prev = upto.iloc[j]
        pair = upto.iloc[[j, len(upto) - 1]]
        periods, preliminary = (prev["period"], cur["period"]), bool(pair["preliminary"].any())
        if kind == "level":
            m = replace(m, previous_value=float(prev["value"]), previous_period=prev["period"])
        elif geo != FORBUND:  # a kommun's change is the store's own (the one rule's entry point)
            m = replace(m, previous=analysis.change_since_previous(store, indicator_id, geo, year))
        elif kind == "share":
            m = replace(m, previous=_share_change(pair, breaks, periods, preliminary))
        else:
            m = replace(m, previous=_count_change(store, indicator_id, geo, upto, pair.iloc[:1], pair.iloc[1:], year,
                                                  periods, preliminary))
    first, last = baseline
    # the starting point's measurements that end before the latest one begins (a pooled value never
    # compared with a window it shares years with)
    in_baseline = upto[(upto["year"] >= first) & (upto["year"] <= last) & (upto["period_end"] < cur["period_start"])]
    # ... and that share no year with each other either: three-year means published yearly count each event once
    in_baseline = analysis.non_overlapping(in_baseline)
    if int(cur["year"]) > last and len(in_baseline):
        label = f"{first}–{last}"
        if kind == "rate" and analysis.window_of(store, indicator_id) > 1:   # the windows actually compared
            label = fmt.period(in_baseline["period_start"].min(), in_baseline["period_end"].max())
        preliminary = bool(cur["preliminary"]) or bool(in_baseline["preliminary"].any())
        if kind == "level":
            m = replace(m, baseline_value=float(in_baseline["value"].mean()))
        elif kind == "share":
            base = _baseline_row(in_baseline, first)
            now = upto.iloc[[-1]][base.columns]
            m = replace(m, baseline=_share_change(pd.concat([base, now], ignore_index=True), breaks, (label, cur["period"]),
                                                  preliminary))
        elif in_baseline["count"].notna().all():
            m = replace(m, baseline=_count_change(store, indicator_id, geo, upto, in_baseline, upto.iloc[[-1]], year,
                                                  (label, cur["period"]), preliminary))
    return m


# --- targets: as at the bokslut's year, for a kommun or the förbund -----------------------------------

@dataclass(frozen=True)
class TargetLine:
    geo: str
    geo_name: str
    status: views.TargetStatus
    definition: str = ""   # what the verdict was judged on, said beside it

    def answer(self, lang: str) -> str:
        return views.target_answer(self.status, lang)

    def answer_with_definition(self, lang: str) -> str:
        return f"{self.answer(lang)} {self.definition}".strip()

    def totals(self, lang: str) -> str:
        return views.target_totals_text(self.status, lang) if views.target_change(self.status.row) is not None else ""


def _target_line(store: Store, target, geos: list[str], geo: str, name: str, year: int, lang: str) -> TargetLine:
    """The target evaluated on the years up to the bokslut's (the store's own rows use every year): for one
    kommun its yearly counts, for the förbund the years every kommun has, summed. The definition is the one
    the kommun was judged on; for the förbund the most widely available of its kommuner's (one set of
    crime categories for all, or the sum would add unlike things)."""
    used = max((analysis.definition(store, target, k) for k in geos), key=target.definitions.index)
    frames = [analysis.summed_yearly(store, used, k) for k in geos]
    frames = [f[f["year"] <= year] for f in frames]
    if len(frames) == 1:
        yearly = frames[0]
    else:
        joined = pd.concat(frames)
        per_year = joined.groupby("year").agg(n=("count", "count"), count=("count", "sum"),
                                              population=("population", "sum"), preliminary=("preliminary", "any"))
        yearly = per_year[per_year["n"] == len(frames)].drop(columns="n").reset_index()
    compared = (tuple(range(target.baseline[0], target.baseline[1] + 1)), tuple(range(target.target[0], target.target[1] + 1)))
    pooled = lambda: analysis.pooled_count_variation(store, used, compared, year)  # noqa: E731 (as of the year)
    row = pd.Series(evaluate_series(target, geo, YearlyCounts.from_frame(yearly), used, pooled=pooled))
    parts = [views.short_title(store, i, lang) for i in used]
    left_out = tuple(i for i in target.indicators if i not in used)
    status = views.TargetStatus(target, row, used, parts, left_out, yearly.reset_index(drop=True),
                                *views.behind_parts(store, used, geos, lang, year))
    return TargetLine(geo, name, status, _definition(store, status, geos, lang))


def _definition(store: Store, status: views.TargetStatus, geos: list[str], lang: str) -> str:
    """The definition a verdict is on, in a sentence: its parts, what is left out and for which kommun (a
    förbund is judged on one definition for all its kommuner, the one every kommun has)."""
    target = status.target
    lacking = views.and_list([views.geo_name(store, k) for k in geos
                              if analysis.definition(store, target, k) != target.indicators], lang)
    if len(geos) == 1:
        return views.judged_on_text(status, store, lacking, lang)
    return views.judged_on_text(status, store, lacking, lang, "forbund_definition",
                                kommuner=views.and_list([views.geo_name(store, k) for k in geos], lang))


# --- the whole bokslut -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    """One målområde: its measures (each indicator for each geography), its targets and its verdict."""
    area: Malomrade
    measures: tuple[Measure, ...]
    targets: tuple[TargetLine, ...]

    def title(self, lang: str) -> str:
        return self.area.title(lang)


@dataclass(frozen=True)
class Bokslut:
    programme: Programme
    kommuner: tuple[str, ...]
    names: dict[str, str]          # code -> name, with FORBUND -> the förbund's label
    year: int
    sections: tuple[Section, ...]
    insatser: pd.DataFrame         # the year's insatser of the kommuner (est.interventions rows + kommun)
    demo: bool

    @property
    def together(self) -> bool:
        return len(self.kommuner) > 1

    @property
    def main_geo(self) -> str:
        return FORBUND if self.together else self.kommuner[0]

    @property
    def baseline_label(self) -> str:
        first, last = self.programme.baseline
        return f"{first}–{last}"

    def place(self, lang: str = "sv") -> str:
        """'Ekbacka' or 'Ekbacka, Hagaström och Rosendala'."""
        names = [self.names[k] for k in self.kommuner]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {t('and', lang)} {names[-1]}"

    def title(self, lang: str = "sv") -> str:
        return t("bokslut_title", lang, year=self.year, kommun=self.place(lang))

    def programme_line(self, lang: str = "sv") -> str:
        """What is followed up: the programme by name, or that none is configured and a standard grouping is used."""
        if self.programme.configured:
            return t("bokslut_programme", lang, name=self.programme.name, baseline=self.baseline_label)
        return t("bokslut_standard", lang, kommun=self.place(lang), baseline=self.baseline_label)


def bokslut_years(store: Store, kommuner: list[str]) -> list[int]:
    """Years with at least one published figure (not a month of this year's) of the programme's indicators
    for the kommuner, latest first."""
    ids = sorted({i for a in programme(store).malomraden for i in a.indicators})
    obs = analysis.published(store)
    obs = obs[obs["geo_code"].isin(kommuner)]
    own = obs[obs["indicator_id"].isin(ids) & obs["status"].isin(views.SHOWN)]
    return sorted({int(y) for y in own["period_end"].dt.year}, reverse=True)


def check_kommuner(store: Store, kommuner: list[str]) -> None:
    """Every code a kommun in the store, else a message listing the store's kommuner."""
    known = views.kommuner(store)
    unknown = [k for k in kommuner if k not in set(known["code"])]
    if unknown or not kommuner:
        listed = ", ".join(f"{c} {n}" for c, n in zip(known["code"], known["name"]))
        raise LagesbildError(f"Okänd kommun '{', '.join(unknown)}': den finns inte i datalagret. Kommuner i datalagret: {listed}.",
                             f"Unknown municipality '{', '.join(unknown)}': it is not in the store. Municipalities in the store: {listed}.")


@analysis.remembered
def trygghetsbokslut(store: Store, kommuner: list[str], year: int, lang: str = "sv") -> Bokslut:
    """The bokslut of `year` for one kommun or several (a förbund: each kommun, then all of them together)."""
    check_kommuner(store, kommuner)
    prog = programme(store)
    years = bokslut_years(store, kommuner)
    if year not in years:
        listed = ", ".join(map(str, years)) or "–"
        raise LagesbildError(f"Det finns inga värden för {year} för de valda kommunerna. År med värden: {listed}.",
                             f"There are no values for {year} for the chosen municipalities. Years with values: {listed}.")
    names = {k: views.geo_name(store, k) for k in kommuner}
    names[FORBUND] = t("forbund_together", lang)
    geos = list(kommuner) + ([FORBUND] if len(kommuner) > 1 else [])
    targets = {tg.id: tg for tg in analysis.targets_of(store)}
    sections = []
    for area in prog.malomraden:
        measures = []
        for indicator_id in area.indicators:
            if indicator_id not in set(store.indicators["id"]):
                continue
            unit = analysis.indicator(store, indicator_id)["unit"]
            series = {k: _annual(store, indicator_id, k) for k in kommuner}
            for geo in geos:
                if geo == FORBUND and kind_of(unit) in ("share", "group"):  # shares and age groups' rates: never summed
                    measures.append(replace(_empty(store, indicator_id, geo, names[geo], lang), not_summed=True))
                    continue
                frame = _summed(list(series.values()), unit) if geo == FORBUND else series[geo]
                measures.append(_measure(store, indicator_id, geo, names[geo], frame, year, prog.baseline, lang))
        lines = [_target_line(store, targets[tid], list(kommuner) if geo == FORBUND else [geo], geo, names[geo], year, lang)
                 for tid in area.targets if tid in targets for geo in geos]
        sections.append(Section(area, tuple(measures), tuple(lines)))
    frames = []
    for k in kommuner:
        ins = est.interventions(store, k, as_of=pd.Timestamp(year, 12, 1))  # effects as the year's end had them
        active = ins[(ins["start"].dt.year <= year) & (ins["end"].isna() | (ins["end"].dt.year >= year))]
        frames.append(active.assign(kommun=k, kommun_name=names[k]))
    insatser = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return Bokslut(prog, tuple(kommuner), names, year, tuple(sections), insatser, store.is_demo)


# --- words: the summary's verdicts, the tables' cells ----------------------------------------------

@dataclass(frozen=True)
class AreaVerdict:
    """A målområde's verdict by the stated rule (its measures against the programme's starting point: all
    säkerställt in one direction, mixed, none) with its key figure: the first measure the verdict rests on."""
    key: str                  # better | worse | mixed | none | untested | shares_each | no_data
    tested: int = 0           # measures with a tested change against the starting point
    better: int = 0
    worse: int = 0
    figure: Measure | None = None
    preliminary: bool = False  # the verdict rests on a preliminary value

    def text(self, lang: str = "sv") -> str:
        """'Blandat: 1 av 3 mått säkerställt bättre, 0 sämre (preliminärt). Skadegörelse: −17,3 % (…) mot 2020–2023, …'"""
        words = t("area_" + self.key, lang, n=self.tested, better=self.better, worse=self.worse,
                  none=self.tested - self.better - self.worse)
        if self.preliminary:
            words += f" ({t('preliminary_neuter', lang)})"
        if self.figure is None:
            return words
        head = self.figure.title.split(",")[0]   # the figure as the table shows it (few events per year, as counts)
        if self.figure.baseline is None:   # untested (a modelled cost, an age group's rate): its value and the one before
            return f"{words}. {head}: {self.figure.value_text(lang)}; {self.figure.previous_text(lang)}"
        return f"{words}. {head}: {self.figure.baseline_text(lang, self.figure.baseline.previous_period)}"


def _tested(m: Measure) -> bool:
    pc = m.baseline
    return pc is not None and not pc.crosses_break and pc.change is not None and pc.change.known


def verdict_of(store: Store, section: Section, geo: str) -> AreaVerdict:
    """The rule: better (worse) when every measure with a tested change against the starting point is
    säkerställt better (worse); mixed when some are and others are not, or point different ways; none when
    no measure is. For all the kommuner together only what is summed counts: survey shares are each kommun's."""
    own = [m for m in section.measures if m.geo == geo and not m.not_summed and m.value is not None]
    if not own:
        return AreaVerdict("shares_each" if any(m.not_summed for m in section.measures if m.geo == geo) else "no_data")
    tested = [m for m in own if _tested(m)]
    if not tested:
        return AreaVerdict("untested", figure=own[0])
    words = [m.direction_word(m.baseline, analysis.indicator(store, m.indicator_id)["direction"] == "higher_is_worse")
             for m in tested]
    better, worse = words.count("better"), words.count("worse")
    key = ("better" if better == len(tested) else "worse" if worse == len(tested)
           else "none" if better + worse == 0 else "mixed")
    deciding = [m for m, w in zip(tested, words) if w] or tested
    return AreaVerdict(key, len(tested), better, worse, deciding[0],
                       any(m.baseline.preliminary for m, w in zip(tested, words) if w))


def area_verdict(store: Store, section: Section, geo: str, lang: str = "sv") -> str:
    """The målområde's verdict in words with its key figure (verdict_of)."""
    return verdict_of(store, section, geo).text(lang)


def change_sentences(store: Store, section: Section, geo: str, lang: str = "sv") -> list[str]:
    """Each säkerställd change against the previous measurement, in words with its number and period (a
    preliminary value said to be one)."""
    out = []
    for m in section.measures:
        if m.geo != geo or m.previous is None or not m.previous.supported:
            continue
        worse_up = analysis.indicator(store, m.indicator_id)["direction"] == "higher_is_worse"
        change = m.previous.change
        sentence = t("summary_change", lang, what=m.title.split(",")[0], geo=m.geo_name, period=m.period,
                     verb=t("went_up" if change.direction == "increase" else "went_down", lang),
                     change=change.magnitude().text(lang, 1, signs=False), prev=m.previous.previous_period,
                     judgement=t("judged_" + m.direction_word(m.previous, worse_up), lang))
        if m.previous.preliminary:
            sentence = sentence.removesuffix(".") + f" ({t('preliminary_neuter', lang)})."
        out.append(sentence)
    return out


def measures_table(bokslut: Bokslut, section: Section, lang: str = "sv") -> pd.DataFrame:
    """The målområde's figures as shown and exported: one row per indicator and geography."""
    rows, previous = [], None
    for m in section.measures:  # with all the kommuner, an indicator's title on its first row only
        row = {t("col_indicator", lang): "" if bokslut.together and m.indicator_id == previous else m.title}
        previous = m.indicator_id
        if bokslut.together:
            row[t("col_kommun", lang)] = m.geo_name
        row.update({t("col_value_period", lang): m.value_text(lang),
                    t("col_vs_previous", lang): m.previous_text(lang),
                    t("col_vs_baseline", lang, period=bokslut.baseline_label): m.baseline_text(lang, bokslut.baseline_label)})
        rows.append(row)
    return pd.DataFrame(rows)


def insatser_table(bokslut: Bokslut, store: Store, lang: str = "sv") -> pd.DataFrame:
    """The year's insatser: what, where, when, the measured effect in words and what to bear in mind."""
    rows = []
    for r in bokslut.insatser.to_dict("records"):
        row = pd.Series(r)
        when = (f"{est.iso_day(r['start'])}–{est.iso_day(r['end'])}" if pd.notna(r["end"])
                else t("since", lang, date=est.iso_day(r["start"])))
        entry = {t("col_insats", lang): r["name"]}
        if bokslut.together:
            entry[t("col_kommun", lang)] = r["kommun_name"]
        entry.update({t("col_area", lang): r["area_name"], t("col_when", lang): when,
                      t("col_effect_words", lang): est.effect_text(row, lang),
                      t("col_caveats", lang): " ".join(est.caveats(store, row, lang))})
        rows.append(entry)
    return pd.DataFrame(rows)


def sources(store: Store, bokslut: Bokslut, lang: str = "sv") -> list[dict]:
    """Each indicator in the bokslut: title, definition, source and the latest retrieval date of its rows."""
    obs = analysis.observations_of(store, list(bokslut.kommuner))
    ids = list(dict.fromkeys(m.indicator_id for s in bokslut.sections for m in s.measures))
    for s in bokslut.sections:
        for line in s.targets:
            ids += [i for i in line.status.target.indicators if i not in ids]
    out = []
    for indicator_id in ids:
        ind = analysis.indicator(store, indicator_id)
        retrieved = obs.loc[obs["indicator_id"] == indicator_id, "retrieved_at"].str[:10].max()
        out.append({"title": ind["title_en" if lang == "en" else "title_sv"],
                    "definition": ind["definition_en" if lang == "en" else "definition_sv"] or "",
                    "source": ind["source"], "retrieved": retrieved if isinstance(retrieved, str) else t("missing", lang)})
    if len(bokslut.insatser):
        out.append({"title": t("insatslogg", lang).capitalize(), "definition": t("insatslogg_definition", lang),
                    "source": est.log_source(store, lang).split(": ", 1)[-1], "retrieved": ""})
    return out


# --- charts: an indicator over the years, each kommun (and the förbund) a line ----------------------

CHART_FIRST_YEARS = 4  # years shown before the programme's starting point, for its background


@analysis.remembered
def indicator_chart(store: Store, kommuner: list[str], indicator_id: str, year: int, lang: str = "sv") -> Chart | None:
    """The indicator from a few years before the programme's starting point to the bokslut's year: one
    kommun with its län and riket, or each kommun with all of them together (counts summed; not for shares)."""
    prog = programme(store)
    ind = analysis.indicator(store, indicator_id)
    first = (prog.baseline[0] if prog else year - 4) - CHART_FIRST_YEARS
    geos = list(kommuner) if len(kommuner) > 1 else [kommuner[0], *views.default_comparisons(store, kommuner[0])]
    frame = views.series(store, indicator_id, geos)
    frame = frame[(frame["group"] == "total") & frame["status"].isin(views.SHOWN)]
    names = {c: views.geo_name(store, c) for c in geos}
    main = kommuner[0]
    if len(kommuner) > 1:
        main, names[FORBUND] = FORBUND, t("forbund_together", lang)
        if kind_of(ind["unit"]) != "share":
            summed = _summed([_annual(store, indicator_id, k) for k in kommuner], ind["unit"])
            frame = pd.concat([frame, summed.assign(
                geo_code=FORBUND, status=np.where(summed["preliminary"], "preliminary", "ok"),
                period_start=pd.to_datetime(summed["year"].astype(str) + "-01-01"), unit=ind["unit"])], ignore_index=True)
    frame = frame[(frame["year"] >= first) & (frame["year"] <= year)]
    if frame.empty:
        return None
    share = kind_of(ind["unit"]) == "share"
    title = ind["title_en" if lang == "en" else "title_sv"]
    figure = charts.indicator_lines(frame, main, names, title.split(",")[-1].strip() if not share else "%",
                                    analysis.break_marks(store, indicator_id, lang), share, lang)
    decimals = DECIMALS.get(ind["unit"], 0)
    if decimals and not share:  # accidents per 1 000: 1,5, not 2
        figure.update_yaxes(tickformat=",.1f")
    latest = [f"{names[c]} {views.value_text(r['value'].iloc[-1], ind['unit'], decimals, lang)} ({r['period'].iloc[-1]})"
              for c, r in frame.groupby("geo_code", sort=False)]
    alt = t("alt_lines", lang, title=title, first=int(frame["year"].min()), last=int(frame["year"].max()),
            parts="; ".join(latest))
    data = pd.DataFrame({t("col_geo", lang): frame["geo_code"].map(names), t("col_period", lang): frame["period"],
                         t("col_value", lang): frame["value"].round(2), t("col_unit", lang): ind["unit"],
                         t("col_status", lang): views.preliminary_marks(frame["status"], lang)})
    own = frame[frame["geo_code"] != FORBUND]
    return Chart(figure, title, views.source_line(own, lang) if len(own) else "", alt, data.reset_index(drop=True))


def summary_table(store: Store, bokslut: Bokslut, lang: str = "sv") -> pd.DataFrame:
    """The summary: each målområde's verdict against the starting point and its targets' answers, for the
    kommun (or all the kommuner together)."""
    geo = bokslut.main_geo
    rows = []
    for section in bokslut.sections:
        answers = [line.answer_with_definition(lang) for line in section.targets if line.geo == geo]
        rows.append({t("col_malomrade", lang): section.title(lang),
                     t("col_area_verdict", lang): area_verdict(store, section, geo, lang),
                     t("col_targets", lang): " ".join(answers) if answers else "–"})
    return pd.DataFrame(rows)
