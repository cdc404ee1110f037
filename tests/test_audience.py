"""Audience material speaks to the audience (issue 26): no data-checking notes, code, lists or file names in the
deck (slides and notes) or the documents — those are the Data page's (its indicator table's own column)."""
import io
import re
from datetime import date

import docx
import pandas as pd
import pytest
from pptx import Presentation

from lagesbild import data_overview, deck, document
from lagesbild.store import read_store

DAY = date(2026, 12, 6)
# A file name or command, a list or code as Python prints it (svar ['3', '4']), a column name, a data-checking note.
FOR_DEVELOPERS = re.compile(r"\.toml|\.csv|\.json|\.xlsx|python -m|\[|\]|\b[a-z]+_[a-z_]+\b|kontrollera|check value"
                            r"|Kolada har inte|Kolada does not|Kolada-beskrivningen|Kolada's description|sidan Data|Data page"
                            r"|(?<!\w)'[\w ]+'(?!\w)", re.IGNORECASE)


@pytest.fixture(scope="module")
def store(demo_dir):
    return read_store(demo_dir)


def findings(texts) -> list[str]:
    return [f"…{text[max(0, m.start() - 50):m.end() + 30]}…" for text in texts for m in FOR_DEVELOPERS.finditer(text)]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("kommun", ["9901", "9905"])
def test_the_deck_says_nothing_for_developers(store, kommun, lang):
    prs = Presentation(io.BytesIO(deck.lagesbild_deck(deck.deck_context(store, kommun, lang=lang, today=DAY))))
    texts = [shape.text_frame.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame]
    texts += [slide.notes_slide.notes_text_frame.text for slide in prs.slides]
    assert findings(texts) == []


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_documents_say_nothing_for_developers(store, lang):
    for doc in (document.bokslut_document(store, ["9901"], 2025, lang, today=DAY),
                document.underlag_document(store, "9901", pd.Timestamp("2025-11-01"), lang, today=DAY)):
        word = docx.Document(io.BytesIO(document.to_docx(doc)))
        texts = [p.text for p in word.paragraphs] + [c.text for t in word.tables for r in t.rows for c in r.cells]
        assert findings(texts) == [], doc.title


def test_the_data_page_keeps_the_notes_the_audience_does_not_get(store):
    table = data_overview.indicator_table(store, "sv").set_index("Id")
    assert table.loc["N07609", "Att veta om uppgifterna"].startswith("Kolada-beskrivningen anger motsatt riktning")
    assert "kontrollera" not in table.loc["N07609", "Definition"]
    survey = table.loc["enk_otrygg_kvall"]
    assert survey["Att veta om uppgifterna"].startswith("Fråga 'f1_otrygg_kvall'; svaren 3, 4 räknas")
    # The catalogue's definition stays (a file never redefines it); the survey's question is the Data page's note.
    assert survey["Definition"].startswith("Kommunens egen trygghetsmätning: viktad andel")


@pytest.mark.parametrize("kommuner", [["9901"], ["9901", "9904", "9913"]], ids=["one", "förbund"])
def test_pdf_tables_never_break_a_word(store, kommuner):
    """Each column at least as wide as its longest word: 'Trygghetsvandrin|gar' was split over two lines."""
    from pypdf import PdfReader

    doc = document.bokslut_document(store, kommuner, 2025, "sv", today=DAY)
    words = {w.strip(".,:;()") for block in doc.blocks if isinstance(block, document.Table)
             for column in block.frame.columns for cell in (column, *block.frame[column]) for w in str(cell).split()}
    long_words = {w for w in words if len(w) >= 12 and w.isalpha()}
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(document.to_pdf(doc))).pages)
    tokens = {w.strip(".,:;()") for w in text.split()}
    assert "Trygghetsvandringar" in long_words
    assert long_words - tokens == set()
