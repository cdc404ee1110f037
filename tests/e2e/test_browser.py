"""The real app in a real browser: what AppTest cannot see (charts drawn, the sidebar after a rerun)."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

# Every page of the app: (url path, texts that must be visible on it with the default kommun).
# Add a line when a page is added to dashboard.py's navigation.
PAGES = [
    ("", ["Lägesbild – Björkås", "Anmälda brott per 100 000 inv.", "Målet:"]),
]


def open_app(page: Page, url: str, path: str = "") -> Page:
    page.goto(f"{url}/{path}")
    expect(page.get_by_text("EXEMPELDATA").first).to_be_visible()
    return page


def sidebar(page: Page):
    return page.get_by_test_id("stSidebar")


def wait_for_run(page: Page) -> None:
    """Until the script run triggered by the last interaction has finished."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)


def choose_kommun(page: Page, name: str) -> None:
    box = sidebar(page).get_by_role("combobox", name=re.compile("Kommun|Municipality"))
    box.click()
    box.fill(name)
    page.keyboard.press("Enter")
    wait_for_run(page)


def test_app_opens_with_demo_banner_and_chart(page, app_url):
    open_app(page, app_url)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.locator("h1").first).to_contain_text("Lägesbild – Björkås")
    # The chart was drawn by Plotly in the browser: its traces are SVG paths with data in them.
    expect(page.locator(".js-plotly-plot .scatterlayer .trace").first).to_be_attached()


def test_switching_kommun_changes_the_page(page, app_url):
    open_app(page, app_url)
    choose_kommun(page, "Hagaström")
    expect(page.locator("h1").first).to_contain_text("Lägesbild – Hagaström")
    expect(page.get_by_text("Målet är uppnått").first).to_be_visible()  # as tests/test_app.py, in the browser


def test_english_switch(page, app_url):
    open_app(page, app_url)
    sidebar(page).get_by_role("radio", name="English").click()
    expect(page.locator("h1").first).to_contain_text("Situation overview – Björkås")
    expect(page.get_by_text("Reported crimes per 100,000 inh.").first).to_be_visible()
    expect(sidebar(page).get_by_text("Municipality")).to_be_visible()


def test_rerun_keeps_the_sidebar_and_its_choices(page, app_url):
    """AppTest drops the entry script's elements after a rerun under st.navigation; the real app must not."""
    open_app(page, app_url)
    choose_kommun(page, "Tallmo")
    expect(page.locator("h1").first).to_contain_text("Tallmo")
    page.locator("h1").first.click()
    page.keyboard.press("r")  # Streamlit's "rerun" shortcut
    wait_for_run(page)
    expect(sidebar(page).get_by_role("combobox", name="Kommun")).to_have_value("Tallmo")
    expect(sidebar(page).get_by_text("Jämför med")).to_be_visible()
    expect(page.get_by_text("EXEMPELDATA").first).to_be_visible()
    expect(page.locator("h1").first).to_contain_text("Lägesbild – Tallmo")


@pytest.mark.parametrize(("path", "texts"), PAGES, ids=[p or "home" for p, _ in PAGES])
def test_every_page_shows_its_key_content(page, app_url, path, texts):
    open_app(page, app_url, path)
    for text in texts:
        expect(page.get_by_text(text).first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
