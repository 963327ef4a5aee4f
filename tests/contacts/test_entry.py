"""Quick entry at /kontakte/erfassen/: saving in seconds, once, and correcting the day's entries."""

import datetime
import json
import uuid

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from contacts.models import Channel, Contact
from sozialinfo.roles import PARTNER, REDAKTION, TEAM
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/kontakte/erfassen/"
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
VIENNA = datetime.timezone(datetime.timedelta(hours=1))
User = get_user_model()


@pytest.fixture
def channels(db):
    return [
        Channel.objects.create(name=name, position=i)
        for i, name in enumerate(["persönlich", "Telefon", "E-Mail"])
    ]


@pytest.fixture
def team(client, channels):
    client.force_login(factories.user("team", TEAM, first_name="Eva"))
    return client


def entry(channel, **fields):
    return {"channel": channel.pk, "requester": "citizen", "entry_key": str(uuid.uuid4()), **fields}


@pytest.mark.parametrize("url", [URL, "/kontakte/erfassen/1/", "/kontakte/erfassen/1/entfernen/"])
def test_anonymous_visitors_are_sent_to_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/?next=")


@pytest.mark.parametrize("url", [URL, "/kontakte/erfassen/1/", "/kontakte/erfassen/1/entfernen/"])
def test_partners_may_not_log_contacts(client, url):
    client.force_login(factories.user("partner", PARTNER, [factories.organisation()]))
    assert client.get(url).status_code == 403
    assert client.post(URL, {"requester": "citizen"}).status_code == 403
    assert not Contact.objects.exists()


@pytest.mark.parametrize("role", [TEAM, REDAKTION])
def test_team_and_redaktion_open_the_page_on_the_first_channel(client, channels, role):
    client.force_login(factories.user("staff", role))
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Kontakt erfassen</h1>" in html
    assert response.context["form"]["channel"].value() == channels[0].pk
    assert "Heute wurde noch kein Kontakt erfasst." in html


def test_english_page(team):
    response = team.get("/en" + URL)
    assert response.status_code == 200
    assert response.context["form"]["requester"].field.choices[0] == ("citizen", "Citizen")
    html = response.content.decode()
    assert "<h1>Log a contact</h1>" in html
    assert 'data-text-remove="Remove %(name)s"' in html


def test_saving_without_javascript_redirects_and_keeps_the_channel(team, channels):
    topic = factories.topic("Wohnen")
    response = team.post(URL, entry(channels[1], topics=[topic.pk]), follow=True)
    contact = Contact.objects.get()
    assert (contact.channel, contact.requester, contact.logged_by.username) == (
        channels[1],
        "citizen",
        "team",
    )
    assert list(contact.topics.all()) == [topic]
    assert contact.quantity == 1
    assert abs(contact.happened_at - timezone.now()) < datetime.timedelta(seconds=5)
    assert response.redirect_chain == [(URL, 302)]
    html = response.content.decode()
    assert "Gespeichert:" in html
    assert "Heute erfasst: 1 Kontakt" in html
    assert response.context["form"]["channel"].value() == channels[1].pk
    assert response.context["form"]["requester"].value() is None


def test_saving_from_the_page_script_answers_with_the_day_and_a_new_key(team, channels):
    sent = entry(channels[2], requester="organisation")
    response = team.post(URL, sent, **FETCH)
    assert response.status_code == 201
    data = response.json()
    assert data["saved"].startswith("Gespeichert:")
    assert "Heute erfasst: 1 Kontakt" in data["today"]
    assert "E-Mail, Organisation" in data["today"]
    assert uuid.UUID(data["key"]) != uuid.UUID(sent["entry_key"])


def test_the_same_entry_sent_twice_is_saved_once(team, channels):
    sent = entry(channels[0])
    first = team.post(URL, sent, **FETCH)
    again = team.post(URL, sent, **FETCH)
    assert (first.status_code, again.status_code) == (201, 200)
    assert Contact.objects.count() == 1
    assert "Heute erfasst: 1 Kontakt" in again.json()["today"]
    # Without the page script (no key) each send is a new contact, as in the admin.
    team.post(URL, {"channel": channels[0].pk, "requester": "citizen"})
    assert Contact.objects.count() == 2


def test_an_entry_that_waited_in_the_browser_keeps_its_time_and_theme_day(team, channels):
    factories.info_point()
    factories.theme(4, "Wohnen")
    with time_machine.travel(datetime.datetime(2026, 11, 26, 16, 20, tzinfo=VIENNA)):
        # Saved at 15:50 on the 4th Thursday, offline; it arrives at 16:20.
        sent = entry(channels[0], happened_at="2026-11-26T14:50:00.000Z")
        assert team.post(URL, sent, **FETCH).status_code == 201
    contact = Contact.objects.get()
    assert timezone.localtime(contact.happened_at).strftime("%d.%m. %H:%M") == "26.11. 15:50"
    assert contact.theme.name == "Wohnen"


