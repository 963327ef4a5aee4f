"""The daily counts the statistics read: a year of contacts is a few thousand DayCount and
DayLink rows instead of a million contacts and their links.

A new contact from the quick entry adds itself (`add`, two statements). Anything else that
changes contacts recounts the days it touched (`recount`) in the same transaction: corrections,
the admin, imports, retention, the demo, and deleting a theme, topic, target group or
organisation that contacts point to. `manage.py recount_contacts` recounts everything.
"""

import datetime

from django.db import connection, transaction
from django.db.models import Exists, Max, Min, OuterRef, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Contact, DayCount, DayLink, Kind

LOCK = 2026_11_25  # the advisory lock that keeps adding and recounting apart on PostgreSQL
BATCH = 5000


def lock(shared):
    """Adding takes the lock shared, recounting alone: a recount deletes and reinserts rows
    that an add in another transaction would otherwise raise or lose. SQLite has one writer
    at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            shared = "_shared" if shared else ""
            cursor.execute(f"SELECT pg_advisory_xact_lock{shared}(%s)", [LOCK])


def upsert(model, columns, rows):
    """Insert rows, or add their contacts to the rows with the same key."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = [quote(column) for column in columns]
    row = "({})".format(", ".join(["%s"] * len(columns)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES {', '.join([row] * len(rows))} "
            f"ON CONFLICT ({', '.join(names[:-1])}) "
            f"DO UPDATE SET contacts = {table}.contacts + excluded.contacts",
            [value for row in rows for value in row],
        )


def add(contact, related):
    """Count a new contact; related maps each Kind to the ids it links to."""
    day = connection.ops.adapt_datefield_value(timezone.localdate(contact.happened_at))
    with transaction.atomic():
        lock(shared=True)
        upsert(
            DayCount,
            ["day", "requester", "channel", "theme", "contacts"],
            [(day, contact.requester, contact.channel_id, contact.theme_id or 0, contact.quantity)],
        )
        upsert(
            DayLink,
            ["day", "kind", "key", "contacts"],
            [
                (day, kind, key, contact.quantity)
                for kind in Kind.values
                for key in related.get(kind) or [0]
            ],
        )


def summed(queryset, day, *fields, quantity="quantity"):
    """(local day, values of the fields…, summed quantity) rows, grouped in the database."""
    local = TruncDate(day, tzinfo=timezone.get_default_timezone())
    return (
        queryset.order_by()
        .annotate(local_day=local)
        .values("local_day", *fields)
        .annotate(n=Sum(quantity))
        .values_list("local_day", *fields, "n")
    )


def recount(first, last):
    """Count the contacts of the local days first to last (inclusive) again."""
    starts = timezone.make_aware(datetime.datetime.combine(first, datetime.time()))
    ends = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(1), datetime.time())
    )
    contacts = Contact.objects.filter(happened_at__gte=starts, happened_at__lt=ends)
    with transaction.atomic():
        lock(shared=False)
        DayCount.objects.filter(day__range=(first, last)).delete()
        DayLink.objects.filter(day__range=(first, last)).delete()
        rows = summed(contacts, "happened_at", "requester", "channel_id", "theme_id")
        DayCount.objects.bulk_create(
            [
                DayCount(
                    day=day, requester=requester, channel=channel, theme=theme or 0, contacts=n
                )
                for day, requester, channel, theme, n in rows
            ],
            batch_size=BATCH,
        )
        for kind in Kind.values:
            field = Contact._meta.get_field(kind)
            through = field.remote_field.through
            links = through.objects.filter(
                contact__happened_at__gte=starts, contact__happened_at__lt=ends
            )
            linked = summed(
                links,
                "contact__happened_at",
                f"{field.m2m_reverse_field_name()}_id",
                quantity="contact__quantity",
            )
            alone = contacts.exclude(Exists(through.objects.filter(contact=OuterRef("pk"))))
            DayLink.objects.bulk_create(
                [DayLink(day=day, kind=kind, key=key, contacts=n) for day, key, n in linked]
                + [
                    DayLink(day=day, kind=kind, key=0, contacts=n)
                    for day, n in summed(alone, "happened_at")
                ],
                batch_size=BATCH,
            )


def recount_all():
    """Count the whole contact log again."""
    with transaction.atomic():
        span = Contact.objects.aggregate(first=Min("happened_at"), last=Max("happened_at"))
        DayCount.objects.all().delete()
        DayLink.objects.all().delete()
        if span["first"]:
            recount(timezone.localdate(span["first"]), timezone.localdate(span["last"]))


def delete(contacts):
    """Delete contacts (a queryset) and count their days again."""
    with transaction.atomic():
        span = contacts.aggregate(first=Min("happened_at"), last=Max("happened_at"))
        contacts.delete()
        if span["first"]:
            recount(timezone.localdate(span["first"]), timezone.localdate(span["last"]))


def recount_days(days):
    """Recount the span of the given local days (None for an unknown day is ignored)."""
    days = [day for day in days if day is not None]
    if days:
        recount(min(days), max(days))


# Deleting what contacts point to changes their counts (their theme day becomes none, a topic,
# target group or referral drops out), and the apps it belongs to know nothing of contacts:
# so contacts/apps.py listens for these deletions.
POINTED_TO = {
    "schedule.Theme": "theme",
    "partners.Topic": "topics",
    "partners.TargetGroup": "target_groups",
    "partners.Organisation": "referred_to",
}


def before_delete(sender, instance, **kwargs):
    field = POINTED_TO[sender._meta.label]
    instance.counted_span = Contact.objects.filter(**{field: instance}).aggregate(
        first=Min("happened_at"), last=Max("happened_at")
    )


def after_delete(sender, instance, **kwargs):
    span = getattr(instance, "counted_span", None)
    if span and span["first"]:
        recount(timezone.localdate(span["first"]), timezone.localdate(span["last"]))
