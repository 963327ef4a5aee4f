import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def reaches(obj, link):
    """Whether following obj's link (parent, network) upwards leads back to obj."""
    node, seen = getattr(obj, link), set()
    while node is not None and node.pk not in seen:
        if obj.pk is not None and node.pk == obj.pk:
            return True
        seen.add(node.pk)
        node = getattr(node, link)
    return False


class Term(models.Model):
    """A node of an editable, hierarchical taxonomy."""

    name = models.CharField(_("Bezeichnung"), max_length=120)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("übergeordnet"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="%(class)s_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if reaches(self, "parent"):
            raise ValidationError({"parent": _("Ein Begriff kann nicht unter sich selbst stehen.")})


class TargetGroup(Term):
    class Meta(Term.Meta):
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")


class Topic(Term):
    class Meta(Term.Meta):
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")


class OrganisationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """All organisations for the Redaktion and the Team, their own for partners."""
        if user.has_perm("partners.access_all_organisations"):
            return self
        return self.filter(memberships__user=user, memberships__is_active=True).distinct()


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=200, unique=True)
    short_description = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("gehört zum Netzwerk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("Zum Beispiel ARGE Flexible Hilfen für ihre Mitglieder."),
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="organisations"
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("Themen"), blank=True, related_name="organisations"
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=True)
    last_checked = models.DateField(_("zuletzt geprüft am"), null=True, blank=True)
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        permissions = [("access_all_organisations", _("Darf alle Organisationen sehen"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organisation_not_own_network"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def clean(self):
        if reaches(self, "parent"):
            raise ValidationError(
                {"parent": _("Eine Organisation kann nicht ihr eigenes Netzwerk sein.")}
            )


class Membership(models.Model):
    """Gives a partner account access to one organisation's entry."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer*in"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("Zugang")
        verbose_name_plural = _("Zugänge")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class ContactPerson(models.Model):
    """A named person at an organisation whom the public may contact."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="contact_people",
    )
    name = models.CharField(_("Name"), max_length=200)
    role = models.CharField(_("Funktion"), max_length=200, blank=True)
    phone = models.CharField(_("Telefon (öffentlich)"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail (öffentlich)"), blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation_id else self.name
