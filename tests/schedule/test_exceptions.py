"""Exceptions to the rules: public holidays, held holidays, closures and changes of single dates.

Every date below was checked against Python's calendar and holidays 0.86 (AT, Steiermark).
"""

import calendar
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schedule import occurrences
from schedule.models import Ordinal
from tests import factories

VIENNA = ZoneInfo("Europe/Vienna")
D = datetime.date
T = datetime.time
NOV_2026 = (D(2026, 11, 1), D(2026, 11, 30))
DEC_2026 = (D(2026, 12, 1), D(2026, 12, 31))
JAN_2027 = (D(2027, 1, 1), D(2027, 1, 31))


def at(*args):
    return datetime.datetime(*args, tzinfo=VIENNA)


def month(year, number):
    """The first and the last day of a month."""
    return D(year, number, 1), D(year, number, calendar.monthrange(year, number)[1])


def state(now):
    found = occurrences.opening_state(now)
    return (found.is_open, found.closes_at, found.next_opening)


def open_until(*args):
    return (True, at(*args), None)


def closed_until(*args):
    return (False, None, at(*args))


def listed(first, last):
    """What the public date list shows: (day, why it is cancelled or "")."""
    return [(occ.day, occ.cancelled) for occ in occurrences.occurrences(first, last)]


@pytest.fixture
def week(db):
    """Mon and Fri 09–13, Tue 14–18, a theme day 14–16 on each of the five Thursdays."""
    factories.hours(0, (9,), (13,))
    factories.hours(1, (14,), (18,))
    factories.hours(4, (9,), (13,))
    return {ordinal: factories.theme(ordinal) for ordinal in range(1, 6)}


# --- public holidays -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "ordinal", "name"),
    [
        (D(2026, 5, 14), 2, "Christi Himmelfahrt"),
        (D(2026, 6, 4), 1, "Fronleichnam"),
        (D(2027, 5, 6), 1, "Christi Himmelfahrt"),
        (D(2027, 5, 27), 4, "Fronleichnam"),
        (D(2027, 5, 27), Ordinal.LAST, "Fronleichnam"),
        (D(2028, 5, 25), 4, "Christi Himmelfahrt"),
        (D(2028, 6, 15), 3, "Fronleichnam"),
        (D(2028, 1, 6), 1, "Heilige Drei Könige"),
        (D(2028, 10, 26), Ordinal.LAST, "Nationalfeiertag"),
    ],
)
def test_a_holiday_on_a_thursday_cancels_the_theme_day_but_keeps_it_listed(day, ordinal, name):
    assert day.weekday() == 3
    factories.theme(ordinal)
    found = occurrences.occurrences(*month(day.year, day.month))
    assert [occ.day for occ in found] == [day]
    assert found[0].is_cancelled
    assert found[0].cancelled == f"Feiertag ({name})"


@pytest.mark.django_db
def test_only_the_holiday_thursday_is_cancelled_in_a_weekly_rule():
    factories.theme(Ordinal.EVERY)
    assert listed(D(2026, 5, 1), D(2026, 6, 11)) == [
        (D(2026, 5, 7), ""),
        (D(2026, 5, 14), "Feiertag (Christi Himmelfahrt)"),
        (D(2026, 5, 21), ""),
        (D(2026, 5, 28), ""),
        (D(2026, 6, 4), "Feiertag (Fronleichnam)"),
        (D(2026, 6, 11), ""),
    ]


@pytest.mark.django_db
def test_upcoming_lists_a_cancelled_holiday_date():
    factories.theme(2)
    soonest = occurrences.upcoming(now=at(2026, 5, 1, 10), limit=1)
    assert [(occ.day, occ.cancelled) for occ in soonest] == [
        (D(2026, 5, 14), "Feiertag (Christi Himmelfahrt)")
    ]


