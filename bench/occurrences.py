"""Benchmark: 24 months of occurrences in at most 5 ms and a fixed number of queries.

Run from the repository root: .venv/bin/python bench/occurrences.py [--postgres] [--repeat N]
"""

import argparse
import datetime
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django
import psycopg
from psycopg import sql

FIRST = datetime.date(2026, 12, 1)
SPANS = [("24 months", datetime.timedelta(days=730)), ("1 month", datetime.timedelta(days=30))]
TARGET_MS = 5.0
WARMUP = 20
ROW = "{:<28}{:>6}{:>9}{:>11}{:>8}{:>8}"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/sozialinfo_bench"

T = datetime.time
D = datetime.date
THEME_DAYS = [
    "Kind/Jugend/Familie",
    "Senior*innen",
    "Menschen mit Behinderung/Beeinträchtigung",
    "Geflüchtete und Migrant*innen",
    "Frauen und Mädchen",
]
HOURS = [(0, T(9), T(13)), (1, T(14), T(18)), (4, T(9), T(13))]
# first day, last day, reason, closes the office, cancels dates
CLOSURES = [
    (D(2026, 12, 23), D(2027, 1, 6), "Weihnachtspause", True, True),
    (D(2027, 2, 15), D(2027, 2, 19), "Semesterferien", True, False),
    (D(2027, 7, 19), D(2027, 8, 13), "Sommerpause", True, True),
    (D(2027, 12, 22), D(2028, 1, 7), "Weihnachtspause", True, True),
    (D(2028, 3, 9), D(2028, 3, 9), "Fortbildung", False, True),
    (D(2028, 7, 17), D(2028, 8, 11), "Sommerpause", True, True),
]
HELD_HOLIDAYS = [D(2027, 5, 6), D(2027, 5, 27), D(2028, 10, 26)]
CHANGES = 20


def setup(database_url):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sozialinfo.settings"
    os.environ["DJANGO_DEBUG"] = "0"  # as in production: no query log
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)
    os.environ["DATABASE_URL"] = database_url
    if database_url.startswith("postgres"):
        create_database(database_url)
    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)


def create_database(url):
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def populate():
    from django.utils.text import slugify

    from partners.models import Organisation
    from schedule.models import Closure, DateChange, HeldHoliday, Kind, OpeningHours, Theme
    from schedule.occurrences import theme_dates
    from sozialinfo.models import InfoPoint

    InfoPoint.objects.create(pk=1, name="Sozial-Info Leibnitz", closed_dec_24_31=True)
    orgs = [Organisation.objects.create(name=f"Verein {i}", slug=f"verein-{i}") for i in range(24)]
    rules = [
        (name, ordinal, 3, T(14), T(16), Kind.THEME_DAY)
        for ordinal, name in enumerate(THEME_DAYS, 1)
    ]
    rules.append(("Schuldnerberatung", 0, 2, T(8), T(12), Kind.OFFER))
    themes = []
    for i, (name, ordinal, weekday, starts, ends, kind) in enumerate(rules):
        theme = Theme.objects.create(
            name=name,
            slug=slugify(name),
            ordinal=ordinal,
            weekday=weekday,
            starts=starts,
            ends=ends,
            kind=kind,
            valid_from=D(2022, 2, 3),
        )
        theme.organisations.set(orgs[3 * i : 3 * i + 3])
        themes.append(theme)
    for weekday, starts, ends in HOURS:
        OpeningHours.objects.create(weekday=weekday, starts=starts, ends=ends)
    for first, last, reason, office, cancels in CLOSURES:
        Closure.objects.create(
            first_day=first,
            last_day=last,
            reason=reason,
            closes_office=office,
            cancels_themes=cancels,
        )
    for day in HELD_HOLIDAYS:
        HeldHoliday.objects.create(day=day)

    last = FIRST + SPANS[0][1]
    rule_days = sorted((day, t.pk, t) for t in themes for day in theme_dates(t, FIRST, last))
    for i in range(CHANGES):
        day, _pk, theme = rule_days[i * len(rule_days) // CHANGES + i % 2]
        change = DateChange(theme=theme, day=day)
        if i % 4 == 0:
            change.is_cancelled, change.reason = True, "Krankheit"
        elif i % 4 == 1:
            change.moved_to, change.reason = day + datetime.timedelta(days=1), "am Folgetag"
        elif i % 4 == 3:
            change.starts, change.ends = T(15), T(17)
        change.save()
        if i % 4 == 2:
            change.organisations.set(orgs[18 + i % 6 : 20 + i % 6])


def measure(days, repeat):
    """(dates, queries, ms with loading, ms from loaded rules) of fresh Schedules from FIRST."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schedule.occurrences import Schedule
    from sozialinfo.models import InfoPoint

    info = InfoPoint.objects.current()  # the pages read it once for their own use too

    def load_and_compute():
        return Schedule(FIRST, FIRST + days, info_point=info).occurrences

    def loaded():
        schedule = Schedule(FIRST, FIRST + days, info_point=info)
        schedule.themes, schedule.changes, schedule.exceptions, schedule.staffing  # noqa: B018
        return schedule

    def compute(schedule):
        for derived in ("closures", "holidays", "staff", "occurrences"):
            schedule.__dict__.pop(derived, None)
        return schedule.occurrences

    for _ in range(WARMUP):
        load_and_compute()
    with CaptureQueriesContext(connection) as queries:
        dates = len(load_and_compute())
    full, rules = [], loaded()
    for _ in range(repeat):
        start = time.perf_counter()
        load_and_compute()
        full.append((time.perf_counter() - start) * 1000)
    computed = []
    for _ in range(repeat):
        start = time.perf_counter()
        compute(rules)
        computed.append((time.perf_counter() - start) * 1000)
    return dates, len(queries), full, computed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help=f"use {POSTGRES_URL}")
    parser.add_argument("--repeat", type=int, default=200, help="timed runs per span")
    args = parser.parse_args()
    if args.repeat < 2:
        parser.error("--repeat must be at least 2")
    with tempfile.TemporaryDirectory(prefix="sozialinfo-bench-") as tmp:
        return run(POSTGRES_URL if args.postgres else f"sqlite:///{tmp}/bench.sqlite3", args.repeat)


def run(database_url, repeat):
    setup(database_url)
    populate()

    from django.db import connection

    print(f"From {FIRST} on {connection.vendor}, {repeat} runs each after {WARMUP} to warm up")
    print(ROW.format("span", "dates", "queries", "median ms", "p95 ms", "max ms"))
    medians, query_counts = [], set()
    for label, days in SPANS:
        dates, queries, full, computed = measure(days, repeat)
        query_counts.add(queries)
        for what, samples in (("with queries", full), ("computing", computed)):
            median = statistics.median(samples)
            p95 = statistics.quantiles(samples, n=20, method="inclusive")[-1]
            if label == SPANS[0][0] and what == "computing":
                medians.append(median)
            print(
                ROW.format(
                    f"{label}, {what}",
                    dates,
                    queries,
                    *(f"{ms:.2f}" for ms in (median, p95, max(samples))),
                )
            )

    failures = []
    if medians[0] > TARGET_MS:
        failures.append(f"computing: median {medians[0]:.2f} ms exceeds {TARGET_MS} ms")
    if len(query_counts) > 1:
        failures.append("the number of queries depends on the span")
    print("FAIL: " + "; ".join(failures) if failures else "OK: target met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
