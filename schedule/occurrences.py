"""Dated theme days and opening windows computed from the rules and their exceptions.

All times are wall-clock times in Europe/Vienna: a rule at 14:00 stays at 14:00 on both sides of
a daylight saving change. Public holidays come from the holidays package for the info point's
state; closures, held holidays and changes of single dates come from the database.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import groupby
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db.models import BooleanField, F, IntegerField, Q, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partners.models import Organisation
from sozialinfo.models import InfoPoint

from .models import Closure, DateChange, HeldHoliday, OpeningHours, Theme, Weekday

LOOKAHEAD_DAYS = 366
ONE_DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)


def local_tz():
    return ZoneInfo(settings.TIME_ZONE)


def at(day, time):
    """An aware datetime for a wall-clock time on a day, whatever the DST offset that day."""
    return datetime.datetime.combine(day, time, tzinfo=local_tz())


@dataclass(slots=True)
class Occurrence:
    theme: Theme
    starts: datetime.datetime
    ends: datetime.datetime
    rule_day: datetime.date  # the day the rule gives; identifies the date even when moved
    organisations: tuple = ()
    cancelled: str = ""  # why it does not take place; empty when it does
    note: str = ""
    moved: "Occurrence | None" = None  # set on the rule day of a date moved elsewhere

    @property
    def day(self):
        return self.starts.date()

    @property
    def is_cancelled(self):
        return bool(self.cancelled)

    @property
    def is_moved(self):
        return self.day != self.rule_day

    @property
    def takes_place(self):
        return not self.cancelled and self.moved is None

    @property
    def uid(self):
        return f"theme-{self.theme.pk}-{self.rule_day:%Y%m%d}"


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


class ClosedRow(NamedTuple):
    first_day: datetime.date
    last_day: datetime.date
    reason: str
    closes_office: bool
    cancels_themes: bool


NO = Value(False, output_field=BooleanField())
NONE = Value(None, output_field=IntegerField())


@dataclass(frozen=True)
class ClosedSpan:
    first: datetime.date
    last: datetime.date
    reason: str


def theme_dates(theme, first, last):
    """The days from first to last (inclusive) on which the theme's rule falls."""
    day = first + datetime.timedelta(days=(theme.weekday - first.weekday()) % 7)
    found = []
    while day <= last:
        if theme.falls_on(day):
            found.append(day)
        day += WEEK
    return found


@lru_cache(maxsize=64)
def public_holidays(region, year, language):
    """{day: name} of Austria's public holidays in a state, names in the given language."""
    found = holidays.country_holidays("AT", subdiv=region, years=year, language=language)
    return dict(found)


def holiday_language():
    return "de" if translation.get_language() in (None, "de", "de-at") else "en_US"


def partners():
    """Just what a date shows of its partner organisations."""
    return Organisation.objects.only("name", "slug", "is_published")


def themes_between(first, last):
    return Theme.objects.valid_between(first, last).select_related("target_group")


