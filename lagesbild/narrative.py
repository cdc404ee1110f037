"""Plain-language sentences generated from the numbers, in Swedish and English.

Used on the page "Faktisk och upplevd" and as speaker notes in the deck. A sentence says
"ökade/minskade" only when the 95 % interval supports it; otherwise "ingen säkerställd förändring".
"""
from __future__ import annotations

import math

import pandas as pd

from lagesbild import analysis, fmt, views
from lagesbild.catalogue import Target
from lagesbild.evidence import Change
from lagesbild.i18n import t
from lagesbild.stats import Difference, share_difference
from lagesbild.store import Store
from lagesbild.views import Headline, geo_name

PERCEIVED = views.INSECURITY
LOCAL_SURVEY = views.LOCAL_SURVEY


def rate_change_phrase(rate_ratio: float, ci_low: float, ci_high: float, lang: str) -> str:
    """'minskade: −8 % (95 % KI −12 till −3 %)' from a rate ratio and its CI; neutral unless supported. Signed, in
    the one style of the target's answer beside it (an unsigned '8 % (95 % KI 3–12 %)' was a second style)."""
    change = Change.from_rate_ratio(rate_ratio, ci_low, ci_high)
    if change.supported:
        return t(f"nar_{change.direction}d_by", lang, change=change.text(lang))
    return t("nar_rate_unsupported", lang, change=change.value_text(lang), ci=change.ci_text(lang))


def share_change_phrase(before: float, after: float, significant: bool, before_label: str, after_label: str,
                        lang: str) -> str:
    """'ökade från 24 % till 29 % (säkerställd ökning)', or 'var … och … – ingen säkerställd förändring'."""
    values = {"before": fmt.percent(before, 1, lang), "after": fmt.percent(after, 1, lang),
              "before_period": before_label, "after_period": after_label}
    if significant and after > before:
        return t("nar_share_increased", lang, **values)
    if significant and after < before:
        return t("nar_share_decreased", lang, **values)
    return t("nar_share_unsupported", lang, **values)


def _difference(a: pd.Series, b: pd.Series) -> Difference:
    return share_difference(a["value"], a["ci_low"], a["ci_high"], b["value"], b["ci_low"], b["ci_high"])


def measured_vs_perceived(store: Store, kommun: str, target: Target, lang: str) -> str | None:
    """Recorded crime over the target's periods (its rate ratio) and perceived insecurity from the
    baseline to the latest comparable survey, in one sentence."""
    rows = store.targets[(store.targets["target_id"] == target.id) & (store.targets["geo_code"] == kommun)]
    if rows.empty or not math.isfinite(rows.iloc[0]["rate_ratio"]):
        return None
    row = rows.iloc[0]
    crime = t("nar_crime", lang, kommun=geo_name(store, kommun),
              change=rate_change_phrase(row["rate_ratio"], row["ci_low"], row["ci_high"], lang),
              baseline=fmt.span(row["baseline_period"]), target=fmt.span(row["target_period"])) \
        + _preliminary(store, kommun, target, lang)
    perceived = _perceived_since_baseline(store, kommun, target)
    if perceived is None:
        return crime + "."
    first, last = perceived
    phrase = share_change_phrase(first["value"], last["value"], _difference(last, first).significant,
                                 analysis.period_label(first), analysis.period_label(last), lang)
    return t("nar_crime_and_perceived", lang, crime=crime, perceived=phrase)


def _preliminary(store: Store, kommun: str, target: Target, lang: str) -> str:
    """What travels with a target's verdict in a sentence: ' (bedömt på personrån och skadegörelse)' when the
    kommun was judged on another definition than the target's own, ' (preliminärt för 2023)' when its counts
    include preliminary years; '' otherwise."""
    status = next((s for s in views.target_status(store, kommun, lang) if s.target.id == target.id), None)
    if status is None:
        return ""
    notes = []
    if status.left_out:
        notes.append(t("judged_on_short", lang, parts=views.and_list([p.lower() if lang == "sv" else p for p in status.parts],
                                                                      lang)))
    years = views.preliminary_years(status)
    if years:
        notes.append(t("preliminary_for", lang, years=views.years_text(years, lang)))
    return f" ({'; '.join(notes)})" if notes else ""


