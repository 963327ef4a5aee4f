"""The public schedule pages at a fixed moment, with holidays, closures and changed dates."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from schedule.models import Closure, DateChange, Theme
from sozialinfo.models import InfoPoint
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tuesday_24_november_2026")]
VIENNA = ZoneInfo("Europe/Vienna")
D = datetime.date


def text(response):
    """The page's visible text with tags removed and whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", response.content.decode(), flags=re.S)
    words = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return re.sub(r" ([,.:;)])", r"\1", words)


def test_programme_shows_the_next_twelve_months_grouped(client, demo):
    page = text(client.get("/thementage/"))
    for month in ("November 2026", "Dezember 2026", "Oktober 2027"):
        assert month in page
    assert "Dezember 2027" not in page
    assert "Donnerstag, 26. November, 14:00–16:00 Uhr Geflüchtete und Migrant*innen" in page
    assert "Vor Ort: ZEBRA" in page


def test_holidays_on_thursdays_stay_visible_struck_through(client, demo):
    response = client.get("/thementage/")
    # Christi Himmelfahrt 2027 is Thursday 6 May, Fronleichnam Thursday 27 May.
    page = text(response)
    assert "Donnerstag, 6. Mai, 14:00–16:00 Uhr entfällt – Feiertag (Christi Himmelfahrt)" in page
    assert "Donnerstag, 27. Mai, 14:00–16:00 Uhr entfällt – Feiertag (Fronleichnam)" in page
    assert re.search(
        r'<del><time datetime="2027-05-06T14:00:00\+02:00">', response.content.decode()
    )


def test_a_closure_and_a_cancelled_date_show_their_reasons(client, demo):
    Closure.objects.create(first_day=D(2027, 7, 26), last_day=D(2027, 8, 13), reason="Sommerpause")
    seniors = Theme.objects.get(slug="seniorinnen")
    DateChange.objects.create(
        theme=seniors, day=D(2026, 12, 10), is_cancelled=True, reason="Krankheit"
    )
    page = text(client.get("/thementage/"))
    assert "Donnerstag, 10. Dezember, 14:00–16:00 Uhr entfällt – Krankheit" in page
    assert "Donnerstag, 29. Juli, 14:00–16:00 Uhr entfällt – Sommerpause" in page
    assert "Donnerstag, 12. August, 14:00–16:00 Uhr entfällt – Sommerpause" in page


def test_a_moved_date_shows_on_its_new_day_with_its_old_one(client, demo):
    seniors = Theme.objects.get(slug="seniorinnen")
    change = DateChange.objects.create(
        theme=seniors, day=D(2026, 12, 10), moved_to=D(2026, 12, 11), reason="diesmal am Freitag"
    )
    change.organisations.add(factories.organisation("Volkshilfe"))
    page = text(client.get("/thementage/"))
    assert "Freitag, 11. Dezember, 14:00–16:00 Uhr verschoben vom Donnerstag, 10. Dezember" in page
    assert "diesmal am Freitag" in page and "Vor Ort: Volkshilfe" in page
    assert (
        "Donnerstag, 10. Dezember, 14:00–16:00 Uhr verschoben auf Freitag, 11. Dezember, "
        "14:00–16:00 Uhr Senior*innen"
    ) in page


def test_a_date_moved_into_the_next_month_shows_in_both_calendars(client, demo):
    refugees = Theme.objects.get(slug="gefluechtete-migrantinnen")
    DateChange.objects.create(
        theme=refugees,
        day=D(2027, 1, 28),
        moved_to=D(2027, 2, 2),
        starts=datetime.time(10),
        ends=datetime.time(12),
    )
    january = client.get("/thementage/", {"monat": "2027-01"})
    html = january.content.decode()
    assert re.search(r'day-number">28<.*?<del>Geflüchtete und Migrant\*innen</del>', html, re.S)
    assert "verschoben auf 2. 2." in text(january)
    assert "verschoben auf Dienstag, 2. Februar, 10:00–12:00 Uhr" in text(january)
    february = text(client.get("/thementage/", {"monat": "2027-02"}))
    assert "Dienstag, 2. Februar, 10:00–12:00 Uhr verschoben vom Donnerstag, 28. Jänner" in february


