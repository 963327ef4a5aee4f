import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import languages
from .uploads import validate_brochure, validate_image


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
        """All organisations for the Redaktion and the Team; for partners those of their active
        memberships, and a network's members where the membership includes them.

        Every scoped admin list, form choice and export goes through this one method.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("partners.access_all_organisations"):
            return self
        memberships = Membership.objects.filter(user=user, is_active=True)
        return self.filter(
            Q(pk__in=memberships.values("organisation"))
            | Q(parent__in=memberships.filter(includes_members=True).values("organisation"))
        )

    def stale(self, today=None, months=None):
        """Entries nobody has confirmed for `months` (ENTRY_STALE_MONTHS): never checked ones
        count from the day they were entered."""
        today = today or timezone.localdate()
        months = settings.ENTRY_STALE_MONTHS if months is None else months
        return self.annotate(checked_day=Coalesce("last_checked", TruncDate("created"))).filter(
            checked_day__lte=today - relativedelta(months=months)
        )


class OwnedQuerySet(models.QuerySet):
    """Rows that belong to an organisation (services, places, contact people, brochures)."""

    def visible_to(self, user):
        return self.filter(organisation__in=Organisation.objects.visible_to(user))


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=200, unique=True)
    short_description = models.CharField(_("Kurzbeschreibung"), max_length=300, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    phone_other = models.CharField(
        _("weitere Telefonnummer"),
        max_length=100,
        blank=True,
        help_text=_("Zum Beispiel „Notruf: 0800 …“."),
    )
    logo = models.FileField(
        _("Logo"),
        upload_to="logos/",
        blank=True,
        validators=[validate_image],
        help_text=_("PNG, JPEG oder WebP, höchstens 1 MB."),
    )
    legal_status = models.CharField(
        _("Rechtsform"), max_length=100, blank=True, help_text=_("Zum Beispiel Verein, gGmbH.")
    )
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
    is_trusted = models.BooleanField(
        _("vertrauenswürdig"),
        default=False,
        help_text=_("Änderungen der Partner*innen erscheinen ohne Freigabe durch die Redaktion."),
    )
    last_checked = models.DateField(_("zuletzt geprüft am"), null=True, blank=True)
    last_reminded = models.DateField(
        _("zuletzt erinnert am"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Wann die Partner*innen zuletzt gebeten wurden, den Eintrag zu prüfen."),
    )
    created = models.DateTimeField(_("angelegt"), auto_now_add=True)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    # Fields only the Redaktion may change; a partner's change never touches them.
    editorial_fields = ("slug", "is_published", "is_trusted", "parent", "last_checked")

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

    @property
    def checked_on(self):
        """When the entry was last confirmed, or else entered: what "zuletzt geprüft" shows."""
        return self.last_checked or timezone.localdate(self.created)


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
    is_active = models.BooleanField(
        _("aktiv"), default=True, help_text=_("Ohne Häkchen endet der Zugang sofort.")
    )
    includes_members = models.BooleanField(
        _("auch die Mitglieder des Netzwerks"),
        default=False,
        help_text=_(
            "Für die Koordination eines Netzwerks: Sie pflegt dann auch die Einträge der "
            "Mitgliedsorganisationen."
        ),
    )

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

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation_id else self.name


class Municipality(models.Model):
    """A municipality (Gemeinde) where services are offered; the directory filters by it."""

    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")

    def __str__(self):
        return self.name


class Language(models.Model):
    """A language a service is offered in, by its ISO 639-1 code."""

    code = models.CharField(
        _("Sprachcode (ISO 639-1)"),
        max_length=2,
        primary_key=True,
        validators=[RegexValidator(r"^[a-z]{2}$", _("Bitte zwei Kleinbuchstaben, z. B. „tr“."))],
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("Sprache")
        verbose_name_plural = _("Sprachen")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__in=list(languages.LANGUAGES)),
                name="language_iso_639_1",
                violation_error_message=_("Das ist kein Sprachcode nach ISO 639-1."),
            )
        ]

    def __str__(self):
        return languages.name(self.code, get_language() or "de")


class LocationQuerySet(OwnedQuerySet):
    def on_map(self):
        """Places the public may see on a map: published, with coordinates."""
        return self.filter(organisation__is_published=True, latitude__isnull=False)


class Location(models.Model):
    """A place where an organisation receives people (HSDS location)."""

    class Feature(models.TextChoices):
        # value: the URL value of the directory's "barrierefrei" filter; the field of the same name
        STEP_FREE = "stufenlos", _("stufenlos erreichbar")
        TOILET = "wc", _("barrierefreies WC")
        HEARING_LOOP = "induktionsschleife", _("Induktionsschleife")
        GUIDANCE = "leitsystem", _("Blindenleitsystem")
        PARKING = "parkplatz", _("Behindertenparkplatz")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="locations",
    )
    name = models.CharField(
        _("Bezeichnung"), max_length=200, blank=True, help_text=_("Zum Beispiel „Beratungsstelle“.")
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200)
    postal_code = models.CharField(
        _("Postleitzahl"),
        max_length=4,
        validators=[RegexValidator(r"^\d{4}$", _("Bitte eine vierstellige Postleitzahl."))],
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Gemeinde"),
        on_delete=models.PROTECT,
        related_name="locations",
    )
    latitude = models.DecimalField(
        _("Breitengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("Längengrad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    stufenlos = models.BooleanField(Feature.STEP_FREE.label, default=False)
    wc = models.BooleanField(Feature.TOILET.label, default=False)
    induktionsschleife = models.BooleanField(Feature.HEARING_LOOP.label, default=False)
    leitsystem = models.BooleanField(Feature.GUIDANCE.label, default=False)
    parkplatz = models.BooleanField(Feature.PARKING.label, default=False)
    accessibility_note = models.CharField(
        _("Hinweis zur Barrierefreiheit"), max_length=300, blank=True
    )
    directions = models.TextField(
        _("Anreise"), blank=True, help_text=_("Bus, Bahn, Parken, Eingang.")
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = LocationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("Standort")
        verbose_name_plural = _("Standorte")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="location_both_coordinates",
                violation_error_message=_("Bitte beide Koordinaten angeben oder keine."),
            ),
        ]

    def __str__(self):
        place = f"{self.street}, {self.postal_code} {self.municipality}"
        return f"{self.name}: {place}" if self.name else place

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Bitte beide Koordinaten angeben oder keine."))

    @property
    def features(self):
        return [feature for feature in self.Feature if getattr(self, feature.value)]

    @property
    def has_coordinates(self):
        return self.latitude is not None


class Access(models.TextChoices):
    REGISTRATION = "anmeldung", _("mit Anmeldung")
    APPOINTMENT = "termin", _("nach Terminvereinbarung")
    WALK_IN = "offen", _("ohne Anmeldung, einfach vorbeikommen")


class ServiceStatus(models.TextChoices):
    ACTIVE = "aktiv", _("aktiv")
    PAUSED = "pausiert", _("pausiert")
    ENDED = "eingestellt", _("eingestellt")


class ServiceQuerySet(OwnedQuerySet):
    def public(self):
        """Active and paused services, not ended ones."""
        return self.exclude(status=ServiceStatus.ENDED)

    def published(self):
        """What the public sees: the public services of published organisations."""
        return self.public().filter(organisation__is_published=True)


class Service(models.Model):
    """One thing an organisation offers (HSDS service, "Angebot")."""

    Access = Access
    Status = ServiceStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("Name"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("Zielgruppen"), blank=True, related_name="services"
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("Themen"), blank=True, related_name="services"
    )
    eligibility = models.TextField(
        _("Voraussetzungen"), blank=True, help_text=_("Wer das Angebot nutzen kann.")
    )
    is_free = models.BooleanField(_("kostenlos"), default=False)
    costs = models.CharField(
        _("Kosten"), max_length=300, blank=True, help_text=_("Wenn nicht kostenlos: was es kostet.")
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("Sprachen"), blank=True, related_name="services"
    )
    access = models.CharField(
        _("Zugang"), max_length=20, choices=Access.choices, default=Access.APPOINTMENT
    )
    hours = models.TextField(_("Zeiten"), blank=True, help_text=_("Zum Beispiel „Mo–Fr 8–12 Uhr“."))
    locations = models.ManyToManyField(
        Location, verbose_name=_("Standorte"), blank=True, related_name="services"
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name", "pk"]
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")
        constraints = [
            models.CheckConstraint(
                condition=Q(access__in=Access.values),
                name="service_access_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ServiceStatus.values),
                name="service_status_valid",
            ),
        ]

    def __str__(self):
        return self.name


class BrochureQuerySet(OwnedQuerySet):
    def current(self, day=None):
        """Brochures that have not expired on day (today by default)."""
        day = day or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))


class Brochure(models.Model):
    """A leaflet or brochure a partner leaves for the public, as a PDF or an image."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="brochures",
    )
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(
        _("Datei"),
        upload_to="broschueren/%Y/",
        validators=[validate_brochure],
        help_text=_("PDF, PNG, JPEG oder WebP, höchstens 10 MB."),
    )
    language = models.ForeignKey(
        Language,
        verbose_name=_("Sprache"),
        on_delete=models.PROTECT,
        default="de",
        related_name="brochures",
    )
    valid_until = models.DateField(
        _("gültig bis"), null=True, blank=True, help_text=_("Danach wird sie nicht mehr gezeigt.")
    )
    modified = models.DateTimeField(_("geändert"), auto_now=True)

    objects = BrochureQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("Broschüre")
        verbose_name_plural = _("Broschüren")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:brochure", kwargs={"slug": self.organisation.slug, "pk": self.pk})


