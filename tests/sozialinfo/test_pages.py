import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/en/",
        "/sozialatlas/",
        "/sozialatlas/verein-freiraum/",
        "/thementage/",
        "/thementage/seniorinnen/",
        "/oeffnungszeiten/",
        "/ueber-uns/",
        "/impressum/",
        "/datenschutz/",
        "/barrierefreiheit/",
        "/en/thementage/",
    ],
)
def test_public_pages_answer(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_start_page_shows_address_and_search(client, demo):
    html = client.get("/").content.decode()
    assert "Grazer Gasse 2" in html and "8430 Leibnitz" in html
    assert 'href="tel:066488260653"' in html
    assert 'action="/sozialatlas/"' in html and 'name="q"' in html


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/", 10),
        ("/thementage/", 9),
        ("/thementage/?monat=2026-12", 15),
        ("/thementage/seniorinnen/", 9),
        ("/oeffnungszeiten/", 12),
        ("/thementage.ics", 9),
    ],
)
def test_schedule_pages_query_count_is_fixed(
    client, demo, url, queries, django_assert_max_num_queries
):
    # Triple the partners and themes: the number of queries must not grow.
    for number in range(30):
        partner = factories.organisation(f"Partner {number}")
        theme = factories.theme(number % 5 + 1, name=f"Zusatz {number}", organisations=[partner])
        theme.organisations.add(partner)
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200


def test_footer_links_the_flat_pages(client, demo):
    html = client.get("/").content.decode()
    for url in ("/ueber-uns/", "/impressum/", "/datenschutz/", "/barrierefreiheit/"):
        assert f'href="{url}"' in html


def test_english_pages_are_translated_and_marked(client, demo):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Opening hours" in html and "Öffnungszeiten" not in html
    assert 'href="/en/sozialatlas/"' in html
    assert '<a href="/" hreflang="de-at" lang="de-at">Deutsch</a>' in html


def test_german_has_no_prefixed_copy(client, demo):
    assert client.get("/de/").status_code == 404
    assert client.get("/de-at/").status_code == 404
    html = client.get("/thementage/").content.decode()
    assert '<a href="/en/thementage/" hreflang="en" lang="en">English</a>' in html


def test_german_is_the_unprefixed_default(client, demo):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="de-at">' in html and "Öffnungszeiten" in html


def test_unknown_page_is_a_friendly_404(client, demo, settings):
    settings.DEBUG = False
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Diese Seite gibt es leider nicht" in response.content.decode()


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"


def test_healthz_is_503_when_the_database_is_down(tmp_path):
    unreachable = (
        "postgres://postgres@127.0.0.1:1/sozialinfo"
        if connection.vendor == "postgresql"
        else f"sqlite:///{tmp_path}/missing/db.sqlite3"
    )
    script = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client().get('/healthz'); print(response.status_code, response.content)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": unreachable, "DJANGO_ALLOWED_HOSTS": "testserver"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "503 b'database unavailable\\n'", result.stderr
