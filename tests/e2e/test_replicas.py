"""Two app replicas, as a region or a national host runs them behind a load balancer (docs/performance.md,
"Sizing"): two app processes (`python dashboard.py`) on two loopback ports against one data dir and one PostgreSQL
insatser database. An insats imported through one is shown by the other on its next rerun."""
from __future__ import annotations

from playwright.sync_api import expect

from etl import build
from etl import insatser as insatser_db
from tests.e2e.server import TIMEOUT_MS, VIEWPORT, serving
from tests.e2e.test_browser import sidebar, upload, wait_for_run

# A new insats in an area of Ekbacka (9901), in the format of data/demo/interventions/insatser.csv.
CAMERAS = "Kameraövervakning vid resecentrum"
LOG = f"namn;omrade;typ;start;slut;jamforelseomrade;kommunkod\r\n{CAMERAS};Stationsområdet;Kamera;2024-03-01;;;9901\r\n"


def insatser_page(browser, url: str):
    """A session (its own browser context) on the Insatser page of Ekbacka."""
    context = browser.new_context(viewport=VIEWPORT, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{url}/insatser")
    expect(page.locator("h1").first).to_have_text("Insatser – Ekbacka")
    wait_for_run(page)
    return page


def insats(page, name: str):
    """The insats's own section on the Insatser page (its heading names it and its area)."""
    return page.get_by_role("heading", name=f"{name} – Stationsområdet")


def test_an_insats_imported_through_one_replica_is_shown_by_the_other_after_its_rerun(
        browser, data_dir, postgres, tmp_path):
    build.build(data_dir)  # the shared store, its insatser log moved into PostgreSQL
    with serving(data_dir, tmp_path / "a.log") as (_, a), serving(data_dir, tmp_path / "b.log") as (_, b):
        on_b = insatser_page(browser, b)
        expect(insats(on_b, "Trygghetsvandringar och ny belysning")).to_be_visible()
        expect(insats(on_b, CAMERAS)).to_have_count(0)

        on_a = insatser_page(browser, a)
        sidebar(on_a).locator('[data-testid="stSidebarNav"] a[href$="/data"]').first.click()
        expect(on_a.locator("h1").first).to_have_text("Data")
        wait_for_run(on_a)
        on_a.get_by_role("tab", name="Insatser").click()
        log = tmp_path / "insatser.csv"
        log.write_bytes(LOG.encode("utf-8-sig"))
        upload(on_a, log, listed_as="insatser.csv", uploader=-1)  # the interventions tab's is the page's last
        importera = on_a.get_by_role("button", name="Importera").locator("visible=true")
        expect(importera).to_be_enabled()
        importera.click()
        wait_for_run(on_a)
        expect(on_a.get_by_test_id("stAlertContentSuccess")).to_be_visible()

        # B's session reruns when its user chooses the page again: the new store and the shared database.
        sidebar(on_b).locator('[data-testid="stSidebarNav"] a[href$="/insatser"]').first.click()
        wait_for_run(on_b)
        expect(insats(on_b, CAMERAS)).to_be_visible()
        on_a.context.close()
        on_b.context.close()
    with insatser_db.engine(data_dir).connect() as conn:  # written to PostgreSQL; the data dir has no database
        assert CAMERAS in set(insatser_db.table(conn)["name"])
    assert not (data_dir / insatser_db.DB_FILE).exists()
