"""What each role can and cannot do in the admin."""

import pytest
from django.contrib.auth.models import Group

from contacts.models import Channel, Contact
from partners.models import Organisation
from sozialinfo.roles import PARTNER, REDAKTION, TEAM
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(db):
    return factories.organisation("Verein Freiraum"), factories.organisation("ZEBRA")


@pytest.fixture
def login(client):
    def login_as(role, **kwargs):
        client.force_login(factories.user(role.lower(), role, **kwargs))
        return client

    return login_as


def org_form(org, **changes):
    data = {
        "name": org.name,
        "slug": org.slug,
        "short_description": "",
        "description": "",
        "website": "",
        "email": "",
        "phone": "",
        "is_published": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        **{
            f"{inline}-{count}": "0"
            for inline in ("contact_people", "services", "locations", "brochures")
            for count in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    data.update(changes)
    return data


def test_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {REDAKTION, TEAM, PARTNER}


def test_redaktion_edits_all_content(login, orgs):
    client = login(REDAKTION)
    response = client.post(
        "/admin/partners/organisation/add/",
        org_form(Organisation(name="Pflegedrehscheibe", slug="pflegedrehscheibe")),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Organisation.objects.filter(slug="pflegedrehscheibe").exists()
    for url in (
        "/admin/schedule/theme/add/",
        "/admin/schedule/openinghours/add/",
        "/admin/partners/targetgroup/add/",
        "/admin/flatpages/flatpage/add/",
        "/admin/contacts/contact/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/auth/user/").status_code == 403


def test_team_logs_contacts_but_only_reads_content(login, orgs):
    client = login(TEAM)
    channel = Channel.objects.create(name="Telefon")
    response = client.post(
        "/admin/contacts/contact/add/",
        {
            "happened_at_0": "24.11.2026",
            "happened_at_1": "10:15",
            "channel": channel.pk,
            "requester": "citizen",
            "note": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    contact = Contact.objects.get()
    assert contact.logged_by.username == "team"

    freiraum = orgs[0]
    assert client.get(f"/admin/partners/organisation/{freiraum.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/partners/organisation/{freiraum.pk}/change/", org_form(freiraum, name="Anders")
    )
    assert response.status_code == 403
    assert Organisation.objects.get(pk=freiraum.pk).name == "Verein Freiraum"
    assert client.get("/admin/partners/organisation/add/").status_code == 403
    assert client.get("/admin/flatpages/flatpage/").status_code == 403
    assert client.get("/admin/sozialinfo/infopoint/").status_code == 403


def test_partner_sees_and_edits_only_their_own_organisation(login, orgs):
    freiraum, zebra = orgs
    freiraum.is_trusted = True  # publishes directly (review: tests/partners/test_review.py)
    freiraum.save()
    client = login(PARTNER, organisations=[freiraum])

    listing = client.get("/admin/partners/organisation/")
    assert list(listing.context["cl"].result_list) == [freiraum]

    response = client.post(
        f"/admin/partners/organisation/{freiraum.pk}/change/",
        org_form(freiraum, short_description="Beratung für Frauen", slug="anders", is_published=""),
    )
    assert response.status_code == 302
    freiraum.refresh_from_db()
    assert freiraum.short_description == "Beratung für Frauen"
    assert (freiraum.slug, freiraum.is_published) == ("verein-freiraum", True)

    response = client.post(
        f"/admin/partners/organisation/{zebra.pk}/change/", org_form(zebra, name="Übernommen")
    )
    assert response.status_code in (302, 403, 404)
    assert Organisation.objects.get(pk=zebra.pk).name == "ZEBRA"
    assert client.get("/admin/partners/organisation/add/").status_code == 403
    for url in (
        "/admin/contacts/contact/",
        "/admin/schedule/theme/",
        "/admin/partners/targetgroup/",
        "/admin/flatpages/flatpage/",
        "/admin/auth/user/",
    ):
        assert client.get(url).status_code == 403, url


def test_partner_without_active_membership_is_signed_out(login, orgs):
    client = login(PARTNER, organisations=[orgs[0]])
    orgs[0].memberships.update(is_active=False)
    response = client.get("/admin/partners/organisation/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_partner_ticks_target_groups_but_cannot_touch_editorial_fields(login, orgs):
    freiraum = orgs[0]
    freiraum.is_trusted = True  # publishes directly (review: tests/partners/test_review.py)
    freiraum.save()
    women = factories.target_group("Frauen und Mädchen")
    client = login(PARTNER, organisations=[freiraum])
    form = client.get(f"/admin/partners/organisation/{freiraum.pk}/change/").content.decode()
    assert f'type="checkbox" name="target_groups" value="{women.pk}"' in form
    response = client.post(
        f"/admin/partners/organisation/{freiraum.pk}/change/",
        org_form(
            freiraum,
            target_groups=[women.pk],
            last_checked="01.01.2030",
            parent=orgs[1].pk,
            is_trusted="",
        ),
    )
    assert response.status_code == 302
    freiraum.refresh_from_db()
    assert list(freiraum.target_groups.all()) == [women]
    assert (freiraum.last_checked, freiraum.parent, freiraum.is_trusted) == (None, None, True)


def test_only_partner_accounts_can_be_given_an_organisation(login, orgs):
    factories.user("kollegin", TEAM)
    factories.user("verein", PARTNER)
    client = login(REDAKTION)
    form = client.get(f"/admin/partners/organisation/{orgs[0].pk}/change/")
    memberships = form.context["inline_admin_formsets"][-1].formset
    choices = memberships.empty_form.fields["user"].queryset
    assert [user.username for user in choices] == ["verein"]
