"""The Sozialatlas map: the GeoJSON of the results, and the map sections of the pages."""

import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest

from partners import search
from partners.models import Location, Municipality
from tests import factories
from tests.sozialinfo.test_settings import django_check

pytestmark = pytest.mark.django_db

HAUPTPLATZ = (Decimal("46.781700"), Decimal("15.539400"))
WAGNA = (Decimal("46.769000"), Decimal("15.560000"))
GRAZ = (Decimal("47.070700"), Decimal("15.439500"))


def place(org, municipality, coordinates=None, **fields):
    fields.setdefault("street", "Hauptplatz 1")
    fields.setdefault("postal_code", "8430")
    latitude, longitude = coordinates or (None, None)
    return Location.objects.create(
        organisation=org,
        municipality=municipality,
        latitude=latitude,
        longitude=longitude,
        **fields,
    )


@pytest.fixture
def atlas(db):
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    wagna = Municipality.objects.create(name="Wagna", slug="wagna")
    seniors = factories.target_group("Senior*innen")
    care = factories.organisation("Pflegedrehscheibe", short_description="Pflege und Betreuung")
    care.target_groups.add(seniors)
    place(care, leibnitz, HAUPTPLATZ, name="Beratungsstelle")
    place(care, leibnitz, name="Außenstelle ohne Koordinaten", street="Bahnhofstraße 3")
    freiraum = factories.organisation("Verein Freiraum", description="Beratung für Frauen")
    place(freiraum, wagna, WAGNA, street="Marktplatz 2", postal_code="8435")
    unplaced = factories.organisation("Beratung ohne Ort")
    place(unplaced, leibnitz)
    hidden = factories.organisation("Geheim", is_published=False)
    place(hidden, leibnitz, GRAZ)  # outside the published places: must not widen the area
    search.index()
    return {"care": care, "freiraum": freiraum}


def geojson(client, query=""):
    response = client.get(f"/sozialatlas/karte.json?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def names(collection):
    return [feature["properties"]["name"] for feature in collection["features"]]


def test_map_has_the_located_places_of_published_entries(client, atlas):
    collection = geojson(client)
    assert collection["type"] == "FeatureCollection"
    # The whole directory's bounds, for a view when no result has coordinates.
    assert collection["area"] == [15.5394, 46.769, 15.56, 46.7817]
    assert collection["features"] == [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [15.5394, 46.7817]},
            "properties": {
                "name": "Pflegedrehscheibe",
                "url": "/sozialatlas/pflegedrehscheibe/",
                "place": "Beratungsstelle",
                "address": "Hauptplatz 1, 8430 Leibnitz",
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [15.56, 46.769]},
            "properties": {
                "name": "Verein Freiraum",
                "url": "/sozialatlas/verein-freiraum/",
                "place": "",
                "address": "Marktplatz 2, 8435 Wagna",
            },
        },
    ]


def test_map_area_is_none_without_any_coordinates(client, db):
    org = factories.organisation("Verein ohne Ort")
    place(org, Municipality.objects.create(name="Leibnitz", slug="leibnitz"))
    search.index()
    assert geojson(client) == {"type": "FeatureCollection", "features": [], "area": None}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=pflege", ["Pflegedrehscheibe"]),
        ("q=beratung", ["Verein Freiraum"]),  # "Beratung ohne Ort" has no coordinates
        ("zielgruppe=seniorinnen", ["Pflegedrehscheibe"]),
        ("gemeinde=wagna", ["Verein Freiraum"]),
        ("gemeinde=wagna&gemeinde=leibnitz", ["Pflegedrehscheibe", "Verein Freiraum"]),
        ("q=geheim", []),
        ("q=xyzzy", []),
    ],
)
def test_map_follows_search_and_filters(client, atlas, query, expected):
    assert names(geojson(client, query)) == expected


def test_map_speaks_the_pages_language(client, atlas):
    response = client.get("/en/sozialatlas/karte.json?q=pflege")
    assert (
        response.json()["features"][0]["properties"]["url"] == "/en/sozialatlas/pflegedrehscheibe/"
    )


