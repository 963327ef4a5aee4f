"""What the public sends the Redaktion: the spam guards, the Redaktion's e-mail, handling."""

import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator, slugify

from sozialinfo.login import client_ip
from sozialinfo.models import InfoPoint
from sozialinfo.roles import REDAKTION, addresses

from . import search
from .models import Location, Municipality, Organisation, Suggestion

logger = logging.getLogger(__name__)

WINDOW = 3600  # seconds over which SUGGESTION_RATE_LIMIT counts


def sender_key(request):
    """The cache key of the sender's address (behind TRUSTED_PROXY_COUNT proxies, the one they
    saw); IPv6 by its /64 network, which one household or device usually has as a whole."""
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return "suggestions:unknown"
    if address.version == 6:
        if address.ipv4_mapped:
            address = address.ipv4_mapped
        else:
            address = ipaddress.ip_network(f"{address}/64", strict=False).network_address
    return f"suggestions:{address}"


def is_limited(request):
    sent, _until = cache.get(sender_key(request), (0, 0))
    return sent >= settings.SUGGESTION_RATE_LIMIT


def count(request):
    """Count one sending from this address within the hour that began with its first."""
    key, now = sender_key(request), time.time()
    sent, until = cache.get(key, (0, now + WINDOW))
    # Set, not incr: some caches' incr would start a new, shorter timeout.
    cache.set(key, (sent + 1, until), max(1, round(until - now)))


def receive(suggestion, request):
    """Save what the public sent and tell the Redaktion."""
    suggestion.save()
    try:
        notify(suggestion, request)
    except Exception:  # the suggestion is saved and in the queue; a mail server's trouble waits
        logger.exception("Could not e-mail the Redaktion about suggestion %s", suggestion.pk)


def notify(suggestion, request):
    """One e-mail per suggestion to the Redaktion, without the sender's address."""
    recipients = addresses(REDAKTION)
    if not recipients:
        return
    link = request.build_absolute_uri(
        reverse("admin:partners_suggestion_change", args=[suggestion.pk])
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "suggestion": suggestion,
            "link": link,
            "info_point": InfoPoint.objects.current(),
        }
        subject = render_to_string("partners/email/suggestion_subject.txt", context)
        body = render_to_string("partners/email/suggestion.txt", context)
    EmailMessage(" ".join(subject.split()), body, to=recipients).send()


def set_status(suggestion, status, user):
    """Record who handled it and when; a handled suggestion forgets its sender's address.
    Changes the object only: the caller saves it."""
    suggestion.status = status
    if status == Suggestion.Status.OPEN:
        suggestion.handled_by = suggestion.handled_at = None
    else:
        suggestion.handled_by, suggestion.handled_at = user, timezone.now()
        suggestion.sender_email = ""


def handle(queryset, status, user):
    """Handle the open suggestions among queryset at once; returns how many."""
    return queryset.open().update(
        status=status, handled_by=user, handled_at=timezone.now(), sender_email=""
    )


def free_slug(name):
    base = slugify(name)[:190].strip("-") or "organisation"
    taken = set(
        Organisation.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def create_draft(suggestion, user):
    """An unpublished organisation from a suggested one, with its place when the address fits
    a known municipality; the suggestion is then done. Returns the organisation and the place
    (or None)."""
    offer = suggestion.offer.strip()
    organisation = Organisation.objects.create(
        name=suggestion.name,
        slug=free_slug(suggestion.name),
        short_description=Truncator(offer.splitlines()[0] if offer else "").chars(300),
        description=offer,
        website=suggestion.website,
        email=suggestion.email,
        phone=suggestion.phone,
        is_published=False,
    )
    municipality = Municipality.objects.filter(name__iexact=suggestion.municipality.strip()).first()
    place = None
    if suggestion.street and suggestion.postal_code and municipality:
        place = Location.objects.create(
            organisation=organisation,
            street=suggestion.street,
            postal_code=suggestion.postal_code,
            municipality=municipality,
        )
    suggestion.organisation = organisation
    set_status(suggestion, Suggestion.Status.DONE, user)
    suggestion.save()
    search.index([organisation.pk])
    return organisation, place
