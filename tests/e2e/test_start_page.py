import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_content")]


def test_start_page_shows_the_sozial_info_and_passes_axe(page):
    page.goto(page.base_url + "/")
    expect(page).to_have_title(re.compile("Sozial-Info Leibnitz"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sozial-Info")
    expect(page.locator("main")).to_contain_text("Grazer Gasse 2")
    expect(page.locator(".theme-day")).to_have_count(5)
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/sozialatlas/verein-freiraum/",
        "/sozialatlas/arge-flexible-hilfen/",
        "/sozialatlas/?zielgruppe=gibt-es-nicht",
        "/sozialatlas/?q=xyzzy",
        "/thementage/menschen-mit-behinderung/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/gibt-es-nicht/",
        "/en/thementage/",
        "/en/oeffnungszeiten/",
    ],
)
def test_every_public_page_passes_axe(page, path):
    page.goto(page.base_url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("link", "path", "heading"),
    [
        ("Sozialatlas", "/sozialatlas/", "Sozialatlas"),
        ("Thementage", "/thementage/", "Thementage"),
        ("Öffnungszeiten", "/oeffnungszeiten/", "Öffnungszeiten"),
        ("Über uns", "/ueber-uns/", "Über die Sozial-Info"),
    ],
)
def test_navigation_leads_to_each_section(page, link, path, heading):
    page.goto(page.base_url + "/")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name=link).click()
    expect(page).to_have_url(page.base_url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name=link)
    ).to_have_attribute("aria-current", "page")
    assert_accessible(page)


def test_search_box_leads_to_the_directory(page):
    page.goto(page.base_url + "/")
    page.get_by_label("Welches Angebot suchen Sie?").fill("Frauenberatung")
    page.get_by_role("button", name="Suchen").click()
    expect(page).to_have_url(re.compile(r"/sozialatlas/\?q=Frauenberatung"))
    expect(
        page.get_by_role("link", name="Verein Freiraum – Frauenberatung Leibnitz")
    ).to_be_visible()


def test_keyboard_user_can_skip_to_the_content(page):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_english_start_page(page):
    page.goto(page.base_url + "/")
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(page.base_url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
    assert_accessible(page)
