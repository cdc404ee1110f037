"""A fresh server's first page stays light: what it does not need, it does not import.

Each check runs in a new Python process, so modules other tests imported do not count.
"""
import ast
import json
import os
import subprocess
import time
import sys
from pathlib import Path

from tests.conftest import ROOT

# Needed to write a store (pandera), a deck (python-pptx), an export (Kaleido, openpyxl), to build one
# (the ETL) or to fetch from Kolada (requests) — never to read the store and draw the default page. Nor
# scipy.stats or statsmodels (a second or more on a busy machine): a target under way projects its total
# with scipy.special alone.
NOT_ON_FIRST_PAGE = ["pandera", "pptx", "kaleido", "choreographer", "openpyxl", "requests", "lagesbild.schema",
                     "etl.build", "lagesbild.deck", "scipy.stats", "statsmodels"]


def run_python(code: str, data_dir) -> dict:
    env = {**os.environ, "LAGESBILD_DATA_DIR": str(data_dir)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_first_run_of_the_default_page_imports_no_writer_or_exporter(demo_dir):
    result = run_python(f"""
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("dashboard.py", default_timeout=120)
at.session_state["kommun"] = "9901"
at.run()
assert not at.exception, [e.value for e in at.exception]
print(json.dumps({{"title": at.title[0].value, "charts": len(at.get("plotly_chart")),
                  "loaded": [m for m in {NOT_ON_FIRST_PAGE!r} if m in sys.modules]}}))
""", demo_dir)
    assert result["title"].startswith("Lägesbild")
    assert result["charts"] >= 1  # the page really ran: the crime and insecurity chart at least
    assert result["loaded"] == []


def top_level_imports(path) -> set[str]:
    """The top packages a module imports when it is imported (not those imported inside functions)."""
    names = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_of_the_first_page_imports_statsmodels_or_scipy_when_imported(demo_dir):
    """statsmodels and scipy take seconds to import, and most first views never call them (a zero
    count or an overdispersed projection may): the modules import them inside the functions that do."""
    loaded = run_python("""
import json, os, sys
from pathlib import Path
import streamlit
from lagesbild import figures, fmt, narrative, store, views
from pages import _shared
store.read_store(Path(os.environ["LAGESBILD_DATA_DIR"]))
print(json.dumps(sorted(m.__file__ for name, m in sys.modules.items()
                        if name.split(".")[0] in ("etl", "lagesbild", "pages") and getattr(m, "__file__", None))))
""", demo_dir)
    heavy = {str(Path(f).relative_to(ROOT)) for f in loaded if top_level_imports(Path(f)) & {"statsmodels", "scipy"}}
    assert "lagesbild/views.py" in {str(Path(f).relative_to(ROOT)) for f in loaded}  # the page's modules were loaded
    assert heavy == set()


def test_the_start_commands_warm_up_leaves_the_first_page_nothing_to_compute(demo_dir, tmp_path):
    """`python dashboard.py` prepares the first page before anyone asks (pages/_serve.py): a first session then
    computes no per-build index and none of the remembered views, and its run is logged where asked."""
    log = tmp_path / "runs.log"
    os.environ["LAGESBILD_RUN_LOG"] = str(log)
    try:
        result = run_python("""
import json
from streamlit.testing.v1 import AppTest
from lagesbild import analysis
from pages import _serve
_serve.warm_up()
before = {b: {n: len(v) if n.startswith("remembered:") else None for n, v in t.items()} for b, t in analysis._PER_BUILD.items()}
at = AppTest.from_file("dashboard.py", default_timeout=120)
at.run()
assert not at.exception, [e.value for e in at.exception]
after = {b: {n: len(v) if n.startswith("remembered:") else None for n, v in t.items()} for b, t in analysis._PER_BUILD.items()}
print(json.dumps({"title": at.title[0].value, "before": before, "after": after}))
""", demo_dir)
    finally:
        del os.environ["LAGESBILD_RUN_LOG"]
    assert result["title"].startswith("Lägesbild – ")
    (build_id, before), = result["before"].items()
    assert "by_geo" in before and "series" in before and "remembered:lagesbild.views.headline" in before
    # Nothing new: no index built, and no remembered view computed (the same number of results each).
    assert result["after"] == {build_id: before}
    (ended, seconds, page), = (line.split() for line in log.read_text().splitlines())
    assert page == "lagesbild" and 0 < float(seconds) < 120


def test_the_start_command_builds_a_fresh_clones_store_while_the_server_starts(tmp_path):
    """A data dir without a store: the server answers at once, and the console says the demo store is being
    built and then ready; the store is there afterwards."""
    from tests.e2e.server import serving

    fresh = tmp_path / "data"
    fresh.mkdir()
    log = tmp_path / "server.log"
    with serving(fresh, log):
        deadline = time.monotonic() + 240
        while "ready" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
    text = log.read_text()
    assert "building it" in text and "store built" in text and "ready" in text, text[-2000:]
    assert (fresh / "processed" / "CURRENT").exists()
