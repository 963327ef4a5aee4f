import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation, TargetGroup, Topic
from schedule.models import Theme


class Channel(models.Model):
    """How a contact reached the Sozial-Info; the Redaktion can add more."""

    name = models.CharField(_("Bezeichnung"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Kontaktweg")
        verbose_name_plural = _("Kontaktwege")

    def __str__(self):
        return self.name


class Requester(models.TextChoices):
    CITIZEN = "citizen", _("Bürger*in")
    ORGANISATION = "organisation", _("Organisation")


class ContactQuerySet(models.QuerySet):
    def on_day(self, day):
        """Contacts that happened on a local calendar day."""
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
        return self.filter(happened_at__gte=start, happened_at__lt=start + datetime.timedelta(1))

    def correctable_by(self, user):
        """What a staff member may still correct or remove: their own entries of today."""
        return self.on_day(timezone.localdate()).filter(logged_by=user)


class Contact(models.Model):
    """One enquiry, logged without any personal data of the person asking. A row of an imported
    tally or of contacts merged by the retention command stands for `quantity` enquiries."""

    happened_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)
    channel = models.ForeignKey(Channel, verbose_name=_("Kontaktweg"), on_delete=models.PROTECT)
    requester = models.CharField(_("Wer fragt"), max_length=20, choices=Requester.choices)
    topics = models.ManyToManyField(Topic, verbose_name=_("Themen"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("Zielgruppen"), blank=True)
    referred_to = models.ManyToManyField(
        Organisation, verbose_name=_("weitervermittelt an"), blank=True
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("Thementag"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    quantity = models.PositiveIntegerField(
        _("Anzahl"),
        default=1,
        help_text=_("Mehr als 1 nur für übernommene Strichlisten und zusammengefasste Kontakte."),
    )
    # Sent by the quick-entry page with each entry, so that a retried or doubled send saves once.
    entry_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    note = models.CharField(
        _("Notiz"),
        max_length=300,
        blank=True,
        help_text=_(
            "Kurz und ohne persönliche Daten: kein Name, keine Adresse, keine Telefonnummer."
        ),
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_at"]
        verbose_name = _("Kontakt")
        verbose_name_plural = _("Kontakte")
        constraints = [
            models.CheckConstraint(
                condition=Q(requester__in=Requester.values), name="contact_requester_valid"
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="contact_quantity_positive"),
        ]

    def __str__(self):
        when = timezone.localtime(self.happened_at)
        return f"{when:%d.%m.%Y %H:%M} – {self.get_requester_display()} ({self.channel})"


class Kind(models.TextChoices):
    """What a DayLink counts: the contacts' topics, target groups or referrals."""

    TOPIC = "topics", _("Thema")
    TARGET_GROUP = "target_groups", _("Zielgruppe")
    REFERRAL = "referred_to", _("Weitervermittlung")


class DayCount(models.Model):
    """The contacts of one local day that agree in who asked, channel and theme day, summed.
    The statistics read these instead of every contact; contacts/counts.py keeps them."""

    day = models.DateField()
    requester = models.CharField(max_length=20, choices=Requester.choices)
    # Ids, not foreign keys: a key column may not be NULL (see counts.add).
    channel = models.PositiveBigIntegerField()
    theme = models.PositiveBigIntegerField(default=0)  # 0: on no theme day
    contacts = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "requester", "channel", "theme"], name="daycount_unique"
            ),
        ]

    def __str__(self):
        return f"{self.day}: {self.contacts}"


class DayLink(models.Model):
    """The contacts of one local day with one topic (target group, referral), summed; key 0
    sums those with none. contacts/counts.py keeps them."""

    day = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.PositiveBigIntegerField()
    contacts = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "kind", "key"], name="daylink_unique"),
        ]

    def __str__(self):
        return f"{self.day} {self.kind} {self.key}: {self.contacts}"
