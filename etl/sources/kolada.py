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


def successors(catalogue: dict[str, Indicator]) -> dict[str, str]:
    """An earlier Kolada id -> the indicator that continues its series (U07415 -> N07415)."""
    return {ind.continues: ind.id for ind in catalogue.values() if ind.continues}


def known_kpi(kpi: object, catalogue: dict[str, Indicator]) -> bool:
    return isinstance(kpi, str) and (kpi in catalogue or kpi in margin_parents(catalogue) or kpi in successors(catalogue))


def unknown_kpi(name: str, kpi: object, row: int | None = None, column: str | None = "kpi") -> SourceFormatError:
    """An id the catalogue lacks: the error names the command that adds it."""
    hint = f" (lägg till den med `python -m etl kpi add {kpi}`)" if isinstance(kpi, str) and KPI_ID.fullmatch(kpi) else ""
    hint_en = f" (add it with `python -m etl kpi add {kpi}`)" if hint else ""
    return SourceFormatError(name, f"ett KPI-id som finns i indikatorkatalogen{hint}",
                             f"a KPI id in the indicator catalogue{hint_en}", row=row, column=column, found=kpi)


KPI_ID = re.compile(r"[NU]\d{5}")
# Kolada's statuses: "" (a value), "Missing", "Not applicable" (no value) and "Privacy" (held back so that
# no one can be identified; seen in rKolada downloads, pgmj/DIDreport KOLADA/*_data_raw.parquet).
SUPPRESSED = {"Privacy"}


def data_observations(doc: dict, name: str, catalogue: dict[str, Indicator], known: set[str] | None = None,
                      scale: dict[str, float] | None = None, first_row: int = 1) -> Parsed:
    """`parse_data` of a response already read by `load_json`. `scale` multiplies a KPI's values (an answer
    per 1 000 inv. for an indicator per 100 000: 100); `first_row` numbers the entries as the file's rows."""
    ci_of, later = margin_parents(catalogue), successors(catalogue)
    scale = scale or {}
    rows, seen, unknown = [], {}, {}
    for i, entry in enumerate(doc["values"], start=first_row):
        kpi, mid, period = entry.get("kpi"), entry.get("municipality"), entry.get("period")
        if not known_kpi(kpi, catalogue):
            if not isinstance(kpi, str) or not KPI_ID.fullmatch(kpi):
                raise unknown_kpi(name, kpi, i)
            unknown.setdefault(kpi, i)   # another Kolada KPI: left out, and said so
            continue
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
        series = later.get(kpi, kpi)
        ind = catalogue[ci_of.get(series, series)]
        if series != kpi and ind.series_breaks and period >= min(ind.series_breaks):
            continue  # the earlier id's years after the break are the later id's to give
        start, end = year_period(period, ind.pooled_years)
        factor = float(scale.get(kpi, 1.0))
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
            status = v.get("status") or ""
            has = value is not None and status not in ("Missing", "Not applicable", *SUPPRESSED)
            value = float(value) * factor if has else None
            rows.append((  # in the order of OBSERVATION_COLUMNS
                scb_code(mid), start, end, series, GENDER_GROUPS[gender], value,
                "±" if kpi in ci_of else ind.unit, value if ind.unit == "inv." else None,
                None, None, None, "ok" if has else "suppressed" if status in SUPPRESSED else "missing",
                ind.source if series == kpi else f"{ind.source}, {kpi} till och med {min(ind.series_breaks) - 1}",
            ))
    if unknown and not rows:
        kpi, row = next(iter(unknown.items()))
        raise unknown_kpi(name, kpi, row)
    notes = [left_out(list(unknown))] if unknown else []
    return Parsed(observations_frame(rows), notes=notes)


def left_out(kpis: list[str]) -> tuple[str, str]:
    listed = ", ".join(kpis[:8]) + (f" och {len(kpis) - 8} till" if len(kpis) > 8 else "")
    listed_en = ", ".join(kpis[:8]) + (f" and {len(kpis) - 8} more" if len(kpis) > 8 else "")
    return (f"{listed} finns inte i indikatorkatalogen och lämnades utanför; läggs en KPI till med "
            f"`python -m etl kpi add ID` tas dess värden i filen med.",
            f"{listed_en} are not in the indicator catalogue and were left out; once a KPI is added with "
            f"`python -m etl kpi add ID`, its values in the file are included.")


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


# --- Kolada as analysts keep it: flat tables -------------------------------------------------------
# rKolada's get_values() (kept as CSV or Parquet, e.g. pgmj/DIDreport KOLADA/*_data_raw.parquet):
#   kpi, municipality_id, year, count, gender, status, value, municipality, municipality_type
# Python clients of Kolada's API (htp84/kolada) give kpi, municipality, period, value, gender.
FLAT_ALIASES = {"kpi": ("kpi",), "municipality": ("municipality_id", "municipality"), "year": ("year", "period"),
                "gender": ("gender",), "status": ("status",), "value": ("value",)}
PARQUET_MAGIC = b"PAR1"


def is_flat_table(raw: bytes) -> bool:
    """A Parquet file, or text whose first line names a `kpi` and a `value` column."""
    if raw[:4] == PARQUET_MAGIC:
        return True
    head = raw[:2000].decode("utf-8-sig", errors="replace").split("\n", 1)[0].casefold()
    names = {c.strip().strip('"') for c in re.split(r"[;,\t]", head)}
    return {"kpi", "value"} <= names


