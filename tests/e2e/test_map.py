"""The map in the browser: nothing from another host before consent, then markers that follow
the filters, on the directory and on an entry; consent lasts the visit; axe at two widths."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from partners import search
from partners.models import Location, Municipality
from tests import factories
from tests.e2e.conftest import DESKTOP, PHONE, assert_accessible

pytestmark = pytest.mark.e2e

TILES = "http://tiles.invalid/{z}/{x}/{y}.png"
TILE = re.compile(r"^http://tiles\.invalid/\d+/\d+/\d+\.png$")
HAUPTPLATZ = (Decimal("46.781700"), Decimal("15.539400"))
WAGNA = (Decimal("46.769000"), Decimal("15.560000"))
TOGETHER = "Hauptplatz 1, 8430 Leibnitz: 2 Einträge"
FREIRAUM = "Verein Freiraum, Marktplatz 2, 8435 Wagna"
CARE = "Pflegedrehscheibe, Hauptplatz 1, 8430 Leibnitz"


@pytest.fixture
def atlas(transactional_db, settings):
    settings.MAP_TILE_URL = TILES
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    wagna = Municipality.objects.create(name="Wagna", slug="wagna")
    seniors = factories.target_group("Senior*innen")
    for name, town, street, code, (lat, lng) in [
        ("Pflegedrehscheibe", leibnitz, "Hauptplatz 1", "8430", HAUPTPLATZ),
        ("Beratungszentrum Süd", leibnitz, "Hauptplatz 1", "8430", HAUPTPLATZ),
        ("Verein Freiraum", wagna, "Marktplatz 2", "8435", WAGNA),
        ("Beratung ohne Ort", leibnitz, "Bahnhofstraße 3", "8430", (None, None)),
    ]:
        org = factories.organisation(name)
        Location.objects.create(
            organisation=org,
            street=street,
            postal_code=code,
            municipality=town,
            latitude=lat,
            longitude=lng,
        )
        if name == "Pflegedrehscheibe":
            org.target_groups.add(seniors)
    search.index()


def visit(browser, viewport=DESKTOP):
    """A fresh visit (new session storage) that records every request and answers none
    for the tile host."""
    context = browser.new_context(viewport=viewport, locale="de-AT")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.viewport = viewport
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.route(TILE, lambda route: route.abort())
    return page


def hosts(page):
    return {urlsplit(url).hostname for url in page.requests}


def test_map_asks_first_then_shows_the_results_and_follows_the_filters(browser, live_server, atlas):
    page = visit(browser)
    here = urlsplit(live_server.url).hostname
    page.goto(live_server.url + "/sozialatlas/")
    page.wait_for_load_state("networkidle")
    consent = page.locator(".map-consent")
    expect(consent).to_contain_text("Die Kartenbilder kommen von tiles.invalid")
    expect(consent).to_contain_text("IP-Adresse")
    assert hosts(page) == {here}
    assert not [url for url in page.requests if "leaflet" in url]

    with page.expect_request(TILE):
        page.get_by_role("button", name="Karte anzeigen").click()
    assert f"{live_server.url}/static/leaflet/leaflet.js" in page.requests
    assert f"{live_server.url}/static/leaflet/leaflet.css" in page.requests
    assert hosts(page) == {here, "tiles.invalid"}
    expect(
        page.get_by_role("region", name="Karte mit den Standorten der Ergebnisse")
    ).to_be_focused()
    markers = page.locator(".map-marker")
    expect(markers).to_have_count(2)
    expect(page.get_by_role("button", name=TOGETHER)).to_have_text("2")

    # Keyboard: a marker is a button that opens its popup with a link to the entry.
    page.get_by_role("button", name=FREIRAUM).focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    link = popup.get_by_role("link", name="Verein Freiraum")
    expect(link).to_have_attribute("href", "/sozialatlas/verein-freiraum/")
    expect(link).to_be_focused()
    expect(popup).to_contain_text("Marktplatz 2, 8435 Wagna")
    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    expect(page.get_by_role("button", name=FREIRAUM)).to_be_focused()

    page.locator("summary", has_text="Zielgruppe").click()
    page.get_by_label(re.compile(r"Senior\*innen")).check()
    expect(page.locator(".result-count")).to_have_text("1 Eintrag")
    expect(markers).to_have_count(1)
    expect(page.get_by_role("button", name=CARE)).to_be_visible()

    page.get_by_label("Suchbegriff").fill("xyzzy")
    expect(page.locator(".map-note")).to_have_text(
        "Keine Standorte mit Koordinaten in diesen Ergebnissen."
    )
    expect(markers).to_have_count(0)

    # The consent holds on the next page: the entry's map opens without asking again.
    page.goto(live_server.url + "/sozialatlas/pflegedrehscheibe/")
    expect(page.get_by_role("button", name=CARE)).to_be_visible()
    expect(page.get_by_role("button", name="Karte anzeigen")).to_be_hidden()
    page.context.close()


def test_without_javascript_there_is_no_map(browser, live_server, atlas):
    context = browser.new_context(java_script_enabled=False, locale="de-AT")
    page = context.new_page()
    page.goto(live_server.url + "/sozialatlas/")
    expect(page.locator(".result")).to_have_count(4)
    expect(page.get_by_role("heading", name="Karte der Ergebnisse")).to_be_hidden()
    expect(page.get_by_role("button", name="Karte anzeigen")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_entry_map_after_consent_and_axe_with_the_map_closed_and_open(
    browser, live_server, atlas, viewport
):
    page = visit(browser, viewport)
    page.goto(live_server.url + "/sozialatlas/verein-freiraum/")
    assert_accessible(page)

    page.get_by_role("button", name="Karte anzeigen").click()
    marker = page.get_by_role("button", name=FREIRAUM)
    expect(marker).to_be_visible()
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    expect(popup).to_contain_text("Marktplatz 2, 8435 Wagna")
    expect(popup).to_have_css("opacity", "1")  # faded in
    expect(page.get_by_role("button", name="Schließen")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/sozialatlas/")
    expect(page.locator(".map-marker")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("button", name="Karte ausblenden").click()
    expect(page.get_by_role("button", name="Karte anzeigen")).to_be_focused()
    assert_accessible(page)
    page.context.close()
