"""Import and export of organisations through the admin, with real CSV, XLSX and JSON files.

The helpers here are shared by the other test_import_* modules: they go through the admin's
own views (upload and preview, confirm, export) as an editor's browser does.
"""

import csv
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.models import Organisation
from sozialinfo.roles import PARTNER
from tests import factories

pytestmark = pytest.mark.django_db

FORMAT = {"csv": "0", "xlsx": "1", "json": "2"}


def as_csv(rows, encoding="utf-8", delimiter=","):
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter=delimiter)
    writer.writerow(rows[0].keys())
    writer.writerows(row.values() for row in rows)
    return stream.getvalue().encode(encoding)


def as_xlsx(rows):
    book = openpyxl.Workbook()
    book.active.append(list(rows[0].keys()))
    for row in rows:
        book.active.append(list(row.values()))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def as_json(rows):
    return json.dumps(rows, ensure_ascii=False).encode()


def upload(client, kind, content, fmt="csv"):
    """Upload a file to the import page of a kind ("organisation", "service", "location")."""
    return client.post(
        f"/admin/partners/{kind}/import/",
        {
            "import_file": SimpleUploadedFile(f"datei.{fmt}", content),
            "format": FORMAT[fmt],
            "resource": "0",
        },
    )


def confirm(client, kind, preview):
    """Press "Import bestätigen" under a preview."""
    form = preview.context["confirm_form"]
    return client.post(
        f"/admin/partners/{kind}/process_import/",
        {name: form.initial[name] for name in ("import_file_name", "original_file_name", "format")},
        follow=True,
    )


def row_errors(preview):
    """{line of the file: {column: [messages]}} of the rows a preview refuses."""
    return {row.number: row.error_dict for row in preview.context["result"].invalid_rows}


def file_errors(response):
    return response.context["form"].errors.get("import_file", [])


def import_types(preview):
    return [row.import_type for row in preview.context["result"].valid_rows()]


def export(client, kind, fmt, query="", **data):
    """Export all columns from the export page (with more form data, such as the
    "export_items" of "Export selected"); the response with the file."""
    page = client.get(f"/admin/partners/{kind}/export/{query}")
    columns = [
        name
        for name, field in page.context["form"].fields.items()
        if getattr(field, "is_selectable_field", False)
    ]
    response = client.post(
        f"/admin/partners/{kind}/export/{query}",
        {"format": FORMAT[fmt], "resource": "0", **dict.fromkeys(columns, "on"), **data},
    )
    assert response.status_code == 200
    return response


