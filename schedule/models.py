import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partners.models import ContactPerson, Organisation, OwnedQuerySet, TargetGroup


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Montag")
    TUESDAY = 1, _("Dienstag")
    WEDNESDAY = 2, _("Mittwoch")
    THURSDAY = 3, _("Donnerstag")
    FRIDAY = 4, _("Freitag")
    SATURDAY = 5, _("Samstag")
    SUNDAY = 6, _("Sonntag")


class Ordinal(models.IntegerChoices):
    EVERY = 0, _("jeden")
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
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("„Gültig bis“ darf nicht vor „gültig ab“ liegen.")
        if self.starts is not None and self.ends is not None and self.ends <= self.starts:
            errors["ends"] = _("Das Ende muss nach dem Beginn liegen.")
        if errors:
            raise ValidationError(errors)


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

    def applies_on(self, day):
        return day.weekday() == self.weekday and self.is_valid_on(day)

    def clean(self):
        super().clean()
        if self.weekday is None or self.starts is None or self.ends is None:
            return
        far = datetime.date.max
        overlapping = (
            OpeningHours.objects.exclude(pk=self.pk)
            .filter(weekday=self.weekday, starts__lt=self.ends, ends__gt=self.starts)
            .valid_between(self.valid_from or datetime.date.min, self.valid_until or far)
        )
        if clash := overlapping.first():
            raise ValidationError(
                _(
                    "Diese Zeit überschneidet sich mit „%(other)s“. Bitte passen Sie eine der "
                    "beiden an oder begrenzen Sie die Gültigkeit."
                )
                % {"other": clash}
            )


class Kind(models.TextChoices):
    THEME_DAY = "theme_day", _("Thementag")
    OFFER = "offer", _("weiteres Angebot im Haus")