def _flat_frame(raw: bytes, name: str) -> pd.DataFrame:
    """The table as text cells ("" for blanks), within the same bounds as every table the ETL reads."""
    if raw[:4] != PARQUET_MAGIC:
        from etl.sources.table import read_table

        return read_table(raw, name)
    import io

    import pyarrow.parquet as pq

    from etl.sources.table import MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_BYTES
    try:
        meta = pq.ParquetFile(io.BytesIO(raw)).metadata
    except Exception:  # pyarrow raises several kinds for a damaged file
        raise SourceFormatError(name, "en läsbar Parquet-fil", "a readable Parquet file") from None
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    for found, limit, sv, en in ((meta.num_rows, MAX_ROWS, "rader", "rows"), (meta.num_columns, MAX_COLUMNS, "kolumner", "columns"),
                                 (unpacked, MAX_UNPACKED_BYTES, "byte uppackade", "bytes unpacked")):
        if found > limit:
            raise SourceFormatError(name, f"högst {limit} {sv}", f"at most {limit} {en}", found=found)
    try:
        table = pq.read_table(io.BytesIO(raw))
    except Exception:
        raise SourceFormatError(name, "en läsbar Parquet-fil", "a readable Parquet file") from None
    df = table.to_pandas()
    return df.astype(object).where(df.notna(), "").astype(str)


def flat_doc(raw: bytes, name: str) -> dict:
    """A flat table as a Kolada v3 answer (one entry per row), so it is checked by the same code and
    messages; its rows are the file's (the header is row 1)."""
    df = _flat_frame(raw, name)
    lower = {str(c).strip().casefold(): c for c in df.columns}
    cols = {}
    for key, aliases in FLAT_ALIASES.items():
        cols[key] = next((lower[a] for a in aliases if a in lower), None)
    for key in ("kpi", "municipality", "year", "value"):
        if cols[key] is None:
            wanted = " eller ".join(FLAT_ALIASES[key])
            raise SourceFormatError(name, f"en kolumn {wanted} (en platt Kolada-tabell: kpi, municipality_id, year, gender, "
                                          f"status, value)", f"a column {' or '.join(FLAT_ALIASES[key])} (a flat Kolada "
                                          f"table: kpi, municipality_id, year, gender, status, value)", row=1)
    values = []
    for i, r in enumerate(df.to_dict("records"), start=2):
        mid = str(r[cols["municipality"]]).strip()
        mid = mid.zfill(4) if mid.isdigit() and len(mid) < 4 else mid   # a spreadsheet drops the leading zero
        year = str(r[cols["year"]]).strip().removesuffix(".0")
        text = str(r[cols["value"]]).strip()
        status = str(r[cols["status"]]).strip() if cols["status"] else ""
        if text.upper() in ("", "NA", "NAN", "NONE"):
            value = None
        else:
            try:
                value = float(text.replace(",", ".").replace("\u2212", "-"))
            except ValueError:
                raise SourceFormatError(name, "ett tal eller tomt", "a number or empty", row=i, column=cols["value"],
                                        found=text[:40]) from None
        values.append({"kpi": str(r[cols["kpi"]]).strip(), "municipality": mid,
                       "period": int(year) if year.isdigit() else year,
                       "values": [{"gender": (str(r[cols["gender"]]).strip() or "T") if cols["gender"] else "T",
                                   "status": "" if status.upper() in ("NA", "NAN") else status, "value": value}]})
    return {"count": len(values), "next_url": None, "values": values}


# --- comparison groups: `/municipality_groups` ----------------------------------------------------------------
# {"values": [{"id": "G168177", "title": "Höglandskommunerna (ovägt medel)", "members": [{"member_id": "0604",
# "member_title": "Aneby"}, …]}]}: member keys as rKolada reads them (R/municipality_grp.R: member_id,
# member_title); `id` and `title` are read too (../shared/SOURCES.md §1 writes them so).
GROUP_COLUMNS = ["group_id", "title", "member_code"]


def is_group_list(doc: dict) -> bool:
    first = doc["values"][0] if doc.get("values") else {}
    return isinstance(first, dict) and isinstance(first.get("members"), list)


def groups(doc: dict, name: str) -> pd.DataFrame:
    """One row per member of each group (group_id, title, member_code); only kommuner (four-digit ids) are
    members a comparison can use; a group's members are its own even where it lists one twice."""
    rows = []
    for i, entry in enumerate(doc["values"], start=1):
        gid, title, members = entry.get("id"), entry.get("title"), entry.get("members")
        if not isinstance(gid, str) or not gid.strip() or not isinstance(title, str) or not isinstance(members, list):
            raise SourceFormatError(name, "en grupp med id, title och members", "a group with id, title and members",
                                    row=i, column="id", found=gid)
        check_name(title.strip(), name, i, "title")
        for member in members:
            mid = member.get("member_id", member.get("id")) if isinstance(member, dict) else None
            if not isinstance(mid, str) or not re.fullmatch(r"\d{4}", mid):
                raise SourceFormatError(name, "ett fyrsiffrigt kommun-id för varje medlem", "a four-digit id for every member",
                                        row=i, column="members", found=mid)
            if not mid.startswith("00"):   # a region's "0006" is no kommun to compare with
                rows.append((gid.strip(), title.strip(), mid))
    return pd.DataFrame(rows, columns=GROUP_COLUMNS).drop_duplicates(["group_id", "member_code"])
