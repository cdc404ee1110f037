"""WCAG 2.1 AA in a real browser: axe-core in Chromium on every page, in Swedish and English, on the demo's
default kommun (Ekbacka, which has every kind of data); the document's language and title; each chart
named by its text alternative; keyboard focus visible; Plotly's toolbar small and in the app's language.

axe-core comes from PyPI (axe-playwright-python bundles axe.min.js): nothing is downloaded at test time.
The figures of the run are the statement's (pages/tillganglighet.py): `LAGESBILD_AXE_RECORD=1 python -m
pytest tests/e2e/test_accessibility.py` writes them to data/accessibility_audit.json; without the flag
the test fails when the committed figures no longer match the app.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from lagesbild.accessibility import AUDIT_FILE, read_audit
from tests.conftest import ROOT
from tests.e2e.test_browser import PAGES
from tests.e2e.test_for_directors import visit

AXE = Axe()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RECORD = os.environ.get("LAGESBILD_AXE_RECORD") == "1"

# Streamlit's own markup that the app cannot change, excluded rule by rule and only inside its container;
# each is a known issue in the statement (lagesbild/accessibility.py KNOWN_ISSUES, "nav_list"):
# st.navigation's sidebar list puts each section's links in a <div> inside the <ul>, under its heading.
STREAMLIT_OWN = {"list": '[data-testid="stSidebarNav"]', "listitem": '[data-testid="stSidebarNav"]'}

RESULTS: dict[tuple[str, str], dict] = {}
RESULTS_DIR = ROOT / "test-results"
SHOT_AT = (2, 7, 8, 16, 18)  # Tab stops to keep a screenshot of: a sidebar link, language, kommun, toolbar, download
TITLES = {"sv": {"": "Lägesbild", "malet": "Målet – Lägesbild", "tillganglighet": "Tillgänglighetsredogörelse – Lägesbild"},
          "en": {"": "Situation overview – Lägesbild", "malet": "The target – Lägesbild",
                 "tillganglighet": "Accessibility statement – Lägesbild"}}


def audit(page: Page) -> tuple[list[str], int]:
    """axe's WCAG 2.1 A/AA violations: those in the app's content (rule, element, help) and how many
    elements of Streamlit's own, excluded markup failed."""
    result = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    app, streamlit = [], 0
    for violation in result.response["violations"]:
        for node in violation["nodes"]:
            container = STREAMLIT_OWN.get(violation["id"])
            selector = node["target"][0] if len(node["target"]) == 1 else None
            if container and selector and page.evaluate("([s, c]) => !!document.querySelector(s)?.closest(c)",
                                                        [selector, container]):
                streamlit += 1
            else:
                app.append(f"{violation['id']} ({violation['impact']}): {violation['help']} – {node['target']} "
                           f"{node.get('failureSummary', '')}")
    return app, streamlit


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", [p for p, _ in PAGES], ids=lambda p: p or "home")
def test_no_wcag_violations_in_the_apps_content(browser, app_url, path, lang):
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, locale="sv-SE")
    context.set_default_timeout(60_000)
    page = context.new_page()
    visit(page, app_url, path, lang)
    page.wait_for_timeout(1000)
    # The document's language and the page's own title in it (WCAG 3.1.1, 2.4.2).
    expect(page.locator("html")).to_have_attribute("lang", lang)
    if path in TITLES[lang]:
        expect(page).to_have_title(TITLES[lang][path])
    app, streamlit = audit(page)
    RESULTS[(path, lang)] = {"page": path, "lang": lang, "violations": len(app), "streamlit": streamlit}
    context.close()
    assert app == [], "\n".join(app)


# The focused element, whether a ring of ≥ 2 px is drawn around it and it can be seen: on screen and not
# transparent (Streamlit and Plotly hide some controls until hovered: a heading's link icon, the chart toolbar).
FOCUS = """() => { const e = document.activeElement;
  if (!e || e === document.body) return null;
  let opacity = 1; for (let x = e; x; x = x.parentElement) opacity *= +getComputedStyle(x).opacity;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {what: e.tagName + ' ' + (e.getAttribute('aria-label') || e.innerText || '').slice(0, 40).trim(),
          ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, opacity: opacity,
          on_screen: r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight}; }"""


