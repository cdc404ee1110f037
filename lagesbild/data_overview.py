"""What the Data page shows about the store: its sources, its coverage and its indicators.

Tables for display, computed from the store's manifest and tables; no Streamlit here.
"""
from __future__ import annotations

import functools

import pandas as pd

from lagesbild import analysis, fmt, views
from lagesbild.access import Writer
from lagesbild.i18n import t
from lagesbild.scb import geographies as scb_geographies
from lagesbild.store import Store
from lagesbild.targets import SHOWN

KIND_KEYS = {"kolada": "kind_kolada", "bra": "kind_bra", "bra_kategorier": "kind_bra_kategorier",
             "bra_indikatorer": "kind_bra_indikatorer", "survey": "kind_survey", "incidents": "kind_incidents",
             "interventions": "kind_interventions", "egna_serier": "kind_own_series"}


PRIVATE = ("col_origin", "col_imported_by")   # who imported (e-mail, OS account), file paths, the database's address


def sources_table(store: Store, lang: str = "sv", private: bool = False) -> pd.DataFrame:
    """One row per raw file the store was built from: kind, rows, retrieval date, versions; with `private`
    (for those who may write) also its origin and who imported it, which an anonymous visitor never sees."""
    rows = [{
        t("col_file", lang): s["path"],
        t("col_source_kind", lang): t(KIND_KEYS[s["kind"]], lang) if s["kind"] in KIND_KEYS else s["kind"],
        t("col_rows", lang): int(s["rows"]),
        t("col_retrieved", lang): str(s["retrieved_at"])[:10] or t("retrieved_unknown", lang),
        t("col_origin", lang): s.get("origin", ""),
        t("col_versions", lang): max(1, len(s.get("history", []))),
        t("col_imported_by", lang): _imported_by(s),
    } for s in store.manifest.get("sources", [])]
    return _public(pd.DataFrame(rows), lang, private)


def _public(frame: pd.DataFrame, lang: str, private: bool) -> pd.DataFrame:
    return frame if private else frame.drop(columns=[t(key, lang) for key in PRIVATE], errors="ignore")


def _imported_by(source: dict) -> str:
    """Who imported the file's current version ("" for files from before imports recorded it)."""
    return next((h.get("imported_by", "") for h in reversed(source.get("history", []))), "")


def incident_files(store: Store, lang: str = "sv", private: bool = False) -> pd.DataFrame:
    """The incident exports the store adds up: file, the name it was imported under, the dates it
    covers, its incidents, the period it replaced (if its import said so), when and by whom it was
    imported (oldest first: they add up in that order). Origin and importer only with `private`."""
    rows = [{
        t("col_file", lang): s["path"],
        t("col_origin", lang): s.get("origin", ""),
        t("col_first", lang): s.get("first", ""),
        t("col_last", lang): s.get("last", ""),
        t("col_incidents", lang): int(s["rows"]),
        t("col_replaced_period", lang): "–".join(s.get("replaces_period", [])),
        t("col_imported", lang): str(s.get("imported_at", ""))[:10],
        t("col_imported_by", lang): _imported_by(s),
    } for s in store.manifest.get("sources", []) if s.get("kind") == "incidents"]
    return _public(pd.DataFrame(rows), lang, private)


def editor_scope(writer: Writer, lang: str = "sv") -> str:
    """The kommuner a writer may change, in words."""
    if writer.everything:
        return t("all_kommuner", lang)
    names = scb_geographies().set_index("code")["name"].to_dict()
    return ", ".join(f"{names.get(k, k)} ({k})" for k in sorted(writer.kommuner))


@analysis.remembered
def source_line(store: Store, lang: str = "sv") -> str:
    """The source line of the whole store: every series and when it was retrieved."""
    return views.source_line(store.observations, lang)


@analysis.remembered
def coverage(store: Store, lang: str = "sv") -> pd.DataFrame:
    """Indicators × years: how many kommuner have a value (ok or preliminary) in the store."""
    obs = analysis.published(store)
    shown = obs[obs["status"].isin(SHOWN) & (obs["group"] == "total")]
    kommun_codes = set(store.geographies.loc[store.geographies["level"] == "kommun", "code"])
    shown = shown[shown["geo_code"].isin(kommun_codes)]
    if shown.empty:
        return pd.DataFrame()
    titles = _titles(store, lang)
    table = (shown.assign(year=shown["period_end"].dt.year)
             .groupby(["indicator_id", "year"])["geo_code"].nunique().unstack(fill_value=0))
    table.index = [titles.get(i, i) for i in table.index]
    table.columns = [str(c) for c in table.columns]
    return table.sort_index(key=lambda s: s.map(fmt.sv_sort_key))


@analysis.remembered
def covered_kommuner(store: Store) -> list[str]:
    """Names of the kommuner with at least one observation, in Swedish order."""
    obs, geos = store.observations, store.geographies
    codes = set(obs["geo_code"]) & set(geos.loc[geos["level"] == "kommun", "code"])
    names = geos[geos["code"].isin(codes)]["name"].tolist()
    return sorted(names, key=fmt.sv_sort_key)


def indicator_table(store: Store, lang: str = "sv") -> pd.DataFrame:
    """Every indicator in the store: id, title, kind, unit, direction, source and definition."""
    ind = store.indicators
    en = lang == "en"
    return pd.DataFrame({
        "Id": ind["id"],
        t("col_title", lang): ind["title_en" if en else "title_sv"],
        t("col_kind", lang): [t(f"kind_{k}", lang) for k in ind["kind"]],
        t("col_unit", lang): ind["unit"],
        t("col_direction", lang): [t(f"direction_{d}", lang) for d in ind["direction"]],
        t("col_source", lang): ind["source"],
        t("col_definition", lang): ind["definition_en" if en else "definition_sv"],
        t("col_data_note", lang): ind.get("data_note_en" if en else "data_note_sv", pd.Series("", index=ind.index)).fillna(""),
    })


@functools.cache
def fetchable_kommuner() -> pd.DataFrame:
    """SCB's 290 kommuner (code, name), for the Kolada fetch: the store may hold only demo places.
    Shared: do not modify."""
    g = scb_geographies()
    k = g[g["level"] == "kommun"][["code", "name"]]
    return k.sort_values("name", key=lambda s: s.map(fmt.sv_sort_key)).reset_index(drop=True)


def _titles(store: Store, lang: str) -> dict[str, str]:
    return dict(zip(store.indicators["id"], store.indicators["title_en" if lang == "en" else "title_sv"]))
