"""Sign-in for partner accounts: they exist only through an active membership."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import PasswordResetForm as BasePasswordResetForm
from django.db.models import Exists, OuterRef

from sozialinfo.roles import PARTNER

from .models import Membership


def is_partner(user):
    return user.groups.filter(name=PARTNER).exists()


def has_access(user):
    """Whether the account may use the site: a partner only while a membership is active."""
    if user.is_superuser:
        return True
    if hasattr(user, "partner_group"):  # read with the user (MembershipBackend.get_user)
        return not user.partner_group or user.active_membership
    return not is_partner(user) or user.memberships.filter(is_active=True).exists()


class MembershipBackend(ModelBackend):
    """Django's backend, but a partner whose last membership ends is signed out on their next
    request and cannot sign in again."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and has_access(user)

    def get_user(self, user_id):
        # Every request reads the user; this asks about the memberships in the same query.
        User = get_user_model()
        groups = User.groups.through.objects.filter(user=OuterRef("pk"), group__name=PARTNER)
        active = Membership.objects.filter(user=OuterRef("pk"), is_active=True)
        users = User._default_manager.annotate(
            partner_group=Exists(groups), active_membership=Exists(active)
        )
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class PasswordResetForm(BasePasswordResetForm):
    """Django's form, which also sends a link to an invited partner who has not set a password
    yet (Django leaves out accounts without a usable password), and never to a partner without
    an active membership."""

    def get_users(self, email):
        User = get_user_model()
        found = User._default_manager.filter(
            **{f"{User.get_email_field_name()}__iexact": email, "is_active": True}
        )
        for user in found:
            if not has_access(user):
                continue
            if user.has_usable_password() or is_partner(user):
                yield user

    def save(self, domain_override=None, request=None, **kwargs):
        # The link points to the host the request came to (checked against ALLOWED_HOSTS),
        # not to the sites framework's placeholder domain.
        if domain_override is None and request is not None:
            domain_override = request.get_host()
        return super().save(domain_override=domain_override, request=request, **kwargs)
