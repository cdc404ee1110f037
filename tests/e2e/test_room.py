"""What the room sees (issue 26), on every page in both languages, opened the way a shared link opens it
(`/malet?kommun=9904&lang=en`): the address shows exactly that kommun and language and keeps them, no button
label is cut at 1600 px, and no page scrolls sideways on a 390 px phone. One server, one page a viewport."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.server import TIMEOUT_MS
from tests.e2e.test_browser import sidebar, wait_for_run

KOMMUN, NAME = "9904", "Hagaström"   # not the default kommun: the address must be what chooses it
# Every page of dashboard.py's navigation: its heading in each language (the kommun's name where it has one).
HEADINGS = {
    "": ("Lägesbild – Hagaström", "Situation overview – Hagaström"),
    "malet": ("Målet – Hagaström", "The target – Hagaström"),
    "faktisk_upplevd": ("Faktisk och upplevd – Hagaström", "Measured and perceived – Hagaström"),
    "omraden": ("Områden – Hagaström", "Areas – Hagaström"),
    "insatser": ("Insatser – Hagaström", "Interventions – Hagaström"),
    "trygghetsbokslut": ("Trygghetsbokslut 2025 – Hagaström", "Annual safety report 2025 – Hagaström"),
    "presentation": ("Hagaström", "Hagaström"),   # the title slide
    "rapport": ("Lägesbild 2025 – Hagaström", "Situation report 2025 – Hagaström"),
    "data": ("Data", "Data"),
    "tillganglighet": ("Tillgänglighets\u00adredogörelse för Lägesbild", "Accessibility statement for Lägesbild"),
}

# A button whose label, or a part of it, is wider than the box that shows it: Streamlit cuts it with "…".
CUT_LABELS = """() => [...document.querySelectorAll('[data-testid="stMain"] button')]
  .filter(b => b.offsetParent !== null && b.innerText.trim())
  .filter(b => [b, ...b.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1
                                                        && getComputedStyle(e).overflowX !== 'visible'))
  .map(b => b.innerText.trim())"""
# Sideways: the page or Streamlit's main area wider than the screen, or text, a table or a chart past its right edge.
SIDEWAYS = """() => { const m = document.querySelector('[data-testid="stMain"]');
  const past = [...m.querySelectorAll('p, li, td, th, h1, h2, h3, h5, button, table, .js-plotly-plot')]
    .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > innerWidth + 1)
    .map(e => e.tagName + ': ' + (e.innerText || '').slice(0, 40));
  return {page: document.documentElement.scrollWidth, main: m.scrollWidth, client: m.clientWidth, past: past}; }"""


def address(path: str, lang: str) -> str:
    return f"/{path}?kommun={KOMMUN}&lang={lang}"


def open_address(page: Page, url: str, path: str, lang: str) -> None:
    """Open the shared address and wait until its page is drawn (a first link on a fresh server goes through
    the entry script first, see pages/_shared.context)."""
    page.goto(url + address(path, lang))
    expect(page.locator("h1").first).to_have_text(HEADINGS[path][lang == "en"], timeout=TIMEOUT_MS)
    wait_for_run(page)
    page.wait_for_timeout(600)   # charts are drawn after the script run


def query(page: Page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_page_from_its_address_on_a_desktop_and_a_phone(browser, app_url, lang):
    desktop = browser.new_context(viewport={"width": 1600, "height": 900}, locale="sv-SE")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE", is_mobile=True)
    for context in (desktop, phone):
        context.set_default_timeout(TIMEOUT_MS)
    wide, narrow = desktop.new_page(), phone.new_page()
    cut, sideways = {}, {}
    for path in HEADINGS:
        open_address(wide, app_url, path, lang)
        assert query(wide) == {"kommun": KOMMUN, "lang": lang}, (path, wide.url)   # the address keeps what it shows
        expect(wide.locator("html")).to_have_attribute("lang", lang)
        if labels := wide.evaluate(CUT_LABELS):
            cut[path] = labels
        open_address(narrow, app_url, path, lang)
        scroll = narrow.evaluate(SIDEWAYS)
        if scroll["page"] > 390 or scroll["main"] > scroll["client"] or scroll["past"]:
            sideways[path] = scroll
    desktop.close()
    phone.close()
    assert cut == {}, f"button labels cut at 1600 px: {cut}"
    assert sideways == {}, f"sideways scrolling at 390 px: {sideways}"


def test_switching_kommun_and_language_updates_the_address_and_the_address_opens_it_again(browser, app_url):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    open_address(page, app_url, "malet", "en")
    box = sidebar(page).get_by_role("combobox", name=re.compile("Municipality"))
    box.click()
    box.fill("Tallmo")
    page.keyboard.press("Enter")
    wait_for_run(page)
    expect(page.locator("h1").first).to_have_text("The target – Tallmo")
    assert query(page) == {"kommun": "9905", "lang": "en"}
    sidebar(page).get_by_role("radio", name="Svenska").click()
    wait_for_run(page)
    expect(page.locator("h1").first).to_have_text("Målet – Tallmo")
    assert query(page) == {"kommun": "9905", "lang": "sv"}
    sidebar(page).locator('[data-testid="stSidebarNav"] a[href$="/insatser"]').first.click()
    wait_for_run(page)
    expect(page.locator("h1").first).to_have_text("Insatser – Tallmo")
    assert urlparse(page.url).path.endswith("/insatser") and query(page) == {"kommun": "9905", "lang": "sv"}
    shared = page.url
    context.close()
    other = browser.new_context(viewport={"width": 1600, "height": 900}, locale="en-GB")   # a colleague's browser
    colleague = other.new_page()
    colleague.goto(shared)
    expect(colleague.locator("h1").first).to_have_text("Insatser – Tallmo", timeout=TIMEOUT_MS)
    other.close()


def test_a_download_is_named_in_words(browser, app_url):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, locale="sv-SE", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    open_address(page, app_url, "malet", "sv")
    with page.expect_download() as info:
        page.get_by_role("button", name="Data (CSV)").first.click()
    assert info.value.suggested_filename == "Brott i offentlig miljö per år – Hagaström.csv"
    context.close()