def _perceived_since_baseline(store: Store, kommun: str, target: Target) -> tuple[pd.Series, pd.Series] | None:
    """The base value (in the baseline period, or the first after a series break) and the latest."""
    rows = analysis.observed(store, PERCEIVED, [kommun])
    breaks = analysis.breaks_of(store, PERCEIVED)
    if breaks:
        rows = rows[rows["period_start"].dt.year >= max(breaks)]
    if len(rows) < 2:
        return None
    first, last = target.baseline
    in_base = rows[(rows["year"] >= first) & (rows["year"] <= last)]
    base = in_base.iloc[-1] if len(in_base) else rows.iloc[0]
    latest = rows.iloc[-1]
    return None if latest["year"] == base["year"] else (base, latest)


def target_sentence(store: Store, kommun: str, target: Target, lang: str) -> str | None:
    """The verdict on one target in words; a pending target gets the years so far and a projection."""
    rows = store.targets[(store.targets["target_id"] == target.id) & (store.targets["geo_code"] == kommun)]
    if rows.empty or rows.iloc[0]["method"] == "insufficient_data":
        return None
    row = rows.iloc[0]
    title = target.title(lang)
    if row["verdict"] != "pending":
        sentence = t("nar_target_" + row["verdict"], lang, title=title,
                     change=rate_change_phrase(row["rate_ratio"], row["ci_low"], row["ci_high"], lang))
        return sentence.removesuffix(".") + _preliminary(store, kommun, target, lang) + "."
    p = analysis.target_chart(store, kommun, target).projection
    if p is None:
        return None
    status = next(s for s in views.target_status(store, kommun, lang) if s.target.id == target.id)
    return t("nar_target_pending", lang, title=title, so_far=views.years_so_far(status, lang),
             observed=fmt.number(p.observed_total, 0, lang), projected=fmt.number(p.projected_total, 0, lang),
             low=fmt.number(p.projected_low, 0, lang), high=fmt.number(p.projected_high, 0, lang),
             target=fmt.span(row["target_period"]), baseline=fmt.span(row["baseline_period"]),
             baseline_total=fmt.number(row["baseline_total"], 0, lang))


def versus_lan(store: Store, kommun: str, lang: str) -> str | None:
    """The kommun's latest perceived insecurity against its län in the same period, tested."""
    rows = analysis.observed(store, PERCEIVED, [kommun, kommun[:2]])
    own = rows[rows["geo_code"] == kommun]
    if own.empty:
        return None
    latest = own.iloc[-1]
    lan = rows[(rows["geo_code"] == kommun[:2]) & (rows["period_end"] == latest["period_end"])]
    if lan.empty:
        return None
    other = lan.iloc[0]
    diff = _difference(latest, other)
    key = "nar_vs_lan_unsupported" if not diff.significant else "nar_vs_lan_higher" if diff.diff > 0 else "nar_vs_lan_lower"
    return t(key, lang, kommun=geo_name(store, kommun), lan=geo_name(store, kommun[:2]),
             own=fmt.percent(latest["value"], 1, lang), other=fmt.percent(other["value"], 1, lang),
             period=analysis.period_label(latest))


def quadrant_position(store: Store, kommun: str, lang: str) -> str | None:
    """Where the kommun lies among all kommuner: recorded crime and perceived insecurity against the medians."""
    q = analysis.quadrant(store, views.CRIME, PERCEIVED)
    own = q.points[q.points["code"] == kommun] if q is not None else ()
    if len(own) == 0:
        return None
    x, y = own.iloc[0]["x"], own.iloc[0]["y"]
    return t("nar_quadrant", lang, kommun=geo_name(store, kommun), year=q.year, period=q.y_period,
             x_cmp=t("nar_more" if x > q.x_median else "nar_fewer", lang),
             y_cmp=t("nar_higher" if y > q.y_median else "nar_lower", lang),
             x=fmt.number(x, 0, lang), x_median=fmt.number(q.x_median, 0, lang),
             y=fmt.percent(y, 1, lang), y_median=fmt.percent(q.y_median, 1, lang))


