"""Organisations through django-import-export with real CSV files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.models import Organisation
from sozialinfo.roles import REDAKTION
from tests import factories

pytestmark = pytest.mark.django_db

COLUMNS = "slug name short_description description website email phone parent target_groups topics"
HEADER = ",".join([*COLUMNS.split(), "is_published", "last_checked"]) + "\n"


@pytest.fixture
def editor(client):
    factories.target_group("Senior*innen")
    client.force_login(factories.user("redaktion", REDAKTION))
    return client


def upload(client, rows):
    csv = SimpleUploadedFile("organisationen.csv", (HEADER + rows).encode(), "text/csv")
    return client.post(
        "/admin/partners/organisation/import/",
        {"import_file": csv, "format": "0", "resource": "0"},
    )


def test_a_good_file_is_previewed_before_anything_is_written(editor):
    response = upload(editor, "pflege,Pflegedrehscheibe,,,https://example.org,,,,seniorinnen,1,\n")
    assert response.status_code == 200
    assert response.context["result"].totals["new"] == 1
    assert not response.context["result"].has_errors()
    assert not Organisation.objects.exists()


def test_dangerous_links_and_bad_emails_are_refused_row_by_row(editor):
    response = upload(
        editor,
        "a,Gut,,,https://example.org,,,,,1,\n"
        "b,Böse,,,javascript:alert(1),,,,,1,\n"
        "c,Falsch,,,,keine-adresse,,,,1,\n",
    )
    result = response.context["result"]
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [2, 3]
    assert not Organisation.objects.exists()
