"""Benchmark: the contact statistics of a whole year in at most 300 ms median server time with
1,000,000 contacts on PostgreSQL and 500 ms with 200,000 on SQLite, with a fixed number of
queries; and saving a contact among them in at most 30 ms.

Run from the repository root: .venv/bin/python bench/contacts.py [--postgres] [--one-year]
[--contacts N] [--repeat N] [--explain]
"""

import argparse
import datetime
import gc
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from directory import in_database  # noqa: E402

TARGETS_MS = {"postgresql": 300.0, "sqlite": 500.0}
SAVE_TARGET_MS = 30.0
CONTACTS = {"postgresql": 1_000_000, "sqlite": 200_000}
YEARS = 5  # the contacts spread over this many years, unless --one-year
WARMUP = 3
SAVES = 200
SEED = 20210601
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/sozialinfo_bench_contacts"
VIENNA = ZoneInfo("Europe/Vienna")
ROW = "{:<44}{:>9}{:>9}{:>9}{:>9}"

CHANNELS = {"persönlich": 60, "Telefon": 30, "E-Mail": 10}
TOPICS = 25
TARGET_GROUPS = 10
ORGANISATIONS = 200
# (how many per contact, weight): about 1.5 topics, 0.7 target groups, 0.2 referrals
TOPIC_COUNTS = ([0, 1, 2, 3], [10, 40, 40, 10])
GROUP_COUNTS = ([0, 1, 2], [40, 50, 10])
REFERRAL_COUNTS = ([0, 1, 2], [82, 16, 2])
THEMED = 0.08  # contacts on a theme day (five theme days and another offer in the house)
TALLIES = 0.02  # rows of an imported tally, standing for 2 to 30 contacts each


def populate(rng, count, first, last):
    """The taxonomies, 200 organisations, six themes, a Team account and `count` contacts on
    the days from first to last, loaded with COPY (PostgreSQL) or big INSERT batches (SQLite).
    Returns the Team account."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from contacts.models import Channel, Contact
    from partners.models import Organisation, TargetGroup, Topic
    from schedule.models import Ordinal, Theme, Weekday
    from sozialinfo.models import InfoPoint
    from sozialinfo.roles import TEAM

    InfoPoint.objects.get_or_create(pk=1, defaults={"name": "Sozial-Info"})
    channels = [Channel.objects.create(name=name, position=i).pk for i, name in enumerate(CHANNELS)]
    topics = [
        t.pk
        for t in Topic.objects.bulk_create(
            Topic(name=f"Thema {i}", slug=f"thema-{i}", position=i) for i in range(TOPICS)
        )
    ]
    groups = [
        g.pk
        for g in TargetGroup.objects.bulk_create(
            TargetGroup(name=f"Zielgruppe {i}", slug=f"zielgruppe-{i}", position=i)
            for i in range(TARGET_GROUPS)
        )
    ]
    orgs = [
        o.pk
        for o in Organisation.objects.bulk_create(
            Organisation(name=f"Verein {i}", slug=f"verein-{i}") for i in range(ORGANISATIONS)
        )
    ]
    themes = [
        Theme.objects.create(
            name=f"Thementag {ordinal}",
            slug=f"thementag-{ordinal}",
            ordinal=ordinal,
            valid_from=datetime.date(2000, 1, 6),
        )
        for ordinal in range(1, 6)
    ]
    themes.append(
        Theme.objects.create(
            name="Beratung im Haus",
            slug="beratung",
            kind=Theme.Kind.OFFER,
            ordinal=Ordinal.EVERY,
            weekday=Weekday.WEDNESDAY,
            starts=datetime.time(8),
            ends=datetime.time(12),
            valid_from=datetime.date(2000, 1, 5),
        )
    )
    user = get_user_model().objects.create_user("team", password=secrets.token_urlsafe())
    user.groups.add(Group.objects.get(name=TEAM))

    # Each attribute drawn for all contacts at once: popular topics and organisations more
    # often (Zipf), weekdays busy, weekends nearly empty, 8:00 to 18:00 local time; some on a
    # theme day.
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    day_weights = [1 if day.weekday() < 5 else 0.05 for day in days]
    starts = [
        datetime.datetime.combine(day, datetime.time(8), VIENNA).astimezone(datetime.UTC)
        for day in days
    ]
    themed = sum(rng.random() < THEMED for _ in range(count))
    when = rng.choices(starts, day_weights, k=count - themed)
    seconds = rng.choices(range(10 * 3600), k=count - themed)
    plain = [(w + datetime.timedelta(seconds=s), None) for w, s in zip(when, seconds, strict=True)]
    # Themed contacts on the dates of their theme, during its hours.
    slots = [
        (datetime.datetime.combine(day, theme.starts, VIENNA).astimezone(datetime.UTC), theme)
        for theme in themes
        for day in days
        if theme.falls_on(day)
    ]
    on_theme_days = [
        (start + datetime.timedelta(seconds=rng.randrange(7200)), theme.pk)
        for start, theme in rng.choices(slots, k=themed)
    ]
    happened, theme_ids = zip(*sorted(plain + on_theme_days, key=lambda pair: pair[0]), strict=True)
    requesters = rng.choices(["citizen", "organisation"], [2, 1], k=count)
    channel_ids = rng.choices(channels, list(CHANNELS.values()), k=count)
    quantities = [rng.randint(2, 30) if rng.random() < TALLIES else 1 for _ in range(count)]
    contacts = zip(happened, channel_ids, requesters, theme_ids, quantities, strict=True)

    def links(ids, counts, weights):
        """(contact number, id) pairs: each contact gets a number of distinct ids."""
        numbers = rng.choices(*counts, k=count)
        picked = iter(rng.choices(ids, weights, k=sum(numbers) * 2))
        pairs = []
        for number, wanted in enumerate(numbers):
            chosen = set()
            while len(chosen) < wanted:
                chosen.add(next(picked))
            pairs += [(number, pk) for pk in chosen]
        return pairs

    zipf = [1 / rank for rank in range(1, ORGANISATIONS + 1)]
    m2m = {
        "topics": links(topics, TOPIC_COUNTS, zipf[:TOPICS]),
        "target_groups": links(groups, GROUP_COUNTS, zipf[:TARGET_GROUPS]),
        "referred_to": links(orgs, REFERRAL_COUNTS, zipf),
    }

    columns = ("happened_at", "channel_id", "requester", "theme_id", "quantity", "note")
    rows = ((h, c, r, t, q, "") for h, c, r, t, q in contacts)
    load = copy_rows if connection.vendor == "postgresql" else insert_rows
    with transaction.atomic():  # one transaction: SQLite would sync every row otherwise
        load(Contact._meta.db_table, columns, rows)
        offset = Contact.objects.order_by("pk").values_list("pk", flat=True)[0]
        for name, pairs in m2m.items():
            field = Contact._meta.get_field(name)
            load(
                field.remote_field.through._meta.db_table,
                (field.m2m_column_name(), field.m2m_reverse_name()),
                ((offset + number, pk) for number, pk in pairs),
            )
    return user, {name: len(pairs) for name, pairs in m2m.items()}


def copy_rows(table, columns, rows):
    from django.db import connection

    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def insert_rows(table, columns, rows, batch=50_000):
    from django.db import connection

    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    connection.ensure_connection()
    raw = connection.connection  # sqlite3's own connection: no per-row work in Django
    pending = []
    for row in rows:
        if isinstance(row[0], datetime.datetime):  # as Django stores it: naive UTC text
            row = (row[0].replace(tzinfo=None).isoformat(" "), *row[1:])
        pending.append(row)
        if len(pending) == batch:
            raw.executemany(sql, pending)
            pending = []
    raw.executemany(sql, pending)


def measure(client, url, repeat):
    """(milliseconds of `repeat` requests after a warmup, number of queries, response)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    captured = list(captured)  # the next request empties the connection's log
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples, captured, response


