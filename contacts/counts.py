"""The daily counts the statistics read: a year of contacts is a few thousand DayCount and
DayLink rows instead of a million contacts and their links.

A new contact from the quick entry adds itself (`add`, two statements). Anything else that
changes contacts counts the local days it touched again (`recount`), in the same transaction:
corrections, the admin, imports and the demo. Deleting a theme, topic, target group or
organisation that contacts point to moves its counts to "none" (`forget`). Everything but an
add first locks the counts (`lock`). `manage.py recount_contacts` counts everything again.
"""

import datetime
from itertools import pairwise

from django.apps import apps as global_apps
from django.db import connection, transaction
from django.db.models import Exists, Max, Min, OuterRef, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from schedule.occurrences import at, local_tz

from .models import Contact, DayCount, DayLink, Kind

BATCH = 5000
MIDNIGHT = datetime.time()
ONE_DAY = datetime.timedelta(days=1)
MAX_SPANS = 10  # more separate spans of days than this are counted in one pass from first to last


def lock():
    """Keep adding out while counting again, before writing any count. An add writes to both
    tables, which takes a lock that this one waits for and then keeps out until the end of the
    transaction: a recount would otherwise delete and insert rows that an add in another
    transaction waits for, raises on or loses. Both tables in the order add writes them, so
    that neither waits for the other. SQLite has one writer at a time anyway."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in (DayCount, DayLink))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def local_day(moment):
    return timezone.localdate(moment, local_tz())


def upsert(model, columns, rows):
    """Insert rows, or add their contacts to the rows with the same key. Rows are sorted by
    their key, so that two transactions lock the rows they share in the same order."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = [quote(column) for column in columns]
    row = "({})".format(", ".join(["%s"] * len(columns)))
    adapt = connection.ops.adapt_datefield_value
    rows = sorted((adapt(day), *rest) for day, *rest in rows)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES {', '.join([row] * len(rows))} "
            f"ON CONFLICT ({', '.join(names[:-1])}) "
            f"DO UPDATE SET contacts = {table}.contacts + excluded.contacts",
            [value for row in rows for value in row],
        )


def add(contact, related):
    """Count a new contact, inside the transaction that saves it; related maps each Kind to
    the ids it links to."""
    day = local_day(contact.happened_at)
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
            for key in set(related.get(kind) or ()) or {0}
        ],
    )


def summed(queryset, moment, *fields, quantity="quantity"):
    """(local day, values of the fields…, summed quantity) rows, grouped in the database."""
    return (
        queryset.order_by()
        .annotate(local_day=TruncDate(moment, tzinfo=local_tz()))
        .values("local_day", *fields)
        .annotate(n=Sum(quantity))
        .values_list("local_day", *fields, "n")
    )


def spans(days):
    """(first, last) runs of consecutive days; one run from the first to the last day when
    there would be many (an import of a year's tallies)."""
    days = sorted(set(days) - {None})
    if not days:
        return []
    runs, first = [], days[0]
    for day, following in pairwise([*days, None]):
        if following != day + ONE_DAY:
            runs.append((first, day))
            first = following
    return runs if len(runs) <= MAX_SPANS else [(days[0], days[-1])]


def recount(days, apps=global_apps):
    """Count the contacts of these local days again."""
    with transaction.atomic():
        lock()
        for first, last in spans(days):
            recount_span(first, last, apps)


def recount_all(apps=global_apps):
    """Count the whole contact log again (the migration passes its own apps)."""
    with transaction.atomic():
        lock()
        apps.get_model("contacts", "DayCount").objects.all().delete()
        apps.get_model("contacts", "DayLink").objects.all().delete()
        span = apps.get_model("contacts", "Contact").objects.aggregate(
            first=Min("happened_at"), last=Max("happened_at")
        )
        if span["first"]:
            recount_span(local_day(span["first"]), local_day(span["last"]), apps)