class Schedule:
    """The dates from first to last with every exception applied, in a fixed number of queries."""

    def __init__(self, first, last, themes=None, info_point=None):
        self.first, self.last = first, last
        self._themes = themes
        self.info_point = info_point or InfoPoint.objects.current()

    @cached_property
    def themes(self):
        if self._themes is None:
            return list(themes_between(self.first, self.last))
        return list(self._themes)

    @cached_property
    def changes(self):
        in_span = Q(day__range=(self.first, self.last)) | Q(moved_to__range=(self.first, self.last))
        found = DateChange.objects.filter(in_span)
        if self._themes is not None:
            found = found.filter(theme__in=[t.pk for t in self.themes])
        return {(c.theme_id, c.day): c for c in found}

    @cached_property
    def exceptions(self):
        """Closures and held holidays in the span, read in one query."""
        closures = Closure.objects.between(self.first, self.last).order_by()
        closures = closures.values_list(*ClosedRow._fields)
        held = (
            HeldHoliday.objects.filter(day__range=(self.first, self.last))
            .order_by()
            .annotate(last_day=F("day"), closes=NO, cancels=NO)
            .values_list("day", "last_day", "note", "closes", "cancels")
        )
        return [ClosedRow(*row) for row in closures.union(held, all=True)]

    @cached_property
    def closures(self):
        # A closure always closes something (a constraint), a held holiday nothing.
        return [row for row in self.exceptions if row.closes_office or row.cancels_themes]

    @cached_property
    def holidays(self):
        """{day: name} of the holidays that close the Sozial-Info, without the held ones."""
        info = self.info_point
        language = holiday_language()
        found = {}
        for year in range(self.first.year, self.last.year + 1):
            found |= public_holidays(info.holiday_region, year, language)
            if info.closed_dec_24_31:
                found[datetime.date(year, 12, 24)] = _("Heiliger Abend")
                found[datetime.date(year, 12, 31)] = _("Silvester")
        held = {row.first_day for row in self.exceptions if row not in self.closures}
        return {
            day: name
            for day, name in found.items()
            if self.first <= day <= self.last and day not in held
        }

    @cached_property
    def staffing(self):
        """({theme pk: organisations}, {change pk: organisations}), read in one query."""
        by_theme = partners().filter(themes__in=[theme.pk for theme in self.themes])
        by_theme = by_theme.annotate(theme_pk=F("themes"), change_pk=NONE).order_by()
        by_change = partners().filter(date_changes__in=[c.pk for c in self.changes.values()])
        by_change = by_change.annotate(theme_pk=NONE, change_pk=F("date_changes")).order_by()
        themes, changes = {}, {}
        for org in by_theme.union(by_change, all=True).order_by("name"):
            if org.theme_pk is None:
                changes.setdefault(org.change_pk, []).append(org)
            else:
                themes.setdefault(org.theme_pk, []).append(org)
        return themes, changes

    @cached_property
    def staff(self):
        """Who staffs each rule's dates: {theme pk: (organisation, ...)}."""
        return {theme.pk: tuple(self.staffing[0].get(theme.pk, ())) for theme in self.themes}

    @cached_property
    def hours(self):
        return list(OpeningHours.objects.valid_between(self.first, self.last))

    def cancel_reason(self, day, *, office):
        """Why nothing takes place on day: a holiday or a closure; empty if it does.

        office=True asks about the regular opening hours, False about theme days and offers.
        """
        if name := self.holidays.get(day):
            return _("Feiertag (%(name)s)") % {"name": name}
        for closure in self.closures:
            applies = closure.closes_office if office else closure.cancels_themes
            if applies and closure.first_day <= day <= closure.last_day:
                return closure.reason
        return ""

    def _occurrence(self, theme, rule_day):
        return Occurrence(
            theme,
            at(rule_day, theme.starts),
            at(rule_day, theme.ends),
            rule_day,
            self.staff[theme.pk],
            self.cancel_reason(rule_day, office=False),
        )

    def _changed(self, theme, rule_day):
        """The occurrences of a changed date that fall in the span."""
        change = self.changes[theme.pk, rule_day]
        day = change.moved_to or rule_day
        changed = Occurrence(
            theme,
            at(day, change.starts or theme.starts),
            at(day, change.ends or theme.ends),
            rule_day,
            tuple(self.staffing[1].get(change.pk, ())) or self.staff[theme.pk],
            change.reason if change.is_cancelled else self.cancel_reason(day, office=False),
            "" if change.is_cancelled else change.reason,
        )
        if day == rule_day:
            return [changed]
        # A moved date also stays on its rule day, saying where it went.
        away = Occurrence(theme, at(rule_day, theme.starts), at(rule_day, theme.ends), rule_day)
        away.moved = changed
        return [occ for occ in (away, changed) if self.first <= occ.day <= self.last]

    @cached_property
    def occurrences(self):
        """Every date of every rule in the span in date order, cancelled and moved ones included.

        A date moved to another day is there twice: on its new day, and on its rule day as a
        pointer to it (occ.moved), which does not take place.
        """
        found = []
        for theme in self.themes:
            days = set(theme_dates(theme, self.first, self.last))
            # A change whose day the rule no longer gives (the rule was edited) is ignored.
            days |= {day for pk, day in self.changes if pk == theme.pk and theme.falls_on(day)}
            for day in days:
                if (theme.pk, day) in self.changes:
                    found += self._changed(theme, day)
                else:
                    found.append(self._occurrence(theme, day))
        return sorted(found, key=lambda occ: (occ.starts, occ.theme.name))

    def opening_windows(self):
        """Merged opening windows: regular hours plus theme days, without what is cancelled."""
        windows = [
            Window(occ.starts, occ.ends, [occ.theme])
            for occ in self.occurrences
            if occ.theme.is_theme_day and occ.takes_place
        ]
        day = self.first
        while day <= self.last:
            if not self.cancel_reason(day, office=True):
                windows += [
                    Window(at(day, h.starts), at(day, h.ends))
                    for h in self.hours
                    if h.applies_on(day)
                ]
            day += ONE_DAY
        merged = []
        for window in sorted(windows, key=lambda w: w.starts):
            if merged and window.starts <= merged[-1].ends:
                merged[-1].ends = max(merged[-1].ends, window.ends)
                merged[-1].themes += window.themes
            else:
                merged.append(window)
        return merged

    def upcoming(self, now, limit=None):
        """Dates that have not ended at now, soonest first."""
        found = [occ for occ in self.occurrences if occ.ends > now]
        return found[:limit] if limit else found

    def opening_state(self, now):
        for window in self.opening_windows():
            if window.starts <= now < window.ends:
                return OpeningState(True, closes_at=window.ends, themes=tuple(window.themes))
            if window.starts > now:
                return OpeningState(False, next_opening=window.starts, themes=tuple(window.themes))
        return OpeningState(False)

    def closed_spans(self):
        """Holidays and closures that cancel an opening window or a date, soonest first."""
        would_open = {h.weekday for h in self.hours}
        dated = {occ.day for occ in self.occurrences}
        closed = [c for c in self.closures if c.closes_office]
        spans = [
            ClosedSpan(day, day, _("Feiertag (%(name)s)") % {"name": name})
            for day, name in self.holidays.items()
            if (day.weekday() in would_open or day in dated)
            and not any(c.first_day <= day <= c.last_day for c in closed)
        ]
        spans += [ClosedSpan(c.first_day, c.last_day, c.reason) for c in closed]
        return sorted(spans, key=lambda span: span.first)


