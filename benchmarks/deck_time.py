"""How long `python -m lagesbild deck` takes for a demo kommun. Prints figures; never fails on a timing.

    python benchmarks/deck_time.py [KOMMUN]
"""
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl import build  # noqa: E402
from lagesbild.__main__ import main  # noqa: E402

kommun = sys.argv[1] if len(sys.argv) > 1 else "9901"
with tempfile.TemporaryDirectory() as tmp:
    build.build(Path(tmp), demo=True)
    start = time.perf_counter()
    code = main(["deck", "--data-dir", tmp, "--kommun", kommun, "--out", str(Path(tmp) / "lagesbild.pptx")])
    print(f"deck for {kommun}: exit {code}, {time.perf_counter() - start:.1f} s (store read, slides, native charts, pptx; no browser)")
