"""Partners' theme-day duties and their reports that they cannot come."""

import datetime
from dataclasses import dataclass

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partners.models import Organisation
from sozialinfo.roles import REDAKTION, addresses

from .models import Absence
from .occurrences import Schedule

AHEAD = datetime.timedelta(days=183)


@dataclass(frozen=True)
class Duty:
    """One date an organisation staffs."""

    occurrence: object
    organisation: Organisation
    absence: Absence | None = None

    @property
    def key(self):
        occ = self.occurrence
        return f"{occ.theme.pk}:{occ.day:%Y-%m-%d}:{self.organisation.pk}"


def duties(user, today=None, ahead=AHEAD):
    """The dates in the next half year that the user's organisations staff, soonest first,
    each with the absence already reported for it, if any."""
    today = today or timezone.localdate()
    mine = {org.pk: org for org in Organisation.objects.visible_to(user).only("name", "slug")}
    reported = {
        (a.theme_id, a.day, a.organisation_id): a
        for a in Absence.objects.filter(organisation__in=mine, day__gte=today)
    }
    found = []
    for occ in Schedule(today, today + ahead).occurrences:
        if not occ.takes_place:
            continue
        for org in occ.organisations:
            if org.pk in mine:
                absence = reported.get((occ.theme.pk, occ.day, org.pk))
                found.append(Duty(occ, mine[org.pk], absence))
    return found


def report(absence, request):
    """Save the absence and tell the Redaktion by e-mail."""
    absence.full_clean()
    absence.save()
    recipients = addresses(REDAKTION)
    if not recipients:
        return absence
    url = reverse("admin:schedule_absence_change", args=[absence.pk])
    context = {"absence": absence, "url": request.build_absolute_uri(url)}
    send_mail(
        render_to_string("schedule/emails/absence_subject.txt", context).strip(),
        render_to_string("schedule/emails/absence.txt", context),
        None,
        recipients,
    )
    return absence
