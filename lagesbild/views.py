"""What the pages show, computed from the store: series, headline figures, target status.

Pages call these and render the result; nothing here knows about Streamlit.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from lagesbild import analysis, compare, fmt, problems
from lagesbild.catalogue import Target
from lagesbild.disclosure import hidden_text
from lagesbild.evidence import Change, PeriodChange
from lagesbild.i18n import t
from lagesbild.stats import Projection, count_change
from lagesbild.store import Store
from lagesbild.targets import missing_parts

CRIME = "N07540"
INSECURITY = "N07609"
LOCAL_SURVEY = "enk_otrygg_kvall"  # the kommun's own survey: share unsafe out late, per area
SHOWN = analysis.SHOWN
indicator = analysis.indicator


def kommuner(store: Store) -> pd.DataFrame:
    """code, name of every kommun in Swedish alphabetical order (shared per build: do not modify)."""
    def sort() -> pd.DataFrame:
        g = store.geographies
        return g[g["level"] == "kommun"].sort_values("name", key=lambda s: s.map(fmt.sv_sort_key))[["code", "name"]].reset_index(drop=True)
    return analysis.per_build(store, "kommuner", sort)


def richest_kommun(store: Store) -> str | None:
    """The kommun with the most kinds of data (indicators for it and its areas, insatser), first in
    alphabetical order among equals: the app opens on it, so a first visit sees every page with content."""
    def pick() -> str | None:
        codes = kommuner(store)["code"].tolist()
        if not codes:
            return None
        obs = store.observations
        obs = obs[obs["status"].isin(SHOWN)]   # a KPI Kolada marks missing for a kommun is no data of it
        kommun_of = obs["geo_code"].str[:4]
        kinds = obs.assign(kommun=kommun_of).drop_duplicates(["kommun", "indicator_id"])["kommun"].value_counts()
        insatser = store.interventions["area"].str[:4].value_counts() if store.interventions is not None else {}
        return max(codes, key=lambda c: (kinds.get(c, 0) + (1 if insatser.get(c, 0) else 0), -codes.index(c)))
    return analysis.per_build(store, "richest_kommun", pick)


def geo_name(store: Store, code: str) -> str:
    return analysis.geo_names(store).get(code, code)


def default_comparisons(store: Store, kommun: str) -> list[str]:
    """The kommun's län and riket, where the store has them."""
    codes = set(store.geographies["code"])
    return [c for c in (kommun[:2], "0000") if c in codes]


def default_group(store: Store, kommun: str) -> str | None:
    """The group the kommun is compared with unless another is chosen: its Kolada "Liknande kommuner socioekonomi"
    (analysis.groups_of's first)."""
    groups = analysis.groups_of(store, kommun)
    return groups[0].id if groups else None


def series(store: Store, indicator_id: str, geo_codes: list[str], group: str = "total") -> pd.DataFrame:
    """Observations of one indicator for some geographies, with `year` (the published year)."""
    out = analysis.observed(store, indicator_id, geo_codes, group, shown_only=False)
    out["period"] = [fmt.period(s, e) for s, e in zip(out["period_start"], out["period_end"])]
    return out


_YEAR_SUFFIX = re.compile(r"\s+((?:19|20)\d{2})(\s*\(prel\.\))?$")


def source_line(frame: pd.DataFrame, lang: str = "sv") -> str:
    """'Källa: Brå via Kolada (hämtad 2026-11-20); …' for the rows a figure shows.

    Yearly files of one series collapse to a range: 'Brå, Anmälda brott kommunerna 2012–2025'.
    """
    series_of: dict[str, tuple[set[int], str]] = {}
    pairs = frame[["source", "retrieved_at"]].drop_duplicates()  # the whole store has 100 000 rows, a few hundred pairs
    for source, retrieved in zip(pairs["source"], pairs["retrieved_at"].str[:10]):
        m = _YEAR_SUFFIX.search(source)
        name = source[:m.start()] if m else source
        years, last = series_of.get(name, (set(), ""))
        series_of[name] = (years | ({int(m.group(1))} if m else set()), max(last, retrieved))
    parts = []
    for name, (years, retrieved) in series_of.items():
        span = "" if not years else f" {min(years)}" if len(years) == 1 else f" {min(years)}–{max(years)}"
        when = t("retrieved", lang, date=retrieved) if retrieved else t("retrieved_unknown", lang)   # imported without a date
        parts.append(f"{name}{span} ({when})")
    return t("source", lang, sources="; ".join(parts))


@dataclass(frozen=True)
class Headline:
    indicator_id: str
    period: str
    value: float
    unit: str
    status: str
    ci: tuple[float, float] | None
    change: PeriodChange | None  # against the previous measurement: % for rates, percentage points for shares
    comparisons: list[tuple[str, str, float | None]]   # (code, name, value in the same period)
    source: str


