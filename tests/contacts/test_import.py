"""Tallies into the contact log and raw contacts out of it, through the admin's import and export
with real CSV and XLSX files, as the Redaktion and the Team use them.

"Today" is Wednesday 25 November 2026, 10:00 in Vienna; 12 November 2026 is the 2nd Thursday of
its month, the theme day "Pflege" (14–16).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import tablib
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Channel, Contact
from contacts.resources import ContactResource
from partners.models import Organisation, TargetGroup, Topic
from schedule.models import Theme
from sozialinfo.roles import PARTNER, REDAKTION, TEAM
from tests import factories
from tests.partners.test_import import (
    as_csv,
    as_xlsx,
    file_errors,
    import_types,
    messages,
    read,
    row_errors,
)
from tests.partners.test_import import export as export_directory

pytestmark = pytest.mark.django_db

VIENNA = ZoneInfo("Europe/Vienna")
NOW = datetime.datetime(2026, 11, 25, 10, tzinfo=VIENNA)
FORMAT = {"csv": "0", "xlsx": "1"}
COLUMNS = [
    "ID",
    "Datum",
    "Uhrzeit",
    "Kontaktweg",
    "Wer fragt",
    "Themen",
    "Zielgruppen",
    "Weitervermittelt an",
    "Thementag",
    "Anzahl",
    "Notiz",
]


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def log(db):
    """Channels, terms, organisations and the theme day the files name."""
    factories.info_point()
    for position, name in enumerate(["persönlich", "Telefon", "E-Mail"]):
        Channel.objects.create(name=name, position=position)
    for name in ["Wohnen", "Arbeit", "Ehrenamt"]:
        factories.topic(name)
    factories.target_group("Senior*innen")
    factories.target_group("Frauen und Mädchen")
    factories.organisation("Caritas")
    factories.organisation("Pflegedrehscheibe Bezirk Leibnitz")
    factories.organisation("Beratung, Leibnitz")
    factories.organisation("Verein Frei", slug="verein-frei-leibnitz")
    factories.organisation("Verein Frei", slug="verein-frei-graz")
    factories.theme(2, "Pflege")


@pytest.fixture
def editor(client, log):
    client.force_login(factories.user("redaktion", REDAKTION))
    return client


def line(day="12.11.2026", time="", channel="Telefon", requester="Bürger*in", **more):
    """One row of a tally file, its columns in the order of an export."""
    values = {
        "Datum": day,
        "Uhrzeit": time,
        "Kontaktweg": channel,
        "Wer fragt": requester,
        "Themen": more.pop("topics", ""),
        "Zielgruppen": more.pop("groups", ""),
        "Weitervermittelt an": more.pop("referred", ""),
        "Thementag": more.pop("theme", ""),
        "Anzahl": more.pop("quantity", ""),
        "Notiz": more.pop("note", ""),
    }
    assert not more, more
    return values


def upload(client, content, fmt="csv"):
    return client.post(
        "/admin/contacts/contact/import/",
        {
            "import_file": SimpleUploadedFile(f"strichliste.{fmt}", content),
            "format": FORMAT[fmt],
            "resource": "0",
        },
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(
        "/admin/contacts/contact/process_import/",
        {name: form.initial[name] for name in ("import_file_name", "original_file_name", "format")},
        follow=True,
    )


def export(client, fmt):
    page = client.get("/admin/contacts/contact/export/")
    columns = [
        name
        for name, field in page.context["form"].fields.items()
        if getattr(field, "is_selectable_field", False)
    ]
    response = client.post(
        "/admin/contacts/contact/export/",
        {"format": FORMAT[fmt], "resource": "0", **dict.fromkeys(columns, "on")},
    )
    assert response.status_code == 200
    return response


def local(contact):
    return contact.happened_at.astimezone(VIENNA).replace(tzinfo=None)


def names(related):
    return sorted(obj.name for obj in related.all())


def test_csv_and_xlsx_are_offered_for_import_and_export(editor):
    for page in ("import", "export"):
        form = editor.get(f"/admin/contacts/contact/{page}/").context["form"]
        assert [label for _value, label in form.fields["format"].choices] == [
            "---",
            "csv",
            "xlsx",
        ]


def test_a_tally_from_excel_is_previewed_then_written(editor):
    content = as_csv(
        [
            line(
                "12.11.2026",
                "15:10",
                "persönlich",
                "Bürger*in",
                topics="Wohnen|Arbeit",
                groups="Senior*innen",
                referred="Caritas",
                note="Frage zur Wohnbeihilfe",
            ),
            line("3.11.2026", "", "telefon", "Organisation", topics="Ehrenamt", quantity="12"),
        ],
        encoding="cp1252",
        delimiter=";",
    )

    preview = upload(editor, content)
    assert import_types(preview) == ["new", "new"]
    page = preview.content.decode()
    assert "Noch ist nichts gespeichert" in page
    assert "Frage zur Wohnbeihilfe" in page and "12.11.2026" in page and "Bürger*in" in page
    assert not Contact.objects.exists()

    done = confirm(editor, preview)
    assert "Import fertiggestellt: 2 neue" in messages(done)[0]
    visit, tally = Contact.objects.order_by("pk")
    assert local(visit) == datetime.datetime(2026, 11, 12, 15, 10)
    assert visit.channel.name == "persönlich"
    assert visit.requester == "citizen"
    assert names(visit.topics) == ["Arbeit", "Wohnen"]
    assert names(visit.target_groups) == ["Senior*innen"]
    assert names(visit.referred_to) == ["Caritas"]
    assert visit.theme.name == "Pflege"  # during the theme day
    assert visit.quantity == 1
    assert visit.note == "Frage zur Wohnbeihilfe"
    assert visit.logged_by.username == "redaktion"
    # Without a time: the day's tally, at noon, on no theme day.
    assert local(tally) == datetime.datetime(2026, 11, 3, 12)
    assert (tally.channel.name, tally.requester, tally.quantity) == ("Telefon", "organisation", 12)
    assert tally.theme is None


def test_a_tally_in_utf8_with_commas_and_the_theme_named(editor):
    content = as_csv(
        [
            line(
                "2026-11-12",
                "10:00",
                "E-Mail",
                "citizen",
                topics="Wohnen, Arbeit",
                groups="frauen-und-madchen",
                theme="pflege",
                quantity="2",
            ),
            line("12.11.26", "14.30 Uhr", "Telefon", "Bürger*in", referred="Beratung, Leibnitz"),
        ]
    )
    confirm(editor, upload(editor, content))
    named, during = Contact.objects.order_by("pk")
    assert names(named.topics) == ["Arbeit", "Wohnen"]
    assert names(named.target_groups) == ["Frauen und Mädchen"]
    assert named.theme.name == "Pflege"  # named, though outside its hours
    assert named.quantity == 2
    assert local(during) == datetime.datetime(2026, 11, 12, 14, 30)
    assert during.theme.name == "Pflege"
    assert names(during.referred_to) == ["Beratung, Leibnitz"]  # a comma of its own


def test_an_xlsx_with_date_time_and_number_cells(editor):
    content = as_xlsx(
        [
            line(
                datetime.datetime(2026, 11, 12),
                datetime.time(15, 45),
                "persönlich",
                "Organisation",
                topics="Wohnen;Ehrenamt",
                referred="pflegedrehscheibe-bezirk-leibnitz|Caritas",
                quantity=3,
            ),
            line(datetime.datetime(2026, 11, 2), None, "Telefon", "Bürger*in", quantity=None),
        ]
    )
    preview = upload(editor, content, fmt="xlsx")
    assert import_types(preview) == ["new", "new"]
    confirm(editor, preview)
    cells, day = Contact.objects.order_by("pk")
    assert local(cells) == datetime.datetime(2026, 11, 12, 15, 45)
    assert names(cells.topics) == ["Ehrenamt", "Wohnen"]
    assert names(cells.referred_to) == ["Caritas", "Pflegedrehscheibe Bezirk Leibnitz"]
    assert (cells.theme.name, cells.quantity) == ("Pflege", 3)
    assert (local(day), day.quantity) == (datetime.datetime(2026, 11, 2, 12), 1)


def test_noon_is_the_whole_day_even_on_a_theme_day_around_noon(editor):
    Theme.objects.update(starts=datetime.time(10), ends=datetime.time(13))
    content = as_csv([line(time="11:00"), line(time=""), line(time="12:00")])
    confirm(editor, upload(editor, content))
    assert [c.theme and c.theme.name for c in Contact.objects.order_by("pk")] == [
        "Pflege",
        None,
        None,
    ]
    # Exported and imported again, day tallies stay off the theme day.
    preview = upload(editor, export(editor, "csv").content)
    assert import_types(preview) == ["skip", "skip", "skip"]


def test_who_asked_is_understood_as_people_write_it(editor):
    spellings = [
        "Bürgerin",
        "BÜRGER*INNEN",
        "Buerger:in",
        "citizen",
        "Organisationen",
        "organization",
        "ORGANISATION",
    ]
    content = as_csv([line(requester=spelling) for spelling in spellings], delimiter=";")
    confirm(editor, upload(editor, content))
    assert list(Contact.objects.order_by("pk").values_list("requester", flat=True)) == [
        *["citizen"] * 4,
        *["organisation"] * 3,
    ]


def test_every_bad_value_is_named_in_its_column_and_nothing_is_written(editor):
    content = as_csv(
        [
            line(channel="Brieftaube"),
            line(topics="Wohnen|Kochen|Tanzen"),
            line(groups="Kinder"),
            line(referred="Caritas|Gibts nicht"),
            line(referred="Verein Frei"),
            line(theme="Kochen"),
            line(day="31.2.2026"),
            line(time="25:00"),
            line(quantity="0"),
            line(quantity="-3"),
            line(quantity="viele"),
            line(day="1.12.2026"),
            line(day="25.11.2026", time="11:00"),
            line(note="Rückruf unter 0664 1234567"),
            line(requester=""),
            line(requester="Nachbar"),
            line(channel=""),
            line(day=""),
            line(note="x" * 301),
            line(channel="Fax", quantity="2,5"),
            line(),  # a good row, not written either
        ],
        delimiter=";",
    )
    preview = upload(editor, content)
    assert row_errors(preview) == {
        2: {"Kontaktweg": ["Unbekannter Kontaktweg: „Brieftaube“"]},
        3: {"Themen": ["Unbekannte Themen: „Kochen“, „Tanzen“"]},
        4: {"Zielgruppen": ["Unbekannte Zielgruppe: „Kinder“"]},
        5: {"Weitervermittelt an": ["Unbekannte Organisation: „Gibts nicht“"]},
        6: {
            "Weitervermittelt an": [
                "„Verein Frei“ ist mehrdeutig, so heißen mehrere Einträge. Bitte stattdessen "
                "einen dieser Kurznamen angeben: „verein-frei-leibnitz“, „verein-frei-graz“."
            ]
        },
        7: {"Thementag": ["Unbekannter Thementag: „Kochen“"]},
        8: {"Datum": ["Bitte ein Datum wie 2024-03-31 oder 31.03.2024 statt „31.2.2026“."]},
        9: {"Uhrzeit": ["Bitte eine Uhrzeit wie 14:30 statt „25:00“."]},
        10: {"Anzahl": ["Die Anzahl muss mindestens 1 sein, nicht „0“."]},
        11: {"Anzahl": ["Die Anzahl muss mindestens 1 sein, nicht „-3“."]},
        12: {"Anzahl": ["Bitte eine ganze Zahl statt „viele“."]},
        13: {"Datum": ["Der 1.12.2026 liegt in der Zukunft."]},
        14: {"Uhrzeit": ["11:00 Uhr liegt heute noch in der Zukunft."]},
        15: {
            "Notiz": [
                "Die Notiz „Rückruf unter 0664 1234567“ enthält vielleicht eine Telefonnummer. "
                "Kontakte werden ohne persönliche Daten erfasst: Bitte entfernen Sie sie aus der "
                "Datei."
            ]
        },
        16: {"Wer fragt": ["Bitte angeben, wer gefragt hat: Bürger*in oder Organisation."]},
        17: {
            "Wer fragt": ["„Nachbar“ gibt es nicht; möglich sind „Bürger*in“ und „Organisation“."]
        },
        18: {"Kontaktweg": ["Bitte einen Kontaktweg angeben, etwa „Telefon“."]},
        19: {"Datum": ["Bitte ein Datum angeben, etwa 31.3.2024."]},
        20: {
            "Notiz": [
                "Bitte sicherstellen, dass der Wert aus höchstens 300 Zeichen besteht. "
                "(Er besteht aus 301 Zeichen.)"
            ]
        },
        21: {
            "Kontaktweg": ["Unbekannter Kontaktweg: „Fax“"],
            "Anzahl": ["Bitte eine ganze Zahl statt „2,5“."],
        },
    }
    page = preview.content.decode()
    assert "Bitte korrigieren Sie diese Fehler" in page
    assert "Unbekannter Kontaktweg: „Brieftaube“" in page
    assert "confirm_form" not in preview.context
    assert not Contact.objects.exists()


def test_a_contact_id_that_does_not_exist_is_refused(editor):
    content = as_csv([{"ID": "999", **line()}, {"ID": "elf", **line()}])
    assert row_errors(upload(editor, content)) == {
        2: {
            "ID": [
                "Einen Kontakt mit der ID 999 gibt es nicht (mehr). Für neue Kontakte bleibt die "
                "Spalte „ID“ leer."
            ]
        },
        3: {"ID": ["Bitte eine ganze Zahl statt „elf“."]},
    }


def test_what_changed_between_preview_and_confirmation_writes_nothing(editor):
    content = as_csv([line(topics="Wohnen"), line(referred="Caritas")])
    preview = upload(editor, content)
    assert import_types(preview) == ["new", "new"]
    Organisation.objects.filter(name="Caritas").delete()

    done = confirm(editor, preview)
    assert messages(done) == [
        "Der Import wurde abgebrochen, es wurde nichts gespeichert: seit der Vorschau hat sich "
        "etwas geändert. Bitte die Datei noch einmal hochladen."
    ]
    assert not Contact.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_import_with_a_bad_row_writes_nothing_even_without_a_preview(log):
    # What the confirmation runs, outside the test's own transaction: real commits and rollbacks.
    dataset = tablib.Dataset(headers=list(line()))
    dataset.append(list(line(topics="Wohnen").values()))
    dataset.append(list(line(channel="Brieftaube").values()))
    result = ContactResource().import_data(
        dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    assert result.has_validation_errors()
    assert not Contact.objects.exists()


def test_missing_columns_stop_the_file_and_unknown_ones_are_ignored(editor):
    response = upload(editor, b"Datum;Anzahl\n12.11.2026;3\n")
    assert file_errors(response) == [
        "In der Datei fehlen die Spalten „Kontaktweg“, „Wer fragt“. Die erste Zeile muss die "
        "Spaltennamen enthalten; ein Export der Kontakte zeigt, wie die Datei aussehen soll."
    ]
    preview = upload(
        editor, "datum;kontaktweg;wer fragt;Bemerkung\n12.11.2026;Telefon;Bürger*in;x\n".encode()
    )
    assert messages(preview) == [
        "Diese Spalten kennt der Import nicht, sie werden ignoriert: „Bemerkung“"
    ]
    confirm(editor, preview)
    assert Contact.objects.get().channel.name == "Telefon"


def test_a_directory_file_is_sent_to_its_own_import(editor):
    organisations = export_directory(editor, "organisation", "csv").content
    response = upload(editor, organisations)
    assert file_errors(response) == [
        "Das ist offenbar eine Datei mit „Organisationen“ (Spalten „name“, „slug“), nicht mit "
        "„Kontakte“. Bitte unter „Organisationen“ importieren."
    ]
    assert not Contact.objects.exists()


@pytest.fixture
def logged(log):
    """Three contacts, as quick entry and an earlier import left them."""
    team = factories.user("team", TEAM)
    visit = Contact.objects.create(
        happened_at=datetime.datetime(2026, 11, 12, 15, 10, 27, 500, tzinfo=VIENNA),
        channel=Channel.objects.get(name="persönlich"),
        requester="citizen",
        theme=Theme.objects.get(name="Pflege"),
        logged_by=team,
        entry_key="1f0c6a52-0d5e-4a8e-9a51-0f5a4a9c3b11",
        note="Verein erreichbar unter 03452 82575",  # staff confirmed: no personal data
    )
    visit.topics.set(Topic.objects.filter(name__in=["Wohnen", "Arbeit"]))
    visit.target_groups.set(TargetGroup.objects.filter(name="Senior*innen"))
    visit.referred_to.set(Organisation.objects.filter(name="Caritas"))
    tally = Contact.objects.create(
        happened_at=datetime.datetime(2026, 11, 3, 12, tzinfo=VIENNA),
        channel=Channel.objects.get(name="Telefon"),
        requester="organisation",
        quantity=7,
    )
    mail = Contact.objects.create(
        happened_at=datetime.datetime(2026, 11, 20, 9, 5, tzinfo=VIENNA),
        channel=Channel.objects.get(name="E-Mail"),
        requester="citizen",
        logged_by=team,
    )
    return visit, tally, mail


def test_an_export_names_everything_as_people_do_and_no_staff(editor, logged):
    visit, tally, mail = logged
    response = export(editor, "csv")
    assert response["Content-Disposition"] == 'attachment; filename="kontakte-2026-11-25.csv"'
    content = response.content.decode()
    assert "team" not in content and "1f0c6a52" not in content
    rows = read("csv", response.content)
    assert list(rows[0]) == COLUMNS
    assert rows == [
        {
            "ID": str(tally.pk),
            "Datum": "3.11.2026",
            "Uhrzeit": "12:00",
            "Kontaktweg": "Telefon",
            "Wer fragt": "Organisation",
            "Themen": "",
            "Zielgruppen": "",
            "Weitervermittelt an": "",
            "Thementag": "",
            "Anzahl": "7",
            "Notiz": "",
        },
        {
            "ID": str(visit.pk),
            "Datum": "12.11.2026",
            "Uhrzeit": "15:10",
            "Kontaktweg": "persönlich",
            "Wer fragt": "Bürger*in",
            "Themen": "Arbeit|Wohnen",
            "Zielgruppen": "Senior*innen",
            "Weitervermittelt an": "Caritas",
            "Thementag": "Pflege",
            "Anzahl": "1",
            "Notiz": "Verein erreichbar unter 03452 82575",
        },
        {
            "ID": str(mail.pk),
            "Datum": "20.11.2026",
            "Uhrzeit": "09:05",
            "Kontaktweg": "E-Mail",
            "Wer fragt": "Bürger*in",
            "Themen": "",
            "Zielgruppen": "",
            "Weitervermittelt an": "",
            "Thementag": "",
            "Anzahl": "1",
            "Notiz": "",
        },
    ]
    # XLSX keeps dates, times and numbers as such.
    cells = read("xlsx", export(editor, "xlsx").content)
    assert cells[1]["Datum"] == datetime.datetime(2026, 11, 12)
    assert cells[1]["Uhrzeit"] == datetime.time(15, 10)
    assert cells[0]["Anzahl"] == 7


def test_export_labels_are_the_columns(editor):
    form = editor.get("/admin/contacts/contact/export/").context["form"]
    labels = [
        field.label for field in form.fields.values() if hasattr(field, "is_selectable_field")
    ]
    assert labels == COLUMNS


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_file_imported_again_changes_nothing(editor, logged, fmt):
    visit = logged[0]
    before = list(Contact.objects.order_by("pk").values())
    content = export(editor, fmt).content

    preview = upload(editor, content, fmt=fmt)
    assert import_types(preview) == ["skip", "skip", "skip"]
    confirm(editor, preview)
    assert list(Contact.objects.order_by("pk").values()) == before
    assert names(Contact.objects.get(pk=visit.pk).topics) == ["Arbeit", "Wohnen"]


def test_a_changed_export_updates_its_contacts_and_adds_new_rows(editor, logged):
    visit, tally, mail = logged
    rows = read("csv", export(editor, "csv").content)
    rows[0]["Anzahl"] = "9"  # the tally
    rows[1]["Themen"] = "Wohnen"  # the visit
    rows.append({**rows[2], "ID": "", "Uhrzeit": "09:30"})  # one more e-mail

    preview = upload(editor, as_csv(rows, delimiter=";"))
    assert import_types(preview) == ["update", "update", "skip", "new"]
    confirm(editor, preview)
    assert Contact.objects.count() == 4
    tally.refresh_from_db()
    assert tally.quantity == 9
    visit.refresh_from_db()
    assert names(visit.topics) == ["Wohnen"]
    assert visit.happened_at.second == 27  # its time unchanged
    assert visit.logged_by.username == "team"
    new = Contact.objects.latest("pk")
    assert local(new) == datetime.datetime(2026, 11, 20, 9, 30)


def test_an_empty_time_keeps_an_existing_contacts_time(editor, logged):
    visit = logged[0]
    rows = [{"ID": str(visit.pk), **line("12.11.2026", "", "persönlich", "Bürger*in")}]
    confirm(editor, upload(editor, as_csv(rows)))
    visit.refresh_from_db()
    assert local(visit) == datetime.datetime(2026, 11, 12, 15, 10, 27, 500)
    assert visit.theme.name == "Pflege"  # found again from its time


def test_an_export_reads_a_fixed_number_of_queries(log, django_assert_num_queries):
    channel = Channel.objects.get(name="Telefon")
    topics = list(Topic.objects.all())
    for count in (30, 1200):
        contacts = Contact.objects.bulk_create(
            Contact(
                happened_at=NOW - datetime.timedelta(minutes=minutes),
                channel=channel,
                requester="citizen",
            )
            for minutes in range(count - Contact.objects.count())
        )
        Contact.topics.through.objects.bulk_create(
            Contact.topics.through(contact=contact, topic=topic)
            for index, contact in enumerate(contacts)
            for topic in topics[: index % 3]
        )
        # The contacts, then their topics, target groups and referrals.
        with django_assert_num_queries(4):
            dataset = ContactResource().export(queryset=Contact.objects.all())
        assert len(dataset) == count
        assert set(dataset["Themen"]) == {"", "Arbeit", "Arbeit|Ehrenamt"}


def test_an_export_is_in_time_order(log):
    channel = Channel.objects.get(name="Telefon")
    moments = [NOW - datetime.timedelta(minutes=minutes) for minutes in (5, 9, 9, 9, 9, 1, 30)]
    contacts = [
        Contact.objects.create(happened_at=moment, channel=channel, requester="citizen")
        for moment in [*moments, *moments]
    ]
    dataset = ContactResource().export(queryset=Contact.objects.filter(requester="citizen"))
    expected = sorted(contacts, key=lambda c: (c.happened_at, c.pk))
    assert [int(pk) for pk in dataset["ID"]] == [c.pk for c in expected]


FORMULAS = {
    '=HYPERLINK("http://x.example")': '\'=HYPERLINK("http://x.example")',
    "+1 Begleitung": "'+1 Begleitung",
    "-5 € Selbstbehalt": "'-5 € Selbstbehalt",
    "@Gemeinde": "'@Gemeinde",
    "'=schon mit Apostroph": "''=schon mit Apostroph",
    "'Apostroph": "'Apostroph",
    "Wohnung gesucht": "Wohnung gesucht",
}


@pytest.fixture
def formulas(log):
    channel = Channel.objects.get(name="Telefon")
    for minutes, note in enumerate(FORMULAS):
        Contact.objects.create(
            happened_at=NOW - datetime.timedelta(minutes=minutes + 1),
            channel=channel,
            requester="citizen",
            note=note,
        )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_text_a_spreadsheet_would_run_goes_out_behind_an_apostrophe(editor, formulas, fmt):
    Contact.objects.create(
        happened_at=NOW - datetime.timedelta(hours=1),
        channel=Channel.objects.get(name="Telefon"),
        requester="citizen",
        note="\tTabulator",
    )
    rows = read(fmt, export(editor, fmt).content)
    assert [row["Notiz"] for row in rows] == ["'\tTabulator", *reversed(FORMULAS.values())]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_formula_comes_back_as_it_was(editor, formulas, fmt):
    before = list(Contact.objects.order_by("pk").values())
    preview = upload(editor, export(editor, fmt).content, fmt=fmt)
    assert import_types(preview) == ["skip"] * len(FORMULAS)
    confirm(editor, preview)
    assert list(Contact.objects.order_by("pk").values()) == before


def test_only_an_apostrophe_before_a_formula_is_taken_off(editor):
    notes = ["'=1+1", "''-2", "'Apostroph", "'", "=ohne"]
    confirm(editor, upload(editor, as_csv([line(note=note) for note in notes])))
    assert list(Contact.objects.order_by("pk").values_list("note", flat=True)) == [
        "=1+1",
        "'-2",
        "'Apostroph",
        "'",
        "=ohne",
    ]


@pytest.mark.parametrize("role", [REDAKTION, TEAM])
def test_the_redaktion_and_the_team_may_import_and_export(client, log, role):
    client.force_login(factories.user("staff", role))
    assert client.get("/admin/contacts/contact/import/").status_code == 200
    assert client.get("/admin/contacts/contact/export/").status_code == 200
    confirm(client, upload(client, as_csv([line()])))
    assert Contact.objects.count() == 1


def test_partners_may_neither_import_nor_export_contacts(client, log):
    Contact.objects.create(channel=Channel.objects.get(name="Telefon"), requester="citizen")
    client.force_login(factories.user("verein", PARTNER, [factories.organisation()]))
    for page in ("import", "export"):
        assert client.get(f"/admin/contacts/contact/{page}/").status_code == 403
    assert upload(client, as_csv([line()])).status_code == 403
    assert client.post("/admin/contacts/contact/export/", {"format": "0"}).status_code == 403
    assert Contact.objects.count() == 1
    client.logout()
    response = client.get("/admin/contacts/contact/import/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_lists_and_edits_the_quantity(editor):
    channel = Channel.objects.get(name="Telefon")
    Contact.objects.create(channel=channel, requester="citizen", quantity=12)
    listed = editor.get("/admin/contacts/contact/").content.decode()
    assert "Anzahl" in listed and ">12<" in listed

    form = {
        "happened_at_0": "24.11.2026",
        "happened_at_1": "10:15:00",
        "channel": channel.pk,
        "requester": "citizen",
        "quantity": "0",
    }
    response = editor.post("/admin/contacts/contact/add/", form)
    assert response.context["adminform"].form.errors["quantity"] == [
        "Dieser Wert muss größer oder gleich 1 sein."
    ]
    assert editor.post("/admin/contacts/contact/add/", {**form, "quantity": "4"}).status_code == 302
    assert Contact.objects.latest("pk").quantity == 4
    assert editor.post("/admin/contacts/contact/add/", {**form, "quantity": ""}).status_code == 302
    assert Contact.objects.latest("pk").quantity == 1
