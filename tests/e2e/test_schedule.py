import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_content")]


def test_filter_the_programme_by_theme(page):
    page.goto(page.base_url + "/thementage/")
    page.get_by_label("Senior*innen").check()
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(re.compile(r"/thementage/\?thema=seniorinnen$"))
    whats = page.locator(".theme-days .theme-day-what")
    expect(whats.first).to_have_text("Senior*innen")
    assert set(whats.all_inner_texts()) == {"Senior*innen"}
    expect(page.get_by_label("Senior*innen")).to_be_checked()
    assert_accessible(page)


def test_month_calendar_passes_axe_and_links_to_the_next_month(page):
    page.goto(page.base_url + "/thementage/?monat=2026-12")
    expect(page.get_by_role("heading", level=1)).to_have_text("Programm Dezember 2026")
    expect(page.locator("table.month-grid td.busy")).to_have_count(10)
    expect(page.get_by_role("button", name="Drucken")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Jänner 2027")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programm Jänner 2027")


def test_monthly_programme_prints_on_one_a4_page(browser, live_server, demo_content):
    page = browser.new_page()
    # December 2026 is a busy month: five theme days and five Wednesdays of StoP.
    page.goto(live_server.url + "/thementage/?monat=2026-12")
    page.emulate_media(media="print")
    expect(page.locator(".month-nav")).to_be_hidden()
    expect(page.locator(".print-only")).to_contain_text("Grazer Gasse 2")
    pdf = page.pdf(format="A4", print_background=True)
    page.close()
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1


@pytest.mark.parametrize(
    "path", ["/thementage/", "/oeffnungszeiten/", "/thementage/seniorinnen/", "/en/thementage/"]
)
def test_schedule_pages_pass_axe(page, path):
    page.goto(page.base_url + path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)


def test_a_bad_month_shows_the_message_accessibly(page):
    page.goto(page.base_url + "/thementage/?monat=Dezember")
    expect(page.get_by_role("alert")).to_contain_text("Bitte geben Sie einen Monat")
    assert_accessible(page)
