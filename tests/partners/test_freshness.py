"""Freshness: confirming an entry in the admin, the stale filter, the reminder command."""

import datetime
from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.management import CommandError, call_command

from partners.models import Membership, Organisation
from sozialinfo.roles import PARTNER, REDAKTION, TEAM
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
LONG_AGO = datetime.date(2025, 10, 1)  # more than 12 months before TODAY
LATELY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 25, 6, 30, tzinfo=datetime.UTC), tick=False)


def stale(name, **fields):
    return factories.organisation(name, last_checked=LONG_AGO, **fields)


def test_stale_counts_from_the_last_check_or_else_from_the_day_entered(db):
    old = stale("Alt")
    factories.organisation("Frisch", last_checked=LATELY)
    never = factories.organisation("Nie geprüft")
    new = factories.organisation("Neu eingetragen")
    Organisation.objects.filter(pk=never.pk).update(
        created=datetime.datetime(2025, 11, 24, 12, tzinfo=datetime.UTC)
    )
    Organisation.objects.filter(pk=new.pk).update(
        created=datetime.datetime(2025, 11, 26, 12, tzinfo=datetime.UTC)
    )
    assert set(Organisation.objects.stale()) == {old, never}
    assert set(Organisation.objects.stale(months=18)) == set()


# The admin


def test_the_stale_filter_shows_the_redaktion_what_nobody_confirmed(client, db):
    old = stale("Alt")
    factories.organisation("Frisch", last_checked=LATELY)
    client.force_login(factories.user("redaktion", REDAKTION))
    response = client.get("/admin/partners/organisation/")
    assert "nicht geprüft seit über 12 Monaten (1)" in response.content.decode()
    filtered = client.get("/admin/partners/organisation/", {"veraltet": "ja"})
    assert list(filtered.context["cl"].result_list) == [old]


@pytest.fixture
def partner_and_entry(client, db):
    org = stale("Verein Brücke", short_description="Beratung")
    partner = factories.user("partner", PARTNER, organisations=[org])
    client.force_login(partner)
    return org


def test_a_partner_confirms_their_entry_without_changing_it(client, partner_and_entry):
    org = partner_and_entry
    modified = org.modified
    url = f"/admin/partners/organisation/{org.pk}/change/"
    page = client.get(url).content.decode()
    assert "Zuletzt geprüft am 1. Oktober 2025." in page
    assert "Angaben sind aktuell" in page

    response = client.post(f"/admin/partners/organisation/{org.pk}/aktuell/", follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Danke! Der Eintrag ist als aktuell bestätigt (Stand: 25. November 2026)." in (
        response.content.decode()
    )
    org.refresh_from_db()
    assert org.last_checked == TODAY
    assert org.modified == modified  # not a change of the content
    [logged] = LogEntry.objects.filter(object_id=str(org.pk))
    assert (logged.user.username, logged.change_message) == (
        "partner",
        "Angaben als aktuell bestätigt.",
    )
    assert not Organisation.objects.stale().exists()
    history = client.get(f"/admin/partners/organisation/{org.pk}/history/").content.decode()
    assert "Angaben als aktuell bestätigt." in history