@pytest.mark.parametrize(
    ("held", "now", "expected"),
    [
        # Tuesday 8 December 2026 is Mariä Empfängnis: Monday evening the next opening is
        # Thursday's theme day, not Tuesday's regular hours.
        ((), at(2026, 12, 7, 19), closed_until(2026, 12, 10, 14)),
        ((), at(2026, 12, 8, 14), closed_until(2026, 12, 10, 14)),
        ((), at(2026, 12, 8, 15, 30), closed_until(2026, 12, 10, 14)),
        # Held anyway: Tuesday opens as usual.
        ((D(2026, 12, 8),), at(2026, 12, 7, 19), closed_until(2026, 12, 8, 14)),
        ((D(2026, 12, 8),), at(2026, 12, 8, 14), open_until(2026, 12, 8, 18)),
        # Thursday 14 May 2026, Christi Himmelfahrt, the second Thursday.
        ((), at(2026, 5, 14, 14), closed_until(2026, 5, 15, 9)),
        ((D(2026, 5, 14),), at(2026, 5, 13, 20), closed_until(2026, 5, 14, 14)),
        ((D(2026, 5, 14),), at(2026, 5, 14, 14), open_until(2026, 5, 14, 16)),
        # Holding one holiday does not hold another.
        ((D(2026, 5, 14),), at(2026, 6, 3, 20), closed_until(2026, 6, 5, 9)),
    ],
)
def test_the_office_is_closed_on_a_holiday_unless_it_is_held(week, held, now, expected):
    for day in held:
        factories.held_holiday(day)
    assert state(now) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("held", "expected"),
    [
        (
            (),
            [
                (D(2026, 5, 14), "Feiertag (Christi Himmelfahrt)"),
                (D(2026, 6, 4), "Feiertag (Fronleichnam)"),
            ],
        ),
        ((D(2026, 5, 14),), [(D(2026, 5, 14), ""), (D(2026, 6, 4), "Feiertag (Fronleichnam)")]),
        ((D(2026, 5, 14), D(2026, 6, 4)), [(D(2026, 5, 14), ""), (D(2026, 6, 4), "")]),
    ],
)
def test_a_held_holiday_brings_back_the_theme_day(held, expected):
    factories.theme(2)  # 14 May 2026
    factories.theme(1)  # 4 June 2026
    for day in held:
        factories.held_holiday(day)
    assert [
        entry
        for entry in listed(D(2026, 5, 1), D(2026, 6, 30))
        if entry[0] in (D(2026, 5, 14), D(2026, 6, 4))
    ] == expected


@pytest.mark.parametrize(
    ("held", "expected"),
    [
        (
            (),
            [
                (D(2026, 12, 8), D(2026, 12, 8), "Feiertag (Mariä Empfängnis)"),
                (D(2026, 12, 25), D(2026, 12, 25), "Feiertag (Christtag)"),
            ],
        ),
        ((D(2026, 12, 8),), [(D(2026, 12, 25), D(2026, 12, 25), "Feiertag (Christtag)")]),
    ],
)
def test_closed_spans_list_holidays_on_opening_days_but_not_held_ones(week, held, expected):
    for day in held:
        factories.held_holiday(day)
    spans = occurrences.Schedule(*DEC_2026).closed_spans()
    assert [(span.first, span.last, span.reason) for span in spans] == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("closed_dec_24_31", "held", "expected"),
    [
        (False, (), [(D(2026, 12, 24), ""), (D(2026, 12, 31), "")]),
        (
            True,
            (),
            [
                (D(2026, 12, 24), "Feiertag (Heiliger Abend)"),
                (D(2026, 12, 31), "Feiertag (Silvester)"),
            ],
        ),
        (
            True,
            (D(2026, 12, 31),),
            [(D(2026, 12, 24), "Feiertag (Heiliger Abend)"), (D(2026, 12, 31), "")],
        ),
    ],
)
def test_closed_on_24_and_31_december_cancels_those_theme_days(closed_dec_24_31, held, expected):
    factories.info_point(closed_dec_24_31=closed_dec_24_31)
    factories.theme(4)  # Thursday 24 December 2026
    factories.theme(5)  # Thursday 31 December 2026
    for day in held:
        factories.held_holiday(day)
    assert listed(D(2026, 12, 20), D(2026, 12, 31)) == expected


