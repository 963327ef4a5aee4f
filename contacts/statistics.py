"""Statistics of the contact log: the period staff ask for, its figures, the report's words.

A contact row may stand for several enquiries (an imported tally, merged old contacts), so every
figure sums `quantity` in the database; nothing here loops over contact rows.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from urllib.parse import urlencode

import tablib
from dateutil.relativedelta import relativedelta
from django import forms
from django.db.models import Case, Sum, Value, When
from django.utils import formats, numberformat
from django.utils.text import Truncator, get_text_list
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext
from django.utils.translation import gettext as _

from partners.models import Organisation, TargetGroup, Topic
from schedule.models import Theme
from schedule.occurrences import at

from .models import Channel, Contact, DayCount, DayLink, Kind, Requester
from .resources import ContactResource

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)
MAX_YEARS = 10
WEEKS_UP_TO_DAYS = 92  # automatic grouping: by week up to about three months, else by month
WEEKS_AT_MOST_DAYS = 731
MIDNIGHT = datetime.time()
ONE_DAY = datetime.timedelta(days=1)

THIS_MONTH, LAST_MONTH, QUARTER, YEAR, LAST_YEAR = "monat", "vormonat", "quartal", "jahr", "vorjahr"
PRESETS = [
    (THIS_MONTH, gettext_lazy("Dieser Monat")),
    (LAST_MONTH, gettext_lazy("Letzter Monat")),
    (QUARTER, gettext_lazy("Dieses Quartal")),
    (YEAR, gettext_lazy("Dieses Jahr")),
    (LAST_YEAR, gettext_lazy("Letztes Jahr")),
]
WEEK, MONTH = "woche", "monat"
GROUPINGS = [
    ("", gettext_lazy("automatisch")),
    (WEEK, gettext_lazy("nach Wochen")),
    (MONTH, gettext_lazy("nach Monaten")),
]
# The shares the report names as a fraction when the real share is this close to one.
FRACTIONS = [Fraction(1, 4), Fraction(1, 3), Fraction(1, 2), Fraction(2, 3), Fraction(3, 4)]
FRACTION_TOLERANCE = 0.025
REPORT_TOPICS = 3


def month_start(day, months=0):
    """The first day of day's month, moved by a number of months."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def preset_span(preset, today):
    """(first, last) day of a named period around today."""
    if preset == LAST_MONTH:
        first = month_start(today, -1)
        return first, month_start(today) - ONE_DAY
    if preset == QUARTER:
        first = month_start(today, -((today.month - 1) % 3))
        return first, month_start(first, 3) - ONE_DAY
    if preset == YEAR:
        return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    if preset == LAST_YEAR:
        return datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)
    return month_start(today), month_start(today, 1) - ONE_DAY


@dataclass(frozen=True)
class Bucket:
    """One column of the trend: a week or a month, cut to the period."""

    first: datetime.date
    last: datetime.date
    grouping: str

    @property
    def label(self):
        if self.grouping == MONTH:
            whole = self.first.day == 1 and (self.last + ONE_DAY).day == 1
            return (
                formats.date_format(self.first, "F Y") if whole else day_span(self.first, self.last)
            )
        week = self.first.isocalendar()
        return _("KW %(week)s/%(year)s (%(span)s)") % {
            "week": week.week,
            "year": week.year,
            "span": day_span(self.first, self.last),
        }

    @property
    def tick(self):
        """The short label under a column."""
        if self.grouping == MONTH:
            return formats.date_format(self.first, "b").capitalize()
        return _("KW %(week)s") % {"week": self.first.isocalendar().week}


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date
    grouping: str
    preset: str = ""

    @property
    def starts(self):
        return at(self.first, MIDNIGHT)

    @property
    def ends(self):
        """The first moment after the period (exclusive)."""
        return at(self.last + ONE_DAY, MIDNIGHT)

    @property
    def days(self):
        return (self.last - self.first).days + 1

    @property
    def label(self):
        return day_span(self.first, self.last)

    @property
    def query(self):
        """The query string that asks for exactly this period again."""
        return urlencode(
            {
                "von": self.first.isoformat(),
                "bis": self.last.isoformat(),
                "gruppierung": self.grouping,
            }
        )

    @property
    def slug(self):
        return f"{self.first:%Y-%m-%d}-bis-{self.last:%Y-%m-%d}"

    def buckets(self):
        """The weeks (Monday to Sunday) or calendar months of the period, cut at its ends."""
        found, first = [], self.first
        while first <= self.last:
            if self.grouping == MONTH:
                following = month_start(first, 1)
            else:
                following = first + datetime.timedelta(days=7 - first.weekday())
            last = min(following - ONE_DAY, self.last)
            found.append(Bucket(first, last, self.grouping))
            first = following
        return found

    def months(self):
        """How many months the period spans exactly (25 March to 24 November: 8), or None."""
        after = self.last + ONE_DAY
        months = (after.year - self.first.year) * 12 + after.month - self.first.month
        if months and self.first + relativedelta(months=months) == after:
            return months
        return None