def test_bad_entries_are_refused_with_a_reason_and_nothing_is_saved(team, channels):
    response = team.post(URL, {"channel": channels[0].pk, "note": "Frage"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte prüfen Sie die markierten Angaben." in html
    assert "Dieses Feld ist zwingend erforderlich." in html
    assert 'value="Frage"' in html  # what was typed stays
    fetched = team.post(URL, {"requester": "robot", "entry_key": "nonsense"}, **FETCH)
    assert fetched.status_code == 400
    form = fetched.json()["form"]
    assert "Bitte prüfen Sie die markierten Angaben." in form
    assert "robot ist keine gültige Auswahl" in form
    assert not Contact.objects.exists()


def test_a_time_in_the_future_is_refused(team, channels):
    later = timezone.localtime() + datetime.timedelta(hours=1)
    response = team.post(URL, entry(channels[0], happened_at=later.strftime("%Y-%m-%dT%H:%M")))
    assert response.status_code == 400
    assert response.context["form"].errors["happened_at"] == ["Der Zeitpunkt liegt in der Zukunft."]
    assert not Contact.objects.exists()


def test_a_note_with_personal_data_needs_confirmation(team, channels):
    sent = entry(channels[1], note="Rückruf unter 0664 1234567")
    response = team.post(URL, sent)
    assert response.status_code == 400
    assert "Die Notiz enthält keine persönlichen Daten." in response.content.decode()
    assert not Contact.objects.exists()
    assert team.post(URL, {**sent, "no_personal_data": "on"}).status_code == 302
    assert Contact.objects.get().note == "Rückruf unter 0664 1234567"


def test_referrals_by_id_and_by_name(team, channels):
    caritas = factories.organisation("Caritas")
    pflege = factories.organisation("Pflegedrehscheibe")
    factories.organisation("Verein Wohnen", slug="wohnen-a")
    factories.organisation("Verein Wohnen", slug="wohnen-b")
    team.post(URL, entry(channels[0], referred_to=[caritas.pk], referral="pflegedrehscheibe"))
    assert set(Contact.objects.get().referred_to.all()) == {caritas, pflege}

    unknown = team.post(URL, entry(channels[0], referral="Unbekannt"))
    assert unknown.context["form"].errors["referral"] == [
        "Keine Organisation heißt genau „Unbekannt“. Bitte wählen Sie aus der Liste."
    ]
    twice = team.post(URL, entry(channels[0], referral="Verein Wohnen"))
    assert twice.context["form"].errors["referral"] == [
        "Mehrere Organisationen heißen „Verein Wohnen“. Bitte wählen Sie aus der Liste."
    ]
    # The organisation chosen before the error stays chosen.
    kept = team.post(URL, entry(channels[0], referred_to=[caritas.pk], requester=""))
    assert "Caritas" in kept.content.decode()
    assert Contact.objects.count() == 1


def test_the_day_lists_todays_contacts_with_who_logged_them(team, channels, client):
    colleague = factories.user("kollege", TEAM, first_name="Max")
    Contact.objects.create(channel=channels[0], requester="citizen", logged_by=colleague)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    Contact.objects.create(channel=channels[1], requester="citizen", happened_at=yesterday)
    team.post(URL, entry(channels[2], requester="organisation"))
    html = team.get(URL).content.decode()
    assert "Heute erfasst: 2 Kontakte" in html
    assert "Max" in html
    assert "Telefon" not in html.split("Heute erfasst")[1]
    # Only one's own entries can be corrected.
    assert html.count("Korrigieren") == 1


def test_the_page_needs_the_same_queries_for_many_entries(
    team, channels, django_assert_num_queries
):
    topics = [factories.topic(f"Thema {i}") for i in range(3)]
    orgs = [factories.organisation() for _ in range(3)]

    def log(n):
        for _ in range(n):
            contact = Contact.objects.create(channel=channels[0], requester="citizen")
            contact.topics.set(topics)
            contact.referred_to.set(orgs)

    log(1)
    team.get(URL)
    with django_assert_num_queries(13) as one:
        team.get(URL)
    log(20)
    with django_assert_num_queries(len(one.captured_queries)):
        assert "Heute erfasst: 21 Kontakte" in team.get(URL).content.decode()


def test_own_entries_of_today_can_be_corrected(team, channels):
    team.post(URL, entry(channels[0]))
    contact = Contact.objects.get()
    page = team.get(f"{URL}{contact.pk}/")
    assert page.status_code == 200
    assert page.context["form"]["requester"].value() == "citizen"
    response = team.post(
        f"{URL}{contact.pk}/",
        {"channel": channels[1].pk, "requester": "organisation", "happened_at": ""},
        follow=True,
    )
    assert "Korrigiert:" in response.content.decode()
    contact.refresh_from_db()
    assert (contact.channel, contact.requester, contact.logged_by.username) == (
        channels[1],
        "organisation",
        "team",
    )


def test_a_bad_correction_changes_nothing(team, channels):
    team.post(URL, entry(channels[0], note="Frage"))
    contact = Contact.objects.get()
    response = team.post(f"{URL}{contact.pk}/", {"channel": channels[1].pk, "requester": ""})
    assert response.status_code == 400
    contact.refresh_from_db()
    assert (contact.channel, contact.requester, contact.note) == (channels[0], "citizen", "Frage")


def test_own_entries_of_today_can_be_removed_after_asking(team, channels):
    team.post(URL, entry(channels[0]))
    contact = Contact.objects.get()
    asked = team.get(f"{URL}{contact.pk}/entfernen/")
    assert "Kontakt entfernen?" in asked.content.decode()
    assert Contact.objects.exists()
    response = team.post(f"{URL}{contact.pk}/entfernen/", follow=True)
    assert "Entfernt:" in response.content.decode()
    assert not Contact.objects.exists()


def test_others_and_earlier_entries_cannot_be_changed_here(team, channels):
    colleague = factories.user("kollege", TEAM)
    theirs = Contact.objects.create(channel=channels[0], requester="citizen", logged_by=colleague)
    old = Contact.objects.create(
        channel=channels[0],
        requester="citizen",
        logged_by=User.objects.get(username="team"),
        happened_at=timezone.now() - datetime.timedelta(days=1),
    )
    for contact in (theirs, old):
        assert team.get(f"{URL}{contact.pk}/").status_code == 404
        assert team.post(f"{URL}{contact.pk}/", {"requester": "organisation"}).status_code == 404
        assert team.post(f"{URL}{contact.pk}/entfernen/").status_code == 404
    assert Contact.objects.count() == 2
    assert not Contact.objects.filter(requester="organisation").exists()


def test_the_json_answer_is_json(team, channels):
    response = team.post(URL, entry(channels[0]), **FETCH)
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"key", "today", "saved"}
    refused = team.post(URL, {"requester": "citizen"}, **FETCH)
    assert refused["Content-Type"] == "application/json"
    assert set(json.loads(refused.content)) == {"form", "today"}


def test_the_admin_leads_staff_to_quick_entry_but_not_partners(client, channels):
    client.force_login(factories.user("team", TEAM))
    html = client.get("/admin/").content.decode()
    assert '<a href="/kontakte/erfassen/">Kontakt erfassen</a>' in html
    assert '<a href="/kontakte/statistik/">Statistik</a>' in html
    client.force_login(factories.user("partner", PARTNER, [factories.organisation()]))
    assert "Kontakt erfassen" not in client.get("/admin/").content.decode()


def test_a_changed_resend_of_an_entry_updates_it(team, channels):
    sent = entry(channels[0])
    team.post(URL, sent, **FETCH)
    topic = factories.topic("Arbeit")
    again = team.post(URL, {**sent, "requester": "organisation", "topics": [topic.pk]}, **FETCH)
    assert again.status_code == 200
    contact = Contact.objects.get()
    assert contact.requester == "organisation"
    assert list(contact.topics.all()) == [topic]


def test_a_corrected_time_finds_its_own_theme_day_and_an_empty_one_keeps_it(team, channels):
    factories.info_point()
    factories.theme(4, "Wohnen")
    with time_machine.travel(datetime.datetime(2026, 11, 26, 17, 0, tzinfo=VIENNA)):
        team.post(URL, entry(channels[0], happened_at="2026-11-26T14:30"))
        contact = Contact.objects.get()
        assert contact.theme.name == "Wohnen"
        form = team.get(f"{URL}{contact.pk}/").context["form"]
        assert form["theme"].value() is None  # shown as "automatisch"
        team.post(
            f"{URL}{contact.pk}/",
            {"channel": channels[0].pk, "requester": "citizen", "happened_at": "2026-11-26T09:00"},
        )
        contact.refresh_from_db()
        assert contact.theme is None
        team.post(f"{URL}{contact.pk}/", {"channel": channels[1].pk, "requester": "citizen"})
        contact.refresh_from_db()
        assert timezone.localtime(contact.happened_at).strftime("%H:%M") == "09:00"
        assert contact.channel == channels[1]