def test_a_partner_cannot_confirm_another_entry(client, partner_and_entry):
    other = stale("ZEBRA")
    assert client.post(f"/admin/partners/organisation/{other.pk}/aktuell/").status_code in (
        403,
        404,
    )
    assert (
        client.get(f"/admin/partners/organisation/{partner_and_entry.pk}/aktuell/").status_code
        == 405
    )
    Membership.objects.update(is_active=False)  # access ends at once: logged out
    response = client.post(f"/admin/partners/organisation/{partner_and_entry.pk}/aktuell/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert set(Organisation.objects.values_list("last_checked", flat=True)) == {LONG_AGO}


def test_the_redaktion_confirms_too_the_team_cannot(client, db):
    org = stale("Verein Brücke")
    client.force_login(factories.user("team", TEAM))
    assert (
        "Angaben sind aktuell"
        not in client.get(f"/admin/partners/organisation/{org.pk}/change/").content.decode()
    )
    assert client.post(f"/admin/partners/organisation/{org.pk}/aktuell/").status_code == 403
    client.force_login(factories.user("redaktion", REDAKTION))
    assert client.post(f"/admin/partners/organisation/{org.pk}/aktuell/").status_code == 302
    assert Organisation.objects.get().last_checked == TODAY


# The reminder command


def remind(*args):
    out, err = StringIO(), StringIO()
    call_command("remind_stale_entries", *args, stdout=out, stderr=err)
    return out.getvalue()


@pytest.fixture
def entries(db):
    brucke = stale("Verein Brücke", email="office@bruecke.example")
    zebra = stale("ZEBRA")
    factories.organisation("Frisch", last_checked=LATELY)
    stale("Entwurf", is_published=False)
    anna = factories.user(
        "anna", PARTNER, [brucke, zebra], email="anna@bruecke.example", first_name="Anna"
    )
    factories.user("ben", PARTNER, [brucke], email="ben@bruecke.example")
    factories.user("ohne", PARTNER, [brucke])  # no address
    gone = factories.user("gone", PARTNER, [zebra], email="gone@zebra.example")
    Membership.objects.filter(user=gone).update(is_active=False)
    factories.user("inaktiv", PARTNER, [zebra], email="inaktiv@zebra.example", is_active=False)
    # Would hear of entries nobody else can be asked about: the unpublished draft is none.
    factories.user("redaktion", REDAKTION, email="redaktion@stadt.example")
    return {"brucke": brucke, "zebra": zebra, "anna": anna}


def test_each_partner_gets_one_email_about_all_their_stale_entries(entries):
    output = remind()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@bruecke.example", "ben@bruecke.example"]
    anna = next(m for m in mail.outbox if m.to == ["anna@bruecke.example"])
    assert anna.subject == "Bitte prüfen: Ihre Einträge im Sozialatlas"
    assert anna.body.startswith("Guten Tag Anna,")
    for org in (entries["brucke"], entries["zebra"]):
        assert f"– {org.name} (zuletzt geprüft am 1. Oktober 2025)" in anna.body
        assert f"http://localhost:8000/admin/partners/organisation/{org.pk}/change/" in anna.body
        assert f"http://localhost:8000/sozialatlas/{org.slug}/" in anna.body
    assert "Angaben sind aktuell" in anna.body
    ben = next(m for m in mail.outbox if m.to == ["ben@bruecke.example"])
    assert ben.subject == "Bitte prüfen: Ihr Eintrag im Sozialatlas (Verein Brücke)"
    assert "ZEBRA" not in ben.body
    assert "E-mail anna@bruecke.example (partner): Verein Brücke, ZEBRA" in output
    assert set(Organisation.objects.filter(last_reminded=TODAY).values_list("name", flat=True)) == {
        "Verein Brücke",
        "ZEBRA",
    }


def test_no_reminder_again_the_next_day_but_after_the_interval(entries, time_machine, settings):
    settings.ENTRY_REMINDER_DAYS = 30
    remind()
    assert len(mail.outbox) == 2
    time_machine.shift(datetime.timedelta(days=1))
    assert remind() == ""
    time_machine.shift(datetime.timedelta(days=28))
    remind()
    assert len(mail.outbox) == 2
    time_machine.shift(datetime.timedelta(days=1))  # 30 days after the first
    remind()
    assert len(mail.outbox) == 4


def test_a_confirmed_entry_is_not_reminded(entries, client):
    client.force_login(entries["anna"])
    client.post(f"/admin/partners/organisation/{entries['zebra'].pk}/aktuell/")
    remind()
    assert all("ZEBRA" not in m.body for m in mail.outbox)
    assert len(mail.outbox) == 2


def test_dry_run_tells_who_would_get_what_and_changes_nothing(entries):
    output = remind("--dry-run")
    assert "Would e-mail anna@bruecke.example (partner): Verein Brücke, ZEBRA" in output
    assert "Would e-mail ben@bruecke.example (partner): Verein Brücke" in output
    assert not mail.outbox
    assert not Organisation.objects.filter(last_reminded__isnull=False).exists()


def test_without_partner_accounts_the_organisation_then_the_redaktion_is_asked(db):
    factories.info_point(email="info@sozialinfo.example", phone="03452 1")
    own = stale("Tafel", email="info@tafel.example")
    stale("Ohne Adresse")
    factories.user("redaktion", REDAKTION, email="redaktion@stadt.example")
    remind()
    assert len(mail.outbox) == 2
    tafel, redaktion = mail.outbox
    assert tafel.to == ["info@tafel.example"]
    assert tafel.reply_to == ["info@sozialinfo.example"]
    assert "Antworten Sie einfach auf diese E-Mail." in tafel.body
    assert "/admin/" not in tafel.body  # they have no account
    assert f"http://localhost:8000/sozialatlas/{own.slug}/" in tafel.body
    assert redaktion.to == ["redaktion@stadt.example"]
    assert "– Ohne Adresse (zuletzt geprüft am 1. Oktober 2025)" in redaktion.body
    assert "Tafel" not in redaktion.body


def test_nothing_to_do_is_quiet_for_cron(db):
    factories.organisation("Frisch", last_checked=LATELY)
    assert remind() == ""
    assert "No entries unconfirmed for 12 months" in remind("--verbosity", "2")
    assert not mail.outbox


def test_a_refused_email_is_reported_and_tried_again_tomorrow(entries, settings):
    settings.EMAIL_BACKEND = "tests.partners.test_suggestions.BrokenBackend"
    with pytest.raises(CommandError, match="2 of 2 e-mails could not be sent"):
        remind()
    assert not Organisation.objects.filter(last_reminded__isnull=False).exists()


def test_the_months_are_configurable(entries, settings):
    settings.ENTRY_STALE_MONTHS = 24
    remind()
    assert not mail.outbox
