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
from lagesbild.catalogue import Malomrade, Programme, load_programme
from lagesbild.errors import LagesbildError
from lagesbild.evidence import PeriodChange
from lagesbild.figures import Chart
from lagesbild.i18n import t
from lagesbild.stats import YearlyCounts
from lagesbild.store import Store
from lagesbild.targets import evaluate_series, inhabitants_per, recovered_counts

FORBUND = "forbund"   # the geography code of the programme's kommuner together
DECIMALS = {"per 100 000 inv.": 0, "per 1 000 inv.": 2, "%": 1}


def programme(store: Store) -> Programme | None:
    """The handlingsprogram the store was built with (None without one)."""
    path = store.manifest.get("programme_file")
    return analysis.per_build(store, "programme", lambda: load_programme(Path(path)) if path else None)


def kind_of(unit: str) -> str:
    """'rate' (events per inhabitants: counts behind it), 'share' (a survey's %) or 'level' (e.g. kronor
    per invånare: a modelled value, no events and no margin of error)."""
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
            return t("bokslut_no_value", lang)
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
            return t("level_previous", lang, value=fmt.number(self.previous_value, 0, lang), prev=self.previous_period)
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
            return t("level_previous", lang, value=fmt.number(self.baseline_value, 0, lang), prev=baseline)
        pc = self.baseline
        if pc is None or (not pc.crosses_break and (pc.change is None or not pc.change.known)):
            return t("pc_none", lang, prev=baseline)
        if pc.few_events and not pc.crosses_break:
            before, after = pc.counts
            prelim = f" ({t('preliminary', lang)})" if pc.preliminary else ""
            return t("bl_counts", lang, before=fmt.number(before, 1, lang), after=fmt.number(after, 0, lang),
                     noun=self.noun, prev=baseline, period=self.period, label=pc.change.label(lang)) + prelim
        return pc.text(lang, self.noun)

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
    """year, period, value, count, population, ci_low, ci_high, preliminary of one kommun (shown values).
    Shared between calls: do not modify."""
    rows = analysis.observed(store, indicator_id, [kommun])
    frame = rows.merge(_population(store, kommun), on="year", how="left")
    frame = frame.assign(count=recovered_counts(frame) if len(frame) else frame["count"],
                         period=[fmt.period(a, b) for a, b in zip(frame["period_start"], frame["period_end"])],
                         preliminary=frame["status"] == "preliminary")
    return frame[["year", "period", "value", "count", "population", "ci_low", "ci_high", "preliminary"]]


def _summed(frames: list[pd.DataFrame], unit: str) -> pd.DataFrame:
    """The förbund's series: the years every kommun has, counts and population summed and the rate
    recomputed from them; a level (kronor per invånare) weighted by population."""
    joined = pd.concat(frames, keys=range(len(frames)), names=["kommun", None]).reset_index(level=0)
    joined = joined.assign(weighted=joined["value"] * joined["population"])
    per_year = joined.groupby("year").agg(n=("kommun", "nunique"), period=("period", "first"), count=("count", "sum"),
                                          population=("population", "sum"), weighted=("weighted", "sum"),
                                          preliminary=("preliminary", "any"),
                                          counted=("count", "count"), with_population=("population", "count"))
    complete = per_year[(per_year["n"] == len(frames)) & (per_year["with_population"] == len(frames))].reset_index()
    if kind_of(unit) == "rate":
        complete = complete[complete["counted"] == len(frames)]
        value = complete["count"] / complete["population"] * inhabitants_per(unit)
    else:
        value = complete["weighted"] / complete["population"]
    return complete.assign(value=value, ci_low=np.nan, ci_high=np.nan)[
        ["year", "period", "value", "count", "population", "ci_low", "ci_high", "preliminary"]]


def _change(frame: pd.DataFrame, kind: str, breaks: list[int], periods: tuple[str, str], preliminary: bool) -> PeriodChange:
    """Two rows (previous first) through the one rule."""
    if kind == "share":
        return analysis.period_change(frame[["year", "value", "ci_low", "ci_high"]], "share", breaks, periods, preliminary)
    return analysis.period_change(frame[["year", "value", "count", "population"]], "count", breaks, periods, preliminary)


