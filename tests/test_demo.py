"""The committed demo files are exactly what the generator writes, and they are fictional."""
import json
from pathlib import Path

import pandas as pd

from etl import demo

REAL_KOMMUN_NAMES = {"Värnamo", "Vetlanda", "Nässjö", "Jönköping", "Eksjö", "Tranås", "Sävsjö"}


def test_generator_reproduces_committed_files_byte_for_byte():
    rendered = demo.render()
    committed = {p.relative_to(demo.DEMO_DIR).as_posix(): p.read_bytes()
                 for p in demo.DEMO_DIR.rglob("*") if p.is_file()}
    assert sorted(committed) == sorted(rendered)
    for path, data in rendered.items():
        assert committed[path] == data, f"{path} differs from the generator's output: run `python -m etl demo`"


def test_demo_geographies_are_fictional_codes_and_names():
    doc = json.loads((demo.DEMO_DIR / "kolada" / "municipality.json").read_text(encoding="utf-8"))
    kommuner = [m for m in doc["values"] if m["type"] == "K"]
    assert len(kommuner) >= 12
    assert all(m["id"].startswith("99") for m in kommuner)  # no real län has code 99
    assert not {m["title"] for m in doc["values"]} & REAL_KOMMUN_NAMES
    assert {"0000", "0099"} <= {m["id"] for m in doc["values"]}


def test_demo_has_realistic_magnitudes(demo_dir: Path):
    from lagesbild.store import read_store
    obs = read_store(demo_dir).observations
    obs = obs[obs["period_end"] - obs["period_start"] > pd.Timedelta(days=300)]   # years, not Brå's months
    kommun = obs["geo_code"].str.fullmatch(r"99\d{2}")
    crime = obs[kommun & (obs["indicator_id"] == "N07540") & obs["value"].notna()]["value"]
    unsafe = obs[kommun & (obs["indicator_id"] == "N07609") & obs["value"].notna()]["value"]
    assert 7_000 < crime.min() and crime.max() < 17_000
    assert 12 < unsafe.min() and unsafe.max() < 38
    assert {"ok", "preliminary", "suppressed", "missing"} <= set(obs["status"])
