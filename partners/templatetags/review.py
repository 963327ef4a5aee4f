from django import template

from partners.models import PendingChange

register = template.Library()


@register.simple_tag
def waiting_changes(user):
    """How many partners' changes wait for the user to review them (None: not theirs to)."""
    if not user.has_perm("partners.change_pendingchange"):
        return None
    return PendingChange.objects.pending().count()