class Theme(Validity):
    """A recurring date rule: a theme day (the n-th weekday of every month) or another offer."""

    Kind = Kind

    kind = models.CharField(
        _("Art"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.THEME_DAY,
        help_text=_(
            "Während eines Thementags ist die Sozial-Info geöffnet; weitere Angebote "
            "(z. B. eine Beratung eines Vereins) nutzen nur die Räume."
        ),
    )
    name = models.CharField(_("Thema"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=200, unique=True)
    ordinal = models.SmallIntegerField(
        _("Der wievielte Wochentag im Monat"),
        choices=Ordinal.choices,
        help_text=_(
            "„jeden“ heißt jede Woche. Ein Termin am 5. Donnerstag findet nur in Monaten "
            "mit fünf Donnerstagen statt."
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
    location = models.CharField(
        _("Ort"),
        max_length=200,
        blank=True,
        help_text=_("Leer lassen, wenn der Termin in der Sozial-Info stattfindet."),
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
    contact_people = models.ManyToManyField(
        ContactPerson, verbose_name=_("Ansprechpersonen"), blank=True, related_name="themes"
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        ordering = ["-kind", "ordinal", "weekday", "starts", "name"]
        verbose_name = _("Thementag oder Angebot")
        verbose_name_plural = _("Thementage und Angebote")
        constraints = [
            *validity_constraints("theme"),
            models.CheckConstraint(
                condition=Q(ordinal__in=Ordinal.values), name="theme_ordinal_valid"
            ),
            models.CheckConstraint(
                condition=Q(weekday__in=Weekday.values), name="theme_weekday_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="theme_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schedule:theme", kwargs={"slug": self.slug})

    def falls_on(self, day):
        """Whether the rule puts a date on day (ignoring holidays, closures and changes)."""
        if day.weekday() != self.weekday or not self.is_valid_on(day):
            return False
        if self.ordinal == Ordinal.EVERY:
            return True
        if self.ordinal == Ordinal.LAST:
            return (day + datetime.timedelta(days=7)).month != day.month
        return (day.day - 1) // 7 + 1 == self.ordinal

    def get_ical_url(self):
        return reverse("theme_feed", kwargs={"slug": self.slug})

    @property
    def is_theme_day(self):
        return self.kind == self.Kind.THEME_DAY

    @property
    def rule_display(self):
        if self.ordinal == Ordinal.EVERY:
            return _("jeden %(weekday)s") % {"weekday": self.get_weekday_display()}
        if self.ordinal == Ordinal.LAST:
            return _("jeden letzten %(weekday)s im Monat") % {"weekday": self.get_weekday_display()}
        return _("jeden %(ordinal)s %(weekday)s im Monat") % {
            "ordinal": self.get_ordinal_display(),
            "weekday": self.get_weekday_display(),
        }


class ClosureQuerySet(models.QuerySet):
    def between(self, first, last):
        return self.filter(first_day__lte=last, last_day__gte=first)


class Closure(models.Model):
    """Days on which the Sozial-Info is closed or theme days do not take place."""

    first_day = models.DateField(_("von"))
    last_day = models.DateField(_("bis einschließlich"))
    reason = models.CharField(
        _("Grund"), max_length=200, help_text=_("Zum Beispiel „Sommerpause“ oder „Betriebsurlaub“.")
    )
    closes_office = models.BooleanField(
        _("Sozial-Info geschlossen"),
        default=True,
        help_text=_("Die regulären Öffnungszeiten entfallen."),
    )
    cancels_themes = models.BooleanField(
        _("Termine entfallen"),
        default=True,
        help_text=_("Thementage und weitere Angebote in diesem Zeitraum entfallen."),
    )

    objects = ClosureQuerySet.as_manager()

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("Schließzeit")
        verbose_name_plural = _("Schließzeiten")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="closure_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(closes_office=True) | Q(cancels_themes=True),
                name="closure_closes_something",
                violation_error_message=_(
                    "Eine Schließzeit muss die Öffnungszeiten, die Termine oder beides betreffen."
                ),
            ),
        ]

    def __str__(self):
        if self.first_day == self.last_day:
            return f"{self.reason} ({self.first_day:%d.%m.%Y})"
        return f"{self.reason} ({self.first_day:%d.%m.}–{self.last_day:%d.%m.%Y})"

    def clean(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError(
                {"last_day": _("Eine Schließzeit kann nicht enden, bevor sie beginnt.")}
            )


class HeldHoliday(models.Model):
    """A public holiday on which the Sozial-Info opens and holds its dates anyway."""

    day = models.DateField(_("Datum"), unique=True)
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("Feiertag mit Betrieb")
        verbose_name_plural = _("Feiertage mit Betrieb")

    def __str__(self):
        return f"{self.day:%d.%m.%Y}"


class DateChange(models.Model):
    """A change to one date of a rule: cancelled, moved, or staffed by other partners."""

    theme = models.ForeignKey(
        Theme, verbose_name=_("Termin-Regel"), on_delete=models.CASCADE, related_name="changes"
    )
    day = models.DateField(_("Termin am"), help_text=_("Das Datum, auf das die Regel fällt."))
    is_cancelled = models.BooleanField(_("entfällt"), default=False)
    reason = models.CharField(
        _("Grund / Hinweis"),
        max_length=200,
        blank=True,
        help_text=_("Wird öffentlich angezeigt, z. B. „Krankheit“ oder „diesmal im Rathaus“."),
    )
    moved_to = models.DateField(_("verschoben auf"), null=True, blank=True)
    starts = models.TimeField(_("neue Beginnzeit"), null=True, blank=True)
    ends = models.TimeField(_("neue Endzeit"), null=True, blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("diesmal vor Ort"),
        blank=True,
        related_name="date_changes",
        help_text=_("Leer lassen, wenn die üblichen Partnerorganisationen kommen."),
    )

    class Meta:
        ordering = ["day"]
        verbose_name = _("Änderung eines Termins")
        verbose_name_plural = _("Änderungen einzelner Termine")
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "day"],
                name="date_change_once_per_day",
                violation_error_message=_(
                    "Für diesen Termin gibt es schon eine Änderung. Bitte bearbeiten Sie diese."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_cancelled=False) | ~Q(reason=""),
                name="date_change_cancel_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(starts__isnull=True) | Q(ends__isnull=True) | Q(ends__gt=F("starts")),
                name="date_change_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(starts__isnull=True, ends__isnull=True)
                | Q(starts__isnull=False, ends__isnull=False),
                name="date_change_both_times",
            ),
        ]

    def __str__(self):
        return f"{self.theme} – {self.day:%d.%m.%Y}"

    def clean(self):
        errors = {}
        if self.is_cancelled and not self.reason:
            errors["reason"] = _("Bitte geben Sie einen Grund an, er wird öffentlich angezeigt.")
        if (self.starts is None) != (self.ends is None):
            errors["ends" if self.ends is None else "starts"] = _(
                "Bitte geben Sie Beginn und Ende an, oder keines von beiden."
            )
        elif self.starts is not None and self.ends <= self.starts:
            errors["ends"] = _("Das Ende muss nach dem Beginn liegen.")
        if self.theme_id and self.day and not self.theme.falls_on(self.day):
            errors["day"] = _(
                "An diesem Tag findet „%(theme)s“ laut Regel nicht statt. "
                "Bitte wählen Sie ein Datum, auf das die Regel fällt."
            ) % {"theme": self.theme}
        if errors:
            raise ValidationError(errors)


class AbsenceQuerySet(OwnedQuerySet):
    def upcoming(self, today):
        return self.filter(day__gte=today)


class Absence(models.Model):
    """A partner organisation reports that it cannot staff one date of a theme day."""

    theme = models.ForeignKey(
        Theme, verbose_name=_("Termin-Regel"), on_delete=models.CASCADE, related_name="absences"
    )
    day = models.DateField(_("Termin am"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="absences",
    )
    note = models.TextField(
        _("Hinweis an die Redaktion"),
        blank=True,
        help_text=_("Zum Beispiel, ob jemand anderer einspringen kann."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeldet von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created = models.DateTimeField(_("gemeldet am"), auto_now_add=True)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["day", "theme__name"]
        verbose_name = _("Absage zu einem Thementag")
        verbose_name_plural = _("Absagen zu Thementagen")
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "day", "organisation"],
                name="absence_once_per_date",
                violation_error_message=_("Für diesen Termin ist schon eine Absage gemeldet."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.theme}, {self.day:%d.%m.%Y}"
