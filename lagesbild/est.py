"""What the EST pages show (Områden, Insatser, Trygghetsbokslut), computed from the store.

Incidents are stored as monthly counts per area, so the "weekly" lägesbild is honestly monthly:
the latest complete months of the data against the same months a year earlier.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from lagesbild import analysis, effects, fmt, views
from lagesbild.disclosure import hidden_text
from lagesbild.effects import MIN_MONTHS_AFTER as MEASURABLE_AFTER
from lagesbild.effects import TOTAL, incident_counts, monthly
from lagesbild.evidence import Change, PeriodChange
from lagesbild.i18n import t
from lagesbild.stats import YearlyCounts, count_change, pooled_variation, series_variation
from lagesbild.store import Store

PERCEIVED = views.LOCAL_SURVEY  # the local survey: share unsafe per area
RECENT_MONTHS = 3


def month_label(month: pd.Timestamp, lang: str = "sv") -> str:
    names = fmt.MONTHS_EN if lang == "en" else fmt.MONTHS_SV
    return f"{names[month.month - 1][:3]} {month.year}"


def months_label(first: pd.Timestamp, last: pd.Timestamp, lang: str = "sv") -> str:
    """'dec 2025', 'okt–dec 2025', 'nov 2024–jan 2025'."""
    if first == last:
        return month_label(first, lang)
    if first.year == last.year:
        return f"{month_label(first, lang)[:3]}–{month_label(last, lang)}"
    return f"{month_label(first, lang)}–{month_label(last, lang)}"


def store_incidents(store: Store) -> pd.DataFrame:
    """The store's monthly incident rows, filtered once per build (several functions per page need them)."""
    return analysis.per_build(store, "incidents", lambda: incident_counts(store.observations))


def areas(store: Store, kommun: str) -> pd.DataFrame:
    """The kommun's areas that have incident data: code, name (Swedish order)."""
    codes = set(store_incidents(store)["geo_code"])
    g = store.geographies
    out = g[(g["level"] == "område") & (g["parent"] == kommun) & g["code"].isin(codes)][["code", "name"]]
    return out.sort_values("name", key=lambda s: s.map(fmt.sv_sort_key)).reset_index(drop=True)


def last_month(store: Store) -> pd.Timestamp | None:
    counts = store_incidents(store)
    return None if counts.empty else pd.Timestamp(counts["period_start"].max())


def _month_counts(store: Store, area: str) -> YearlyCounts:
    """An area's monthly incident counts as a series of months (numbered year × 12 + month − 1)."""
    rows = monthly(store_incidents(store), [area], TOTAL)
    index = rows["month"].dt.year * 12 + rows["month"].dt.month - 1
    return YearlyCounts.from_arrays(index, rows["count"], np.ones(len(rows)))


def _month_numbers(months) -> tuple[int, ...]:
    return tuple(int(m.year * 12 + m.month - 1) for m in months)


def _season(series: YearlyCounts) -> np.ndarray:
    return series.years % 12


@analysis.remembered
def area_change(store: Store, kommun: str, area: str, before: tuple[pd.Timestamp, ...],
                after: tuple[pd.Timestamp, ...]) -> dict:
    """Incidents in the months `after` against the months `before` (as long, a year earlier), with the
    area's own variation from month to month beyond chance (around its trend and season, the compared
    months at levels of their own), pooled with the kommun's other areas when it has too few months:
    stats.count_change's change (%), change_low, change_high, significant."""
    series = _month_counts(store, area)
    compared = (_month_numbers(before), _month_numbers(after))
    pooled = lambda: pooled_variation((_month_counts(store, a) for a in areas(store, kommun)["code"]),  # noqa: E731
                                      compared, season=_season)
    variation = series_variation(series, compared, pooled=pooled, season=_season(series))
    counts = dict(zip(series.years.tolist(), series.counts.tolist()))
    return count_change(sum(counts.get(m, 0.0) for m in compared[1]), sum(counts.get(m, 0.0) for m in compared[0]),
                        variation)


