"""The tillgänglighetsredogörelse (accessibility statement) the DOS law asks of a kommun's digital service,
in the form Digg's template gives it: who stands behind the service, how accessible it is, what you can do
and whom to tell, supervision by Digg, the technical status (helt/delvis/inte förenlig), the content that
is not accessible and how the service was tested, with the date of the last review.

Its figures are those of the automatic test run the statement is based on (`AUDIT_FILE`, written by
tests/e2e/test_accessibility.py when run with LAGESBILD_AXE_RECORD=1): axe-core in Chromium on every page,
in Swedish and English. Who publishes the service and how to reach them is the kommun's to say, in
`<data-dir>/tillganglighet.toml` (the project's `data/tillganglighet.exempel.toml` speaks for the demo only).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lagesbild import fmt
from lagesbild.catalogue import PROJECT_DATA, read_toml
from lagesbild.errors import ConfigError
from lagesbild.i18n import t
from lagesbild.safe_text import md

AUDIT_FILE = PROJECT_DATA / "accessibility_audit.json"
OPERATOR_FILE = "tillganglighet.toml"
DEMO_OPERATOR = PROJECT_DATA / "tillganglighet.exempel.toml"   # the demo's fictional operator, never a real store's
DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"
CONTACT = re.compile(r"[^\s()<>\[\]]+@[^\s()<>\[\]]+|https?://[^\s()<>\[\]]+")
# The pages by url path (tests/e2e/test_browser.py's PAGES), as the audit names them.
PAGE_TITLES = {"": "page_lagesbild", "malet": "page_malet", "faktisk_upplevd": "page_faktisk_upplevd",
               "omraden": "page_omraden", "insatser": "page_insatser", "trygghetsbokslut": "page_bokslut",
               "rapport": "page_rapport", "presentation": "page_presentation", "data": "page_data",
               "tillganglighet": "page_tillganglighet"}

# What is known not to be accessible, each with the usage situation Digg's template groups problems by,
# the WCAG 2.1 criterion and the reason: i18n keys a11y_issue_<id>. `upstream` is Streamlit's issue.
KNOWN_ISSUES = (
    {"id": "nav_list", "wcag": "1.3.1", "upstream": "https://github.com/streamlit/streamlit/issues/8399"},
    {"id": "lang_script", "wcag": "3.1.1", "upstream": "https://github.com/streamlit/streamlit/issues/15726"},
    {"id": "streamlit_english", "wcag": "3.1.2", "upstream": None},
    {"id": "chart_points", "wcag": "1.1.1", "upstream": None},
    {"id": "presentation_link", "wcag": "—", "upstream": None},
)


@dataclass(frozen=True)
class Operator:
    """Who publishes the service (Digg: "namnet på den offentliga aktören") and how to reach them."""
    organisation: str
    contact: str               # an e-mail address or a web address for the "meddelandefunktion"
    response_time: str = ""    # optional, e.g. "Vi svarar normalt inom två arbetsdagar."
    example: bool = False      # the project's demo operator, not a real one


def operator(data_dir: Path | None, demo: bool) -> Operator | None:
    """`<data-dir>/tillganglighet.toml`; for the demo store the project's own example; else None."""
    path = Path(data_dir) / OPERATOR_FILE if data_dir is not None else None
    if path is None or not path.exists():
        if not demo:
            return None
        path = DEMO_OPERATOR
    config = read_toml(path)
    for field in ("organisation", "contact"):
        if not str(config.get(field, "")).strip():
            raise ConfigError(f"{path.name}: fältet {field} saknas eller är tomt.",
                              f"{path.name}: the field {field} is missing or empty.")
    if not CONTACT.fullmatch(str(config["contact"]).strip()):
        raise ConfigError(f"{path.name}: fältet contact: väntade en e-postadress eller en webbadress (https://…), "
                          f"fick {config['contact']!r}.",
                          f"{path.name}: the field contact: expected an e-mail address or a web address "
                          f"(https://…), got {config['contact']!r}.")
    return Operator(str(config["organisation"]).strip(), str(config["contact"]).strip(),
                    str(config.get("response_time", "")).strip(), example=path == DEMO_OPERATOR)


@dataclass(frozen=True)
class Audit:
    """The test run the statement is based on."""
    date: str
    commit: str
    uncommitted_changes: bool
    axe_version: str
    browser: str
    standard: str
    kommun: str
    pages: list[dict]          # {"page", "lang", "violations", "streamlit"}: counts of failing elements

    @property
    def violations(self) -> int:
        return sum(p["violations"] for p in self.pages)


def read_audit(path: Path = AUDIT_FILE) -> Audit | None:
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Audit(**{k: raw[k] for k in Audit.__dataclass_fields__})


def compliance(audit: Audit | None) -> str:
    """Digg's three words: helt, delvis or inte förenlig (an i18n key). Known issues make it delvis."""
    if audit is None or audit.violations:
        return "a11y_status_not"
    return "a11y_status_partly" if KNOWN_ISSUES else "a11y_status_fully"


def contact_markdown(op: Operator) -> str:
    """The contact as a link: an e-mail address as mailto:, a web address as itself."""
    target = op.contact if op.contact.startswith(("http://", "https://")) else f"mailto:{op.contact}"
    return f"[{md(op.contact)}]({target})"


def audit_rows(audit: Audit, lang: str) -> list[list[str]]:
    """The figures per page and language: page, language, app's own violations, Streamlit's known ones."""
    languages = {"sv": t("a11y_lang_sv", lang), "en": t("a11y_lang_en", lang)}
    return [[t(PAGE_TITLES[p["page"]], lang) if p["page"] in PAGE_TITLES else p["page"], languages[p["lang"]],
             fmt.number(p["violations"], lang=lang), fmt.number(p["streamlit"], lang=lang)] for p in audit.pages]


def tested_text(audit: Audit, lang: str) -> str:
    """How and when the service was tested (Digg: utvärderingsmetod and datum för bedömning)."""
    version = audit.commit + (t("a11y_uncommitted", lang) if audit.uncommitted_changes else "")
    return t("a11y_tested", lang, axe=audit.axe_version, browser=audit.browser, standard=audit.standard,
             kommun=audit.kommun, date=fmt.long_date(date.fromisoformat(audit.date), lang), version=version,
             pages=len({p["page"] for p in audit.pages}), violations=fmt.number(audit.violations, lang=lang))
