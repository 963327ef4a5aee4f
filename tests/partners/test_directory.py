import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from partners import search
from partners.models import Location, Municipality, Organisation, Service
from schedule.models import Ordinal
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def atlas(db):
    seniors = factories.target_group("Senior*innen")
    women = factories.target_group("Frauen und Mädchen")
    housing = factories.topic("Wohnen")
    care = factories.organisation("Pflegedrehscheibe", short_description="Pflege und Betreuung")
    care.target_groups.add(seniors)
    freiraum = factories.organisation("Verein Freiraum", description="Beratung für Frauen")
    freiraum.target_groups.add(women)
    freiraum.topics.add(housing)
    network = factories.organisation("ARGE Flexible Hilfen")
    factories.organisation("Jugend am Werk", parent=network)
    factories.organisation("Geheim", is_published=False)
    search.index()
    return {"care": care, "freiraum": freiraum, "network": network}


def names(response):
    return [org.name for org in response.context["page"].object_list]


def test_directory_lists_published_organisations_by_name(client, atlas):
    response = client.get("/sozialatlas/")
    assert names(response) == [
        "ARGE Flexible Hilfen",
        "Jugend am Werk",
        "Pflegedrehscheibe",
        "Verein Freiraum",
    ]
    assert "4 Einträge" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=pflege", ["Pflegedrehscheibe"]),
        ("q=FRAUEN", ["Verein Freiraum"]),
        ("q=flexible", ["ARGE Flexible Hilfen", "Jugend am Werk"]),
        ("zielgruppe=seniorinnen", ["Pflegedrehscheibe"]),
        (
            "zielgruppe=seniorinnen&zielgruppe=frauen-und-madchen",
            ["Pflegedrehscheibe", "Verein Freiraum"],
        ),
        ("thema=wohnen&q=beratung", ["Verein Freiraum"]),
        ("q=geheim", []),
    ],
)
def test_directory_filters(client, atlas, query, expected):
    assert names(client.get(f"/sozialatlas/?{query}")) == expected


def test_unknown_filter_value_gets_a_german_message_not_an_error(client, atlas):
    response = client.get("/sozialatlas/?zielgruppe=gibt-es-nicht&page=abc")
    assert response.status_code == 200
    assert "Einige Angaben konnten wir nicht verwenden" in response.content.decode()


def test_empty_result_helps_further(client, atlas):
    html = client.get("/sozialatlas/?q=xyzzy").content.decode()
    assert "Leider haben wir dazu nichts gefunden" in html and "Entfernen Sie einen Filter" in html


def test_directory_pages_by_twenty(client, db):
    for number in range(45):
        factories.organisation(f"Verein {number:02d}")
    search.index()
    assert len(names(client.get("/sozialatlas/"))) == 20
    assert names(client.get("/sozialatlas/?page=3")) == [f"Verein {n}" for n in range(40, 45)]


def test_directory_query_count_is_fixed(client, db):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/sozialatlas/?zielgruppe=seniorinnen&q=verein&kostenlos=ja")
        assert names(response)  # the results and what they show are read too
        return len(captured)

    group = factories.target_group()

    def add(number):
        org = factories.organisation(f"Verein {number}")
        org.target_groups.add(group)
        Service.objects.create(organisation=org, name="Beratung", is_free=True)

    add(0)
    search.index()
    few = queries()
    for number in range(1, 40):
        add(number)
    search.index()
    assert queries() == few <= 16


def test_detail_shows_network_and_members(client, atlas):
    html = client.get("/sozialatlas/arge-flexible-hilfen/").content.decode()
    assert "Mitglieder des Netzwerks" in html and "Jugend am Werk" in html
    html = client.get("/sozialatlas/jugend-am-werk/").content.decode()
    assert 'href="/sozialatlas/arge-flexible-hilfen/"' in html


def test_unpublished_entry_is_not_found(client, atlas):
    assert client.get("/sozialatlas/geheim/").status_code == 404


def test_an_organisation_cannot_be_its_own_network(atlas):
    care = atlas["care"]
    with pytest.raises(IntegrityError):
        Organisation.objects.filter(pk=care.pk).update(parent=care)


def test_networks_cannot_form_a_circle(atlas):
    network, member = atlas["network"], Organisation.objects.get(slug="jugend-am-werk")
    network.parent = member
    with pytest.raises(ValidationError) as error:
        network.full_clean()
    assert "nicht ihr eigenes Netzwerk" in str(error.value)


def test_entry_page_query_count_is_fixed(client, db, django_assert_max_num_queries):
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    network = factories.organisation("Netzwerk")
    topic = factories.topic("Pflege")

    def grow(number):
        member = factories.organisation(f"Mitglied {number}", parent=network)
        place = Location.objects.create(
            organisation=network, street=f"Weg {number}", postal_code="8430", municipality=leibnitz
        )
        service = Service.objects.create(organisation=network, name=f"Angebot {number}")
        service.topics.add(topic)
        service.languages.add("de", "tr")
        service.locations.add(place)
        factories.contact_person(network, f"Person {number}")
        factories.theme(Ordinal.FIRST, f"Thema {number}", organisations=[network])
        return member

    grow(0)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/sozialatlas/netzwerk/").status_code == 200
    for number in range(1, 12):
        grow(number)
    with django_assert_max_num_queries(len(few)):
        response = client.get("/sozialatlas/netzwerk/")
    assert response.content.decode().count("Angebot ") >= 12
