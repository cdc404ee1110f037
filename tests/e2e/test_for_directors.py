"""What a kommundirektör sees: the answer on the first screen, plain words, slides that fit a projector,
a phone without sideways scrolling, and a browser that talks to nobody but the app's own host."""
from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_browser import PAGES, wait_for_run

# Method and developer words that belong in "Så räknar vi", the Data page and the README, not in the
# main text a director reads (collapsed expanders are not visible text).
METHOD_WORDS = re.compile(
    r"Poisson|binomial|överspridning|overdispersion|\boffset\b|Kish|min_n|segmenter|segmented|(?-i:\bITS\b|\bDiD\b)"
    r"|\bkvot\b|\bratio\b|\.toml|python -m|\.csv\b|\.xlsx\b|\.json\b|secrets", re.IGNORECASE)
SCROLL = """() => { const m = document.querySelector('[data-testid="stMain"]');
                    return {height: m.scrollHeight, client: m.clientHeight, width: m.scrollWidth,
                            clientWidth: m.clientWidth, page: document.documentElement.scrollWidth}; }"""


def visit(page: Page, url: str, path: str = "", lang: str = "sv") -> None:
    """Open the app, choose the language, then go to the page the way a user does (the sidebar keeps
    the session's choices; presentation mode itself has no sidebar)."""
    page.goto(url)
    expect(page.get_by_text("EXEMPELDATA").first).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    if lang == "en":
        sidebar.get_by_role("radio", name="English").click()
        wait_for_run(page)
    if path:
        sidebar.locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first.click()
    wait_for_run(page)
    page.wait_for_timeout(500)  # charts are drawn after the script run


def test_the_answer_is_on_the_first_screen(browser, app_url):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="sv-SE")
    page = context.new_page()
    visit(page, app_url)
    for text in ("Brott i offentlig miljö ska minska 2020–2023 jämfört med 2016–2019", "Målet är uppnått: −19"):
        box = page.get_by_text(text).first.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 900, (text, box)
    context.close()


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", [p for p, _ in PAGES if p != "data"], ids=lambda p: p or "home")
def test_no_method_words_in_the_main_text(page, app_url, path, lang):
    visit(page, app_url, path, lang)
    text = page.get_by_test_id("stMain").inner_text()
    assert not METHOD_WORDS.findall(text), METHOD_WORDS.findall(text)


# How much of the screen a slide uses: the bottom of its lowest text or chart, and its chart's plot.
FILLED = """() => { const c = document.querySelector('[data-testid="stMainBlockContainer"]');
  const shown = [...c.querySelectorAll('.lb-source, .lb-body, .lb-figure, h1, .js-plotly-plot')]
    .filter(e => e.getBoundingClientRect().height > 0);
  const svg = c.querySelector('.js-plotly-plot .main-svg');
  return {bottom: Math.max(...shown.map(e => e.getBoundingClientRect().bottom)),
          chart: svg ? svg.getBoundingClientRect().height : 0}; }"""


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("size", [(1600, 900), (1920, 1080)], ids=["1600x900", "1920x1080"])
def test_every_presentation_slide_fills_the_screen(browser, app_url, size, lang):
    """Issue 26: each slide uses at least 85 % of the screen's height (its foot at the bottom), a chart slide's chart
    at least half, and nothing scrolls (a phone's sideways scrolling: tests/e2e/test_room.py, every page)."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(f"{app_url}/presentation?kommun=9901&lang={lang}")
    counter = page.get_by_text(re.compile(r"(Bild|Slide) \d+ (av|of) \d+"))
    expect(counter).to_be_visible()
    total = int(re.search(r"(?:av|of) (\d+)", counter.inner_text()).group(1))
    word = "Bild {n} av {total}" if lang == "sv" else "Slide {n} of {total}"
    unfilled = []
    for n in range(1, total + 1):
        expect(counter).to_have_text(word.format(n=n, total=total))
        wait_for_run(page)
        page.wait_for_timeout(400)
        def short(filled: dict) -> bool:
            return filled["bottom"] < 0.85 * height or 0 < filled["chart"] < 0.5 * height

        scroll, filled = page.evaluate(SCROLL), page.evaluate(FILLED)
        if short(filled):   # a chart grows to its box after it is first drawn: measure once more when it has
            page.wait_for_timeout(1500)
            scroll, filled = page.evaluate(SCROLL), page.evaluate(FILLED)
        assert scroll["height"] <= scroll["client"], (n, scroll)
        if short(filled):
            unfilled.append((n, filled))
        expect(page.get_by_text("EXEMPELDATA")).to_have_count(1)  # one mark, not the banner as well
        if n < total:
            page.get_by_role("button", name="Nästa" if lang == "sv" else "Next").click()
    context.close()
    assert unfilled == []


def test_the_browser_talks_to_the_apps_own_host_only(browser, app_url):
    """No usage statistics to Streamlit, no fonts or icons from Google: every request goes to the app."""
    own = urlparse(app_url).netloc
    elsewhere = []
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="sv-SE")
    context.on("request", lambda r: elsewhere.append(r.url)
               if urlparse(r.url).scheme in ("http", "https", "ws", "wss") and urlparse(r.url).netloc != own else None)
    page = context.new_page()
    for path, _ in PAGES:
        visit(page, app_url, path)
        page.wait_for_timeout(1500)
    context.close()
    assert elsewhere == []


def test_the_bokslut_verdicts_are_in_view_at_1600_without_sideways_scrolling(browser, app_url):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="sv-SE")
    page = context.new_page()
    visit(page, app_url, "trygghetsbokslut")
    scroll = page.evaluate(SCROLL)
    assert scroll["page"] <= 1600 and scroll["width"] <= scroll["clientWidth"], scroll
    verdict = page.get_by_role("columnheader", name="Bedömning mot utgångsläget").first.bounding_box()
    assert verdict is not None and verdict["x"] + verdict["width"] <= 1600, verdict
    for header in ("Mot föregående mätning", "Mot utgångsläget 2020–2023"):   # every change is marked säkerställd or not
        box = page.get_by_role("columnheader", name=header).first.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1600, (header, box)
    context.close()
