"""AppTest of Målet and Faktisk och upplevd for two kommuner: verdicts, sentences, CIs and the map."""
import json

import pytest

from lagesbild import narrative
from lagesbild.safe_text import md
from lagesbild.store import read_store
from tests.test_app import run_app


def figures(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


@pytest.mark.parametrize("kommun, verdict", [("9904", "Målet är uppnått"), ("9905", "Går inte att avgöra")])
def test_malet_states_verdict_definition_and_bars(demo_dir, monkeypatch, kommun, verdict):
    at = run_app(demo_dir, monkeypatch, kommun, page="pages/malet.py")
    text = " ".join(m.value for m in at.markdown)
    assert verdict in text
    assert "Brott i offentlig miljö** = våldsbrott utomhus mot vuxna, personrån, skadegörelse." in text
    assert "Målperioden pågår" in text and "Hittills (2024)" in text  # the 2024–2027 target
    figs = figures(at)
    assert len(figs) == 2
    pending = figs[1]["data"]
    assert [t["x"] for t in pending if t.get("error_y")] == [[2025, 2026, 2027]]  # projected years with interval
    assert any(c.value.startswith("Källa:") for c in at.caption)
    # Why the pending target has 2024 only: the parts still at 2024 are named, late for their rhythm.
    assert any("personrån: 2024 – uppgifter för 2025 borde ha publicerats" in w.value for w in at.warning)


@pytest.mark.parametrize("kommun", ["9901", "9905"])
def test_faktisk_och_upplevd_shows_sentences_quadrant_and_map(demo_dir, monkeypatch, kommun):
    at = run_app(demo_dir, monkeypatch, kommun, page="pages/faktisk_upplevd.py")
    sentences = narrative.sentences(read_store(demo_dir), kommun, "sv")
    assert all(md(s) in at.markdown[0].value for s in sentences)  # as plain text: escaped for Markdown
    figs = figures(at)
    quadrant = next(f for f in figs if any(t.get("mode") == "markers+text" for t in f["data"]))
    highlighted = next(t for t in quadrant["data"] if t.get("mode") == "markers+text")
    assert highlighted["text"] == [read_store(demo_dir).geographies.set_index("code").loc[kommun, "name"]]
    mapped = next(f for f in figs if f["data"][0]["type"] == "choroplethmap")
    assert len(mapped["data"][0]["locations"]) == 14 and mapped["data"][-1]["locations"] == [kommun]
    # Every figure has a source line and a text alternative after it.
    sources = [c for c in at.caption if c.value.startswith("Källa:")]
    assert len(sources) == len(figs)


def test_faktisk_och_upplevd_in_english(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9901", lang="en", page="pages/faktisk_upplevd.py")
    assert at.title[0].value.startswith("Measured and perceived")
    assert "Reported crime in public places in Ekbacka" in at.markdown[0].value
