"""The daily counts the statistics read stay right whichever way contacts change: after each
way in, they are what counting the whole log again gives, and the statistics page shows it."""

import datetime
import random
import uuid

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Sum

from contacts import counts
from contacts.models import Channel, Contact, DayCount, DayLink
from schedule.models import Theme
from schedule.occurrences import at
from sozialinfo.roles import REDAKTION, TEAM
from tests import factories

pytestmark = pytest.mark.django_db

VIENNA = datetime.timezone(datetime.timedelta(hours=1))
NOW = datetime.datetime(2026, 11, 25, 10, tzinfo=VIENNA)
STATISTICS = "/kontakte/statistik/?von=2026-11-01&bis=2026-11-30"


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def terms(db):
    factories.info_point()
    return {
        "channels": [Channel.objects.create(name=n, position=i) for i, n in enumerate("ABC")],
        "topics": [factories.topic(name) for name in ("Wohnen", "Arbeit", "Pflege")],
        "groups": [factories.target_group(name) for name in ("Senior*innen", "Frauen")],
        "organisations": [factories.organisation(name) for name in ("Caritas", "ÖZIV")],
        "theme": factories.theme(4, "Pflege und Betreuung"),
    }


@pytest.fixture
def logged(terms):
    """Contacts of the last days, counted as the log has them."""
    a, b, _ = terms["channels"]
    housing, work, care = terms["topics"]
    elderly, women = terms["groups"]
    caritas, oeziv = terms["organisations"]
    made = []
    for day, channel, topics, groups, referred, quantity in [
        (20, a, [housing], [elderly], [caritas], 1),
        (20, a, [housing, work], [], [], 3),
        (21, b, [], [women], [caritas, oeziv], 1),
        (24, a, [care], [elderly], [], 2),
    ]:
        contact = Contact.objects.create(
            happened_at=datetime.datetime(2026, 11, day, 9, tzinfo=VIENNA),
            channel=channel,
            requester="citizen",
            quantity=quantity,
            theme=terms["theme"] if day == 20 else None,
        )
        contact.topics.set(topics)
        contact.target_groups.set(groups)
        contact.referred_to.set(referred)
        made.append(contact)
    counts.recount_all()
    return made


def stored():
    """The daily counts as they are."""
    return (
        sorted(DayCount.objects.values_list("day", "requester", "channel", "theme", "contacts")),
        sorted(DayLink.objects.values_list("day", "kind", "key", "contacts")),
    )


def assert_counted_right():
    kept = stored()
    counts.recount_all()
    assert kept == stored()


def figures(client):
    found = client.get(STATISTICS).context["figures"]
    return {
        "total": found.total,
        **{
            table.key: {row.label: row.value for row in [*table.rows, *table.others]}
            for table in found.tables
            if table.key != "verlauf"
        },
    }


@pytest.fixture
def team(client, terms):
    client.force_login(factories.user("team", TEAM))
    return client


@pytest.fixture
def editor(client, terms):
    client.force_login(factories.user("redaktion", REDAKTION))
    return client


def entry(terms, **fields):
    return {
        "channel": terms["channels"][0].pk,
        "requester": "organisation",
        "topics": [terms["topics"][1].pk],
        "referred_to": [terms["organisations"][1].pk],
        "entry_key": str(uuid.uuid4()),
        **fields,
    }


def test_a_quick_entry_counts_once_however_often_it_is_sent(team, terms, logged):
    before = figures(team)
    sent = entry(terms)
    assert team.post("/kontakte/erfassen/", sent).status_code == 302
    assert_counted_right()
    after = figures(team)
    assert after["total"] == before["total"] + 1
    assert after["themen"]["Arbeit"] == before["themen"]["Arbeit"] + 1
    assert after["weitervermittlungen"]["ÖZIV"] == before["weitervermittlungen"]["ÖZIV"] + 1
    assert after["zielgruppen"]["ohne Angabe"] == before["zielgruppen"]["ohne Angabe"] + 1
    for _ in range(2):  # a double click and a resend after a lost answer
        assert team.post("/kontakte/erfassen/", sent).status_code == 302
    assert_counted_right()
    assert figures(team) == after


