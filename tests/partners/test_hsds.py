"""The HSDS 3.0 open-data API: every response checked against the specification's own schemas."""

import csv
import datetime
import gzip
import io
import json
import zipfile
from functools import cache
from pathlib import Path

import pytest
from dateutil import rrule
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from partners import search
from partners.models import Language, Location, Municipality, Organisation, Service
from schedule.models import Ordinal
from tests import factories

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "hsds"
API = "/api/hsds"


@cache
def schema(name):
    return json.loads(gzip.decompress((SCHEMAS / f"{name}.json.gz").read_bytes()))


def taxonomy_term_schema():
    attribute = schema("service")["properties"]["attributes"]["items"]
    return attribute["properties"]["taxonomy_term"]


def check(instance, against):
    """Fail with every violation of the schema, not just the first."""
    validator = Draft202012Validator(against, format_checker=FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]
    assert not errors, "\n".join(errors)
    links = [v for k, v in walk(instance) if k in {"url", "uri", "website", "logo", "term_uri"}]
    assert all(link.startswith(("http://", "https://")) for link in links), links
    stamps = [v for k, v in walk(instance) if k == "last_modified"]
    assert all(datetime.datetime.fromisoformat(stamp).tzinfo for stamp in stamps)


def walk(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def page(client, url, items_schema):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    check(data, schema("openapi")["components"]["schemas"]["Page"])
    for item in data["contents"]:
        check(item, items_schema)
    return data


@pytest.fixture
def atlas(db):
    """A small directory with something of every kind, and things the public must not see."""
    factories.info_point(street="Grazer Gasse 2", postal_code="8430", municipality="Leibnitz")
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    health = factories.topic("Gesundheit")
    care = factories.topic("Pflege", parent=health)
    seniors = factories.target_group("Senior*innen", description="Menschen ab 60")
    network = factories.organisation("ARGE Pflege Süd", description="Netzwerk der Pflegedienste.")
    hidden_network = factories.organisation("Internes Netzwerk", is_published=False)
    care_hub = factories.organisation(
        "Pflegedrehscheibe",
        parent=network,
        short_description="Beratung rund um Pflege",
        email="pflege@example.org",
        website="https://pflege.example.org",
        phone="+43 3452 82575",
        phone_other="Notruf: 0800 123",
        legal_status="Körperschaft",
        last_checked=datetime.date(2026, 9, 1),
    )
    care_hub.target_groups.add(seniors)
    factories.contact_person(
        care_hub, "Maria Muster", role="Leitung", phone="+43 1", email="m@ex.at"
    )
    office = Location.objects.create(
        organisation=care_hub,
        name="Beratungsstelle",
        street="Hauptplatz 1",
        postal_code="8430",
        municipality=leibnitz,
        latitude="46.782100",
        longitude="15.538400",
        stufenlos=True,
        wc=True,
        accessibility_note="Klingel beim Hintereingang",
        directions="Bus 510 bis Hauptplatz",
    )
    advice = Service.objects.create(
        organisation=care_hub,
        name="Pflegeberatung",
        description="Wir beraten pflegende Angehörige.",
        eligibility="Pflegende Angehörige im Bezirk",
        is_free=True,
        access=Service.Access.APPOINTMENT,
        hours="Mo–Fr 8–12 Uhr",
    )
    advice.topics.add(care)
    advice.target_groups.add(seniors)
    advice.languages.add(Language.objects.get(code="de"), Language.objects.get(code="tr"))
    advice.locations.add(office)
    courses = Service.objects.create(
        organisation=care_hub, name="Kurse", costs="20 € pro Abend", status=Service.Status.PAUSED
    )
    Service.objects.create(organisation=care_hub, name="Altes Angebot", status=Service.Status.ENDED)
    lonely = factories.organisation("Besuchsdienst", parent=hidden_network)
    Service.objects.create(organisation=lonely, name="Besuche")
    secret = factories.organisation("Entwurf", is_published=False)
    Service.objects.create(organisation=secret, name="Geheimes Angebot")
    factories.theme(Ordinal.SECOND, "Senior*innen und Pflege", organisations=[care_hub])
    factories.theme(Ordinal.EVERY, "Sprechstunde", organisations=[care_hub], weekday=1)
    factories.theme(Ordinal.LAST, "Besuchscafé", organisations=[lonely], location="Pfarrsaal")
    factories.user("partnerin", organisations=[care_hub], email="partnerin@example.org")
    search.index()
    return {
        "care_hub": care_hub,
        "network": network,
        "lonely": lonely,
        "secret": secret,
        "advice": advice,
        "courses": courses,
        "office": office,
        "care": care,
        "health": health,
        "seniors": seniors,
    }


def test_the_root_names_the_version_and_the_openapi_file(client):
    data = client.get(f"{API}/").json()
    assert data["version"] == "3.0"
    assert data["openapi_url"].endswith("/openapi.json")
    assert data["profile"].startswith("https://")


def test_every_list_and_object_is_valid_hsds(client, atlas):
    services = page(client, f"{API}/services", schema("service_list"))
    assert {s["name"] for s in services["contents"]} == {"Pflegeberatung", "Kurse", "Besuche"}
    full = page(client, f"{API}/services?full=true", schema("service"))
    assert {s["name"] for s in full["contents"]} == {"Pflegeberatung", "Kurse", "Besuche"}
    for item in services["contents"]:
        check(client.get(f"{API}/services/{item['id']}").json(), schema("service"))
    organisations = page(client, f"{API}/organizations", schema("organization_list"))
    assert [o["name"] for o in organisations["contents"]] == [
        "ARGE Pflege Süd",
        "Besuchsdienst",
        "Pflegedrehscheibe",
    ]
    page(client, f"{API}/organizations?full=true", schema("organization"))
    for item in organisations["contents"]:
        check(client.get(f"{API}/organizations/{item['id']}").json(), schema("organization"))
    terms = page(client, f"{API}/taxonomy_terms", taxonomy_term_schema())
    assert {t["name"] for t in terms["contents"]} == {"Gesundheit", "Pflege", "Senior*innen"}
    for item in terms["contents"]:
        check(client.get(f"{API}/taxonomy_terms/{item['id']}").json(), taxonomy_term_schema())
    detail = taxonomy_term_schema()["properties"]["taxonomy_detail"]
    taxonomies = page(client, f"{API}/taxonomies", detail)
    assert {t["name"] for t in taxonomies["contents"]} == {"Zielgruppen", "Themen"}
    for item in taxonomies["contents"]:
        check(client.get(f"{API}/taxonomies/{item['id']}").json(), detail)


def test_a_service_carries_what_the_entry_page_shows(client, atlas):
    data = client.get(f"{API}/services/{atlas['advice'].uuid}").json()
    assert data["organization_id"] == str(atlas["care_hub"].uuid)
    assert data["organization"]["name"] == "Pflegedrehscheibe"
    assert data["status"] == "active"
    assert data["fees_description"] == "kostenlos"
    assert data["application_process"] == "nach Terminvereinbarung"
    assert data["eligibility_description"] == "Pflegende Angehörige im Bezirk"
    assert data["assured_date"] == "2026-09-01"
    assert data["url"] == "http://testserver/sozialatlas/pflegedrehscheibe/"
    assert sorted((lang["code"], lang["name"]) for lang in data["languages"]) == [
        ("de", "Deutsch"),
        ("tr", "Türkisch"),
    ]
    assert {a["taxonomy_term"]["name"] for a in data["attributes"]} == {"Pflege", "Senior*innen"}
    assert data["schedules"][0]["description"] == "Mo–Fr 8–12 Uhr"
    place = data["service_at_locations"][0]["location"]
    assert place["id"] == str(atlas["office"].uuid)
    assert (place["latitude"], place["longitude"]) == (46.7821, 15.5384)
    assert place["transportation"] == "Bus 510 bis Hauptplatz"
    assert place["addresses"][0] == {
        "id": place["addresses"][0]["id"],
        "location_id": place["id"],
        "address_1": "Hauptplatz 1",
        "city": "Leibnitz",
        "state_province": "Steiermark",
        "postal_code": "8430",
        "country": "AT",
        "address_type": "physical",
    }
    assert [a.get("description") or a.get("details") for a in place["accessibility"]] == [
        "stufenlos erreichbar",
        "barrierefreies WC",
        "Klingel beim Hintereingang",
    ]
    paused = client.get(f"{API}/services/{atlas['courses'].uuid}").json()
    assert paused["status"] == "temporarily closed"
    assert paused["fees_description"] == "20 € pro Abend"


def test_an_organisation_carries_its_contacts_network_and_terms(client, atlas):
    data = client.get(f"{API}/organizations/{atlas['care_hub'].uuid}").json()
    assert data["parent_organization_id"] == str(atlas["network"].uuid)
    assert data["description"] == "Beratung rund um Pflege"
    assert data["legal_status"] == "Körperschaft"
    assert [(p["number"], p.get("description")) for p in data["phones"]] == [
        ("+43 3452 82575", None),
        ("0800 123", "Notruf"),
    ]
    [person] = data["contacts"]
    assert (person["name"], person["title"], person["email"]) == (
        "Maria Muster",
        "Leitung",
        "m@ex.at",
    )
    assert person["phones"][0]["number"] == "+43 1"
    assert [a["taxonomy_term"]["name"] for a in data["attributes"]] == ["Senior*innen"]
    assert [s["name"] for s in data["services"]] == ["Kurse", "Pflegeberatung"]


def test_ids_stay_the_same_from_one_request_to_the_next(client, atlas):
    url = f"{API}/organizations/{atlas['care_hub'].uuid}"
    assert client.get(url).json() == client.get(url).json()


def test_only_what_the_public_sees_is_published(client, atlas):
    everything = json.dumps(
        [
            client.get(f"{API}/services?full=true").json(),
            client.get(f"{API}/organizations?full=true").json(),
        ],
        ensure_ascii=False,
    )
    for hidden in ("Entwurf", "Geheimes Angebot", "Altes Angebot", "Internes Netzwerk"):
        assert hidden not in everything
    for private in ("partnerin", "is_published", str(atlas["secret"].uuid)):
        assert private not in everything
    lonely = client.get(f"{API}/organizations/{atlas['lonely'].uuid}").json()
    assert "parent_organization_id" not in lonely  # its network is not published
    for url in (
        f"{API}/organizations/{atlas['secret'].uuid}",
        f"{API}/services/{atlas['secret'].services.get().uuid}",
        f"{API}/services/{Service.objects.get(name='Altes Angebot').uuid}",
        f"{API}/services/kein-uuid",
        f"{API}/taxonomy_terms/00000000-0000-0000-0000-000000000000",
        f"{API}/service_at_locations",
        f"{API}/organizations/{atlas['care_hub'].uuid}/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"error": "Nicht gefunden."}


def rule_dates(schedule, first, last):
    """The dates an HSDS schedule means, read back by dateutil's RFC 5545 rules."""
    rule = rrule.rrulestr(
        f"FREQ={schedule['freq']};BYDAY={schedule['byday']};WKST={schedule['wkst']}",
        dtstart=datetime.datetime.combine(first, datetime.time()),
    )
    return [
        d.date()
        for d in rule.between(
            *(datetime.datetime.combine(d, datetime.time()) for d in (first, last)), inc=True
        )
    ]


def test_theme_days_are_schedules_at_the_info_point(client, atlas):
    data = client.get(f"{API}/organizations/{atlas['care_hub'].uuid}").json()
    [here] = [place for place in data["locations"] if "schedules" in place]
    assert here["name"] == "Sozial-Info"
    assert here["addresses"][0]["address_1"] == "Grazer Gasse 2"
    monthly, weekly = sorted(here["schedules"], key=lambda s: s["freq"])
    assert (monthly["freq"], monthly["byday"]) == ("MONTHLY", "2TH")
    assert (monthly["opens_at"], monthly["closes_at"]) == ("14:00", "16:00")
    assert monthly["schedule_link"] == "http://testserver/thementage/seniorinnen-und-pflege/"
    assert (weekly["freq"], weekly["byday"]) == ("WEEKLY", "TU")
    first, last = datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)
    assert rule_dates(monthly, first, last) == [
        datetime.date(2027, 1, 14),
        datetime.date(2027, 2, 11),
        datetime.date(2027, 3, 11),
    ]
    assert len(rule_dates(weekly, first, last)) == 13
    lonely = client.get(f"{API}/organizations/{atlas['lonely'].uuid}").json()
    [elsewhere] = lonely["locations"]  # held in the Pfarrsaal, not at the info point
    assert elsewhere["name"] == "Pfarrsaal"
    assert "addresses" not in elsewhere
    [café] = elsewhere["schedules"]
    assert café["byday"] == "-1TH"
    assert rule_dates(café, first, last)[0] == datetime.date(2027, 1, 28)


def test_a_service_never_shows_another_organisations_place(client, atlas):
    foreign = Location.objects.create(
        organisation=atlas["lonely"],
        street="Geheimweg 7",
        postal_code="8430",
        municipality=Municipality.objects.get(),
    )
    atlas["advice"].locations.add(foreign)
    data = client.get(f"{API}/services/{atlas['advice'].uuid}").json()
    assert [s["location"]["addresses"][0]["address_1"] for s in data["service_at_locations"]] == [
        "Hauptplatz 1"
    ]


def test_a_location_at_the_info_point_gets_the_schedules_itself(client, atlas):
    Location.objects.create(
        organisation=atlas["care_hub"],
        street="grazer gasse 2",
        postal_code="8430",
        municipality=Municipality.objects.get(),
    )
    data = client.get(f"{API}/organizations/{atlas['care_hub'].uuid}").json()
    assert len(data["locations"]) == 2
    assert [p["addresses"][0]["address_1"] for p in data["locations"] if "schedules" in p] == [
        "grazer gasse 2"
    ]


def names(client, query):
    response = client.get(f"{API}/services?{query}")
    assert response.status_code == 200, response.content
    return sorted(s["name"] for s in response.json()["contents"])


def term_id(client, name):
    terms = client.get(f"{API}/taxonomy_terms").json()["contents"]
    return next(t["id"] for t in terms if t["name"] == name)


def test_services_filter_by_word_term_taxonomy_organisation_and_date(client, atlas):
    # A service is found by its own words, its terms, places and organisation's name.
    assert names(client, "search=pflegeberatung") == ["Pflegeberatung"]
    assert names(client, "search=kurse") == ["Kurse"]
    assert names(client, "search=angehoerige") == ["Pflegeberatung"]
    assert names(client, "search=pflegedrehscheibe") == ["Kurse", "Pflegeberatung"]
    assert names(client, "search=gesundheit") == ["Pflegeberatung"]  # its topic's parent
    assert names(client, "search=pflegebertung") == ["Pflegeberatung"]  # one letter missing
    assert names(client, "search=Besuch") == ["Besuche"]
    assert names(client, "search=Senioren") == ["Pflegeberatung"]
    assert names(client, f"taxonomy_term_id={term_id(client, 'Pflege')}") == ["Pflegeberatung"]
    assert names(client, f"taxonomy_term_id={term_id(client, 'Gesundheit')}") == ["Pflegeberatung"]
    topics = term_id(client, "Pflege")
    themen = client.get(f"{API}/taxonomy_terms/{topics}").json()["taxonomy_id"]
    assert names(client, f"taxonomy_id={themen}") == ["Pflegeberatung"]
    assert names(client, f"organization_id={atlas['lonely'].uuid}") == ["Besuche"]
    Service.objects.filter(name="Kurse").update(
        modified=timezone.make_aware(datetime.datetime(2026, 1, 10, 9))
    )
    long_ago = timezone.make_aware(datetime.datetime(2025, 6, 1, 9))
    Service.objects.exclude(name="Kurse").update(modified=long_ago)
    Organisation.objects.update(modified=long_ago)
    assert names(client, "modified_after=2026-01-01") == ["Kurse"]
    assert names(client, "modified_after=2026-01-10T09:00:00%2B01:00") == ["Kurse"]
    assert names(client, "modified_after=2026-01-10T08:00:01Z") == []
    # A change to the organisation counts for its services too.
    Organisation.objects.filter(pk=atlas["lonely"].pk).update(
        modified=timezone.make_aware(datetime.datetime(2026, 2, 1, 9))
    )
    assert names(client, "modified_after=2026-01-20") == ["Besuche"]
    [besuche] = client.get(f"{API}/services?modified_after=2026-01-20").json()["contents"]
    assert besuche["last_modified"].startswith("2026-02-01T08:00")
    both = f"organization_id={atlas['care_hub'].uuid}&modified_after=2026-01-01"
    assert names(client, both) == ["Kurse"]


def test_organisations_filter_by_word(client, atlas):
    response = client.get(f"{API}/organizations?search=netzwerk")
    assert [o["name"] for o in response.json()["contents"]] == ["ARGE Pflege Süd"]
    response = client.get(f"{API}/organizations?search={'x' * 201}&full=ja")
    assert sorted(response.json()["fields"]) == ["full", "search"]


def test_terms_filter_by_taxonomy_parent_and_top_level(client, atlas):
    def term_names(query):
        return sorted(
            t["name"] for t in client.get(f"{API}/taxonomy_terms?{query}").json()["contents"]
        )

    health = term_id(client, "Gesundheit")
    themen = client.get(f"{API}/taxonomy_terms/{health}").json()["taxonomy_id"]
    assert term_names(f"taxonomy_id={themen}") == ["Gesundheit", "Pflege"]
    assert term_names(f"parent_id={health}") == ["Pflege"]
    assert term_names("top_only=true") == ["Gesundheit", "Senior*innen"]
    assert term_names("search=pfle") == ["Pflege"]


def test_pages_say_where_they_are(client, atlas):
    for number in range(4):
        factories.organisation(f"Verein {number:02}")
    first = client.get(f"{API}/organizations?per_page=3").json()
    last = client.get(f"{API}/organizations?per_page=3&page=3").json()
    assert (first["total_items"], first["total_pages"], first["size"]) == (7, 3, 3)
    assert (first["first_page"], first["last_page"], first["empty"]) == (True, False, False)
    assert (last["page_number"], last["size"], last["first_page"], last["last_page"]) == (
        3,
        1,
        False,
        True,
    )
    seen = [
        o["name"]
        for n in (1, 2, 3)
        for o in client.get(f"{API}/organizations?per_page=3&page={n}").json()["contents"]
    ]
    assert len(set(seen)) == 7
    nothing = client.get(f"{API}/services?search=xylophon").json()
    assert (nothing["total_items"], nothing["empty"], nothing["contents"]) == (0, True, [])


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("page=0", ["page"]),
        ("page=zwei", ["page"]),
        ("page=99", ["page"]),
        ("per_page=0", ["per_page"]),
        ("per_page=100000", ["per_page"]),
        ("full=vielleicht", ["full"]),
        ("taxonomy_term_id=pflege", ["taxonomy_term_id"]),
        ("taxonomy_term_id=00000000-0000-0000-0000-000000000000", ["taxonomy_term_id"]),
        ("taxonomy_id=00000000-0000-0000-0000-000000000000", ["taxonomy_id"]),
        ("organization_id=42", ["organization_id"]),
        ("modified_after=gestern", ["modified_after"]),
        ("modified_after=9999-12-31T23:59:59-14:00", ["modified_after"]),
        ("modified_after=0001-01-01T00:00:00%2B14:00", ["modified_after"]),
        ("search=" + "x" * 201, ["search"]),
        ("page=-1&per_page=x&modified_after=2026-13-45", ["page", "per_page", "modified_after"]),
    ],
)
def test_bad_parameters_get_a_400_that_names_them(client, atlas, query, fields):
    response = client.get(f"{API}/services?{query}")
    assert response.status_code == 400
    data = response.json()
    assert data["error"] == "Ungültige Parameter."
    assert sorted(data["fields"]) == sorted(fields)
    assert all(message for messages in data["fields"].values() for message in messages)


