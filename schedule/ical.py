"""iCalendar (RFC 5545) feeds of the dates, built with the icalendar library."""

import datetime

import icalendar
from django.conf import settings
from django.contrib.sites.models import Site
from django.utils import timezone
from django.utils.translation import gettext as _


def calendar(schedule, request, name=None):
    """The schedule's dates as VEVENTs; cancelled ones stay in with STATUS:CANCELLED."""
    info = schedule.info_point
    domain = Site.objects.get_current().domain  # not the request's host: UIDs must not vary
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{info.name}//Thementage//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    title = f"{info.name} – {name}" if name else f"{info.name} – {_('Thementage')}"
    cal.add("x-wr-calname", title)
    cal.add("x-wr-timezone", "Europe/Vienna")
    cal.add("refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    stamp = timezone.now()
    place = ", ".join(part for part in (info.venue, info.name, info.address) if part)
    # A moved date is one event on its new day, even when that lies beyond the feed's span.
    events = {occ.uid: occ.moved or occ for occ in schedule.occurrences}
    for occ in events.values():
        event = icalendar.Event()
        event.add("uid", f"{occ.uid}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", occ.starts)
        event.add("dtend", occ.ends)
        summary = occ.theme.name
        if occ.is_cancelled:
            summary = _("Entfällt: %(name)s") % {"name": summary}
        event.add("summary", summary)
        event.add("status", "CANCELLED" if occ.is_cancelled else "CONFIRMED")
        event.add("location", occ.theme.location or place)
        event.add("url", request.build_absolute_uri(occ.theme.get_absolute_url()))
        event.add("description", describe(occ))
        cal.add_component(event)
    # Always there, so that a feed without dates is still a valid calendar (RFC 5545 needs one).
    cal.add_component(
        icalendar.Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=schedule.first,
            last_date=schedule.last + datetime.timedelta(days=1),
        )
    )
    return cal.to_ical()


def describe(occ):
    lines = []
    if occ.is_cancelled:
        lines.append(_("Entfällt – %(reason)s") % {"reason": occ.cancelled})
    if occ.note:
        lines.append(occ.note)
    if occ.theme.description:
        lines.append(occ.theme.description)
    if occ.organisations:
        names = ", ".join(org.name for org in occ.organisations)
        lines.append(_("Vor Ort: %(names)s") % {"names": names})
    return "\n\n".join(lines)
