"""The schedule admin as the Redaktion uses it: what is refused, what previews show, who may edit.

Dates checked against Python's calendar and holidays (AT): 10 Dec 2026 is the 2nd Thursday,
8 Dec 2026 (Mariä Empfängnis) the 2nd Tuesday of the month.
"""

import datetime
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.html import escape, strip_tags

from schedule import occurrences
from schedule.models import Closure, DateChange, OpeningHours, Theme
from sozialinfo.roles import PARTNER, REDAKTION, TEAM
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
NOW = datetime.datetime(2026, 11, 24, 10, tzinfo=ZoneInfo("Europe/Vienna"))
# Tags that start a new row of a preview, whatever markup the admin uses.
BLOCK = r"<(?:/?(?:div|li|ul|ol|p|tr)|br)\b[^>]*>"
# The database refuses overlapping windows only on PostgreSQL; the test id says which guard runs.
GUARD = "database" if connection.vendor == "postgresql" else "clean"


@pytest.fixture
def pinned():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def editor(client):
    client.force_login(factories.user("redaktion", REDAKTION))
    return client


def form_errors(response):
    assert response.status_code == 200, "the form was accepted"
    return response.context["adminform"].form.errors


def hours_form(weekday=0, starts="09:00", ends="13:00", **fields):
    return {"weekday": weekday, "starts": starts, "ends": ends, "note": "", **fields}


def theme_form(**fields):
    return {
        "kind": "theme_day",
        "name": "Wohnen",
        "slug": "wohnen",
        "ordinal": 2,
        "weekday": 3,
        "starts": "14:00",
        "ends": "16:00",
        **fields,
    }


def change_form(theme, day="2026-12-10", **fields):
    return {"theme": theme.pk, "day": day, "reason": "", **fields}


def preview(client, obj):
    """The readonly preview on a change page: its HTML and one line of text per row."""
    response = client.get(f"/admin/schedule/{obj._meta.model_name}/{obj.pk}/change/")
    assert response.status_code == 200
    [field] = [
        field
        for fieldset in response.context["adminform"]
        for line in fieldset
        for field in line
        if field.is_readonly and field.field["name"] == "preview"
    ]
    markup = str(field.contents())
    rows = [unescape(strip_tags(row)).strip() for row in re.split(BLOCK, markup)]
    return markup, [row for row in rows if row]


# --- invalid input is refused with a German message ------------------------------------------


def test_closing_before_opening_is_refused(editor):
    response = editor.post("/admin/schedule/openinghours/add/", hours_form(ends="08:00"))
    assert form_errors(response)["ends"] == ["Das Ende muss nach dem Beginn liegen."]
    assert not OpeningHours.objects.exists()


def test_an_ordinal_six_is_refused(editor):
    response = editor.post("/admin/schedule/theme/add/", theme_form(ordinal=6))
    assert "ordinal" in form_errors(response)
    assert not Theme.objects.exists()


def test_a_valid_theme_is_saved(editor):
    response = editor.post("/admin/schedule/theme/add/", theme_form())
    assert response.status_code == 302
    assert Theme.objects.get().rule_display == "jeden 2. Donnerstag im Monat"


def test_overlapping_windows_on_one_weekday_are_refused(editor):
    factories.hours(0, (9,), (13,))
    response = editor.post("/admin/schedule/openinghours/add/", hours_form(0, "12:00", "14:00"))
    [message] = form_errors(response)["__all__"]
    assert "überschneidet sich mit „Montag 09:00–13:00“" in message
    assert OpeningHours.objects.count() == 1


@pytest.mark.parametrize(
    "window",
    [
        hours_form(0, "13:00", "14:00"),
        hours_form(1, "12:00", "14:00"),
        hours_form(0, "12:00", "14:00", valid_from="01.07.2027", valid_until="31.08.2027"),
    ],
    ids=["adjacent", "other-weekday", "other-validity"],
)
def test_windows_that_do_not_overlap_are_accepted(editor, window):
    factories.hours(0, (9,), (13,), valid_until=D(2026, 12, 31))
    response = editor.post("/admin/schedule/openinghours/add/", window)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert OpeningHours.objects.count() == 2