class Synonym(models.Model):
    """A word people search for that the directory calls differently ("Jugendamt")."""

    word = models.CharField(
        _("Suchwort"), max_length=100, unique=True, help_text=_("Was Menschen eingeben.")
    )
    means = models.CharField(
        _("bedeutet"),
        max_length=200,
        help_text=_("Die Wörter im Sozialatlas, z. B. „Kinder- und Jugendhilfe“."),
    )

    class Meta:
        ordering = ["word"]
        verbose_name = _("Synonym")
        verbose_name_plural = _("Synonyme")

    def __str__(self):
        return f"{self.word} → {self.means}"


class SearchTerm(models.Model):
    """The search index: a term of an organisation's entry and how much it weighs.

    Written only by partners.search.index(); rebuilt by `manage.py rebuild_search_index`.
    """

    owner = "organisation"  # what partners.search.Search finds through this index

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="search_terms"
    )
    term = models.CharField(max_length=100)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "organisation"], name="search_term_unique"),
        ]

    def __str__(self):
        return self.term


class ServiceTerm(models.Model):
    """The search index of single services, for the open-data API: a term of a service, its
    topics, places and organisation. Written only by partners.search.index()."""

    owner = "service"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="search_terms")
    term = models.CharField(max_length=100)
    weight = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["term", "service"], name="service_term_unique"),
        ]

    def __str__(self):
        return self.term


