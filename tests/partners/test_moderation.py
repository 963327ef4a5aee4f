"""The Redaktion's queue of the public's suggestions and correction reports in the admin."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, transaction

from partners.models import Location, Municipality, Organisation, Suggestion
from sozialinfo.roles import PARTNER, REDAKTION, TEAM
from tests import factories

pytestmark = pytest.mark.django_db

LIST = "/admin/partners/suggestion/"


@pytest.fixture
def redaktion(client):
    user = factories.user("redaktion", REDAKTION)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def org(db):
    return factories.organisation("Verein Brücke")


def new(**fields):
    fields = {"name": "Tafel Leibnitz", "offer": "Lebensmittel", **fields}
    return Suggestion.objects.create(kind=Suggestion.Kind.NEW, **fields)


def correction(org, **fields):
    fields = {"message": "Neue Telefonnummer", **fields}
    return Suggestion.objects.create(kind=Suggestion.Kind.CORRECTION, organisation=org, **fields)


def test_the_queue_lists_and_counts_by_status_and_kind(redaktion, org):
    new(sender_email="a@privat.example")
    new(name="Lernhilfe")
    correction(org)
    Suggestion.objects.create(
        kind=Suggestion.Kind.NEW, name="Alt", offer="x", status=Suggestion.Status.DONE
    )
    response = redaktion.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hinweise aus der Öffentlichkeit" in html
    assert "offen (3)" in html and "erledigt (1)" in html
    assert "Korrektur (1)" in html and "neue Organisation (3)" in html
    assert "Korrektur zu Verein Brücke" in html
    opened = redaktion.get(LIST, {"status__exact": "offen"}).context["cl"].result_list
    assert {s.name or s.organisation.name for s in opened} == {
        "Tafel Leibnitz",
        "Lernhilfe",
        "Verein Brücke",
    }


def test_the_list_takes_a_fixed_number_of_queries(redaktion, org, django_assert_max_num_queries):
    for i in range(10):
        correction(org)
        new(name=f"Neu {i}")
    with django_assert_max_num_queries(12):
        assert redaktion.get(LIST).status_code == 200


def test_partners_and_the_team_see_no_suggestions(client, org):
    suggestion = correction(org, sender_email="a@privat.example")
    for role in (PARTNER, TEAM):
        user = factories.user(f"user-{role}", role, organisations=[org])
        client.force_login(user)
        assert client.get(LIST).status_code == 403
        assert client.get(f"{LIST}{suggestion.pk}/change/").status_code == 403
        index = client.get("/admin/").content.decode()
        assert "Hinweise aus der Öffentlichkeit" not in index


def handle(client, suggestion, status, note=""):
    return client.post(
        f"{LIST}{suggestion.pk}/change/", {"status": status, "note": note}, follow=False
    )


def test_handling_records_who_and_when_and_deletes_the_senders_address(redaktion, org):
    suggestion = correction(org, sender_email="a@privat.example")
    page = redaktion.get(f"{LIST}{suggestion.pk}/change/").content.decode()
    assert "a@privat.example" in page and "Neue Telefonnummer" in page
    assert "Entwurf der Organisation anlegen" not in page  # a correction has its entry

    response = handle(redaktion, suggestion, "erledigt", "Telefonnummer ausgebessert")
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DONE
    assert suggestion.note == "Telefonnummer ausgebessert"
    assert suggestion.handled_by == redaktion.user
    assert suggestion.handled_at is not None
    assert suggestion.sender_email == ""
    assert suggestion.message == "Neue Telefonnummer"  # what was reported stays


def test_rejecting_deletes_the_address_too_and_reopening_forgets_who(redaktion, org):
    suggestion = new(sender_email="a@privat.example")
    handle(redaktion, suggestion, "abgelehnt", "Kein soziales Angebot")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.sender_email) == ("abgelehnt", "")
    handle(redaktion, suggestion, "offen", "doch noch einmal ansehen")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.handled_by, suggestion.handled_at) == (
        "offen",
        None,
        None,
    )


def test_a_note_alone_keeps_the_suggestion_open_with_its_address(redaktion, org):
    suggestion = new(sender_email="a@privat.example")
    handle(redaktion, suggestion, "offen", "Rückfrage gestellt")
    suggestion.refresh_from_db()
    assert (suggestion.note, suggestion.sender_email) == ("Rückfrage gestellt", "a@privat.example")
    assert suggestion.handled_by is None


def test_bulk_actions_handle_only_open_ones_and_delete_addresses(redaktion, org):
    first = new(sender_email="a@privat.example")
    second = correction(org, sender_email="b@privat.example")
    earlier = new(name="Alt", status=Suggestion.Status.DONE, note="schon erledigt")
    response = redaktion.post(
        LIST,
        {"action": "mark_rejected", "_selected_action": [first.pk, second.pk, earlier.pk]},
        follow=True,
    )
    assert "2 Hinweise als „abgelehnt“ markiert." in response.content.decode()
    for suggestion in (first, second):
        suggestion.refresh_from_db()
        assert (suggestion.status, suggestion.sender_email) == ("abgelehnt", "")
        assert suggestion.handled_by == redaktion.user
    earlier.refresh_from_db()
    assert (earlier.status, earlier.handled_by) == ("erledigt", None)


def test_the_database_refuses_a_handled_suggestion_with_an_address(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        new(status=Suggestion.Status.DONE, sender_email="a@privat.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.create(kind=Suggestion.Kind.CORRECTION, message="ohne Eintrag")


def test_the_public_text_cannot_be_changed_nor_suggestions_added(redaktion, org):
    suggestion = new()
    redaktion.post(
        f"{LIST}{suggestion.pk}/change/", {"status": "offen", "name": "Anders", "note": ""}
    )
    suggestion.refresh_from_db()
    assert suggestion.name == "Tafel Leibnitz"
    assert redaktion.get(f"{LIST}add/").status_code == 403


def test_a_draft_organisation_from_a_suggestion(redaktion, db):
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    factories.organisation("Tafel Leibnitz")  # the slug is taken
    suggestion = new(
        offer="Lebensmittel für Menschen mit wenig Geld.\nJeden Freitag.",
        street="Hauptplatz 3",
        postal_code="8430",
        municipality="leibnitz",
        website="https://tafel.example",
        phone="03452 12345",
        email="info@tafel.example",
        sender_email="a@privat.example",
    )
    page = redaktion.get(f"{LIST}{suggestion.pk}/change/").content.decode()
    assert "Entwurf der Organisation anlegen" in page

    response = redaktion.post(f"{LIST}{suggestion.pk}/entwurf/")
    draft = Organisation.objects.get(slug="tafel-leibnitz-2")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/partners/organisation/{draft.pk}/change/"
    assert draft.is_published is False
    assert draft.short_description == "Lebensmittel für Menschen mit wenig Geld."
    assert draft.description == "Lebensmittel für Menschen mit wenig Geld.\nJeden Freitag."
    assert (draft.website, draft.phone, draft.email) == (
        "https://tafel.example",
        "03452 12345",
        "info@tafel.example",
    )
    place = Location.objects.get(organisation=draft)
    assert (place.street, place.postal_code, place.municipality) == (
        "Hauptplatz 3",
        "8430",
        leibnitz,
    )
    assert LogEntry.objects.get(object_id=str(draft.pk)).change_message == (
        "Aus einem Hinweis der Öffentlichkeit angelegt."
    )
    suggestion.refresh_from_db()
    assert suggestion.organisation == draft
    assert (suggestion.status, suggestion.sender_email) == ("erledigt", "")
    assert suggestion.handled_by == redaktion.user
    # Not on the public site until the Redaktion publishes it; not twice.
    assert redaktion.get("/sozialatlas/tafel-leibnitz-2/").status_code == 404
    assert redaktion.post(f"{LIST}{suggestion.pk}/entwurf/").status_code == 403
    assert Organisation.objects.filter(name="Tafel Leibnitz").count() == 2


def test_a_draft_without_a_known_municipality_says_so(redaktion, db):
    suggestion = new(street="Dorfstraße 1", postal_code="8461", municipality="Irgendwo")
    response = redaktion.post(f"{LIST}{suggestion.pk}/entwurf/", follow=True)
    assert "Die Adresse passte zu keiner bekannten Gemeinde" in response.content.decode()
    assert "Dorfstraße 1, 8461 Irgendwo" in response.content.decode()
    assert not Location.objects.exists()
    assert redaktion.get(f"{LIST}{suggestion.pk}/entwurf/").status_code == 405


def test_a_partner_cannot_create_a_draft(client, org):
    suggestion = new()
    client.force_login(factories.user("partner", PARTNER, organisations=[org]))
    assert client.post(f"{LIST}{suggestion.pk}/entwurf/").status_code == 403
    assert Organisation.objects.count() == 1
