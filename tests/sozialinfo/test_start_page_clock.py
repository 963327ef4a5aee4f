"""The start page at fixed moments: the real opening state and the right theme days."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

pytestmark = pytest.mark.django_db
VIENNA = ZoneInfo("Europe/Vienna")


def start_page_at(client, *moment):
    with time_machine.travel(datetime.datetime(*moment, tzinfo=VIENNA), tick=False):
        return client.get("/")


def state_text(response):
    html = response.content.decode()
    start = html.index('<p class="state')
    return " ".join(html[start : html.index("</p>", start)].split())


def test_open_on_tuesday_afternoon(client, demo):
    text = state_text(start_page_at(client, 2026, 11, 24, 15, 0))
    assert "<strong>Jetzt geöffnet</strong> bis 18:00 Uhr" in text


def test_closed_on_friday_afternoon_opens_monday(client, demo):
    text = state_text(start_page_at(client, 2026, 11, 27, 13, 30))
    assert "<strong>Geschlossen</strong> – öffnet wieder Montag, 09:00 Uhr" in text


def test_closed_on_wednesday_opens_on_the_theme_day(client, demo):
    text = state_text(start_page_at(client, 2026, 11, 25, 10, 0))
    assert "öffnet wieder morgen, 14:00 Uhr" in text
    assert "Nächster Thementag:" in text and "Geflüchtete und Migrant*innen" in text


def test_december_2026_has_a_fifth_theme_day(client, demo):
    response = start_page_at(client, 2026, 11, 27, 9, 0)
    days = [
        (occ.starts.date().isoformat(), occ.theme.name) for occ in response.context["theme_days"]
    ]
    assert days == [
        ("2026-12-03", "Kind/Jugend/Familie"),
        ("2026-12-10", "Senior*innen"),
        ("2026-12-17", "Menschen mit Behinderung/Beeinträchtigung"),
        ("2026-12-24", "Geflüchtete und Migrant*innen"),
        ("2026-12-31", "Frauen und Mädchen"),
    ]
    html = response.content.decode()
    assert (
        "Donnerstag, 31. Dezember" in html and "Verein Freiraum – Frauenberatung Leibnitz" in html
    )


def test_february_2027_has_no_fifth_theme_day(client, demo):
    response = start_page_at(client, 2027, 1, 29, 9, 0)
    days = [
        (occ.starts.date().isoformat(), occ.theme.ordinal) for occ in response.context["theme_days"]
    ]
    assert days == [
        ("2027-02-04", 1),
        ("2027-02-11", 2),
        ("2027-02-18", 3),
        ("2027-02-25", 4),
        ("2027-03-04", 1),
    ]


def test_english_dates_use_english_order(client, demo):
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, tzinfo=VIENNA), tick=False):
        html = client.get("/en/").content.decode()
    assert "Thursday, 3 December" in html and "14:00–16:00" in html
