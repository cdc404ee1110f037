"""Kolada v3 responses: `/data/kpi/...` values and `/municipality` metadata.

Shape: {"count": n, "next_url": null, "values": [{"kpi": "N07540", "municipality": "0683",
"period": 2023, "values": [{"gender": "T", "count": 1, "status": "", "value": 912.4,
"isdeleted": false}]}]}. Kolada ids are SCB codes with "00" in front of län codes.
"""
from __future__ import annotations

import json
import math
import re

import pandas as pd

from etl.sources.common import GEOGRAPHY_COLUMNS, Parsed, geo_level, geo_parent, observations_frame, year_period
from etl.sources.table import check_name
from lagesbild.catalogue import Indicator
from lagesbild.errors import SourceFormatError

GENDER_GROUPS = {"T": "total", "K": "kvinnor", "M": "män"}


def scb_code(kolada_id: str) -> str:
    """Kolada's "0006" is SCB's län "06"; kommun ids and riket "0000" are SCB's already."""
    if kolada_id != "0000" and kolada_id.startswith("00"):
        return kolada_id[2:]
    return kolada_id


def load_json(raw: bytes, name: str) -> dict:
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        raise SourceFormatError(name, "ett JSON-svar från Kolada v3", "a Kolada v3 JSON response",
                                row=line) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("values"), list):
        raise SourceFormatError(name, "ett objekt med listan 'values' (Kolada v3)",
                                "an object with a 'values' list (Kolada v3)", column="values")
    for i, entry in enumerate(doc["values"], start=1):
        if not isinstance(entry, dict):
            raise SourceFormatError(name, "ett objekt per post i 'values'", "an object per entry in 'values'",
                                    row=i, column="values", found=type(entry).__name__)
    return doc


def is_municipality_list(doc: dict) -> bool:
    first = doc["values"][0] if doc["values"] else {}
    return "title" in first and "kpi" not in first


def parse_municipalities(raw: bytes, name: str) -> Parsed:
    return municipalities(load_json(raw, name), name)


def municipalities(doc: dict, name: str) -> Parsed:
    """A `/municipality` answer already read by `load_json`."""
    rows = []
    for i, m in enumerate(doc["values"], start=1):
        mid, title = m.get("id"), m.get("title")
        if not isinstance(mid, str) or not re.fullmatch(r"\d{4}", mid):
            raise SourceFormatError(name, "ett fyrsiffrigt id", "a four-digit id", row=i, column="id", found=mid)
        if not isinstance(title, str) or not title.strip():
            raise SourceFormatError(name, "ett namn", "a name", row=i, column="title", found=title)
        code = scb_code(mid)
        check_name(title.strip(), name, i, "title")
        rows.append({"code": code, "name": title.strip(), "level": geo_level(code), "parent": geo_parent(code)})
    return Parsed(observations_frame([]), geographies=pd.DataFrame(rows, columns=GEOGRAPHY_COLUMNS))


def parse_data(raw: bytes, name: str, catalogue: dict[str, Indicator], known: set[str] | None = None) -> Parsed:
    """KPI values -> observations. Osäkerhetstal KPIs come out as rows of their own (unit "±"),
    which `apply_margins` turns into the CI of the KPI they belong to: Kolada serves them
    separately, often in another file. With `known` (SCB codes), an id outside it is an error."""
    return data_observations(load_json(raw, name), name, catalogue, known)


def data_observations(doc: dict, name: str, catalogue: dict[str, Indicator], known: set[str] | None = None) -> Parsed:
    """`parse_data` of a response already read by `load_json`."""
    ci_of = margin_parents(catalogue)
    rows, seen = [], {}
    for i, entry in enumerate(doc["values"], start=1):
        kpi, mid, period = entry.get("kpi"), entry.get("municipality"), entry.get("period")
        if not isinstance(kpi, str) or (kpi not in catalogue and kpi not in ci_of):
            raise SourceFormatError(name, "ett KPI-id som finns i data/indicators.toml",
                                    "a KPI id listed in data/indicators.toml", row=i, column="kpi", found=kpi)
        if not isinstance(mid, str) or not re.fullmatch(r"\d{4}", mid):
            raise SourceFormatError(name, "ett fyrsiffrigt kommun-id", "a four-digit municipality id",
                                    row=i, column="municipality", found=mid)
        if known is not None and scb_code(mid) not in known:
            raise SourceFormatError(name, "en kommun, en region eller riket i SCB:s lista eller i en importerad kommunlista från Kolada",
                                    "a municipality, region or the country in SCB's list or an imported Kolada municipality list",
                                    row=i, column="municipality", found=mid)
        if not isinstance(period, int) or isinstance(period, bool) or not 1900 <= period <= 2100:
            raise SourceFormatError(name, "ett årtal", "a year", row=i, column="period", found=period)
        if not isinstance(entry.get("values"), list):
            raise SourceFormatError(name, "en lista 'values'", "a 'values' list", row=i, column="values")
        ind = catalogue[ci_of.get(kpi, kpi)]
        start, end = year_period(period, ind.pooled_years)
        for v in entry["values"]:
            if not isinstance(v, dict):
                raise SourceFormatError(name, "ett objekt per värde", "an object per value", row=i, column="values")
            if v.get("isdeleted"):
                continue
            gender, value = v.get("gender"), v.get("value")
            if not isinstance(gender, str) or gender not in GENDER_GROUPS:
                raise SourceFormatError(name, "kön T, K eller M", "gender T, K or M", row=i, column="gender", found=gender)
            if value is not None and not _finite_number(value):
                raise SourceFormatError(name, "ett tal eller null", "a number or null", row=i, column="value", found=value)
            key = (kpi, mid, period, gender)
            if key in seen:
                raise SourceFormatError(name, "varje KPI, kommun, år och kön en gång", "each KPI, municipality, year and gender once",
                                        row=i, column="values", found=f"{kpi} {mid} {period} {gender} (även rad {seen[key]})")
            seen[key] = i
            has = value is not None and v.get("status") != "Missing"
            rows.append((  # in the order of OBSERVATION_COLUMNS
                scb_code(mid), start, end, kpi, GENDER_GROUPS[gender], float(value) if has else None,
                "±" if kpi in ci_of else ind.unit, float(value) if has and ind.unit == "inv." else None,
                None, None, None, "ok" if has else "missing", ind.source,
            ))
    return Parsed(observations_frame(rows))


def _finite_number(value) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an integer of hundreds of digits
        return False


def margin_parents(catalogue: dict[str, Indicator]) -> dict[str, str]:
    """Osäkerhetstal KPI id -> the id of the KPI it is the margin of."""
    return {ind.ci_indicator: ind.id for ind in catalogue.values() if ind.ci_indicator}


def apply_margins(obs: pd.DataFrame, catalogue: dict[str, Indicator]) -> pd.DataFrame:
    """Value ± osäkerhetstal becomes ci_low/ci_high; the margin rows themselves are dropped."""
    ci_of = margin_parents(catalogue)
    is_margin = obs["indicator_id"].isin(list(ci_of))
    key = ["geo_code", "period_start", "period_end", "indicator_id", "group"]
    margins = (obs[is_margin & obs["value"].notna()].assign(indicator_id=lambda d: d["indicator_id"].map(ci_of))
               .drop_duplicates(key)[key + ["value"]].rename(columns={"value": "margin"}))
    out = obs[~is_margin].merge(margins, on=key, how="left")
    has = out["margin"].notna() & out["value"].notna()
    out.loc[has, "ci_low"] = out["value"] - out["margin"]
    out.loc[has, "ci_high"] = out["value"] + out["margin"]
    return out.drop(columns="margin")