@pytest.mark.parametrize(
    ("closed_dec_24_31", "now", "expected"),
    [
        # Friday 24 December 2027 is a regular opening day (09–13).
        (False, at(2027, 12, 24, 9), open_until(2027, 12, 24, 13)),
        (True, at(2027, 12, 24, 9), closed_until(2027, 12, 27, 9)),
        # Friday 31 December 2027.
        (False, at(2027, 12, 30, 20), closed_until(2027, 12, 31, 9)),
        (True, at(2027, 12, 30, 20), closed_until(2028, 1, 3, 9)),
    ],
)
def test_closed_on_24_and_31_december_closes_the_office(week, closed_dec_24_31, now, expected):
    factories.info_point(closed_dec_24_31=closed_dec_24_31)
    assert state(now) == expected


# No test compares states (holiday_region): in holidays 0.86 the public holidays of all nine
# Austrian states are identical. The state patron days (Hl. Josef 19 March in Styria, Hl. Leopold
# 15 November in Vienna) exist only in the "bank" category, which schedule.occurrences does not use.


# --- closures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("closes_office", "cancels_themes", "theme_days", "after_24_dec", "on_5_jan"),
    [
        (
            True,
            True,
            [
                (D(2026, 12, 24), ""),
                (D(2026, 12, 31), "Weihnachtspause"),
                (D(2027, 1, 7), "Weihnachtspause"),
                (D(2027, 1, 14), ""),
            ],
            closed_until(2027, 1, 11, 9),
            closed_until(2027, 1, 11, 9),
        ),
        (
            True,
            False,
            [
                (D(2026, 12, 24), ""),
                (D(2026, 12, 31), ""),
                (D(2027, 1, 7), ""),
                (D(2027, 1, 14), ""),
            ],
            closed_until(2026, 12, 31, 14),
            closed_until(2027, 1, 7, 14),
        ),
        (
            False,
            True,
            [
                (D(2026, 12, 24), ""),
                (D(2026, 12, 31), "Weihnachtspause"),
                (D(2027, 1, 7), "Weihnachtspause"),
                (D(2027, 1, 14), ""),
            ],
            closed_until(2026, 12, 28, 9),
            open_until(2027, 1, 5, 18),
        ),
    ],
)
def test_a_closure_across_the_year_end(
    week, closes_office, cancels_themes, theme_days, after_24_dec, on_5_jan
):
    factories.closure(
        D(2026, 12, 28),
        D(2027, 1, 8),
        "Weihnachtspause",
        closes_office=closes_office,
        cancels_themes=cancels_themes,
    )
    # Each month on its own, as the monthly calendar asks for them.
    shown = listed(*DEC_2026) + listed(*JAN_2027)
    assert [entry for entry in shown if entry[0] >= D(2026, 12, 24)][:4] == theme_days
    assert state(at(2026, 12, 24, 16)) == after_24_dec
    assert state(at(2027, 1, 5, 15)) == on_5_jan


@pytest.mark.parametrize("span", [DEC_2026, JAN_2027])
def test_a_closure_across_the_year_end_is_announced_in_both_months(week, span):
    factories.closure(D(2026, 12, 28), D(2027, 1, 8), "Weihnachtspause")
    spans = occurrences.Schedule(*span).closed_spans()
    assert (D(2026, 12, 28), D(2027, 1, 8), "Weihnachtspause") in [
        (found.first, found.last, found.reason) for found in spans
    ]