@analysis.remembered
def headline(store: Store, kommun: str, indicator_id: str, comparisons: list[str], lang: str = "sv") -> Headline | None:
    """The latest shown value of an indicator, its change from the period before, and peers."""
    rows = series(store, indicator_id, [kommun, *comparisons])
    own = rows[(rows["geo_code"] == kommun) & rows["status"].isin(SHOWN)]
    if own.empty:
        return None
    last = own.iloc[-1]
    ind = indicator(store, indicator_id)
    peers = []
    for code in comparisons:
        match = rows[(rows["geo_code"] == code) & (rows["period"] == last["period"]) & rows["status"].isin(SHOWN)]
        peers.append((code, geo_name(store, code), float(match["value"].iloc[0]) if len(match) else None))
    ci = (float(last["ci_low"]), float(last["ci_high"])) if pd.notna(last["ci_low"]) else None
    return Headline(indicator_id, last["period"], float(last["value"]), ind["unit"], last["status"], ci,
                    analysis.change_since_previous(store, indicator_id, kommun), peers, source_line(own.tail(1), lang))


@dataclass(frozen=True)
class TargetStatus:
    target: Target
    row: pd.Series | None          # the evaluated row from the store's targets table
    indicators: tuple[str, ...]    # the definition the kommun was judged on
    parts: list[str]               # titles of those indicators
    left_out: tuple[str, ...]      # parts of the target's own definition that this kommun's data lacks
    yearly: pd.DataFrame           # year, count, population, preliminary
    behind: tuple[str, ...] = ()   # parts whose figures end before the others' newest year (`newest`): why it is not in
    newest: int | None = None


def target_status(store: Store, kommun: str, lang: str = "sv") -> list[TargetStatus]:
    out = []
    for target in analysis.targets_of(store):
        rows = store.targets[(store.targets["target_id"] == target.id) & (store.targets["geo_code"] == kommun)]
        used = analysis.definition(store, target, kommun)
        parts = [short_title(store, i, lang) for i in used]
        yearly = analysis.summed_yearly(store, used, kommun)
        out.append(TargetStatus(target, rows.iloc[0] if len(rows) else None, used, parts,
                                tuple(i for i in target.indicators if i not in used), yearly,
                                *behind_parts(store, used, [kommun], lang)))
    return out


def behind_parts(store: Store, used, kommuner: list[str], lang: str = "sv",
                 upto: int | None = None) -> tuple[tuple[str, ...], int | None]:
    """The parts of a target's definition whose figures end before the newest year any part has (up to `upto`),
    and that year: why a target's years so far stop before it ('våldsbrott utomhus … finns bara till och med 2024')."""
    ends = {}
    for i in used:
        years = analysis.observed(store, i, kommuner)["year"]
        years = years[years <= upto] if upto is not None else years
        if len(years):
            ends[i] = int(years.max())
    newest = max(ends.values(), default=None)
    return tuple(short_title(store, i, lang) for i, y in ends.items() if y < newest), newest


def _where(store: Store, indicator_id: str) -> str:
    """Where a user gets an indicator's data: the i18n key of the plain sentence."""
    source = str(indicator(store, indicator_id)["source"]) if indicator_id in set(store.indicators["id"]) else ""
    if "Kolada" in source:
        return "where_kolada"
    if "Indikatorer" in source:
        return "where_workbook"
    return "where_database" if "statistikdatabas" in source else "where_file"


def _where_text(store: Store, indicator_ids, lang: str) -> str:
    return " ".join(t(key, lang) for key in dict.fromkeys(_where(store, i) for i in indicator_ids))


def left_out_text(status: TargetStatus, store: Store, lang: str = "sv", audience: bool = False) -> str:
    """' Våldsbrott utomhus ingår inte: …' when the kommun was judged on an alternative definition; where to get
    the figures only for those who can add them (`audience`: a slide or a document says no more than what)."""
    if not status.left_out:
        return ""
    parts = ", ".join(short_title(store, i, lang) for i in status.left_out)
    where = "" if audience else _where_text(store, status.left_out, lang)
    return " " + t("definition_left_out", lang, parts=parts[0].upper() + parts[1:], where=where).rstrip()


def judged_on_text(status: TargetStatus, store: Store, kommun_name: str, lang: str = "sv", lead: str = "judged_on",
                   **values) -> str:
    """'Bedömt på personrån och skadegörelse. Våldsbrott utomhus ingår inte: uppgifterna saknas för Rosendala.':
    the definition beside a verdict, in an audience's words (definition_text adds where to get what is missing);
    `lead`: another opening sentence with {parts} (and `values`)."""
    def titles(ids) -> str:
        return and_list([short_title(store, i, lang).lower() if lang == "sv" else short_title(store, i, lang) for i in ids],
                        lang)
    text = t(lead, lang, parts=titles(status.indicators), **values)
    if status.left_out:
        missing = titles(status.left_out)
        text += " " + t("left_out_for", lang, parts=missing[0].upper() + missing[1:], kommuner=kommun_name)
    return text


def definition_text(status: TargetStatus, store: Store, lang: str = "sv", audience: bool = False) -> str:
    """The definition used for this kommun, stated next to its verdict."""
    return t("target_definition", lang, parts=", ".join(status.parts)) + left_out_text(status, store, lang, audience)


