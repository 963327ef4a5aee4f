import pytest
from django.db import IntegrityError
from reversion.models import Version

from contacts.models import Channel, Contact
from sozialinfo.roles import TEAM
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_contact_needs_a_known_requester_kind():
    channel = Channel.objects.create(name="Telefon")
    Contact.objects.create(channel=channel, requester="citizen")
    with pytest.raises(IntegrityError):
        Contact.objects.create(channel=channel, requester="someone")


def test_contact_admin_lists_contacts_for_the_team(client):
    client.force_login(factories.user("team", TEAM))
    channel = Channel.objects.create(name="Brief")
    Contact.objects.create(channel=channel, requester="organisation")
    response = client.get("/admin/contacts/contact/")
    assert response.context["cl"].result_count == 1
    assert "Brief" in response.content.decode()


def test_contacts_keep_no_copies_in_the_history(client):
    """Retention deletes old contacts for good: the admin's history keeps no copy of them."""
    client.force_login(factories.user("team", TEAM))
    channel = Channel.objects.create(name="Brief")
    added = client.post(
        "/admin/contacts/contact/add/",
        {
            "happened_at_0": "2.11.2026",
            "happened_at_1": "10:00",
            "channel": channel.pk,
            "requester": "citizen",
            "quantity": "1",
        },
    )
    assert added.status_code == 302
    assert Contact.objects.exists()
    assert not Version.objects.exists()
