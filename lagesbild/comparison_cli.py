"""`python -m lagesbild jamfor`: the funnel of all kommuner for analysts, as CSV, Excel or PNG.

One row per kommun with exactly the columns `geo_code, name, count, base, value, limit95_low, limit95_high,
limit998_low, limit998_high, assessment` (views.FUNNEL_COLUMNS): `count` and `base` are events and population
(a multi-year mean's over its years), or answers and respondents; `value` and the limits are per 100 000 (or
per 1 000, as the indicator is) or in %; `assessment` is `higher`, `lower` or `as_expected` at 95 %. The CSV is
plain (comma, decimal point, UTF-8) for other programs; the Excel file has the same sheet and a second sheet
with the source, the method and, for the demo, EXEMPELDATA; the PNG is the chart as the page draws it.
With --grupp the funnel is drawn among that group's members only, around their own overall level.
"""
from __future__ import annotations

import io
from pathlib import Path

from lagesbild import analysis, bokslut, figures, views
from lagesbild import funnel as fn
from lagesbild.errors import LagesbildError
from lagesbild.i18n import t
from lagesbild.store import Store


def _members(store: Store, group_id: str | None) -> list[str] | None:
    if not group_id:
        return None
    groups = {g.id: g for g in analysis.comparison_groups(store)}
    if group_id not in groups:
        listed = ", ".join(sorted(groups)) or "–"
        raise LagesbildError(f"--grupp {group_id}: ingen sådan jämförelsegrupp. Grupper i datalagret: {listed}.",
                             f"--grupp {group_id}: no such comparison group. Groups in the store: {listed}.")
    return list(groups[group_id].members)


def funnel_file(store: Store, kommun: str, indicator_id: str, year: int, group_id: str | None, out: Path,
                lang: str = "sv") -> tuple[bytes, str]:
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".png"):
        raise LagesbildError(f"{out.name}: filen ska sluta på .csv, .xlsx eller .png.",
                             f"{out.name}: the file must end in .csv, .xlsx or .png.")
    bokslut.check_kommuner(store, [kommun])
    if indicator_id not in set(store.indicators["id"]):
        raise LagesbildError(f"--indicator {indicator_id}: indikatorn finns inte i datalagret.",
                             f"--indicator {indicator_id}: the indicator is not in the store.")
    members = _members(store, group_id)
    data = fn.of_store(store, indicator_id, year, members)
    if data is None:
        raise LagesbildError(f"{indicator_id} är varken en andel eller händelser per invånare: den kan inte visas i ett "
                             f"trattdiagram.", f"{indicator_id} is neither a share nor events per inhabitant: it cannot "
                             f"be shown in a funnel plot.")
    if data.rows.empty:
        raise LagesbildError(f"Det finns inga värden av {indicator_id} för {year}.",
                             f"There are no values of {indicator_id} for {year}.")
    table = data.shown()[views.FUNNEL_COLUMNS]
    what = t("funnel_title", lang, title=views.indicator_title(store, indicator_id, lang), year=year)
    if suffix == ".csv":
        return table.to_csv(index=False).encode("utf-8"), what
    source = views.source_line(analysis.observed(store, indicator_id, table["geo_code"].tolist()).query(f"year == {year}"), lang)
    if suffix == ".xlsx":
        return _xlsx(table, data, source, store.is_demo, lang), what
    chart = figures.funnel(store, kommun, indicator_id, year, lang, tuple(members) if members is not None else None)
    if chart is None:
        raise LagesbildError(f"För få kommuner ({len(table)}) har värden för att rita diagrammet (minst {analysis.MIN_KOMMUNER}).",
                             f"Too few municipalities ({len(table)}) have values to draw the chart (at least "
                             f"{analysis.MIN_KOMMUNER}).")
    from lagesbild import export

    return export.figure_image(chart.figure, "png", title=chart.title, source_line=source, demo=store.is_demo), what


def _xlsx(table, data: fn.FunnelData, source: str, demo: bool, lang: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Kommuner"
    sheet.append(list(table.columns))
    for row in table.itertuples(index=False):
        sheet.append([str(v) if isinstance(v, str) else float(v) for v in row])
    about = book.create_sheet("Om tabellen")
    lines = [t("demo_banner", lang)] if demo else []
    lines += [source, t("funnel_method", lang), t("funnel_centre_line", lang, centre=f"{data.centre * data.per:.3f}")]
    for line in lines:
        about.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