def test_filter_by_theme_keeps_only_its_dates(client, demo):
    page = text(client.get("/thementage/?thema=seniorinnen&thema=frauen-maedchen"))
    assert "Senior*innen" in page and "Frauen und Mädchen" in page
    dates = re.findall(r"Donnerstag, \d+\. \w+, 14:00–16:00 Uhr (Senior\*innen|Frauen)", page)
    assert set(dates) == {"Senior*innen", "Frauen"}
    assert "Donnerstag, 26. November" not in page  # a 4th Thursday


def test_unknown_theme_is_explained_and_all_dates_shown(client, demo):
    response = client.get("/thementage/?thema=gibts-nicht")
    assert response.status_code == 400
    page = text(response)
    assert "Das Thema „gibts-nicht“ gibt es nicht (mehr)." in page
    assert "Donnerstag, 26. November" in page


@pytest.mark.parametrize("month", ["2026-13", "Dezember", "2026-12-01", "9" * 40, "0000-01"])
def test_bad_month_gets_a_clear_message(client, demo, month):
    response = client.get("/thementage/", {"monat": month})
    assert response.status_code == 400
    assert "Bitte geben Sie einen Monat in der Form 2026-12 an (Jahr-Monat)." in text(response)


@pytest.mark.parametrize("month", ["1999-12", "2100-01", "9999-12", "0001-01"])
def test_month_out_of_range_gets_a_clear_message(client, demo, month):
    response = client.get("/thementage/", {"monat": month})
    assert response.status_code == 400
    assert "Bitte wählen Sie einen Monat zwischen 2000 und 2099." in text(response)


def test_month_view_has_a_calendar_grid_and_the_closed_days(client, demo):
    response = client.get("/thementage/?monat=2026-12")
    assert response.status_code == 200
    html = response.content.decode()
    page = text(response)
    assert "Programm Dezember 2026" in page
    assert html.count('<td class="busy">') == 10  # five Thursdays and five Wednesdays (StoP)
    assert "Dienstag, 8. Dezember 2026: Feiertag (Mariä Empfängnis)" in page
    assert 'href="?monat=2026-11"' in html and 'href="?monat=2027-01"' in html


def test_month_view_keeps_the_theme_filter(client, demo):
    response = client.get("/thementage/?thema=seniorinnen&monat=2027-01")
    html = response.content.decode()
    assert html.count('<td class="busy">') == 1
    assert 'href="?thema=seniorinnen&amp;monat=2027-02"' in html


def test_theme_page_lists_partners_contacts_and_dates(client, demo):
    theme = Theme.objects.get(slug="seniorinnen")
    org = theme.organisations.get()
    theme.contact_people.add(
        org.contact_people.create(name="Maria Muster", role="Pflegeberaterin", phone="03452 1")
    )
    response = client.get("/thementage/seniorinnen/")
    page = text(response)
    assert f'href="{org.get_absolute_url()}"' in response.content.decode()
    assert "Maria Muster, Pflegeberaterin (Pflegedrehscheibe Bezirk Leibnitz)" in page
    assert "Donnerstag, 10. Dezember, 14:00–16:00 Uhr" in page
    assert 'href="webcal://testserver/thementage/seniorinnen.ics"' in response.content.decode()


def test_opening_hours_page_lists_the_next_closures(client, demo):
    Closure.objects.create(
        first_day=D(2026, 12, 24), last_day=D(2027, 1, 6), reason="Weihnachtspause"
    )
    page = text(client.get("/oeffnungszeiten/"))
    assert "Dienstag, 8. Dezember 2026: Feiertag (Mariä Empfängnis)" in page
    assert "24. Dezember bis 6. Jänner 2027: Weihnachtspause" in page
    assert "Jetzt geöffnet" not in page and "öffnet wieder heute, 14:00 Uhr" in page


def test_closed_on_christmas_eve_when_the_redaktion_says_so(client, demo):
    InfoPoint.objects.filter(pk=1).update(closed_dec_24_31=True)
    page = text(client.get("/thementage/"))
    assert "Donnerstag, 24. Dezember, 14:00–16:00 Uhr entfällt – Feiertag (Heiliger Abend)" in page
    assert "Donnerstag, 31. Dezember, 14:00–16:00 Uhr entfällt – Feiertag (Silvester)" in page


def test_english_page_names_holidays_in_english(client, demo):
    page = text(client.get("/en/thementage/"))
    assert "cancelled – Public holiday (Ascension Day)" in page
