"""The tillgänglighetsredogörelse: Digg's headings in both languages, the operator from the data dir's
tillganglighet.toml, the compliance status from the audit, and the committed audit's figures on the page;
the theme's colours at WCAG AA contrast."""
import json
import shutil
import tomllib

import pytest

from lagesbild import accessibility as a11y
from lagesbild import theme
from lagesbild.errors import ConfigError
from tests.conftest import ROOT, html_tables
from tests.test_app import run_app

PAGE = "pages/tillganglighet.py"
HEADINGS = {
    "sv": ["Hur tillgänglig är tjänsten?", "Vad kan du göra om du inte kan använda delar av tjänsten?",
           "Rapportera brister i tjänstens tillgänglighet", "Tillsyn", "Teknisk information om tjänstens tillgänglighet",
           "Hur vi testat tjänsten"],
    "en": ["How accessible is the service?", "What can you do if you cannot use parts of the service?",
           "Report accessibility problems", "Supervision", "Technical information about the service's accessibility",
           "How we tested the service"],
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_statement_has_diggs_headings_and_the_audits_figures(demo_dir, monkeypatch, lang):
    at = run_app(demo_dir, monkeypatch, "9901", lang=lang, page=PAGE)
    assert [h.value for h in at.header] == HEADINGS[lang]
    text = " ".join(m.value for m in at.markdown)
    audit = a11y.read_audit()
    assert audit is not None and len(audit.pages) == 2 * len(a11y.PAGE_TITLES)   # every page, both languages
    assert ("delvis förenlig" if lang == "sv" else "partially compliant") in text  # known issues, no violations
    assert "https://www.digg.se/tdosanmalan" in text and "mailto:tillganglighet@exempelkommunen.invalid" in text
    assert audit.commit in text and audit.axe_version in text
    assert "github.com/streamlit/streamlit/issues/8399" in text and "github.com/streamlit/streamlit/issues/15726" in text
    [table] = html_tables(at)
    assert list(table.columns)[0] in ("Sida", "Page") and len(table) == len(audit.pages)


def test_a_kommuns_own_operator_and_a_bad_contact(data_dir, tmp_path_factory):
    empty = tmp_path_factory.mktemp("no-operator")
    (data_dir / "tillganglighet.toml").write_text('organisation = "Ekbacka kommun"\ncontact = "https://ekbacka.se/tyck-till"\n')
    op = a11y.operator(data_dir, demo=False)
    assert op == a11y.Operator("Ekbacka kommun", "https://ekbacka.se/tyck-till") and not op.example
    assert a11y.contact_markdown(op).endswith("](https://ekbacka.se/tyck-till)")
    (data_dir / "tillganglighet.toml").write_text('organisation = "Ekbacka kommun"\ncontact = "ring oss"\n')
    with pytest.raises(ConfigError) as err:
        a11y.operator(data_dir, demo=False)
    assert "tillganglighet.toml" in err.value.message("sv") and "contact" in err.value.message("sv")
    assert a11y.operator(empty, demo=False) is None        # a real store without the file: nobody invented
    assert a11y.operator(empty, demo=True).example         # the demo speaks through the project's example


def test_a_real_store_without_an_operator_says_so(demo_dir, tmp_path, monkeypatch):
    data = tmp_path / "d"
    shutil.copytree(demo_dir, data)
    monkeypatch.setattr("lagesbild.store.Store.is_demo", property(lambda self: False))
    at = run_app(data, monkeypatch, "9901", page=PAGE, demo=False)
    assert any("har ännu inte angett" in i.value for i in at.info)


def test_violations_make_the_service_not_compliant(tmp_path):
    raw = json.loads(a11y.AUDIT_FILE.read_text(encoding="utf-8"))
    raw["pages"][0]["violations"] = 2
    path = tmp_path / "audit.json"
    path.write_text(json.dumps(raw))
    audit = a11y.read_audit(path)
    assert audit.violations == 2 and a11y.compliance(audit) == "a11y_status_not"
    assert a11y.compliance(a11y.read_audit()) == "a11y_status_partly"
    assert a11y.compliance(None) == "a11y_status_not"


def test_the_themes_colours_meet_wcag_aa_contrast():
    """Text on white, white on the accent (primary buttons, the selected language), links on white: ≥ 4.5:1."""
    colours = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert theme.contrast_ratio(colours["textColor"]) >= 4.5
    assert theme.contrast_ratio("#FFFFFF", colours["primaryColor"]) >= 4.5
    assert theme.contrast_ratio(colours["linkColor"]) >= 4.5 and colours["linkUnderline"] is True
