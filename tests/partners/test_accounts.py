"""Partner accounts: invitations, setting a password, memberships that end, networks."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from partners.models import Membership, Organisation
from sozialinfo.roles import PARTNER, REDAKTION, TEAM
from tests import factories

pytestmark = pytest.mark.django_db

INVITE = "/admin/partners/membership/einladen/"


@pytest.fixture
def orgs(db):
    return factories.organisation("Verein Freiraum"), factories.organisation("ZEBRA")


@pytest.fixture
def editor(client):
    client.force_login(factories.user("redaktion", REDAKTION, email="redaktion@example.at"))
    return client


def link_in(message):
    return re.search(r"http://testserver(/admin/\S+/)", message.body).group(1)


def invite(client, email, *orgs, **extra):
    data = {"email": email, "first_name": "Fatma", "last_name": "Yilmaz", **extra}
    data["organisations"] = [org.pk for org in orgs]
    return client.post(INVITE, data)


def set_password(client, url, password="Sonnenblume-am-Murufer-7"):
    page = client.get(url, follow=True)  # Django moves the token into the session first
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else url
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_the_redaktion_invites_a_partner_who_sets_a_password_and_lands_in_the_admin(
    editor, client, orgs
):
    freiraum = orgs[0]
    assert "Partner*in einladen" in editor.get("/admin/partners/membership/").content.decode()
    response = invite(editor, "Fatma@Freiraum.at", freiraum)
    assert response.status_code == 302

    user = get_user_model().objects.get(email="Fatma@Freiraum.at")
    assert (user.username, user.is_staff, user.has_usable_password()) == (
        "fatma@freiraum.at",
        True,
        False,
    )
    assert list(user.groups.values_list("name", flat=True)) == [PARTNER]
    assert list(user.memberships.values_list("organisation__name", "is_active")) == [
        ("Verein Freiraum", True)
    ]
    (message,) = mail.outbox
    assert message.to == ["Fatma@Freiraum.at"]
    assert message.subject == "Einladung: Ihr Eintrag im Sozialatlas der Sozial-Info"
    assert "Hallo Fatma Yilmaz," in message.body
    assert "- Verein Freiraum" in message.body
    assert "er gilt 3 Tage und nur einmal" in message.body
    assert "Ihr Benutzername: fatma@freiraum.at" in message.body

    client.logout()
    url = link_in(message)
    page = client.get(url, follow=True)
    assert "Schön, dass Sie dabei sind!" in page.content.decode()
    response = set_password(client, url)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    listing = client.get("/admin/partners/organisation/")
    assert list(listing.context["cl"].result_list) == [freiraum]
    user.refresh_from_db()
    assert user.check_password("Sonnenblume-am-Murufer-7")


def test_the_link_works_only_once(client, editor, orgs):
    invite(editor, "fatma@freiraum.at", orgs[0])
    url = link_in(mail.outbox[0])
    client.logout()
    set_password(client, url)
    client.logout()
    page = client.get(url, follow=True).content.decode()
    assert "Dieser Link ist abgelaufen oder wurde schon verwendet." in page
    assert 'href="/admin/passwort-vergessen/"' in page


def test_an_expired_link_says_so(client, editor, orgs, settings, time_machine):
    time_machine.move_to("2026-11-25 10:00 +01:00")
    invite(editor, "fatma@freiraum.at", orgs[0])
    url = link_in(mail.outbox[0])
    client.logout()
    time_machine.move_to("2026-11-28 10:01 +01:00")  # three days and a minute later
    page = client.get(url, follow=True).content.decode()
    assert "Dieser Link ist abgelaufen oder wurde schon verwendet." in page


def test_password_validators_apply_with_german_messages(client, editor, orgs):
    invite(editor, "fatma@freiraum.at", orgs[0])
    url = link_in(mail.outbox[0])
    client.logout()
    response = set_password(client, url, password="1234567")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dieses Passwort ist zu kurz." in page
    assert "Dieses Passwort ist komplett numerisch." in page
    assert not get_user_model().objects.get(username="fatma@freiraum.at").has_usable_password()


def test_an_invited_partner_asks_for_a_new_link_with_forgotten_password(client, editor, orgs):
    invite(editor, "fatma@freiraum.at", orgs[0])
    client.logout()
    login = client.get("/admin/login/").content.decode()
    assert 'href="/admin/passwort-vergessen/"' in login
    response = client.post("/admin/passwort-vergessen/", {"email": "FATMA@freiraum.at"})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.subject == "Sozial-Info: Ihr Link für ein neues Passwort"
    url = link_in(message)
    assert set_password(client, url)["Location"] == "/admin/"


def test_no_reset_link_for_a_partner_without_an_active_membership(client, orgs):
    factories.user("ehemalig", PARTNER, organisations=[orgs[0]], email="weg@example.at")
    Membership.objects.update(is_active=False)
    response = client.post("/admin/passwort-vergessen/", {"email": "weg@example.at"})
    assert response.status_code == 302  # the same answer as for any address
    assert mail.outbox == []


def test_reinviting_reuses_the_account_and_reactivates_the_membership(editor, orgs):
    freiraum, zebra = orgs
    invite(editor, "fatma@freiraum.at", freiraum)
    Membership.objects.update(is_active=False)
    invite(editor, "fatma@freiraum.at", freiraum, zebra)
    assert get_user_model().objects.filter(email__iexact="fatma@freiraum.at").count() == 1
    partner = get_user_model().objects.get(username="fatma@freiraum.at")
    assert sorted(partner.memberships.values_list("organisation__name", "is_active")) == [
        ("Verein Freiraum", True),
        ("ZEBRA", True),
    ]
    assert len(mail.outbox) == 2
    assert "- ZEBRA" in mail.outbox[1].body


def test_an_invitation_cannot_take_over_a_staff_account(editor, orgs):
    factories.user("kollegin", TEAM, email="kollegin@stadt.at")
    response = invite(editor, "kollegin@stadt.at", orgs[0])
    assert response.status_code == 200
    assert "gehört zu einem Konto der Redaktion" in response.content.decode()
    assert not Membership.objects.exists()
    assert mail.outbox == []


def test_an_address_that_is_a_staff_username_is_refused_too(editor, orgs):
    factories.user("kollegin@stadt.at", TEAM)  # no e-mail address, but this username
    response = invite(editor, "Kollegin@Stadt.at", orgs[0])
    assert "gehört zu einem Konto der Redaktion" in response.content.decode()
    assert not Membership.objects.exists()


def test_an_invitation_needs_an_address_and_an_organisation(editor, orgs):
    response = editor.post(INVITE, {"email": "kein-at", "organisations": []})
    form = response.context["form"]
    assert set(form.errors) == {"email", "organisations"}
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize("role", [PARTNER, TEAM])
def test_only_the_redaktion_invites(client, orgs, role):
    client.force_login(factories.user("jemand", role, organisations=[orgs[0]]))
    assert client.get(INVITE).status_code == 403
    assert invite(client, "neu@example.at", orgs[0]).status_code == 403
    assert client.get("/admin/partners/membership/").status_code == 403
    assert not get_user_model().objects.filter(email="neu@example.at").exists()


def test_ending_a_membership_signs_the_partner_out_at_once(client, orgs):
    partner = factories.user("verein", PARTNER, organisations=[orgs[0]])
    client.force_login(partner)
    assert client.get("/admin/").status_code == 200
    Membership.objects.update(is_active=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    response = client.post(
        "/admin/login/", {"username": "verein", "password": "geheim-und-lang-42"}
    )
    assert response.status_code == 200  # the form again: the login is refused
    assert response.context["form"].errors
    assert client.get("/admin/").status_code == 302


def test_the_redaktion_ends_a_membership_in_the_list(editor, orgs):
    factories.user("verein", PARTNER, organisations=[orgs[0]])
    membership = Membership.objects.get()
    response = editor.post(
        "/admin/partners/membership/",
        {"action": "deactivate", "_selected_action": [membership.pk]},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert not membership.is_active


def test_a_partner_with_two_organisations_sees_both(client, orgs):
    other = factories.organisation("Dritter Verein")
    client.force_login(factories.user("verein", PARTNER, organisations=orgs))
    listing = client.get("/admin/partners/organisation/")
    assert set(listing.context["cl"].result_list) == set(orgs)
    assert other not in listing.context["cl"].result_list


def test_a_network_coordinator_may_also_keep_the_members_entries(client, db):
    arge = factories.organisation("ARGE Flexible Hilfen")
    member = factories.organisation("Jugend am Werk", parent=arge)
    outsider = factories.organisation("ZEBRA")
    coordinator = factories.user("arge", PARTNER, organisations=[arge])
    assert list(Organisation.objects.visible_to(coordinator)) == [arge]

    Membership.objects.filter(user=coordinator).update(includes_members=True)
    assert set(Organisation.objects.visible_to(coordinator)) == {arge, member}
    client.force_login(coordinator)
    assert client.get(f"/admin/partners/organisation/{member.pk}/change/").status_code == 200
    response = client.get(f"/admin/partners/organisation/{outsider.pk}/change/")
    assert response.status_code == 302 and response["Location"] == "/admin/"

    Membership.objects.filter(user=coordinator).update(is_active=False)
    assert list(Organisation.objects.visible_to(coordinator)) == []


def test_inviting_a_network_coordinator(editor, db):
    arge = factories.organisation("ARGE Flexible Hilfen")
    member = factories.organisation("Jugend am Werk", parent=arge)
    invite(editor, "koordination@arge.at", arge, includes_members="on")
    partner = get_user_model().objects.get(email="koordination@arge.at")
    assert set(Organisation.objects.visible_to(partner)) == {arge, member}