def and_list(items: list[str], lang: str = "sv") -> str:
    """['a', 'b', 'c'] -> 'a, b och c'."""
    items = list(items)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {t('and', lang)} {items[-1]}" if items else ""


def years_text(years: list[int], lang: str = "sv") -> str:
    """[2016, 2017, 2018, 2020] -> '2016–2018 och 2020'."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    spans = [str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs]
    return spans[0] if len(spans) == 1 else f"{', '.join(spans[:-1])} {t('and', lang)} {spans[-1]}"


def missing_data_text(status: TargetStatus, store: Store, kommun_name: str, lang: str = "sv", audience: bool = False) -> str:
    """Why a target cannot be judged: which parts lack which years, and (not for an `audience`) where to get them."""
    missing = missing_parts(status.row.get("missing", "")) if status.row is not None else {}
    if not missing:
        return t("no_target_data", lang, kommun=kommun_name)
    known = set(store.indicators["id"])
    names = {i: (short_title(store, i, lang) if i in known else i) for i in missing}
    parts = [t("missing_part", lang, part=names[i].lower() if lang == "sv" else names[i], years=years_text(years, lang))
             for i, years in missing.items()]
    return t("target_missing", lang, kommun=kommun_name, parts=f" {t('and', lang)} ".join(parts),
             where="" if audience else _where_text(store, list(missing), lang)).rstrip()


def has_values(store: Store, indicator_id: str, kommun: str) -> bool:
    return len(analysis.observed(store, indicator_id, [kommun])) > 0


def quadrant_missing_text(store: Store, lang: str = "sv") -> str:
    """Why there is no picture of all kommuner: too few of them in the store have both figures."""
    kommuner = store.geographies.loc[store.geographies["level"] == "kommun", "code"].tolist()
    both = set(analysis.observed(store, CRIME, kommuner)["geo_code"]) & set(analysis.observed(store, INSECURITY, kommuner)["geo_code"])
    return t("quadrant_too_few", lang, n=len(both), min=analysis.MIN_KOMMUNER)


def missing_text(store: Store, kommun: str, indicator_id: str, lang: str = "sv") -> str:
    """Why an indicator has nothing to show for a kommun, in plain words, and where it would come from:
    NTU is published per kommun only where enough people answered; a Kolada KPI may be published as missing
    (too few events to show, or not yet); other figures come from a file the kommun can import."""
    name, title = geo_name(store, kommun), short_title(store, indicator_id, lang)
    title = title[0].upper() + title[1:]
    source = str(indicator(store, indicator_id)["source"]) if indicator_id in set(store.indicators["id"]) else ""
    if "NTU" in source:
        return t("missing_ntu", lang, title=title, kommun=name)
    rows = analysis.observed(store, indicator_id, [kommun], shown_only=False)
    if len(rows) and not rows["status"].isin(SHOWN).any():
        return t("missing_published", lang, title=title, kommun=name, years=years_text(sorted(set(rows["year"])), lang))
    if len(rows):
        return t("missing_one_value", lang, title=title, kommun=name)
    return t("missing_indicator", lang, title=title, kommun=name, where=t(_where(store, indicator_id), lang))


def indicator_title(store: Store, indicator_id: str, lang: str = "sv") -> str:
    return indicator(store, indicator_id)["title_en" if lang == "en" else "title_sv"]


def short_title(store: Store, indicator_id: str, lang: str) -> str:
    # "Anmälda brott om skadegörelse" (Kolada's title) is said "skadegörelse": the one rule, which the insatser
    # log's problem words are read by too.
    return problems.short_name(indicator_title(store, indicator_id, lang))


def value_text(value: float | None, unit: str, decimals: int, lang: str) -> str:
    if value is None:
        return t("missing", lang)
    return fmt.percent(value, decimals, lang) if unit == "%" else fmt.number(value, decimals, lang)


@dataclass(frozen=True)
class Delta:
    """A headline's change as st.metric shows it: the size, what it is compared with and whether it is
    supported, the colour (grey unless supported) and the arrow."""
    size: str | None
    description: str
    colour: str
    arrow: str

    @property
    def text(self) -> str:
        return " ".join(p for p in (self.size, self.description) if p)


def delta(store: Store, h: Headline, lang: str) -> Delta:
    pc = h.change
    if pc is None:
        return Delta(None, "", "off", "off")
    if pc.crosses_break or pc.change is None or not pc.change.known:
        return Delta(None, pc.text(lang), "off", "off")
    size = pc.change.value_text(lang, 1)
    verdict = t("change_supported" if pc.supported else "no_change_supported", lang)
    description = f"{t('vs_previous', lang, prev=pc.previous_period)} ({verdict})"
    estimate = pc.change.estimate
    arrow = "off" if round(estimate, 1) == 0 else "up" if estimate > 0 else "down"
    if not pc.supported:
        return Delta(size, description, "off", arrow)
    worse_up = indicator(store, h.indicator_id)["direction"] == "higher_is_worse"
    return Delta(size, description, "inverse" if worse_up else "normal", arrow)


def target_change(row: pd.Series | None) -> Change | None:
    """The one number of a target: the population-adjusted change (rate ratio − 1) with its 95 % interval."""
    if row is None or not math.isfinite(row["rate_ratio"]):
        return None
    return Change.from_rate_ratio(row["rate_ratio"], row["ci_low"], row["ci_high"])


def target_answer(status: TargetStatus, lang: str) -> str:
    """The answer to "are we meeting the target?" in one line with one number:
    'Målet är uppnått: −19 % (95 % KI −24 till −14 %) 2020–2023 jämfört med 2016–2019, justerat för befolkningen.'"""
    row, change = status.row, target_change(status.row)
    if change is None:
        return t("answer_no_data", lang)
    verdict = t("answer_verdict_" + row["verdict"], lang, end=status.target.target[1])
    periods = {"baseline": fmt.span(row["baseline_period"]), "target": fmt.span(row["target_period"])}
    if row["verdict"] == "pending":
        answer = t("answer_so_far", lang, years=years_so_far(status, lang), change=change.text(lang), verdict=verdict,
                   **periods)
        if status.behind and status.newest <= status.target.target[1]:  # why the newest year is not in it yet
            parts = status.behind
            answer += " " + t("answer_behind", lang, year=status.newest, last=status.newest - 1,
                              parts=parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {t('and', lang)} {parts[-1]}")
    else:
        answer = t("answer_change", lang, change=change.text(lang), verdict=verdict, **periods)
    preliminary = preliminary_years(status)
    return f"{answer} {t('answer_preliminary', lang, years=years_text(preliminary, lang))}" if preliminary else answer


def preliminary_years(status: TargetStatus) -> list[int]:
    """The years of a target's baseline and target periods whose counts are preliminary."""
    first, last = status.target.baseline[0], status.target.target[1]
    rows = status.yearly[(status.yearly["year"] >= first) & (status.yearly["year"] <= last)]
    return [int(y) for y, p in zip(rows["year"], rows["preliminary"]) if p]


