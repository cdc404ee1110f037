"""Kolada v3 responses: `/data/kpi/...` values and `/municipality` metadata.

Shape: {"count": n, "next_url": null, "values": [{"kpi": "N07540", "municipality": "0683",
"period": 2023, "values": [{"gender": "T", "count": 1, "status": "", "value": 912.4,
"isdeleted": false}]}]}. Kolada ids are SCB codes with "00" in front of län codes.
"""
from __future__ import annotations

import json
import re

import pandas as pd

from etl.errors import SourceFormatError
from etl.sources.common import GEOGRAPHY_COLUMNS, Parsed, geo_level, geo_parent, observations_frame, year_period
from lagesbild.catalogue import Indicator

GENDER_GROUPS = {"T": "total", "K": "kvinnor", "M": "män"}


def scb_code(kolada_id: str) -> str:
    """Kolada's "0006" is SCB's län "06"; kommun ids and riket "0000" are SCB's already."""
    if kolada_id != "0000" and kolada_id.startswith("00"):
        return kolada_id[2:]
    return kolada_id


def load_json(raw: bytes, name: str) -> dict:
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise SourceFormatError(name, "ett JSON-svar från Kolada v3", "a Kolada v3 JSON response",
                                row=line) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("values"), list):
        raise SourceFormatError(name, "ett objekt med listan 'values' (Kolada v3)",
                                "an object with a 'values' list (Kolada v3)", column="values")
    return doc


def is_municipality_list(doc: dict) -> bool:
    first = doc["values"][0] if doc["values"] else {}
    return "title" in first and "kpi" not in first


def parse_municipalities(raw: bytes, name: str) -> Parsed:
    doc = load_json(raw, name)
    rows = []
    for i, m in enumerate(doc["values"], start=1):
        mid, title = m.get("id"), m.get("title")
        if not isinstance(mid, str) or not re.fullmatch(r"\d{4}", mid):
            raise SourceFormatError(name, "ett fyrsiffrigt id", "a four-digit id", row=i, column="id", found=mid)
        if not isinstance(title, str) or not title.strip():
            raise SourceFormatError(name, "ett namn", "a name", row=i, column="title", found=title)
        code = scb_code(mid)
        rows.append({"code": code, "name": title.strip(), "level": geo_level(code), "parent": geo_parent(code)})
    return Parsed(observations_frame([]), geographies=pd.DataFrame(rows, columns=GEOGRAPHY_COLUMNS))


def parse_data(raw: bytes, name: str, catalogue: dict[str, Indicator]) -> Parsed:
    """KPI values -> observations. Osäkerhetstal KPIs become the CI of the KPI they belong to."""
    doc = load_json(raw, name)
    ci_of = {ind.ci_indicator: ind.id for ind in catalogue.values() if ind.ci_indicator}
    values, margins = [], {}
    for i, entry in enumerate(doc["values"], start=1):
        kpi, mid, period = entry.get("kpi"), entry.get("municipality"), entry.get("period")
        if kpi not in catalogue and kpi not in ci_of:
            raise SourceFormatError(name, "ett KPI-id som finns i data/indicators.toml",
                                    "a KPI id listed in data/indicators.toml", row=i, column="kpi", found=kpi)
        if not isinstance(mid, str) or not re.fullmatch(r"\d{4}", mid):
            raise SourceFormatError(name, "ett fyrsiffrigt kommun-id", "a four-digit municipality id",
                                    row=i, column="municipality", found=mid)
        if not isinstance(period, int) or not 1900 <= period <= 2100:
            raise SourceFormatError(name, "ett årtal", "a year", row=i, column="period", found=period)
        if not isinstance(entry.get("values"), list):
            raise SourceFormatError(name, "en lista 'values'", "a 'values' list", row=i, column="values")
        for v in entry["values"]:
            if v.get("isdeleted"):
                continue
            gender, value = v.get("gender"), v.get("value")
            if gender not in GENDER_GROUPS:
                raise SourceFormatError(name, "kön T, K eller M", "gender T, K or M", row=i, column="gender", found=gender)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise SourceFormatError(name, "ett tal eller null", "a number or null", row=i, column="value", found=value)
            key = (kpi, scb_code(mid), period, GENDER_GROUPS[gender])
            if kpi in ci_of:
                margins[(ci_of[kpi],) + key[1:]] = value
            else:
                values.append((key, value, v.get("status") or ""))
    rows = []
    for (kpi, code, year, group), value, status in values:
        ind = catalogue[kpi]
        start, end = year_period(year, ind.pooled_years)
        margin = margins.get((kpi, code, year, group))
        has = value is not None and status != "Missing"
        rows.append({
            "geo_code": code, "period_start": start, "period_end": end, "indicator_id": kpi, "group": group,
            "value": float(value) if has else None, "unit": ind.unit,
            "count": float(value) if has and ind.unit == "inv." else None, "base": None,
            "ci_low": value - margin if has and margin is not None else None,
            "ci_high": value + margin if has and margin is not None else None,
            "status": "ok" if has else "missing", "source": ind.source,
        })
    return Parsed(observations_frame(rows))
