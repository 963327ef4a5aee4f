"""The invitation in the browser: the Redaktion invites, the partner sets a password with the
e-mail's link and then sees only their own organisation; axe on every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from sozialinfo.roles import REDAKTION
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

PASSWORD = "Lindenallee-im-Herbst-24"


@pytest.fixture
def orgs(transactional_db):
    return factories.organisation("Verein Freiraum"), factories.organisation("ZEBRA")


def test_the_redaktion_invites_and_the_partner_sees_only_their_organisation(page, orgs):
    log_in(page, factories.user("redaktion", REDAKTION, email="redaktion@stadt.at"))
    page.goto(page.base_url + "/admin/partners/membership/")
    page.get_by_role("link", name="Partner*in einladen").click()
    expect(page.get_by_role("heading", name="Partner*in einladen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Einladung senden").click()
    expect(page.locator(".errornote")).to_contain_text("Bitte korrigieren")
    expect(page.locator(".field-email .errorlist")).to_contain_text("Dieses Feld ist zwingend")

    page.get_by_label("E-Mail-Adresse").fill("fatma@freiraum.at")
    page.get_by_label("Vorname").fill("Fatma")
    page.get_by_label("Nachname").fill("Yilmaz")
    page.get_by_role("group", name="Organisationen").get_by_label("Verein Freiraum").check()
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Die Einladung an fatma@freiraum.at ist verschickt."
    )
    expect(page.get_by_role("row", name=re.compile("Fatma Yilmaz"))).to_contain_text(
        "eingeladen, noch kein Passwort"
    )

    (message,) = mail.outbox
    link = re.search(r"http://\S+/admin/einladung/\S+/", message.body).group(0)
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_text("Schön, dass Sie dabei sind!")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Neues Passwort").fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill("etwas anderes")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.locator(".errorlist")).to_contain_text(
        "Die beiden Passwörter sind nicht identisch."
    )
    assert_accessible(page)
    page.get_by_label("Neues Passwort").fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Passwort speichern").click()

    expect(page).to_have_url(page.base_url + "/admin/")
    expect(page.locator(".messagelist")).to_contain_text("Sie sind angemeldet")
    assert_accessible(page)
    page.goto(page.base_url + "/admin/partners/organisation/")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    expect(page.locator("#result_list")).to_contain_text("Verein Freiraum")
    expect(page.locator("#result_list")).not_to_contain_text("ZEBRA")

    # The link works once: a second visit explains and offers a new one.
    page.context.clear_cookies()
    page.goto(link)
    expect(
        page.get_by_text("Dieser Link ist abgelaufen oder wurde schon verwendet.")
    ).to_be_visible()
    page.get_by_role("link", name="Neuen Link anfordern").click()
    expect(page).to_have_url(page.base_url + "/admin/passwort-vergessen/")
    assert_accessible(page)