def years_so_far(status: TargetStatus, lang: str) -> str:
    """The target period's years in the store: '2024–2025, 2025 preliminärt'."""
    first, last = status.target.target
    rows = status.yearly[(status.yearly["year"] >= first) & (status.yearly["year"] <= last)]
    years = [int(y) for y in rows["year"]]
    if not years:
        return ""
    text = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    preliminary = [str(int(y)) for y, p in zip(rows["year"], rows["preliminary"]) if p]
    return t("years_preliminary", lang, years=text, preliminary=", ".join(preliminary)) if preliminary else text


def target_totals_text(status: TargetStatus, lang: str) -> str:
    """The counts behind a target, labelled as counts (the change is target_answer's, never a second one)."""
    row = status.row
    if row["verdict"] == "pending":
        return t("target_so_far", lang, target_period=fmt.span(row["target_period"]), years=years_so_far(status, lang),
                 target=fmt.number(row["target_total"], 0, lang))
    return t("target_totals", lang, baseline_period=fmt.span(row["baseline_period"]),
             target_period=fmt.span(row["target_period"]), baseline=fmt.number(row["baseline_total"], 0, lang),
             target=fmt.number(row["target_total"], 0, lang))


def rate_ratio_text(row: pd.Series, lang: str) -> str:
    """The method behind the one number, for "Så räknar vi": the rate ratio, its interval and the model."""
    if math.isnan(row["rate_ratio"]):
        return ""
    cv = row.get("year_variation", math.nan)
    method = t("method_" + row["method"], lang, cv=fmt.percent(100 * cv, 1, lang) if cv == cv else "")
    return t("rate_ratio_line", lang, ratio=fmt.number(row["rate_ratio"], 3, lang),
             ci=fmt.ci(row["ci_low"], row["ci_high"], 3, lang), method=method)


def series_table(frame: pd.DataFrame, store: Store, lang: str = "sv", names: dict[str, str] | None = None) -> pd.DataFrame:
    """The data behind a line chart, one row per point, with readable headers (for CSV/Excel); `names` for
    lines that are no geography (a group's mean)."""
    titles = store.indicators.set_index("id")["title_en" if lang == "en" else "title_sv"]
    shown = frame[frame["status"].isin(SHOWN)]
    names = {**analysis.geo_names(store), **(names or {})}
    out = pd.DataFrame({
        t("col_geo", lang): shown["geo_code"].map(names).to_numpy(),
        t("col_geo_code", lang): shown["geo_code"].to_numpy(),
        t("col_indicator", lang): shown["indicator_id"].map(titles).to_numpy(),
        t("col_period", lang): shown["period"].to_numpy(),
        t("col_value", lang): shown["value"].to_numpy(),
        t("col_unit", lang): shown["unit"].to_numpy(),
        t("col_ci_low", lang): shown["ci_low"].to_numpy(),
        t("col_ci_high", lang): shown["ci_high"].to_numpy(),
        t("col_status", lang): preliminary_marks(shown["status"], lang),
        t("col_source", lang): shown["source"].to_numpy(),
        t("col_retrieved", lang): shown["retrieved_at"].str[:10].to_numpy(),
    })
    return rounded(out.reset_index(drop=True))


