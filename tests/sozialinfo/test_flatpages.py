import pytest
from django.contrib.flatpages.models import FlatPage

from sozialinfo.roles import REDAKTION
from tests import factories

pytestmark = pytest.mark.django_db


def test_redaktion_edits_a_page_and_scripts_are_removed(client):
    client.force_login(factories.user("redaktion", REDAKTION))
    response = client.post(
        "/admin/flatpages/flatpage/add/",
        {
            "url": "/hilfe/",
            "title": "Hilfe",
            "content": (
                '<h2>Wo?</h2><p onclick="steal()">Hier <a href="javascript:alert(1)">klick</a>'
                ' und <a href="https://example.org">dort</a></p><script>alert(1)</script>'
            ),
            "sites": [1],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    content = FlatPage.objects.get(url="/hilfe/").content
    assert "<h2>Wo?</h2>" in content and 'href="https://example.org"' in content
    assert "script" not in content and "onclick" not in content and "javascript" not in content

    page = client.get("/hilfe/")
    assert page.status_code == 200 and "<h1>Hilfe</h1>" in page.content.decode()
