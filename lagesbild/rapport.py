"""The lägesbild the law asks for (Lag 2023:196 om kommuners ansvar för brottsförebyggande arbete, 4 §; issue 25):
kartläggning, konsekvenser, annan relevant information, analys, åtgärdsplan and uppföljning, computed once per
kommun and year as a content model that lagesbild/document.py renders to Word and PDF and pages/rapport.py shows.

The analysis ranks problems by one stated rule (`RULE`): each crime category (and each area whose incidents rose)
scores a point per sign — higher than Riket, higher than similar kommuner, a rising five-year trend, more people
unsafe than in Riket for felt safety — only statistically supported signs count (lagesbild.compare's wording and the
one Change rule). More points first; equal points by how far above Riket. An insats addresses a problem by
lagesbild.problems.addresses; a problem without one is flagged. A part the data cannot fill is named where it
would stand, never left out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from lagesbild import analysis, est, fmt, problems, views
from lagesbild.evidence import Change
from lagesbild.i18n import t
from lagesbild.problems import Link
from lagesbild.store import Store

SECTIONS = ("rapport_kartlaggning", "rapport_konsekvenser", "rapport_annat", "rapport_analys", "rapport_atgarder",
            "rapport_uppfoljning")
AVOIDED = "enk_avstar"          # the local survey's 'avstått från att gå ut av oro för brott'


@dataclass(frozen=True)
class Problem:
    """A problem the data points to: what (a link: indicator, area, group), why (the signs met), how sure."""
    link: Link
    title: str
    signs: tuple[str, ...]           # the criteria met, in words
    evidence: tuple[str, ...]        # the standing's sentences, with periods
    uncertainty: str
    above_riket: float               # the kommun's value over Riket's (ranks equal points)
    source: str

    @property
    def points(self) -> int:
        return len(self.signs)


@dataclass(frozen=True)
class Measure:
    """An insats as the plan shows it."""
    name: str
    area: str
    responsible: str
    period: str
    effect: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Rapport:
    kommun: str
    name: str
    year: int
    demo: bool
    crime: pd.DataFrame                # Kartläggning's table (text cells)
    crime_source: str
    areas: pd.DataFrame
    areas_source: str
    months: str | None
    months_source: str
    felt: pd.DataFrame
    felt_source: str
    survey_note: str                   # which survey is used, or that none is
    consequences: tuple[str, ...]
    other: pd.DataFrame
    other_source: str
    incidents_note: str
    problems: tuple[Problem, ...]
    measures: tuple[Measure, ...]
    unlinked: tuple[Measure, ...]      # insatser naming no problem of the analysis
    followup: tuple[Measure, ...]
    targets: tuple[str, ...]
    missing: tuple[str, ...] = field(default=())

    def measures_for(self, problem: Problem) -> list[Measure]:
        return [m for m in self.measures if any(problems.addresses(link, problem.link) for link in m.links)]


def rapport_years(store: Store, kommun: str) -> list[int]:
    """Years with a published yearly figure for the kommun (not a month of this year's), latest first."""
    obs = analysis.published(store)
    obs = obs[(obs["geo_code"] == kommun) & obs["status"].isin(views.SHOWN)]
    return sorted({int(y) for y in obs["period_end"].dt.year}, reverse=True)


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _crime_ids(store: Store, kommun: str) -> list[str]:
    """Crime categories (recorded, per 100 000 inv.) with a value for the kommun, the store's order."""
    ind = store.indicators
    crime = ind[(ind["kind"] == "recorded") & ind["unit"].str.contains("100 000 inv", regex=False)
                & ~ind["id"].str.startswith("inc_") & ~ind["id"].str.contains("@", regex=False)]
    return [i for i in crime["id"] if views.has_values(store, i, kommun)]


def _other_ids(store: Store, kommun: str) -> list[str]:
    """Accidents, fires and the kommun's own series: recorded, not crime, not incidents."""
    ind = store.indicators
    crime = set(_crime_ids(store, kommun))
    other = ind[(ind["kind"] == "recorded") & ~ind["id"].isin(crime) & ~ind["id"].str.startswith("inc_")
                & ~ind["unit"].str.contains("100 000 inv", regex=False)]
    return [i for i in other["id"] if views.has_values(store, i, kommun)]


def _lan(store: Store, kommun: str) -> str | None:
    g = store.geographies.set_index("code")
    parent = g["parent"].get(kommun)
    return parent if isinstance(parent, str) and parent in g.index and g.loc[parent, "level"] == "län" else None


def _versus_lan(store: Store, kommun: str, indicator_id: str, year: int, lang: str) -> str:
    from lagesbild import compare
    from lagesbild import funnel as fn

    lan = _lan(store, kommun)
    rows = analysis.observed(store, indicator_id, [lan]) if lan else pd.DataFrame()
    level = rows.loc[rows["year"] == year, "value"] if len(rows) else pd.Series(dtype=float)
    mine = fn.of_store(store, indicator_id, year, [kommun])
    if not len(level) or mine is None or mine.rows.empty:
        return t("rapport_no_value", lang)
    row = mine.rows.iloc[0]
    v = compare.versus(row["count"], row["base"], float(level.iloc[0]) / mine.per, mine.kind, mine.per,
                       views.geo_name(store, lan))
    return v.words(lang)


def _word(standing: views.Standing, other: str | None, lang: str) -> str:
    v = next((v for v in standing.versus if v.other == other), None)
    return v.words(lang) if v else t("rapport_no_value", lang)


def _sources(store: Store, indicator_ids, geos: list[str], lang: str) -> str:
    if not list(indicator_ids):
        return ""
    rows = analysis.source_rows(store, list(indicator_ids), geos)
    return views.source_line(rows, lang) if len(rows) else ""


def _kartlaggning(store: Store, kommun: str, group: str | None, lang: str):
    ids = _crime_ids(store, kommun)
    riket = views.geo_name(store, "0000")
    rows, found = [], []
    for i in ids:
        s = views.standing(store, kommun, i, group, lang)
        if s is None:
            continue
        mine = analysis.observed(store, i, [kommun])
        value = mine.loc[mine["year"] == s.year, "value"]
        unit = analysis.indicator(store, i)["unit"]
        found.append((i, s))
        rows.append({
            t("rapport_col_crime", lang): _upper(views.short_title(store, i, lang)),
            t("rapport_col_level", lang): f"{fmt.number(float(value.iloc[0]), 0, lang)} {unit} ({s.year})" if len(value) else "",
            t("rapport_col_lan", lang): _versus_lan(store, kommun, i, s.year, lang),
            t("rapport_col_group", lang): _word(s, s.group, lang) if s.group else t("rapport_no_group", lang),
            t("rapport_col_riket", lang): _word(s, riket, lang),
            t("rapport_col_trend", lang): s.trend.text(lang) if s.trend else t("rapport_no_trend", lang),
        })
    return pd.DataFrame(rows), found, _sources(store, ids, [kommun], lang)


def _areas(store: Store, kommun: str, lang: str) -> tuple[pd.DataFrame, str]:
    situation = est.area_situation(store, kommun, lang=lang)
    if situation.empty:
        return situation, ""
    out = pd.DataFrame({
        t("col_area", lang): situation["name"],
        t("rapport_col_period", lang): situation["period"],
        t("rapport_col_incidents", lang): [fmt.number(v, 0, lang) for v in situation["count"]],
        t("rapport_col_last_year", lang): [f"{fmt.number(c, 0, lang)} ({p})" for c, p in
                                          zip(situation["count_last_year"], situation["period_last_year"])],
        t("rapport_col_change", lang): [_change_words(r, lang) for r in situation.to_dict("records")],
    })
    return out, est.area_source(store, kommun, lang, survey=False)


def _change_words(row: dict, lang: str) -> str:
    if not math.isfinite(row["change"]):
        return t("months_no_change", lang)
    change = Change(row["change"], row["change_low"], row["change_high"])
    return f"{change.text(lang, 0)}, {change.label(lang)}"


def _felt(store: Store, kommun: str, lang: str) -> tuple[pd.DataFrame, str, list[str]]:
    """Felt safety and worry by group, the latest period of each perceived indicator (total first)."""
    ind = store.indicators
    ids = [i for i in ind.loc[ind["kind"] == "perceived", "id"] if "@" not in i or i.endswith(f"@{kommun}")]
    obs = store.observations
    rows = obs[obs["indicator_id"].isin(ids) & (obs["geo_code"] == kommun) & obs["status"].isin(views.SHOWN)]
    out, used = [], []
    for i in ids:
        own = rows[rows["indicator_id"] == i]
        if own.empty:
            continue
        last = own[own["period_end"] == own["period_end"].max()]
        used.append(i)
        for r in last.sort_values("group", key=lambda g: g != "total").to_dict("records"):
            ci = (f" ({fmt.number(r['ci_low'], 0, lang)}–{fmt.number(r['ci_high'], 0, lang)})"
                  if pd.notna(r["ci_low"]) and pd.notna(r["ci_high"]) else "")
            out.append({t("rapport_col_question", lang): views.short_title(store, i, lang),
                        t("rapport_col_group_people", lang): t("rapport_all", lang) if r["group"] == "total" else r["group"],
                        t("rapport_col_share", lang): f"{fmt.number(r['value'], 0, lang)} %{ci}",
                        t("rapport_col_period", lang): fmt.period(r["period_start"], r["period_end"])})
    source = _sources(store, used, [kommun], lang)
    return pd.DataFrame(out), source, used


def _problems(store: Store, kommun: str, found, felt_ids: list[str], lang: str) -> list[Problem]:
    riket = views.geo_name(store, "0000")
    out = []
    for i, s in found:
        signs = []
        above = 1.0
        for v in s.versus:
            if v.word == "higher":
                signs.append(t("rapport_sign_riket" if v.other == riket else "rapport_sign_group", lang,
                               other=v.other))
            if v.other == riket and v.other_value:
                above = v.value / v.other_value
        if s.trend is not None and s.trend.word == "increase":
            signs.append(t("rapport_sign_trend", lang, trend=s.trend.text(lang)))
        if not signs:
            continue
        basis = s.versus[0].basis(lang) if s.versus else ""
        out.append(Problem(Link(indicator=i), _upper(views.short_title(store, i, lang)), tuple(signs),
                           tuple(s.lines(lang)), t("rapport_uncertainty_rate", lang, basis=basis), above,
                           _sources(store, [i], [kommun, "0000"], lang)))
    for i in felt_ids:   # felt against measured: more people unsafe than in Riket
        s = views.standing(store, kommun, i, None, lang)
        if s is None or analysis.indicator(store, i)["direction"] != "higher_is_worse":
            continue
        v = next((v for v in s.versus if v.other == riket), None)
        if v is None or v.word != "higher":
            continue
        out.append(Problem(Link(indicator=i), _upper(views.short_title(store, i, lang)),
                           (t("rapport_sign_felt", lang, other=riket),), tuple(s.lines(lang)),
                           t("rapport_uncertainty_share", lang, basis=v.basis(lang)),
                           v.value / v.other_value if v.other_value else 1.0, _sources(store, [i], [kommun, "0000"], lang)))
    situation = est.area_situation(store, kommun, lang=lang)
    for r in situation.to_dict("records"):
        if math.isfinite(r["change"]) and r["change_low"] > 0:
            change = Change(r["change"], r["change_low"], r["change_high"])
            out.append(Problem(Link(indicator=problems.INCIDENTS_ALL, area=r["area"]),
                               t("rapport_area_problem", lang, area=r["name"]),
                               (t("rapport_sign_area", lang, change=change.text(lang, 0), period=r["period"]),),
                               (), t("rapport_uncertainty_area", lang, count=fmt.number(r["count"], 0, lang)), 1.0,
                               est.area_source(store, kommun, lang, survey=False)))
    return sorted(out, key=lambda p: (-p.points, -p.above_riket, p.title))


def _measure(store: Store, row: pd.Series, lang: str) -> Measure:
    end = fmt.long_date(row["end"].date(), lang) if pd.notna(row["end"]) else t("ongoing", lang)
    return Measure(str(row["name"]), str(row["area_name"]), str(row.get("responsible") or "") or t("rapport_no_responsible", lang),
                   f"{fmt.long_date(row['start'].date(), lang)} – {end}", est.effect_text(row, lang),
                   problems.parse(row.get("problem") or ""))


def _consequences(store: Store, kommun: str, name: str, felt: pd.DataFrame, lang: str) -> list[str]:
    out = []
    insecurity = views.headline(store, kommun, views.INSECURITY, [], lang)
    if insecurity is not None and insecurity.value is not None:
        out.append(t("rapport_cons_unsafe", lang, share=fmt.number(insecurity.value, 0, lang), period=insecurity.period,
                     kommun=name))
    avoided = f"{AVOIDED}@{kommun}"
    if views.has_values(store, avoided, kommun):
        rows = analysis.observed(store, avoided, [kommun])
        last = rows.iloc[-1]
        out.append(t("rapport_cons_avoided", lang, share=fmt.number(float(last["value"]), 0, lang),
                     period=analysis.period_label(last)))
    else:
        out.append(t("rapport_cons_no_avoided", lang))
    out.append(t("rapport_cons_groups", lang) if len(felt) and (felt.iloc[:, 1] != t("rapport_all", lang)).any()
               else t("rapport_cons_no_groups", lang))
    out.append(t("rapport_cons_cannot", lang))
    return out


def _other(store: Store, kommun: str, lang: str) -> tuple[pd.DataFrame, str]:
    ids = _other_ids(store, kommun)
    rows = []
    for i in ids:
        own = analysis.observed(store, i, [kommun])
        last = own.iloc[-1]
        window = analysis.window_of(store, i)
        # A several-year mean's change needs every kommun's series to judge (seconds); the bokslut shows it.
        change = analysis.change_since_previous(store, i, kommun) if window == 1 else None
        rows.append({t("rapport_col_what", lang): views.short_title(store, i, lang),
                     t("rapport_col_level", lang): f"{fmt.number(float(last['value']), 1, lang)} {analysis.indicator(store, i)['unit']}",
                     t("rapport_col_period", lang): analysis.period_label(last),
                     t("rapport_col_change", lang): change.text(lang) if change is not None else
                     t("rapport_windowed", lang, years=window) if window > 1 else t("rapport_no_trend", lang),
                     t("rapport_col_source", lang): str(last["source"]).split(",")[0]})
    return pd.DataFrame(rows), _sources(store, ids, [kommun], lang)


def rapport(store: Store, kommun: str, year: int, lang: str = "sv", group: str | None = None) -> Rapport:
    """The lägesbild for `kommun` and `year` (the plan's year; last year's plan is followed up)."""
    from lagesbild import bokslut as bk

    bk.check_kommuner(store, [kommun])
    name = views.geo_name(store, kommun)
    group = group or views.default_group(store, kommun)
    crime, found, crime_source = _kartlaggning(store, kommun, group, lang)
    missing = []
    if crime.empty:
        missing.append(t("rapport_no_crime", lang, kommun=name))
    if group is None:
        missing.append(t("rapport_no_group_text", lang, kommun=name))
    areas, areas_source = _areas(store, kommun, lang)
    m = views.months_against_last_year(store, kommun, lang=lang)
    felt, felt_source, felt_ids = _felt(store, kommun, lang)
    local = views.has_values(store, views.LOCAL_SURVEY, kommun)
    ntu = views.has_values(store, views.INSECURITY, kommun)
    survey_note = (t("rapport_survey_local", lang) if local else t("rapport_survey_ntu", lang) if ntu
                   else t("rapport_survey_none", lang))
    other, other_source = _other(store, kommun, lang)
    situation = est.area_situation(store, kommun, lang=lang)
    incidents_note = (t("rapport_incidents", lang, count=fmt.number(situation["count"].sum(), 0, lang),
                        period=situation["period"].iloc[0], areas=len(situation)) if len(situation)
                      else t("rapport_no_incidents", lang, kommun=name))
    found_problems = _problems(store, kommun, found, felt_ids, lang)
    insatser = est.interventions(store, kommun)
    measures = [_measure(store, r, lang) for _, r in insatser.iterrows()]
    unlinked = [m_ for m_ in measures if not any(problems.addresses(link, p.link) for link in m_.links
                                                  for p in found_problems)]
    last_year = insatser[(insatser["start"].dt.year <= year - 1)
                         & (insatser["end"].isna() | (insatser["end"].dt.year >= year - 1))]
    followup = [_measure(store, r, lang) for _, r in last_year.iterrows()]
    targets = [f"{s.target.title(lang)}: {views.target_answer(s, lang)}" for s in views.target_status(store, kommun, lang)]
    return Rapport(kommun, name, year, store.is_demo, crime, crime_source, areas, areas_source,
                   views.months_text(m, lang) if m else None, m.source if m else "", felt, felt_source, survey_note,
                   tuple(_consequences(store, kommun, name, felt, lang)), other, other_source, incidents_note,
                   tuple(found_problems), tuple(measures), tuple(unlinked), tuple(followup), tuple(targets),
                   tuple(missing))


def plan_table(r: Rapport, lang: str = "sv") -> pd.DataFrame:
    """Per problem (in rank order): its insatser, responsible, period and measured effect — or the flag."""
    rows = []
    for n, p in enumerate(r.problems, start=1):
        linked = r.measures_for(p)
        for m in linked or [None]:
            rows.append({t("rapport_col_problem", lang): f"{n}. {p.title}",
                         t("rapport_col_insats", lang): f"{m.name} ({m.area})" if m else t("rapport_flag_none", lang),
                         t("rapport_col_responsible", lang): m.responsible if m else "",
                         t("rapport_col_period", lang): m.period if m else "",
                         t("rapport_col_effect", lang): m.effect if m else ""})
    return pd.DataFrame(rows)


def unaddressed(r: Rapport) -> list[Problem]:
    return [p for p in r.problems if not r.measures_for(p)]


def summary_lines(r: Rapport, lang: str = "sv") -> list[str]:
    """The public summary's sentences: plain Swedish, no method words."""
    out = [t("rapport_summary_lead", lang, kommun=r.name, year=r.year)]
    top = r.problems[:3]
    out.append(t("rapport_summary_problems", lang, problems=views.and_list([p.title.lower() for p in top], lang))
               if top else t("rapport_summary_no_problems", lang))
    out += [c for c in r.consequences[:1]]
    out.append(t("rapport_summary_measures", lang, n=len(r.measures), flagged=len(unaddressed(r))))
    return out