def day_span(first, last):
    """'3. bis 9. März 2026', '28. Februar bis 6. März 2026', '1. Dezember 2025 bis …'."""
    if first == last:
        return formats.date_format(first, "j. F Y")
    if first.year != last.year:
        start = formats.date_format(first, "j. F Y")
    elif first.month != last.month:
        start = formats.date_format(first, "j. F")
    else:
        start = formats.date_format(first, "j.")
    return _("%(first)s bis %(last)s") % {
        "first": start,
        "last": formats.date_format(last, "j. F Y"),
    }


class PeriodForm(forms.Form):
    """The period of /kontakte/statistik/: a named one, or any range of local days."""

    zeitraum = forms.ChoiceField(
        label=gettext_lazy("Zeitraum"),
        choices=[("", gettext_lazy("eigener Zeitraum")), *PRESETS],
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Diesen Zeitraum gibt es nicht. Bitte wählen Sie einen aus der Liste."
            )
        },
    )
    von = forms.DateField(
        label=gettext_lazy("von"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Bitte geben Sie ein Datum an, zum Beispiel 1.1.2026.")
        },
    )
    bis = forms.DateField(
        label=gettext_lazy("bis (einschließlich)"),
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Bitte geben Sie ein Datum an, zum Beispiel 31.3.2026.")
        },
    )
    gruppierung = forms.ChoiceField(
        label=gettext_lazy("Verlauf gruppieren"),
        choices=GROUPINGS,
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Bitte wählen Sie Wochen, Monate oder „automatisch“.")
        },
    )

    def __init__(self, data=None, today=None, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        self.period = None

    @classmethod
    def showing(cls, period, grouping=""):
        """An unbound form showing a period's days, to change them from there."""
        return cls(initial={"von": period.first, "bis": period.last, "gruppierung": grouping})

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}_errors"

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        von, bis = data.get("von"), data.get("bis")
        preset = data.get("zeitraum") or ""
        if von or bis:
            preset = ""  # dates typed in win over a named period
            if not von:
                self.add_error("von", _("Bitte geben Sie auch den ersten Tag an."))
            if not bis:
                self.add_error("bis", _("Bitte geben Sie auch den letzten Tag an."))
            if not (von and bis):
                return data
            for name, day in (("von", von), ("bis", bis)):
                if not FIRST_DAY <= day <= LAST_DAY:
                    self.add_error(
                        name,
                        _("Bitte wählen Sie einen Tag zwischen %(first)s und %(last)s.")
                        % {"first": FIRST_DAY.year, "last": LAST_DAY.year},
                    )
            if self.errors:
                return data
            if von > bis:
                self.add_error(
                    "bis", _("Der letzte Tag liegt vor dem ersten. Bitte tauschen Sie die beiden.")
                )
                return data
            if bis >= von + relativedelta(years=MAX_YEARS):
                self.add_error(
                    "bis", _("Bitte wählen Sie höchstens %(years)s Jahre.") % {"years": MAX_YEARS}
                )
                return data
            first, last = von, bis
        else:
            first, last = preset_span(preset or THIS_MONTH, self.today)
            preset = preset or THIS_MONTH
        days = (last - first).days + 1
        grouping = data.get("gruppierung") or (WEEK if days <= WEEKS_UP_TO_DAYS else MONTH)
        if grouping == WEEK and days > WEEKS_AT_MOST_DAYS:
            self.add_error(
                "gruppierung",
                _("Nach Wochen geht es für höchstens zwei Jahre. Bitte wählen Sie Monate."),
            )
            return data
        self.period = Period(first, last, grouping, preset)
        return data


