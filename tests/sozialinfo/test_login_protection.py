"""Brute-force protection of the admin login (django-axes): accounts and addresses lock."""

import re

import pytest
from django.core import mail
from django.test import RequestFactory

from sozialinfo.login import client_ip
from sozialinfo.roles import PARTNER
from tests import factories
from tests.sozialinfo.test_settings import run

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "geheim-und-lang-42"
LOCKED = "Zu viele fehlgeschlagene Anmeldeversuche."


@pytest.fixture
def partner(db):
    return factories.user(
        "verein", PARTNER, organisations=[factories.organisation()], email="verein@example.at"
    )


def log_in(client, username, password, address="198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, times, username="verein", address="198.51.100.7"):
    return [log_in(client, username, "falsch", address).status_code for _ in range(times)]


def test_a_right_password_signs_in(client, partner):
    response = log_in(client, "verein", PASSWORD)
    assert response.status_code == 302


def test_after_five_failures_even_the_right_password_is_refused_with_a_german_message(
    client, partner, settings
):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert fail(client, 5) == [200, 200, 200, 200, 429]  # the form and its error, then locked
    response = log_in(client, "verein", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED in page
    assert "für 30 Minuten gesperrt" in page
    assert 'href="/admin/passwort-vergessen/"' in page
    assert client.get("/admin/").status_code == 302  # not signed in


def test_the_account_is_locked_from_every_address(client, partner):
    for number in range(5):
        log_in(client, "verein", "falsch", address=f"203.0.113.{number}")
    assert log_in(client, "verein", PASSWORD, address="192.0.2.99").status_code == 429


def test_the_address_is_locked_for_every_account(client, partner):
    factories.user("andere", PARTNER, organisations=[factories.organisation()])
    for number in range(5):
        log_in(client, f"rate-{number}", "falsch")
    assert log_in(client, "andere", PASSWORD).status_code == 429
    assert log_in(client, "andere", PASSWORD, address="192.0.2.99").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, partner, time_machine):
    time_machine.move_to("2026-11-25 10:00 +01:00")
    fail(client, 5)
    time_machine.move_to("2026-11-25 10:29 +01:00")
    assert log_in(client, "verein", PASSWORD).status_code == 429
    time_machine.move_to("2026-11-25 10:31 +01:00")
    assert log_in(client, "verein", PASSWORD).status_code == 302


def test_a_successful_login_starts_counting_again(client, partner):
    fail(client, 4)
    assert log_in(client, "verein", PASSWORD).status_code == 302
    client.logout()
    fail(client, 4)
    assert log_in(client, "verein", PASSWORD).status_code == 302


def test_a_new_password_by_e_mail_lifts_the_lock_of_the_account(client, partner):
    fail(client, 5)
    client.post("/admin/passwort-vergessen/", {"email": "verein@example.at"})
    url = re.search(r"http://testserver(/admin/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(url, follow=True).redirect_chain[-1][0]
    new = "Murinsel-im-Nebel-2026"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/admin/"
    client.logout()
    assert log_in(client, "verein", new, address="192.0.2.99").status_code == 302


def test_behind_a_proxy_the_forwarded_address_counts(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "198.51.100.7"  # not what the client itself wrote in front


def test_the_lockout_settings_come_from_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.seconds, "
        "settings.TRUSTED_PROXY_COUNT, settings.PASSWORD_RESET_TIMEOUT)"
    )
    result = run(
        tmp_path,
        ["-c", code],
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="10",
        TRUSTED_PROXY_COUNT="1",
        PASSWORD_LINK_HOURS="24",
    )
    assert result.stdout.split() == ["3", "600", "1", "86400"], result.stderr
    result = run(tmp_path, ["manage.py", "check"], AXES_FAILURE_LIMIT="null")
    assert result.returncode != 0
    assert "AXES_FAILURE_LIMIT must be a whole number of 1 or more" in result.stderr
