"""Safe outputs: a name from a file never runs as a spreadsheet formula (CSV/xlsx from the app and
the CLI) and never renders as Markdown or HTML on screen (the findings: `etl export --format csv`
wrote `=HYPERLINK(…)` names as they were; names rendered as Markdown links and remote images)."""
from __future__ import annotations

import io
import subprocess
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from etl import build, cli, imports
from lagesbild import export
from lagesbild.errors import LagesbildError, SourceFormatError
from lagesbild.safe_text import NAME_CHARACTERS, formula_safe_frame, md, name_problem
from tests.conftest import FIXTURES, ROOT, needed
from tests.test_est import run_insatser

LINK = "[Klicka här](https://evil.example/x) ![](https://evil.example/spår.png) www.evil.example"
FORMULA = '=HYPERLINK("https://evil.example","Fältvärdar")'


def test_markdown_in_a_name_is_escaped_to_plain_text():
    assert md(LINK) == ("\\[Klicka här\\](https\\://evil.example/x) \\!\\[\\](https\\://evil.example/spår.png) "
                        "www\\.evil.example")
    assert md("Centrum\n\n# Rubrik *fet*") == "Centrum \\# Rubrik \\*fet\\*"
    assert md("Ekbacka – 2024 (prel.)") == "Ekbacka – 2024 (prel.)"   # ordinary text stays as it is


def test_formula_cells_are_neutralised_and_numbers_stay_numbers():
    df = pd.DataFrame({"namn": [FORMULA, "@SUM(A1)", "-5 grader", "Norr"], "antal": [-5.0, 1.0, 2.0, 3.0]})
    safe = formula_safe_frame(df)
    assert safe["namn"].tolist() == ["'" + FORMULA, "'@SUM(A1)", "'-5 grader", "Norr"]
    assert safe["antal"].tolist() == [-5.0, 1.0, 2.0, 3.0]
    assert export.table_csv(df).decode("utf-8-sig").splitlines()[1].startswith('"\'=HYPERLINK')


@pytest.fixture
def with_odd_names(data_dir):
    build.build(data_dir)
    log = f"namn;omrade;typ;start;slut;kommunkod\n{LINK};Centrum;Belysning;2024-03-01;;9901\n"
    log += "FORMEL;Centrum;Belysning;2024-04-01;;9901\n".replace("FORMEL", FORMULA.replace('"', '""').join('""'))
    imports.import_est(data_dir, log.encode(), "insatser.csv", "interventions")
    return data_dir


def test_the_cli_csv_export_neutralises_formulas(with_odd_names):
    text = cli.export_table(with_odd_names, "interventions", "csv")
    names = pd.read_csv(io.StringIO(text), keep_default_na=False)["name"].tolist()
    assert "'" + FORMULA in names and FORMULA not in names
    effects = pd.read_csv(io.StringIO(cli.export_table(with_odd_names, "effects", "csv")))
    assert pd.api.types.is_float_dtype(effects["effect"])   # numbers stay numbers


def test_names_from_files_render_as_plain_text_on_the_page(with_odd_names, monkeypatch):
    at = run_insatser(with_odd_names, monkeypatch)
    headings = [s.value for s in at.subheader]
    assert f"{md(LINK)} – Centrum" in headings
    assert not any("[Klicka här](https://" in m.value for m in [*at.markdown, *at.subheader, *at.caption])


def _a_table_with_a_formula():
    import pandas as pd

    from pages._shared import show_table

    show_table(pd.DataFrame({"Insats": ['=HYPERLINK("https://evil.example","Fältvärdar")'], "Antal": [3]}))