# --- Figures -----------------------------------------------------------------------------------


def number(value):
    """A whole number as Austrians write it: 6 123 (a no-break space between thousands)."""
    german = (get_language() or "de").startswith("de")
    return numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR"),
        grouping=3,
        thousand_sep="\u00a0" if german else formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def percent(value, decimals=1):
    """'66,7 %' in German, '66.7 %' in English."""
    shown = numberformat.format(
        round(value, decimals), formats.get_format("DECIMAL_SEPARATOR"), decimal_pos=decimals
    )
    return f"{shown}\u00a0%"


@dataclass
class Row:
    labels: tuple  # one or more label cells (a theme day has a date and a theme)
    value: int
    total: int
    is_none: bool = False  # "ohne Angabe" and the like
    tick: str = ""  # the short label under a trend column
    date_format: str = "SHORT_DATE_FORMAT"

    @property
    def cells(self):
        """The label cells as text: dates in the short local format."""
        return tuple(
            formats.date_format(cell, self.date_format)
            if isinstance(cell, datetime.date)
            else str(cell)
            for cell in self.labels
        )

    @property
    def label(self):
        return " – ".join(self.cells)

    @property
    def share(self):
        return 100 * self.value / self.total if self.total else 0.0

    @property
    def display(self):
        return number(self.value)

    @property
    def share_display(self):
        return percent(self.share)


@dataclass
class Table:
    """One figure: its rows, shown as a chart beside a table, exported as a sheet."""

    key: str  # the section's id and the sheet's name
    title: str
    headers: tuple  # the label columns; "Kontakte" and "Anteil" follow
    rows: list  # charted
    others: list = field(default_factory=list)  # in the table only, after the rows
    note: str = ""
    summed: bool = False  # each contact in exactly one row: a total row makes sense
    shares: bool = True  # a column with each row's share of all contacts
    kind: str = "bars"  # or "columns"

    @property
    def total(self):
        return sum(row.value for row in [*self.rows, *self.others])

    @cached_property
    def chart(self):
        return chart(self)


@dataclass
class Figures:
    period: Period
    total: int
    citizens: int
    organisations: int
    tables: list = field(default_factory=list)
    top_topics: list = field(default_factory=list)

    @property
    def total_display(self):
        return number(self.total)

    def table(self, key):
        return next(table for table in self.tables if table.key == key)


def contacts_in(period):
    return Contact.objects.filter(happened_at__gte=period.starts, happened_at__lt=period.ends)


def bucket_index(boundaries, low=0, high=None):
    """A CASE giving the number of the bucket a day falls in, found by halving: about log2(n)
    comparisons per row in the database."""
    high = len(boundaries) if high is None else high
    if low == high:
        return Value(low)
    middle = (low + high + 1) // 2
    return Case(
        When(day__lt=boundaries[middle - 1], then=bucket_index(boundaries, low, middle - 1)),
        default=bucket_index(boundaries, middle, high),
    )


def grouped(queryset, *fields, **expressions):
    """{(values of the fields…): summed contacts}, grouped in the database."""
    rows = (
        queryset.values(*fields, **expressions)
        .annotate(sum=Sum("contacts"))
        .order_by()
        .values_list(*fields, *expressions, "sum")
    )
    # A constant group (a period of one bucket) sums to NULL when nothing is there.
    return {tuple(row[:-1]): row[-1] for row in rows if row[-1]}


def rolled_up(groups, *positions):
    """{(the values at these positions of the key…): contacts} from grouped()'s groups."""
    found = {}
    for key, contacts in groups.items():
        part = tuple(key[position] for position in positions)
        found[part] = found.get(part, 0) + contacts
    return found