def _baseline_row(rows: pd.DataFrame, kind: str, first: int) -> pd.DataFrame | None:
    """The programme's starting point as one row dated its first year (so a series break after it is
    caught): events and population summed, a share's mean with the interval of a mean of independent
    surveys (√Σh² / k), a level's mean."""
    if rows.empty:
        return None
    if kind == "rate":
        if rows["count"].isna().any() or rows["population"].isna().any():
            return None
        return pd.DataFrame({"year": [first], "value": [np.nan], "count": [rows["count"].sum()],
                             "population": [rows["population"].sum()], "ci_low": [np.nan], "ci_high": [np.nan]})
    value = rows["value"].mean()
    half = math.sqrt((((rows["ci_high"] - rows["ci_low"]) / 2) ** 2).sum()) / len(rows)
    return pd.DataFrame({"year": [first], "value": [value], "count": [np.nan], "population": [np.nan],
                         "ci_low": [value - half], "ci_high": [value + half]})


def _empty(store: Store, indicator_id: str, geo: str, name: str, lang: str) -> Measure:
    ind = analysis.indicator(store, indicator_id)
    return Measure(indicator_id, ind["title_en" if lang == "en" else "title_sv"], ind["unit"], geo, name)


def _measure(store: Store, indicator_id: str, geo: str, name: str, series: pd.DataFrame, year: int,
             baseline: tuple[int, int], lang: str) -> Measure:
    m = _empty(store, indicator_id, geo, name, lang)
    unit = m.unit
    upto = series[series["year"] <= year]
    if upto.empty:
        return m
    cur = upto.iloc[-1]
    kind, breaks = kind_of(unit), analysis.breaks_of(store, indicator_id)
    ci = (float(cur["ci_low"]), float(cur["ci_high"])) if pd.notna(cur["ci_low"]) else None
    m = replace(m, period=cur["period"], value=float(cur["value"]), preliminary=bool(cur["preliminary"]), ci=ci,
                count=float(cur["count"]) if kind == "rate" and pd.notna(cur["count"]) else None)
    if len(upto) > 1:
        prev = upto.iloc[-2]
        if kind == "level":
            m = replace(m, previous_value=float(prev["value"]), previous_period=prev["period"])
        elif geo != FORBUND:  # a kommun's change is the store's own (the one rule's entry point)
            m = replace(m, previous=analysis.change_since_previous(store, indicator_id, geo, year))
        else:
            m = replace(m, previous=_change(upto.tail(2), kind, breaks, (prev["period"], cur["period"]),
                                            bool(upto.tail(2)["preliminary"].any())))
    first, last = baseline
    in_baseline = upto[(upto["year"] >= first) & (upto["year"] <= last)]
    if int(cur["year"]) > last:
        base = _baseline_row(in_baseline, kind, first)
        if base is not None and kind == "level":
            m = replace(m, baseline_value=float(base["value"].iloc[0]))
        elif base is not None:
            now = series[series["year"] == cur["year"]][base.columns]
            pc = _change(pd.concat([base, now], ignore_index=True), kind, breaks, (f"{first}–{last}", cur["period"]),
                         bool(cur["preliminary"]) or bool(in_baseline["preliminary"].any()))
            if pc.counts is not None:  # few events are shown per year: the starting point's yearly mean
                pc = replace(pc, counts=(pc.counts[0] / len(in_baseline), pc.counts[1]))
            m = replace(m, baseline=pc)
    return m


# --- targets: as at the bokslut's year, for a kommun or the förbund -----------------------------------

@dataclass(frozen=True)
class TargetLine:
    geo: str
    geo_name: str
    status: views.TargetStatus

    def answer(self, lang: str) -> str:
        return views.target_answer(self.status, lang)

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
    row = pd.Series(evaluate_series(target, geo, YearlyCounts.from_frame(yearly), used))
    parts = [views.short_title(store, i, lang) for i in used]
    left_out = tuple(i for i in target.indicators if i not in used)
    return TargetLine(geo, name, views.TargetStatus(target, row, used, parts, left_out, yearly.reset_index(drop=True),
                                                    *views.behind_parts(store, used, geos, lang, year)))


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


