"""The lägesbild the law asks for (issue 25): its sections, its ranked problems and their measures, the CLI's Word
and PDF for the demo kommun, a Kolada-only kommun's complete document with its gaps named, the page on both
worlds, and the insatser import's problem column."""
from __future__ import annotations

import io
import re

import docx
import pandas as pd
import pytest
from pypdf import PdfReader

from etl import est as etl_est
from etl.sources import interventions
from lagesbild import document, problems, rapport
from lagesbild.__main__ import main
from lagesbild.errors import SourceFormatError
from lagesbild.i18n import t
from lagesbild.store import read_store
from tests import open_world
from tests.test_app import run_app
from tests.test_open_world import NOT_A_NUMBER, run_page

SECTIONS = [t(key) for key in rapport.SECTIONS]


@pytest.fixture(scope="module")
def store(demo_dir):
    return read_store(demo_dir)


@pytest.fixture(scope="module")
def ekbacka(store):
    return rapport.rapport(store, "9901", 2026)


def test_problems_are_ranked_by_their_signs_and_each_sign_is_stated(ekbacka):
    points = [p.points for p in ekbacka.problems]
    assert points == sorted(points, reverse=True) and points[0] >= 2
    # Våldsbrott in Ekbacka: clearly higher than its group, higher than Riket, no supported trend: 2 signs.
    vald = next(p for p in ekbacka.problems if p.link == problems.Link(indicator="N07403"))
    assert vald.points == 2 and len(vald.signs) == 2
    assert any("liknande kommuner" in s for s in vald.signs) and any("Riket" in s for s in vald.signs)
    # the events behind the judgement: 1 690 among 160 009 inhabitants is the table's 1 056 per 100 000
    assert "1 690 händelser bland 160 009 invånare" in vald.uncertainty.replace("\u00a0", " ")
    assert round(1690 / 160009 * 100_000) == 1056
    # Skadegörelse is lower than Riket and falling: no sign, no problem.
    assert not any(p.link.indicator == "U07452" for p in ekbacka.problems)


def test_each_problem_has_its_insatser_or_a_flag(ekbacka):
    by_title = {p.title: [m.name for m in ekbacka.measures_for(p)] for p in ekbacka.problems}
    assert by_title["Våldsbrott"] == ["Fältvärdar kvällstid"]          # N07403/Hamnen addresses the kommun's våldsbrott
    assert by_title["Stöld- och tillgreppsbrott"] == ["Trygghetsvandringar och ny belysning"]
    assert by_title["Narkotikabrott"] == []                            # flagged
    assert {p.title for p in rapport.unaddressed(ekbacka)} >= {"Narkotikabrott", "Brott totalt"}
    plan = rapport.plan_table(ekbacka)
    assert (plan[t("rapport_col_insats")] == t("rapport_flag_none")).sum() == len(rapport.unaddressed(ekbacka))
    fält = plan[plan[t("rapport_col_insats")].str.startswith("Fältvärdar")].iloc[0]
    assert fält[t("rapport_col_responsible")] == "Socialförvaltningen"
    assert "1 september 2022" in fält[t("rapport_col_period")].replace("\u00a0", " ")


def test_the_addresses_rule():
    centrum_skadegorelse = problems.Link("U07452", "9901-centrum")
    assert problems.addresses(centrum_skadegorelse, problems.Link("U07452"))
    assert not problems.addresses(centrum_skadegorelse, problems.Link("N07403"))
    assert problems.addresses(problems.Link(area="9901-centrum"), problems.Link("inc_total", "9901-centrum"))
    assert not problems.addresses(problems.Link(group="kvinnor"), problems.Link("U07452"))   # nothing in common


def test_cli_writes_word_and_pdf_with_every_section_and_exempeldata_on_every_page(demo_dir, tmp_path, capsys):
    out_docx, out_pdf = tmp_path / "lagesbild.docx", tmp_path / "lagesbild.pdf"
    for out in (out_docx, out_pdf):
        assert main(["rapport", "--data-dir", str(demo_dir), "--kommun", "9901", "--year", "2026", "--out", str(out)]) == 0
    word = docx.Document(io.BytesIO(out_docx.read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert all(s in headings for s in SECTIONS)
    assert "EXEMPELDATA" in word.sections[0].header.paragraphs[0].text
    assert any(part.partname.startswith("/word/charts/") for part in word.part.package.iter_parts())   # a native chart
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(out_pdf.read_bytes())).pages]
    assert len(pages) >= 4 and all("EXEMPELDATA" in p for p in pages)
    text = re.sub(r"\s+", " ", "\n".join(pages))
    assert all(s in text for s in SECTIONS)
    assert "Ingen insats riktar sig mot problemet" in text and "Fältvärdar kvällstid" in text
    assert not NOT_A_NUMBER.search(text)