def occurrences(first, last, themes=None):
    """Every date from first to last in date order, cancelled ones included."""
    return Schedule(first, last, themes).occurrences


def theme_day_at(moment):
    """The theme whose theme day takes place at moment, or None (other offers do not count)."""
    day = timezone.localdate(moment)
    for occ in occurrences(day, day):
        if occ.takes_place and occ.theme.is_theme_day and occ.starts <= moment < occ.ends:
            return occ.theme
    return None


def upcoming(now=None, limit=None, days=366, themes=None):
    """Dates that have not ended yet, soonest first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return Schedule(today, today + datetime.timedelta(days=days), themes).upcoming(now, limit)


def by_month(occs):
    """Group occurrences into (first day of month, [occurrences]) pairs."""
    return [
        (month, list(items)) for month, items in groupby(occs, key=lambda o: o.day.replace(day=1))
    ]


def month_span(day):
    """The first and the last day of day's month."""
    first = day.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def calendar_weeks(month, occs):
    """Monday-first weeks covering month: [(day or None outside the month, [occurrences])]."""
    on = {}
    for occ in occs:
        on.setdefault(occ.day, []).append(occ)
    return [
        [(day if day.month == month.month else None, on.get(day, [])) for day in week]
        for week in calendar.Calendar().monthdatescalendar(month.year, month.month)
    ]


def opening_state(now=None):
    """Whether the Sozial-Info is open at now, until when, or when it opens next."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return Schedule(today, today + datetime.timedelta(days=LOOKAHEAD_DAYS)).opening_state(now)


def regular_week(day):
    """The week in force on day: (weekday name, [(starts, ends, note)]) for all seven days."""
    slots = {weekday: [] for weekday in Weekday}
    for hours in OpeningHours.objects.valid_between(day, day):
        slots[hours.weekday].append((hours.starts, hours.ends, hours.note))
    for theme in Theme.objects.valid_between(day, day).filter(kind=Theme.Kind.THEME_DAY):
        slot = (theme.starts, theme.ends, _("Thementag"))
        if slot not in slots[theme.weekday]:
            slots[theme.weekday].append(slot)
    return [(weekday.label, sorted(found)) for weekday, found in slots.items()]