def bokslut_years(store: Store, kommuner: list[str]) -> list[int]:
    """Years with at least one published figure (not a month of this year's) of the programme's indicators
    for the kommuner, latest first."""
    prog = programme(store)
    ids = sorted({i for a in prog.malomraden for i in a.indicators}) if prog else [views.CRIME]
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
    if prog is None:
        raise LagesbildError("Det finns inget handlingsprogram (handlingsprogram.toml) i datakatalogen eller i data/.",
                             "There is no handlingsprogram (handlingsprogram.toml) in the data dir or in data/.")
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
                if geo == FORBUND and kind_of(unit) == "share":  # shares are never summed
                    measures.append(replace(_empty(store, indicator_id, geo, names[geo], lang), not_summed=True))
                    continue
                frame = _summed(list(series.values()), unit) if geo == FORBUND else series[geo]
                measures.append(_measure(store, indicator_id, geo, names[geo], frame, year, prog.baseline, lang))
        lines = [_target_line(store, targets[tid], list(kommuner) if geo == FORBUND else [geo], geo, names[geo], year, lang)
                 for tid in area.targets if tid in targets for geo in geos]
        sections.append(Section(area, tuple(measures), tuple(lines)))
    frames = []
    for k in kommuner:
        ins = est.interventions(store, k)
        active = ins[(ins["start"].dt.year <= year) & (ins["end"].isna() | (ins["end"].dt.year >= year))]
        frames.append(active.assign(kommun=k, kommun_name=names[k]))
    insatser = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    return Bokslut(prog, tuple(kommuner), names, year, tuple(sections), insatser, store.is_demo)


# --- words: the summary's verdicts, the tables' cells ----------------------------------------------

def area_verdict(store: Store, section: Section, geo: str, lang: str = "sv") -> str:
    """The målområde in one phrase for `geo`: better or worse than the programme's starting point where a
    change is säkerställd, else no säkerställd change (each target's own answer is said beside it). For
    all the kommuner together only what is summed counts: survey shares are each kommun's."""
    own = [m for m in section.measures if m.geo == geo and not m.not_summed and m.value is not None]
    if not own:
        return t("area_shares_each" if any(m.not_summed for m in section.measures if m.geo == geo) else "area_no_data", lang)
    words = {m.direction_word(m.baseline, analysis.indicator(store, m.indicator_id)["direction"] == "higher_is_worse")
             for m in own} - {None}
    key = ("area_mixed" if words == {"better", "worse"} else "area_better" if words == {"better"}
           else "area_worse" if words == {"worse"} else "area_no_change")
    return t(key, lang)


def change_sentences(store: Store, section: Section, geo: str, lang: str = "sv") -> list[str]:
    """Each säkerställd change against the previous measurement, in words with its number and period."""
    out = []
    for m in section.measures:
        if m.geo != geo or m.previous is None or not m.previous.supported:
            continue
        worse_up = analysis.indicator(store, m.indicator_id)["direction"] == "higher_is_worse"
        change = m.previous.change
        out.append(t("summary_change", lang, what=m.title.split(",")[0], geo=m.geo_name, period=m.period,
                     verb=t("went_up" if change.direction == "increase" else "went_down", lang),
                     change=change.magnitude().text(lang, 1, signs=False), prev=m.previous.previous_period,
                     judgement=t("judged_" + m.direction_word(m.previous, worse_up), lang)))
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
                                    analysis.breaks_of(store, indicator_id), share, lang)
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
        answers = [line.answer(lang) for line in section.targets if line.geo == geo]
        rows.append({t("col_malomrade", lang): section.title(lang),
                     t("col_area_verdict", lang): area_verdict(store, section, geo, lang),
                     t("col_targets", lang): " ".join(answers) if answers else "–"})
    return pd.DataFrame(rows)