@pytest.mark.parametrize("size", [(1600, 900), (390, 844)], ids=["1600x900", "390x844"])
def test_keyboard_focus_is_visible_on_every_stop(browser, app_url, size):
    """Tab through the target page (sidebar links, language, kommun, the chart's toolbar, downloads):
    every stop shows a focus ring. Screenshots of some stops go to test-results/ for a person to look at."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE", is_mobile=width < 600)
    page = context.new_page()
    visit(page, app_url, "malet") if width > 600 else page.goto(f"{app_url}/malet")
    expect(page.get_by_text("EXEMPELDATA").first).to_be_visible()
    page.wait_for_timeout(1500)
    RESULTS_DIR.mkdir(exist_ok=True)
    stops, unseen = [], []
    for n in range(40):
        page.keyboard.press("Tab")
        page.wait_for_timeout(400)   # hidden controls fade in
        focused = page.evaluate(FOCUS)
        if focused is None:   # back at the start of the document
            break
        stops.append(focused["what"])
        if not focused["ring"] or focused["opacity"] < 0.9 or not focused["on_screen"]:
            unseen.append(focused)
        if n in SHOT_AT:
            page.screenshot(path=str(RESULTS_DIR / f"focus_{width}x{height}_{n:02d}.png"))
    context.close()
    assert len(stops) > 10 and unseen == [], "\n".join(map(str, unseen))


def test_each_chart_is_named_by_its_text_alternative_and_has_a_small_toolbar_in_swedish(page, app_url):
    visit(page, app_url, "faktisk_upplevd")
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    charts = page.get_by_test_id("stPlotlyChart")
    # Every chart drawn before counting (index, quadrant, two trends, survey areas, comparison, the funnel, map).
    expect(charts).to_have_count(8)
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    page.wait_for_timeout(500)
    n = charts.count()
    captions = " ".join(page.get_by_test_id("stCaptionContainer").all_inner_texts())
    assert n >= 3
    for i in range(n):
        chart = charts.nth(i)
        expect(chart).to_have_attribute("role", "figure")
        name = chart.get_attribute("aria-label")
        assert name and len(name) > 40 and re.search(r"diagram|Karta", name), name   # what it shows, in words
    assert "Textalternativ" not in captions   # read to a screen reader, not printed under every chart
    titles = page.locator(".modebar-btn").evaluate_all("bs => bs.map(b => b.getAttribute('data-title'))")
    # Streamlit adds its own Fullscreen button to the toolbar (in English: a known issue in the statement).
    plotly = [title for title in titles if title != "Fullscreen"]
    assert len(plotly) <= n, titles   # one Plotly button a chart, where there were six
    assert set(plotly) <= {"Återställ axlarna", "Återställ vyn"}, titles


def test_the_statement_page_at_desktop_and_phone_size(browser, app_url):
    """For a person to look at (test-results/): the statement in full at 1600×900 and on a phone."""
    RESULTS_DIR.mkdir(exist_ok=True)
    for width, height in ((1600, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE",
                                      is_mobile=width < 600)
        page = context.new_page()
        page.goto(f"{app_url}/tillganglighet")
        expect(page.get_by_text("Hur vi testat tjänsten")).to_be_visible()
        expect(page.get_by_role("link", name="anmäla det till Digg")).to_have_attribute(
            "href", "https://www.digg.se/tdosanmalan")
        page.wait_for_timeout(500)
        page.screenshot(path=str(RESULTS_DIR / f"statement_{width}x{height}.png"))
        main = page.get_by_test_id("stMain")
        main.evaluate("m => m.scrollTo(0, m.scrollHeight)")
        page.screenshot(path=str(RESULTS_DIR / f"statement_{width}x{height}_end.png"))
        context.close()


def test_the_statements_figures_are_this_runs(request):
    """Runs after the audits (same module, defined last): the committed figures are the app's, or are
    rewritten with LAGESBILD_AXE_RECORD=1."""
    expected = len(PAGES) * 2
    if len(RESULTS) < expected:
        pytest.skip("only part of the audit ran")
    rows = [RESULTS[(path, lang)] for lang in ("sv", "en") for path, _ in PAGES]
    if RECORD:
        AUDIT_FILE.write_text(json.dumps(record(rows, request), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    committed = read_audit()
    assert committed is not None and committed.pages == rows, (
        f"{AUDIT_FILE.name} does not hold this run's figures: run LAGESBILD_AXE_RECORD=1 python -m pytest "
        f"tests/e2e/test_accessibility.py and commit it")


def record(rows: list[dict], request) -> dict:
    """The run as the statement states it: date, the commit tested (and whether files had changed), tools."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()

    browser = request.getfixturevalue("browser")
    changed = git("status", "--porcelain", "--", ".", f":!{AUDIT_FILE.relative_to(ROOT)}")
    axe_version = re.search(r"axe v([\d.]+)", AXE.axe_script[:200]).group(1)
    return {"date": date.today().isoformat(), "commit": git("rev-parse", "--short", "HEAD"),
            "uncommitted_changes": bool(changed), "axe_version": axe_version,
            "browser": f"Chromium {browser.version}", "standard": "WCAG 2.1 A/AA", "kommun": "Ekbacka (9901)",
            "pages": rows}