# --- changes of single dates -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_moved_date_shows_on_its_new_day_and_keeps_its_identity():
    theme = factories.theme(2)
    (before,) = occurrences.occurrences(*DEC_2026)
    factories.date_change(
        theme, D(2026, 12, 10), moved_to=D(2026, 12, 9), reason="diesmal am Mittwoch"
    )
    moved, away = occurrences.occurrences(*DEC_2026)
    assert (moved.day, moved.rule_day, moved.is_moved) == (D(2026, 12, 9), D(2026, 12, 10), True)
    # The rule day still says where the date went, and does not open the office.
    assert (away.day, away.moved, away.takes_place) == (D(2026, 12, 10), moved, False)
    assert (moved.starts, moved.ends) == (at(2026, 12, 9, 14), at(2026, 12, 9, 16))
    assert moved.uid == before.uid == f"theme-{theme.pk}-20261210"
    assert (moved.cancelled, moved.note) == ("", "diesmal am Mittwoch")
    assert state(at(2026, 12, 9, 14)) == open_until(2026, 12, 9, 16)
    # The second Thursday of January 2027 is the next date.
    assert state(at(2026, 12, 10, 14)) == closed_until(2027, 1, 14, 14)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ordinal", "rule_day", "moved_to", "span", "expected"),
    [
        # (day shown, rule day, the day it moved to when the row only points there)
        (
            2,
            D(2026, 12, 10),
            D(2026, 12, 9),
            DEC_2026,
            [
                (D(2026, 12, 9), D(2026, 12, 10), None),
                (D(2026, 12, 10), D(2026, 12, 10), D(2026, 12, 9)),
            ],
        ),
        # The 4th Thursday of November moved to Tuesday 1 December shows in December ...
        (
            4,
            D(2026, 11, 26),
            D(2026, 12, 1),
            DEC_2026,
            [(D(2026, 12, 1), D(2026, 11, 26), None), (D(2026, 12, 24), D(2026, 12, 24), None)],
        ),
        # ... and November says where it went.
        (
            4,
            D(2026, 11, 26),
            D(2026, 12, 1),
            NOV_2026,
            [(D(2026, 11, 26), D(2026, 11, 26), D(2026, 12, 1))],
        ),
        # The 1st Thursday of December moved back to Monday 30 November: December points there ...
        (
            1,
            D(2026, 12, 3),
            D(2026, 11, 30),
            DEC_2026,
            [(D(2026, 12, 3), D(2026, 12, 3), D(2026, 11, 30))],
        ),
        # ... and it shows in November after November's own date.
        (
            1,
            D(2026, 12, 3),
            D(2026, 11, 30),
            NOV_2026,
            [(D(2026, 11, 5), D(2026, 11, 5), None), (D(2026, 11, 30), D(2026, 12, 3), None)],
        ),
        # Across the year end: 31 December 2026 moved to Saturday 2 January 2027.
        (
            5,
            D(2026, 12, 31),
            D(2027, 1, 2),
            JAN_2027,
            [(D(2027, 1, 2), D(2026, 12, 31), None)],
        ),
        (
            5,
            D(2026, 12, 31),
            D(2027, 1, 2),
            DEC_2026,
            [(D(2026, 12, 31), D(2026, 12, 31), D(2027, 1, 2))],
        ),
    ],
)
def test_a_moved_date_belongs_to_the_span_of_its_new_day(
    ordinal, rule_day, moved_to, span, expected
):
    theme = factories.theme(ordinal)
    factories.date_change(theme, rule_day, moved_to=moved_to)
    found = occurrences.occurrences(*span)
    shown = [(occ.day, occ.rule_day, occ.moved and occ.moved.day) for occ in found]
    assert shown == expected
    assert all(occ.uid == f"theme-{theme.pk}-{occ.rule_day:%Y%m%d}" for occ in found)