def test_a_table_on_a_page_downloads_formula_safe_from_its_toolbar():
    """The finding: st.dataframe's own toolbar CSV wrote a name beginning '=' as a formula. Insatser now show
    as HTML tables (no toolbar); every st.dataframe left goes through show_table, which neutralises it."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_a_table_with_a_formula).run()
    cells = {str(v) for frame in at.dataframe for v in frame.value.to_numpy().ravel()}
    assert "'" + FORMULA in cells and FORMULA not in cells and "3" in cells
    pages = [p for p in (ROOT / "pages").glob("*.py") if p.name != "_shared.py"] + [ROOT / "dashboard.py"]
    assert not [p.name for p in pages if "st.dataframe(" in p.read_text(encoding="utf-8")]


def test_html_in_a_name_is_refused_with_its_row_and_column(data_dir):
    build.build(data_dir)
    log = 'namn;omrade;typ;start;slut;kommunkod\nA;Centrum;B;2024-01-01;;9901\n<img src="https://evil.example/p.png">;Centrum;B;2024-02-01;;9901\n'
    with pytest.raises(SourceFormatError) as err:
        imports.import_est(data_dir, log.encode(), "insatser.csv", "interventions")
    assert (err.value.row, err.value.column) == (3, "namn") and "inte < och >" in err.value.sv


# --- names refuse what would show differently from what was written (issue 28) ----------------------------

@pytest.mark.parametrize("odd, shown", [
    ("Centrum\u202eeslev", "U+202E"),   # right-to-left override: reverses what follows it on screen
    ("Norr\u2066x\u2069", "U+2066"),     # a bidi isolate
    ("Två\u2028rader", "U+2028"),        # line separator
    ("Två\u2029stycken", "U+2029"),      # paragraph separator
    ("Nästa\u0085rad", "U+0085"),        # NEL
    ("Tyst\u200fmärke", "U+200F"),       # right-to-left mark
    ("Parken \U0001F333", "U+1F333"),    # outside the BMP: vanished from the PDFs
])
def test_names_refuse_bidi_line_separators_and_what_the_pdf_cannot_show(odd, shown):
    from etl.sources import incidents, survey

    raw = f"datum;kategori;omrade;kommunkod\n2024-01-03;Stöld;Norr;0683\n2024-01-04;Stöld;{odd};0683\n".encode()
    with pytest.raises(SourceFormatError) as err:
        incidents.parse(raw, "handelser.csv")
    assert (err.value.row, err.value.column) == (3, "omrade") and shown in err.value.sv
    assert "riktningstecken" in err.value.sv and "direction marks" in err.value.en
    mapping = (FIXTURES / "enkat_small.toml").read_text(encoding="utf-8").replace("Otrygga, andel (%)", odd)
    with pytest.raises(LagesbildError) as err:
        survey.load_mapping(mapping.encode(), "enkat.toml")
    assert "enkat.toml" in err.value.sv and shown in err.value.sv


def test_names_in_other_scripts_the_pdf_draws_are_kept():
    from etl.sources import incidents

    names = ["Čierna Bahna", "Ŋuorgu", "Αθήνα", "Москва", "Ævar's hage – norr"]
    raw = ("datum;kategori;omrade;kommunkod\n" + "".join(f"2024-01-03;Stöld;{n};0683\n" for n in names)).encode()
    assert set(incidents.parse(raw, "h.csv").geographies["name"]) == set(names)


def dejavu() -> str:
    from lagesbild import document

    path = document.FONT_FILES[0][0]
    if not Path(path).exists():
        needed("DejaVu Sans not found (Debian: fonts-dejavu-core); the PDFs need it")
    return path


def test_the_pdf_font_draws_every_character_a_name_may_contain():
    from reportlab.pdfbase.ttfonts import TTFont

    covered = set(TTFont("Check", dejavu()).face.charToGlyph)
    allowed = [c for a, b in NAME_CHARACTERS for c in range(a, b + 1)
               if unicodedata.category(chr(c)) != "Cn" and name_problem(chr(c)) is None]
    assert len(allowed) > 1400 and [hex(c) for c in allowed if c not in covered] == []


def test_a_name_in_another_script_is_in_the_pdf_as_written(tmp_path):
    from lagesbild import document

    dejavu()
    names = "Čierna Bahna, Ŋuorgu, Αθήνα, Москва – Östermalm"
    pdf = document.to_pdf(document.Document("Trygghetsbokslut", [document.Heading(names), document.Text(names)]))
    (tmp_path / "namn.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "namn.pdf"), "-"], capture_output=True, text=True).stdout
    assert text.count(names) == 2