class Spelling(models.Model):
    """A word of the index and its one-letter-deleted variants, for finding typos."""

    key = models.CharField(max_length=100)
    term = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "term"], name="spelling_unique")]

    def __str__(self):
        return f"{self.key} → {self.term}"


class FacetValue(models.Model):
    """What the directory's filters match, one row per value of an organisation's entry.

    Key examples: "zielgruppe:senior-innen" (with the parents of the term), "gemeinde:leibnitz",
    "sprache:tr", "barrierefrei:wc", "kostenlos:ja". Written only by partners.search.index().
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="facets")
    key = models.CharField(max_length=150)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "organisation"], name="facet_value_unique"),
        ]

    def __str__(self):
        return self.key


class SuggestionKind(models.TextChoices):
    NEW = "neu", _("neue Organisation")
    CORRECTION = "korrektur", _("Korrektur")


class SuggestionStatus(models.TextChoices):
    OPEN = "offen", _("offen")
    DONE = "erledigt", _("erledigt")
    REJECTED = "abgelehnt", _("abgelehnt")


class SuggestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=SuggestionStatus.OPEN)


class Suggestion(models.Model):
    """What the public sends the Redaktion: a new organisation, or a correction of an entry."""

    Kind = SuggestionKind
    Status = SuggestionStatus

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text=_(
            "Bei einer Korrektur der Eintrag; bei einem Vorschlag der daraus angelegte Entwurf."
        ),
    )
    name = models.CharField(_("Name der Organisation"), max_length=200, blank=True)
    offer = models.TextField(_("Angebot"), blank=True)
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=4, blank=True)
    municipality = models.CharField(_("Gemeinde"), max_length=120, blank=True)
    website = models.URLField(_("Website"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    email = models.EmailField(_("E-Mail der Organisation"), blank=True)
    message = models.TextField(_("Nachricht"), blank=True)
    sender_email = models.EmailField(
        _("E-Mail für Rückfragen"),
        blank=True,
        help_text=_("Wird gelöscht, sobald der Hinweis erledigt oder abgelehnt ist."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    note = models.TextField(
        _("interne Notiz"), blank=True, help_text=_("Nur für die Redaktion sichtbar.")
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bearbeitet von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("bearbeitet am"), null=True, blank=True)
    created = models.DateTimeField(_("eingegangen am"), auto_now_add=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("Hinweis aus der Öffentlichkeit")
        verbose_name_plural = _("Hinweise aus der Öffentlichkeit")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SuggestionKind.values), name="suggestion_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=SuggestionKind.NEW) | Q(organisation__isnull=False),
                name="suggestion_correction_has_organisation",
            ),
            # Handled means the sender's address is gone (the form promises it).
            models.CheckConstraint(
                condition=Q(status=SuggestionStatus.OPEN) | Q(sender_email=""),
                name="suggestion_handled_without_sender_email",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.CORRECTION and self.organisation_id:
            return _("Korrektur zu %(name)s") % {"name": self.organisation.name}
        return self.name or str(self.Kind.NEW.label)


class ChangeStatus(models.TextChoices):
    PENDING = "wartet", _("wartet auf Freigabe")
    APPROVED = "freigegeben", _("freigegeben")
    REJECTED = "abgelehnt", _("abgelehnt")


class PendingChangeQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=ChangeStatus.PENDING)


class PendingChange(models.Model):
    """A partner's change to their organisation's entry, waiting for the Redaktion.

    data and base are snapshots of the whole entry (partners.review.snapshot): the partner's
    version, and the published one when the partner started. Written only by partners.review.
    """

    Status = ChangeStatus

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="pending_changes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    data = models.JSONField(_("neue Fassung"), encoder=DjangoJSONEncoder)
    base = models.JSONField(_("Fassung beim Beginn"), encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created = models.DateTimeField(_("eingereicht am"), auto_now_add=True)
    modified = models.DateTimeField(_("zuletzt bearbeitet"), auto_now=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geprüft von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed = models.DateTimeField(_("geprüft am"), null=True, blank=True)
    comment = models.TextField(_("Kommentar der Redaktion"), blank=True)

    objects = PendingChangeQuerySet.as_manager()

    class Meta:
        ordering = ["created"]
        verbose_name = _("Änderung zur Freigabe")
        verbose_name_plural = _("Änderungen zur Freigabe")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status=ChangeStatus.PENDING),
                name="one_pending_change_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ChangeStatus.values),
                name="pending_change_status_valid",
            ),
        ]

    def __str__(self):
        return _("Änderung an „%(organisation)s“") % {"organisation": self.organisation}