def test_a_changed_resend_a_correction_and_a_removal_are_counted(team, terms, logged):
    sent = entry(terms)
    team.post("/kontakte/erfassen/", sent)
    team.post("/kontakte/erfassen/", {**sent, "topics": [terms["topics"][2].pk]})
    assert_counted_right()
    contact = Contact.objects.get(entry_key=sent["entry_key"])
    corrected = {**sent, "happened_at": "2026-11-25T08:30", "topics": [], "referred_to": []}
    assert team.post(f"/kontakte/erfassen/{contact.pk}/", corrected).status_code == 302
    assert_counted_right()
    assert figures(team)["themen"]["ohne Angabe"] == 2  # the one of the 21st and this one
    team.post(f"/kontakte/erfassen/{contact.pk}/entfernen/")
    assert_counted_right()
    assert figures(team)["total"] == 7


def test_the_admin_adds_moves_and_deletes_contacts_counted(editor, terms, logged):
    a = terms["channels"][0]
    added = editor.post(
        "/admin/contacts/contact/add/",
        {
            "happened_at_0": "19.11.2026",
            "happened_at_1": "10:00",
            "channel": a.pk,
            "requester": "citizen",
            "quantity": "5",
            "topics": [terms["topics"][0].pk],
        },
    )
    assert added.status_code == 302, added.context["adminform"].form.errors
    assert_counted_right()
    assert figures(editor)["total"] == 12

    first = logged[0]
    moved = editor.post(
        f"/admin/contacts/contact/{first.pk}/change/",
        {
            "happened_at_0": "2.11.2026",
            "happened_at_1": "08:00",
            "channel": a.pk,
            "requester": "organisation",
            "quantity": "1",
        },
    )
    assert moved.status_code == 302, moved.context["adminform"].form.errors
    assert_counted_right()
    assert figures(editor)["wer-fragt"]["Organisationen"] == 1

    editor.post(f"/admin/contacts/contact/{logged[1].pk}/delete/", {"post": "yes"})
    assert_counted_right()
    editor.post(
        "/admin/contacts/contact/",
        {"action": "delete_selected", "_selected_action": [logged[2].pk], "post": "yes"},
    )
    assert_counted_right()
    assert figures(editor)["total"] == 5 + 1 + 2


def test_an_import_is_counted(editor, terms, logged):
    rows = "Datum;Uhrzeit;Kontaktweg;Wer fragt;Themen;Anzahl\n18.11.2026;;A;Bürger*in;Pflege;12\n"
    preview = editor.post(
        "/admin/contacts/contact/import/",
        {
            "import_file": SimpleUploadedFile("strichliste.csv", rows.encode("cp1252")),
            "format": "0",
            "resource": "0",
        },
    )
    form = preview.context["confirm_form"]
    editor.post(
        "/admin/contacts/contact/process_import/",
        {name: form.initial[name] for name in ("import_file_name", "original_file_name", "format")},
    )
    assert Contact.objects.count() == 5
    assert_counted_right()
    assert figures(editor)["themen"]["Pflege"] == 14


def test_deleting_what_contacts_point_to_counts_them_again(editor, terms, logged):
    terms["topics"][2].delete()
    terms["organisations"][0].delete()
    Theme.objects.get().delete()
    assert_counted_right()
    found = figures(editor)
    assert found["themen"]["ohne Angabe"] == 1 + 2  # the 21st's and the one that had Pflege
    assert "Caritas" not in found["weitervermittlungen"]
    assert found["thementage"] == {"an keinem Thementag": 7}
    assert found["themen"]["Wohnen"] == 4


def test_deleting_terms_and_themes_in_the_admins_list_counts_them_again(editor, terms, logged):
    housing, work, care = terms["topics"]
    editor.post(
        "/admin/partners/topic/",
        {"action": "delete_selected", "_selected_action": [housing.pk, work.pk], "post": "yes"},
    )
    editor.post(
        "/admin/schedule/theme/",
        {"action": "delete_selected", "_selected_action": [terms["theme"].pk], "post": "yes"},
    )
    assert not Theme.objects.exists()
    assert_counted_right()
    found = figures(editor)
    assert found["themen"] == {"Pflege": 2, "ohne Angabe": 5}
    assert found["thementage"] == {"an keinem Thementag": 7}


