"""The three roles as Django groups, and the permissions each one has in the admin."""

from django.apps import apps as global_apps
from django.contrib.auth import get_user_model
from django.db.models import Q

REDAKTION = "Redaktion"
TEAM = "Team"
PARTNER = "Partner"

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

# Keys are an app label (every model of it) or "app_label.model"; values are codename prefixes.
ROLES = {
    # City editors: all content, the contact log too; user accounts stay with administrators.
    REDAKTION: {
        "partners": ALL,
        "partners.organisation": ("access_all",),
        "schedule": ALL,
        "contacts": ALL,
        "flatpages": ALL,
        "sozialinfo.infopoint": ("change", "view"),
    },
    # Sozial-Info staff: the contact log; content read-only.
    TEAM: {
        "contacts.contact": ALL,
        "contacts.channel": VIEW,
        "partners.organisation": ("view", "access_all"),
        "partners.targetgroup": VIEW,
        "partners.topic": VIEW,
        "partners.service": VIEW,
        "partners.location": VIEW,
        "partners.contactperson": VIEW,
        "partners.brochure": VIEW,
        "schedule": VIEW,
    },
    # Partner organisations: their own entries only (the admin scopes the rows).
    PARTNER: {
        "partners.organisation": ("change", "view"),
        "partners.contactperson": ALL,
        "partners.service": ALL,
        "partners.location": ALL,
        "partners.brochure": ALL,
        # Their theme-day dates, and reporting that they cannot come (schedule.Absence).
        "schedule.absence": ("add", "view"),
    },
}


def sync_roles(apps=global_apps):
    """Create the groups and give each exactly the permissions ROLES lists."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        wanted = Q(pk__in=[])
        for key, actions in grants.items():
            app_label, _, model = key.partition(".")
            scope = Q(content_type__app_label=app_label)
            if model:
                scope &= Q(content_type__model=model)
            for action in actions:
                wanted |= scope & Q(codename__startswith=f"{action}_")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(wanted))


def addresses(role):
    """The e-mail addresses of a role's active accounts, for the e-mails the site sends it."""
    users = get_user_model().objects.filter(is_active=True, groups__name=role).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))