@pytest.mark.django_db
def test_upcoming_shows_a_date_moved_from_yesterday_to_next_week():
    theme = factories.theme(4)
    factories.date_change(theme, D(2026, 11, 26), moved_to=D(2026, 12, 1))
    (soonest,) = occurrences.upcoming(now=at(2026, 11, 27, 10), limit=1)
    assert (soonest.day, soonest.rule_day, soonest.starts) == (
        D(2026, 12, 1),
        D(2026, 11, 26),
        at(2026, 12, 1, 14),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("moved_to", "expected"),
    [
        # Christi Himmelfahrt moved to the Wednesday before: it takes place.
        (D(2026, 5, 13), (D(2026, 5, 13), "")),
        # Moved onto another holiday: cancelled for that holiday.
        (D(2026, 5, 25), (D(2026, 5, 25), "Feiertag (Pfingstmontag)")),
    ],
)
def test_a_moved_date_is_cancelled_only_by_a_holiday_on_its_new_day(moved_to, expected):
    theme = factories.theme(2)
    factories.date_change(theme, D(2026, 5, 14), moved_to=moved_to)
    found = occurrences.occurrences(D(2026, 5, 1), D(2026, 5, 31))
    assert [(occ.day, occ.cancelled) for occ in found if occ.moved is None] == [expected]
    # The holiday itself only points to the new day.
    (away,) = [occ for occ in found if occ.moved]
    assert (away.day, away.cancelled, away.moved.day) == (D(2026, 5, 14), "", moved_to)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "starts", "ends", "at_the_usual_time"),
    [
        (
            {"starts": T(10), "ends": T(12)},
            at(2026, 12, 10, 10),
            at(2026, 12, 10, 12),
            closed_until(2027, 1, 14, 14),
        ),
        (
            {"starts": T(15, 30), "ends": T(18)},
            at(2026, 12, 10, 15, 30),
            at(2026, 12, 10, 18),
            closed_until(2026, 12, 10, 15, 30),
        ),
        (
            {"moved_to": D(2026, 12, 9), "starts": T(9), "ends": T(11)},
            at(2026, 12, 9, 9),
            at(2026, 12, 9, 11),
            closed_until(2027, 1, 14, 14),
        ),
    ],
)
def test_a_changed_time_moves_the_date_and_the_opening(change, starts, ends, at_the_usual_time):
    theme = factories.theme(2)
    factories.date_change(theme, D(2026, 12, 10), **change)
    (occ,) = [occ for occ in occurrences.occurrences(*DEC_2026) if occ.moved is None]
    assert (occ.starts, occ.ends, occ.rule_day) == (starts, ends, D(2026, 12, 10))
    assert occ.is_moved == ("moved_to" in change)
    assert state(starts) == (True, ends, None)
    assert state(at(2026, 12, 10, 14)) == at_the_usual_time


@pytest.mark.django_db
def test_other_organisations_staff_one_date_only():
    usual = [factories.organisation("Caritas"), factories.organisation("Volkshilfe")]
    theme = factories.theme(Ordinal.EVERY, organisations=usual)
    factories.date_change(
        theme, D(2026, 12, 10), organisations=[factories.organisation("Rotes Kreuz")]
    )
    found = occurrences.occurrences(D(2026, 12, 1), D(2026, 12, 17))
    assert [(occ.day, [org.name for org in occ.organisations]) for occ in found] == [
        (D(2026, 12, 3), ["Caritas", "Volkshilfe"]),
        (D(2026, 12, 10), ["Rotes Kreuz"]),
        (D(2026, 12, 17), ["Caritas", "Volkshilfe"]),
    ]
    assert not any(occ.is_cancelled or occ.is_moved for occ in found)
    theme.refresh_from_db()
    assert [org.name for org in theme.organisations.all()] == ["Caritas", "Volkshilfe"]


@pytest.mark.django_db
def test_a_cancelled_date_shows_its_reason_and_stays_listed():
    theme = factories.theme(Ordinal.EVERY)
    factories.date_change(theme, D(2026, 12, 10), is_cancelled=True, reason="Krankheit")
    found = occurrences.occurrences(D(2026, 12, 1), D(2026, 12, 17))
    assert [(occ.day, occ.cancelled, occ.is_cancelled) for occ in found] == [
        (D(2026, 12, 3), "", False),
        (D(2026, 12, 10), "Krankheit", True),
        (D(2026, 12, 17), "", False),
    ]
    assert found[1].note == ""
    assert state(at(2026, 12, 10, 14)) == closed_until(2026, 12, 17, 14)


