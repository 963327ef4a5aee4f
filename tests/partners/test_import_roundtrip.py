"""An exported file imports again without changing anything, in every format; and a whole
directory moves out of one system and into an empty one."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from partners import search
from partners.models import (
    FacetValue,
    Location,
    Municipality,
    Organisation,
    SearchTerm,
    Service,
)
from tests import factories
from tests.partners.test_import import (
    confirm,
    export,
    import_types,
    messages,
    read,
    upload,
)

pytestmark = pytest.mark.django_db


KINDS = ("organisation", "location", "service")
FORMATS = ("csv", "xlsx", "json")


@pytest.fixture
def directory(db):
    seniors = factories.target_group("Senior*innen")
    women = factories.target_group("Frauen und Mädchen")
    housing = factories.topic("Wohnen")
    debts = factories.topic("Schulden")
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    wagna = Municipality.objects.create(name="Wagna", slug="wagna")
    network = factories.organisation("ARGE Flexible Hilfen", slug="arge")
    freiraum = factories.organisation(
        "Verein Freiraum",
        slug="freiraum",
        parent=network,
        description="Beratung für Frauen\r\nund Mädchen",  # as a browser sends it
        short_description="=SUMME(A1)",  # text, never an Excel formula
        website="https://freiraum.example.org",
        email="office@freiraum.example.org",
        last_checked=datetime.date(2026, 3, 31),
    )
    freiraum.target_groups.add(women)
    freiraum.topics.add(housing, debts)
    factories.organisation("Geheim", slug="geheim", is_published=False)
    office = Location.objects.create(
        organisation=freiraum,
        name="Beratungsstelle",
        street="Hauptplatz 1",
        postal_code="8430",
        municipality=leibnitz,
        latitude=Decimal("46.780123"),
        longitude=Decimal("15.537000"),
        stufenlos=True,
        wc=True,
        accessibility_note="Lift im Hof",
        directions="Bus 1 bis Hauptplatz",
        position=1,
    )
    branch = Location.objects.create(
        organisation=freiraum, street="Marburger Straße 5", postal_code="8435", municipality=wagna
    )
    advice = Service.objects.create(
        organisation=freiraum,
        name="Schuldnerberatung",
        description="Wir helfen bei Schulden.\r\n\r\nVertraulich.",
        eligibility="Frauen ab 18",
        is_free=True,
        access=Service.Access.WALK_IN,
        hours="Mo–Fr 8–12 Uhr",
        position=2,
    )
    advice.target_groups.add(women, seniors)
    advice.topics.add(debts)
    advice.languages.add("de", "tr", "bs")
    advice.locations.add(office, branch)
    Service.objects.create(
        organisation=network,
        name="Vernetzung",
        costs="5 € pro Termin",
        status=Service.Status.PAUSED,
        access=Service.Access.REGISTRATION,
    )
    search.index()


def state():
    """Everything the database holds about the directory, primary keys and timestamps too."""
    tables = [
        Organisation,
        Organisation.target_groups.through,
        Organisation.topics.through,
        Location,
        Service,
        Service.target_groups.through,
        Service.topics.through,
        Service.languages.through,
        Service.locations.through,
        SearchTerm,
        FacetValue,
    ]
    return {table.__name__: list(table.objects.order_by("pk").values()) for table in tables}


def natural():
    """The directory by its readable keys: what must survive a move to another system."""

    def text(value):
        return value.replace("\r\n", "\n") if isinstance(value, str) else value

    def fields(obj, *skip):
        skip = {"id", "created", "modified", "organisation", "parent", "municipality", *skip}
        return {
            f.name: text(getattr(obj, f.attname))
            for f in obj._meta.concrete_fields
            if f.name not in skip
        }

    def keys(manager, key="slug"):
        return sorted(str(getattr(obj, key)) for obj in manager.all())

    return {
        "organisations": {
            org.slug: (
                fields(org, "uuid", "logo"),
                org.parent.slug if org.parent else None,
                keys(org.target_groups),
                keys(org.topics),
            )
            for org in Organisation.objects.all()
        },
        "locations": {
            str(place.uuid): (fields(place), place.organisation.slug, place.municipality.slug)
            for place in Location.objects.all()
        },
        "services": {
            str(service.uuid): (
                fields(service),
                service.organisation.slug,
                keys(service.target_groups),
                keys(service.topics),
                keys(service.languages, "code"),
                keys(service.locations, "uuid"),
            )
            for service in Service.objects.all()
        },
        "facets": sorted(FacetValue.objects.values_list("organisation__slug", "key")),
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_reimporting_an_export_changes_nothing(editor, directory, fmt):
    before = state()
    for kind in KINDS:
        content = export(editor, kind, fmt).content
        preview = upload(editor, kind, content, fmt=fmt)
        rows = import_types(preview)
        assert rows and set(rows) == {"skip"}, (kind, preview.context["result"].invalid_rows)
        done = confirm(editor, kind, preview)
        assert (
            f"0 neue, 0 aktualisierte, 0 gelöschte und {len(rows)} übersprungene"
            in (messages(done)[0])
        )
    assert state() == before


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_directory_moves_into_an_empty_system(editor, directory, fmt):
    before = natural()
    files = {kind: export(editor, kind, fmt).content for kind in KINDS}
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.all().delete()

    for kind in KINDS:  # organisations first: places and services name them
        preview = upload(editor, kind, files[kind], fmt=fmt)
        assert set(import_types(preview)) == {"new"}, preview.context["result"].invalid_rows
        confirm(editor, kind, preview)
    assert natural() == before


def test_exports_are_readable(editor, directory):
    rows = read("csv", export(editor, "service", "csv").content)
    assert rows[0] == {
        "uuid": str(Service.objects.get(name="Vernetzung").uuid),
        "organisation": "arge",
        "name": "Vernetzung",
        "description": "",
        "target_groups": "",
        "topics": "",
        "eligibility": "",
        "is_free": "0",
        "costs": "5 € pro Termin",
        "languages": "",
        "access": "anmeldung",
        "hours": "",
        "locations": "",
        "status": "pausiert",
        "position": "0",
    }
    assert rows[1]["languages"] == "bs|de|tr"
    assert rows[1]["target_groups"] == "frauen-und-madchen|seniorinnen"

    places = read("json", export(editor, "location", "json").content)
    office = next(place for place in places if place["street"] == "Hauptplatz 1")
    assert office["municipality"] == "Leibnitz"
    assert office["latitude"] == "46.780123"
    assert (office["stufenlos"], office["parkplatz"]) == (True, False)  # JSON's own true/false
    assert isinstance(office["stufenlos"], bool)

    response = export(editor, "organisation", "xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="organisationen-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    freiraum = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "freiraum")
    cells = dict(zip(header, freiraum, strict=True))
    assert (cells["short_description"].value, cells["short_description"].data_type) == (
        "=SUMME(A1)",
        "s",
    )
    assert cells["last_checked"].is_date
    assert cells["is_published"].value is True
    # Networks come before their members, so that a new system knows them when they are named.
    slugs = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert slugs.index("arge") < slugs.index("freiraum")


@pytest.mark.parametrize("fmt", FORMATS)
def test_nested_networks_move_whatever_order_they_were_created_in(editor, fmt):
    # C's network is B, B's is A; B was created first, so it has the smallest id.
    b = factories.organisation("B Netzwerk", slug="b")
    a = factories.organisation("A Dachverband", slug="a")
    factories.organisation("C Verein", slug="c", parent=b)
    b.parent = a
    b.save()
    content = export(editor, "organisation", fmt).content
    Organisation.objects.all().delete()

    preview = upload(editor, "organisation", content, fmt=fmt)
    assert import_types(preview) == ["new", "new", "new"], preview.context["result"].invalid_rows
    confirm(editor, "organisation", preview)
    networks = dict(Organisation.objects.values_list("slug", "parent__slug"))
    assert networks == {"a": None, "b": "a", "c": "b"}


def test_networks_in_a_circle_still_export(editor):
    # The admin refuses a circle, but a database edited by hand may hold one.
    a = factories.organisation("A", slug="a")
    b = factories.organisation("B", slug="b", parent=a)
    Organisation.objects.filter(pk=a.pk).update(parent=b)
    rows = read("csv", export(editor, "organisation", "csv").content)
    assert [(row["slug"], row["parent"]) for row in rows] == [("a", "b"), ("b", "a")]
