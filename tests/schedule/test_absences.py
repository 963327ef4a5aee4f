"""Partners see their theme-day dates in the admin and report when they cannot come."""

import datetime

import pytest
from django.core import mail

from schedule.models import Absence
from sozialinfo.roles import PARTNER, REDAKTION
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tuesday_24_november_2026")]

LIST = "/admin/schedule/absence/"
ADD = "/admin/schedule/absence/add/"
DEC_3 = datetime.date(2026, 12, 3)  # the first Thursday of December


@pytest.fixture
def freiraum(db):
    return factories.organisation("Verein Freiraum")


@pytest.fixture
def zebra(db):
    return factories.organisation("ZEBRA")


@pytest.fixture
def themes(freiraum, zebra):
    return (
        factories.theme(1, "Frauen und Mädchen", organisations=[freiraum]),
        factories.theme(2, "Migration", organisations=[zebra]),
    )


@pytest.fixture
def partner(client, freiraum):
    user = factories.user("verein", PARTNER, organisations=[freiraum], email="v@freiraum.at")
    client.force_login(user)
    return user


def key(theme, day, org):
    return f"{theme.pk}:{day:%Y-%m-%d}:{org.pk}"


def test_a_partner_sees_only_their_own_dates(client, partner, themes):
    page = client.get(LIST)
    assert page.status_code == 200
    duties = page.context["duties"]
    assert [(d.occurrence.day, d.occurrence.theme.name) for d in duties][:3] == [
        (DEC_3, "Frauen und Mädchen"),
        (datetime.date(2027, 1, 7), "Frauen und Mädchen"),
        (datetime.date(2027, 2, 4), "Frauen und Mädchen"),
    ]
    assert {d.organisation.name for d in duties} == {"Verein Freiraum"}
    text = page.content.decode()
    assert "Ihre nächsten Termine in der Sozial-Info" in text
    assert "Migration" not in text
    assert "Ich kann am 3. Dez. nicht kommen" in text


def test_a_cancelled_date_or_one_others_staff_is_no_duty(client, partner, themes, zebra):
    factories.date_change(themes[0], DEC_3, is_cancelled=True, reason="Krankheit")
    factories.date_change(themes[0], datetime.date(2027, 1, 7), organisations=[zebra])
    days = [d.occurrence.day for d in client.get(LIST).context["duties"]]
    assert DEC_3 not in days and datetime.date(2027, 1, 7) not in days
    assert datetime.date(2027, 2, 4) in days


def test_reporting_an_absence_tells_the_redaktion(client, partner, themes, freiraum):
    factories.user("redaktion", REDAKTION, email="redaktion@stadt.at")
    form = client.get(ADD, {"duty": key(themes[0], DEC_3, freiraum)})
    assert form.context["adminform"].form.initial["duty"] == key(themes[0], DEC_3, freiraum)
    response = client.post(
        ADD, {"duty": key(themes[0], DEC_3, freiraum), "note": "Kollegin übernimmt ev."}
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert (absence.theme, absence.day, absence.organisation, absence.reported_by) == (
        themes[0],
        DEC_3,
        freiraum,
        partner,
    )
    (message,) = mail.outbox
    assert message.to == ["redaktion@stadt.at"]
    assert message.subject == "Absage: Verein Freiraum kann am 3. Dezember 2026 nicht kommen"
    assert "Kollegin übernimmt ev." in message.body
    assert f"/admin/schedule/absence/{absence.pk}/change/" in message.body

    page = client.get(LIST)
    assert list(page.context["cl"].result_list) == [absence]
    assert "gemeldet am 24. Nov. 2026" in page.content.decode()
    # The same date cannot be reported twice.
    again = client.post(ADD, {"duty": key(themes[0], DEC_3, freiraum), "note": ""})
    assert again.status_code == 200 and Absence.objects.count() == 1


def test_a_partner_cannot_report_for_another_organisation(client, partner, themes, zebra):
    dec_10 = datetime.date(2026, 12, 10)  # ZEBRA's second Thursday
    response = client.post(ADD, {"duty": key(themes[1], dec_10, zebra), "note": "weg"})
    assert response.status_code == 200
    assert "duty" in response.context["adminform"].form.errors
    assert not Absence.objects.exists()
    assert mail.outbox == []


def test_a_report_stays_as_it_was_sent(client, partner, themes, freiraum, zebra):
    own = Absence.objects.create(theme=themes[0], day=DEC_3, organisation=freiraum)
    other = Absence.objects.create(
        theme=themes[1], day=datetime.date(2026, 12, 10), organisation=zebra
    )
    assert client.get(f"{LIST}{own.pk}/change/").status_code == 200
    assert client.post(f"{LIST}{own.pk}/change/", {"note": "anders"}).status_code == 403
    assert client.post(f"{LIST}{own.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.get(f"{LIST}{other.pk}/change/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert list(client.get(LIST).context["cl"].result_list) == [own]


def test_the_redaktion_sees_every_report(client, themes, freiraum, zebra):
    Absence.objects.create(theme=themes[0], day=DEC_3, organisation=freiraum)
    Absence.objects.create(theme=themes[1], day=datetime.date(2026, 12, 10), organisation=zebra)
    client.force_login(factories.user("redaktion", REDAKTION))
    page = client.get(LIST)
    assert page.context["cl"].result_count == 2
    assert "duties" not in page.context