def named(counts, model):
    """{(pk, name): count} from {(pk,): count}, the names read in one query; 0 means none."""
    names = dict(model.objects.filter(pk__in=[pk for (pk,) in counts]).values_list("pk", "name"))
    gone = _("(gelöscht)")  # only when contacts were changed outside the site: recount_contacts
    return {(pk or None, names.get(pk, gone)): count for (pk,), count in counts.items()}


def ranked(counts, total):
    """Rows from {(pk, name): count}, most contacts first."""
    rows = [Row((name,), value, total) for (pk, name), value in counts.items() if pk is not None]
    rows.sort(key=lambda row: (-row.value, row.label.casefold()))
    return rows


def unassigned(label, value, total):
    """The row of contacts without a topic (target group, theme day, referral), if any."""
    return [Row((label,), value, total, is_none=True)] if value else []


def figures(period):
    """Every figure of the period, summed in the database from the daily counts
    (contacts/counts.py): one query groups the period's days by who asked, channel, theme and
    week or month (a few hundred groups that the figures add up), one finds the theme days, one
    sums topics, target groups and referrals; the others read the names."""
    buckets = period.buckets()
    boundaries = [bucket.last + ONE_DAY for bucket in buckets[:-1]]
    days = DayCount.objects.filter(day__range=(period.first, period.last))
    groups = grouped(days, "requester", "channel", "theme", bucket=bucket_index(boundaries))
    requester, channel, theme, bucket = range(4)  # positions in the groups' keys
    requesters = rolled_up(groups, requester)
    citizens = requesters.get((Requester.CITIZEN,), 0)
    organisations = requesters.get((Requester.ORGANISATION,), 0)
    total = citizens + organisations
    result = Figures(period, total, citizens, organisations)
    none = _("ohne Angabe")

    per_bucket = rolled_up(groups, bucket)
    trend = [
        Row((bucket.label,), per_bucket.get((i,), 0), total, tick=bucket.tick)
        for i, bucket in enumerate(buckets)
    ]
    channels = ranked(named(rolled_up(groups, channel), Channel), total)
    themes = rolled_up(groups, theme)
    no_theme = themes.pop((0,), 0)
    themes = named(themes, Theme)
    theme_names = {pk: name for (pk, name), _value in themes.items()}
    themes = ranked(themes, total)
    theme_days = {
        (pk, theme_names[pk], day): value
        for (pk, day), value in grouped(days.exclude(theme=0), "theme", "day").items()
    }
    short = "j.n." if period.first.year == period.last.year else "SHORT_DATE_FORMAT"
    links = grouped(DayLink.objects.filter(day__range=(period.first, period.last)), "kind", "key")
    linked = {kind: {} for kind in Kind.values}
    for (kind, key), value in links.items():
        linked[kind][(key,)] = value
    no_topic = linked[Kind.TOPIC].pop((0,), 0)
    topics = ranked(named(linked[Kind.TOPIC], Topic), total)
    result.top_topics = [row.label for row in topics[:REPORT_TOPICS]]
    no_group = linked[Kind.TARGET_GROUP].pop((0,), 0)
    target_groups = ranked(named(linked[Kind.TARGET_GROUP], TargetGroup), total)
    not_referred = linked[Kind.REFERRAL].pop((0,), 0)
    referrals = ranked(named(linked[Kind.REFERRAL], Organisation), total)
    result.tables = [
        Table(
            "wer-fragt",
            _("Wer fragt"),
            (_("Wer fragt"),),
            [
                Row((_("Bürger*innen"),), citizens, total),
                Row((_("Organisationen"),), organisations, total),
            ],
            summed=True,
        ),
        Table(
            "verlauf",
            _("Verlauf nach Wochen") if period.grouping == WEEK else _("Verlauf nach Monaten"),
            (_("Woche") if period.grouping == WEEK else _("Monat"),),
            trend,
            summed=True,
            kind="columns",
        ),
        Table(
            "kontaktweg",
            _("Kontaktweg"),
            (_("Kontaktweg"),),
            channels,
            summed=True,
        ),
        Table(
            "themen",
            _("Themen"),
            (_("Thema"),),
            topics + unassigned(none, no_topic, total),
            note=_("Ein Kontakt kann mehrere Themen betreffen."),
        ),
        Table(
            "zielgruppen",
            _("Zielgruppen"),
            (_("Zielgruppe"),),
            target_groups + unassigned(none, no_group, total),
            note=_("Ein Kontakt kann mehrere Zielgruppen betreffen."),
        ),
        Table(
            "thementage",
            _("Thementage"),
            (_("Thementag"),),
            themes,
            others=unassigned(_("an keinem Thementag"), no_theme, total),
            summed=True,
        ),
        Table(
            "thementage-einzeln",
            _("Die einzelnen Thementage"),
            (_("Datum"), _("Thementag")),
            [
                Row(
                    (day, name),
                    value,
                    total,
                    tick=formats.date_format(day, "j.n."),
                    date_format=short,
                )
                for (_pk, name, day), value in sorted(
                    theme_days.items(), key=lambda item: (item[0][2], item[0][1])
                )
            ],
            kind="columns",
            shares=False,
        ),
        Table(
            "weitervermittlungen",
            _("Weitervermittlungen"),
            (_("Organisation"),),
            referrals,
            others=unassigned(_("ohne Weitervermittlung"), not_referred, total),
            note=_("Ein Kontakt kann an mehrere Organisationen weitervermittelt werden."),
        ),
    ]
    return result


