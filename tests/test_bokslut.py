"""The Trygghetsbokslut: the handlingsprogram as data, accidents beside crime, the year per målområde for a
kommun and for the förbund, and the documents (Word, PDF) and the monthly brief, checked against the store."""
import io
import subprocess
import sys
from pathlib import Path

import docx
import pandas as pd
import pytest
from pypdf import PdfReader

from etl import build
from lagesbild import analysis, bokslut, document, fmt, views
from lagesbild.catalogue import PROJECT_DATA, load_programme
from lagesbild.errors import ConfigError
from lagesbild.evidence import Change, PeriodChange
from lagesbild.store import read_store
from tests.conftest import ROOT, html_tables
from tests.test_app import run_app

FORBUND = ["9901", "9904", "9913"]
AREAS_SV = ["Färre självskador", "Färre fallolyckor bland äldre", "Färre bränder i bostäder och andra byggnader",
            "Färre olyckor och lägre kostnader för olyckor", "Färre brott i offentlig miljö",
            "Färre brott och färre våldsbrott", "Ökad trygghet"]


@pytest.fixture(scope="module")
def store(demo_dir):
    return read_store(demo_dir)


def value(store, indicator_id: str, geo: str, year: int) -> pd.Series:
    rows = analysis.observed(store, indicator_id, [geo])
    return rows[rows["year"] == year].iloc[-1]


# --- the programme as data ---------------------------------------------------------------------------

PROGRAMME = """[programme]
name = "Handlingsprogram 2024–2027"
period = [2024, 2027]
kommuner = ["9901", "9904"]

[[malomrade]]
id = "brand"
title = "Färre bränder"
indicators = ["N07415"]
targets = []
"""


def test_the_shipped_programme_is_the_demos_förbund_and_the_store_knows_it(store):
    prog = bokslut.programme(store)
    assert store.manifest["programme_file"] == str(PROJECT_DATA / "handlingsprogram.exempel.toml")  # the demo's only
    assert prog.period == (2024, 2027) and prog.baseline == (2020, 2023) and prog.kommuner == tuple(FORBUND)
    assert [a.title("sv") for a in prog.malomraden] == AREAS_SV
    assert prog.malomraden[4].targets == ("offentlig_miljo_2024_2027",)


