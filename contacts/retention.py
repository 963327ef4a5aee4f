"""How long the contact log keeps single contacts (manage.py prune_contacts, daily by cron).

Contacts from before the first kept day are deleted, or merged: the contacts of one local day
that agree in channel, requester, theme and the sets of topics, target groups and referrals
become one row at noon with their summed quantity, without note, staff member or entry key.
Every figure of the statistics over whole days stays the same. Each month is its own
transaction, so an interrupted run leaves whole months done and the rest as it was, and a
second run merges nothing twice.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from . import counts
from .models import Contact

NOON = datetime.time(12)
BATCH = 500


@dataclass
class Month:
    """What happens (or would happen) to one month's contacts."""

    month: datetime.date  # its first day
    rows: int  # rows before
    contacts: int  # the contacts they stand for (their quantities' sum)
    rows_after: int  # rows after: none when deleting


def first_kept_day(years, today=None):
    """The first local day whose contacts are kept as they are."""
    return (today or timezone.localdate()) - relativedelta(years=years)


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def before(first_kept):
    return Contact.objects.filter(happened_at__lt=local_midnight(first_kept))


def in_month(month, first_kept):
    """The contacts of a local month from before the first kept day."""
    return before(first_kept).filter(
        happened_at__gte=local_midnight(month),
        happened_at__lt=local_midnight(month + relativedelta(months=1)),
    )


def merged_form():
    """A row as merging leaves it (noon, no note, no staff member, no entry key)."""
    return Q(
        note="",
        logged_by=None,
        entry_key=None,
        happened_at__hour=NOON.hour,
        happened_at__minute=0,
        happened_at__second=0,
    )


def delete(first_kept, dry_run=False):
    """Delete the contacts from before first_kept, a month at a time; yield each Month."""
    for month in before(first_kept).dates("happened_at", "month"):
        with transaction.atomic():
            rows = in_month(month, first_kept)
            found = rows.aggregate(rows=Count("pk"), contacts=Sum("quantity"))
            if not dry_run:
                counts.delete(rows)
        yield Month(month, found["rows"], found["contacts"] or 0, 0)


def aggregate(first_kept, dry_run=False):
    """Merge the contacts from before first_kept, a month at a time; yield each Month that
    had something to merge. Months whose rows are all in merged form are not read again."""
    for month in before(first_kept).exclude(merged_form()).dates("happened_at", "month"):
        with transaction.atomic():
            result = merge_month(month, first_kept, dry_run)
        yield result


def merge_month(month, first_kept, dry_run):
    rows = in_month(month, first_kept)
    contacts = list(
        rows.values_list(
            "pk",
            "happened_at",
            "channel_id",
            "requester",
            "theme_id",
            "quantity",
            "note",
            "logged_by_id",
            "entry_key",
        )
    )
    related = {}
    for name in ("topics", "target_groups", "referred_to"):
        field = Contact._meta.get_field(name)
        through = field.remote_field.through
        column = field.m2m_reverse_name()
        related[name] = defaultdict(set)
        pairs = through.objects.filter(contact__in=rows.values("pk"))
        for contact, other in pairs.values_list("contact_id", column):
            related[name][contact].add(other)

    groups = defaultdict(list)
    for contact in contacts:
        pk, happened_at, channel, requester, theme = contact[:5]
        sets = tuple(frozenset(related[name][pk]) for name in related)
        groups[(timezone.localdate(happened_at), channel, requester, theme, sets)].append(contact)

    kept, deleted = [], []
    for key, members in groups.items():
        day = key[0]
        noon = timezone.make_aware(datetime.datetime.combine(day, NOON))
        first, *others = sorted(members)
        if not others and first[1] == noon and first[6:] == ("", None, None):
            continue  # merged already
        kept.append(
            Contact(
                pk=first[0],
                happened_at=noon,
                quantity=sum(member[5] for member in members),
                note="",
                logged_by=None,
                entry_key=None,
            )
        )
        deleted.extend(member[0] for member in others)

    if not dry_run:
        for start in range(0, len(deleted), BATCH):
            Contact.objects.filter(pk__in=deleted[start : start + BATCH]).delete()
        # Merged rows keep their day and kind: the statistics' daily counts stay as they are.
        Contact.objects.bulk_update(
            kept, ["happened_at", "quantity", "note", "logged_by", "entry_key"], batch_size=BATCH
        )
    return Month(
        month, len(contacts), sum(contact[5] for contact in contacts), len(contacts) - len(deleted)
    )
