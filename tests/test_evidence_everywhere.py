"""Every figure with its year, its uncertainty and its caveat, for every kommun of the demo store:
the PowerPoint's slides and speaker notes and the pages' sentences are read as a director reads them."""
from __future__ import annotations

import re
from datetime import date

import pytest

from lagesbild import deck, narrative, views
from lagesbild.store import read_store

# A change in words or numbers: a signed per cent or point change, or "ökade/minskade med".
CHANGE = re.compile(r"(?:[+\u2212]\d[\d\u00a0]*(?:,\d+)?\u00a0?(?:%| procentenheter))|(?:(?:ökade|minskade) med \d)")
EVIDENCE = re.compile(r"KI|säkerställd|seriebrott|för få|\d+ → \d+")
UNSUPPORTED = re.compile(r"ej säkerställd|ingen säkerställd|inte statistiskt säkerställd|inte säkerställt|går inte att avgöra")
# A bound on the no-change line: "95 % KI 0 till …", "… till +0 %", "KI 0–12 %".
BOUND_ON_ZERO = re.compile(r"KI (?:[+\u2212]?0(?: till|–))|till [+\u2212]?0\u00a0?%")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
NUMBER = re.compile(r"\d")


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])|\n", text) if s.strip()]


@pytest.fixture(scope="module")
def store(demo_dir):
    return read_store(demo_dir)


def deck_texts(store, kommun: str) -> tuple[list[str], list[str]]:
    """What the slides say and what their notes say."""
    slides = deck.build_slides(deck.deck_context(store, kommun, today=date(2026, 11, 20)))
    shown = [line for s in slides for line in (s.title, *s.body)]
    shown += [line for s in slides for f in s.figures for line in (f.label, f.change, f.comparisons)]
    notes = [line for s in slides for line in s.notes]
    return shown, notes


def page_texts(store, kommun: str) -> list[str]:
    """The sentences the Lägesbild, Målet and Faktisk och upplevd pages show."""
    out = [views.target_answer(s, "sv") for s in views.target_status(store, kommun)]
    out += narrative.sentences(store, kommun, "sv")
    for indicator_id in (views.CRIME, views.INSECURITY):
        h = views.headline(store, kommun, indicator_id, [], "sv")
        if h is not None:
            out.append(views.delta(store, h, "sv").text)
    return out


KOMMUNER = [f"99{n:02d}" for n in range(1, 15)]


@pytest.mark.parametrize("kommun", KOMMUNER)
def test_no_change_without_its_interval_or_a_word_on_its_evidence(store, kommun):
    shown, notes = deck_texts(store, kommun)
    for sentence in (s for text in (*shown, *notes, *page_texts(store, kommun)) for s in sentences(text)):
        if CHANGE.search(sentence):
            assert EVIDENCE.search(sentence), sentence


@pytest.mark.parametrize("kommun", KOMMUNER)
def test_no_supported_change_prints_a_bound_on_the_no_change_line(store, kommun):
    shown, notes = deck_texts(store, kommun)
    for sentence in (s for text in (*shown, *notes, *page_texts(store, kommun)) for s in sentences(text)):
        if "säkerställd" in sentence and not UNSUPPORTED.search(sentence):
            assert not BOUND_ON_ZERO.search(sentence), sentence


@pytest.mark.parametrize("kommun", KOMMUNER)
def test_every_number_in_the_notes_names_its_period(store, kommun):
    _, notes = deck_texts(store, kommun)
    for sentence in (s for note in notes for s in sentences(note)):
        if NUMBER.search(sentence):
            assert YEAR.search(sentence), sentence


def test_the_insats_caveats_travel_into_the_deck(store):
    """Ekbacka's lighting insats fell, but so did its neighbouring areas: the notes say both."""
    _, notes = deck_texts(store, "9901")
    assert any(n.startswith("Trygghetsvandringar och ny belysning, Stationsområdet") for n in notes)
    assert any(n.startswith("Grannområdena") and "gemensam nedgång" in n for n in notes)