# --- Charts ------------------------------------------------------------------------------------
# Geometry for the SVGs: x in percent of the chart's width (so that text keeps its size on a
# phone), y in pixels. The table beside each chart is what assistive technology reads.

BAR_ROW, BAR_MAX = 42, 58  # pixels a bar and its label take (chart_bars.html), percent
CHART_ROWS = 15
LABEL_CHARS = 34
COLUMN_TOP, COLUMN_BASE, TICKS = 24, 196, 4


@dataclass(frozen=True)
class Bar:
    label: str
    title: str
    display: str
    width: float  # percent
    y: int
    is_none: bool


@dataclass(frozen=True)
class Column:
    title: str
    tick: str
    tick_class: str  # "" or "tick-wide": shown only on wider screens
    x: float  # percent
    width: float  # percent
    y: int
    height: int
    tick_x: float  # percent
    tick_anchor: str


def bar_chart(table):
    """Horizontal bars of the table's first CHART_ROWS rows, and whether some were left out."""
    rows = table.rows[:CHART_ROWS]
    biggest = max((row.value for row in rows), default=0) or 1
    bars = [
        Bar(
            label=Truncator(row.label).chars(LABEL_CHARS),
            title=f"{row.label}: {row.display}",
            display=f"{row.display} ({row.share_display})",
            width=round(BAR_MAX * row.value / biggest, 2),
            y=i * BAR_ROW,
            is_none=row.is_none,
        )
        for i, row in enumerate(rows)
    ]
    return {"bars": bars, "height": len(bars) * BAR_ROW + 4, "more": len(table.rows) > len(rows)}


def nice_step(biggest):
    """A step of 1, 2, 2.5 or 5 times a power of ten giving about TICKS grid lines."""
    rough = max(biggest / TICKS, 1)
    power = 10 ** (len(str(int(rough))) - 1)
    return next(int(f * power) for f in (1, 2, 2.5, 5, 10) if int(f * power) >= rough)