@pytest.mark.parametrize("change, message", [
    (('period = [2024, 2027]', 'period = [2027, 2024]'), "[programme], fältet period: väntade [första år, sista år]"),
    (('kommuner = ["9901", "9904"]', 'kommuner = [9901]'), "[programme], fältet kommuner: väntade en lista med kommunkoder"),
    (('id = "brand"', 'id = ""'), "målområde nr 1 (''), fältet id"),
    (('title = "Färre bränder"\n', ''), "målområde nr 1 ('brand'), fältet title saknas"),
    (('"N07415"', '"olycka_brand"'), "målområde nr 1 ('brand'), fältet indicators: väntade id:n som finns i "
                                     "indikatorkatalogen (fick 'olycka_brand')"),
    (('targets = []', 'targets = ["okänt_mål"]'), "fältet targets: väntade id:n som finns i målen (targets.toml) (fick 'okänt_mål')"),
])
def test_a_programme_that_is_wrong_names_file_entry_and_field(tmp_path, change, message):
    path = tmp_path / "handlingsprogram.toml"
    path.write_text(PROGRAMME.replace(*change), encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_programme(path, {"N07415"}, {"offentlig_miljo_2024_2027"})
    assert error.value.message("sv").startswith("handlingsprogram.toml: ") and message in error.value.message("sv")


def test_a_data_dirs_own_programme_is_checked_by_the_build_and_the_store_left_alone(data_dir):
    build.build(data_dir)
    before = read_store(data_dir).build_id
    (data_dir / "handlingsprogram.toml").write_text(PROGRAMME.replace('"N07415"', '"N0754"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="fältet indicators"):
        build.build(data_dir)
    assert read_store(data_dir).build_id == before
    (data_dir / "handlingsprogram.toml").write_text(PROGRAMME, encoding="utf-8")
    build.build(data_dir)   # a new programme period is a new file, no code
    b = bokslut.trygghetsbokslut(read_store(data_dir), ["9901", "9904"], 2025)
    assert [s.title("sv") for s in b.sections] == ["Färre bränder"] and b.title() == "Trygghetsbokslut 2025 – Ekbacka och Hagaström"


# --- accidents beside crime ----------------------------------------------------------------------------

def test_accidents_are_rates_per_1000_turned_back_into_counts(store):
    ind = analysis.indicator(store, "olycka_raddningsinsatser")   # the räddningstjänst's own file: no Kolada KPI
    assert (ind["unit"], ind["direction"], ind["kind"], ind["file_only"]) == ("per 1 000 inv.", "higher_is_worse", "recorded", True)
    row = value(store, "olycka_raddningsinsatser", "9901", 2025)
    pop = analysis.store_population(store)
    population = pop[(pop["geo_code"] == "9901") & (pop["year"] == 2025)]["population"].iloc[0]
    m = next(m for m in bokslut.trygghetsbokslut(store, ["9901"], 2025).sections[2].measures
             if m.indicator_id == "olycka_raddningsinsatser")
    assert m.count == row["count"] == 1308   # the file's own count (antal) ...
    assert abs(m.count - row["value"] * population / 1000) < 1   # ... is its rate, 8,09 per 1 000 of 161 609 inhabitants
    assert m.value == row["value"] and m.period == "2025"


def test_the_fire_series_break_stops_the_comparison_with_the_starting_point(store):
    # N07415 continues U07415 (MSB's new definition from 2024): five-year means, one series with a break.
    fires = next(m for m in bokslut.trygghetsbokslut(store, ["9901"], 2025).sections[2].measures
                 if m.indicator_id == "N07415")
    assert fires.period == "2021–2025"
    assert fires.baseline.crosses_break and fires.baseline_text("sv", "2020–2023") == \
        "går inte att jämföra med 2016–2020 (seriebrott)"   # the latest five years that share none with 2021–2025
    assert fires.previous.crosses_break and fires.previous.previous_period == "2016–2020"
    assert analysis.break_marks(store, "N07415", "sv") == {2024: "MSB:s nya definition"}
    chart = bokslut.indicator_chart(store, ["9901"], "N07415", 2025, "sv")
    assert "Seriebrott 2024: MSB:s nya definition" in [a["text"] for a in chart.figure.to_dict()["layout"]["annotations"]]


def test_a_three_year_mean_is_compared_with_the_three_years_before_it(store):
    """U07413 (Socialstyrelsen via Kolada): each value is år T-2 till T. 2024 (2022–2024) is compared with 2021
    (2019–2021), never with 2023, and its events are the window's: the rate times its last year's population times three."""
    m = next(m for s in bokslut.trygghetsbokslut(store, ["9901"], 2025).sections for m in s.measures
             if m.indicator_id == "U07413")
    assert (m.period, m.previous.previous_period, m.baseline.previous_period) == ("2022–2024", "2019–2021", "2019–2021")
    rows = analysis.observed(store, "U07413", ["9901"]).set_index("year")
    pop = analysis.store_population(store).query("geo_code == '9901'").set_index("year")["population"]
    assert m.previous.counts == pytest.approx((round(rows.loc[2021, "value"] * pop.loc[2021] * 3 / 1000),
                                               round(rows.loc[2024, "value"] * pop.loc[2024] * 3 / 1000)))


def test_an_age_groups_rate_is_given_without_a_test(store):
    m = next(m for s in bokslut.trygghetsbokslut(store, ["9901"], 2025).sections for m in s.measures
             if m.indicator_id == "N20434")
    assert m.kind == "level" and m.count is None and m.previous is None
    assert m.previous_text("sv").startswith("2019–2021: ") and "inte prövat" in m.previous_text("sv")


# --- the year for a kommun -------------------------------------------------------------------------------

def test_every_change_is_the_one_rules_against_the_previous_measurement(store):
    b = bokslut.trygghetsbokslut(store, ["9901"], 2025)
    for m in (m for s in b.sections for m in s.measures if m.kind != "level" and m.value is not None):
        assert m.previous == analysis.change_since_previous(store, m.indicator_id, "9901", 2025)
        text = m.previous_text("sv")
        assert "säkerställd" in text or "seriebrott" in text, text


def test_survey_rows_compare_with_their_previous_round_and_ntu_is_there(store):
    trygghet = bokslut.trygghetsbokslut(store, ["9901"], 2025).sections[6]
    ntu = next(m for m in trygghet.measures if m.indicator_id == "N07609")
    local = next(m for m in trygghet.measures if m.indicator_id == "enk_otrygg_kvall")
    assert (ntu.period, ntu.previous.previous_period) == ("2023–2024", "2021–2022")
    assert (local.period, local.previous.previous_period) == ("2025", "2023")   # every other year
    assert ntu.previous_text("sv").startswith(fmt.signed(ntu.previous.change.estimate, 1) + " procentenheter (95 % KI")


def test_the_baseline_is_the_programmes_starting_point_summed(store):
    m = next(m for m in bokslut.trygghetsbokslut(store, ["9901"], 2025).sections[5].measures if m.indicator_id == "N07540")
    rows = analysis.observed(store, "N07540", ["9901"])
    base = rows[rows["year"].between(2020, 2023)]
    assert m.baseline.previous_period == "2020–2023"
    assert m.baseline.counts[0] == pytest.approx(base["count"].sum() / 4)   # crimes a year 2020–2023, against 2025's
    assert m.baseline.counts[1] == rows[rows["year"] == 2025]["count"].iloc[0]
    assert m.preliminary and "preliminär" in m.value_text("sv")


def test_a_kommuns_target_at_the_latest_year_is_the_stores(store):
    line = bokslut.trygghetsbokslut(store, ["9901"], 2025).sections[4].targets[0]
    stored = store.targets[(store.targets["target_id"] == "offentlig_miljo_2024_2027") & (store.targets["geo_code"] == "9901")].iloc[0]
    assert line.status.row["rate_ratio"] == pytest.approx(stored["rate_ratio"])
    assert line.answer("sv") == views.target_answer(views.target_status(store, "9901")[1], "sv")
    # Violence outdoors and personrån are final to 2024 in the demo: the target so far is 2024's.
    assert line.answer("sv").startswith("Målperioden pågår till och med 2027. Hittills (2024): −14\u00a0%")


def test_an_earlier_year_judges_the_target_on_its_years_only(store):
    line = bokslut.trygghetsbokslut(store, ["9901"], 2024).sections[4].targets[0]
    assert line.status.row["target_total"] == analysis.summed_yearly(
        store, line.status.target.indicators, "9901").set_index("year").loc[2024, "count"]


def test_few_events_are_counts_and_a_year_without_values_is_a_message(store):
    b = bokslut.trygghetsbokslut(store, ["9913"], 2025)
    robbery = next(m for m in b.sections[4].measures if m.indicator_id == "N07543")
    # Kolada's personrån ends in 2024 (its final year): the latest measurement up to 2025 is 2024's.
    assert robbery.previous_text("sv") == "1 → 1 anmälda personrån (2023 → 2024), ej säkerställd"
    assert robbery.baseline_text("sv", "2020–2023").startswith("2,2 per år i snitt 2020–2023 → 1 anmälda personrån 2024")
    with pytest.raises(Exception, match="Det finns inga värden för 1999"):
        bokslut.trygghetsbokslut(store, ["9913"], 1999)


@pytest.mark.parametrize("kommun", [f"99{n:02d}" for n in range(1, 15)])
def test_no_change_in_a_bokslut_without_its_evidence_or_with_a_bound_on_zero(store, kommun):
    """Issue 18's rule on every cell and sentence of every kommun's bokslut (tests/test_evidence_everywhere)."""
    from tests.test_evidence_everywhere import BOUND_ON_ZERO, CHANGE, EVIDENCE, UNSUPPORTED

    b = bokslut.trygghetsbokslut(store, [kommun], 2025)
    cells = [str(c) for s in b.sections for c in bokslut.measures_table(b, s).to_numpy().ravel()]
    cells += [str(c) for c in bokslut.insatser_table(b, store).to_numpy().ravel()] if len(b.insatser) else []
    cells += [s for section in b.sections for s in bokslut.change_sentences(store, section, kommun)]
    cells += [line.answer("sv") for section in b.sections for line in section.targets]
    for cell in cells:
        if CHANGE.search(cell):
            assert EVIDENCE.search(cell), cell
        if "säkerställd" in cell and not UNSUPPORTED.search(cell):
            assert not BOUND_ON_ZERO.search(cell), cell


# --- the förbund --------------------------------------------------------------------------------------------

def test_the_förbund_sums_counts_recomputes_rates_and_never_sums_shares(store):
    b = bokslut.trygghetsbokslut(store, FORBUND, 2025)
    assert b.title() == "Trygghetsbokslut 2025 – Ekbacka, Hagaström och Rosendala"
    rescue = {m.geo: m for m in b.sections[2].measures if m.indicator_id == "olycka_raddningsinsatser"}
    assert set(rescue) == {*FORBUND, bokslut.FORBUND}
    together = rescue[bokslut.FORBUND]
    pop = analysis.store_population(store)
    people = sum(pop[(pop["geo_code"] == k) & (pop["year"] == 2025)]["population"].iloc[0] for k in FORBUND)
    assert together.count == sum(rescue[k].count for k in FORBUND)
    assert together.value == pytest.approx(together.count / people * 1000)
    ntu = [m for m in b.sections[6].measures if m.geo == bokslut.FORBUND]
    assert all(m.not_summed and m.value is None for m in ntu)
    assert bokslut.area_verdict(store, b.sections[6], bokslut.FORBUND) == "Enkätandelar läggs inte ihop: se varje kommun"


def test_the_förbunds_target_is_judged_on_the_summed_crimes(store):
    lines = {line.geo: line for line in bokslut.trygghetsbokslut(store, FORBUND, 2025).sections[4].targets}
    # One set of crime categories for the whole förbund (the most widely available of its kommuner's
    # definitions), summed over the kommuner's 2020–2023 counts.
    used = lines[bokslut.FORBUND].status.indicators
    baseline = sum(analysis.summed_yearly(store, used, k).query("2020 <= year <= 2023")["count"].sum() for k in FORBUND)
    assert lines[bokslut.FORBUND].status.row["baseline_total"] == baseline
    assert lines[bokslut.FORBUND].answer("sv").startswith("Målperioden pågår till och med 2027")


def test_the_förbund_and_a_kommun_on_the_kolada_definition_say_what_they_were_judged_on(store):
    """Issue 27: the förbund's 1 794 crimes (two parts, three kommuner) stand below Ekbacka's own 1 854 (three
    parts): its line says it is one definition for all, names the kommuner and what is left out for whom."""
    lines = {line.geo: line for line in bokslut.trygghetsbokslut(store, FORBUND, 2025).sections[4].targets}
    assert lines["9901"].definition == "Bedömt på våldsbrott utomhus mot vuxna, personrån och skadegörelse."
    assert lines["9913"].definition == ("Bedömt på personrån och skadegörelse. Våldsbrott utomhus mot vuxna "
                                        "ingår inte: uppgifterna saknas för Rosendala.")
    assert lines[bokslut.FORBUND].definition == (
        "Kommunerna (Ekbacka, Hagaström och Rosendala) bedöms tillsammans på en och samma definition: personrån och "
        "skadegörelse. Våldsbrott utomhus mot vuxna ingår inte: uppgifterna saknas för Rosendala.")
    assert lines[bokslut.FORBUND].status.row["target_total"] < lines["9901"].status.row["target_total"]
    summary = bokslut.summary_table(store, bokslut.trygghetsbokslut(store, FORBUND, 2025))
    assert lines[bokslut.FORBUND].definition in summary.loc[4, "Mål"]


def measure(change: float, low: float, high: float, preliminary: bool = False, title: str = "Anmälda brott totalt",
            indicator_id: str = "N07540"):
    pc = PeriodChange("2025", "2020–2023", Change(change, low, high), (1000.0, 1000.0), preliminary=preliminary)
    return bokslut.Measure(indicator_id, title, "per 100 000 inv.", "9901", "Ekbacka", "2025", 1.0, preliminary,
                           baseline=pc)


@pytest.mark.parametrize("changes, expected", [
    ([(-5, -8, -2), (-4, -7, -1)], "Bättre än utgångsläget: alla 2 mått säkerställt bättre. Anmälda brott totalt: "
                                   "−5,0 % (95 % KI −8,0 till −2,0 %) mot 2020–2023, säkerställd"),
    ([(-5, -8, -2), (1, -2, 4)], "Blandat: 1 av 2 mått säkerställt bättre, 0 säkerställt sämre. Anmälda brott totalt: "
                                 "−5,0 % (95 % KI −8,0 till −2,0 %) mot 2020–2023, säkerställd"),
    ([(-5, -8, -2), (4, 1, 7)], "Blandat: 1 av 2 mått säkerställt bättre, 1 säkerställt sämre. Anmälda brott totalt: "
                                "−5,0 % (95 % KI −8,0 till −2,0 %) mot 2020–2023, säkerställd"),
    ([(5, 2, 8)], "Sämre än utgångsläget: alla 1 mått säkerställt sämre. Anmälda brott totalt: "
                  "+5,0 % (95 % KI +2,0 till +8,0 %) mot 2020–2023, säkerställd"),
    ([(-2, -8, 4), (1, -7, 10)], "Ingen säkerställd förändring mot utgångsläget (2 mått). Anmälda brott totalt: "
                                 "−2,0 % (95 % KI −8,0 till +4,0 %) mot 2020–2023, ej säkerställd"),
])
def test_a_målområdes_verdict_follows_its_measures_by_the_stated_rule_with_its_key_figure(store, changes, expected):
    """Issue 26: all säkerställda one way (better/worse), some (mixed), none; the key figure is the first
    measure the verdict rests on, with its interval."""
    section = bokslut.Section(bokslut.programme(store).malomraden[5], tuple(measure(*c) for c in changes), ())
    assert bokslut.area_verdict(store, section, "9901").replace("\xa0", " ") == expected   # fmt's no-break space before %


def test_a_rate_of_an_age_group_is_shown_untested_not_as_kronor(store):
    falls = bokslut.Measure("U20462", "Fallskador bland personer 65+", "per 100 000 inv. 65+ år", "9901", "Ekbacka",
                            "2024", 2412.0, previous_value=2350.0, previous_period="2023")
    assert falls.kind == "level"
    assert falls.previous_text("sv") == "2023: 2\xa0350 (inte prövat: antalet i åldersgruppen finns inte i datalagret)"


def test_a_verdict_resting_on_a_preliminary_value_says_so(store):
    section = bokslut.Section(bokslut.programme(store).malomraden[5],
                              (measure(-5, -8, -2, preliminary=True), measure(-1, -6, 4)), ())
    assert bokslut.area_verdict(store, section, "9901").replace("\xa0", " ") == (
        "Blandat: 1 av 2 mått säkerställt bättre, 0 säkerställt sämre (preliminärt). Anmälda brott totalt: "
        "−5,0 % (95 % KI −8,0 till −2,0 %) mot 2020–2023, säkerställd (preliminär)")
    # Ekbacka 2025: total crime (preliminary 2025) −2,1 % and violent crime +1,0 %, neither säkerställd —
    # no longer 'Bättre än utgångsläget (säkerställt)'
    b = bokslut.trygghetsbokslut(store, ["9901"], 2025)
    verdict = bokslut.area_verdict(store, b.sections[5], "9901").replace("\xa0", " ")
    assert verdict.startswith("Ingen säkerställd förändring mot utgångsläget (2 mått). Anmälda brott totalt: −2,1 %")
    assert verdict.endswith("ej säkerställd (preliminär)")
    summary = bokslut.summary_table(store, b)
    assert len(summary) == len(AREAS_SV) and all("%" in v or "p.e." in v or "inte prövat" in v
                                                 for v in summary["Bedömning mot utgångsläget"])   # each with its figure


# --- the documents ----------------------------------------------------------------------------------------

def docx_text(data: bytes) -> tuple[str, list[str]]:
    d = docx.Document(io.BytesIO(data))
    cells = [c.text for table in d.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells), [s.header.paragraphs[0].text for s in d.sections]


@pytest.fixture(scope="module")
def documents(store):
    doc = document.bokslut_document(store, ["9901", "9904"], 2025)
    return doc, document.to_docx(doc), document.to_pdf(doc)


def test_the_word_document_holds_title_areas_figures_verdicts_and_marks(store, documents):
    _, data, _ = documents
    text, headers = docx_text(data)
    assert "Trygghetsbokslut 2025 – Ekbacka och Hagaström" in text
    assert all(title in text for title in AREAS_SV)
    for kommun in ("9901", "9904"):   # an accident figure, and every figure as the store has it
        rescue = value(store, "olycka_raddningsinsatser", kommun, 2025)["value"]
        crime = value(store, "N07540", kommun, 2025)["value"]
        assert f"{fmt.number(rescue, 2)} (2025)" in text and f"{fmt.number(crime, 0)} (2025, preliminär)" in text
    assert "Ingen säkerställd förändring mot utgångsläget" in text and "Målperioden pågår till och med 2027" in text
    assert "Källor och definitioner" in text and "hämtad 2026-11-20" in text
    assert headers and all("EXEMPELDATA" in h for h in headers)   # the header is on every page


def test_the_word_documents_charts_are_native_and_editable(documents):
    doc, data, _ = documents
    d = docx.Document(io.BytesIO(data))
    charts = [r.target_part for r in d.part.rels.values() if r.reltype.endswith("/chart")]
    assert len(charts) == sum(isinstance(b, document.Figure) for b in doc.blocks) > 0
    assert all(any(r.reltype.endswith("/package") for r in c.rels.values()) for c in charts)   # Redigera data
    assert b"Ekbacka" in charts[0].blob and b'sz="900"' in charts[0].blob


def test_the_pdf_says_the_same_and_exempeldata_on_every_page(store, documents):
    _, _, data = documents
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) > 5 and all("EXEMPELDATA" in p for p in pages)
    text = "\n".join(pages).replace("\n", " ")
    assert "Trygghetsbokslut 2025 – Ekbacka och Hagaström" in text
    assert all(title in text for title in AREAS_SV)
    rescue = value(store, "olycka_raddningsinsatser", "9904", 2025)["value"]
    assert f"{fmt.number(rescue, 2)} (2025)" in text and "Ingen säkerställd förändring mot utgångsläget" in text


def test_the_documents_in_english(store):
    doc = document.bokslut_document(store, ["9901"], 2025, "en")
    text, _ = docx_text(document.to_docx(doc))
    assert "Annual safety report 2025 – Ekbacka" in text and "Fewer falls among the elderly" in text
    assert "Sources and definitions" in text


def test_the_command_writes_word_and_pdf_and_refuses_what_it_cannot(demo_dir, tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "lagesbild", *args], cwd=ROOT, capture_output=True, text=True)

    out = tmp_path / "bokslut.pdf"
    done = run("bokslut", "--data-dir", str(demo_dir), "--kommun", "9901,9913", "--year", "2025", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Ekbacka och Rosendala" in PdfReader(str(out)).pages[0].extract_text()
    bad = run("bokslut", "--data-dir", str(demo_dir), "--kommun", "9901", "--year", "2025", "--out", str(tmp_path / "b.odt"))
    assert bad.returncode == 1 and "ska sluta på .docx (Word) eller .pdf" in bad.stderr and "Traceback" not in bad.stderr
    unknown = run("bokslut", "--data-dir", str(demo_dir), "--kommun", "9901,0683", "--year", "2025", "--out", str(out))
    assert unknown.returncode == 1 and "Okänd kommun '0683'" in unknown.stderr
    brief = run("underlag", "--data-dir", str(demo_dir), "--kommun", "9904", "--month", "2023-11",
                "--out", str(tmp_path / "u.docx"), "--lang", "en")
    assert brief.returncode == 0 and "Brief for the theme group – Hagaström, November 2023" in docx_text(
        (tmp_path / "u.docx").read_bytes())[0]
    assert run("underlag", "--data-dir", str(demo_dir), "--kommun", "9904", "--month", "2023-13",
               "--out", str(tmp_path / "u.pdf")).returncode == 1


# --- the monthly brief ------------------------------------------------------------------------------------

def test_the_monthly_brief_counts_the_month_and_finds_what_became_measurable(store):
    from lagesbild import est

    brief = est.monthly_brief(store, "9904", pd.Timestamp("2023-11-01"))
    counts = est.store_incidents(store)
    norra = counts[(counts["geo_code"] == "9904-norra") & (counts["indicator_id"] == "inc_total")].set_index("period_start")["count"]
    row = brief.areas.set_index("Område").loc["Norra"]
    assert row["nov 2023"] == fmt.number(norra[pd.Timestamp("2023-11-01")], 0)
    assert row["nov 2022"] == fmt.number(norra[pd.Timestamp("2022-11-01")], 0)
    assert "säkerställd" in row["Förändring"]
    assert list(brief.measurable["Insats"]) == ["Vuxennärvaro helgkvällar"]   # started June 2023: its sixth month
    assert brief.measurable["Uppmätt effekt"].iloc[0].startswith("Händelserna minskade efter starten")
    assert set(brief.survey["Område"]) == {"Centrum", "Norra", "Södra", "Ån"}
    started = est.monthly_brief(store, "9904", pd.Timestamp("2025-09-01")).started_ended
    assert started.to_dict("records") == [{"Insats": "Ny belysning i Åparken", "Område": "Ån",
                                           "Vad hände": "startade 2025-09-01"}]


def test_a_dated_brief_and_bokslut_use_only_what_existed_then(store):
    """Issue 27: the June 2025 brief knows the 2023 survey, not the one held September–October 2025 (a round
    counts from its fieldwork's end); an earlier round that had too few answers is not 'the first'; an
    insats's effect in the brief and in a past year's bokslut is measured on the months up to its date."""
    from lagesbild import est

    june = est.monthly_brief(store, "9901", pd.Timestamp("2025-06-01")).survey.set_index("Område")
    assert set(june["Mätning"]) == {"2023"}
    assert june.loc["Stationsområdet", "Mot föregående mätning"] == (
        "förra mätningen (2021) hade för få svar (n = 18): ingen jämförelse")
    assert set(est.monthly_brief(store, "9901", pd.Timestamp("2025-10-01")).survey["Mätning"]) == {"2025"}
    then = est.interventions(store, "9901", as_of=pd.Timestamp("2023-12-01")).set_index("name")
    now = est.interventions(store, "9901").set_index("name")
    lighting = "Trygghetsvandringar och ny belysning"   # started April 2023
    assert then.loc[lighting, "months_after"] == 9 and now.loc[lighting, "months_after"] > 9
    b = bokslut.trygghetsbokslut(store, ["9901"], 2023)
    assert b.insatser.set_index("name").loc[lighting, "effect"] == then.loc[lighting, "effect"]


# --- the page ----------------------------------------------------------------------------------------------

def test_the_page_for_one_kommun(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9901", page="pages/trygghetsbokslut.py")
    assert at.title[0].value == "Trygghetsbokslut 2025 – Ekbacka"
    summary = html_tables(at)[0]
    assert "Färre fallolyckor bland äldre" in summary["Målområde"].tolist() and "Bedömning mot utgångsläget" in summary
    assert [s.value for s in at.subheader][:2] == ["Sammanfattning", "Färre självskador"]
    assert at.button(key="make_docx").label == "Skapa Word-dokument" and at.button(key="make_pdf").label == "Skapa PDF"


def test_the_page_for_the_förbund_side_by_side(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9904", page="pages/trygghetsbokslut.py")
    at.radio(key="bokslut_who_9904").set_value("all").run()
    assert not at.exception
    assert at.title[0].value == "Trygghetsbokslut 2025 – Ekbacka, Hagaström och Rosendala"
    rows = [row for frame in html_tables(at) for row in frame.itertuples(index=False)]
    assert any("Alla kommunerna" in row for row in rows) and any("summeras inte" in cell for row in rows for cell in row)


def test_a_kommun_outside_the_programme_sees_its_own_bokslut(demo_dir, monkeypatch):
    at = run_app(demo_dir, monkeypatch, "9905", page="pages/trygghetsbokslut.py")
    assert at.title[0].value == "Trygghetsbokslut 2025 – Tallmo"
    assert any("Tallmo ingår inte i" in i.value for i in at.info)
    assert at.radio(key="bokslut_who_9905").options == ["Tallmo"]


def test_the_shipped_files_exist():
    assert Path(PROJECT_DATA / "handlingsprogram.exempel.toml").exists() and Path(PROJECT_DATA / "bokslut_standard.toml").exists()


def test_the_standard_grouping_is_known_where_the_store_was_built_elsewhere(tmp_path, monkeypatch):
    """A store keeps the path of the programme it was built with; built by another checkout (or before the
    installation moved) the standard grouping is still the standard one, not a programme without a name."""
    from lagesbild.catalogue import STANDARD_PROGRAMME

    elsewhere = tmp_path / "another-checkout" / "data" / STANDARD_PROGRAMME.name
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_bytes(STANDARD_PROGRAMME.read_bytes())
    standard = load_programme(elsewhere)
    assert not standard.configured and standard.name == ""

    class Built:   # a store as another checkout built it
        manifest = {"programme_file": str(elsewhere)}
        is_demo = False

    monkeypatch.setattr(analysis, "per_build", lambda store, key, make: make())
    assert bokslut.programme(Built()) == load_programme(STANDARD_PROGRAMME)