def target_table(target: Target, yearly: pd.DataFrame, lang: str = "sv", projection: Projection | None = None) -> pd.DataFrame:
    """The data behind a target chart: crimes per year (TargetStatus.yearly) in the baseline and target periods,
    and a pending target's missing years as projected, each with its 95 % prediction interval."""
    rows = []
    for _, r in yearly.iterrows():
        year = int(r["year"])
        if target.baseline[0] <= year <= target.baseline[1]:
            period = t("chart_baseline", lang)
        elif target.target[0] <= year <= target.target[1]:
            period = t("chart_target_period", lang)
        else:
            continue
        rows.append({t("col_year", lang): year, t("col_target_period_kind", lang): period,
                     t("col_crimes", lang): int(r["count"]), t("col_population", lang): int(round(r["population"])),
                     t("col_status", lang): t("preliminary", lang) if r["preliminary"] else ""})
    for year, p in sorted((projection.per_year if projection is not None else {}).items()):
        rows.append({t("col_year", lang): year, t("col_target_period_kind", lang): t("bars_projected_kind", lang),
                     t("col_crimes", lang): int(round(p.expected)), t("col_population", lang): None,
                     t("col_status", lang): t("bars_projected_status", lang, low=fmt.number(p.low, 0, lang),
                                              high=fmt.number(p.high, 0, lang))})
    columns = [t(k, lang) for k in ("col_year", "col_target_period_kind", "col_crimes", "col_population", "col_status")]
    return pd.DataFrame(rows, columns=columns)


def target_source_line(store: Store, target: Target, kommun: str, lang: str = "sv") -> str:
    return source_line(analysis.source_rows(store, analysis.definition(store, target, kommun), [kommun]), lang)


# --- this year's months against the same months last year --------------------------------------------

@dataclass(frozen=True)
class MonthsAgainstLastYear:
    indicator_id: str
    what: str                 # the indicator in words, "anmälda brott totalt"
    year: int
    months: pd.DataFrame      # month (1–12), this_year, last_year, preliminary: the months both years have
    this_total: float
    last_total: float
    change: dict              # stats.count_change: change (%), change_low, change_high, significant
    source: str


def months_against_last_year(store: Store, kommun: str, indicator_id: str = CRIME,
                             lang: str = "sv") -> MonthsAgainstLastYear | None:
    """The latest year's monthly counts (e.g. Brå's preliminary months) against the same months a year
    earlier. The change is tested as two counts over equally long stretches of time, with the variation of
    the indicator's yearly counts from year to year (a comparison a year apart)."""
    rows = analysis.monthly(store, indicator_id, kommun)
    if rows.empty:
        return None
    rows = rows.assign(year=rows["period_start"].dt.year, month=rows["period_start"].dt.month)
    year = int(rows["year"].max())
    this, last = (rows[rows["year"] == y].set_index("month") for y in (year, year - 1))
    months = sorted(set(this.index) & set(last.index))
    if not months:
        return None
    table = pd.DataFrame({"month": months, "this_year": this.loc[months, "count"].to_numpy(),
                          "last_year": last.loc[months, "count"].to_numpy(),
                          "preliminary": (this.loc[months, "status"] == "preliminary").to_numpy()})
    this_total, last_total = float(table["this_year"].sum()), float(table["last_year"].sum())
    used = pd.concat([this.loc[months], last.loc[months]])
    what = indicator_title(store, indicator_id, lang).split(",")[0]
    variation = analysis.count_variation(store, (indicator_id,), kommun, ((year - 1,),), year - 1)
    return MonthsAgainstLastYear(indicator_id, what[0].lower() + what[1:], year, table, this_total, last_total,
                                 count_change(this_total, last_total, variation), source_line(used, lang))


def months_text(m: MonthsAgainstLastYear, lang: str = "sv") -> str:
    """'Januari–september 2026: 3 412 anmälda brott totalt (preliminära siffror), mot 3 250 samma månader 2025 – …'"""
    names = fmt.MONTHS_EN if lang == "en" else fmt.MONTHS_SV
    first, last = int(m.months["month"].iloc[0]), int(m.months["month"].iloc[-1])
    span = names[first - 1] if first == last else f"{names[first - 1]}–{names[last - 1]}"
    if math.isnan(m.change["change"]):
        verdict = t("months_no_change", lang)
    else:  # the one rule's words: the change with its interval, and whether it is säkerställd
        change = Change(m.change["change"], m.change["change_low"], m.change["change_high"])
        verdict = f"{change.text(lang, 1)}, {change.label(lang)}"
    return t("months_sentence", lang, span=span[0].upper() + span[1:], year=m.year, what=m.what,
             this=fmt.number(m.this_total, 0, lang), last=fmt.number(m.last_total, 0, lang), previous=m.year - 1,
             preliminary=f" ({t('preliminary_plural', lang)})" if m.months["preliminary"].any() else "", verdict=verdict)


