"""The iCalendar feeds, parsed back with the icalendar library and compared with the schedule."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from schedule.models import Closure, DateChange, Theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tuesday_24_november_2026")]
VIENNA = ZoneInfo("Europe/Vienna")
D = datetime.date


def feed(client, url="/thementage.ics"):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    found = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "a UID appears twice"
    return found


def test_feed_covers_a_year_ahead_with_a_vienna_timezone(client, demo):
    calendar = feed(client)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Vienna"]
    starts = sorted(event.decoded("DTSTART") for event in calendar.walk("VEVENT"))
    assert starts[0].date() <= D(2026, 10, 28)  # a month back, for calendars that lag
    assert starts[-1].date() >= D(2027, 11, 17)  # at least twelve months ahead
    theme_days = [e for e in calendar.walk("VEVENT") if e.decoded("DTSTART").weekday() == 3]
    assert len(theme_days) == len({e.decoded("DTSTART").date() for e in theme_days})


def test_events_keep_wall_clock_time_across_daylight_saving(client, demo):
    found = events(feed(client))
    seniors = Theme.objects.get(slug="seniorinnen")
    winter = found[f"theme-{seniors.pk}-20270211@localhost"]
    summer = found[f"theme-{seniors.pk}-20270408@localhost"]
    for event, offset in ((winter, 1), (summer, 2)):
        starts, ends = event.decoded("DTSTART"), event.decoded("DTEND")
        assert (starts.hour, ends.hour) == (14, 16)
        assert starts.utcoffset() == datetime.timedelta(hours=offset)
        assert event["DTSTART"].params["TZID"] == "Europe/Vienna"
    assert str(winter["SUMMARY"]) == "Senior*innen"
    assert "Pflegedrehscheibe Bezirk Leibnitz" in str(winter["DESCRIPTION"])
    assert "Grazer Gasse 2" in str(winter["LOCATION"])
    assert str(winter["URL"]) == "http://testserver/thementage/seniorinnen/"


def test_cancelled_dates_stay_in_the_feed_marked_cancelled(client, demo):
    found = events(feed(client))
    family = Theme.objects.get(slug="kind-jugend-familie")
    # 6 May 2027 is Christi Himmelfahrt, a first Thursday.
    holiday = found[f"theme-{family.pk}-20270506@localhost"]
    assert str(holiday["STATUS"]) == "CANCELLED"
    assert "Christi Himmelfahrt" in str(holiday["DESCRIPTION"])
    assert str(found[f"theme-{family.pk}-20261203@localhost"]["STATUS"]) == "CONFIRMED"


def test_uids_stay_when_a_date_is_moved_and_the_host_differs(client, demo):
    seniors = Theme.objects.get(slug="seniorinnen")
    uid = f"theme-{seniors.pk}-20261210@localhost"
    before = events(feed(client))[uid]
    DateChange.objects.create(theme=seniors, day=D(2026, 12, 10), moved_to=D(2026, 12, 11))
    client.defaults["HTTP_HOST"] = "127.0.0.1"
    after = events(feed(client))[uid]
    assert before.decoded("DTSTART").date() == D(2026, 12, 10)
    assert after.decoded("DTSTART") == datetime.datetime(2026, 12, 11, 14, tzinfo=VIENNA)
    assert str(after["STATUS"]) == "CONFIRMED"


def test_a_date_moved_beyond_the_feeds_year_is_still_in_it_once(client, demo):
    # The feed runs to Thursday 25 November 2027, the 4th Thursday; it moves into December.
    refugees = Theme.objects.get(slug="gefluechtete-migrantinnen")
    DateChange.objects.create(theme=refugees, day=D(2027, 11, 25), moved_to=D(2027, 12, 1))
    moved = events(feed(client))[f"theme-{refugees.pk}-20271125@localhost"]
    assert moved.decoded("DTSTART") == datetime.datetime(2027, 12, 1, 14, tzinfo=VIENNA)
    assert str(moved["STATUS"]) == "CONFIRMED"


def test_a_closure_cancels_in_the_feed_with_its_reason(client, demo):
    Closure.objects.create(
        first_day=D(2026, 12, 21), last_day=D(2027, 1, 8), reason="Weihnachtspause"
    )
    found = events(feed(client))
    cancelled = [e for e in found.values() if str(e["STATUS"]) == "CANCELLED"]
    days = {e.decoded("DTSTART").date() for e in cancelled}
    assert {D(2026, 12, 24), D(2026, 12, 31), D(2027, 1, 7)} <= days
    assert all(
        "Weihnachtspause" in str(e["DESCRIPTION"])
        for e in cancelled
        if e.decoded("DTSTART").date() == D(2026, 12, 24)
    )


def test_theme_feed_has_only_that_theme(client, demo):
    calendar = feed(client, "/thementage/frauen-maedchen.ics")
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert summaries == {"Frauen und Mädchen"}
    # Fifth Thursdays from a month back (late October 2026) to November 2027.
    days = sorted(event.decoded("DTSTART").date() for event in calendar.walk("VEVENT"))
    assert days == [
        D(2026, 10, 29),
        D(2026, 12, 31),
        D(2027, 4, 29),
        D(2027, 7, 29),
        D(2027, 9, 30),
    ]


def test_unknown_theme_feed_is_404(client, demo):
    assert client.get("/thementage/gibts-nicht.ics").status_code == 404


def test_a_theme_without_dates_still_gives_a_valid_calendar(client, demo):
    Theme.objects.filter(slug="seniorinnen").update(valid_until=D(2025, 12, 31))
    calendar = feed(client, "/thementage/seniorinnen.ics")
    assert calendar.walk("VEVENT") == []
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Vienna"]


def test_programme_page_links_the_feed_for_subscribing(client, demo):
    html = client.get("/thementage/").content.decode()
    assert 'href="webcal://testserver/thementage.ics"' in html
    assert 'href="/thementage.ics" download' in html
