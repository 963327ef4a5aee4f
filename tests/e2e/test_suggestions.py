"""The public's forms in the browser: suggesting an organisation, reporting an outdated entry."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from partners.models import Suggestion
from tests import factories
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def content(transactional_db):
    cache.clear()  # the rate limit counts per address, and here every request is 127.0.0.1
    factories.info_point(email="info@sozialinfo.example", phone="03452 76 000")
    factories.organisation("Verein Brücke", short_description="Beratung und Begleitung")
    yield
    cache.clear()


def test_suggesting_an_organisation(page):
    page.goto(page.base_url + "/sozialatlas/")
    page.get_by_role("link", name="Schlagen Sie sie vor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisation vorschlagen")
    # The trap for robots is neither seen nor heard.
    expect(page.locator("#id_homepage")).to_be_hidden()
    expect(page.get_by_label("Bitte dieses Feld leer lassen")).to_be_hidden()
    assert_accessible(page)

    page.get_by_label("Was wird angeboten?").fill("Lebensmittel für Menschen mit wenig Geld")
    page.get_by_label("Postleitzahl").fill("84")
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie die markierten Angaben")
    name = page.get_by_label("Name der Organisation")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_accessible_description("Bitte geben Sie den Namen der Organisation an.")
    expect(page.get_by_label("Was wird angeboten?")).to_have_value(
        "Lebensmittel für Menschen mit wenig Geld"
    )
    assert_accessible(page)

    name.fill("Tafel Leibnitz")
    page.get_by_label("Postleitzahl").fill("8430")
    page.get_by_label("Ihre E-Mail-Adresse für Rückfragen").fill("ich@privat.example")
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke für Ihren Vorschlag!")
    assert_accessible(page)
    suggestion = Suggestion.objects.get()
    assert (suggestion.name, suggestion.postal_code, suggestion.sender_email) == (
        "Tafel Leibnitz",
        "8430",
        "ich@privat.example",
    )


def test_reporting_an_outdated_entry(page):
    page.goto(page.base_url + "/sozialatlas/verein-brucke/")
    expect(page.get_by_text("Zuletzt geprüft am")).to_be_visible()
    page.get_by_text("Eintrag veraltet? Melden").click()
    assert_accessible(page)
    page.get_by_role("button", name="Hinweis senden").click()
    # An empty report: the form's own page says what is missing.
    expect(page.get_by_role("heading", level=1)).to_have_text("Eintrag veraltet? Melden")
    expect(page.get_by_label("Was stimmt nicht mehr?")).to_have_accessible_description(
        "Bitte schreiben Sie uns, was nicht mehr stimmt. "
        "Zum Beispiel eine neue Telefonnummer, andere Öffnungszeiten, ein Umzug."
    )
    assert_accessible(page)
    page.get_by_label("Was stimmt nicht mehr?").fill("Die Telefonnummer ist jetzt 03452 99")
    page.get_by_role("button", name="Hinweis senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke für Ihren Hinweis!")
    assert_accessible(page)
    page.get_by_role("link", name="Zurück zu Verein Brücke").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verein Brücke")
    report = Suggestion.objects.get()
    assert (report.kind, report.organisation.name) == ("korrektur", "Verein Brücke")


def test_the_forms_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="de-AT")
    page = context.new_page()
    page.goto(live_server.url + "/sozialatlas/verein-brucke/")
    page.get_by_text("Eintrag veraltet? Melden").click()
    page.get_by_label("Was stimmt nicht mehr?").fill("Umgezogen")
    page.get_by_role("button", name="Hinweis senden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danke für Ihren Hinweis!")
    page.goto(live_server.url + "/en/sozialatlas/vorschlagen/")
    page.get_by_label("Name of the organisation").fill("Tafel")
    page.get_by_label("What is offered?").fill("Food")
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your suggestion!")
    context.close()
    assert Suggestion.objects.count() == 2
