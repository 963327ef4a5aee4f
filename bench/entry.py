"""Benchmark: saving a contact through the quick-entry page in at most 30 ms median server time.

Run from the repository root: .venv/bin/python bench/entry.py [--postgres] [--repeat N]
"""

import argparse
import datetime
import os
import random
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from directory import in_database  # noqa: E402

TARGET_MEDIAN_MS = 30.0
WARMUP = 10
SEED = 20210601
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/sozialinfo_bench_entry"
PER_DAY = 40  # a busy day at the Sozial-Info: the day's list is sent back with every save
ROW = "{:<40}{:>8}{:>8}{:>8}{:>9}"


def populate(rng, existing):
    """The info point with its theme days, 200 organisations, and `existing` older contacts."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from contacts.models import Channel, Contact
    from partners.models import Organisation, TargetGroup, Topic
    from schedule.models import Theme
    from sozialinfo.models import InfoPoint
    from sozialinfo.roles import TEAM

    InfoPoint.objects.get_or_create(pk=1, defaults={"name": "Sozial-Info"})
    channels = [Channel.objects.create(name=n, position=i) for i, n in enumerate(CHANNELS)]
    topics = Topic.objects.bulk_create(
        Topic(name=f"Thema {i}", slug=f"thema-{i}", position=i) for i in range(20)
    )
    groups = TargetGroup.objects.bulk_create(
        TargetGroup(name=f"Zielgruppe {i}", slug=f"zielgruppe-{i}", position=i) for i in range(10)
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Verein {i}", slug=f"verein-{i}", is_published=True) for i in range(200)
    )
    for ordinal in range(1, 6):
        Theme.objects.create(
            name=f"Thementag {ordinal}",
            slug=f"thementag-{ordinal}",
            ordinal=ordinal,
            valid_from=datetime.date(2022, 2, 3),
        )
    user = get_user_model().objects.create_user("team", password=secrets.token_urlsafe())
    user.groups.add(Group.objects.get(name=TEAM))

    now = timezone.now()
    batch = []
    for i in range(existing):
        batch.append(
            Contact(
                happened_at=now
                - datetime.timedelta(minutes=rng.randint(24 * 60, 5 * 365 * 24 * 60)),
                channel=rng.choice(channels),
                requester=rng.choice(["citizen", "citizen", "organisation"]),
                logged_by=user,
            )
        )
        if len(batch) == 5000 or i == existing - 1:
            Contact.objects.bulk_create(batch)
            batch = []
    return user, channels, topics, groups, orgs


CHANNELS = ["persönlich", "Telefon", "E-Mail"]


def entries(rng, channels, topics, groups, orgs):
    """Endless entries as staff send them: a channel, who asked, one or two topics, sometimes a
    target group or a referral, and a key of their own."""
    while True:
        data = {
            "channel": rng.choice(channels).pk,
            "requester": rng.choice(["citizen", "citizen", "organisation"]),
            "topics": [t.pk for t in rng.sample(topics, rng.choice([1, 1, 2]))],
            "entry_key": str(uuid.uuid4()),
        }
        if rng.random() < 0.3:
            data["target_groups"] = [rng.choice(groups).pk]
        if rng.random() < 0.3:
            data["referred_to"] = [rng.choice(orgs).pk]
        yield data


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help=f"use {POSTGRES_URL}")
    parser.add_argument("--repeat", type=int, default=400, help="timed saves")
    parser.add_argument("--existing", type=int, default=200_000, help="older contacts")
    args = parser.parse_args()
    return in_database(POSTGRES_URL if args.postgres else None, lambda: run(args))


def run(args):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from contacts import counts
    from contacts.models import Contact

    rng = random.Random(SEED)
    start = time.perf_counter()
    user, *choices = populate(rng, args.existing)
    counts.recount_all()  # the statistics' daily counts, which each save adds to
    print(
        f"{connection.vendor}: {Contact.objects.count()} contacts, generated in "
        f"{time.perf_counter() - start:.1f} s; {PER_DAY} of them today at most"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    client = Client()
    client.force_login(user)
    sent = entries(rng, *choices)
    headers = {"X-Requested-With": "fetch"}

    def save(data):
        start = time.perf_counter()
        response = client.post("/kontakte/erfassen/", data, headers=headers)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code in (200, 201), response.content[:500]
        return elapsed, response.status_code

    for _ in range(WARMUP):
        save(next(sent))
    with CaptureQueriesContext(connection) as captured:
        save(next(sent))
    queries = len(captured)

    new, again = [], []
    for i in range(args.repeat):
        if i % PER_DAY == 0:  # a new day: the day's list starts empty again
            Contact.objects.filter(logged_by=user, entry_key__isnull=False).delete()
        data = next(sent)
        elapsed, status = save(data)
        assert status == 201
        new.append(elapsed)
        if i % 4 == 0:  # the same entry sent again after a lost answer
            elapsed, status = save(data)
            assert status == 200
            again.append(elapsed)

    print(f"{args.repeat} saves after {WARMUP} to warm up; server-side, milliseconds")
    print(ROW.format("", "median", "p95", "max", "queries"))
    for label, samples in [("new contact", new), ("same entry again (saved once)", again)]:
        print(
            ROW.format(
                label,
                f"{statistics.median(samples):.1f}",
                f"{statistics.quantiles(samples, n=20, method='inclusive')[-1]:.1f}",
                f"{max(samples):.1f}",
                queries if label == "new contact" else "",
            )
        )
    median = statistics.median(new)
    if median > TARGET_MEDIAN_MS:
        print(f"FAIL: median {median:.1f} ms exceeds {TARGET_MEDIAN_MS:.0f} ms")
        return 1
    print("OK: target met")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