def column_chart(table):
    """Columns of the trend, grid lines with their values, and ticks that do not crowd."""
    rows = table.rows
    step = nice_step(max((row.value for row in rows), default=0))
    top = step * max(1, -(-max((row.value for row in rows), default=0) // step))
    scale = (COLUMN_BASE - COLUMN_TOP) / top
    count = len(rows) or 1
    every = -(-count // 12)  # at most about 12 ticks on a wide screen, 6 on a phone
    columns = []
    for i, row in enumerate(rows):
        height = round(row.value * scale)
        tick_class = "" if i % (2 * every) == 0 else "tick-wide"
        # Ticks at the edges start or end at their column, so that they are not cut off.
        anchor = "start" if i == 0 else "end" if (i + 0.5) / count > 0.95 else "middle"
        columns.append(
            Column(
                title=f"{row.label}: {row.display}",
                tick=row.tick if i % every == 0 else "",
                tick_class=tick_class,
                x=round(100 * (i + 0.15) / count, 3),
                width=round(100 * 0.7 / count, 3),
                y=COLUMN_BASE - height,
                height=height,
                tick_x=round(100 * (i + {"start": 0.15, "end": 0.85}.get(anchor, 0.5)) / count, 3),
                tick_anchor=anchor,
            )
        )
    grid = [
        (number(value), round(COLUMN_BASE - value * scale)) for value in range(0, top + 1, step)
    ]
    return {"columns": columns, "grid": grid, "base": COLUMN_BASE, "height": COLUMN_BASE + 28}


def chart(table):
    return column_chart(table) if table.kind == "columns" else bar_chart(table)


# --- The report's words ------------------------------------------------------------------------


def at_least(value):
    """A round number not above value, as people say it: exact below 100, else in steps of a
    unit of the second digit, or of five of them from a first digit of 5 up
    (1 480 → 1 400, 6 123 → 6 000, 6 980 → 6 500, 237 → 230)."""
    if value < 100:
        return value
    unit = 10 ** (len(str(value)) - 2)
    step = 5 * unit if str(value)[0] >= "5" else unit
    return value // step * step


def shares(part, whole):
    """('2/3', '1/3') when part's share is close to a simple fraction, else percentages that
    add up to 100 ('58 %', '42 %'), and whether they are fractions."""
    share = part / whole
    for fraction in FRACTIONS:
        if abs(share - fraction) <= FRACTION_TOLERANCE:
            return str(fraction), str(1 - fraction), True
    rounded = min(99, max(1, round(100 * share)))
    return f"{rounded}\u00a0%", f"{100 - rounded}\u00a0%", False


def when_words(period):
    """'im März 2026', 'im Jahr 2025', 'im 1. Quartal 2026', 'in 8 Monaten', 'in 10 Tagen'."""
    months = period.months()
    calendar = period.first.day == 1
    if months == 1 and calendar:
        return _("im %(month)s") % {"month": formats.date_format(period.first, "F Y")}
    if months == 12 and calendar and period.first.month == 1:
        return _("im Jahr %(year)s") % {"year": period.first.year}
    if months == 3 and calendar and period.first.month % 3 == 1:
        return _("im %(quarter)s. Quartal %(year)s") % {
            "quarter": period.first.month // 3 + 1,
            "year": period.first.year,
        }
    if months:
        return ngettext("in %(n)s Monat", "in %(n)s Monaten", months) % {"n": months}
    days = period.days
    if days == 1:
        return _("am %(day)s") % {"day": formats.date_format(period.first, "j. F Y")}
    if days % 7 == 0:
        return ngettext("in %(n)s Woche", "in %(n)s Wochen", days // 7) % {"n": days // 7}
    if days <= 62:
        return ngettext("in %(n)s Tag", "in %(n)s Tagen", days) % {"n": days}
    return _("in rund %(n)s Monaten") % {"n": round(days / 30.44)}


def who_words(figures):
    citizens, organisations, total = figures.citizens, figures.organisations, figures.total
    if total == 1:
        return _("von einer Organisation") if organisations else _("von einer*einem Bürger*in")
    if not organisations:
        return _("alle von Bürger*innen")
    if not citizens:
        return _("alle von Organisationen")
    if total < 10:
        return _("davon %(citizens)s und %(organisations)s") % {
            "citizens": ngettext("%(n)s Bürger*in", "%(n)s Bürger*innen", citizens)
            % {"n": citizens},
            "organisations": ngettext("%(n)s Organisation", "%(n)s Organisationen", organisations)
            % {"n": organisations},
        }
    citizens_share, organisations_share, rough = shares(citizens, total)
    words = _("%(citizens)s davon Bürger*innen, %(organisations)s Organisationen") % {
        "citizens": citizens_share,
        "organisations": organisations_share,
    }
    return _("ca. %(shares)s") % {"shares": words} if rough else words


def summary(figures, today):
    """The period in the town's own words: 'Über 6 000 Kontakte in 8 Monaten, ca. 2/3 davon
    Bürger*innen, 1/3 Organisationen, vorwiegend zu Wohnen, Arbeit und Gesundheit.'"""
    period, total = figures.period, figures.total
    running = period.first <= today <= period.last
    if not total:
        if running:
            return _("Bisher keine Kontakte in diesem Zeitraum.")
        return _("Keine Kontakte in diesem Zeitraum.")
    shown = at_least(total)
    contacts = ngettext("%(n)s Kontakt", "%(n)s Kontakte", shown) % {"n": number(shown)}
    if shown < total:
        contacts = (_("bisher über %(contacts)s") if running else _("Über %(contacts)s")) % {
            "contacts": contacts
        }
    elif running:
        contacts = _("bisher %(contacts)s") % {"contacts": contacts}
    parts = [f"{contacts} {when_words(period)}", who_words(figures)]
    if figures.top_topics:
        topics = get_text_list(figures.top_topics, pgettext("list", "und"))
        if len(figures.top_topics) > 1 and total > 1:
            parts.append(_("vorwiegend zu %(topics)s") % {"topics": topics})
        else:
            parts.append(_("zu %(topics)s") % {"topics": topics})
    sentence = ", ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


# --- Export ------------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@")


class Report:
    """The report's tables as a CSV file Austrian Excel opens (UTF-8 with BOM, ";") or as a
    workbook with one sheet per table."""

    def __init__(self, figures, summary):
        self.figures, self.summary = figures, summary

    def overview(self):
        period, figures = self.figures.period, self.figures
        return [
            (_("Zeitraum"), period.label),
            (_("von"), period.first),
            (_("bis"), period.last),
            (_("Kontakte"), figures.total),
            (_("Bürger*innen"), figures.citizens),
            (_("Organisationen"), figures.organisations),
            (_("Zusammenfassung"), self.summary),
        ]

    def rows(self, table):
        """(header, rows) of a table, with its total row when there is one."""
        header = [*table.headers, _("Kontakte")]
        rows = [[*row.labels, row.value] for row in [*table.rows, *table.others]]
        if table.summed:
            rows.append([_("Summe"), *[""] * (len(table.headers) - 1), table.total])
        if table.shares:
            header.append(_("Anteil (%)"))
            shares = [round(row.share, 1) for row in [*table.rows, *table.others]]
            if table.summed:
                shares.append(100.0 if self.figures.total else 0.0)
            for row, share in zip(rows, shares, strict=True):
                row.append(share)
        return header, rows

    def csv(self):
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([_("Kontaktstatistik")])
        writer.writerows(self.cells(row) for row in self.overview())
        for table in self.figures.tables:
            header, rows = self.rows(table)
            writer.writerow([])
            writer.writerow([table.title])
            writer.writerow(header)
            writer.writerows(self.cells(row) for row in rows)
        return "\ufeff" + out.getvalue()

    @staticmethod
    def cells(row):
        """CSV cells in Austrian form: 66,7 and 31.03.2026; text that Excel would take for a
        formula is quoted."""
        out = []
        for cell in row:
            if isinstance(cell, float):
                out.append(f"{cell:.1f}".replace(".", ","))
            elif isinstance(cell, datetime.date):
                out.append(f"{cell:%d.%m.%Y}")
            elif isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
                out.append("'" + cell)
            else:
                out.append(cell)
        return out

    def xlsx(self):
        book = tablib.Databook()
        overview = tablib.Dataset(title=_("Bericht"), headers=[_("Angabe"), _("Wert")])
        for row in self.overview():
            overview.append(row)
        book.add_sheet(overview)
        for table in self.figures.tables:
            header, rows = self.rows(table)
            sheet = tablib.Dataset(*rows, headers=header, title=table.title)
            book.add_sheet(sheet)
        return book.export("xlsx", escape=True)


def raw_export(period, kind):
    """The period's contacts, one row each, as the admin's export writes them."""
    dataset = ContactResource().export(
        queryset=contacts_in(period), force_native_type=kind == "xlsx"
    )
    if kind == "xlsx":
        return dataset.export("xlsx", escape=True)
    return "\ufeff" + dataset.export("csv", delimiter=";", lineterminator="\r\n")
