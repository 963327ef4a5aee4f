"""A partner's change waits for the Redaktion: nothing public changes until it is approved."""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from reversion.models import Version

from partners import search
from partners.models import (
    Brochure,
    ContactPerson,
    Location,
    Municipality,
    Organisation,
    PendingChange,
    Service,
)
from sozialinfo.roles import PARTNER, REDAKTION
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def bruecke(media):
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    org = factories.organisation(
        "Verein Brücke", short_description="Beratung und Begleitung", phone="03452 12345"
    )
    place = Location.objects.create(
        organisation=org, street="Hauptplatz 1", postal_code="8430", municipality=leibnitz
    )
    service = Service.objects.create(organisation=org, name="Schuldnerberatung")
    service.locations.set([place])
    factories.contact_person(org, "Maria Muster", role="Leitung")
    Brochure.objects.create(
        organisation=org, title="Folder", file=SimpleUploadedFile("folder.pdf", PDF)
    )
    search.index([org.pk])
    return org


@pytest.fixture
def partner(bruecke):
    user = factories.user(
        "bruecke", PARTNER, organisations=[bruecke], email="office@bruecke.example"
    )
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def colleague(bruecke):
    """Another active member of the organisation, who is told too."""
    return factories.user(
        "kollegin", PARTNER, organisations=[bruecke], email="kollegin@bruecke.example"
    )


@pytest.fixture
def redaktion(db):
    client = Client()
    client.force_login(factories.user("redaktion", REDAKTION, email="redaktion@stadt.example"))
    return client


def change_url(org):
    return f"/admin/partners/organisation/{org.pk}/change/"