def local_survey(store: Store, kommun: str, lang: str) -> str | None:
    """The kommun's own survey: latest against the one before, tested."""
    rows = analysis.observed(store, LOCAL_SURVEY, [kommun])
    if len(rows) < 2:
        return None
    before, after = rows.iloc[-2], rows.iloc[-1]
    phrase = share_change_phrase(before["value"], after["value"], _difference(after, before).significant,
                                 analysis.period_label(before), analysis.period_label(after), lang)
    return t("nar_local_survey", lang, phrase=phrase)


def area_changes(areas: pd.DataFrame, lang: str) -> list[str]:
    """One line per area of analysis.survey_areas: the change since the previous survey, tested,
    or 'för få svar' where the area is suppressed."""
    out = []
    for _, a in areas.iterrows():
        if a["status"] == "protected":
            out.append(t("nar_area_protected", lang, name=a["name"], year=a["year"]))
        elif a["status"] not in analysis.SHOWN:
            out.append(t("nar_area_suppressed", lang, name=a["name"], year=a["year"], n=fmt.number(a["n"], 0, lang)))
        elif pd.notna(a["previous_value"]):
            out.append(f"{a['name']}: " + share_change_phrase(a["previous_value"], a["value"], a["significant"],
                                                              str(a["previous_year"]), str(a["year"]), lang))
        elif a.get("previous_status") in ("suppressed", "protected"):   # measured before, not shown: not a first round
            out.append(f"{a['name']}: " + t("pc_previous_too_few" if a["previous_status"] == "suppressed"
                                            else "pc_previous_protected", lang, prev=a["previous_year"],
                                            n=fmt.number(a["previous_n"], 0, lang)))
    return out


@analysis.remembered
def sentences(store: Store, kommun: str, lang: str = "sv") -> list[str]:
    """Every sentence the numbers support for a kommun, most important first."""
    targets = analysis.targets_of(store)
    out = [measured_vs_perceived(store, kommun, targets[0], lang) if targets else None]
    out += [target_sentence(store, kommun, target, lang) for target in targets]
    out += [versus_lan(store, kommun, lang), local_survey(store, kommun, lang)]
    return [s for s in out if s]


def _period(h: Headline, lang: str) -> str:
    """'2025 (preliminärt)' for a preliminary value: a sentence resting on one says so."""
    return f"{h.period} ({t('preliminary_neuter', lang)})" if h.status == "preliminary" else h.period


def headline_line(h: Headline, label: str, lang: str = "sv") -> str:
    """The headline in one short line for a slide: 'Anmälda brott per 100 000 inv. 2025: 13 873, ingen
    säkerställd förändring mot 2024.' (headline_sentence says the same at length, for the notes)."""
    value = views.value_text(h.value, h.unit, 0 if h.unit != "%" else 1, lang)
    start = f"{label} {_period(h, lang)}: {value}"
    pc = h.change
    if pc is None or (pc.change is None and not pc.crosses_break):
        return start + "."
    if pc.crosses_break:
        return t("line_break", lang, start=start, prev=pc.previous_period)
    if not pc.supported:
        return t("line_no_change", lang, start=start, prev=pc.previous_period)
    return t(f"line_{'up' if pc.change.direction == 'increase' else 'down'}", lang, start=start,
             size=pc.change.magnitude().text(lang, 1, signs=False), prev=pc.previous_period)


def headline_sentence(h: Headline, what: str, kommun_name: str, lang: str = "sv") -> str:
    """A plain-language sentence about the latest change, saying a change only when it is supported."""
    value = views.value_text(h.value, h.unit, 0 if h.unit != "%" else 1, lang)
    start = t("sentence_level", lang, what=what, kommun=kommun_name, period=_period(h, lang), value=value)
    pc = h.change
    if pc is None or (pc.change is None and not pc.crosses_break):
        return start
    if pc.crosses_break:
        return start + " " + t("sentence_break", lang, prev=pc.previous_period)
    if not pc.supported:
        return start + " " + t("sentence_no_change", lang, prev=pc.previous_period, size=pc.change.text(lang, 1))
    direction = t("sentence_up" if pc.change.direction == "increase" else "sentence_down", lang)
    return start + " " + t("sentence_change", lang, prev=pc.previous_period,
                           size=pc.change.magnitude().text(lang, 1, signs=False),
                           direction=direction)
