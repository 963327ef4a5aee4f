import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_content")]


def test_filtering_updates_results_in_place_and_back_restores(page):
    page.goto(page.base_url + "/sozialatlas/")
    count = page.locator(".result-count")
    expect(count).to_have_text("15 Einträge")
    page.evaluate("window.notReloaded = true")

    page.locator("summary", has_text="Zielgruppe").click()
    page.get_by_label(re.compile(r"Senior\*innen")).check()
    expect(count).to_have_text("1 Eintrag")
    expect(page).to_have_url(re.compile(r"\?zielgruppe=seniorinnen$"))
    expect(page.locator(".result h3")).to_have_text(["Pflegedrehscheibe Bezirk Leibnitz"])
    assert page.evaluate("window.notReloaded") is True
    # The box keeps the keyboard focus after the filters were replaced.
    assert page.evaluate("document.activeElement.value") == "seniorinnen"

    page.get_by_label("Suchbegriff").fill("Oeziv")
    expect(count).to_have_text("0 Einträge")
    expect(page).to_have_url(re.compile(r"\?q=Oeziv&zielgruppe=seniorinnen$"))

    page.go_back()
    expect(count).to_have_text("1 Eintrag")
    expect(page.get_by_label("Suchbegriff")).to_have_value("")
    page.go_back()
    expect(count).to_have_text("15 Einträge")
    expect(page.get_by_label(re.compile(r"Senior\*innen"))).not_to_be_checked()
    assert page.evaluate("window.notReloaded") is True
    assert_accessible(page)


def test_search_without_javascript_and_german_spelling(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="de-AT")
    page = context.new_page()
    page.goto(live_server.url + "/sozialatlas/")
    page.get_by_label("Suchbegriff").fill("jugendamt")
    page.get_by_role("button", name="Suchen").click()
    expect(page).to_have_url(re.compile(r"q=jugendamt"))
    expect(page.locator(".result h3")).to_have_text(["Kinder- und Jugendhilfe (BH Leibnitz)"])
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/sozialatlas/?q=beratung&zielgruppe=seniorinnen&kostenlos=ja",
        "/sozialatlas/oeziv-leibnitz/",
        "/en/sozialatlas/?gemeinde=leibnitz",
    ],
)
def test_directory_pages_pass_axe(page, path):
    page.goto(page.base_url + path)
    page.locator("details").evaluate_all("(all) => all.forEach((d) => (d.open = true))")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