@pytest.mark.parametrize(
    "query",
    [
        "zielgruppe=gibt-es-nicht",
        "sprache=xx",
        "barrierefrei=fliegen",
        "sortierung=bogus",
        "kostenlos=vielleicht",
        "page=abc",
        "page=9999",
        urlencode({"q": "Beratung " * 33 + "xyz"}),
        "q=%00",
        "q=%27+OR+1%3D1+--",
        "q=%25&gemeinde=%27%3B+DROP+TABLE",
        "q=%ff%fe",
        "gemeinde",
    ],
)
def test_odd_parameters_never_break_the_map(client, atlas, query):
    response = client.get(f"/sozialatlas/karte.json?{query}")
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["type"] == "FeatureCollection"


def test_unknown_values_are_ignored_as_in_the_list(client, atlas):
    everything = names(geojson(client))
    assert names(geojson(client, "zielgruppe=gibt-es-nicht&page=abc")) == everything


def test_map_has_all_results_and_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries
):
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    group = factories.target_group()
    query = "zielgruppe=seniorinnen&q=verein&gemeinde=leibnitz&barrierefrei=stufenlos"

    def add(numbers):
        for number in numbers:
            org = factories.organisation(f"Verein {number:02d}")
            org.target_groups.add(group)
            place(org, leibnitz, HAUPTPLATZ, stufenlos=True)
            place(org, leibnitz, WAGNA, stufenlos=True)
        search.index()

    add(range(2))
    with django_assert_max_num_queries(6) as few:
        assert len(geojson(client, query)["features"]) == 4
    add(range(2, 30))
    with django_assert_max_num_queries(len(few)):
        # All results, not one page of the list.
        assert len(geojson(client, query)["features"]) == 60


def test_directory_offers_the_map_of_its_results(client, atlas):
    html = client.get("/sozialatlas/?q=pflege&page=1").content.decode()
    section = re.search(r'<section class="map".*?</section>', html, re.S).group()
    assert "hidden" in section.split(">")[0]  # only JavaScript shows it
    assert 'data-source="/sozialatlas/karte.json?q=pflege"' in section
    assert "Die Kartenbilder kommen von <strong>tile.openstreetmap.org</strong>" in section
    assert "Karte anzeigen" in section
    # Leaflet is named for the script to load later, never loaded by the page itself.
    assert not re.search(r"<(script|link)[^>]+leaflet", html)


def test_the_tile_server_is_a_setting(client, atlas, settings):
    settings.MAP_TILE_URL = "https://{s}.karten.example.at/{z}/{x}/{y}.png"
    settings.MAP_ATTRIBUTION = "© Karten Beispiel"
    html = client.get("/sozialatlas/").content.decode()
    assert 'data-tiles="https://{s}.karten.example.at/{z}/{x}/{y}.png"' in html
    assert 'data-attribution="© Karten Beispiel"' in html
    assert "Die Kartenbilder kommen von <strong>karten.example.at</strong>" in html


def test_entry_map_shows_its_located_places(client, atlas):
    html = client.get("/sozialatlas/pflegedrehscheibe/").content.decode()
    assert "data-map" in html and "data-source" not in html
    assert 'data-lat="46.781700" data-lng="15.539400"' in html  # a point, not a German comma
    assert html.count("data-lat=") == 1  # the place without coordinates has none


def test_entry_without_coordinates_has_no_map(client, atlas):
    html = client.get("/sozialatlas/beratung-ohne-ort/").content.decode()
    assert "data-map" not in html and "js/map.js" not in html


def test_a_tile_url_without_coordinates_is_refused(tmp_path):
    result = django_check(tmp_path, MAP_TILE_URL="https://tiles.example.at/karte.png")
    assert result.returncode != 0 and "MAP_TILE_URL must be" in result.stderr


def test_only_the_places_that_meet_the_filters_are_on_the_map(client, atlas):
    wagna = Municipality.objects.get(slug="wagna")
    place(atlas["care"], wagna, WAGNA, name="Zweigstelle", wc=True)
    place(atlas["care"], Municipality.objects.get(slug="leibnitz"), GRAZ, name="Ohne WC")
    search.index()
    in_wagna = geojson(client, "gemeinde=wagna")
    assert sorted(f["properties"]["place"] for f in in_wagna["features"]) == ["", "Zweigstelle"]
    with_toilet = geojson(client, "barrierefrei=wc")
    assert [f["properties"]["place"] for f in with_toilet["features"]] == ["Zweigstelle"]
