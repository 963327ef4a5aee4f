import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation, TargetGroup


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")
    SATURDAY = 5, _("Samstag")
    SUNDAY = 6, _("Sonntag")


class Ordinal(models.IntegerChoices):
    FIRST = 1, _("1.")
    SECOND = 2, _("2.")
    THIRD = 3, _("3.")
    FOURTH = 4, _("4.")
    FIFTH = 5, _("5.")
    LAST = -1, _("letzter")


class ValidityQuerySet(models.QuerySet):
    def valid_between(self, start, end):
        """Rows whose validity overlaps the dates start to end (both inclusive)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=start)
        )


class Validity(models.Model):
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)

    class Meta:
        abstract = True

    def is_valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError(
                {"valid_until": _("„Gültig bis“ darf nicht vor „gültig ab“ liegen.")}
            )
        if self.starts is not None and self.ends is not None and self.ends <= self.starts:
            raise ValidationError({"ends": _("Das Ende muss nach dem Beginn liegen.")})


def validity_constraints(prefix):
    return [
        models.CheckConstraint(
            condition=Q(ends__gt=F("starts")), name=f"{prefix}_ends_after_start"
        ),
        models.CheckConstraint(
            condition=Q(valid_from__isnull=True)
            | Q(valid_until__isnull=True)
            | Q(valid_until__gte=F("valid_from")),
            name=f"{prefix}_valid_until_after_from",
        ),
    ]


class OpeningHours(Validity):
    """One regular opening window on a weekday; a day may have several."""

    weekday = models.PositiveSmallIntegerField(_("Wochentag"), choices=Weekday.choices)
    starts = models.TimeField(_("von"))
    ends = models.TimeField(_("bis"))
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "starts"]
        verbose_name = _("Öffnungszeit")
        verbose_name_plural = _("Öffnungszeiten")
        constraints = [
            *validity_constraints("opening_hours"),
            models.CheckConstraint(
                condition=Q(weekday__in=Weekday.values), name="opening_hours_weekday_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Theme(Validity):
    """A theme day rule: the n-th given weekday of every month, with a theme and its partners."""

    name = models.CharField(_("Thema"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=200, unique=True)
    ordinal = models.SmallIntegerField(
        _("Der wievielte Wochentag im Monat"),
        choices=Ordinal.choices,
        help_text=_(
            "Ein Termin am 5. Donnerstag findet nur in Monaten mit fünf Donnerstagen statt."
        ),
    )
    weekday = models.PositiveSmallIntegerField(
        _("Wochentag"), choices=Weekday.choices, default=Weekday.THURSDAY
    )
    starts = models.TimeField(_("von"), default=datetime.time(14))
    ends = models.TimeField(_("bis"), default=datetime.time(16))
    target_group = models.ForeignKey(
        TargetGroup,
        verbose_name=_("Zielgruppe"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="themes",
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    staff_note = models.CharField(
        _("Weitere Ansprechpersonen"),
        max_length=300,
        blank=True,
        help_text=_("Personen, die ohne eigene Organisation mitwirken, z. B. Peer-Berater*innen."),
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("Partnerorganisationen"), blank=True, related_name="themes"
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "starts", "name"]
        verbose_name = _("Thementag")
        verbose_name_plural = _("Thementage")
        constraints = [
            *validity_constraints("theme"),
            models.CheckConstraint(
                condition=Q(ordinal__in=Ordinal.values), name="theme_ordinal_valid"
            ),
            models.CheckConstraint(
                condition=Q(weekday__in=Weekday.values), name="theme_weekday_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schedule:theme", kwargs={"slug": self.slug})

    @property
    def rule_display(self):
        if self.ordinal == Ordinal.LAST:
            return _("jeden letzten %(weekday)s im Monat") % {"weekday": self.get_weekday_display()}
        return _("jeden %(ordinal)s %(weekday)s im Monat") % {
            "ordinal": self.get_ordinal_display(),
            "weekday": self.get_weekday_display(),
        }
