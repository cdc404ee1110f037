"""The real app in a real browser: what AppTest cannot see (charts drawn, the sidebar after a rerun)."""
from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pptx import Presentation

from tests.e2e.server import TIMEOUT_MS, VIEWPORT, serving

# Every page of the app: (url path, texts that must be visible on it with the default kommun, Ekbacka:
# the demo opens on the kommun with every kind of data, so every page has content on a first visit).
# Add a line when a page is added to dashboard.py's navigation.
PAGES = [
    ("", ["Lägesbild – Ekbacka", "Anmälda brott per 100 000 inv.", "Målet:"]),
    ("malet", ["Målet – Ekbacka", "Brott i offentlig miljö ska minska 2020–2023"]),
    ("faktisk_upplevd", ["Faktisk och upplevd – Ekbacka", "Förändring period för period"]),
    ("omraden", ["Områden – Ekbacka", "Lägesbild per område", "Kvartalets prioritering"]),
    ("insatser", ["Insatser – Ekbacka", "Trygghetsvandringar och ny belysning – Stationsområdet"]),
    ("trygghetsbokslut", ["Trygghetsbokslut 2025 – Ekbacka", "Bedömning mot utgångsläget", "Färre fallolyckor bland äldre"]),
    ("presentation", ["Bild 1 av"]),
    ("data", ["Källor", "Täckning", "Importera filer"]),
    ("tillganglighet", ["redogörelse för Lägesbild", "Hur vi testat tjänsten", "Tillsyn"]),
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
    # expect() waits 5 s by default; a deck or an import on a busy 2-core machine takes longer.
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=TIMEOUT_MS)
    # Elements of the previous run are faded (Streamlit marks them data-stale) until the new run replaces them.
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=TIMEOUT_MS)


def choose_kommun(page: Page, name: str) -> None:
    box = sidebar(page).get_by_role("combobox", name=re.compile("Kommun|Municipality"))
    box.click()
    box.fill(name)
    page.keyboard.press("Enter")
    wait_for_run(page)


def test_app_opens_with_demo_banner_and_chart(page, app_url):
    open_app(page, app_url)
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    expect(page.locator("h1").first).to_contain_text("Lägesbild – Ekbacka")
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
    expect(page.locator("h1").first).to_contain_text("Situation overview – Ekbacka")
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
    # exact: the comparison group's box ("Liknande kommuner") has "kommun" in its name too
    expect(sidebar(page).get_by_role("combobox", name="Kommun", exact=True)).to_have_value("Tallmo")
    expect(sidebar(page).get_by_text("Jämför med")).to_be_visible()
    expect(page.get_by_text("EXEMPELDATA").first).to_be_visible()
    expect(page.locator("h1").first).to_contain_text("Lägesbild – Tallmo")


@pytest.mark.parametrize(("path", "texts"), PAGES, ids=[p or "home" for p, _ in PAGES])
def test_every_page_shows_its_key_content(page, app_url, path, texts):
    open_app(page, app_url)
    if path:  # the way a user gets there: the sidebar's navigation
        sidebar(page).locator(f'[data-testid="stSidebarNav"] a[href$="/{path}"]').first.click()
        wait_for_run(page)
    for text in texts:
        expect(page.get_by_text(text).first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_areas_without_incidents_show_the_survey_per_area(page, app_url):
    open_app(page, app_url, "omraden")
    choose_kommun(page, "Björkås")
    for text in ("Områden – Björkås", "Det finns inga händelser per område för Björkås",
                 "Egen trygghetsmätning 2025, per område"):
        expect(page.get_by_text(text).first).to_be_visible()


def download(page: Page, button) -> bytes:
    with page.expect_download() as info:
        button.click()
    return Path(info.value.path()).read_bytes()


def test_chart_png_download(page, app_url):
    """The server renders the chart (Kaleido + Chromium) and the browser receives a real PNG."""
    open_app(page, app_url)
    page.get_by_role("button", name="Förbered bild").first.click()
    wait_for_run(page)
    png = download(page, page.get_by_test_id("stDownloadButton").get_by_role("button", name="PNG").first)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (3200, 1800)  # 1600×900 at scale 2, sharp on a projector


def test_deck_download(page, app_url):
    open_app(page, app_url)
    page.get_by_role("button", name="Skapa presentation").click()
    wait_for_run(page)
    pptx = download(page, page.get_by_role("button", name="Ladda ned presentationen (PowerPoint)"))
    texts = [" ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
             for s in Presentation(io.BytesIO(pptx)).slides]
    assert len(texts) >= 5 and "Ekbacka" in texts[0]
    assert all("EXEMPELDATA" in text for text in texts)


def upload(page: Page, path: Path, listed_as: str, uploader: int = 0) -> None:
    """Attach a file to the page's first uploader (or the `uploader`th, -1 the last) and wait until it
    lists it (its name shortened, hence `listed_as`). On a loaded machine the page can still be streaming
    its elements and replace the uploader, dropping the file: attach again then, a few times at most."""
    for _ in range(3):
        page.get_by_test_id("stFileUploaderDropzoneInput").nth(uploader).set_input_files(str(path))
        try:
            expect(page.get_by_test_id("stFileUploader").nth(uploader)).to_contain_text(listed_as, timeout=15_000)
            return
        except AssertionError:
            wait_for_run(page)
    raise AssertionError(f"the uploader never listed {path.name}")


def test_bad_upload_shows_file_row_and_column_and_changes_nothing(page, app_url, app_data_dir, tmp_path):
    before = (app_data_dir / "processed" / "CURRENT").read_text()
    bad = tmp_path / "Anmälda brott kommunerna 2024.csv"
    bad.write_bytes("Kommun;Antal;Per 100 000 inv.\r\nVärnamo;tolv;1,0\r\n".encode("utf-8-sig"))
    open_app(page, app_url)
    sidebar(page).locator('[data-testid="stSidebarNav"] a[href$="/data"]').first.click()
    # Upload only once the Data page has rendered: an upload racing the page's own run is reset by it.
    expect(page.locator("h1").first).to_have_text("Data", timeout=TIMEOUT_MS)
    expect(page.get_by_text("Importera filer")).to_be_visible(timeout=TIMEOUT_MS)
    wait_for_run(page)
    upload(page, bad, listed_as="2024.csv")
    wait_for_run(page)
    importera = page.get_by_role("button", name="Importera").first
    expect(importera).to_be_enabled(timeout=TIMEOUT_MS)  # enabled once the upload has reached the server
    importera.click()
    wait_for_run(page)
    alert = page.get_by_test_id("stAlert").filter(has_text="Importen stoppades")
    expect(alert).to_contain_text("Anmälda brott kommunerna 2024.csv")
    expect(alert).to_contain_text("rad 2")
    expect(alert).to_contain_text("Antal")
    assert (app_data_dir / "processed" / "CURRENT").read_text() == before


@pytest.mark.parametrize("path, title", [("malet", "Målet – Ekbacka"), ("insatser", "Insatser – Ekbacka")])
def test_direct_link_on_a_fresh_server_opens_its_own_page(browser, app_data_dir, tmp_path, path, title):
    """A bookmarked link is the first request a new server sees: it must open that page, not the start page."""
    with serving(app_data_dir, tmp_path / "streamlit.log") as (_, url):
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto(f"{url}/{path}")
        expect(page.locator("h1").first).to_contain_text(title, timeout=TIMEOUT_MS)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        context.close()