def read(fmt, content):
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(content.decode())))
    if fmt == "json":
        return json.loads(content)
    rows = openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    header = next(rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


def messages(response):
    return [str(message) for message in response.context["messages"]]


def organisation_row(**values):
    row = dict.fromkeys(
        [
            "slug",
            "name",
            "short_description",
            "description",
            "website",
            "email",
            "phone",
            "phone_other",
            "legal_status",
            "parent",
            "target_groups",
            "topics",
            "is_published",
            "last_checked",
        ],
        "",
    )
    return {**row, **values}


@pytest.mark.parametrize("kind", ["organisation", "service", "location"])
def test_csv_xlsx_and_json_are_offered_for_import_and_export(editor, kind):
    for page in ("import", "export"):
        form = editor.get(f"/admin/partners/{kind}/{page}/").context["form"]
        assert [label for _value, label in form.fields["format"].choices] == [
            "---",
            "csv",
            "xlsx",
            "json",
        ], page


def test_a_good_file_is_previewed_then_written_and_found_in_the_directory(editor, client):
    factories.target_group("Senior*innen")
    factories.topic("Pflege")
    network = factories.organisation("ARGE Flexible Hilfen")
    content = as_csv(
        [
            organisation_row(
                slug="pflegedrehscheibe",
                name="Pflegedrehscheibe",
                description="Beratung zu Pflege\r\nund Betreuung",
                website="https://example.org",
                parent="arge-flexible-hilfen",
                target_groups="seniorinnen",
                topics="pflege",
                is_published="ja",
                last_checked="31.03.2026",
            )
        ]
    )

    preview = upload(editor, "organisation", content)
    assert import_types(preview) == ["new"]
    assert "Noch ist nichts gespeichert" in preview.content.decode()  # addressed with "Sie"
    assert "Import bestätigen" in preview.content.decode()
    assert not Organisation.objects.filter(slug="pflegedrehscheibe").exists()

    done = confirm(editor, "organisation", preview)
    assert "Import fertiggestellt: 1 neue" in messages(done)[0]
    care = Organisation.objects.get(slug="pflegedrehscheibe")
    assert care.parent == network
    assert [t.slug for t in care.target_groups.all()] == ["seniorinnen"]
    assert care.last_checked.isoformat() == "2026-03-31"
    assert care.description == "Beratung zu Pflege\nund Betreuung"
    listed = client.get("/sozialatlas/?zielgruppe=seniorinnen")
    assert [org.name for org in listed.context["page"].object_list] == ["Pflegedrehscheibe"]


def test_dangerous_links_and_bad_emails_are_refused_row_by_row(editor):
    content = as_csv(
        [
            organisation_row(slug="a", name="Gut", website="https://example.org"),
            organisation_row(slug="b", name="Böse", website="javascript:alert(1)"),
            organisation_row(slug="c", name="Falsch", email="keine-adresse"),
        ]
    )
    preview = upload(editor, "organisation", content)
    # Lines as in the file: the column names are line 1.
    assert row_errors(preview) == {
        3: {"website": ["Bitte eine gültige Adresse eingeben."]},
        4: {"email": ["Bitte gültige E-Mail-Adresse eingeben."]},
    }
    assert "confirm_form" not in preview.context
    assert "Bitte korrigieren Sie diese Fehler" in preview.content.decode()
    assert not Organisation.objects.exists()


def test_unknown_terms_and_networks_are_named_not_dropped(editor):
    factories.target_group("Senior*innen")
    content = as_csv(
        [
            organisation_row(slug="a", name="A", target_groups="seniorinnen|kinder"),
            organisation_row(slug="b", name="B", topics="wohnen, arbeit", parent="gibts-nicht"),
        ]
    )
    preview = upload(editor, "organisation", content)
    assert row_errors(preview) == {
        2: {"target_groups": ["Unbekannte Zielgruppe: „kinder“"]},
        3: {
            "parent": ["Unbekannte Organisation: „gibts-nicht“"],
            "topics": ["Unbekannte Themen: „wohnen“, „arbeit“"],
        },
    }
    page = preview.content.decode()
    assert "Die Validierung einiger Zeilen schlug fehl" in page
    assert "Unbekannte Zielgruppe: „kinder“" in page
    assert not Organisation.objects.exists()


def test_yes_no_and_dates_are_checked(editor):
    content = as_csv(
        [
            organisation_row(slug="a", name="A", is_published="vielleicht"),
            organisation_row(slug="b", name="B", last_checked="März 2026"),
        ]
    )
    assert row_errors(upload(editor, "organisation", content)) == {
        2: {"is_published": ["„vielleicht“ ist weder ja noch nein (1 oder 0)."]},
        3: {"last_checked": ["Bitte ein Datum wie 2024-03-31 oder 31.03.2024 statt „März 2026“."]},
    }


def test_excel_csv_in_windows_1252_with_semicolons_keeps_its_umlauts(editor):
    factories.target_group("Frauen und Mädchen")
    content = as_csv(
        [
            organisation_row(
                slug="frauenberatung",
                name="Frauen- und Mädchenberatung Südsteiermark",
                target_groups="frauen-und-madchen",
                is_published="WAHR",
            )
        ],
        encoding="cp1252",
        delimiter=";",
    )
    preview = upload(editor, "organisation", content)
    assert import_types(preview) == ["new"]
    confirm(editor, "organisation", preview)
    org = Organisation.objects.get(slug="frauenberatung")
    assert org.name == "Frauen- und Mädchenberatung Südsteiermark"
    assert org.is_published


def test_excel_unicode_text_is_understood(editor):
    # Excel's "Unicode-Text": UTF-16 with a byte order mark, separated by tabs.
    content = as_csv([organisation_row(slug="ozeiv", name="ÖZIV Steiermark")], delimiter="\t")
    preview = upload(editor, "organisation", content.decode().encode("utf-16"))
    assert import_types(preview) == ["new"]
    confirm(editor, "organisation", preview)
    assert Organisation.objects.get().name == "ÖZIV Steiermark"


def test_a_file_in_another_encoding_gets_a_clear_message(editor):
    # An old DOS program's code page 850: "ü" is byte 0x81, which Windows-1252 does not have.
    content = as_csv([organisation_row(slug="a", name="Frühstückstreff")], encoding="cp850")
    response = upload(editor, "organisation", content)
    assert file_errors(response) == [
        "Die Zeichen der Datei lassen sich nicht lesen: sie ist weder in UTF-8 noch in "
        "Windows-1252 gespeichert. Bitte in Excel „Speichern unter → CSV UTF-8“ wählen oder "
        "die Datei als XLSX hochladen."
    ]
    assert "result" not in response.context
    assert not Organisation.objects.exists()


def test_a_file_in_the_wrong_format_gets_a_clear_message(editor):
    content = as_csv([organisation_row(slug="a", name="A")])
    response = upload(editor, "organisation", content, fmt="xlsx")
    assert file_errors(response) == [
        "Die Datei ließ sich nicht lesen. Passt das gewählte Dateiformat (CSV, XLSX oder JSON) "
        "zur Datei?"
    ]
    response = upload(editor, "organisation", b'{"slug": "a", "name": "A"}', fmt="json")
    assert file_errors(response) == [
        "Eine JSON-Datei muss eine Liste von Objekten sein, ein Objekt je Zeile."
    ]
    assert not Organisation.objects.exists()


def test_missing_columns_stop_the_whole_file(editor):
    response = upload(editor, "organisation", b"name,website\nPflege,https://example.org\n")
    assert file_errors(response) == [
        "In der Datei fehlt die Spalte „slug“. Die erste Zeile muss die Spaltennamen "
        "enthalten; ein Export der Organisationen zeigt, wie die Datei aussehen soll."
    ]
    assert "result" not in response.context
    assert not Organisation.objects.exists()


def test_a_file_of_services_is_recognised(editor):
    factories.organisation("Verein", slug="verein")
    response = upload(editor, "organisation", b"uuid,organisation,name\n,verein,Beratung\n")
    assert file_errors(response) == [
        "Das ist offenbar eine Datei mit „Angebote“ (Spalten „organisation“), nicht mit "
        "„Organisationen“. Bitte unter „Angebote“ importieren."
    ]


def test_unknown_columns_are_ignored_with_a_warning_and_names_are_forgiven(editor):
    content = b"Slug,NAME,Bemerkung\npflege,Pflegedrehscheibe,anrufen!\n"
    preview = upload(editor, "organisation", content)
    assert messages(preview) == [
        "Diese Spalten kennt der Import nicht, sie werden ignoriert: „Bemerkung“"
    ]
    assert import_types(preview) == ["new"]
    confirm(editor, "organisation", preview)
    assert Organisation.objects.get().name == "Pflegedrehscheibe"


def test_export_names_the_columns_in_german(editor):
    form = editor.get("/admin/partners/organisation/export/").context["form"]
    labels = [
        field.label for field in form.fields.values() if hasattr(field, "is_selectable_field")
    ]
    assert labels[:3] == ["slug – Kurzname (URL)", "name", "short_description – Kurzbeschreibung"]


def test_a_workbook_is_read_from_its_first_sheet_whichever_was_open(editor):
    book = openpyxl.Workbook()
    book.active.append(["slug", "name"])
    book.active.append(["pflege", "Pflegedrehscheibe"])
    notes = book.create_sheet("Hinweise")
    notes.append(["Bitte nur das erste Blatt ausfüllen."])
    book.active = notes  # saved while the notes were open
    stream = io.BytesIO()
    book.save(stream)

    preview = upload(editor, "organisation", stream.getvalue(), fmt="xlsx")
    assert import_types(preview) == ["new"]
    confirm(editor, "organisation", preview)
    assert Organisation.objects.get().name == "Pflegedrehscheibe"


def test_an_empty_cell_keeps_what_an_organisation_has(editor, client):
    hidden = factories.organisation("Geheim", slug="geheim", is_published=False)
    content = as_csv([organisation_row(slug="geheim", name="Geheim", is_published="")])
    preview = upload(editor, "organisation", content)
    assert import_types(preview) == ["skip"]
    confirm(editor, "organisation", preview)
    hidden.refresh_from_db()
    assert not hidden.is_published
    assert client.get("/sozialatlas/geheim/").status_code == 404

    # A new organisation with an empty cell gets the default: published.
    preview = upload(editor, "organisation", as_csv([organisation_row(slug="neu", name="Neu")]))
    confirm(editor, "organisation", preview)
    assert client.get("/sozialatlas/neu/").status_code == 200


def test_partners_export_only_their_own_organisations(client):
    own = factories.organisation("Verein Freiraum", slug="freiraum")
    factories.organisation("ZEBRA", slug="zebra")
    client.force_login(factories.user("verein", PARTNER, organisations=[own]))
    for fmt in ("csv", "xlsx", "json"):
        rows = read(fmt, export(client, "organisation", fmt).content)
        assert [row["slug"] for row in rows] == ["freiraum"], fmt
    # Naming another organisation in "Export selected" does not reach it either.
    other = Organisation.objects.get(slug="zebra")
    response = export(client, "organisation", "csv", export_items=[own.pk, other.pk])
    assert [row["slug"] for row in read("csv", response.content)] == ["freiraum"]
    # The list offers only their own too, and they cannot import.
    listed = client.get("/admin/partners/organisation/").context["cl"].result_list
    assert [org.slug for org in listed] == ["freiraum"]
    assert client.get("/admin/partners/organisation/import/").status_code == 403


def test_control_characters_pasted_from_word_do_not_break_an_xlsx_export(editor):
    factories.organisation("Verein", slug="verein", description="Erste Zeile\x0bzweite\x07")
    rows = read("xlsx", export(editor, "organisation", "xlsx").content)
    assert rows[0]["description"] == "Erste Zeile zweite "


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_blank_rows_are_left_out_and_lines_are_counted_as_in_the_file(editor, fmt):
    write = {"csv": lambda rows: as_csv(rows, delimiter=";"), "xlsx": as_xlsx}[fmt]
    content = write(
        [
            organisation_row(slug="a", name="A"),
            organisation_row(name=" "),  # Excel writes an emptied row as ";;;"
            organisation_row(slug="b", name="B", website="javascript:alert(1)"),
            organisation_row(),
        ]
    )
    preview = upload(editor, "organisation", content, fmt=fmt)
    assert row_errors(preview) == {4: {"website": ["Bitte eine gültige Adresse eingeben."]}}
    assert import_types(preview) == ["new"]

    response = upload(editor, "organisation", write([organisation_row(name=" ")]), fmt=fmt)
    assert file_errors(response) == [
        "Die Datei enthält keine Daten, die sich importieren lassen. Bitte prüfen Sie die "
        "Spaltennamen in der ersten Zeile und die Daten darunter."
    ]