def months_table(m: MonthsAgainstLastYear, lang: str = "sv") -> pd.DataFrame:
    names = fmt.MONTHS_EN if lang == "en" else fmt.MONTHS_SV
    return pd.DataFrame({
        t("col_month", lang): [names[i - 1] for i in m.months["month"]],
        str(m.year): [fmt.number(v, 0, lang) for v in m.months["this_year"]],
        str(m.year - 1): [fmt.number(v, 0, lang) for v in m.months["last_year"]],
        t("col_status", lang): [t("preliminary", lang) if p else "" for p in m.months["preliminary"]],
    })


# --- the data behind each chart, for its CSV/Excel download: tidy, readable headers -----------------

def preliminary_marks(statuses: pd.Series, lang: str = "sv") -> list[str]:
    """'preliminär' for each preliminary value, '' for the others: a status column for a data table."""
    return [t("preliminary", lang) if s == "preliminary" else "" for s in statuses]


# Numbers in the tables behind the charts (their CSV/Excel downloads) at the sources' precision: Kolada
# and the surveys publish rates and shares with one decimal, so 24.900000000000002 is written 24,9.
TABLE_DECIMALS = 1


def rounded(frame: pd.DataFrame) -> pd.DataFrame:
    """Every float column rounded to TABLE_DECIMALS (whole numbers stay whole)."""
    floats = frame.select_dtypes("float").columns
    return frame.assign(**{c: frame[c].round(TABLE_DECIMALS) for c in floats}) if len(floats) else frame


def labelled(frame: pd.DataFrame, columns: dict[str, str], lang: str = "sv") -> pd.DataFrame:
    """The columns of `frame` named in `columns` (column -> i18n key), in that order, headed in `lang`,
    numbers rounded as the sources publish them."""
    return rounded(frame[list(columns)].rename(columns={c: t(k, lang) for c, k in columns.items()}).reset_index(drop=True))


def _yes_no(flags: pd.Series, lang: str) -> pd.Series:
    return flags.map(lambda x: t("yes", lang) if x else t("no", lang))


def indexed_table(frame: pd.DataFrame, labels: dict[str, str], lang: str = "sv") -> pd.DataFrame:
    """analysis.indexed: each measure's value and index (baseline period = 100) per period."""
    out = frame.assign(measure=frame["measure"].map(labels), status=preliminary_marks(
        frame["preliminary"].map({True: "preliminary", False: "ok"}), lang))
    return labelled(out, {"measure": "col_measure", "period": "col_period", "value": "col_value", "index": "col_index",
                          "index_low": "col_index_low", "index_high": "col_index_high", "base_period": "col_baseline",
                          "status": "col_status"}, lang)


def quadrant_table(points: pd.DataFrame, x_title: str, y_title: str, lang: str = "sv") -> pd.DataFrame:
    """analysis.quadrant: one row per kommun, recorded rate (x) and share unsafe (y) with its CI."""
    out = labelled(points, {"name": "col_geo", "code": "col_geo_code", "x": "col_value", "y": "col_share",
                            "y_low": "col_ci_low", "y_high": "col_ci_high"}, lang)
    return out.rename(columns={t("col_value", lang): x_title, t("col_share", lang): y_title})


