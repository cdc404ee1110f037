"""Text alternatives for the issue-4 figures (WCAG 2.1 AA: non-text content), from the same numbers."""
from __future__ import annotations

import pandas as pd

from lagesbild import fmt
from lagesbild.disclosure import hidden_text
from lagesbild.i18n import t


def target_bars_alt(yearly: pd.DataFrame, baseline: tuple[int, int], target: tuple[int, int],
                    baseline_average: float, lang: str, projection=None) -> str:
    years = yearly[(yearly["year"] >= baseline[0]) & (yearly["year"] <= target[1])]
    values = ", ".join(f"{int(y)}: {fmt.number(c, 0, lang)}" for y, c in zip(years["year"], years["count"]))
    projected = [f"{y}: {fmt.number(p.expected, 0, lang)} ({t('bars_projected_status', lang, low=fmt.number(p.low, 0, lang), high=fmt.number(p.high, 0, lang))})"
                 for y, p in sorted((projection.per_year if projection is not None else {}).items())]
    values = ", ".join([values, *projected]) if values else ", ".join(projected)
    return t("alt_target_bars", lang, values=values or t("missing", lang), average=fmt.number(baseline_average, 0, lang),
             baseline=f"{baseline[0]}–{baseline[1]}", target=f"{target[0]}–{target[1]}")


def lines_alt(frame: pd.DataFrame, kommun: str, names: dict[str, str], title: str, lang: str) -> str:
    """'Linjediagram: <title>, 2012–2025. Ekbacka senast 13 873 (2025); Exempellän 11 748 (2025).'"""
    shown = frame[frame["status"].isin(("ok", "preliminary"))]
    share = (shown["unit"] == "%").any()
    parts = []
    for code, rows in shown.groupby("geo_code", sort=False):
        last = rows.iloc[-1]
        value = fmt.percent(last["value"], 1, lang) if share else fmt.number(last["value"], 0, lang)
        parts.append(t("alt_lines_part", lang, name=names.get(code, code), value=value, period=last["period"]))
    first, last = (int(shown["year"].min()), int(shown["year"].max())) if len(shown) else (0, 0)
    return t("alt_lines", lang, title=title, first=first, last=last, parts="; ".join(parts) or t("missing", lang))


def indexed_alt(frame: pd.DataFrame, labels: dict[str, str], lang: str) -> str:
    parts = []
    for measure, rows in frame.groupby("measure", sort=False):
        last = rows.iloc[-1]
        period = f"{last['period']} ({t('preliminary', lang)})" if last["preliminary"] else last["period"]
        parts.append(t("alt_index_part", lang, label=labels[measure], period=period,
                       index=fmt.number(last["index"], 0, lang), base=last["base_period"]))
    return t("alt_indexed", lang, parts="; ".join(parts) or t("missing", lang))


def quadrant_alt(points: pd.DataFrame, x_median: float, y_median: float, kommun: str, year: int, period: str,
                 lang: str) -> str:
    own = points[points["code"] == kommun]
    if own.empty:
        where = t("missing", lang)
    else:
        x, y = own.iloc[0]["x"], own.iloc[0]["y"]
        where = t("alt_quadrant_" + ("high" if x > x_median else "low") + "_" + ("high" if y > y_median else "low"), lang,
                  name=own.iloc[0]["name"], x=fmt.number(x, 0, lang), y=fmt.percent(y, 1, lang))
    return t("alt_quadrant", lang, n=len(points), year=year, period=period, x_median=fmt.number(x_median, 0, lang),
             y_median=fmt.percent(y_median, 1, lang), where=where)


def changes_alt(changes: pd.DataFrame, unit: str, lang: str) -> str:
    parts = []
    for _, c in changes.iterrows():
        if c["crosses_break"]:
            parts.append(f"{c['previous_period']}→{c['period']}: {t('crosses_break', lang)}")
        elif pd.notna(c["change"]):
            verdict = t("change_supported" if c["significant"] else "no_change_supported", lang)
            parts.append(f"{c['previous_period']}→{c['period']}: {fmt.signed(c['change'], 1, lang)}{unit} ({verdict})")
    return t("alt_changes", lang, parts="; ".join(parts) or t("missing", lang))