def test_a_referral_chosen_and_typed_counts_once(team, terms, logged):
    oeziv = terms["organisations"][1]
    team.post("/kontakte/erfassen/", entry(terms, referral="ÖZIV"))
    assert list(Contact.objects.latest("pk").referred_to.all()) == [oeziv]
    assert_counted_right()
    assert figures(team)["weitervermittlungen"]["ÖZIV"] == 2


def test_retention_keeps_the_counts(terms, logged):
    with time_machine.travel(NOW + datetime.timedelta(days=3 * 365 + 30), tick=False):
        call_command("prune_contacts", "--years", "3", verbosity=0)
        assert_counted_right()
        assert DayCount.objects.exists()
        call_command("prune_contacts", "--years", "3", "--delete", verbosity=0)
        assert_counted_right()
        assert not DayCount.objects.exists()


def test_the_demo_is_counted(db):
    call_command("load_demo", verbosity=0)
    assert DayCount.objects.exists()
    assert_counted_right()


def test_recount_contacts_counts_changes_made_outside_the_site(team, terms, logged):
    Contact.objects.filter(pk=logged[0].pk).update(quantity=40)  # as with SQL
    assert figures(team)["total"] == 7
    call_command("recount_contacts", verbosity=0)
    assert figures(team)["total"] == 46


def direct(first, last):
    """The figures summed straight from the contacts, as the statistics did before counts."""
    contacts = Contact.objects.filter(
        happened_at__gte=at(first, datetime.time()),
        happened_at__lt=at(last + datetime.timedelta(days=1), datetime.time()),
    )

    def by(field, none):
        rows = contacts.order_by().values_list(field).annotate(n=Sum("quantity"))
        return {name or none: n for name, n in rows}

    who = by("requester", None)
    return {
        "total": sum(who.values()),
        "wer-fragt": {
            label: who[key]
            for key, label in (("citizen", "Bürger*innen"), ("organisation", "Organisationen"))
            if key in who
        },
        "kontaktweg": by("channel__name", None),
        "themen": by("topics__name", "ohne Angabe"),
        "zielgruppen": by("target_groups__name", "ohne Angabe"),
        "thementage": by("theme__name", "an keinem Thementag"),
        "weitervermittlungen": by("referred_to__name", "ohne Weitervermittlung"),
    }


def test_the_counts_give_the_figures_of_the_contacts_themselves(team, terms):
    """Random contacts around the end of summer time (25 October 2026), at any hour."""
    draw = random.Random(7)
    second = factories.theme(2, "Wohnen und Energie")
    for _ in range(400):
        contact = Contact.objects.create(
            happened_at=datetime.datetime(2026, 10, 1, tzinfo=VIENNA)
            + datetime.timedelta(minutes=draw.randrange(55 * 24 * 60)),
            channel=draw.choice(terms["channels"]),
            requester=draw.choice(["citizen", "citizen", "organisation"]),
            quantity=draw.choice([1, 1, 1, 4]),
            theme=draw.choice([terms["theme"], second, None, None, None]),
        )
        contact.topics.set(draw.sample(terms["topics"], draw.choice([0, 1, 1, 2, 3])))
        contact.target_groups.set(draw.sample(terms["groups"], draw.choice([0, 1, 2])))
        contact.referred_to.set(draw.sample(terms["organisations"], draw.choice([0, 0, 1, 2])))
    counts.recount_all()
    for first, last in [
        (datetime.date(2026, 10, 1), datetime.date(2026, 11, 24)),
        (datetime.date(2026, 10, 19), datetime.date(2026, 10, 25)),
        (datetime.date(2026, 10, 25), datetime.date(2026, 10, 25)),
        (datetime.date(2026, 10, 26), datetime.date(2026, 11, 2)),
    ]:
        response = team.get(f"/kontakte/statistik/?von={first}&bis={last}")
        shown = response.context["figures"]
        found = {"total": shown.total}
        for key in direct(first, last):
            if key != "total":
                table = shown.table(key)
                found[key] = {row.label: row.value for row in [*table.rows, *table.others]}
        assert found == direct(first, last), (first, last)
