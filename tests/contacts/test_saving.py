"""Saving a contact: no personal data in its note, and the theme day it happened on."""

import datetime

import pytest
import time_machine

from contacts.models import Channel, Contact
from contacts.privacy import personal_data
from sozialinfo.roles import TEAM
from tests import factories


@pytest.mark.parametrize(
    ("note", "kinds"),
    [
        ("Frage zur Pflegestufe, an Pflegedrehscheibe verwiesen", []),
        ("2 Kinder, Wohnung in 8430 Leibnitz gesucht", []),
        ("Termin am Donnerstag um 14:00, Raum 3", []),
        ("schreibt an maria.muster@example.org", ["eine E-Mail-Adresse"]),
        ("Rückruf unter 0664 1234567", ["eine Telefonnummer"]),
        ("Rückruf +43 (3452) 82 5 75", ["eine Telefonnummer"]),
        ("geboren 3.4.1961, Pension beantragt", ["ein Geburtsdatum"]),
        ("Geb. im März, Frage zu Pension", ["ein Geburtsdatum"]),
        ("Geburtsdatum 1961-04-03", ["ein Geburtsdatum"]),
        ("a@b.at, 0316 123456", ["eine E-Mail-Adresse", "eine Telefonnummer"]),
    ],
)
def test_what_looks_like_personal_data(note, kinds):
    assert [str(kind) for kind in personal_data(note)] == kinds


@pytest.fixture
def after_the_days():
    """Later than the dates logged below: contacts cannot be logged ahead."""
    with time_machine.travel(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def team(client, db):
    client.force_login(factories.user("team", TEAM))
    return client


def post(client, note, **extra):
    channel, _ = Channel.objects.get_or_create(name="Telefon")
    return client.post(
        "/admin/contacts/contact/add/",
        {
            "happened_at_0": "24.11.2026",
            "happened_at_1": "10:15:00",
            "channel": channel.pk,
            "requester": "citizen",
            "note": note,
            **extra,
        },
    )


def test_a_note_with_personal_data_is_not_saved_without_confirmation(team):
    response = post(team, "Rückruf unter 0664 1234567")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["note"]
    assert errors == [
        "Die Notiz enthält vielleicht eine Telefonnummer. Kontakte werden ohne persönliche "
        "Daten erfasst: Bitte entfernen Sie sie, oder bestätigen Sie unten, dass es keine sind."
    ]
    assert not Contact.objects.exists()


def test_staff_can_confirm_that_it_is_none(team):
    response = post(team, "Verein erreichbar unter 03452 82575", no_personal_data="on")
    assert response.status_code == 302
    assert Contact.objects.get().note == "Verein erreichbar unter 03452 82575"


def test_a_plain_note_saves_at_once(team):
    assert post(team, "Frage zur Wohnbeihilfe").status_code == 302
    assert Contact.objects.get().logged_by.username == "team"


@pytest.mark.parametrize(
    ("when", "theme"),
    [
        (("10.12.2026", "15:00:00"), "Pflege"),  # the 2nd Thursday, 14–16
        (("10.12.2026", "14:00:00"), "Pflege"),
        (("10.12.2026", "16:00:00"), None),  # over
        (("03.12.2026", "15:00:00"), None),  # the 1st Thursday has no theme here
        (("14.01.2027", "15:00:00"), None),  # closed that day
        (("10.12.2026", "18:30:00"), None),  # another offer in the house, not a theme day
    ],
)
def test_a_contact_during_a_theme_day_is_put_on_it(after_the_days, team, when, theme):
    factories.info_point()
    factories.theme(2, "Pflege")
    factories.theme(2, "Sprechcafé", kind="offer", starts=datetime.time(18), ends=datetime.time(20))
    factories.closure(datetime.date(2027, 1, 14))
    response = post(team, "Frage", happened_at_0=when[0], happened_at_1=when[1])
    assert response.status_code == 302
    found = Contact.objects.get().theme
    assert (found.name if found else None) == theme


def test_a_theme_chosen_by_staff_stays(after_the_days, team):
    factories.info_point()
    factories.theme(2, "Pflege")
    other = factories.theme(3, "Wohnen")
    post(team, "Frage", happened_at_0="10.12.2026", happened_at_1="15:00:00", theme=other.pk)
    assert Contact.objects.get().theme == other


@pytest.mark.parametrize(
    ("day", "error"),
    [
        ("24.11.2030", "Der Zeitpunkt liegt in der Zukunft."),
        ("1.1.1999", "Bitte geben Sie einen Zeitpunkt ab dem Jahr 2000 an."),
        ("1.1.0001", "Bitte geben Sie einen Zeitpunkt ab dem Jahr 2000 an."),
    ],
)
def test_a_time_the_log_cannot_hold_is_refused(team, day, error):
    response = post(team, "Frage", happened_at_0=day)
    assert response.context["adminform"].form.errors["happened_at"] == [error]
    assert not Contact.objects.exists()


def test_ids_too_big_for_the_database_are_no_choice(team):
    channel = Channel.objects.create(name="Telefon")
    response = team.post(
        "/kontakte/erfassen/",
        {
            "channel": channel.pk,
            "requester": "citizen",
            "topics": "9" * 25,
            "referred_to": "9" * 25,
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (
        errors["topics"]
        == errors["referred_to"]
        == ["„9999999999999999999999999“ ist kein gültiger Wert."]
    )
    assert not Contact.objects.exists()