def test_a_closure_ending_before_it_starts_is_refused(editor):
    response = editor.post(
        "/admin/schedule/closure/add/",
        {
            "first_day": "24.12.2026",
            "last_day": "23.12.2026",
            "reason": "Weihnachten",
            "closes_office": "on",
            "cancels_themes": "on",
        },
    )
    assert form_errors(response)["last_day"] == [
        "Eine Schließzeit kann nicht enden, bevor sie beginnt."
    ]
    assert not Closure.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"day": "2026-12-17"}, "day", "laut Regel nicht statt"),
        ({"is_cancelled": "on"}, "reason", "Bitte geben Sie einen Grund an"),
        ({"starts": "15:00"}, "ends", "Bitte geben Sie Beginn und Ende an"),
        ({"starts": "15:00", "ends": "14:00"}, "ends", "Das Ende muss nach dem Beginn liegen."),
    ],
    ids=["not-a-rule-day", "cancelled-without-reason", "start-without-end", "end-before-start"],
)
def test_an_invalid_date_change_is_refused(editor, fields, field, message):
    theme = factories.theme(2)
    response = editor.post("/admin/schedule/datechange/add/", change_form(theme, **fields))
    assert message in " ".join(form_errors(response)[field])
    assert not DateChange.objects.exists()


# --- the database backs the rules -----------------------------------------------------------


