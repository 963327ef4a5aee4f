"""Keeping entries fresh: partners confirm them, and are reminded when nobody has for long."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from sozialinfo.models import InfoPoint
from sozialinfo.roles import REDAKTION, addresses

from .models import Membership, Organisation


def confirm(organisation, today=None):
    """The entry is still correct: not a change of its content, so nothing to review."""
    organisation.last_checked = today or timezone.localdate()
    Organisation.objects.filter(pk=organisation.pk).update(last_checked=organisation.last_checked)


def due(today=None, months=None):
    """Published stale entries whose partners were not reminded in the last
    ENTRY_REMINDER_DAYS, with the accounts that keep them."""
    today = today or timezone.localdate()
    again = today - datetime.timedelta(days=settings.ENTRY_REMINDER_DAYS)
    members = Membership.objects.filter(is_active=True, user__is_active=True).exclude(
        user__email=""
    )
    return (
        Organisation.objects.published()
        .stale(today, months)
        .filter(Q(last_reminded__isnull=True) | Q(last_reminded__lte=again))
        .prefetch_related(Prefetch("memberships", members.select_related("user"), "keepers"))
        .order_by("name", "pk")
    )


@dataclass
class Reminder:
    """One e-mail: to a partner about their entries, to an organisation's own address, or to
    the Redaktion about entries nobody else can be asked about."""

    kind: str  # "partner", "organisation" or "redaktion"
    to: list
    organisations: list = field(default_factory=list)
    name: str = ""

    def message(self):
        def link(path):
            return settings.SITE_URL + path

        entries = [
            {
                "organisation": org,
                "page": link(org.get_absolute_url()),
                "admin": link(reverse("admin:partners_organisation_change", args=[org.pk])),
            }
            for org in self.organisations
        ]
        info_point = InfoPoint.objects.current()
        context = {
            "reminder": self,
            "entries": entries,
            "info_point": info_point,
            "months": settings.ENTRY_STALE_MONTHS,
        }
        subject = render_to_string("partners/email/reminder_subject.txt", context)
        body = render_to_string("partners/email/reminder.txt", context)
        reply_to = [info_point.email] if info_point.email else None
        return EmailMessage(" ".join(subject.split()), body, to=self.to, reply_to=reply_to)


def reminders(organisations):
    """Who is asked about which entries: each partner once about all of theirs; an entry
    without partner accounts at its own address; else the Redaktion, all in one e-mail."""
    by_user, result, unreachable = defaultdict(list), [], []
    for org in organisations:
        if org.keepers:
            for membership in org.keepers:
                by_user[membership.user].append(org)
        elif org.email:
            result.append(Reminder("organisation", [org.email], [org], org.name))
        else:
            unreachable.append(org)
    for user, orgs in sorted(by_user.items(), key=lambda item: item[0].email):
        result.append(Reminder("partner", [user.email], orgs, user.get_full_name()))
    if unreachable and (editors := addresses(REDAKTION)):
        result.append(Reminder("redaktion", editors, unreachable))
    return result


def send(reminders, today=None):
    """Send each reminder and note the day on the entries it was about (only those sent).
    Returns the reminders that failed, with their errors."""
    today = today or timezone.localdate()
    reminded, failed = set(), []
    with translation.override(settings.LANGUAGE_CODE):
        for reminder in reminders:
            try:
                reminder.message().send()
            except Exception as error:  # a refused address must not stop the others
                failed.append((reminder, error))
            else:
                reminded.update(org.pk for org in reminder.organisations)
    Organisation.objects.filter(pk__in=reminded).update(last_reminded=today)
    return failed