def recount_span(first, last, apps):
    """Count the contacts of the local days first to last again; the caller holds the lock."""
    Contact = apps.get_model("contacts", "Contact")
    DayCount = apps.get_model("contacts", "DayCount")
    DayLink = apps.get_model("contacts", "DayLink")
    starts, ends = at(first, MIDNIGHT), at(last + ONE_DAY, MIDNIGHT)
    contacts = Contact.objects.filter(happened_at__gte=starts, happened_at__lt=ends)
    DayCount.objects.filter(day__range=(first, last)).delete()
    DayLink.objects.filter(day__range=(first, last)).delete()
    rows = summed(contacts, "happened_at", "requester", "channel_id", "theme_id")
    DayCount.objects.bulk_create(
        [
            DayCount(day=day, requester=who, channel=channel, theme=theme or 0, contacts=n)
            for day, who, channel, theme, n in rows
        ],
        batch_size=BATCH,
    )
    for kind in Kind.values:
        field = Contact._meta.get_field(kind)
        through = field.remote_field.through
        links = through.objects.filter(contact__in=contacts.values("pk"))
        key = f"{field.m2m_reverse_field_name()}_id"
        linked = summed(links, "contact__happened_at", key, quantity="contact__quantity")
        alone = contacts.exclude(Exists(through.objects.filter(contact=OuterRef("pk"))))
        DayLink.objects.bulk_create(
            [DayLink(day=day, kind=kind, key=key, contacts=n) for day, key, n in linked]
            + [
                DayLink(day=day, kind=kind, key=0, contacts=n)
                for day, n in summed(alone, "happened_at")
            ],
            batch_size=BATCH,
        )


def days_of(contacts):
    """The local days of these contacts."""
    local = TruncDate("happened_at", tzinfo=local_tz())
    return set(contacts.order_by().annotate(local_day=local).values_list("local_day", flat=True))


def delete(contacts):
    """Delete contacts (a queryset) and count their days again."""
    with transaction.atomic():
        days = days_of(contacts)
        contacts.delete()
        recount(days)


# Deleting what contacts point to drops it from their counts: their theme day becomes none; a
# topic, target group or referral drops out, and contacts left with none of its kind count as
# such. Partners and schedule know nothing of contacts, so contacts/apps.py listens for these
# deletions.
POINTED_TO = {
    "schedule.Theme": "theme",
    "partners.Topic": Kind.TOPIC,
    "partners.TargetGroup": Kind.TARGET_GROUP,
    "partners.Organisation": Kind.REFERRAL,
}


def before_delete(sender, instance, **kwargs):
    kind = POINTED_TO[sender._meta.label]
    if kind != "theme":
        instance.counted_span = DayLink.objects.filter(kind=kind, key=instance.pk).aggregate(
            first=Min("day"), last=Max("day")
        )


def forget(sender, instance, **kwargs):
    """After the deletion (a list's "delete" has removed the links of all it deletes by now)."""
    kind = POINTED_TO[sender._meta.label]
    with transaction.atomic():
        lock()
        if kind == "theme":
            rows = DayCount.objects.filter(theme=instance.pk)
            fields = ("day", "requester", "channel", "contacts")
            moved = [(*key, 0, n) for *key, n in rows.values_list(*fields)]
            rows.delete()
            upsert(DayCount, ["day", "requester", "channel", "theme", "contacts"], moved)
            return
        DayLink.objects.filter(kind=kind, key=instance.pk).delete()
        first, last = instance.counted_span["first"], instance.counted_span["last"]
        if first is None:
            return
        # The contacts with none of this kind, counted again over the days it was used.
        through = Contact._meta.get_field(kind).remote_field.through
        contacts = Contact.objects.filter(
            happened_at__gte=at(first, MIDNIGHT), happened_at__lt=at(last + ONE_DAY, MIDNIGHT)
        ).exclude(Exists(through.objects.filter(contact=OuterRef("pk"))))
        DayLink.objects.filter(kind=kind, key=0, day__range=(first, last)).delete()
        DayLink.objects.bulk_create(
            [
                DayLink(day=day, kind=kind, key=0, contacts=n)
                for day, n in summed(contacts, "happened_at")
            ],
            batch_size=BATCH,
        )