def explain(url):
    """The database's plan and timing for each figure's query of the page at url."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from contacts import statistics as stats

    today = datetime.date.today()
    query = dict(part.split("=") for part in url.split("?", 1)[1].split("&"))
    form = stats.PeriodForm(query, today=today)
    assert form.is_valid(), form.errors
    with CaptureQueriesContext(connection) as captured:
        stats.figures(form.period)
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    for done in captured:
        print(f"\n-- {float(done['time']) * 1000:.0f} ms: {done['sql'][:160]} …")
        with connection.cursor() as cursor:
            cursor.execute(prefix + done["sql"])
            for line in cursor.fetchall():
                print("   ", " ".join(str(cell) for cell in line))


def save_contacts(client, user):
    """Median of saving a contact through the quick entry, as bench/entry.py measures it."""
    from entry import PER_DAY, entries

    from contacts.models import Channel, Contact
    from partners.models import Organisation, TargetGroup, Topic

    sent = entries(
        random.Random(SEED),
        list(Channel.objects.all()),
        list(Topic.objects.all()),
        list(TargetGroup.objects.all()),
        list(Organisation.objects.all()),
    )
    headers = {"X-Requested-With": "fetch"}
    samples = []
    for i in range(WARMUP * 3 + SAVES):
        if i % PER_DAY == 0:  # a new day: the day's list in the answer starts empty again
            Contact.objects.filter(logged_by=user, entry_key__isnull=False).delete()
        start = time.perf_counter()
        response = client.post("/kontakte/erfassen/", next(sent), headers=headers)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 201, response.content[:300]
        if i >= WARMUP * 3:
            samples.append(elapsed)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help=f"use {POSTGRES_URL}")
    parser.add_argument(
        "--one-year",
        action="store_true",
        help=f"all contacts in the year measured (the worst case), not spread over {YEARS} years",
    )
    parser.add_argument("--contacts", type=int, help="default: 1,000,000 (PostgreSQL), 200,000")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--explain", action="store_true", help="show the figures' query plans")
    args = parser.parse_args()
    if args.repeat < 2:
        parser.error("--repeat must be at least 2")
    return in_database(POSTGRES_URL if args.postgres else None, lambda: run(args))


def run(args):
    from django.db import connection
    from django.test import Client

    from contacts import counts
    from contacts.models import Contact, DayCount, DayLink

    vendor = connection.vendor
    count = args.contacts or CONTACTS[vendor]
    today = datetime.date.today()
    year = today.year - 1  # the last whole year: the one a town reports on
    last = datetime.date(year, 12, 31)
    first = datetime.date(year, 1, 1) if args.one_year else datetime.date(year - YEARS + 1, 1, 1)

    start = time.perf_counter()
    user, links = populate(random.Random(SEED), count, first, last)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    with connection.cursor() as cursor:
        # What autovacuum and a periodic ANALYZE do soon after a bulk load.
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")
    analysed = time.perf_counter() - start
    start = time.perf_counter()
    counts.recount_all()  # the daily counts the statistics read (contacts/counts.py)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counted = time.perf_counter() - start
    gc.collect()  # the generator's objects are no part of a running server
    in_year = Contact.objects.filter(happened_at__year=year).count()
    print(
        f"{vendor}: {count:,} contacts from {first} to {last} ({in_year:,} in {year}), "
        f"{links['topics']:,} topics, {links['target_groups']:,} target groups, "
        f"{links['referred_to']:,} referrals; loaded in {loaded:.1f} s, analysed in "
        f"{analysed:.1f} s; counted in {counted:.1f} s ({DayCount.objects.count():,} daily "
        f"counts, {DayLink.objects.count():,} daily links)"
    )

    client = Client()
    client.force_login(user)
    pages = [
        (f"a whole year ({year}), by month (target)", f"?von={year}-01-01&bis={year}-12-31"),
        (
            f"a whole year ({year}), by week",
            f"?von={year}-01-01&bis={year}-12-31&gruppierung=woche",
        ),
        (f"a quarter (Q4 {year})", f"?von={year}-10-01&bis={year}-12-31"),
        (f"a month (December {year})", f"?von={year}-12-01&bis={year}-12-31"),
        (f"{YEARS} years, by month", f"?von={year - YEARS + 1}-01-01&bis={year}-12-31"),
    ]
    exports = [
        (f"report as XLSX, {year}", f"bericht.xlsx?von={year}-01-01&bis={year}-12-31"),
        (
            f"raw contacts as CSV, December {year}",
            f"rohdaten.csv?von={year}-12-01&bis={year}-12-31",
        ),
    ]
    print(f"{args.repeat} requests each after {WARMUP} to warm up; server-side, milliseconds")
    print(ROW.format("page", "median", "p95", "max", "queries"))
    results, failures = {}, []
    for label, query in [*pages, *exports]:
        path = "/kontakte/statistik/" + query
        repeat = args.repeat if not query.startswith("rohdaten") else max(2, args.repeat // 5)
        samples, captured, _ = measure(client, path, repeat)
        results[label] = (statistics.median(samples), len(captured), captured)
        print(
            ROW.format(
                label,
                f"{statistics.median(samples):.0f}",
                f"{statistics.quantiles(samples, n=20, method='inclusive')[-1]:.0f}",
                f"{max(samples):.0f}",
                len(captured),
            )
        )
    target_label = pages[0][0]
    median, queries, captured = results[target_label]
    print("\nthe target page's queries, slowest first (ms, from one request):")
    for done in sorted(captured, key=lambda q: -float(q["time"]))[:8]:
        print(f"  {float(done['time']) * 1000:6.0f}  {done['sql'][:110]}")
    if len({results[label][1] for label, _ in pages}) != 1:
        failures.append("the pages need different numbers of queries")
    if median > TARGETS_MS[vendor]:
        failures.append(f"a whole year: median {median:.0f} ms exceeds {TARGETS_MS[vendor]:.0f} ms")

    saves = save_contacts(client, user)
    saved = statistics.median(saves)
    print(
        f"\nsaving a contact through the quick entry among them: median {saved:.1f} ms, "
        f"p95 {statistics.quantiles(saves, n=20, method='inclusive')[-1]:.1f} ms "
        f"({len(saves)} saves)"
    )
    if saved > SAVE_TARGET_MS:
        failures.append(f"saving: median {saved:.1f} ms exceeds {SAVE_TARGET_MS:.0f} ms")

    if args.explain:
        explain(pages[0][1])
    print("FAIL: " + "; ".join(failures) if failures else "OK: targets met")
    return 1 if failures else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