@analysis.remembered
def area_situation(store: Store, kommun: str, months: int = RECENT_MONTHS, lang: str = "sv") -> pd.DataFrame:
    """Per area: incidents in the latest `months` months vs the same months a year earlier."""
    last = last_month(store)
    cols = ["area", "name", "period", "count", "period_last_year", "count_last_year", "change", "change_low",
            "change_high", "significant"]
    if last is None:
        return pd.DataFrame(columns=cols)
    first = last - pd.DateOffset(months=months - 1)
    a_year = pd.DateOffset(years=1)
    counts = store_incidents(store)
    rows = []
    for code, name in areas(store, kommun).itertuples(index=False):
        series = monthly(counts, [code], TOTAL).set_index("month")["count"]
        now = series[(series.index >= first) & (series.index <= last)]
        before = series[(series.index >= first - a_year) & (series.index <= last - a_year)]
        if len(before) < months:     # no full comparison period in the data
            continue
        rows.append({"area": code, "name": name, "period": months_label(first, last, lang), "count": float(now.sum()),
                     "period_last_year": months_label(first - a_year, last - a_year, lang),
                     "count_last_year": float(before.sum()),
                     **area_change(store, kommun, code, tuple(before.index), tuple(now.index))})
    return pd.DataFrame(rows, columns=cols)


@analysis.remembered
def quarterly_ranking(store: Store, kommun: str, lang: str = "sv") -> pd.DataFrame:
    """Areas ranked by recorded signal (incidents in the latest complete quarter) and perceived signal
    (the latest local survey's share feeling unsafe late at night), side by side."""
    cols = ["area", "name", "quarter", "incidents", "rank_recorded", "otrygghet", "otrygghet_low", "otrygghet_high",
            "survey_period", "survey_status", "rank_perceived", "mean_rank"]
    last = last_month(store)
    if last is None:
        return pd.DataFrame(columns=cols)
    quarter = (last + pd.offsets.MonthBegin(1)).to_period("Q") - 1   # the latest quarter with all three months
    q_first, q_last = quarter.start_time, quarter.end_time.normalize().replace(day=1)
    counts = store_incidents(store)
    obs = store.observations
    survey = obs[(obs["indicator_id"] == PERCEIVED) & (obs["group"] == "total")].sort_values("period_end")
    rows = []
    for code, name in areas(store, kommun).itertuples(index=False):
        series = monthly(counts, [code], TOTAL)
        in_q = series[(series["month"] >= q_first) & (series["month"] <= q_last)]
        s = survey[survey["geo_code"] == code].tail(1)
        shown = len(s) and s["status"].iloc[0] in views.SHOWN
        rows.append({"area": code, "name": name, "quarter": f"{quarter.year} Q{quarter.quarter}" if lang == "en"
                     else f"{quarter.year} kv. {quarter.quarter}",
                     "incidents": float(in_q["count"].sum()),
                     "otrygghet": float(s["value"].iloc[0]) if shown else np.nan,
                     "otrygghet_low": float(s["ci_low"].iloc[0]) if shown else np.nan,
                     "otrygghet_high": float(s["ci_high"].iloc[0]) if shown else np.nan,
                     "survey_period": fmt.period(s["period_start"].iloc[0], s["period_end"].iloc[0]) if len(s) else "",
                     "survey_status": s["status"].iloc[0] if len(s) else "missing"})
    out = pd.DataFrame(rows, columns=[c for c in cols if not c.startswith(("rank", "mean"))])
    if out.empty:
        return pd.DataFrame(columns=cols)
    out["rank_recorded"] = out["incidents"].rank(ascending=False, method="min").astype(int)
    out["rank_perceived"] = out["otrygghet"].rank(ascending=False, method="min")
    out["mean_rank"] = out[["rank_recorded", "rank_perceived"]].mean(axis=1)
    return out.sort_values(["mean_rank", "rank_recorded"]).reset_index(drop=True)[cols]


# --- Insatser ---

