"""Partner accounts: inviting someone to keep their organisations' entries."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sozialinfo.roles import PARTNER

from .models import Membership


def reusable(user):
    """Whether an existing account may become (or stay) a partner account: never one of the
    Redaktion, the Team or an administrator, whose rights an invitation must not change."""
    return not user.is_superuser and not user.groups.exclude(name=PARTNER).exists()


def find_account(email):
    """The account with this address, or with it as its username (how invited ones log in)."""
    found = get_user_model()._default_manager.filter(
        Q(email__iexact=email) | Q(username__iexact=email)
    )
    return found.order_by("pk").first()


@transaction.atomic
def invite(*, email, first_name, last_name, organisations, includes_members=False):
    """Create or reuse the partner account of email, give it (active) memberships of the
    organisations and return it. Send the e-mail with send_invitation()."""
    User = get_user_model()
    user = find_account(email)
    if user is None:
        user = User(username=email.lower(), email=email)
        user.set_unusable_password()
    elif not reusable(user):
        raise ValueError(f"{user} is not a partner account")
    user.first_name = first_name or user.first_name
    user.last_name = last_name or user.last_name
    user.is_staff = user.is_active = True
    user.save()
    user.groups.add(Group.objects.get(name=PARTNER))
    for organisation in organisations:
        Membership.objects.update_or_create(
            user=user,
            organisation=organisation,
            defaults={"is_active": True, "includes_members": includes_members},
        )
    return user


def set_password_url(request, user):
    """The time-limited link (PASSWORD_RESET_TIMEOUT) with which user sets a password."""
    path = reverse(
        "partner_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return request.build_absolute_uri(path)


def send_invitation(request, user, invited_by):
    organisations = [m.organisation for m in user.memberships.filter(is_active=True)]
    context = {
        "user": user,
        "organisations": organisations,
        "invited_by": invited_by,
        "url": set_password_url(request, user),
        "login_url": request.build_absolute_uri(reverse("admin:login")),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    send_mail(
        render_to_string("partners/emails/invitation_subject.txt", context).strip(),
        render_to_string("partners/emails/invitation.txt", context),
        None,
        [user.email],
    )
