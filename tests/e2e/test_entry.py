"""Quick entry in the browser: a few taps, saved once, and nothing lost when the line is down."""

import pytest
from playwright.sync_api import expect

from contacts.models import Channel, Contact
from sozialinfo.roles import TEAM
from tests import factories
from tests.e2e.conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e

STORE = (
    "localStorage.getItem('sozialinfo.pending-contacts.' "
    "+ document.querySelector('[data-entry]').dataset.user)"
)


@pytest.fixture
def entry(page, transactional_db):
    factories.info_point()
    for i, name in enumerate(["persönlich", "Telefon", "E-Mail"]):
        Channel.objects.create(name=name, position=i)
    for name in ["Wohnen", "Arbeit", "Gesundheit"]:
        factories.topic(name)
    factories.target_group("Senior*innen")
    factories.organisation("Caritas Leibnitz")
    factories.organisation("Pflegedrehscheibe")
    log_in(page, factories.user("team", TEAM))
    page.goto(page.base_url + "/kontakte/erfassen/")
    return page


def saved_once():
    expect_count(1)
    return Contact.objects.get()


def expect_count(n):
    # The server answers before the page updates; poll the database like a user would reload.
    for _ in range(50):
        if Contact.objects.count() == n:
            return
        import time

        time.sleep(0.1)
    assert Contact.objects.count() == n


def test_a_contact_in_three_taps_saved_once_on_a_double_click(entry):
    page = entry
    assert_accessible(page)
    page.get_by_role("radio", name="Telefon").check()
    page.get_by_role("radio", name="Bürger*in").check()
    page.get_by_role("checkbox", name="Wohnen").check()
    referral = page.get_by_label("Weitervermittelt an")
    referral.fill("Cari")
    expect(page.locator("#organisations option")).to_have_count(1)
    referral.fill("Caritas Leibnitz")
    expect(page.get_by_role("list", name="Gewählte Organisationen")).to_contain_text(
        "Caritas Leibnitz"
    )
    expect(referral).to_have_value("")
    page.get_by_role("button", name="Speichern").dblclick()

    expect(page.locator("[data-saved]")).to_contain_text("Gespeichert:")
    expect(page.get_by_role("heading", name="Heute erfasst: 1 Kontakt")).to_be_visible()
    contact = saved_once()
    assert (contact.channel.name, contact.requester) == ("Telefon", "citizen")
    assert [t.name for t in contact.topics.all()] == ["Wohnen"]
    assert [o.name for o in contact.referred_to.all()] == ["Caritas Leibnitz"]
    # The form is fresh for the next person, on the same channel.
    expect(page.get_by_role("radio", name="Telefon")).to_be_checked()
    expect(page.get_by_role("radio", name="Bürger*in")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Wohnen")).not_to_be_checked()
    assert_accessible(page)


def test_keyboard_shortcuts(entry):
    page = entry
    page.keyboard.press("Alt+3")
    expect(page.get_by_role("radio", name="E-Mail")).to_be_checked()
    page.keyboard.press("Alt+o")
    expect(page.get_by_role("radio", name="Organisation")).to_be_checked()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("heading", name="Heute erfasst: 1 Kontakt")).to_be_visible()
    contact = saved_once()
    assert (contact.channel.name, contact.requester) == ("E-Mail", "organisation")


def test_offline_the_entry_waits_in_the_browser_and_goes_out_once_back_online(entry):
    page = entry
    page.context.set_offline(True)
    page.get_by_role("radio", name="Organisation").check()
    page.get_by_role("checkbox", name="Arbeit").check()
    page.get_by_role("button", name="Speichern").click()

    pending = page.get_by_role("status").filter(has_text="Noch nicht gespeichert: 1 Kontakt")
    expect(pending).to_be_visible()
    expect(page.get_by_role("radio", name="Organisation")).to_be_checked()  # still in the form
    assert "organisation" in page.evaluate(STORE)
    assert not Contact.objects.exists()
    assert_accessible(page)

    page.context.set_offline(False)  # the browser says "online"; the page sends at once
    expect(pending).to_be_hidden()
    expect(page.get_by_role("heading", name="Heute erfasst: 1 Kontakt")).to_be_visible()
    contact = saved_once()
    assert [t.name for t in contact.topics.all()] == ["Arbeit"]
    assert page.evaluate(STORE) == "[]"


