"""The start command, `python dashboard.py [streamlit options]`: Streamlit's own `streamlit run dashboard.py`,
with the first work done while the server starts and before the first browser arrives.

A thread of the server process imports what the pages import (NumPy, pandas, pyarrow, Plotly, the app's
modules), builds the store if there is none yet (a fresh clone: the demo, its progress on the console, and a
first page that arrives meanwhile waits for it behind a spinner instead of building a second one), reads it into
the app's cache (pages/_shared._read) and computes the first kommun's page (lagesbild.warm). All of it lives in
the process, so the first session finds it done. `streamlit run dashboard.py` still works; it only does this
work on the first page instead. Streamlit has no start-up hook of its own, so this module starts its CLI
in-process (`streamlit.web.cli.main`), which reads .streamlit/config.toml and the options as usual.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def say(text: str) -> None:
    print(f"Lägesbild: {text}", file=sys.stderr, flush=True)


def build_beside() -> subprocess.Popen | None:
    """A fresh clone (no store yet): `python -m etl build` in a process of its own, started before this one has
    imported anything, so that it builds on the other core while Streamlit starts here (in a thread of the server
    it took half again as long, sharing one core's lock with the server's start). None when there is a store."""
    directory = Path(os.environ.get("LAGESBILD_DATA_DIR", ROOT / "data"))   # as pages/_shared.data_dir
    if (directory / "processed" / "CURRENT").exists():
        return None
    demo = not any((directory / "raw").glob("*/*"))
    say(f"no store in {directory} yet: building it from {'the demo data' if demo else 'its raw files'} …")
    return subprocess.Popen([sys.executable, "-m", "etl", "build", "--data-dir", str(directory), *(["--demo"] * demo)],
                            cwd=ROOT)


def warm_up() -> None:
    """Everything a fresh server's first page needs before it is asked for; never stops the server."""
    started = time.perf_counter()
    building = build_beside()
    try:
        from pages import _shared   # the pages' imports: pandas, pyarrow, Plotly, lagesbild
        from lagesbild import warm
        from lagesbild.store import current_build_id

        directory = _shared.data_dir()
        if building is not None:
            with _shared.BUILDING:   # a first page waits for this build behind its spinner
                building.wait()
            say(f"store built in {time.perf_counter() - started:.1f} s")
        if current_build_id(directory) is None and _shared.build_if_missing(directory):   # that build failed
            say(f"store built in {time.perf_counter() - started:.1f} s")
        _shared._started(str(directory))
        store = _shared._read(str(directory), current_build_id(directory))
        kommun = warm.prepare(store)
        say(f"ready: store read and the first page ({kommun}) prepared in {time.perf_counter() - started:.1f} s")
    except Exception as exc:   # the first page then does the work itself, and says what is wrong
        say(f"the start-up preparation stopped ({type(exc).__name__}: {exc}); the first page will do it")


def serve(script: str, options: list[str]) -> None:
    """`streamlit run SCRIPT OPTIONS…` in this process, after starting the warm-up beside it."""
    threading.Thread(target=warm_up, name="lagesbild-warm-up", daemon=True).start()
    from streamlit.web import cli

    cli.main(["run", script, *options], prog_name="streamlit")
