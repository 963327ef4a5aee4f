"""The public suggests a new organisation or reports an outdated entry; the spam guards."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from partners.models import Organisation, Suggestion
from sozialinfo.roles import PARTNER, REDAKTION, TEAM
from tests import factories

pytestmark = pytest.mark.django_db

SUGGEST = "/sozialatlas/vorschlagen/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # the rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def editors(db):
    factories.user("anna", REDAKTION, email="anna@stadt.example")
    factories.user("ben", REDAKTION, email="ben@stadt.example")
    factories.user("ohne-adresse", REDAKTION)
    factories.user("ehemalig", REDAKTION, email="alt@stadt.example", is_active=False)
    factories.user("team", TEAM, email="team@stadt.example")
    factories.user("partner", PARTNER, email="partner@verein.example")


def good(**fields):
    return {
        "name": "Tafel Leibnitz",
        "offer": "Lebensmittel für Menschen mit wenig Geld.\nJeden Freitag.",
        "street": "Hauptplatz 3",
        "postal_code": "8430",
        "municipality": "Leibnitz",
        "website": "tafel.example",
        "phone": "+43 3452 123-45",
        "email": "info@tafel.example",
        "message": "Kenne ich von meiner Nachbarin.",
        "sender_email": "ich@privat.example",
        "homepage": "",
        **fields,
    }


def test_the_form_asks_plainly_and_hides_the_trap_from_people(client):
    html = client.get(SUGGEST).content.decode()
    assert "<h1>Organisation vorschlagen</h1>" in html
    assert 'name="name"' in html and 'maxlength="200"' in html
    assert 'name="offer"' in html and 'maxlength="2000"' in html
    assert "Ihre E-Mail-Adresse für Rückfragen" in html
    assert '<div class="field trap">' in html
    assert 'name="homepage" id="id_homepage" autocomplete="off" tabindex="-1"' in html
    assert client.get("/en" + SUGGEST).status_code == 200


def test_the_directory_links_to_the_form(client):
    html = client.get("/sozialatlas/").content.decode()
    assert f'<a href="{SUGGEST}">Schlagen Sie sie vor</a>' in html


def test_a_suggestion_is_saved_and_the_redaktion_gets_one_email(client, editors):
    response = client.post(SUGGEST, good())
    assert response.status_code == 302
    assert response["Location"] == "/sozialatlas/vorschlagen/danke/"
    assert "Danke für Ihren Vorschlag!" in client.get(response["Location"]).content.decode()

    suggestion = Suggestion.objects.get()
    assert suggestion.kind == Suggestion.Kind.NEW
    assert suggestion.status == Suggestion.Status.OPEN
    assert (suggestion.name, suggestion.website) == ("Tafel Leibnitz", "https://tafel.example")
    assert suggestion.sender_email == "ich@privat.example"
    assert suggestion.organisation is None

    [message] = mail.outbox
    assert sorted(message.to) == ["anna@stadt.example", "ben@stadt.example"]
    assert message.subject == ("Sozialatlas: Vorschlag einer neuen Organisation – Tafel Leibnitz")
    assert "Lebensmittel für Menschen mit wenig Geld." in message.body
    assert "Hauptplatz 3, 8430 Leibnitz" in message.body
    assert f"http://testserver/admin/partners/suggestion/{suggestion.pk}/change/" in message.body
    # The sender's address stays in the admin, where it is deleted when handled.
    assert "ich@privat.example" not in message.body
    assert "E-Mail-Adresse für Rückfragen angegeben" in message.body


def test_only_name_and_offer_are_needed(client, editors):
    response = client.post(SUGGEST, {"name": "Tafel", "offer": "Lebensmittel"})
    assert response.status_code == 302
    assert Suggestion.objects.get().sender_email == ""


def test_the_english_form_saves_too_and_the_email_stays_german(client, editors):
    response = client.post("/en" + SUGGEST, good())
    assert response["Location"] == "/en/sozialatlas/vorschlagen/danke/"
    assert "Thank you" in client.get(response["Location"]).content.decode()
    assert mail.outbox[0].subject.startswith("Sozialatlas: Vorschlag")


def test_bad_input_gets_german_messages_at_the_fields_and_nothing_is_saved(client, editors):
    response = client.post(
        SUGGEST,
        good(name="", postal_code="84300", website="kein link", phone="ruf an", email="x@"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bitte prüfen Sie die markierten Angaben. Noch ist nichts abgeschickt." in html
    errors = response.context["form"].errors
    assert errors["name"] == ["Bitte geben Sie den Namen der Organisation an."]
    assert errors["postal_code"][0].startswith("Bitte eine vierstellige Postleitzahl")
    assert errors["website"] == ["Bitte eine gültige Adresse eingeben."]
    assert errors["phone"][0].startswith("Bitte nur Ziffern")
    assert errors["email"] == ["Bitte gültige E-Mail-Adresse eingeben."]
    # Screen readers hear the message with the field; the text stays.
    name = re.search(r'<input[^>]*name="name"[^>]*>', html).group()
    assert 'aria-describedby="id_name_error"' in name and 'aria-invalid="true"' in name
    assert '<div class="field-errors" id="id_name_error">' in html
    assert "Lebensmittel für Menschen mit wenig Geld." in html
    assert not Suggestion.objects.exists()
    assert not mail.outbox


def test_inputs_are_limited_in_size(client, editors):
    response = client.post(SUGGEST, good(name="N" * 201, offer="x" * 2001, message="m" * 2001))
    errors = response.context["form"].errors
    assert set(errors) == {"name", "offer", "message"}
    assert "höchstens 2000 Zeichen" in errors["offer"][0]
    assert not Suggestion.objects.exists()


def test_a_filled_in_trap_seems_to_work_but_keeps_nothing(client, editors):
    response = client.post(SUGGEST, good(homepage="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == "/sozialatlas/vorschlagen/danke/"
    assert not Suggestion.objects.exists()
    assert not mail.outbox


def test_an_address_may_send_a_few_per_hour(client, editors, settings):
    settings.SUGGESTION_RATE_LIMIT = 2
    address = {"REMOTE_ADDR": "203.0.113.7"}
    for name in ("Erste", "Zweite"):
        assert client.post(SUGGEST, good(name=name), **address).status_code == 302
    response = client.post(SUGGEST, good(name="Dritte"), **address)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sie haben in der letzten Stunde schon mehrere Hinweise geschickt." in html
    assert 'value="Dritte"' in html  # the text stays in the form
    assert Suggestion.objects.count() == 2 and len(mail.outbox) == 2
    # Another address is not held up; a robot caught by the trap counts too.
    other = {"REMOTE_ADDR": "198.51.100.1"}
    assert client.post(SUGGEST, good(homepage="x"), **other).status_code == 302
    assert client.post(SUGGEST, good(), **other).status_code == 302
    assert client.post(SUGGEST, good(), **other).status_code == 429


def test_the_limit_ends_after_an_hour(client, editors, settings, time_machine):
    settings.SUGGESTION_RATE_LIMIT = 1
    time_machine.move_to(timezone.now(), tick=False)
    assert client.post(SUGGEST, good()).status_code == 302
    assert client.post(SUGGEST, good()).status_code == 429
    time_machine.shift(datetime.timedelta(minutes=61))
    assert client.post(SUGGEST, good()).status_code == 302


def test_an_ipv6_network_counts_as_one_address(client, editors, settings):
    settings.SUGGESTION_RATE_LIMIT = 1
    assert client.post(SUGGEST, good(), REMOTE_ADDR="2001:db8:1:2::1").status_code == 302
    assert client.post(SUGGEST, good(), REMOTE_ADDR="2001:db8:1:2::99").status_code == 429
    assert client.post(SUGGEST, good(), REMOTE_ADDR="2001:db8:1:3::1").status_code == 302


def test_a_failing_mail_server_does_not_lose_the_suggestion(client, editors, settings):
    settings.EMAIL_BACKEND = "tests.partners.test_suggestions.BrokenBackend"
    response = client.post(SUGGEST, good())
    assert response.status_code == 302
    assert Suggestion.objects.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("Connection refused")


# Reporting an outdated entry


@pytest.fixture
def org(db):
    return factories.organisation("Verein Brücke", last_checked=datetime.date(2026, 3, 5))


def test_the_entry_shows_when_it_was_checked_and_offers_the_report_form(client, org):
    html = client.get(org.get_absolute_url()).content.decode()
    assert "Zuletzt geprüft am 5. März 2026" in html
    assert "<summary>Eintrag veraltet? Melden</summary>" in html
    assert 'action="/sozialatlas/verein-brucke/melden/"' in html
    assert 'name="message"' in html and 'name="homepage"' in html


def test_an_entry_never_checked_shows_the_day_it_was_entered(client, org):
    Organisation.objects.filter(pk=org.pk).update(
        last_checked=None, created=datetime.datetime(2025, 7, 1, 10, tzinfo=datetime.UTC)
    )
    html = client.get(org.get_absolute_url()).content.decode()
    assert "Zuletzt geprüft am 1. Juli 2025" in html


def test_a_correction_report_is_saved_for_the_entry(client, org, editors):
    response = client.post(
        "/sozialatlas/verein-brucke/melden/",
        {"message": "Neue Telefonnummer: 03452 99", "sender_email": ""},
    )
    assert response["Location"] == "/sozialatlas/verein-brucke/melden/danke/"
    thanks = client.get(response["Location"]).content.decode()
    assert "Danke für Ihren Hinweis!" in thanks
    assert 'href="/sozialatlas/verein-brucke/"' in thanks

    report = Suggestion.objects.get()
    assert (report.kind, report.organisation, report.message) == (
        Suggestion.Kind.CORRECTION,
        org,
        "Neue Telefonnummer: 03452 99",
    )
    [message] = mail.outbox
    assert message.subject == "Sozialatlas: Hinweis zum Eintrag Verein Brücke"
    assert "Neue Telefonnummer: 03452 99" in message.body


def test_an_empty_report_is_refused_at_its_page(client, org, editors):
    response = client.post("/sozialatlas/verein-brucke/melden/", {"sender_email": "nein"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["message"] == ["Bitte schreiben Sie uns, was nicht mehr stimmt."]
    assert errors["sender_email"] == ["Bitte gültige E-Mail-Adresse eingeben."]
    assert "<h1>Eintrag veraltet? Melden</h1>" in response.content.decode()
    assert not Suggestion.objects.exists() and not mail.outbox


def test_reports_share_the_limit_and_the_trap(client, org, editors, settings):
    settings.SUGGESTION_RATE_LIMIT = 1
    url = "/sozialatlas/verein-brucke/melden/"
    assert client.post(url, {"message": "Umgezogen", "homepage": "x"}).status_code == 302
    assert not Suggestion.objects.exists()
    response = client.post(url, {"message": "Umgezogen"})
    assert response.status_code == 429
    assert "Umgezogen</textarea>" in response.content.decode()
    assert client.post(SUGGEST, good()).status_code == 429


def test_no_report_about_an_unpublished_or_unknown_entry(client, org):
    Organisation.objects.filter(pk=org.pk).update(is_published=False)
    assert client.get("/sozialatlas/verein-brucke/melden/").status_code == 404
    assert client.post("/sozialatlas/verein-brucke/melden/", {"message": "x"}).status_code == 404
    assert client.post("/sozialatlas/gibt-es-nicht/melden/", {"message": "x"}).status_code == 404
    assert not Suggestion.objects.exists()


def test_a_rate_limit_that_is_no_number_is_refused(tmp_path):
    from tests.sozialinfo.test_settings import django_check

    result = django_check(tmp_path, SUGGESTION_RATE_LIMIT="viele")
    assert result.returncode != 0
    assert "SUGGESTION_RATE_LIMIT must be a whole number of 1 or more" in result.stderr