# --- daylight saving time --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ordinal", "day", "iso_start"),
    [
        # Summer time starts on Sunday 29 March 2026 and Sunday 28 March 2027.
        (4, D(2026, 3, 26), "2026-03-26T14:00:00+01:00"),
        (1, D(2026, 4, 2), "2026-04-02T14:00:00+02:00"),
        (1, D(2027, 4, 1), "2027-04-01T14:00:00+02:00"),
        # Winter time starts on Sunday 25 October 2026 and Sunday 31 October 2027.
        (4, D(2026, 10, 22), "2026-10-22T14:00:00+02:00"),
        (5, D(2026, 10, 29), "2026-10-29T14:00:00+01:00"),
        (1, D(2027, 11, 4), "2027-11-04T14:00:00+01:00"),
    ],
)
def test_theme_days_around_daylight_saving_start_at_14_local_time(ordinal, day, iso_start):
    factories.theme(ordinal)
    (occ,) = occurrences.occurrences(day, day)
    assert occ.starts.isoformat() == iso_start
    assert occ.ends - occ.starts == datetime.timedelta(hours=2)
    assert occ.ends.astimezone(VIENNA).hour == 16


@pytest.mark.django_db
def test_a_date_moved_across_the_change_to_summer_time_keeps_its_wall_clock_time():
    theme = factories.theme(4)
    factories.date_change(theme, D(2026, 3, 26), moved_to=D(2026, 3, 31))
    away, occ = occurrences.occurrences(D(2026, 3, 1), D(2026, 3, 31))
    assert away.moved is occ
    assert occ.starts.isoformat() == "2026-03-31T14:00:00+02:00"


@pytest.mark.parametrize(
    ("now_utc", "expected"),
    [
        # Monday 30 March 2026, the first day of summer time: 09:00 in Leibnitz is 07:00 UTC.
        (datetime.datetime(2026, 3, 30, 6, 59, tzinfo=datetime.UTC), closed_until(2026, 3, 30, 9)),
        (datetime.datetime(2026, 3, 30, 7, 0, tzinfo=datetime.UTC), open_until(2026, 3, 30, 13)),
        # Monday 26 October 2026, the first day of winter time: 09:00 is 08:00 UTC.
        # Monday 26 October 2026 is the Nationalfeiertag, so look at the Monday after.
        (datetime.datetime(2026, 11, 2, 7, 59, tzinfo=datetime.UTC), closed_until(2026, 11, 2, 9)),
        (datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC), open_until(2026, 11, 2, 13)),
    ],
)
def test_opening_hours_follow_local_time_after_daylight_saving_changes(week, now_utc, expected):
    assert state(now_utc) == expected


# --- open now, at the edges of exceptions ----------------------------------------------------


@pytest.fixture
def december_exceptions(week):
    """Week as usual; the theme day on Thu 10 Dec 2026 is cancelled; closed Tue 15–Thu 17 Dec."""
    factories.date_change(week[2], D(2026, 12, 10), is_cancelled=True, reason="Krankheit")
    factories.closure(D(2026, 12, 15), D(2026, 12, 17), "Teamklausur")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # An ordinary theme day for comparison.
        (at(2026, 12, 3, 14), open_until(2026, 12, 3, 16)),
        (at(2026, 12, 3, 16), closed_until(2026, 12, 4, 9)),
        # The cancelled theme day never opens.
        (at(2026, 12, 9, 20), closed_until(2026, 12, 11, 9)),
        (at(2026, 12, 10, 13, 59), closed_until(2026, 12, 11, 9)),
        (at(2026, 12, 10, 14), closed_until(2026, 12, 11, 9)),
        (at(2026, 12, 10, 15, 59), closed_until(2026, 12, 11, 9)),
        (at(2026, 12, 11, 9), open_until(2026, 12, 11, 13)),
        # Monday before the closure is open to its last minute.
        (at(2026, 12, 14, 12, 59), open_until(2026, 12, 14, 13)),
        (at(2026, 12, 14, 13), closed_until(2026, 12, 18, 9)),
        # During the closure: neither Tuesday's hours nor Thursday's theme day.
        (at(2026, 12, 15, 0, 0), closed_until(2026, 12, 18, 9)),
        (at(2026, 12, 15, 14), closed_until(2026, 12, 18, 9)),
        (at(2026, 12, 17, 14), closed_until(2026, 12, 18, 9)),
        (at(2026, 12, 17, 23, 59), closed_until(2026, 12, 18, 9)),
        # The day after the closure opens on the minute.
        (at(2026, 12, 18, 8, 59), closed_until(2026, 12, 18, 9)),
        (at(2026, 12, 18, 9), open_until(2026, 12, 18, 13)),
        (at(2026, 12, 18, 13), closed_until(2026, 12, 21, 9)),
    ],
)
def test_open_now_at_the_edges_of_a_cancelled_date_and_a_closure(
    december_exceptions, now, expected
):
    assert state(now) == expected


