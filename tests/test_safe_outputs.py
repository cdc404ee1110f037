"""Safe outputs: a name from a file never runs as a spreadsheet formula (CSV/xlsx from the app and
the CLI) and never renders as Markdown or HTML on screen (the findings: `etl export --format csv`
wrote `=HYPERLINK(…)` names as they were; names rendered as Markdown links and remote images)."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from etl import build, cli, imports
from lagesbild import export
from lagesbild.errors import SourceFormatError
from lagesbild.safe_text import formula_safe_frame, md
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


def test_html_in_a_name_is_refused_with_its_row_and_column(data_dir):
    build.build(data_dir)
    log = 'namn;omrade;typ;start;slut;kommunkod\nA;Centrum;B;2024-01-01;;9901\n<img src="https://evil.example/p.png">;Centrum;B;2024-02-01;;9901\n'
    with pytest.raises(SourceFormatError) as err:
        imports.import_est(data_dir, log.encode(), "insatser.csv", "interventions")
    assert (err.value.row, err.value.column) == (3, "namn") and "utan < och >" in err.value.sv
