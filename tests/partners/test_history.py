"""Every change to content keeps who, when and what; the Redaktion can go back to a version."""

import pytest
from django.test import Client
from reversion.models import Version

from partners import search
from partners.models import Organisation
from schedule.models import Closure
from sozialinfo.roles import PARTNER, REDAKTION
from tests import factories
from tests.partners.test_import import as_csv, confirm, organisation_row, upload
from tests.partners.test_review import change_url, edit, form_data

pytestmark = pytest.mark.django_db

CLOSURE = {
    "reason": "Betriebsurlaub",
    "first_day": "24.12.2026",
    "last_day": "31.12.2026",
    "closes_office": "on",
}


@pytest.fixture
def redaktion(db):
    client = Client()
    client.force_login(factories.user("redaktion", REDAKTION))
    return client


@pytest.fixture
def org(db):
    created = factories.organisation("Verein Brücke", short_description="Erste Fassung")
    search.index([created.pk])
    return created


def history(client, org):
    return client.get(f"/admin/partners/organisation/{org.pk}/history/")


def found(query):
    return list(
        Client()
        .get("/sozialatlas/", {"q": query})
        .context["page"]
        .object_list.values_list("name", flat=True)
    )


def test_the_history_names_who_changed_what_and_a_version_can_be_restored(redaktion, org):
    edit(redaktion, org, {"short_description": "Zweite Fassung"})
    edit(redaktion, org, {"name": "Brückenbau", "short_description": "Dritte Fassung"})
    assert found("Brückenbau") == ["Brückenbau"]

    page = history(redaktion, org)
    actions = page.context["action_list"]
    assert [a["revision"].user.username for a in actions] == ["redaktion", "redaktion"]
    text = page.content.decode()
    assert "Kurzbeschreibung" in text  # what changed, in the admin's words
    assert "Name" in text

    second = actions[-1]["url"]  # oldest last: the "Zweite Fassung"
    shown = redaktion.get(second)
    assert shown.status_code == 200
    assert "Zweite Fassung" in shown.content.decode()
    assert Organisation.objects.get().short_description == "Dritte Fassung"  # only shown

    restored = redaktion.post(second, form_data(shown))
    assert restored.status_code == 302
    org.refresh_from_db()
    assert (org.name, org.short_description) == ("Verein Brücke", "Zweite Fassung")
    assert found("Brückenbau") == []
    assert found("Verein Brücke") == ["Verein Brücke"]
    newest = history(redaktion, org).context["action_list"][0]["revision"]
    assert "Zweite Fassung" not in newest.get_comment()
    assert newest.user.username == "redaktion"


def test_partners_see_their_own_history_only_and_cannot_restore(redaktion, org):
    other = factories.organisation("Anderer Verein", short_description="Geheim")
    edit(redaktion, org, {"short_description": "Zweite Fassung"})
    edit(redaktion, other, {"short_description": "Noch geheimer"})
    partner = Client()
    partner.force_login(factories.user("bruecke", PARTNER, organisations=[org]))

    own = history(partner, org)
    assert own.status_code == 200
    (action,) = own.context["action_list"]
    assert action["url"] is None
    assert "/history/" not in own.content.decode().split('id="change-history"')[1]
    (version,) = Version.objects.get_for_object(org)
    url = f"/admin/partners/organisation/{org.pk}/history/{version.pk}/"
    assert partner.get(url).status_code == 403
    assert partner.post(url, {"name": "Übernommen"}).status_code == 403

    theirs = history(partner, other)
    assert theirs.status_code != 200
    assert "Noch geheimer" not in theirs.content.decode()
    (other_version,) = Version.objects.get_for_object(other)
    url = f"/admin/partners/organisation/{other.pk}/history/{other_version.pk}/"
    assert partner.post(url, {"name": "Übernommen"}).status_code == 403
    assert Organisation.objects.get(pk=other.pk).name == "Anderer Verein"


def test_a_version_is_restored_only_through_its_own_models_admin(redaktion, org):
    edit(redaktion, org, {"short_description": "Zweite Fassung"})
    response = redaktion.post(
        "/admin/schedule/closure/add/",
        CLOSURE,
    )
    assert response.status_code == 302
    (closure_version,) = Version.objects.get_for_model(Closure)
    url = f"/admin/partners/organisation/{org.pk}/history/{closure_version.pk}/"
    assert redaktion.get(url).status_code == 404


def test_schedule_pages_and_the_info_point_keep_a_history(redaktion):
    redaktion.post(
        "/admin/schedule/closure/add/",
        CLOSURE,
    )
    closure = Closure.objects.get()
    (version,) = Version.objects.get_for_object(closure)
    assert version.revision.user.username == "redaktion"
    page = redaktion.get(f"/admin/schedule/closure/{closure.pk}/history/")
    assert "redaktion" in page.content.decode()


def test_an_import_is_a_version_of_each_row(redaktion, org):
    content = as_csv(
        [
            organisation_row(slug=org.slug, name="Verein Brücke", short_description="Importiert"),
            organisation_row(slug="pflegedrehscheibe", name="Pflegedrehscheibe"),
        ]
    )
    confirm(redaktion, "organisation", upload(redaktion, "organisation", content))
    assert Organisation.objects.get(pk=org.pk).short_description == "Importiert"
    for imported in Organisation.objects.all():
        (version,) = Version.objects.get_for_object(imported)
        assert version.revision.user.username == "redaktion"
        assert version.revision.get_comment() == "Import aus einer Datei"
    # One version each: restoring one organisation's takes back nothing of the other.
    assert len({v.revision for v in Version.objects.all()}) == 2
    assert "Verein Brücke" in history(redaktion, org).content.decode()


def test_a_partner_save_that_waits_for_review_leaves_no_version(org):
    partner = Client()
    partner.force_login(factories.user("bruecke", PARTNER, organisations=[org]))
    edit(partner, org, {"short_description": "Wartet"})
    assert not Version.objects.exists()
    assert history(partner, org).context["action_list"] == []
    assert partner.get(change_url(org)).status_code == 200


def test_partners_cannot_recover_deleted_entries(org):
    partner = Client()
    partner.force_login(factories.user("bruecke", PARTNER, organisations=[org]))
    assert partner.get("/admin/partners/organisation/recover/").status_code == 403