def interventions(store: Store, kommun: str, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """The kommun's insatser with their effect over all categories (one row each); `as_of` (a month): the
    effect measured on the months up to it, as a bokslut or brief dated then would have had it."""
    ins = store.interventions
    ins = ins[ins["area"].str.split("-", n=1).str[0] == kommun]
    last = last_month(store)
    measured = store.effects if as_of is None or last is None or as_of >= last else effects_as_of(store, kommun, as_of)
    total = measured[measured["category"] == TOTAL].drop(columns=["area"])
    names = dict(zip(store.geographies["code"], store.geographies["name"]))
    out = ins.merge(total, on="intervention", how="left")
    out["area_name"] = out["area"].map(names)
    out["comparison_name"] = out["comparison_area"].map(lambda c: names.get(c, "") if c else "")
    return out.sort_values("start", ascending=False).reset_index(drop=True)


@analysis.remembered
def effects_as_of(store: Store, kommun: str, as_of: pd.Timestamp) -> pd.DataFrame:
    """The effects table for the kommun's insatser from the incident months up to `as_of` only."""
    ins = store.interventions
    return effects.evaluate(store.observations, ins[ins["area"].str.split("-", n=1).str[0] == kommun],
                            store.geographies, pd.Timestamp(as_of))


def effects_by_category(store: Store, intervention: str) -> pd.DataFrame:
    e = store.effects
    return e[e["intervention"] == intervention].reset_index(drop=True)


def before_after(store: Store, row: pd.Series) -> pd.DataFrame:
    """month, count, series ('area' / 'comparison'), phase ('before' / 'after' / 'ended') for the chart."""
    counts = store_incidents(store)
    start = pd.Timestamp(row["start"]).to_period("M").to_timestamp()
    end = pd.Timestamp(row["end"]).to_period("M").to_timestamp() if pd.notna(row["end"]) else None
    frames = [monthly(counts, [row["area"]], TOTAL).assign(series="area")]
    if row["comparison_area"]:
        frames.append(monthly(counts, [row["comparison_area"]], TOTAL).assign(series="comparison"))
    out = pd.concat(frames, ignore_index=True)
    out["phase"] = np.where(out["month"] < start, "before",
                            np.where((end is not None) & (out["month"] > (end or start)), "ended", "after"))
    return out


def effect_change(row: pd.Series) -> Change:
    """An insats's effect (a ratio after/before, 1 = no change) as a per cent change with its interval."""
    return Change.from_rate_ratio(row["effect"], row["ci_low"], row["ci_high"])


SEASONAL_MONTHS = 24  # the model has month-of-year terms from two years of months (effects._design)


def expected_without(row: pd.Series) -> float:
    """The incidents a month expected after the start without the insats, from the effect's own model: the
    model's months after the start add up to the counted ones (a Poisson model's estimate does that for every
    term, the insats's too), and without the insats each is the effect times smaller. So the mean after the
    start divided by the effect; NaN when there is no effect."""
    return row["mean_after"] / row["effect"] if pd.notna(row["effect"]) and row["effect"] > 0 else math.nan


def adjusted_for(row: pd.Series, lang: str = "sv") -> str:
    """What the effect is adjusted for, in words: 'trend och säsong', 'trend', or the comparison area's months."""
    if row["method"] == "did_poisson":
        return t("adjusted_comparison", lang, area=row.get("comparison_name") or t("col_comparison", lang).lower())
    seasonal = row["months_before"] + row["months_after"] >= SEASONAL_MONTHS
    return t("adjusted_trend_season" if seasonal else "adjusted_trend", lang)


def effect_text(row: pd.Series, lang: str = "sv") -> str:
    """The verdict in words, with the change and its 95 % CI against the level expected without the insats
    and what that level is adjusted for. Where the plain before/after means moved the other way than the
    adjusted change, one sentence says both, so the number never contradicts the picture."""
    v = row["verdict"]
    if v == "too_early":
        n = int(row["months_after"])
        return t("effect_too_early", lang, months=t("one_month", lang) if n == 1 else t("n_months", lang, n=n))
    if row["effect"] is None or math.isnan(row["effect"]):
        return t("effect_not_estimable", lang)
    change = effect_change(row)
    values = {"change": change.text(lang), "before": int(row["months_before"]), "after": int(row["months_after"]),
              "adjusted": adjusted_for(row, lang), "mean_before": fmt.number(row["mean_before"], 1, lang),
              "mean_after": fmt.number(row["mean_after"], 1, lang),
              "expected": fmt.number(expected_without(row), 1, lang)}
    raw = row["mean_after"] - row["mean_before"]
    if change.known and round(raw, 1) and (raw > 0) != (change.estimate > 0):
        return t("effect_raw_opposite", lang, **values, raw=t("raw_fell" if raw < 0 else "raw_rose", lang),
                 verdict=t("effect_verdict_" + v, lang))
    return t("effect_" + v, lang, **values)


def caveats(store: Store, row: pd.Series, lang: str = "sv", warnings_only: bool = False) -> list[str]:
    """Regression to the mean and displacement, in words; `warnings_only`: only what qualifies the effect (a
    peak before the start, neighbouring areas moving too), for a slide where room is short."""
    out, start = [], fmt.long_date(pd.Timestamp(row["start"]).date(), lang)
    if row["peak_before_start"] == "yes":
        out.append(t("caveat_peak", lang, start=start))
    elif row["peak_before_start"] == "no" and not warnings_only:
        out.append(t("caveat_no_peak", lang, start=start))
    names = dict(zip(store.geographies["code"], store.geographies["name"]))
    neighbours = ", ".join(names.get(c, c) for c in str(row["neighbour_areas"]).split(",") if c)
    if neighbours and not math.isnan(row["displacement_effect"]):
        low, high = row["displacement_ci_low"], row["displacement_ci_high"]
        key = ("caveat_displacement_up" if low > 1 else "caveat_displacement_down" if high < 1
               else "caveat_displacement_none")
        change = Change.from_rate_ratio(row["displacement_effect"], low, high)
        if key != "caveat_displacement_none" or not warnings_only:
            out.append(t(key, lang, areas=neighbours, change=change.text(lang), start=start))
    return out


def iso_day(x) -> str:
    """'2024-03-01', or '' for no date (an ongoing insats)."""
    return "" if pd.isna(x) else pd.Timestamp(x).strftime("%Y-%m-%d")


def _effect_columns(frame: pd.DataFrame, lang: str) -> dict[str, pd.Series]:
    """The effect as a per cent change after the start with its 95 % interval, in one column as the
    one rule writes it: '−31 % (95 % KI −49 till −8 %)' (empty when not yet estimable)."""
    return {t("col_effect", lang): [Change.from_rate_ratio(e, lo, hi).text(lang) if pd.notna(e) else ""
                                    for e, lo, hi in zip(frame["effect"], frame["ci_low"], frame["ci_high"])]}


def interventions_table(frame: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """The log as shown and exported: one row per insats, headings in the UI language."""
    return pd.DataFrame({
        t("col_insats", lang): frame["name"], t("col_area", lang): frame["area_name"],
        t("col_type", lang): frame["type"], t("col_start", lang): frame["start"].map(iso_day),
        t("col_end", lang): frame["end"].map(iso_day), t("col_comparison", lang): frame["comparison_name"],
        **_effect_columns(frame, lang),
        t("col_verdict", lang): frame["verdict"].map(lambda v: t("verdict_short_" + v, lang) if isinstance(v, str) else ""),
    })


# --- tables as shown on the pages (Swedish number formats) ---

def formatted(df: pd.DataFrame, lang: str = "sv", decimals: int = 2) -> pd.DataFrame:
    """Float columns as text in the UI language's format (whole numbers without decimals)."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            whole = out[col].dropna().eq(out[col].dropna().round()).all()
            out[col] = out[col].map(lambda x: fmt.number(x, 0 if whole else decimals, lang))
    return out


def situation_table(frame: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Per area: the change first (the answer), then the two counts under headings that name their months
    ('Händelser okt–dec 2025', 'Händelser okt–dec 2024')."""
    def change(r) -> str:
        if math.isnan(r["change"]):
            return "–"
        change = Change(r["change"], r["change_low"], r["change_high"])
        return f"{change.text(lang)}, {change.label(lang)}"

    now, before = (frame[c].iloc[0] if len(frame) else "" for c in ("period", "period_last_year"))
    return pd.DataFrame({
        t("col_area", lang): frame["name"],
        t("col_change", lang): [change(r) for r in frame.to_dict("records")],
        t("col_incidents_in", lang, period=now): frame["count"].map(lambda x: fmt.number(x, 0, lang)),
        t("col_incidents_in", lang, period=before): frame["count_last_year"].map(lambda x: fmt.number(x, 0, lang)),
    })


def ranking_table(frame: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    def share(r) -> str:
        if math.isnan(r["otrygghet"]):
            return t("suppressed_or_missing", lang) if r["survey_status"] == "suppressed" else \
                hidden_text("protected", lang) if r["survey_status"] == "protected" else t("missing", lang)
        # one decimal, as the survey's table and chart show the same share (not rounded two ways)
        return f"{fmt.percent(r['otrygghet'], 1, lang)} ({fmt.ci(r['otrygghet_low'], r['otrygghet_high'], 1, lang, '%')})"

    return pd.DataFrame({
        t("col_area", lang): frame["name"], t("col_quarter", lang): frame["quarter"],
        t("col_incidents", lang): frame["incidents"].map(lambda x: fmt.number(x, 0, lang)),
        t("col_rank_recorded", lang): frame["rank_recorded"],
        t("col_otrygghet", lang): [share(r) for r in frame.to_dict("records")],
        t("col_survey_period", lang): frame["survey_period"],
        t("col_rank_perceived", lang): frame["rank_perceived"].map(lambda x: "–" if math.isnan(x) else str(int(x))),
    })


def area_source(store: Store, kommun: str, lang: str = "sv", as_of: pd.Timestamp | None = None,
                survey: bool = True) -> str:
    """The source line for the area pages: the incident exports and (with `survey`) the local survey (for a
    dated brief, those that existed then: the rounds whose fieldwork had ended)."""
    obs = store.observations
    rows = obs[obs["geo_code"].str.startswith(f"{kommun}-")
               & ((obs["indicator_id"] == "inc_total") | (survey & (obs["indicator_id"] == PERCEIVED)))]
    if as_of is not None:
        rows = rows[rows["period_end"] <= as_of + pd.offsets.MonthEnd(0)]
    return views.source_line(rows.drop_duplicates(["source", "retrieved_at"]), lang) if len(rows) else t(
        "source", lang, sources=t("no_area_data_source", lang))


def log_source(store: Store, lang: str = "sv") -> str:
    files = [s for s in store.manifest.get("sources", []) if s.get("kind") == "interventions"]
    if not files:
        return t("source", lang, sources=t("no_log_source", lang))
    retrieved = max(s["retrieved_at"][:10] for s in files)
    return t("source", lang, sources=f"{t('insatslogg', lang)} ({t('retrieved', lang, date=retrieved)})")


def category_table(store: Store, frame: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """Effect per incident category (total first), verdict in short words."""
    titles = store.indicators.set_index("id")["title_en" if lang == "en" else "title_sv"].to_dict()

    def category(c: str) -> str:
        return t("all_categories", lang) if c == TOTAL else titles.get(f"inc_{c}", c).split(":", 1)[-1].split(",")[0].strip()

    return pd.DataFrame({
        t("col_category", lang): frame["category"].map(category),
        t("col_mean_before", lang): frame["mean_before"].round(1), t("col_mean_after", lang): frame["mean_after"].round(1),
        **_effect_columns(frame, lang),
        t("col_verdict", lang): frame["verdict"].map(lambda v: t("verdict_short_" + v, lang)),
    })


def before_after_table(store: Store, frame: pd.DataFrame, row: pd.Series, names: dict[str, str],
                       lang: str = "sv") -> pd.DataFrame:
    """The data behind the before/after chart: incidents per month in the area (and comparison area), with
    the measured effect and its caveats in a notes column, so they travel with the numbers."""
    area = {"area": row["area"], "comparison": row["comparison_area"]}
    return views.rounded(pd.DataFrame({
        t("col_month", lang): frame["month"].dt.strftime("%Y-%m"),
        t("col_area", lang): frame["series"].map(lambda s: names.get(area[s], area[s])),
        t("col_phase", lang): frame["phase"].map(lambda p: t("phase_" + p, lang)),
        t("col_incidents", lang): frame["count"],
        t("col_expected_without", lang): [expected_without(row) if (s, p) == ("area", "after") else math.nan
                                            for s, p in zip(frame["series"], frame["phase"])],
        t("col_notes", lang): " ".join([effect_text(row, lang), *caveats(store, row, lang)]),
    }))


def ranking_data(frame: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """The data behind the area-signals chart, numbers unformatted (the download's table)."""
    return views.labelled(frame, {"name": "col_area", "quarter": "col_quarter", "incidents": "col_incidents",
                                  "rank_recorded": "col_rank_recorded", "otrygghet": "col_otrygghet",
                                  "otrygghet_low": "col_ci_low", "otrygghet_high": "col_ci_high",
                                  "survey_period": "col_survey_period", "rank_perceived": "col_rank_perceived"}, lang)


# --- the temagrupp's monthly brief (underlag) ---

@dataclass(frozen=True)
class MonthlyBrief:
    """What the temagrupp needs each month: incidents per area against the same month last year, insatser
    started or ended, effects that became measurable, and the local survey's signal per area."""
    kommun: str
    name: str
    month: pd.Timestamp
    areas: pd.DataFrame        # per area: the month, the same month last year, the change (the one rule)
    started_ended: pd.DataFrame
    measurable: pd.DataFrame   # insatser whose sixth month after the start is this month: effect and caveats
    survey: pd.DataFrame       # per area: the latest survey's share with its CI, against its previous round
    crime: pd.DataFrame        # the kommun's recorded crime in the month (Brå's months) against a year earlier
    missing: tuple[str, ...] = ()   # what the month lacks, in words: no incidents per area, no months from Brå


def incident_months(store: Store, kommun: str) -> list[pd.Timestamp]:
    """Months with incident data for the kommun's areas, latest first."""
    codes = set(areas(store, kommun)["code"])
    counts = store_incidents(store)
    return sorted({pd.Timestamp(m) for m in counts.loc[counts["geo_code"].isin(codes), "period_start"]}, reverse=True)


def crime_months(store: Store, kommun: str) -> pd.Series:
    """The kommun's recorded crime per month (Brå's monthly figures): count by month."""
    rows = analysis.monthly(store, views.CRIME, kommun)
    return rows.set_index(rows["period_start"].map(pd.Timestamp))["count"]


def brief_months(store: Store, kommun: str) -> list[pd.Timestamp]:
    """Months with any data for the brief (incidents per area, or Brå's months of recorded crime), latest first."""
    return sorted(set(incident_months(store, kommun)) | set(crime_months(store, kommun).index), reverse=True)


def _span(months: list[pd.Timestamp], lang: str) -> str:
    return f"{month_label(min(months), lang)}–{month_label(max(months), lang)}" if months else t("missing", lang)


@analysis.remembered
def monthly_brief(store: Store, kommun: str, month: pd.Timestamp, lang: str = "sv") -> MonthlyBrief:
    from lagesbild.errors import LagesbildError

    month = pd.Timestamp(month).to_period("M").to_timestamp()
    name = views.geo_name(store, kommun)
    with_incidents, crime = incident_months(store, kommun), crime_months(store, kommun)
    # a kommun with no monthly figures at all (Kolada alone) gets the brief, which says what it lacks
    if (with_incidents or len(crime)) and month not in with_incidents and month not in crime.index:
        raise LagesbildError(
            f"Det finns inga uppgifter för {name} {month_label(month, 'sv')}: händelser per område finns för "
            f"{_span(with_incidents, 'sv')}, anmälda brott per månad för {_span(list(crime.index), 'sv')}.",
            f"There are no figures for {name} in {month_label(month, 'en')}: incidents per area exist for "
            f"{_span(with_incidents, 'en')}, reported crime per month for {_span(list(crime.index), 'en')}.")
    last_year = month - pd.DateOffset(years=1)
    missing = []
    if month not in with_incidents:
        missing.append(t("brief_no_incidents", lang, month=month_label(month, lang),
                         last=month_label(with_incidents[0], lang)) if with_incidents else t("brief_no_incident_export", lang))
    if month not in crime.index:
        missing.append(t("brief_no_crime_month", lang, month=month_label(month, lang),
                         last=month_label(crime.index.max(), lang)) if len(crime) else t("brief_no_crime_months", lang))
    def against_last_year(where: tuple[str, str], now: float, before: float | None, noun: str, area: str | None) -> dict:
        """One row: the month's count, the same month a year earlier and the change by the one rule (an area's
        with its own variation, trend and season; the kommun's reported crime by its two counts)."""
        if before is None:
            change = t("pc_none", lang, prev=month_label(last_year, lang))
        else:
            c = (area_change(store, kommun, area, (last_year,), (month,)) if area is not None
                 else count_change(now, float(before)))
            pc = PeriodChange(month_label(month, lang), month_label(last_year, lang),
                              Change(c["change"], c["change_low"], c["change_high"]), (float(before), now))
            change = pc.text(lang, t(noun, lang))
        return {t(where[0], lang): where[1], month_label(month, lang): fmt.number(now, 0, lang),
                month_label(last_year, lang): "–" if before is None else fmt.number(before, 0, lang),
                t("col_change", lang): change}

    crime_rows = ([against_last_year(("col_kommun", name), float(crime[month]), crime.get(last_year), "crimes_noun", None)]
                  if month in crime.index else [])
    counts = store_incidents(store)
    area_rows = []
    for code, area in (areas(store, kommun).itertuples(index=False) if month in with_incidents else ()):
        series = monthly(counts, [code], TOTAL).set_index("month")["count"]
        area_rows.append(against_last_year(("col_area", area), float(series.get(month, 0.0)), series.get(last_year),
                                           "incidents_noun", code))
    ins = interventions(store, kommun, as_of=month)
    in_month = lambda d: pd.notna(d) and pd.Timestamp(d).to_period("M").to_timestamp() == month  # noqa: E731
    moved = ins[ins["start"].map(in_month).astype(bool) | ins["end"].map(in_month).astype(bool)]  # bool when empty too
    started_ended = pd.DataFrame({
        t("col_insats", lang): moved["name"], t("col_area", lang): moved["area_name"],
        t("col_what_happened", lang): [t("insats_started", lang, date=iso_day(r["start"])) if in_month(r["start"])
                                       else t("insats_ended", lang, date=iso_day(r["end"])) for _, r in moved.iterrows()]})
    sixth = ins["start"].map(lambda d: d.to_period("M").to_timestamp() + pd.DateOffset(months=MEASURABLE_AFTER - 1))
    ready = ins[sixth == month]
    measurable = pd.DataFrame({
        t("col_insats", lang): ready["name"], t("col_area", lang): ready["area_name"],
        t("col_effect_words", lang): [effect_text(r, lang) for _, r in ready.iterrows()],
        t("col_caveats", lang): [" ".join(caveats(store, r, lang)) for _, r in ready.iterrows()]})
    survey_rows = []
    survey = analysis.observed(store, PERCEIVED, [*areas(store, kommun)["code"]], shown_only=False)
    survey = survey[survey["period_end"] <= month + pd.offsets.MonthEnd(0)]   # a round counts from its fieldwork's end
    names = analysis.geo_names(store)
    for code, rows in survey.groupby("geo_code", sort=False):
        last = rows.iloc[-1]
        if last["status"] in views.SHOWN:
            share = f"{fmt.percent(last['value'], 1, lang)} ({fmt.ci(last['ci_low'], last['ci_high'], 1, lang, '%')})"
            pc = analysis.change_since_previous(store, PERCEIVED, code, int(last["year"]))
            before = rows.iloc[-2] if len(rows) > 1 else None   # measured, but not shown: not a first round
            change = pc.text(lang) if pc is not None else t("pc_none_first", lang) if before is None else \
                t("pc_previous_protected" if before["status"] == "protected" else "pc_previous_too_few", lang,
                  prev=analysis.period_label(before), n=fmt.number(before["base"], 0, lang))
        else:
            share, change = hidden_text(last["status"], lang), "–"
        survey_rows.append({t("col_area", lang): names.get(code, code), t("col_survey_period", lang): analysis.period_label(last),
                            t("col_otrygghet", lang): share, t("col_vs_previous", lang): change})
    survey_table = pd.DataFrame(survey_rows)
    if len(survey_table):
        survey_table = survey_table.sort_values(t("col_area", lang), key=lambda s: s.map(fmt.sv_sort_key))
    return MonthlyBrief(kommun, name, month, pd.DataFrame(area_rows), started_ended.reset_index(drop=True),
                        measurable.reset_index(drop=True), survey_table.reset_index(drop=True), pd.DataFrame(crime_rows),
                        tuple(missing))