@pytest.mark.parametrize("path", ["organizations", "taxonomies", "taxonomy_terms"])
def test_other_lists_refuse_bad_pages_too(client, atlas, path):
    response = client.get(f"{API}/{path}?page=x&per_page=0")
    assert response.status_code == 400
    assert sorted(response.json()["fields"]) == ["page", "per_page"]


def test_the_page_message_is_german(client, atlas):
    response = client.get(f"{API}/taxonomies?page=2")
    assert response.json()["fields"]["page"] == ["Es gibt nur eine Seite."]


def more(count):
    leibnitz = Municipality.objects.get()
    care = factories.topic(f"Thema {count}")
    for number in range(count):
        org = factories.organisation(f"Mehr {count}-{number}")
        org.target_groups.add(factories.target_group(f"Gruppe {count}-{number}"))
        factories.contact_person(org)
        place = Location.objects.create(
            organisation=org, street="Weg 1", postal_code="8430", municipality=leibnitz
        )
        service = Service.objects.create(organisation=org, name=f"Angebot {number}")
        service.topics.add(care)
        service.languages.add("de")
        service.locations.add(place)
        factories.theme(Ordinal.FIRST, f"Tag {count}-{number}", organisations=[org])


@pytest.mark.parametrize(
    "url",
    [
        "/services?search=angebot",
        "/services?full=true&per_page=100",
        "/organizations?full=true&per_page=100",
        "/organizations?search=mehr&per_page=100",
        "/taxonomy_terms?per_page=100",
        "/datapackage.zip",
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_data(
    client, atlas, url, django_assert_num_queries
):
    more(2)
    search.index()
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"{API}{url}").status_code == 200
    more(12)
    search.index()
    with django_assert_num_queries(len(small)):
        assert client.get(f"{API}{url}").status_code == 200


def table(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


def typed(row, fields):
    """A CSV row with its values as the data package's field types say, empty cells left out."""
    kinds = {"number": float, "integer": int, "boolean": lambda v: v == "true"}
    return {
        field["name"]: kinds.get(field["type"], str)(row[field["name"]])
        for field in fields
        if row[field["name"]] != ""
    }


def test_the_data_package_holds_every_table_valid_and_linked(client, atlas):
    response = client.get(f"{API}/datapackage.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    tabular = schema("tabular")["properties"]
    rows = {}
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        content = table(archive, resource["path"])
        header = archive.read(resource["path"]).decode().splitlines()[0].split(",")
        assert header == [field["name"] for field in fields]
        properties = tabular[resource["name"]]["items"]
        scalar = {
            **properties,
            "properties": {
                k: v
                for k, v in properties["properties"].items()
                if v.get("type") not in ("array", "object")
            },
        }
        rows[resource["name"]] = [typed(row, fields) for row in content]
        for row in rows[resource["name"]]:
            check(row, scalar)
        ids = [row["id"] for row in rows[resource["name"]]]
        assert len(ids) == len(set(ids)), resource["name"]
    for resource in package["resources"]:
        for key in resource["schema"]["foreignKeys"]:
            target = {row["id"] for row in rows[key["reference"]["resource"]]}
            linked = [row[key["fields"]] for row in rows[resource["name"]] if key["fields"] in row]
            assert set(linked) <= target, (resource["name"], key)
    assert sorted(o["name"] for o in rows["organization"]) == [
        "ARGE Pflege Süd",
        "Besuchsdienst",
        "Pflegedrehscheibe",
    ]
    assert sorted(s["name"] for s in rows["service"]) == ["Besuche", "Kurse", "Pflegeberatung"]
    assert {(s["freq"], s["byday"]) for s in rows["schedule"] if "freq" in s} == {
        ("MONTHLY", "2TH"),
        ("WEEKLY", "TU"),
        ("MONTHLY", "-1TH"),
    }
    assert {t["name"] for t in rows["taxonomy_term"]} == {"Gesundheit", "Pflege", "Senior*innen"}
    assert {t["name"] for t in rows["taxonomy"]} == {"Zielgruppen", "Themen"}
    assert len(rows["service_at_location"]) == 1


def test_the_demo_directory_is_valid_hsds(client, demo):
    organisations = client.get(f"{API}/organizations?full=true&per_page=200").json()
    assert organisations["total_items"] == Organisation.objects.published().count()
    for item in organisations["contents"]:
        check(item, schema("organization"))
    staffed = [
        o
        for o in organisations["contents"]
        if any("schedules" in p for p in o.get("locations", []))
    ]
    assert staffed


def test_the_api_only_reads(client, atlas):
    assert client.post(f"{API}/services", {"name": "Neu"}).status_code == 405
    assert client.delete(f"{API}/organizations/{atlas['care_hub'].uuid}").status_code == 405
    assert Organisation.objects.filter(pk=atlas["care_hub"].pk).exists()
