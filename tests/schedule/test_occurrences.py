import datetime
from zoneinfo import ZoneInfo

import pytest

from schedule import occurrences
from schedule.models import Ordinal
from tests import factories

VIENNA = ZoneInfo("Europe/Vienna")
D = datetime.date


def at(*args):
    return datetime.datetime(*args, tzinfo=VIENNA)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("ordinal", "first", "last", "expected"),
    [
        # 2026: Thursdays of December are 3, 10, 17, 24, 31.
        (1, D(2026, 12, 1), D(2026, 12, 31), [D(2026, 12, 3)]),
        (2, D(2026, 12, 1), D(2026, 12, 31), [D(2026, 12, 10)]),
        (4, D(2026, 12, 1), D(2026, 12, 31), [D(2026, 12, 24)]),
        (5, D(2026, 12, 1), D(2026, 12, 31), [D(2026, 12, 31)]),
        (Ordinal.LAST, D(2026, 12, 1), D(2026, 12, 31), [D(2026, 12, 31)]),
        # February 2027 has four Thursdays: no fifth, and never a fallback to the fourth.
        (5, D(2027, 2, 1), D(2027, 2, 28), []),
        (Ordinal.LAST, D(2027, 2, 1), D(2027, 2, 28), [D(2027, 2, 25)]),
        # A month starting on a Thursday: the 1st is the first Thursday.
        (1, D(2026, 10, 1), D(2026, 10, 31), [D(2026, 10, 1)]),
        # Months with five Thursdays in 2027: April, July, September, December.
        (
            5,
            D(2027, 1, 1),
            D(2027, 12, 31),
            [D(2027, 4, 29), D(2027, 7, 29), D(2027, 9, 30), D(2027, 12, 30)],
        ),
        # Leap day 2024 was a Thursday, the fifth of February.
        (5, D(2024, 2, 1), D(2024, 2, 29), [D(2024, 2, 29)]),
    ],
)
def test_theme_falls_on_the_nth_thursday(ordinal, first, last, expected):
    theme = factories.theme(ordinal)
    assert [occ.day for occ in occurrences.occurrences(first, last)] == expected
    assert all(occ.theme == theme for occ in occurrences.occurrences(first, last))


@pytest.mark.django_db
def test_theme_days_respect_valid_from_and_until():
    factories.theme(1, valid_from=D(2022, 2, 3), valid_until=D(2022, 4, 30))
    days = [occ.day for occ in occurrences.occurrences(D(2022, 1, 1), D(2022, 6, 30))]
    assert days == [D(2022, 2, 3), D(2022, 3, 3), D(2022, 4, 7)]


@pytest.mark.django_db
def test_wall_clock_time_holds_across_daylight_saving():
    factories.theme(4)  # 26 Feb in winter time, 23 Apr in summer time (switch on 29 March)
    winter, summer = occurrences.occurrences(D(2026, 2, 1), D(2026, 4, 30))[0::2]
    assert winter.starts == at(2026, 2, 26, 14) and winter.starts.utcoffset().seconds == 3600
    assert summer.starts == at(2026, 4, 23, 14) and summer.starts.utcoffset().seconds == 7200
    assert summer.starts.astimezone(VIENNA).hour == 14


@pytest.mark.django_db
def test_all_five_thursdays_of_a_month_have_a_theme_in_order():
    for ordinal in range(1, 6):
        factories.theme(ordinal)
    found = occurrences.occurrences(D(2026, 12, 1), D(2026, 12, 31))
    assert [(occ.day.day, occ.theme.ordinal) for occ in found] == [
        (3, 1),
        (10, 2),
        (17, 3),
        (24, 4),
        (31, 5),
    ]


@pytest.mark.django_db
def test_upcoming_starts_with_a_theme_day_still_running():
    factories.theme(4)
    now = at(2026, 11, 26, 15, 30)
    assert occurrences.upcoming(now=now, limit=1)[0].starts == at(2026, 11, 26, 14)
    later = at(2026, 11, 26, 16, 0)
    assert occurrences.upcoming(now=later, limit=1)[0].starts == at(2026, 12, 24, 14)