@pytest.mark.parametrize(
    "create",
    [
        lambda: factories.closure(D(2026, 12, 24), D(2026, 12, 23)),
        lambda: factories.closure(D(2026, 12, 24), closes_office=False, cancels_themes=False),
        lambda: factories.hours(0, (13,), (9,)),
        lambda: factories.hours(0, (9,), (9,)),
        lambda: factories.theme(6),
        lambda: factories.date_change(factories.theme(2), D(2026, 12, 10), is_cancelled=True),
        lambda: factories.date_change(factories.theme(2), D(2026, 12, 10), starts=T(15)),
    ],
    ids=[
        "closure-backwards",
        "closure-closes-nothing",
        "hours-backwards",
        "hours-empty",
        "ordinal-six",
        "cancel-without-reason",
        "start-without-end",
    ],
)
def test_the_database_refuses_what_the_forms_refuse(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize("guard", [GUARD])
def test_overlapping_windows_are_refused_by(guard):
    factories.hours(0, (9,), (13,), valid_until=D(2026, 12, 31))
    with pytest.raises(ValidationError, match="überschneidet sich"):
        OpeningHours(weekday=0, starts=T(12), ends=T(14)).full_clean()
    if guard == "database":
        with pytest.raises(IntegrityError), transaction.atomic():
            factories.hours(0, (12,), (14,))
    else:
        assert connection.vendor == "sqlite"
    # Both guards let through the same windows: adjacent, another weekday, another validity.
    for window in (
        OpeningHours(weekday=0, starts=T(8), ends=T(9)),
        OpeningHours(weekday=1, starts=T(12), ends=T(14)),
        OpeningHours(
            weekday=0,
            starts=T(12),
            ends=T(14),
            valid_from=D(2027, 7, 1),
            valid_until=D(2027, 8, 31),
        ),
    ):
        window.full_clean()
        window.save()
    assert OpeningHours.objects.count() == 4


# --- the theme preview -----------------------------------------------------------------------


def test_theme_preview_lists_the_next_dates_with_links(editor, pinned):
    theme = factories.theme(1)
    markup, rows = preview(editor, theme)
    assert len(rows) == 12  # a year of first Thursdays
    assert rows[:3] == [
        f"{day}: findet statt absagen · verschieben oder ändern"
        for day in ("Do, 3. Dez. 2026", "Do, 7. Jän. 2027", "Do, 4. Feb. 2027")
    ]
    assert rows[5] == "Do, 6. Mai 2027: entfällt – Feiertag (Christi Himmelfahrt) trotzdem abhalten"
    cancel = f"/admin/schedule/datechange/add/?theme={theme.pk}&day=2026-12-03&is_cancelled=1"
    assert f'<a href="{escape(cancel)}">absagen</a>' in markup


def test_theme_preview_offers_to_hold_a_date_on_a_holiday(editor, pinned):
    theme = factories.theme(2, name="Beratung", weekday=1)
    markup, rows = preview(editor, theme)
    assert rows[0] == "Di, 8. Dez. 2026: entfällt – Feiertag (Mariä Empfängnis) trotzdem abhalten"
    assert (
        '<a href="/admin/schedule/heldholiday/add/?day=2026-12-08">trotzdem abhalten</a>' in markup
    )

    factories.held_holiday(D(2026, 12, 8))
    assert preview(editor, theme)[1][0].startswith("Di, 8. Dez. 2026: findet statt absagen")


def test_cancelling_one_date_is_one_form(editor, pinned):
    theme = factories.theme(2)
    url = f"/admin/schedule/datechange/add/?theme={theme.pk}&day=2026-12-10&is_cancelled=1"
    form = editor.get(url).context["adminform"].form
    assert form["theme"].value() == str(theme.pk)
    assert form["day"].value() == "2026-12-10"
    assert "checked" in str(form["is_cancelled"])

    response = editor.post(
        url, change_form(theme, is_cancelled="on", reason="Krankheit", _save="Sichern")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = DateChange.objects.get()
    assert (change.theme, change.day, change.is_cancelled) == (theme, D(2026, 12, 10), True)
    listed = occurrences.occurrences(D(2026, 12, 1), D(2026, 12, 31))
    assert [(occ.day, occ.cancelled) for occ in listed] == [(D(2026, 12, 10), "Krankheit")]

    markup, rows = preview(editor, theme)
    assert rows[0] == "Do, 10. Dez. 2026: entfällt – Krankheit Änderung bearbeiten"
    assert f'<a href="/admin/schedule/datechange/{change.pk}/change/">' in markup


# --- the closure preview ---------------------------------------------------------------------


def test_closure_preview_shows_what_it_cancels(editor, pinned):
    factories.theme(2, name="Wohnen")
    factories.theme(3, name="Später")
    factories.hours(0, (9,), (13,))
    factories.hours(4, (9,), (13,), valid_from=D(2027, 1, 1))
    closure = factories.closure(D(2026, 12, 9), D(2026, 12, 15), reason="Betriebsurlaub")
    assert preview(editor, closure)[1] == [
        "Do, 10. Dez. 2026: Wohnen",
        "Mo, 14. Dez. 2026: Montag 09:00–13:00",
    ]


# --- roles -----------------------------------------------------------------------------------


def test_team_reads_themes_and_closures_but_cannot_change_them(client):
    theme = factories.theme(2, name="Wohnen")
    closure = factories.closure(D(2026, 12, 9))
    client.force_login(factories.user("team", TEAM))
    for url in (
        f"/admin/schedule/theme/{theme.pk}/change/",
        f"/admin/schedule/closure/{closure.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="_save"' not in response.content.decode(), url
    response = client.post(f"/admin/schedule/theme/{theme.pk}/change/", theme_form(name="Anders"))
    assert response.status_code == 403
    assert Theme.objects.get().name == "Wohnen"
    response = client.post(f"/admin/schedule/closure/{closure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Closure.objects.exists()
    assert client.get("/admin/schedule/closure/add/").status_code == 403


def test_a_partner_has_no_access_to_closures(client):
    client.force_login(factories.user("verein", PARTNER, [factories.organisation()]))
    assert client.get("/admin/schedule/closure/").status_code == 403


def test_theme_preview_shows_a_moved_date_on_both_days(editor, pinned):
    theme = factories.theme(1)
    change = factories.date_change(theme, D(2027, 1, 7), moved_to=D(2027, 1, 12))
    markup, rows = preview(editor, theme)
    assert rows[1:3] == [
        "Do, 7. Jän. 2027: verschoben auf Di, 12. Jän. 2027 Änderung bearbeiten",
        "Di, 12. Jän. 2027: verschoben vom Do, 7. Jän. 2027 Änderung bearbeiten",
    ]
    assert markup.count(f'<a href="/admin/schedule/datechange/{change.pk}/change/">') == 2