def test_a_lost_answer_does_not_save_twice(entry):
    page = entry

    def lose_the_answer(route):
        page.request.fetch(route.request)  # the server saves it ...
        route.abort("connectionreset")  # ... but the answer never arrives

    page.route("**/kontakte/erfassen/", lose_the_answer)
    page.get_by_role("radio", name="Bürger*in").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Noch nicht gespeichert: 1 Kontakt")).to_be_visible()
    saved_once()

    page.unroute_all(behavior="wait")
    retry = page.get_by_role("button", name="Jetzt erneut senden")
    if retry.is_visible():  # unless the page's own retry got through first
        retry.click()
    expect(page.get_by_text("Noch nicht gespeichert")).to_be_hidden()
    expect(page.get_by_role("heading", name="Heute erfasst: 1 Kontakt")).to_be_visible()
    assert Contact.objects.count() == 1


def test_a_server_error_keeps_the_entry_even_over_a_reload(entry):
    page = entry
    page.route(
        "**/kontakte/erfassen/",
        lambda route: (
            route.fulfill(status=502, body="Bad Gateway")
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    page.get_by_role("radio", name="Bürger*in").check()
    page.get_by_role("checkbox", name="Gesundheit").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Noch nicht gespeichert: 1 Kontakt")).to_be_visible()

    # Another entry while the first waits.
    page.get_by_role("button", name="Nächsten Kontakt erfassen").click()
    expect(page.get_by_role("radio", name="Bürger*in")).not_to_be_checked()
    page.get_by_role("radio", name="Organisation").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Noch nicht gespeichert: 2 Kontakte")).to_be_visible()
    assert not Contact.objects.exists()

    page.unroute_all(behavior="wait")
    page.reload()
    expect(page.get_by_role("heading", name="Heute erfasst: 2 Kontakte")).to_be_visible()
    expect(page.get_by_text("Noch nicht gespeichert")).to_be_hidden()
    expect_count(2)
    assert sorted(Contact.objects.values_list("requester", flat=True)) == [
        "citizen",
        "organisation",
    ]
    assert Contact.objects.filter(topics__name="Gesundheit").count() == 1


def test_a_refused_entry_shows_why(entry):
    page = entry
    page.get_by_role("radio", name="Bürger*in").check()
    page.get_by_label("Notiz (optional)").fill("Rückruf unter 0664 1234567")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Bitte prüfen Sie die markierten Angaben. Der Kontakt ist noch nicht gespeichert."
    )
    expect(page.get_by_text("Die Notiz enthält vielleicht eine Telefonnummer.")).to_be_visible()
    assert not Contact.objects.exists()
    assert_accessible(page)
    page.get_by_label("Die Notiz enthält keine persönlichen Daten.").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", name="Heute erfasst: 1 Kontakt")).to_be_visible()
    assert saved_once().note == "Rückruf unter 0664 1234567"


def test_changing_a_waiting_entry_saves_the_change_not_a_second_contact(entry):
    page = entry

    def lose_the_answer(route):
        page.request.fetch(route.request)
        route.abort("connectionreset")

    page.route("**/kontakte/erfassen/", lose_the_answer)
    page.get_by_role("radio", name="Bürger*in").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Noch nicht gespeichert: 1 Kontakt")).to_be_visible()
    page.unroute_all(behavior="wait")
    # Staff notice a mistake in the waiting entry and save it again.
    page.get_by_role("radio", name="Organisation").check()
    page.get_by_role("checkbox", name="Arbeit").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", name="Heute erfasst: 1 Kontakt")).to_be_visible()
    expect(page.get_by_text("Noch nicht gespeichert")).to_be_hidden()
    contact = saved_once()
    assert contact.requester == "organisation"
    assert [t.name for t in contact.topics.all()] == ["Arbeit"]


def test_a_refused_waiting_entry_stays_in_the_browser_until_it_is_saved(entry):
    page = entry
    page.context.set_offline(True)
    page.get_by_role("radio", name="Bürger*in").check()
    page.get_by_label("Notiz (optional)").fill("Rückruf unter 0664 1234567")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Noch nicht gespeichert: 1 Kontakt")).to_be_visible()
    page.context.set_offline(False)
    expect(page.get_by_text("Die Notiz enthält vielleicht eine Telefonnummer.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Notiz (optional)")).to_have_value("Rückruf unter 0664 1234567")
    assert "0664" in page.evaluate(STORE)
    assert not Contact.objects.exists()
    page.get_by_label("Notiz (optional)").fill("Rückruf vereinbart")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", name="Heute erfasst: 1 Kontakt")).to_be_visible()
    assert saved_once().note == "Rückruf vereinbart"
    assert page.evaluate(STORE) == "[]"
