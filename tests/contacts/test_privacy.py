"""A contact's note must not hold personal data: the admin warns before it saves one."""

import pytest

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