@pytest.mark.django_db
def test_by_month_groups_dates():
    for ordinal in (1, 5):
        factories.theme(ordinal)
    months = occurrences.by_month(occurrences.occurrences(D(2026, 11, 1), D(2026, 12, 31)))
    assert [(month, [occ.day.day for occ in occs]) for month, occs in months] == [
        (D(2026, 11, 1), [5]),
        (D(2026, 12, 1), [3, 31]),
    ]


@pytest.fixture
def leibnitz_week(db):
    """Mon and Fri 09–13, Tue 14–18, Thursday theme days 14–16 (all five)."""
    factories.hours(0, (9,), (13,))
    factories.hours(1, (14,), (18,))
    factories.hours(4, (9,), (13,))
    for ordinal in range(1, 6):
        factories.theme(ordinal)


@pytest.mark.parametrize(
    ("now", "is_open", "closes_at", "next_opening"),
    [
        # Tuesday 24 November 2026
        (at(2026, 11, 24, 13, 59), False, None, at(2026, 11, 24, 14)),
        (at(2026, 11, 24, 14, 0), True, at(2026, 11, 24, 18), None),
        (at(2026, 11, 24, 17, 59), True, at(2026, 11, 24, 18), None),
        (at(2026, 11, 24, 18, 0), False, None, at(2026, 11, 26, 14)),
        # Thursday: theme day window
        (at(2026, 11, 26, 15, 0), True, at(2026, 11, 26, 16), None),
        (at(2026, 11, 26, 16, 0), False, None, at(2026, 11, 27, 9)),
        # Friday afternoon: next is Monday morning
        (at(2026, 11, 27, 13, 0), False, None, at(2026, 11, 30, 9)),
        (at(2026, 11, 28, 10, 0), False, None, at(2026, 11, 30, 9)),
        (at(2026, 11, 30, 9, 0), True, at(2026, 11, 30, 13), None),
    ],
)
def test_opening_state_at_the_edges(leibnitz_week, now, is_open, closes_at, next_opening):
    state = occurrences.opening_state(now)
    assert (state.is_open, state.closes_at, state.next_opening) == (
        is_open,
        closes_at,
        next_opening,
    )


def test_opening_state_names_the_theme_of_a_theme_day(leibnitz_week):
    state = occurrences.opening_state(at(2026, 11, 26, 14, 30))
    assert [theme.ordinal for theme in state.themes] == [4]


def test_opening_state_is_closed_without_any_hours(db):
    assert occurrences.opening_state(at(2026, 11, 24, 10)) == occurrences.OpeningState(False)


def test_regular_week_lists_all_days(leibnitz_week):
    week = dict(occurrences.regular_week(D(2026, 11, 24)))
    assert week["Montag"] == [(datetime.time(9), datetime.time(13), "")]
    assert week["Donnerstag"] == [(datetime.time(14), datetime.time(16), "Thementag")]
    assert week["Mittwoch"] == [] and week["Sonntag"] == []


def test_every_thursday_is_a_theme_day_exactly_once(leibnitz_week):
    first, last = D(2026, 1, 1), D(2027, 12, 31)
    thursdays = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    thursdays = [day for day in thursdays if day.weekday() == 3]
    assert [occ.day for occ in occurrences.occurrences(first, last)] == thursdays


@pytest.mark.django_db
def test_occurrences_use_a_fixed_number_of_queries(django_assert_max_num_queries):
    for ordinal in range(1, 6):
        factories.theme(ordinal, organisations=[factories.organisation() for _ in range(3)])
    with django_assert_max_num_queries(7):
        found = occurrences.occurrences(D(2026, 1, 1), D(2027, 12, 31))
        partners = {org.name for occ in found for org in occ.organisations}
    assert len(partners) == 15
