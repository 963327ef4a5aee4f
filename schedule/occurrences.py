"""Dated theme days and opening windows computed from the rules, in Vienna wall-clock time."""

import datetime
from dataclasses import dataclass, field
from itertools import groupby
from zoneinfo import ZoneInfo

from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, rrule
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OpeningHours, Theme, Weekday

RRULE_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
LOOKAHEAD_DAYS = 62


def local_tz():
    return ZoneInfo(settings.TIME_ZONE)


def at(day, time):
    """An aware datetime for a wall-clock time on a day, whatever the DST offset that day."""
    return datetime.datetime.combine(day, time, tzinfo=local_tz())


@dataclass(frozen=True)
class Occurrence:
    theme: Theme
    starts: datetime.datetime
    ends: datetime.datetime

    @property
    def day(self):
        return self.starts.date()


@dataclass
class Window:
    starts: datetime.datetime
    ends: datetime.datetime
    themes: list = field(default_factory=list)


@dataclass(frozen=True)
class OpeningState:
    is_open: bool
    closes_at: datetime.datetime | None = None
    next_opening: datetime.datetime | None = None
    themes: tuple = ()


def theme_dates(theme, first, last):
    """The days from first to last (inclusive) on which the theme's rule falls."""
    weekday = RRULE_WEEKDAYS[theme.weekday](theme.ordinal)
    start = datetime.datetime.combine(first, datetime.time())
    until = datetime.datetime.combine(last, datetime.time())
    return [
        dt.date()
        for dt in rrule(MONTHLY, byweekday=weekday, dtstart=start, until=until)
        if theme.is_valid_on(dt.date())
    ]


def themes_between(first, last):
    return (
        Theme.objects.valid_between(first, last)
        .select_related("target_group")
        .prefetch_related("organisations")
    )


def occurrences(first, last, themes=None):
    """Every theme day from first to last in date order, in a fixed number of queries."""
    themes = themes_between(first, last) if themes is None else themes
    found = [
        Occurrence(theme, at(day, theme.starts), at(day, theme.ends))
        for theme in themes
        for day in theme_dates(theme, first, last)
    ]
    return sorted(found, key=lambda occ: (occ.starts, occ.theme.name))


def upcoming(now=None, limit=None, days=366, themes=None):
    """Theme days that have not ended yet, soonest first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    last = today + datetime.timedelta(days=days)
    found = [occ for occ in occurrences(today, last, themes) if occ.ends > now]
    return found[:limit] if limit else found


def by_month(occs):
    """Group occurrences into (first day of month, [occurrences]) pairs."""
    return [
        (month, list(items)) for month, items in groupby(occs, key=lambda o: o.day.replace(day=1))
    ]


def opening_windows(first, last):
    """Merged opening windows from first to last: regular hours plus theme days."""
    hours = list(OpeningHours.objects.valid_between(first, last))
    windows = [Window(occ.starts, occ.ends, [occ.theme]) for occ in occurrences(first, last)]
    day = first
    while day <= last:
        windows += [
            Window(at(day, h.starts), at(day, h.ends))
            for h in hours
            if h.weekday == day.weekday() and h.is_valid_on(day)
        ]
        day += datetime.timedelta(days=1)
    merged = []
    for window in sorted(windows, key=lambda w: w.starts):
        if merged and window.starts <= merged[-1].ends:
            merged[-1].ends = max(merged[-1].ends, window.ends)
            merged[-1].themes += window.themes
        else:
            merged.append(window)
    return merged


def opening_state(now=None):
    """Whether the Sozial-Info is open at now, until when, or when it opens next."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    for window in opening_windows(today, today + datetime.timedelta(days=LOOKAHEAD_DAYS)):
        if window.starts <= now < window.ends:
            return OpeningState(True, closes_at=window.ends, themes=tuple(window.themes))
        if window.starts > now:
            return OpeningState(False, next_opening=window.starts, themes=tuple(window.themes))
    return OpeningState(False)


def regular_week(day):
    """The week in force on day: (weekday name, [(starts, ends, note)]) for all seven days."""
    slots = {weekday: [] for weekday in Weekday}
    for hours in OpeningHours.objects.valid_between(day, day):
        slots[hours.weekday].append((hours.starts, hours.ends, hours.note))
    for theme in Theme.objects.valid_between(day, day):
        slot = (theme.starts, theme.ends, _("Thementag"))
        if slot not in slots[theme.weekday]:
            slots[theme.weekday].append(slot)
    return [(weekday.label, sorted(found)) for weekday, found in slots.items()]