def form_data(response):
    """What the browser would send back for the admin's change form as it is shown."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or (isinstance(value, bool) and not value):
                continue
            if field.widget.__class__.__name__.endswith("FileInput"):
                continue
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                data[key] = "on"
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name in formset.management_form.fields:
            data[formset.management_form.add_prefix(name)] = formset.management_form[name].value()
        for form in formset.forms:
            add(form)
    return data


def edit(client, org, changes=(), add=None, files=None):
    """Open the entry in the admin, change it as a person would, and save it."""
    page = client.get(change_url(org))
    assert page.status_code == 200
    data = form_data(page)
    data.update(dict(changes))
    for prefix, rows in (add or {}).items():
        total = int(data[f"{prefix}-TOTAL_FORMS"])
        for i, row in enumerate(rows, start=total):
            row = {"position": "0", **row}  # what the empty form holds
            data.update({f"{prefix}-{i}-{key}": value for key, value in row.items()})
        data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    data.update(files or {})
    response = client.post(change_url(org), data)
    if response.status_code != 302:
        errors = [response.context["adminform"].form.errors] + [
            inline.formset.errors for inline in response.context["inline_admin_formsets"]
        ]
        raise AssertionError(errors)
    return response


def public(client, org):
    page = client.get(f"/sozialatlas/{org.slug}/").content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page)  # the report form's
    api = client.get(f"/api/hsds/organizations/{org.uuid}").json()
    return page, api


def test_a_partners_change_waits_and_the_public_sees_the_published_entry(partner, bruecke):
    visitor = Client()
    page_before, api_before = public(visitor, bruecke)
    assert "Beratung und Begleitung" in page_before

    leibnitz = Municipality.objects.get()
    edit(
        partner,
        bruecke,
        {"short_description": "Beratung für Familien in Not", "contact_people-0-DELETE": "on"},
        add={
            "locations": [
                {"street": "Grazer Gasse 5", "postal_code": "8430", "municipality": leibnitz.pk}
            ],
            "services": [{"name": "Familienkompass", "access": "offen", "status": "aktiv"}],
        },
    )

    change = PendingChange.objects.get()
    assert change.author == partner.user
    assert change.status == "wartet"
    # Nothing public changed: page, open data, search.
    page_after, api_after = public(visitor, bruecke)
    assert page_after == page_before
    assert api_after == api_before
    assert "Familien in Not" not in page_after
    found = visitor.get("/sozialatlas/?q=Familienkompass").context["page"].object_list
    assert list(found) == []
    bruecke.refresh_from_db()
    assert bruecke.short_description == "Beratung und Begleitung"
    assert list(bruecke.services.values_list("name", flat=True)) == ["Schuldnerberatung"]
    assert bruecke.locations.count() == 1
    assert bruecke.contact_people.count() == 1
    # The sandbox left no history and no log behind.
    assert not Version.objects.exists()
    assert not LogEntry.objects.exists()

    # The partner sees their waiting version, with a note.
    again = partner.get(change_url(bruecke))
    text = again.content.decode()
    assert "warten auf die Freigabe durch die Redaktion" in text
    assert "Beratung für Familien in Not" in text
    assert "Familienkompass" in text
    assert "Maria Muster" not in text
    # ... and the database still has the published one.
    assert Organisation.objects.get().short_description == "Beratung und Begleitung"


def test_saving_again_replaces_the_waiting_change_and_its_dropped_file(partner, bruecke, media):
    edit(
        partner,
        bruecke,
        add={"brochures": [{"title": "Neuer Folder", "language": "de"}]},
        files={"brochures-1-file": SimpleUploadedFile("neu.pdf", PDF)},
    )
    first = PendingChange.objects.get()
    (name,) = [b["fields"]["file"] for b in first.data["brochures"] if b["new"]]
    assert (media / name).exists()
    assert Brochure.objects.count() == 1  # not published

    edit(partner, bruecke, {"phone": "03452 99999", "brochures-1-DELETE": "on"})
    change = PendingChange.objects.get()
    assert change.pk == first.pk
    assert change.data["organisation"]["fields"]["phone"] == "03452 99999"
    assert len(change.data["brochures"]) == 1
    assert not (media / name).exists()  # nothing refers to it any more
    assert (media / Brochure.objects.get().file.name).exists()


def test_a_change_back_to_the_published_entry_withdraws_it(partner, bruecke):
    edit(partner, bruecke, {"phone": "0316 1"})
    assert PendingChange.objects.pending().count() == 1
    edit(partner, bruecke, {"phone": "03452 12345"})
    assert not PendingChange.objects.exists()


def test_the_redaktion_sees_a_field_by_field_diff(partner, redaktion, bruecke):
    leibnitz = Municipality.objects.get()
    edit(
        partner,
        bruecke,
        {
            "short_description": "Beratung für Familien",
            "services-0-name": "Schulden- und Budgetberatung",
            "contact_people-0-DELETE": "on",
        },
        add={
            "locations": [
                {"street": "Grazer Gasse 5", "postal_code": "8430", "municipality": leibnitz.pk}
            ],
            "brochures": [{"title": "Neuer Folder", "language": "de"}],
        },
        files={"brochures-1-file": SimpleUploadedFile("neu.pdf", PDF)},
    )
    listing = redaktion.get("/admin/partners/pendingchange/")
    assert "Änderungen zur Freigabe: 1 wartet" in listing.content.decode()

    change = PendingChange.objects.get()
    page = redaktion.get(f"/admin/partners/pendingchange/{change.pk}/change/")
    sections = {s["title"]: s["items"] for s in page.context["sections"]}
    assert sections["Organisation"][0]["rows"] == [
        ("Kurzbeschreibung", "Beratung und Begleitung", "Beratung für Familien")
    ]
    (service,) = sections["Angebote"]
    assert (service["kind"], service["title"]) == ("changed", "Schulden- und Budgetberatung")
    assert service["rows"] == [("Name", "Schuldnerberatung", "Schulden- und Budgetberatung")]
    (place,) = sections["Standorte"]
    assert place["kind"] == "added"
    assert ("Straße und Hausnummer", "", "Grazer Gasse 5") in place["rows"]
    assert ("Gemeinde", "", "Leibnitz") in place["rows"]
    assert [(i["kind"], i["title"]) for i in sections["Ansprechpersonen"]] == [
        ("removed", "Maria Muster")
    ]
    (brochure,) = sections["Broschüren"]
    assert brochure["kind"] == "added"
    text = page.content.decode()
    assert "Neu:" in text and "Entfernt:" in text and "Geändert:" in text
    assert "Achtung" not in text
    # The new file is a link the Redaktion can open; other files are not served there.
    link = f"/admin/partners/pendingchange/{change.pk}/datei/?name=broschueren"
    assert link in text
    name = [b["fields"]["file"] for b in change.data["brochures"] if b["new"]][0]
    opened = redaktion.get(f"/admin/partners/pendingchange/{change.pk}/datei/", {"name": name})
    assert b"".join(opened.streaming_content) == PDF
    assert (
        redaktion.get(
            f"/admin/partners/pendingchange/{change.pk}/datei/", {"name": "../settings.py"}
        ).status_code
        == 404
    )
    # Partners see neither the list nor the files.
    assert partner.get("/admin/partners/pendingchange/").status_code == 403
    assert partner.get(f"/admin/partners/pendingchange/{change.pk}/change/").status_code == 403


def test_approving_publishes_the_change_and_tells_the_partner(
    partner, colleague, redaktion, bruecke
):
    visitor = Client()
    leibnitz = Municipality.objects.get()
    edit(
        partner,
        bruecke,
        {"short_description": "Beratung für Familien in Not", "contact_people-0-DELETE": "on"},
        add={
            "locations": [
                {"street": "Grazer Gasse 5", "postal_code": "8430", "municipality": leibnitz.pk}
            ],
            "services": [{"name": "Familienkompass", "access": "offen", "status": "aktiv"}],
        },
    )
    change = PendingChange.objects.get()
    page_before, api_before = public(visitor, bruecke)

    response = redaktion.post(
        f"/admin/partners/pendingchange/{change.pk}/change/",
        {"decision": "approve", "comment": "Danke, sieht gut aus!"},
        follow=True,
    )
    assert "Die Änderung ist veröffentlicht" in response.content.decode()

    page_after, api_after = public(visitor, bruecke)
    assert "Beratung für Familien in Not" in page_after
    assert "Familienkompass" in page_after
    assert "Maria Muster" in page_before and "Maria Muster" not in page_after
    assert api_after != api_before
    found = visitor.get("/sozialatlas/?q=Familienkompass").context["page"].object_list
    assert [org.name for org in found] == ["Verein Brücke"]
    bruecke.refresh_from_db()
    assert bruecke.last_checked == timezone.localdate()
    assert sorted(bruecke.locations.values_list("street", flat=True)) == [
        "Grazer Gasse 5",
        "Hauptplatz 1",
    ]
    assert not ContactPerson.objects.exists()
    change.refresh_from_db()
    assert (change.status, change.comment) == ("freigegeben", "Danke, sieht gut aus!")

    assert sorted(m.to[0] for m in mail.outbox) == [
        "kollegin@bruecke.example",
        "office@bruecke.example",
    ]
    message = mail.outbox[0]
    assert message.subject == "Ihre Änderung an „Verein Brücke“ ist veröffentlicht"
    assert "Danke, sieht gut aus!" in message.body
    assert f"http://testserver/sozialatlas/{bruecke.slug}/" in message.body

    # The approval is a version by the reviewer that names the partner.
    (revision,) = {v.revision for v in Version.objects.get_for_object(bruecke)}
    assert revision.user.username == "redaktion"
    assert "bruecke" in revision.get_comment()
    # Approved once is enough.
    again = redaktion.post(
        f"/admin/partners/pendingchange/{change.pk}/change/", {"decision": "reject", "comment": "x"}
    )
    assert again.status_code == 403
    assert len(mail.outbox) == 2


def test_rejecting_keeps_the_entry_and_deletes_the_uploaded_file(
    partner, redaktion, bruecke, media
):
    visitor = Client()
    page_before, api_before = public(visitor, bruecke)
    edit(
        partner,
        bruecke,
        {"short_description": "Werbung"},
        add={"brochures": [{"title": "Werbefolder", "language": "de"}]},
        files={"brochures-1-file": SimpleUploadedFile("werbung.pdf", PDF)},
    )
    change = PendingChange.objects.get()
    (name,) = [b["fields"]["file"] for b in change.data["brochures"] if b["new"]]
    published = Brochure.objects.get().file.name
    url = f"/admin/partners/pendingchange/{change.pk}/change/"

    refused = redaktion.post(url, {"decision": "reject", "comment": " "})
    assert refused.status_code == 200
    assert "Bitte schreiben Sie kurz, warum" in refused.content.decode()
    assert PendingChange.objects.get().status == "wartet"
    assert (media / name).exists()

    redaktion.post(url, {"decision": "reject", "comment": "Bitte keine Werbung im Sozialatlas."})
    assert PendingChange.objects.get().status == "abgelehnt"
    assert public(visitor, bruecke) == (page_before, api_before)
    assert not (media / name).exists()
    assert (media / published).exists()
    (message,) = mail.outbox
    assert message.to == ["office@bruecke.example"]
    assert message.subject == "Ihre Änderung an „Verein Brücke“ wurde nicht übernommen"
    assert "Bitte keine Werbung im Sozialatlas." in message.body
    # The partner starts again from the published entry.
    assert "Werbung" not in partner.get(change_url(bruecke)).content.decode()


def test_a_trusted_organisation_publishes_directly(partner, bruecke):
    bruecke.is_trusted = True
    bruecke.save()
    edit(partner, bruecke, {"short_description": "Sofort sichtbar", "is_trusted": ""})
    assert not PendingChange.objects.exists()
    bruecke.refresh_from_db()
    assert (bruecke.short_description, bruecke.is_trusted) == ("Sofort sichtbar", True)
    assert "Sofort sichtbar" in Client().get(f"/sozialatlas/{bruecke.slug}/").content.decode()
    (revision,) = {v.revision for v in Version.objects.get_for_object(bruecke)}
    assert revision.user.username == "bruecke"


def test_the_redaktion_publishes_directly_and_is_warned_of_a_waiting_change(
    partner, redaktion, bruecke
):
    edit(partner, bruecke, {"phone": "0316 1"})
    page = redaktion.get(change_url(bruecke))
    assert "Für diesen Eintrag wartet eine Änderung" in page.content.decode()
    edit(redaktion, bruecke, {"short_description": "Von der Redaktion"})
    assert Organisation.objects.get().short_description == "Von der Redaktion"

    change = PendingChange.objects.get()
    review = redaktion.get(f"/admin/partners/pendingchange/{change.pk}/change/")
    text = review.content.decode()
    assert "Achtung: Der veröffentlichte Eintrag wurde geändert" in text
    # Approving would set the description back: the diff says so.
    rows = review.context["sections"][0]["items"][0]["rows"]
    assert ("Kurzbeschreibung", "Von der Redaktion", "Beratung und Begleitung") in rows
    assert ("Telefon", "03452 12345", "0316 1") in rows


def test_new_objects_get_fresh_ids_when_published(partner, redaktion, bruecke):
    """A rolled-back id may be handed out again (SQLite); the change's new objects never
    take over what has it by then, and links to them follow."""
    leibnitz = Municipality.objects.get()
    edit(
        partner,
        bruecke,
        add={
            "locations": [
                {"street": "Grazer Gasse 5", "postal_code": "8430", "municipality": leibnitz.pk}
            ]
        },
    )
    # Back in their waiting version, the partner offers the service at the new place too.
    page = partner.get(change_url(bruecke)).content.decode()
    choices = re.findall(r'name="services-0-locations" value="(\d+)"[^>]*>\s*([^<,]+)', page)
    assert sorted(street for _pk, street in choices) == ["Grazer Gasse 5", "Hauptplatz 1"]
    edit(partner, bruecke, {"services-0-locations": [pk for pk, _street in choices]})
    assert not Location.objects.filter(street="Grazer Gasse 5").exists()

    other = factories.organisation("Anderer Verein")
    theirs = Location.objects.create(
        organisation=other, street="Bahnhofstraße 2", postal_code="8430", municipality=leibnitz
    )
    change = PendingChange.objects.get()
    redaktion.post(
        f"/admin/partners/pendingchange/{change.pk}/change/", {"decision": "approve", "comment": ""}
    )
    theirs.refresh_from_db()
    assert (theirs.organisation, theirs.street) == (other, "Bahnhofstraße 2")
    grazer = Location.objects.get(street="Grazer Gasse 5")
    assert grazer.organisation == bruecke
    assert grazer.pk != theirs.pk
    assert sorted(Service.objects.get().locations.values_list("street", flat=True)) == [
        "Grazer Gasse 5",
        "Hauptplatz 1",
    ]


def test_a_partner_cannot_reach_another_organisations_change(partner, bruecke):
    other = factories.organisation("Anderer Verein")
    response = partner.post(change_url(other), {"name": "Übernommen"})
    assert response.status_code in (302, 403, 404)
    assert not PendingChange.objects.exists()
    assert Organisation.objects.get(pk=other.pk).name == "Anderer Verein"


def test_the_waiting_list_counts_and_filters(partner, redaktion, bruecke):
    edit(partner, bruecke, {"phone": "0316 1"})
    change = PendingChange.objects.get()
    redaktion.post(
        f"/admin/partners/pendingchange/{change.pk}/change/", {"decision": "approve", "comment": ""}
    )
    edit(partner, bruecke, {"phone": "0316 2"})
    waiting = redaktion.get("/admin/partners/pendingchange/")
    assert "Änderungen zur Freigabe: 1 wartet" in waiting.content.decode()
    assert len(waiting.context["cl"].result_list) == 1
    everything = redaktion.get("/admin/partners/pendingchange/?status=alle")
    assert len(everything.context["cl"].result_list) == 2
    done = redaktion.get(f"/admin/partners/pendingchange/{change.pk}/change/")
    assert "Was die Partner*in geändert hat" in done.content.decode()
    assert "Freigeben und veröffentlichen" not in done.content.decode()


def test_last_checked_is_not_the_partners_to_change(partner, redaktion, bruecke):
    bruecke.last_checked = datetime.date(2025, 1, 1)
    bruecke.save()
    edit(partner, bruecke, {"phone": "0316 1", "last_checked": "01.01.2030"})
    change = PendingChange.objects.get()
    redaktion.post(
        f"/admin/partners/pendingchange/{change.pk}/change/", {"decision": "approve", "comment": ""}
    )
    bruecke.refresh_from_db()
    assert (bruecke.phone, bruecke.last_checked) == ("0316 1", timezone.localdate())


def test_a_new_logo_is_shown_only_once_approved(partner, redaktion, bruecke):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
    edit(partner, bruecke, files={"logo": SimpleUploadedFile("logo.png", png)})
    visitor = Client()
    assert visitor.get(f"/sozialatlas/{bruecke.slug}/logo").status_code == 404
    change = PendingChange.objects.get()
    page = redaktion.get(f"/admin/partners/pendingchange/{change.pk}/change/")
    assert page.context["sections"][0]["items"][0]["rows"][0][0] == "Logo"
    redaktion.post(
        f"/admin/partners/pendingchange/{change.pk}/change/", {"decision": "approve", "comment": ""}
    )
    logo = visitor.get(f"/sozialatlas/{bruecke.slug}/logo")
    assert b"".join(logo.streaming_content) == png


def test_the_admin_start_page_tells_the_redaktion_what_waits(partner, redaktion, bruecke):
    assert "Zu erledigen" not in redaktion.get("/admin/").content.decode()
    edit(partner, bruecke, {"phone": "0316 1"})
    start = redaktion.get("/admin/").content.decode()
    assert "1 Änderung einer Partner*in wartet auf Freigabe" in start
    assert "Zu erledigen" not in partner.get("/admin/").content.decode()


def test_the_waiting_list_has_a_fixed_number_of_queries(
    partner, redaktion, bruecke, django_assert_max_num_queries
):
    edit(partner, bruecke, {"phone": "0316 1"})
    for number in range(5):
        org = factories.organisation(f"Verein {number}")
        PendingChange.objects.create(organisation=org, data={}, base={})
    with django_assert_max_num_queries(8):
        waiting = redaktion.get("/admin/partners/pendingchange/")
    assert len(waiting.context["cl"].result_list) == 6
