"""A partner edits their entry in the browser; the Redaktion sees the change and approves it."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from partners import search
from partners.models import Municipality, PendingChange, Service
from sozialinfo.roles import PARTNER, REDAKTION
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def bruecke(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    org = factories.organisation("Verein Brücke", short_description="Beratung und Begleitung")
    Service.objects.create(organisation=org, name="Schuldnerberatung")
    search.index([org.pk])
    return org


def test_a_partner_edits_their_entry_and_the_redaktion_approves_it(page, bruecke):
    partner = factories.user(
        "bruecke", PARTNER, organisations=[bruecke], email="office@bruecke.example"
    )
    log_in(page, partner)
    page.goto(f"{page.base_url}/admin/partners/organisation/{bruecke.pk}/change/")
    page.get_by_label("Kurzbeschreibung").fill("Beratung für Familien in Not")
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("gehen an die Redaktion")
    expect(page.locator(".messagelist")).to_contain_text("warten auf die Freigabe")
    expect(page.get_by_label("Kurzbeschreibung")).to_have_value("Beratung für Familien in Not")

    public = page.context.new_page()
    public.goto(f"{page.base_url}/sozialatlas/{bruecke.slug}/")
    expect(public.locator("main")).to_contain_text("Beratung und Begleitung")
    expect(public.locator("main")).not_to_contain_text("Familien in Not")

    page.context.clear_cookies()
    log_in(page, factories.user("redaktion", REDAKTION))
    page.goto(f"{page.base_url}/admin/")
    assert_accessible(page)
    page.get_by_role("link", name="1 Änderung einer Partner*in wartet auf Freigabe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Änderungen zur Freigabe: 1 wartet")
    assert_accessible(page)
    page.get_by_role("link", name="Änderung an „Verein Brücke“").click()
    diff = page.locator("table.review-diff")
    expect(diff).to_contain_text("Kurzbeschreibung")
    expect(diff).to_contain_text("Beratung und Begleitung")
    expect(diff).to_contain_text("Beratung für Familien in Not")
    assert_accessible(page)

    page.get_by_role("button", name="Ablehnen").click()
    expect(page.locator(".errorlist")).to_contain_text("Bitte schreiben Sie kurz")
    expect(page.get_by_label("Kommentar an die Partner*in")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Kommentar an die Partner*in").fill("Danke, passt!")
    page.get_by_role("button", name="Freigeben und veröffentlichen").click()
    expect(page.locator(".messagelist")).to_contain_text("Die Änderung ist veröffentlicht")
    expect(page.get_by_role("heading", level=1)).to_have_text("Änderungen zur Freigabe: 0 warten")

    public.reload()
    expect(public.locator("main")).to_contain_text("Beratung für Familien in Not")
    # The approval is in the entry's history, by the Redaktion, naming the partner.
    page.goto(f"{page.base_url}/admin/partners/organisation/{bruecke.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("Änderung von bruecke freigegeben.")
    assert_accessible(page)
    assert PendingChange.objects.get().status == "freigegeben"
    (message,) = mail.outbox
    assert message.to == ["office@bruecke.example"]
    assert "Danke, passt!" in message.body