def test_the_cancelled_and_closed_dates_are_listed_with_their_reasons(december_exceptions):
    assert listed(*DEC_2026) == [
        (D(2026, 12, 3), ""),
        (D(2026, 12, 10), "Krankheit"),
        (D(2026, 12, 17), "Teamklausur"),
        (D(2026, 12, 24), ""),
        (D(2026, 12, 31), ""),
    ]


# --- a fixed number of queries ---------------------------------------------------------------


@pytest.fixture
def busy_years(db):
    """Two years of exceptions of every kind, each kind present in December 2026 too."""
    factories.info_point(holiday_region="6", closed_dec_24_31=True)
    seniors = factories.target_group()
    for ordinal in (1, 2, 3, 4, Ordinal.LAST):
        orgs = [factories.organisation() for _ in range(2)]
        for org in orgs:
            factories.contact_person(org, name=f"Person bei {org.name}")
        theme = factories.theme(
            ordinal, name=f"Regel {Ordinal(ordinal).name}", target_group=seniors
        )
        theme.organisations.set(orgs)
        theme.contact_people.set([person for org in orgs for person in org.contact_people.all()])
        for number in (1, 5, 12):
            for year in (2026, 2027):
                (day,) = occurrences.theme_dates(theme, *month(year, number))
                factories.date_change(
                    theme,
                    day,
                    moved_to=day - datetime.timedelta(days=1) if number == 5 else None,
                    is_cancelled=number == 1,
                    reason="Krankheit" if number == 1 else "",
                    organisations=[factories.organisation()] if number == 12 else [],
                )
    for first, last in [
        (D(2026, 7, 20), D(2026, 8, 14)),
        (D(2026, 12, 28), D(2027, 1, 8)),
        (D(2027, 7, 19), D(2027, 8, 13)),
    ]:
        factories.closure(first, last, "Sommerpause" if first.month == 7 else "Weihnachtspause")
    factories.closure(D(2027, 3, 11), D(2027, 3, 11), "Fortbildung", closes_office=False)
    for day in (D(2026, 12, 8), D(2027, 5, 6), D(2027, 12, 8)):
        factories.held_holiday(day)


def queries_to_show(first, last):
    """The SQL queries needed to list and show every date from first to last."""
    with CaptureQueriesContext(connection) as captured:
        shown = [
            (
                occ.uid,
                occ.cancelled,
                occ.note,
                occ.theme.target_group.name,
                [org.name for org in occ.organisations],
            )
            for occ in occurrences.occurrences(first, last)
        ]
    assert shown
    return len(captured.captured_queries)


def test_occurrences_need_the_same_few_queries_for_a_month_and_for_two_years(busy_years):
    month = queries_to_show(*DEC_2026)
    two_years = queries_to_show(D(2026, 1, 1), D(2027, 12, 31))
    # Five rules over 24 months, plus the rule days of the ten dates moved in May.
    assert len(occurrences.occurrences(D(2026, 1, 1), D(2027, 12, 31))) == 5 * 24 + 10
    assert month == two_years
    assert two_years <= 5