def changes_table(changes: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """analysis.trend: the yearly change with its CI, whether supported, whether across a series break."""
    out = changes.assign(significant=_yes_no(changes["significant"], lang),
                         crosses_break=_yes_no(changes["crosses_break"], lang))
    return labelled(out, {"previous_period": "col_from", "period": "col_period", "change": "col_change",
                          "ci_low": "col_ci_low", "ci_high": "col_ci_high", "significant": "col_supported",
                          "crosses_break": "col_series_break"}, lang)


def areas_table(areas: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """analysis.survey_areas: the share unsafe per area with CI and answers; suppressed areas stay empty."""
    out = areas.assign(significant=_yes_no(areas["significant"], lang),
                       status=areas["status"].map(lambda s: "" if s in SHOWN else hidden_text(s, lang)))
    return labelled(out, {"name": "col_geo", "code": "col_geo_code", "year": "col_year", "value": "col_share",
                          "ci_low": "col_ci_low", "ci_high": "col_ci_high", "n": "col_answers", "status": "col_status",
                          "previous_year": "col_from", "previous_value": "col_previous_share",
                          "significant": "col_supported", "source": "col_source"}, lang)


def comparison_table(lines: pd.DataFrame, band: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """analysis.comparison: each line's values with the interquartile band of all kommuner that year."""
    out = lines.merge(band[["year", "q1", "median", "q3"]], on="year", how="left")
    return labelled(out, {"name": "col_geo", "code": "col_geo_code", "period": "col_period", "value": "col_value",
                          "ci_low": "col_ci_low", "ci_high": "col_ci_high", "q1": "col_q1", "median": "col_median",
                          "q3": "col_q3"}, lang)


def map_table(values: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """analysis.map_values: one row per kommun or län on the map, preliminary values marked."""
    out = values.assign(status=preliminary_marks(values["status"], lang))
    return labelled(out, {"name": "col_geo", "code": "col_geo_code", "period": "col_period", "value": "col_value",
                          "ci_low": "col_ci_low", "ci_high": "col_ci_high", "status": "col_status",
                          "source": "col_source"}, lang)


FUNNEL_COLUMNS = ["geo_code", "name", "count", "base", "value", "limit95_low", "limit95_high", "limit998_low",
                  "limit998_high", "assessment"]


@analysis.remembered
def funnel_data(store: Store, indicator_id: str, year: int | None = None, members: tuple[str, ...] | None = None):
    """lagesbild.funnel.of_store in the indicator's latest year with values (or `year`), shared per build."""
    from lagesbild import funnel as fn

    if year is None:
        kommuner = store.geographies.loc[store.geographies["level"] == "kommun", "code"].tolist()
        rows = analysis.observed(store, indicator_id, list(members) if members is not None else kommuner)
        if rows.empty:
            return None
        year = int(rows["year"].max())
    return fn.of_store(store, indicator_id, year, list(members) if members is not None else None)


def funnel_indicators(store: Store) -> list[str]:
    """The map's indicators that have a funnel (funnel_data is not None: a rate of events or a share, with values
    for kommuner), once per build. Asking funnel_data of each drew the funnel of all kommuner for every one of
    them — 320 nationally, more than `remembered` keeps, so every run of the page did it again (issue 29)."""
    def pick() -> list[str]:
        from lagesbild.targets import inhabitants_per

        # map_indicators are those with shown values for kommuner (what funnel_data reads): only the unit decides.
        return [i for i in analysis.map_indicators(store)
                if indicator(store, i)["unit"] == "%" or inhabitants_per(indicator(store, i)["unit"]) is not None]
    return analysis.per_build(store, "funnel_indicators", pick)


def funnel_missing_text(store: Store, indicator_id: str, lang: str = "sv") -> str:
    """Why there is no funnel: a unit that is neither a rate of events nor a share, or too few kommuner."""
    data = funnel_data(store, indicator_id)
    title = indicator_title(store, indicator_id, lang)
    if data is None:
        return t("funnel_not_a_rate", lang, title=title)
    return t("funnel_too_few", lang, title=title, n=len(data.rows), min=analysis.MIN_KOMMUNER)


def funnel_left_out_text(data, lang: str = "sv") -> str:
    """'Utan värde det året (listas, ritas inte): Bjurholm, Malå.' or ''."""
    if data is None or data.missing.empty:
        return ""
    return t("funnel_left_out", lang, n=len(data.missing), names=", ".join(sorted(data.missing["name"], key=fmt.sv_sort_key)))


def funnel_table(data, lang: str = "sv") -> pd.DataFrame:
    """The funnel's rows as the page and its downloads show them (the `jamfor` command writes FUNNEL_COLUMNS)."""
    shown = data.shown()[FUNNEL_COLUMNS].assign(assessment=lambda d: d["assessment"].map(
        lambda a: t(f"assessment_{a}", lang)))
    return labelled(shown, {c: f"col_funnel_{c}" for c in FUNNEL_COLUMNS}, lang)


# Kolada's "avvikelse från modellberäknat värde" for a recorded indicator: the kommun against what a model of its
# structure predicts (2 färre, 1 lika många, 0 fler; data/indicators.toml).
MODELLED = {"N07403": "U00489", "U07417": "U00490", "U07413": "U00487", "N07415": "N00488"}
MODELLED_WORDS = {0.0: "modelled_more", 1.0: "modelled_same", 2.0: "modelled_fewer"}


def modelled_text(store: Store, kommun: str, indicator_id: str, lang: str = "sv") -> str | None:
    """'Anmälda våldsbrott 2022–2024: fler än förväntat för en kommun med samma struktur (Kolada).' or None."""
    modelled = MODELLED.get(indicator_id)
    if modelled is None or modelled not in set(store.indicators["id"]):
        return None
    rows = analysis.observed(store, modelled, [kommun])
    if rows.empty or rows.iloc[-1]["value"] not in MODELLED_WORDS:
        return None
    last = rows.iloc[-1]
    what = short_title(store, indicator_id, lang)
    return t(MODELLED_WORDS[last["value"]], lang, what=what[0].upper() + what[1:], period=analysis.period_label(last))


# --- How the kommun stands: against kommuner like it and Riket, and over five years (lagesbild.compare) ------

@dataclass(frozen=True)
class Standing:
    """One indicator's latest year for the kommun in the one wording: against its group of similar kommuner
    (the other members' unweighted mean) and Riket, its place in the group, and its five-year trend."""
    indicator_id: str
    year: int
    versus: tuple[compare.Versus, ...]   # the group first, then Riket
    place: dict | None                   # analysis.group_place
    group: str | None                    # the group's title
    trend: compare.Trend | None
    modelled: str | None                 # Kolada's expected-against-actual sentence

    def lines(self, lang: str = "sv", dated: bool = False) -> list[str]:
        """['Tydligt högre än liknande kommuner (Kolada: socioekonomi) · plats 6 av 6 (lägst värde först)',
        'Som Riket', 'Oförändrad 2021–2025 (−0,6 % per år, 95 % KI −2,1 till +1,0 %)', Kolada's model's sentence];
        `dated`: the comparisons begin with their year ('2025: som Riket'), for text read away from its heading."""
        out = []
        for v in self.versus:
            text = v.words(lang)
            if v.other == self.group and self.place:
                text += t("standing_place", lang, rank=self.place["rank"], of=self.place["of"])
            out.append(f"{self.year}: {text}" if dated else text)
        if self.trend is not None:
            out.append(self.trend.text(lang))
        out = [f"{x[0].upper()}{x[1:]}" for x in out]
        return out + ([self.modelled] if self.modelled else [])

    def basis(self, lang: str = "sv") -> str:
        return t("standing_basis", lang, basis=self.versus[0].basis(lang), year=self.year) if self.versus else ""


def group_short(title: str, lang: str = "sv") -> str:
    """'Liknande kommuner socioekonomi, Vetlanda, 2024' → 'liknande kommuner (Kolada: socioekonomi)'; another
    group's title as it is."""
    m = re.match(r"Liknande kommuner,?\s+([^,]+),", title)
    return t("group_short", lang, kind=m.group(1).strip()) if m else title


def _other_level(store: Store, indicator_id: str, codes: list[str], year: int) -> float | None:
    """The unweighted mean of these geographies' shown values in `year` (one geography: its value)."""
    rows = analysis.observed(store, indicator_id, codes)
    values = rows.loc[rows["year"] == year, "value"]
    return float(values.mean()) if len(values) else None


@analysis.remembered
def standing(store: Store, kommun: str, indicator_id: str, group_id: str | None, lang: str = "sv") -> Standing | None:
    """The kommun's standing on a rate of events or a share, or None for another unit or no value."""
    from lagesbild import funnel as fn

    own = analysis.observed(store, indicator_id, [kommun])
    if own.empty:
        return None
    year = int(own["year"].max())
    mine = fn.of_store(store, indicator_id, year, [kommun])
    if mine is None or mine.rows.empty:
        return None
    row = mine.rows.iloc[0]
    groups = {g.id: g for g in analysis.groups_of(store, kommun)}
    group = groups.get(group_id) if group_id else None
    versus, title = [], None
    if group is not None:
        title = group_short(group.title(lang), lang)
        level = _other_level(store, indicator_id, [m for m in group.members if m != kommun], year)
        if level is not None:
            versus.append(compare.versus(row["count"], row["base"], level / mine.per, mine.kind, mine.per, title))
    riket = _other_level(store, indicator_id, ["0000"], year)
    if riket is not None:
        versus.append(compare.versus(row["count"], row["base"], riket / mine.per, mine.kind, mine.per,
                                     geo_name(store, "0000")))
    trend = None
    if mine.kind == "rate":
        series = analysis.count_series(store, (indicator_id,), kommun)
        since = max([b for b in analysis.breaks_of(store, indicator_id) if b <= year], default=None)
        keep = series.years >= since if since else series.years == series.years
        if keep.sum() >= 3:
            alpha = analysis.count_variation(store, (indicator_id,), kommun, ()).alpha
            trend = compare.trend(series.years[keep], series.counts[keep], series.population[keep], alpha)
    place = analysis.group_place(store, kommun, indicator_id, group, year) if group is not None else None
    return Standing(indicator_id, year, tuple(versus), place, title, trend, modelled_text(store, kommun, indicator_id, lang))


def group_series(store: Store, indicator_id: str, kommun: str, group_id: str | None, lang: str = "sv") -> pd.DataFrame:
    """The kommun's group's level over the years in `series`' shape (geo_code the group's id): the other
    members' unweighted mean (analysis.group_mean), each year with the members' sources. Empty without a group."""
    group = next((g for g in analysis.groups_of(store, kommun) if g.id == group_id), None)
    if group is None:
        return series(store, indicator_id, [])
    rows = analysis.observed(store, indicator_id, [m for m in group.members if m != kommun])
    if rows.empty:
        return series(store, indicator_id, [])
    mean = analysis.group_mean(rows)
    first = rows.sort_values("retrieved_at").groupby("year").last()
    out = mean.assign(geo_code=group.id, indicator_id=indicator_id, status="ok", group="total",
                      unit=mean["year"].map(first["unit"]), source=mean["year"].map(first["source"]),
                      retrieved_at=mean["year"].map(first["retrieved_at"]))
    out["period"] = [fmt.period(a, b) for a, b in zip(out["period_start"], out["period_end"])]
    return out
