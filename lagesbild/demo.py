"""Facts about the fictional demo data that reading code needs; etl/demo.py generates the data."""
from __future__ import annotations

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "demo"
LAN_CODE, LAN_NAME = "99", "Exempellän"   # a made-up län with an SCB-style code no real län has