def areas_alt(areas: pd.DataFrame, lang: str) -> str:
    parts = [f"{r['name']}: " + (hidden_text(r["status"], lang) if pd.isna(r["value"]) else
                                 t("share_with_ci", lang, value=fmt.percent(r["value"], 1, lang),
                                   low=fmt.number(r["ci_low"], 1, lang), high=fmt.number(r["ci_high"], 1, lang)))
             for _, r in areas.iterrows()]
    return t("alt_areas", lang, parts="; ".join(parts) or t("missing", lang))


def comparison_alt(lines: pd.DataFrame, band: pd.DataFrame, lang: str) -> str:
    latest = lines.sort_values("year").groupby("code", sort=False).tail(1)
    parts = "; ".join(f"{r['name']} {r['period']}: {fmt.number(r['value'], 1, lang)}" for _, r in latest.iterrows())
    last = band.iloc[-1] if len(band) else None
    iqr = (t("alt_iqr", lang, year=int(last["year"]), q1=fmt.number(last["q1"], 1, lang), q3=fmt.number(last["q3"], 1, lang))
           if last is not None else "")
    return t("alt_comparison", lang, parts=parts or t("missing", lang), iqr=iqr)


def map_alt(values: pd.DataFrame, kommun_name: str, level: str, lang: str) -> str:
    shown = values.dropna(subset=["value"]).sort_values("value")
    if shown.empty:
        return t("alt_map_empty", lang)
    low, high = shown.iloc[0], shown.iloc[-1]
    return t("alt_map", lang, n=len(shown), places=t("level_kommun" if level == "kommun" else "level_lan", lang).lower(),
             period=shown.iloc[0]["period"], low_name=low["name"],
             low=fmt.number(low["value"], 1, lang), high_name=high["name"], high=fmt.number(high["value"], 1, lang),
             kommun=kommun_name)


def area_signals_alt(ranking: pd.DataFrame, lang: str) -> str:
    shown = ranking[ranking["otrygghet"].notna()]
    parts = "; ".join(f"{r['name']}: {fmt.number(r['incidents'], 0, lang)}, {fmt.percent(r['otrygghet'], 0, lang)}"
                      for _, r in shown.iterrows())
    return t("alt_area_signals", lang, n=len(shown), quarter=ranking["quarter"].iloc[0] if len(ranking) else "",
             parts=parts or t("missing", lang))


def before_after_alt(frame: pd.DataFrame, row: pd.Series, names: dict[str, str], effect: str, lang: str) -> str:
    area = frame[frame["series"] == "area"]
    means = {p: row[f"mean_{p}"] if pd.notna(row.get(f"mean_{p}")) else area.loc[area["phase"] == p, "count"].mean()
             for p in ("before", "after")}
    return t("alt_before_after", lang, area=names.get(row["area"], row["area"]), name=row["name"],
             start=fmt.long_date(pd.Timestamp(row["start"]).date(), lang),
             before=fmt.number(means["before"], 1, lang) if pd.notna(means["before"]) else t("missing", lang),
             after=fmt.number(means["after"], 1, lang) if pd.notna(means["after"]) else t("missing", lang), effect=effect)


def funnel_alt(data, kommun: str, name: str, lang: str) -> str:
    """'Trattdiagram över 290 kommuner: … Ekbacka ligger över den övre kontrollgränsen (95 %).'"""
    rows = data.shown().set_index("geo_code")
    counts = rows["assessment"].value_counts()
    where = t(f"funnel_alt_{rows.loc[kommun, 'assessment']}", lang, name=name) if kommun in rows.index else ""
    return t("funnel_alt", lang, n=len(rows), higher=int(counts.get("higher", 0)), lower=int(counts.get("lower", 0)),
             centre=fmt.number(data.centre * data.per, 1, lang)) + (f" {where}" if where else "")
