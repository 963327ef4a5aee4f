import pytest
from django.db import IntegrityError

from contacts.models import Channel, Contact

pytestmark = pytest.mark.django_db


def test_a_contact_needs_a_known_requester_kind():
    channel = Channel.objects.create(name="Telefon")
    Contact.objects.create(channel=channel, requester="citizen")
    with pytest.raises(IntegrityError):
        Contact.objects.create(channel=channel, requester="someone")


def test_contact_admin_lists_contacts_for_the_team(admin_client):
    channel = Channel.objects.create(name="E-Mail")
    Contact.objects.create(channel=channel, requester="organisation")
    html = admin_client.get("/admin/contacts/contact/").content.decode()
    assert "E-Mail" in html and "Organisation" in html