def test_cli_names_a_bad_kommun_without_a_traceback(demo_dir, tmp_path, capsys):
    assert main(["rapport", "--data-dir", str(demo_dir), "--kommun", "0000x", "--year", "2026",
                 "--out", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fel:") and "Traceback" not in err


def test_the_public_summary_is_one_page_of_plain_words(store):
    summary = document.summary_document(store, "9901", 2026)
    pages = PdfReader(io.BytesIO(document.to_pdf(summary))).pages
    assert len(pages) == 1 and "EXEMPELDATA" in pages[0].extract_text()
    html = document.to_html(summary)
    assert html.startswith('<!doctype html><html lang="sv">') and html.count("<h1>") == 1 and "EXEMPELDATA" in html


@pytest.mark.parametrize("shape", ["full", "population_only"])
def test_a_kolada_only_kommun_gets_a_complete_document_with_its_gaps_named(open_world_dir, shape):
    kommun = open_world.SHAPES[shape]
    world = read_store(open_world_dir)
    doc = document.rapport_document(world, kommun, 2026)
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, (document.Heading, document.Text)))
    text += "\n".join(b.frame.astype(str).to_csv() for b in doc.blocks if isinstance(b, document.Table))
    assert all(s in text for s in SECTIONS) and not doc.demo
    assert not NOT_A_NUMBER.search(text)
    name = world.geographies.set_index("code").loc[kommun, "name"]
    assert t("rapport_no_areas", kommun=name) in text            # no incidents: named where they would stand
    assert t("rapport_no_insatser", kommun=name) in text
    if shape == "population_only":
        assert t("rapport_no_crime", kommun=name) in text and t("rapport_survey_none") in text
    else:
        assert t("rapport_survey_ntu") in text                   # "Ingen lokal trygghetsmätning finns — NTU används"
    assert len(PdfReader(io.BytesIO(document.to_pdf(doc))).pages) >= 2


def test_the_page_shows_the_sections_on_the_demo(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9901", page="pages/rapport.py")
    headers = [h.value for h in at.header]
    assert all(s in headers for s in SECTIONS) and t("rapport_summary_heading") in headers
    assert any("saknar insats: Brott totalt" in m.value for m in at.markdown)   # the flag under the plan


def test_the_page_on_a_kolada_only_kommun(open_world_dir, monkeypatch):
    at = run_page(open_world_dir, monkeypatch, open_world.SHAPES["full"], "pages/rapport.py")
    assert all(s in [h.value for h in at.header] for s in SECTIONS)


# --- the insatser import's problem column ---

@pytest.fixture(scope="module")
def lookup(store):
    areas = etl_est.AreaNames([store.geographies])
    areas.problems = interventions.ProblemWords(store.indicators, store.observations["group"].unique())
    return areas


def log_file(problem: str) -> bytes:
    return ("namn;omrade;typ;start;slut;kommunkod;ansvarig;problem\n"
            f"Fältvärdar;Hamnen;Vuxennärvaro;2024-01-01;;9901;Socialförvaltningen;{problem}\n").encode()


def test_a_problem_is_kept_in_its_canonical_form(lookup):
    out = interventions.parse(log_file("våldsbrott/Hamnen, kvinnor"), "insatser.csv", lookup)
    assert out.loc[0, "problem"] == "N07403/9901-hamnen, //kvinnor"
    assert out.loc[0, "responsible"] == "Socialförvaltningen"
    assert problems.parse(out.loc[0, "problem"]) == (problems.Link("N07403", "9901-hamnen"), problems.Link(group="kvinnor"))


def test_an_unknown_word_names_its_row_and_column(lookup):
    with pytest.raises(SourceFormatError) as err:
        interventions.parse(log_file("våldsbrott/Atlantis"), "insatser.csv", lookup)
    assert (err.value.row, err.value.column, err.value.found) == (2, "problem", "Atlantis")


def test_an_ambiguous_word_asks_for_the_id(store):
    indicators = pd.DataFrame({"id": ["A1", "B2"], "title_sv": ["Anmälda rån, per 100 000 inv."] * 2,
                               "title_en": ["Robbery", "Robbery"]})
    areas = etl_est.AreaNames([store.geographies])
    areas.problems = interventions.ProblemWords(indicators, ["total"])
    with pytest.raises(SourceFormatError) as err:
        interventions.parse(log_file("rån"), "insatser.csv", areas)
    assert err.value.row == 2 and "A1, B2" in err.value.message("sv")


def test_the_insatser_page_groups_measures_by_problem(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9901", page="pages/insatser.py")
    assert t("insatser_by_problem") in [s.value for s in at.subheader]
    assert any(m.value.startswith("**4 av 6 problem saknar insats") for m in at.markdown)
