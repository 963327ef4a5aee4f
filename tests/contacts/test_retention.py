"""Retention of the contact log: `manage.py prune_contacts` deletes or merges old contacts.

"Today" is Wednesday 25 November 2026, 03:00 in Vienna; with three years kept, 25 November 2023
is the first day kept. 29 October 2023 had 25 hours (summer time ended).
"""

import datetime
import os
import random
import subprocess
import sys
import uuid
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.db.models.functions import TruncDate, TruncMonth, TruncWeek

from contacts import retention
from contacts.models import Channel, Contact
from sozialinfo.roles import TEAM
from tests import factories

pytestmark = pytest.mark.django_db

VIENNA = ZoneInfo("Europe/Vienna")
NOW = datetime.datetime(2026, 11, 25, 3, tzinfo=VIENNA)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(NOW, tick=False):
        yield


def at(*moment):
    return datetime.datetime(*moment, tzinfo=VIENNA)


def local(contact):
    return contact.happened_at.astimezone(VIENNA).replace(tzinfo=None)


def prune(*args):
    out = StringIO()
    call_command("prune_contacts", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def terms(db):
    return {
        "channels": [Channel.objects.create(name=name) for name in ("Telefon", "persönlich")],
        "topics": [factories.topic(name) for name in ("Wohnen", "Arbeit", "Pflege")],
        "groups": [factories.target_group(name) for name in ("Senior*innen", "Frauen")],
        "organisations": [factories.organisation(name) for name in ("Caritas", "ÖZIV")],
        "themes": [None, factories.theme(2, "Pflege")],
    }


def contact(moment, channel, topics=(), groups=(), referred=(), **fields):
    created = Contact.objects.create(happened_at=moment, channel=channel, **fields)
    created.topics.set(topics)
    created.target_groups.set(groups)
    created.referred_to.set(referred)
    return created


@pytest.fixture
def few(terms):
    """Contacts around the first kept day and month ends, by hand."""
    phone = terms["channels"][0]
    housing, work = terms["topics"][:2]
    team = factories.user("team", TEAM)
    return {
        "morning": contact(at(2023, 10, 10, 9), phone, [housing], requester="citizen"),
        "afternoon": contact(
            at(2023, 10, 10, 15),
            phone,
            [housing],
            requester="citizen",
            quantity=2,
            note="Frage zur Wohnbeihilfe",
            logged_by=team,
            entry_key=uuid.uuid4(),
        ),
        "work": contact(at(2023, 10, 10, 16), phone, [work], requester="citizen"),
        "october_night": contact(at(2023, 10, 31, 23, 30), phone, requester="citizen"),
        "november_night": contact(at(2023, 11, 1, 0, 30), phone, requester="citizen"),
        "last_old": contact(at(2023, 11, 24, 23, 59), phone, requester="organisation"),
        "first_kept": contact(at(2023, 11, 25, 0, 0), phone, requester="organisation"),
        "recent": contact(at(2026, 11, 20, 10), phone, [work], requester="citizen"),
    }


def rows():
    """Every contact as it stands, its related rows included."""
    return [
        (
            local(c),
            c.channel_id,
            c.requester,
            c.theme_id,
            c.quantity,
            c.note,
            c.logged_by_id,
            c.entry_key,
            sorted(t.pk for t in c.topics.all()),
            sorted(g.pk for g in c.target_groups.all()),
            sorted(o.pk for o in c.referred_to.all()),
        )
        for c in Contact.objects.order_by("happened_at", "pk").prefetch_related(
            "topics", "target_groups", "referred_to"
        )
    ]


def test_a_dry_run_shows_each_month_and_changes_nothing(few):
    before = rows()
    assert prune("--dry-run") == [
        "2023-10: 4 rows (5 contacts) would be merged into 3 rows",
        "2023-11: 2 rows (2 contacts) would be merged into 2 rows",
        "Before 2023-11-25: 6 rows (7 contacts) would be merged into 5 rows.",
    ]
    assert prune("--dry-run", "--delete") == [
        "2023-10: 4 rows (5 contacts) would be deleted",
        "2023-11: 2 rows (2 contacts) would be deleted",
        "Before 2023-11-25: 6 rows (7 contacts) would be deleted.",
    ]
    assert rows() == before


def test_merging_keeps_one_row_per_day_and_kind_at_noon(few):
    assert prune() == [
        "2023-10: 4 rows (5 contacts) merged into 3 rows",
        "2023-11: 2 rows (2 contacts) merged into 2 rows",
        "Before 2023-11-25: 6 rows (7 contacts) merged into 5 rows.",
    ]
    housing, work = few["morning"].topics.get(), few["work"].topics.get()
    merged = [
        (local(c), c.requester, c.quantity) for c in Contact.objects.order_by("happened_at", "pk")
    ]
    assert merged == [
        (datetime.datetime(2023, 10, 10, 12), "citizen", 3),  # morning and afternoon: Wohnen
        (datetime.datetime(2023, 10, 10, 12), "citizen", 1),  # Arbeit
        (datetime.datetime(2023, 10, 31, 12), "citizen", 1),  # each on its own local day
        (datetime.datetime(2023, 11, 1, 12), "citizen", 1),
        (datetime.datetime(2023, 11, 24, 12), "organisation", 1),
        (datetime.datetime(2023, 11, 25, 0, 0), "organisation", 1),  # kept as it was
        (datetime.datetime(2026, 11, 20, 10), "citizen", 1),
    ]
    both = Contact.objects.get(quantity=3)
    assert [t.pk for t in both.topics.all()] == [housing.pk]
    assert (both.note, both.logged_by, both.entry_key) == ("", None, None)
    assert Contact.objects.filter(topics=work).count() == 2


def test_deleting_removes_old_contacts_with_their_related_rows(few):
    assert prune("--delete")[-1] == "Before 2023-11-25: 6 rows (7 contacts) deleted."
    assert sorted(Contact.objects.values_list("pk", flat=True)) == sorted(
        [few["first_kept"].pk, few["recent"].pk]
    )
    assert list(Contact.topics.through.objects.values_list("contact_id", flat=True)) == [
        few["recent"].pk
    ]


def test_settings_choose_years_and_mode_and_options_override_them(few, settings):
    settings.CONTACT_RETENTION_YEARS = 1
    settings.CONTACT_RETENTION_MODE = "delete"
    assert prune("--dry-run")[-1] == "Before 2025-11-25: 7 rows (8 contacts) would be deleted."
    assert prune("--dry-run", "--years", "5") == ["Before 2021-11-25: nothing to do."]
    assert prune("--dry-run", "--aggregate")[-1] == (
        "Before 2025-11-25: 7 rows (8 contacts) would be merged into 6 rows."
    )
    prune()
    assert Contact.objects.get() == few["recent"]
    with pytest.raises(CommandError, match="--years must be 1 or more, not 0."):
        prune("--years", "0")


def test_bad_settings_stop_the_site_with_a_clear_message():
    for name, value, message in [
        ("CONTACT_RETENTION_YEARS", "drei", "CONTACT_RETENTION_YEARS must be a whole number"),
        ("CONTACT_RETENTION_YEARS", "0", "CONTACT_RETENTION_YEARS must be a whole number"),
        ("CONTACT_RETENTION_MODE", "archive", "CONTACT_RETENTION_MODE must be aggregate or"),
    ]:
        checked = subprocess.run(
            [sys.executable, "manage.py", "check"],
            cwd=django_settings.BASE_DIR,
            env={**os.environ, name: value},
            capture_output=True,
            text=True,
        )
        assert checked.returncode != 0
        assert message in checked.stderr, name


def test_a_second_run_changes_nothing_and_new_old_rows_join_their_merged_row(few, terms):
    prune()
    after_first = rows()
    assert prune() == []  # quiet for cron when there is nothing to do
    assert prune("--dry-run") == ["Before 2023-11-25: nothing to do."]
    assert rows() == after_first

    # A tally from back then, imported later, is merged into the day's row of its kind.
    late = contact(
        at(2023, 10, 10, 12),
        terms["channels"][0],
        [few["morning"].topics.get()],
        requester="citizen",
        quantity=4,
        logged_by=factories.user("redaktion"),
    )
    assert prune() == [
        "2023-10: 4 rows (9 contacts) merged into 3 rows",
        "Before 2023-11-25: 4 rows (9 contacts) merged into 3 rows.",
    ]
    assert not Contact.objects.filter(pk=late.pk).exists()
    assert Contact.objects.get(pk=few["morning"].pk).quantity == 7
    assert prune() == []


def test_verbosity_0_keeps_a_run_quiet(few):
    assert prune("--verbosity", "0") == []
    assert (
        not Contact.objects.filter(happened_at__lt=at(2023, 11, 25))
        .exclude(retention.merged_form())
        .exists()
    )


def figures(start, end):
    """The statistics of the whole days from start to end, counted in the database."""
    period = Contact.objects.filter(
        happened_at__gte=retention.local_midnight(start),
        happened_at__lt=retention.local_midnight(end + datetime.timedelta(days=1)),
    )
    found = {"total": period.aggregate(n=Sum("quantity"))["n"]}
    for by in ("requester", "channel", "theme", "topics", "target_groups", "referred_to"):
        found[by] = sorted(
            period.values_list(by).annotate(n=Sum("quantity")), key=lambda pair: str(pair)
        )
    for name, trunc in (("day", TruncDate), ("week", TruncWeek), ("month", TruncMonth)):
        found[name] = sorted(
            period.annotate(when=trunc("happened_at"))
            .values_list("when", "topics")
            .annotate(n=Sum("quantity")),
            key=lambda pair: str(pair),
        )
    return found


PERIODS = [
    (datetime.date(2023, 10, 1), datetime.date(2023, 11, 30)),  # across the first kept day
    (datetime.date(2023, 10, 29), datetime.date(2023, 10, 29)),  # 25 hours
    (datetime.date(2023, 10, 30), datetime.date(2023, 11, 5)),  # a week
    (datetime.date(2023, 11, 1), datetime.date(2023, 11, 24)),
    (datetime.date(2023, 11, 24), datetime.date(2023, 11, 25)),
    (datetime.date(2020, 1, 1), datetime.date(2026, 11, 25)),  # everything
]


@pytest.fixture
def many(terms):
    """600 contacts from 20 October to 30 November 2023 at any hour, most of a few kinds."""
    draw = random.Random(5)
    staff = factories.user("team", TEAM)
    phone, visit = terms["channels"]
    housing, work, care = terms["topics"]
    elderly = terms["groups"][0]
    caritas, oeziv = terms["organisations"]
    start = at(2023, 10, 20)
    for _ in range(600):
        contact(
            start + datetime.timedelta(minutes=draw.randrange(42 * 24 * 60)),
            draw.choice([phone, phone, visit]),
            draw.choice([[housing], [housing], [], [housing, work], [care]]),
            draw.choice([[], [], [elderly]]),
            draw.choice([[], [], [], [caritas], [oeziv, caritas]]),
            requester=draw.choice(["citizen", "citizen", "organisation"]),
            theme=draw.choice([*terms["themes"], None, None]),
            quantity=draw.choice([1, 1, 1, 3]),
            note=draw.choice(["", "", "Frage zur Pension"]),
            logged_by=draw.choice([staff, None]),
            entry_key=draw.choice([uuid.uuid4(), None]),
        )


def test_every_figure_of_whole_days_stays_the_same(many):
    before = [figures(*period) for period in PERIODS]
    old = Contact.objects.filter(happened_at__lt=at(2023, 11, 25))
    old_rows = old.count()

    prune()
    assert [figures(*period) for period in PERIODS] == before
    assert old.count() < old_rows  # merged indeed
    assert not old.exclude(retention.merged_form()).exists()
    assert Contact.objects.filter(happened_at__gte=at(2023, 11, 25)).exclude(note="").exists()


def test_an_interrupted_run_leaves_whole_months_and_the_next_run_finishes(many):
    before = [figures(*period) for period in PERIODS]
    first_kept = retention.first_kept_day(3)
    months = retention.aggregate(first_kept)
    assert next(months).month == datetime.date(2023, 10, 1)
    months.close()  # stopped after its first month
    assert [figures(*period) for period in PERIODS] == before
    october = Contact.objects.filter(happened_at__lt=at(2023, 11, 1))
    assert not october.exclude(retention.merged_form()).exists()
    november = retention.in_month(datetime.date(2023, 11, 1), first_kept)
    assert november.exclude(retention.merged_form()).exists()

    assert prune()[0].startswith("2023-11: ")
    assert [figures(*period) for period in PERIODS] == before
    assert prune() == []
