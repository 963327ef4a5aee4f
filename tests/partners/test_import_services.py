"""Services (Angebote) and places (Standorte) in and out through the admin, with real files."""

import datetime

import pytest

from partners import search
from partners.models import Location, Municipality, Organisation, Service, Topic
from sozialinfo.roles import PARTNER, TEAM
from tests import factories
from tests.partners.test_import import (
    as_csv,
    as_json,
    as_xlsx,
    confirm,
    export,
    file_errors,
    import_types,
    messages,
    read,
    row_errors,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def atlas(db):
    factories.target_group("Senior*innen")
    factories.target_group("Frauen und Mädchen")
    factories.topic("Wohnen")
    factories.topic("Schulden")
    verein = factories.organisation("Verein Freiraum", slug="freiraum")
    other = factories.organisation("ZEBRA", slug="zebra")
    leibnitz = Municipality.objects.create(name="Leibnitz", slug="leibnitz")
    office = Location.objects.create(
        organisation=verein, street="Hauptplatz 1", postal_code="8430", municipality=leibnitz
    )
    elsewhere = Location.objects.create(
        organisation=other, street="Grazer Gasse 2", postal_code="8430", municipality=leibnitz
    )
    return {"verein": verein, "office": office, "elsewhere": elsewhere, "leibnitz": leibnitz}


def service_row(**values):
    row = dict.fromkeys(
        [
            "uuid",
            "organisation",
            "name",
            "description",
            "target_groups",
            "topics",
            "eligibility",
            "is_free",
            "costs",
            "languages",
            "access",
            "hours",
            "locations",
            "status",
            "position",
        ],
        "",
    )
    return {**row, "organisation": "freiraum", **values}


def location_row(**values):
    row = dict.fromkeys(
        [
            "uuid",
            "organisation",
            "name",
            "street",
            "postal_code",
            "municipality",
            "latitude",
            "longitude",
            "stufenlos",
            "wc",
            "induktionsschleife",
            "leitsystem",
            "parkplatz",
            "accessibility_note",
            "directions",
            "position",
        ],
        "",
    )
    return {**row, "organisation": "freiraum", **values}


def test_services_are_previewed_then_written_and_indexed(editor, client, atlas):
    content = as_csv(
        [
            service_row(
                name="Schuldnerberatung",
                target_groups="seniorinnen|frauen-und-madchen",
                topics="schulden",
                is_free="1",
                languages="de|Türkisch",
                access="offen",
                locations=str(atlas["office"].uuid),
            ),
            service_row(name="Wohnungssuche", topics="wohnen", access="nach Terminvereinbarung"),
        ]
    )
    preview = upload(editor, "service", content)
    assert import_types(preview) == ["new", "new"]
    assert not Service.objects.exists()

    done = confirm(editor, "service", preview)
    assert messages(done) == [
        "Import fertiggestellt: 2 neue, 0 aktualisierte, 0 gelöschte und 0 übersprungene Angebote."
    ]
    advice = Service.objects.get(name="Schuldnerberatung")
    assert advice.organisation == atlas["verein"]
    assert {t.slug for t in advice.target_groups.all()} == {"seniorinnen", "frauen-und-madchen"}
    assert [lang.code for lang in advice.languages.all()] == ["de", "tr"]
    assert list(advice.locations.all()) == [atlas["office"]]
    assert (advice.is_free, advice.access, advice.status) == (True, "offen", "aktiv")
    housing = Service.objects.get(name="Wohnungssuche")
    assert (housing.is_free, housing.access, housing.position) == (False, "termin", 0)

    # The directory finds the organisation by what it now offers.
    for query in ("sprache=tr", "thema=schulden", "kostenlos=ja", "q=schuldnerberatung"):
        listed = client.get(f"/sozialatlas/?{query}").context["page"].object_list
        assert [org.name for org in listed] == ["Verein Freiraum"], query


def test_a_spreadsheet_updates_services_by_uuid(editor, atlas):
    advice = Service.objects.create(organisation=atlas["verein"], name="Schuldnerberatung")
    before = advice.modified
    content = as_xlsx(
        [
            {
                "uuid": str(advice.uuid),
                "organisation": "freiraum",
                "name": "Schuldnerberatung",
                "is_free": True,
                "status": "pausiert",
                "position": 3,
                "languages": None,
            },
            {"uuid": None, "organisation": "freiraum", "name": "Neu", "is_free": 0},
            {"uuid": None, "organisation": None, "name": None, "is_free": None},  # blank line
        ]
    )
    preview = upload(editor, "service", content, fmt="xlsx")
    assert import_types(preview) == ["update", "new"]
    confirm(editor, "service", preview)
    advice.refresh_from_db()
    assert (advice.status, advice.position, advice.is_free) == ("pausiert", 3, True)
    assert advice.modified > before
    assert Service.objects.count() == 2


def test_json_from_another_system_may_use_lists_and_any_key_order(editor, atlas):
    content = as_json(
        [
            {"name": "Beratung", "organisation": "freiraum", "languages": ["de", "en"]},
            {"topics": ["wohnen"], "organisation": "freiraum", "name": "Wohnen", "is_free": True},
        ]
    )
    preview = upload(editor, "service", content, fmt="json")
    assert import_types(preview) == ["new", "new"]
    confirm(editor, "service", preview)
    assert [lang.code for lang in Service.objects.get(name="Beratung").languages.all()] == [
        "de",
        "en",
    ]
    assert Service.objects.get(name="Wohnen").is_free


def test_unknown_keys_and_bad_values_are_errors_of_their_rows(editor, atlas):
    content = as_csv(
        [
            service_row(name="Gut", topics="wohnen"),
            service_row(name="A", target_groups="xyz", topics="wohnen|abc"),
            service_row(name="B", languages="de|klingonisch", organisation="niemand"),
            service_row(name="C", locations=str(atlas["elsewhere"].uuid)),
            service_row(name="D", locations="123"),
            service_row(name="E", access="irgendwann", status="vorbei", is_free="vielleicht"),
            service_row(name="", position="zweite", uuid="keine-uuid"),
        ]
    )
    preview = upload(editor, "service", content)
    assert row_errors(preview) == {
        3: {
            "target_groups": ["Unbekannte Zielgruppe: „xyz“"],
            "topics": ["Unbekanntes Thema: „abc“"],
        },
        4: {
            "organisation": ["Unbekannte Organisation: „niemand“"],
            "languages": ["Unbekannte Sprache: „klingonisch“"],
        },
        5: {
            "locations": [
                "Der Standort „Grazer Gasse 2, 8430 Leibnitz“ gehört zu einer anderen Organisation."
            ]
        },
        6: {"locations": ["Unbekannter Standort: „123“"]},
        7: {
            "access": ["„irgendwann“ gibt es nicht; möglich sind anmeldung, termin, offen."],
            "status": ["„vorbei“ gibt es nicht; möglich sind aktiv, pausiert, eingestellt."],
            "is_free": ["„vielleicht“ ist weder ja noch nein (1 oder 0)."],
        },
        8: {
            "uuid": ["„keine-uuid“ ist keine gültige UUID."],
            "position": ["Bitte eine ganze Zahl statt „zweite“."],
            "name": ["Dieses Feld darf nicht leer sein."],
        },
    }
    page = preview.content.decode()
    assert "Unbekannte Zielgruppe: „xyz“" in page
    assert "Import bestätigen" not in page
    assert not Service.objects.exists()


def test_nothing_is_written_if_the_data_changed_since_the_preview(editor, atlas):
    content = as_csv([service_row(name="Beratung"), service_row(name="Wohnen", topics="wohnen")])
    preview = upload(editor, "service", content)
    assert import_types(preview) == ["new", "new"]
    Topic.objects.filter(slug="wohnen").delete()
    done = confirm(editor, "service", preview)
    assert messages(done) == [
        "Der Import wurde abgebrochen, es wurde nichts gespeichert: seit der Vorschau hat sich "
        "etwas geändert. Bitte die Datei noch einmal hochladen."
    ]
    assert not Service.objects.exists()


def test_a_file_without_its_key_columns_writes_nothing(editor, atlas):
    response = upload(editor, "service", b"titel,beschreibung\nBeratung,kostenlos\n")
    assert file_errors(response) == [
        "In der Datei fehlen die Spalten „organisation“, „name“. Die erste Zeile muss die "
        "Spaltennamen enthalten; ein Export der Angebote zeigt, wie die Datei aussehen soll."
    ]
    places = as_csv([location_row(street="Hauptplatz 1", postal_code="8430", municipality="x")])
    response = upload(editor, "service", places)
    assert file_errors(response) == [
        "Das ist offenbar eine Datei mit „Standorte“ (Spalten „municipality“, „postal_code“, "
        "„street“), nicht mit „Angebote“. Bitte unter „Standorte“ importieren."
    ]
    assert not Service.objects.exists()


def test_places_are_imported_with_municipality_by_name_or_slug(editor, client, atlas):
    Municipality.objects.create(name="Wagna", slug="wagna")
    content = as_csv(
        [
            location_row(
                name="Beratungsstelle",
                street="Marburger Straße 5",
                postal_code="8435",
                municipality="wagna",
                latitude="46,7700",
                longitude="15.5600",
                stufenlos="ja",
                wc="x",
            ),
            location_row(street="Bahnhofstraße 3", postal_code="8430", municipality="LEIBNITZ"),
        ],
        delimiter=";",
    )
    preview = upload(editor, "location", content)
    assert import_types(preview) == ["new", "new"]
    confirm(editor, "location", preview)
    place = Location.objects.get(street="Marburger Straße 5")
    assert (place.municipality.slug, str(place.latitude), str(place.longitude)) == (
        "wagna",
        "46.770000",
        "15.560000",
    )
    assert (place.stufenlos, place.wc, place.parkplatz) == (True, True, False)
    listed = client.get("/sozialatlas/?gemeinde=wagna&barrierefrei=stufenlos")
    assert [org.name for org in listed.context["page"].object_list] == ["Verein Freiraum"]


def test_bad_places_are_refused_row_by_row(editor, atlas):
    Municipality.objects.create(name="Wagna", slug="wagna")
    content = as_csv(
        [
            location_row(street="Hauptplatz 2", postal_code="8430", municipality="Leibnitz"),
            location_row(street="Weg 1", postal_code="843", municipality="Leibnitz"),
            location_row(street="Weg 2", postal_code="8430", municipality="Atlantis"),
            location_row(
                street="Weg 3", postal_code="8430", municipality="Leibnitz", latitude="46"
            ),
            location_row(street="", postal_code="8430", municipality="Leibnitz", wc="jein"),
        ]
    )
    preview = upload(editor, "location", content)
    assert row_errors(preview) == {
        3: {"postal_code": ["Bitte eine vierstellige Postleitzahl."]},
        4: {"municipality": ["Unbekannte Gemeinde: „Atlantis“"]},
        5: {"__all__": ["Bitte beide Koordinaten angeben oder keine."]},
        6: {
            "wc": ["„jein“ ist weder ja noch nein (1 oder 0)."],
            "street": ["Dieses Feld darf nicht leer sein."],
        },
    }
    assert Location.objects.count() == 2  # the fixture's


def test_a_place_with_services_of_its_organisation_cannot_move(editor, atlas):
    office = atlas["office"]
    Service.objects.create(organisation=atlas["verein"], name="Beratung").locations.add(office)
    content = as_csv(
        [
            location_row(
                uuid=str(office.uuid),
                organisation="zebra",
                street="Hauptplatz 1",
                postal_code="8430",
                municipality="Leibnitz",
            )
        ]
    )
    assert row_errors(upload(editor, "location", content)) == {
        2: {
            "organisation": [
                "Angebote der bisherigen Organisation finden an diesem Standort statt."
            ]
        }
    }


def test_export_follows_the_list_filters(editor, atlas):
    Service.objects.create(organisation=atlas["verein"], name="Aktiv")
    Service.objects.create(organisation=atlas["verein"], name="Vorbei", status="eingestellt")
    rows = read("csv", export(editor, "service", "csv", "?status__exact=aktiv").content)
    assert [row["name"] for row in rows] == ["Aktiv"]


def test_service_and_place_lists_have_a_fixed_number_of_queries(
    editor, atlas, django_assert_max_num_queries
):
    for number in range(30):
        service = Service.objects.create(organisation=atlas["verein"], name=f"Angebot {number}")
        service.topics.add(*Topic.objects.all())
    for kind, queries in (("service", 11), ("location", 9)):
        with django_assert_max_num_queries(queries):
            response = editor.get(f"/admin/partners/{kind}/")
        assert response.status_code == 200
    assert "Angebot 29" in editor.get("/admin/partners/service/").content.decode()


def test_partners_cannot_list_export_or_import_services_or_places(client, atlas):
    verein = atlas["verein"]
    Service.objects.create(organisation=verein, name="Eigenes Angebot")
    Service.objects.create(organisation=atlas["elsewhere"].organisation, name="Fremdes Angebot")
    client.force_login(factories.user("verein", PARTNER, organisations=[verein]))
    for kind in ("service", "location"):
        assert client.get(f"/admin/partners/{kind}/").status_code == 403
        assert client.get(f"/admin/partners/{kind}/export/").status_code == 403
        assert client.post(f"/admin/partners/{kind}/export/", {"format": "0"}).status_code == 403
        assert client.get(f"/admin/partners/{kind}/import/").status_code == 403
        assert upload(client, kind, as_csv([service_row(name="X")])).status_code == 403
        response = client.post(
            f"/admin/partners/{kind}/process_import/",
            {"import_file_name": "x", "original_file_name": "x.csv", "format": "0"},
        )
        assert response.status_code == 403
    assert sorted(Service.objects.values_list("name", flat=True)) == [
        "Eigenes Angebot",
        "Fremdes Angebot",
    ]
    index = client.get("/admin/").content.decode()
    assert "/admin/partners/service/" not in index
    # Their own services stay in their organisation's page.
    page = client.get(f"/admin/partners/organisation/{verein.pk}/change/").content.decode()
    assert "Eigenes Angebot" in page
    assert "Fremdes Angebot" not in page


def test_team_lists_and_exports_but_does_not_import(client, atlas):
    Service.objects.create(organisation=atlas["verein"], name="Beratung")
    client.force_login(factories.user("team", TEAM))
    assert client.get("/admin/partners/service/").status_code == 200
    assert [row["name"] for row in read("csv", export(client, "service", "csv").content)] == [
        "Beratung"
    ]
    assert client.get("/admin/partners/service/import/").status_code == 403
    assert client.get("/admin/partners/location/import/").status_code == 403


def test_editors_change_a_service_in_its_own_page(editor, client, atlas):
    advice = Service.objects.create(organisation=atlas["verein"], name="Schuldnerberatung")
    url = f"/admin/partners/service/{advice.pk}/change/"
    form = editor.get(url).context["adminform"].form
    # Only the places of the service's own organisation can be ticked.
    assert list(form.fields["locations"].queryset) == [atlas["office"]]
    response = editor.post(
        url,
        {
            "name": "Schuldenberatung",
            "status": "aktiv",
            "description": "",
            "eligibility": "",
            "costs": "",
            "access": "offen",
            "hours": "",
            "languages": ["uk"],
            "locations": [atlas["office"].pk],
            "position": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    advice.refresh_from_db()
    assert (advice.name, advice.access) == ("Schuldenberatung", "offen")
    listed = client.get("/sozialatlas/?sprache=uk").context["page"].object_list
    assert [org.name for org in listed] == ["Verein Freiraum"]
    assert editor.get("/admin/partners/service/add/").status_code == 403  # in the organisation
    assert editor.get(f"/admin/partners/location/{atlas['office'].pk}/change/").status_code == 200


def test_deleting_from_the_lists_updates_the_directory(editor, client, atlas):
    advice = Service.objects.create(organisation=atlas["verein"], name="Beratung", is_free=True)
    search.index()
    assert client.get("/sozialatlas/?kostenlos=ja").context["page"].object_list
    for kind, pk in (("service", advice.pk), ("location", atlas["office"].pk)):
        response = editor.post(
            f"/admin/partners/{kind}/",
            {"action": "delete_selected", "_selected_action": [pk], "post": "yes"},
        )
        assert response.status_code == 302
    assert not client.get("/sozialatlas/?kostenlos=ja").context["page"].object_list
    listed = client.get("/sozialatlas/?gemeinde=leibnitz").context["page"].object_list
    assert [org.name for org in listed] == ["ZEBRA"]  # Verein Freiraum has no place there now


def test_a_service_moves_to_another_organisation_only_without_the_old_places(editor, client, atlas):
    advice = Service.objects.create(organisation=atlas["verein"], name="Beratung")
    advice.locations.add(atlas["office"])
    moved = {"uuid": str(advice.uuid), "organisation": "zebra", "name": "Beratung"}
    assert row_errors(upload(editor, "service", as_csv([moved]))) == {
        2: {
            "organisation": [
                "Das Angebot findet noch an Standorten der bisherigen Organisation statt: "
                "„Hauptplatz 1, 8430 Leibnitz“. Bitte in der Spalte „locations“ Standorte der "
                "neuen Organisation angeben oder die Zelle leer lassen."
            ]
        }
    }
    old_place = {**moved, "locations": str(atlas["office"].uuid)}
    assert row_errors(upload(editor, "service", as_csv([old_place]))) == {
        2: {
            "locations": [
                "Der Standort „Hauptplatz 1, 8430 Leibnitz“ gehört zu einer anderen Organisation."
            ]
        }
    }
    assert list(Service.objects.get().locations.all()) == [atlas["office"]]

    new_place = {**moved, "locations": str(atlas["elsewhere"].uuid)}
    confirm(editor, "service", upload(editor, "service", as_csv([new_place])))
    assert list(Service.objects.get().locations.all()) == [atlas["elsewhere"]]
    page = client.get("/sozialatlas/zebra/").content.decode()
    assert "Beratung" in page
    assert "Hauptplatz 1" not in page


def test_an_empty_cell_keeps_what_a_service_or_place_has(editor, client, atlas):
    ended = Service.objects.create(
        organisation=atlas["verein"],
        name="Alte Beratung",
        status="eingestellt",
        access="offen",
        is_free=True,
        position=4,
    )
    office = atlas["office"]
    Location.objects.filter(pk=office.pk).update(stufenlos=True, wc=True, position=2)
    blank = dict.fromkeys(("is_free", "access", "status", "position"))
    services = as_xlsx(
        [
            {"uuid": str(ended.uuid), "organisation": "freiraum", "name": "Alte Beratung", **blank},
            {"uuid": None, "organisation": "freiraum", "name": "Neue Beratung", **blank},
        ]
    )
    preview = upload(editor, "service", services, fmt="xlsx")
    assert import_types(preview) == ["skip", "new"]
    confirm(editor, "service", preview)
    ended.refresh_from_db()
    assert (ended.status, ended.access, ended.is_free, ended.position) == (
        "eingestellt",
        "offen",
        True,
        4,
    )
    new = Service.objects.get(name="Neue Beratung")  # a new row gets the defaults
    assert (new.status, new.access, new.is_free, new.position) == ("aktiv", "termin", False, 0)
    page = client.get("/sozialatlas/freiraum/").content.decode()
    assert "Alte Beratung" not in page
    assert "Neue Beratung" in page

    places = as_json(
        [
            {
                "uuid": str(office.uuid),
                "organisation": "freiraum",
                "street": "Hauptplatz 1",
                "postal_code": "8430",
                "municipality": "Leibnitz",
                "stufenlos": None,
                "wc": "",
                "position": None,
            }
        ]
    )
    preview = upload(editor, "location", places, fmt="json")
    assert import_types(preview) == ["skip"]
    confirm(editor, "location", preview)
    office.refresh_from_db()
    assert (office.stufenlos, office.wc, office.position) == (True, True, 2)


def test_a_position_is_a_whole_number_and_a_date_may_be_written_as_in_austria(editor, atlas):
    content = as_csv(
        [
            service_row(name="A", position="2.5"),
            service_row(name="B", position="zwei"),
            service_row(name="C", position=" 3 "),
        ]
    )
    assert row_errors(upload(editor, "service", content)) == {
        2: {"position": ["Bitte eine ganze Zahl statt „2.5“."]},
        3: {"position": ["Bitte eine ganze Zahl statt „zwei“."]},
    }
    dates = b"slug,name,last_checked\na,A,2026-03-31\nb,B, 31.03.2026 \nc,C,31.03.26\n"
    confirm(editor, "organisation", upload(editor, "organisation", dates))
    imported = Organisation.objects.filter(slug__in=["a", "b", "c"])
    assert [org.last_checked for org in imported] == [datetime.date(2026, 3, 31)] * 3
