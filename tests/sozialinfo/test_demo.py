import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.flatpages.models import FlatPage
from django.core.management import call_command
from django.test import RequestFactory

from contacts.models import Channel
from partners.models import Location, Organisation, TargetGroup, Topic
from schedule.models import OpeningHours, Theme
from sozialinfo.models import InfoPoint

pytestmark = pytest.mark.django_db


def counts():
    models = (Organisation, TargetGroup, Topic, Theme, OpeningHours, Channel, FlatPage)
    return {model.__name__: model.objects.count() for model in models}


def login_request():
    return RequestFactory().post("/admin/login/")  # the login protection asks who logs in


def test_load_demo_prints_new_accounts_once_and_never_duplicates(capsys, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo")
    first = capsys.readouterr().out
    loaded = counts()
    assert loaded == {
        "Organisation": 15,
        "TargetGroup": 5,
        "Topic": 6,
        "Theme": 6,
        "OpeningHours": 3,
        "Channel": 3,
        "FlatPage": 4,
    }
    password = first.split("redaktion")[1].split("Passwort: ")[1].split()[0]
    assert authenticate(login_request(), username="redaktion", password=password)

    call_command("load_demo")
    second = capsys.readouterr().out
    assert counts() == loaded
    assert "Passwort:" not in second and "gibt es schon" in second
    assert authenticate(login_request(), username="redaktion", password=password)


def test_load_demo_keeps_what_the_redaktion_edited():
    call_command("load_demo", stdout=None)
    Organisation.objects.filter(slug="zebra").update(short_description="Neu geschrieben")
    call_command("load_demo")
    assert Organisation.objects.get(slug="zebra").short_description == "Neu geschrieben"


def test_demo_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "ein-demo-passwort")
    call_command("load_demo")
    for name in ("redaktion", "team", "partner"):
        assert authenticate(login_request(), username=name, password="ein-demo-passwort")


def test_demo_content_follows_the_source():
    call_command("load_demo")
    info = InfoPoint.objects.current()
    assert info.address == "Grazer Gasse 2, 8430 Leibnitz"
    first = Theme.objects.get(ordinal=1)
    assert {org.name for org in first.organisations.all()} == {
        "Kinder- und Jugendhilfe (BH Leibnitz)",
        "Frühe Hilfen Steiermark (ÖGK)",
        "ARGE Flexible Hilfen",
    }
    arge = Organisation.objects.get(slug="arge-flexible-hilfen")
    assert set(arge.members.values_list("name", flat=True)) == {
        "Jugend am Werk",
        "Input",
        "alpha nova",
        "Caritas",
        "AIS Jugendservice",
        "IKJF",
        "SOS Kinderdorf",
    }
    assert Theme.objects.get(ordinal=5).organisations.get().name == (
        "Verein Freiraum – Frauenberatung Leibnitz"
    )
    partner = get_user_model().objects.get(username="partner")
    assert [m.organisation.slug for m in partner.memberships.all()] == ["verein-freiraum"]
    # No invented contact data for real organisations.
    assert not Organisation.objects.exclude(email="", phone="", website="").exists()


def test_demo_locations_are_on_the_map_and_editors_keep_theirs():
    call_command("load_demo")
    places = Location.objects.all()
    assert places and all(
        46.7 < place.latitude < 46.9 and 15.4 < place.longitude < 15.7 for place in places
    )
    moved = places.first()
    Location.objects.filter(pk=moved.pk).update(latitude=None, longitude=None)
    call_command("load_demo")
    assert Location.objects.count() == len(places)
    moved.refresh_from_db()
    assert moved.latitude is None
