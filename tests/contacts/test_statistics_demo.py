"""The demo's contact log: eight months like the town's first eight, loaded once."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Q, Sum

from contacts.models import Contact
from schedule.occurrences import occurrences
from sozialinfo.demo import demo_contacts
from sozialinfo.roles import TEAM
from tests import factories

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Europe/Vienna"))


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_demo_has_eight_months_of_contacts_once(demo):
    contacts = Contact.objects.all()
    count = contacts.count()
    assert 5800 < count < 6500
    assert contacts.filter(happened_at__date__gte=datetime.date(2026, 11, 25)).count() == 0
    first = contacts.order_by("happened_at").first().happened_at
    assert first.date() >= datetime.date(2026, 3, 25)
    citizens = contacts.filter(requester="citizen").count()
    assert 0.62 < citizens / count < 0.71
    call_command("load_demo")
    assert contacts.count() == count


def test_demo_contacts_are_the_same_on_the_same_day(demo):
    first = list(Contact.objects.order_by("pk").values_list("happened_at", "requester", "theme"))
    Contact.objects.all().delete()
    demo_contacts()
    again = list(Contact.objects.order_by("pk").values_list("happened_at", "requester", "theme"))
    assert again == first


def test_demo_contacts_on_a_theme_day_afternoon_have_its_theme(demo):
    windows = Q()
    themed = 0
    for occ in occurrences(datetime.date(2026, 3, 25), datetime.date(2026, 11, 24)):
        if occ.takes_place and occ.theme.is_theme_day:
            windows |= Q(happened_at__gte=occ.starts, happened_at__lt=occ.ends, theme=occ.theme)
            themed += 1
    assert themed > 30
    with_theme = Contact.objects.exclude(theme=None)
    assert with_theme.count() > 300
    assert with_theme.filter(windows).count() == with_theme.count()
    assert Contact.objects.filter(theme=None).filter(windows).count() == 0


def test_the_demo_reads_like_the_towns_report(client, demo):
    client.force_login(factories.user("eva", TEAM))
    response = client.get("/kontakte/statistik/?von=2026-03-25&bis=2026-11-24")
    total = Contact.objects.aggregate(total=Sum("quantity"))["total"]
    assert response.context["figures"].total == total
    assert response.context["summary"].startswith(
        "Über 6\xa0000 Kontakte in 8 Monaten, ca. 2/3 davon Bürger*innen, 1/3 Organisationen"
    )
