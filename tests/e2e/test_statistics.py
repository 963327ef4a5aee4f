"""The statistics page in the browser: a period chosen by link, by form and by keyboard, axe on
phone and desktop, messages at the fields, and the printed report."""

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo_content")]

URL = "/kontakte/statistik/"


@pytest.fixture
def team(page):
    log_in(page, get_user_model().objects.get(username="team"))
    return page


def test_the_demos_eight_months_read_like_the_towns_report(team):
    page = team
    today = timezone.localdate()
    first = today - relativedelta(months=8)
    page.goto(page.base_url + URL)
    page.get_by_label("von").fill(first.isoformat())
    page.get_by_label("bis (einschließlich)").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Anzeigen").click()
    expect(page).to_have_url(re.compile(rf"von={first.isoformat()}"))
    expect(page.locator("[data-summary]")).to_contain_text(
        re.compile(r"^Über \d\s\d00 Kontakte in 8 Monaten, ca\. 2/3 davon Bürger\*innen, 1/3")
    )
    for name in ["Wer fragt", "Verlauf nach Monaten", "Kontaktweg", "Themen", "Zielgruppen"]:
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
        expect(page.get_by_role("table", name=re.compile(f"^{name},"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Wohnen"))).to_be_visible()
    assert_accessible(page)


def test_a_named_period_by_link_and_by_keyboard(team):
    page = team
    page.goto(page.base_url + URL)
    expect(page.get_by_role("link", name="Dieser Monat")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Letzter Monat").click()
    expect(page).to_have_url(re.compile(r"zeitraum=vormonat$"))
    expect(page.get_by_role("link", name="Letzter Monat")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Dieses Jahr").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"zeitraum=jahr$"))
    expect(page.locator(".report-period")).to_contain_text(f"{timezone.localdate().year}")
    # The form keeps the chosen year's days; Enter in a field sends it.
    page.get_by_label("Verlauf gruppieren").select_option("woche")
    page.get_by_label("von").press("Enter")
    expect(page).to_have_url(re.compile(r"gruppierung=woche"))
    expect(page.get_by_role("heading", name="Verlauf nach Wochen")).to_be_visible()
    assert_accessible(page)


def test_bad_days_get_a_message_at_the_field(team):
    page = team
    page.goto(page.base_url + URL + "?von=2026-03-31&bis=2026-01-01")
    field = page.get_by_label("bis (einschließlich)")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("Der letzte Tag liegt vor dem ersten"))
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator("[data-summary]")).to_have_count(0)
    assert_accessible(page)


def test_the_report_prints_without_the_controls(browser, live_server, demo_content):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-AT")
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, get_user_model().objects.get(username="team"))
    page.goto(page.base_url + URL + "?zeitraum=vormonat")
    expect(page.get_by_role("button", name="Bericht drucken")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".period-choice")).to_be_hidden()
    expect(page.locator(".report-actions")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".report-head .print-only")).to_be_visible()
    expect(page.locator("[data-summary]")).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)
    context.close()
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 2 <= pages <= 8, pages
