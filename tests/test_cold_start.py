"""A fresh server's first page stays light: what it does not need, it does not import.

Each check runs in a new Python process, so modules other tests imported do not count.
"""
import ast
import json
import os
import subprocess
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
