"""An organisation's public entry: the page, its JSON-LD, vCard, brochures, logo and uploads."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partners.models import Brochure, Location, Municipality, Organisation, Service
from partners.uploads import MB, validate_brochure, validate_image
from tests import factories

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 32


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def leibnitz(db):
    return Municipality.objects.create(name="Leibnitz", slug="leibnitz")


@pytest.fixture
def entry(db, media, leibnitz):
    today = timezone.localdate()
    network = factories.organisation("ARGE Netzwerk Süd")
    org = factories.organisation(
        "Verein Brücke",
        parent=network,
        short_description="Beratung und Begleitung",
        phone="03452 12345",
        email="office@bruecke.example",
        website="https://bruecke.example/",
    )
    factories.organisation("Mitglied Eins", parent=org)
    factories.organisation("Verstecktes Mitglied", parent=org, is_published=False)
    factories.contact_person(org, "Maria Muster", role="Leitung", phone="0664 1234567")
    factories.contact_person(org, "Jo Beispiel", email="jo@bruecke.example", position=1)

    place = Location.objects.create(
        organisation=org,
        name="Beratungsstelle",
        street="Hauptplatz 1",
        postal_code="8430",
        municipality=leibnitz,
        stufenlos=True,
        wc=True,
        accessibility_note="Lift im Hof",
    )
    Location.objects.create(
        organisation=org, street="Nebengasse 2", postal_code="8430", municipality=leibnitz
    )
    advice = Service.objects.create(
        organisation=org,
        name="Sozialberatung",
        description="Hilfe bei Anträgen",
        is_free=True,
        access=Service.Access.WALK_IN,
        hours="Mo–Fr 8–12 Uhr",
        eligibility="Wohnsitz im Bezirk",
    )
    advice.languages.set(["de", "tr"])
    advice.locations.set([place])
    Service.objects.create(
        organisation=org,
        name="Deutschkurs",
        costs="5 Euro pro Abend",
        access=Service.Access.REGISTRATION,
        status=Service.Status.PAUSED,
    )
    Service.objects.create(organisation=org, name="Altes Angebot", status=Service.Status.ENDED)

    def brochure(title, valid_until=None):
        return Brochure.objects.create(
            organisation=org,
            title=title,
            valid_until=valid_until,
            file=ContentFile(PDF, name=f"{title.lower().replace(' ', '-')}.pdf"),
        )

    brochures = {
        "current": brochure("Folder 2025"),
        "today": brochure("Folder bis heute", today),
        "expired": brochure("Folder alt", today - datetime.timedelta(days=1)),
    }
    factories.theme(ordinal=1, name="Thementag Soziales", organisations=[org])
    factories.theme(ordinal=2, name="Thementag Andere")
    factories.info_point(email="info@sozialinfo.example", phone="03452 999")
    return {"org": org, "network": network, "brochures": brochures}


def page(client, slug):
    response = client.get(f"/sozialatlas/{slug}/")
    assert response.status_code == 200
    return response


def test_detail_shows_services(client, entry):
    html = page(client, "verein-brucke").content.decode()
    assert "Sozialberatung" in html and "Hilfe bei Anträgen" in html
    assert "<dd>kostenlos</dd>" in html
    assert "<dd>5 Euro pro Abend</dd>" in html
    assert "<dd>ohne Anmeldung, einfach vorbeikommen</dd>" in html
    assert "<dd>mit Anmeldung</dd>" in html
    assert "<dd>Mo–Fr 8–12 Uhr</dd>" in html
    assert "<dd>Wohnsitz im Bezirk</dd>" in html
    assert ">Deutsch, Türkisch</dd>" in html
    assert "Hauptplatz 1, 8430 Leibnitz" in html  # where the service is offered


def test_detail_marks_paused_and_hides_ended_services(client, entry):
    html = page(client, "verein-brucke").content.decode()
    paused = re.search(r"<h3>.*?Deutschkurs.*?</h3>", html)
    assert paused and '<span class="badge">pausiert</span>' in paused.group()
    advice = re.search(r"<h3>.*?Sozialberatung.*?</h3>", html)
    assert advice and "pausiert" not in advice.group()
    assert "Altes Angebot" not in html


def test_detail_shows_locations_with_accessibility(client, entry):
    html = page(client, "verein-brucke").content.decode()
    assert "Standorte" in html
    assert "Beratungsstelle" in html and "Hauptplatz 1<br>8430 Leibnitz" in html
    assert "stufenlos erreichbar, barrierefreies WC. Lift im Hof" in html
    assert "Nebengasse 2<br>8430 Leibnitz" in html


def test_detail_shows_contact_and_contact_people(client, entry):
    html = page(client, "verein-brucke").content.decode()
    assert 'href="tel:0345212345"' in html
    assert 'href="mailto:office@bruecke.example"' in html
    assert "<strong>Maria Muster</strong>, Leitung" in html
    assert 'href="tel:06641234567"' in html
    assert "jo@bruecke.example" in html
    assert html.index("Maria Muster") < html.index("Jo Beispiel")
    assert 'href="/sozialatlas/verein-brucke/kontakt.vcf"' in html


def test_detail_shows_current_brochures_only(client, entry):
    html = page(client, "verein-brucke").content.decode()
    for key in ("current", "today"):
        brochure = entry["brochures"][key]
        assert f'href="/sozialatlas/verein-brucke/broschueren/{brochure.pk}/"' in html
        assert brochure.title in html
    assert "Folder alt" not in html
    assert f"/broschueren/{entry['brochures']['expired'].pk}/" not in html
    assert "(Deutsch)" in html  # the brochure's language


def test_detail_shows_network_and_published_members(client, entry):
    html = page(client, "verein-brucke").content.decode()
    assert "Teil von" in html and 'href="/sozialatlas/arge-netzwerk-sud/"' in html
    assert "Mitglieder des Netzwerks" in html
    assert 'href="/sozialatlas/mitglied-eins/"' in html
    assert "Verstecktes Mitglied" not in html


def test_detail_hides_an_unpublished_network(client, entry):
    Organisation.objects.filter(slug="arge-netzwerk-sud").update(is_published=False)
    html = page(client, "verein-brucke").content.decode()
    assert "ARGE Netzwerk Süd" not in html


def test_detail_shows_the_theme_days_the_organisation_staffs(client, entry):
    html = page(client, "verein-brucke").content.decode()
    assert "Bei diesen Thementagen vor Ort" in html
    assert "Thementag Soziales" in html
    assert "jeden 1. Donnerstag im Monat, 14:00–16:00 Uhr" in html
    assert "Thementag Andere" not in html


def test_detail_does_not_list_a_theme_day_that_has_ended(client, entry):
    factories.theme(
        ordinal=3,
        name="Thementag Vergangen",
        valid_until=timezone.localdate() - datetime.timedelta(days=30),
        organisations=[entry["org"]],
    )
    html = page(client, "verein-brucke").content.decode()
    assert "Thementag Soziales" in html
    assert "Thementag Vergangen" not in html


def test_detail_offers_to_report_an_outdated_entry(client, entry):
    html = page(client, "verein-brucke").content.decode()
    assert "Eintrag veraltet?" in html
    assert 'href="mailto:info@sozialinfo.example?subject=Verein%20Br%C3%BCcke' in html


def test_detail_of_an_unpublished_or_unknown_entry_is_not_found(client, entry):
    Organisation.objects.filter(slug="verein-brucke").update(is_published=False)
    assert client.get("/sozialatlas/verein-brucke/").status_code == 404
    assert client.get("/sozialatlas/gibt-es-nicht/").status_code == 404


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert match, "the page has JSON-LD"
    return json.loads(match.group(1))


def test_json_ld_describes_the_organisation_and_its_services(client, entry):
    response = page(client, "verein-brucke")
    data = json_ld(response.content.decode())
    assert data == json.loads(json.dumps(response.context["json_ld"]))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Verein Brücke"
    assert data["telephone"] == "03452 12345"
    assert data["parentOrganization"]["name"] == "ARGE Netzwerk Süd"
    assert [place["streetAddress"] for place in data["address"]] == [
        "Hauptplatz 1",
        "Nebengasse 2",
    ]
    catalog = data["hasOfferCatalog"]
    assert catalog["@type"] == "OfferCatalog"
    offered = {item["itemOffered"]["name"]: item for item in catalog["itemListElement"]}
    assert set(offered) == {"Sozialberatung", "Deutschkurs"}
    assert offered["Sozialberatung"]["price"] == "0"
    assert "price" not in offered["Deutschkurs"]


@pytest.mark.parametrize(
    "name",
    [
        "Verein </script><script>alert(1)</script>",
        "Verein </SCRIPT ><!-- & 'x' \"y\"",
        "Verein <!--<script>",
    ],
)
def test_json_ld_cannot_be_broken_out_of(client, db, name):
    factories.organisation(name, slug="ausbruch", description=name)
    html = page(client, "ausbruch").content.decode()
    start = html.index('<script type="application/ld+json">')
    end = html.index("</script>", start)
    inside = html[start + len('<script type="application/ld+json">') : end]
    assert "<" not in inside and ">" not in inside
    data = json.loads(inside)
    assert data["name"] == name
    assert data["description"] == name
    assert "<script>alert(1)</script>" not in html


def test_vcard(client, entry):
    response = client.get("/sozialatlas/verein-brucke/kontakt.vcf")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "text/vcard"
    assert 'filename="verein-brucke.vcf"' in response["Content-Disposition"]
    card = response.content.decode("utf-8")
    lines = card.split("\r\n")
    assert lines[0] == "BEGIN:VCARD" and lines[-2:] == ["END:VCARD", ""]
    assert "VERSION:3.0" in lines
    assert "FN:Verein Brücke" in lines
    assert "TEL;TYPE=WORK,VOICE:03452 12345" in lines
    assert "EMAIL;TYPE=INTERNET:office@bruecke.example" in lines
    assert "ADR;TYPE=WORK:;;Hauptplatz 1;Leibnitz;;8430;Österreich" in lines
    assert "URL:https://bruecke.example/" in lines
    assert f"UID:urn:uuid:{entry['org'].uuid}" in lines


def test_vcard_escapes_commas_semicolons_and_newlines(client, leibnitz):
    org = factories.organisation(
        "Hilfe, Rat; Tat", slug="hilfe", phone="0316 1", short_description="Eins\nZwei"
    )
    Location.objects.create(
        organisation=org,
        street="Hauptplatz 1, Stiege 2; Top 3",
        postal_code="8430",
        municipality=leibnitz,
    )
    lines = client.get("/sozialatlas/hilfe/kontakt.vcf").content.decode().split("\r\n")
    assert "FN:Hilfe\\, Rat\\; Tat" in lines
    assert "ORG:Hilfe\\, Rat\\; Tat" in lines
    assert "ADR;TYPE=WORK:;;Hauptplatz 1\\, Stiege 2\\; Top 3;Leibnitz;;8430;Österreich" in lines
    assert "NOTE:Eins\\nZwei" in lines
    assert "TEL;TYPE=WORK,VOICE:0316 1" in lines


def test_vcard_has_the_n_property_vcard_3_requires(client, entry):
    # RFC 2426 (vCard 3.0), 3.1.2: the N type MUST be present.
    lines = client.get("/sozialatlas/verein-brucke/kontakt.vcf").content.decode().split("\r\n")
    assert any(line.startswith("N:") for line in lines)


def test_vcard_of_an_unpublished_entry_is_not_found(client, entry):
    Organisation.objects.filter(slug="verein-brucke").update(is_published=False)
    assert client.get("/sozialatlas/verein-brucke/kontakt.vcf").status_code == 404
    assert client.get("/sozialatlas/gibt-es-nicht/kontakt.vcf").status_code == 404


def download(client, slug, brochure):
    return client.get(f"/sozialatlas/{slug}/broschueren/{brochure.pk}/")


@pytest.mark.parametrize("key", ["current", "today"])
def test_a_current_brochure_is_served(client, entry, key):
    response = download(client, "verein-brucke", entry["brochures"][key])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"


def test_an_expired_brochure_is_not_found(client, entry):
    assert download(client, "verein-brucke", entry["brochures"]["expired"]).status_code == 404


def test_a_brochure_of_an_unpublished_organisation_is_not_found(client, entry):
    Organisation.objects.filter(slug="verein-brucke").update(is_published=False)
    assert download(client, "verein-brucke", entry["brochures"]["current"]).status_code == 404


def test_a_brochure_is_only_found_under_its_own_organisation(client, entry):
    assert download(client, "mitglied-eins", entry["brochures"]["current"]).status_code == 404


def test_a_brochure_whose_file_is_gone_is_not_found(client, entry):
    brochure = entry["brochures"]["current"]
    brochure.file.storage.delete(brochure.file.name)
    assert download(client, "verein-brucke", brochure).status_code == 404


def test_logo_is_served_for_published_organisations_only(client, entry):
    org = entry["org"]
    org.logo.save("logo.png", ContentFile(PNG))
    response = client.get("/sozialatlas/verein-brucke/logo")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert 'src="/sozialatlas/verein-brucke/logo"' in page(client, "verein-brucke").content.decode()
    assert client.get("/sozialatlas/mitglied-eins/logo").status_code == 404
    Organisation.objects.filter(pk=org.pk).update(is_published=False)
    assert client.get("/sozialatlas/verein-brucke/logo").status_code == 404


def upload(name, content):
    return SimpleUploadedFile(name, content)


def brochure_errors(org, file):
    with pytest.raises(ValidationError) as error:
        Brochure(organisation=org, title="Folder", file=file).full_clean()
    return error.value.message_dict


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("folder.pdf", PDF),
        ("FOLDER.PDF", PDF),
        ("plakat.png", PNG),
        ("foto.jpg", JPEG),
        ("foto.jpeg", JPEG),
        ("bild.webp", WEBP),
        ("gross.pdf", PDF + b"0" * (10 * MB - len(PDF))),  # exactly 10 MB
    ],
)
def test_brochure_upload_accepts_real_files(db, media, name, content):
    org = factories.organisation()
    Brochure(organisation=org, title="Folder", file=upload(name, content)).full_clean()
    validate_brochure(upload(name, content))


def test_brochure_upload_refuses_a_pdf_named_png(db, media):
    errors = brochure_errors(factories.organisation(), upload("folder.png", PDF))
    assert errors["file"] == [
        "Der Dateiname passt nicht zum Inhalt (PDF). Bitte benennen Sie sie um."
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("folder.pdf", EXE),
        ("folder.pdf", b"Das ist nur Text, kein PDF.\n"),
        ("folder.pdf", b""),
        ("folder.pdf", b"<html><body>%PDF-</body></html>"),
        ("bild.webp", b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 32),
    ],
)
def test_brochure_upload_refuses_what_is_not_a_pdf_or_image(db, media, name, content):
    errors = brochure_errors(factories.organisation(), upload(name, content))
    assert len(errors["file"]) == 1
    assert "kein PDF" in errors["file"][0]


def test_brochure_upload_refuses_more_than_ten_mb(db, media):
    content = PDF + b"0" * (11 * MB - len(PDF))
    errors = brochure_errors(factories.organisation(), upload("folder.pdf", content))
    # filesizeformat puts a no-break space between number and unit.
    assert [message.replace("\xa0", " ") for message in errors["file"]] == [
        "Die Datei ist 11,0 MB groß; erlaubt sind höchstens 10,0 MB."
    ]
    with pytest.raises(ValidationError) as error:
        validate_brochure(upload("folder.pdf", PDF + b"0" * (10 * MB - len(PDF) + 1)))
    assert "höchstens 10,0\xa0MB" in error.value.messages[0]


def test_logo_upload_refuses_more_than_one_mb(db, media):
    org = factories.organisation()
    org.logo = upload("logo.png", PNG + b"\x00" * (MB + 1 - len(PNG)))
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert len(error.value.message_dict["logo"]) == 1
    assert "höchstens 1,0\xa0MB" in error.value.message_dict["logo"][0]
    validate_image(upload("logo.png", PNG + b"\x00" * (MB - len(PNG))))  # exactly 1 MB


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.pdf", PDF, "kein PNG / JPEG / WebP"),
        ("logo.png", PDF, "kein PNG / JPEG / WebP"),
        ("logo.png", JPEG, "Der Dateiname passt nicht zum Inhalt (JPEG)"),
        ("logo.exe", EXE, "kein PNG / JPEG / WebP"),
    ],
)
def test_logo_upload_refuses_other_files(db, name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_image(upload(name, content))
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [("logo.png", PNG), ("logo.JPG", JPEG), ("logo.webp", WEBP)],
)
def test_logo_upload_accepts_images(db, name, content):
    validate_image(upload(name, content))
