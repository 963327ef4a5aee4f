from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Austria's states by their ISO 3166-2 number, as the holidays package names them.
REGIONS = [
    ("1", "Burgenland"),
    ("2", "Kärnten"),
    ("3", "Niederösterreich"),
    ("4", "Oberösterreich"),
    ("5", "Salzburg"),
    ("6", "Steiermark"),
    ("7", "Tirol"),
    ("8", "Vorarlberg"),
    ("9", "Wien"),
]


class InfoPointQuerySet(models.QuerySet):
    def current(self):
        """The one info point this site runs, or an unsaved blank one before any content exists."""
        return self.filter(pk=1).first() or InfoPoint(pk=1)


class InfoPoint(models.Model):
    """The walk-in office this site belongs to: its name, address and how to reach it."""

    name = models.CharField(_("Name"), max_length=100, default="Sozial-Info")
    operator = models.CharField(
        _("Träger*in"), max_length=200, blank=True, help_text=_("Zum Beispiel die Stadtgemeinde.")
    )
    intro = models.TextField(
        _("Einleitung"), blank=True, help_text=_("Ein paar Sätze für die Startseite.")
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=10, blank=True)
    municipality = models.CharField(_("Ort"), max_length=100, blank=True)
    venue = models.CharField(
        _("Raum oder Gebäude"),
        max_length=200,
        blank=True,
        help_text=_("Zum Beispiel „WOHNZIMMER“."),
    )
    contact_person = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    holiday_region = models.CharField(
        _("Feiertage nach Bundesland"),
        max_length=2,
        choices=REGIONS,
        default="6",
        help_text=_("An gesetzlichen Feiertagen ist geschlossen und Thementage entfallen."),
    )
    closed_dec_24_31 = models.BooleanField(
        _("24. und 31. Dezember geschlossen"),
        default=False,
        help_text=_("Behandelt Heiligabend und Silvester wie Feiertage."),
    )

    objects = InfoPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("Stammdaten der Sozial-Info")
        verbose_name_plural = _("Stammdaten der Sozial-Info")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="info_point_single_row"),
            models.CheckConstraint(
                condition=Q(holiday_region__in=[code for code, _name in REGIONS]),
                name="info_point_holiday_region_valid",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def address(self):
        town = " ".join(part for part in (self.postal_code, self.municipality) if part)
        return ", ".join(part for part in (self.street, town) if part)

    @property
    def phone_uri(self):
        digits = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else ""
