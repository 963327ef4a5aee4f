"""The three roles as Django groups, and the permissions each one has in the admin."""

from django.apps import apps as global_apps

REDAKTION = "Redaktion"
TEAM = "Team"
PARTNER = "Partner"

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

# Keys are an app label (every model of it) or "app_label.model".
ROLES = {
    # City editors: all content, the contact log too; user accounts stay with administrators.
    REDAKTION: {
        "partners": ALL,
        "schedule": ALL,
        "contacts": ALL,
        "flatpages": ALL,
        "sozialinfo.infopoint": ("change", "view"),
    },
    # Sozial-Info staff: the contact log; content read-only.
    TEAM: {
        "contacts.contact": ALL,
        "contacts.channel": VIEW,
        "partners.organisation": VIEW,
        "partners.targetgroup": VIEW,
        "partners.topic": VIEW,
        "schedule": VIEW,
    },
    # Partner organisations: their own entries only (the admin scopes the rows).
    PARTNER: {
        "partners.organisation": ("change", "view"),
    },
}


def sync_roles(apps=global_apps):
    """Create the groups and give each exactly the permissions ROLES lists."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = Permission.objects.none()
        for key, actions in grants.items():
            app_label, _, model = key.partition(".")
            scope = {"content_type__app_label": app_label}
            if model:
                scope["content_type__model"] = model
            codenames = [f"{action}_" for action in actions]
            for prefix in codenames:
                wanted |= Permission.objects.filter(codename__startswith=prefix, **scope)
        group.permissions.set(wanted)
