"""The contact log as CSV and XLSX files (django-import-export): tallies kept on paper or in a
spreadsheet come in through the admin's import; raw contacts go out through the admin's export
and the statistics' (`ContactResource().export(queryset=...)`).

A row names everything by its name, as people write it: "Telefon", "Bürger*in", "Wohnen". A name
that does not exist or fits several entries is an error of its row, and a file with an error
anywhere writes nothing. An exported file imported again changes nothing: its "ID" column finds
each contact; rows without an ID are new contacts. The column names are the file's format and
stay German in every language of the interface. Exports never name staff. Text a spreadsheet
would take for a formula goes out behind an apostrophe, which the import takes off again.
"""

import datetime
import re

import tablib
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext
from import_export import fields, widgets

from partners.models import Organisation, TargetGroup, Topic
from partners.resources import (
    DayWidget,
    DirectoryResource,
    TextWidget,
    WholeNumberWidget,
    is_blank,
    quoted,
)
from schedule.models import Theme
from schedule.occurrences import theme_day_at

from . import counts
from .models import Channel, Contact, Requester
from .privacy import personal_data

# A tally row without a time counts for the whole day; it is put at noon, as merged old
# contacts are (see contacts/retention.py). A row at noon is never put on a theme day by its time.
DAY_TALLY_TIME = datetime.time(12)

# Text starting so is a formula to a spreadsheet; it goes out as "'=…" (see escape_formula).
FORMULA = re.compile(r"'*[=+\-@\t\r]")


def escape_formula(value):
    """Text a spreadsheet would run as a formula, behind an apostrophe. Text that only looks
    escaped ("'=1") gets one too, so that unescape_formula gives every text back as it was."""
    if isinstance(value, str) and FORMULA.match(value):
        return "'" + value
    return value


def unescape_formula(value):
    """A cell as escape_formula found it."""
    if isinstance(value, str) and value.startswith("'") and FORMULA.match(value, 1):
        return value[1:]
    return value


class Names:
    """A model's objects by name (in any case) or slug, read from the database once."""

    def __init__(self, model):
        self.model = model
        self.by_name = None

    def load(self):
        self.by_name, self.by_slug = {}, {}
        has_slug = any(f.name == "slug" for f in self.model._meta.fields)
        columns = ("pk", "name", "slug") if has_slug else ("pk", "name")
        for obj in self.model.objects.only(*columns).order_by("pk"):
            self.by_name.setdefault(obj.name.casefold(), []).append(obj)
            if has_slug:
                self.by_slug[obj.slug] = obj

    def find(self, key):
        """The objects key names: one, none, or several when it is ambiguous."""
        if self.by_name is None:
            self.load()
        named = self.by_name.get(key.casefold(), [])
        exact = [obj for obj in named if obj.name == key]
        if len(named) > 1 and len(exact) == 1:
            return exact
        if not named and key in self.by_slug:
            return [self.by_slug[key]]
        return named

    def ambiguous(self, key, found):
        slugs = [obj.slug for obj in found if getattr(obj, "slug", None)]
        if len(slugs) == len(found):
            return _(
                "„%(value)s“ ist mehrdeutig, so heißen mehrere Einträge. Bitte stattdessen "
                "einen dieser Kurznamen angeben: %(choices)s."
            ) % {"value": key, "choices": quoted(slugs)}
        return _("„%(value)s“ ist mehrdeutig, so heißen mehrere Einträge: %(choices)s.") % {
            "value": key,
            "choices": quoted(obj.name for obj in found),
        }


class NameWidget(widgets.ForeignKeyWidget):
    """One related object by its name (or slug); `required` is the message for an empty cell."""

    def __init__(self, model, unknown, required=None):
        self.names = Names(model)
        self.unknown, self.required = unknown, required
        super().__init__(model, "name")

    def clean(self, value, row=None, **kwargs):
        key = TextWidget().clean(value)
        if not key:
            if self.required:
                raise ValueError(self.required)
            return None
        found = self.names.find(key)
        if len(found) > 1:
            raise ValueError(self.names.ambiguous(key, found))
        if not found:
            raise ValueError(self.unknown % {"value": quoted([key])})
        return found[0]


class NamesWidget(widgets.ManyToManyWidget):
    """Related objects by their names (or slugs), separated by "|", ";" or line breaks, or by
    commas where the names themselves have none. Unknown or ambiguous names are errors."""

    SEPARATORS = re.compile(r"[|;\n]")

    def __init__(self, model, unknown):
        self.names = Names(model)
        self.unknown = unknown  # ngettext_lazy with %(values)s, counted by "count"
        super().__init__(model, separator="|", field="name")

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return []
        found, missing, problems = {}, [], []
        for part in self.SEPARATORS.split(TextWidget().clean(value)):
            keys = [part.strip()]
            if "," in part and not self.names.find(part.strip()):
                keys = part.split(",")  # "Wohnen, Arbeit"
            for key in filter(None, (k.strip() for k in keys)):
                objs = self.names.find(key)
                if len(objs) == 1:
                    found.setdefault(objs[0].pk, objs[0])
                elif objs:
                    problems.append(self.names.ambiguous(key, objs))
                elif key not in missing:
                    missing.append(key)
        if missing:
            problems.insert(0, self.unknown % {"count": len(missing), "values": quoted(missing)})
        if problems:
            raise ValueError(" ".join(str(problem) for problem in problems))
        return list(found.values())


class RequesterWidget(widgets.Widget):
    """Bürger*in or Organisation, in the spellings people use; exported as the German word."""

    WORDS = {"citizen": "Bürger*in", "organisation": "Organisation"}
    ALIASES = {
        Requester.CITIZEN: {
            "citizen",
            "citizens",
            "bürger",
            "bürgerin",
            "bürgerinnen",
            "privat",
            "privatperson",
            "person",
        },
        Requester.ORGANISATION: {
            "organisation",
            "organisationen",
            "organization",
            "organizations",
            "org",
            "institution",
            "einrichtung",
        },
    }

    def clean(self, value, row=None, **kwargs):
        text = TextWidget().clean(value)
        if not text:
            raise ValueError(_("Bitte angeben, wer gefragt hat: Bürger*in oder Organisation."))
        word = re.sub(r"[*:_/ ()-]", "", text.casefold()).replace("ue", "ü")
        for kind, aliases in self.ALIASES.items():
            if word in aliases:
                return kind.value
        raise ValueError(
            _("„%(value)s“ gibt es nicht; möglich sind „Bürger*in“ und „Organisation“.")
            % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        return self.WORDS.get(value, "")


class DateWidget(widgets.Widget):
    """The local day of a moment: 31.3.2024 (or 2024-03-31 or a spreadsheet's date cell)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        day = DayWidget().clean(value)
        if day is None:
            raise ValueError(_("Bitte ein Datum angeben, etwa 31.3.2024."))
        return day

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        day = timezone.localtime(value, kwargs.get("tzinfo")).date()
        return day if kwargs.get("force_native_type") else f"{day.day}.{day.month}.{day.year}"


class TimeWidget(widgets.Widget):
    """The local time of a moment: 14:30 (or 14.30, 14:30:00, "14 Uhr", a time cell)."""

    PATTERN = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(?:[:.](\d{2}))?(?:\s*uhr)?", re.IGNORECASE)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.time()
        if isinstance(value, datetime.time):
            return value
        if is_blank(value):
            return None
        text = str(value).strip()
        match = self.PATTERN.fullmatch(text)
        try:
            if not match or (match.group(2) is None and "uhr" not in text.casefold()):
                raise ValueError
            return datetime.time(*(int(part or 0) for part in match.groups()))
        except ValueError:
            raise ValueError(
                _("Bitte eine Uhrzeit wie 14:30 statt „%(value)s“.") % {"value": text}
            ) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        moment = timezone.localtime(value, kwargs.get("tzinfo"))
        if kwargs.get("force_native_type"):
            return moment.time().replace(second=0, microsecond=0)
        return f"{moment:%H:%M}"


class ContactResource(DirectoryResource):
    """Contacts, one per row; a row with "Anzahl" stands for that many contacts.

    Export: `ContactResource().export(queryset=...)` gives a tablib Dataset of the contacts in
    time order, with at most four queries however many there are; pass `force_native_type=True`
    for XLSX (dates, times and numbers stay such).
    """

    required_columns = ("Datum", "Kontaktweg", "Wer fragt")

    ID = fields.Field(attribute="id", column_name="ID", widget=WholeNumberWidget(), readonly=True)
    day = fields.Field(
        attribute="happened_at", column_name="Datum", widget=DateWidget(), readonly=True
    )
    time = fields.Field(
        attribute="happened_at", column_name="Uhrzeit", widget=TimeWidget(), readonly=True
    )
    channel = fields.Field(
        attribute="channel",
        column_name="Kontaktweg",
        widget=NameWidget(
            Channel,
            _("Unbekannter Kontaktweg: %(value)s"),
            _("Bitte einen Kontaktweg angeben, etwa „Telefon“."),
        ),
    )
    requester = fields.Field(
        attribute="requester", column_name="Wer fragt", widget=RequesterWidget()
    )
    topics = fields.Field(
        attribute="topics",
        column_name="Themen",
        widget=NamesWidget(
            Topic,
            ngettext_lazy(
                "Unbekanntes Thema: %(values)s", "Unbekannte Themen: %(values)s", "count"
            ),
        ),
    )
    target_groups = fields.Field(
        attribute="target_groups",
        column_name="Zielgruppen",
        widget=NamesWidget(
            TargetGroup,
            ngettext_lazy(
                "Unbekannte Zielgruppe: %(values)s", "Unbekannte Zielgruppen: %(values)s", "count"
            ),
        ),
    )
    referred_to = fields.Field(
        attribute="referred_to",
        column_name="Weitervermittelt an",
        widget=NamesWidget(
            Organisation,
            ngettext_lazy(
                "Unbekannte Organisation: %(values)s",
                "Unbekannte Organisationen: %(values)s",
                "count",
            ),
        ),
    )
    theme = fields.Field(
        attribute="theme",
        column_name="Thementag",
        widget=NameWidget(Theme, _("Unbekannter Thementag: %(value)s")),
    )
    quantity = fields.Field(
        attribute="quantity", column_name="Anzahl", widget=WholeNumberWidget(), default=1
    )
    note = fields.Field(attribute="note", column_name="Notiz", widget=TextWidget())

    class Meta:
        model = Contact
        import_id_fields = ("ID",)
        fields = (
            "ID",
            "day",
            "time",
            "channel",
            "requester",
            "topics",
            "target_groups",
            "referred_to",
            "theme",
            "quantity",
            "note",
        )

    # Export

    def export(self, queryset=None, **kwargs):
        """The contacts in time order, from plain rows: one query for the contacts and one for
        each many-to-many column, however many there are."""
        if queryset is None:
            queryset = self.get_queryset()
        if not isinstance(queryset, QuerySet):
            return super().export(queryset, **kwargs)
        self.before_export(queryset, **kwargs)
        queryset = self.filter_export(queryset, **kwargs)
        fields_ = self.get_export_fields(kwargs.get("export_fields"))
        # Looked up once, not twice per row: the time zone and whether numbers are grouped.
        options = {**kwargs, "tzinfo": timezone.get_current_timezone()}
        self.plain_numbers = number_format(1234567) == "1234567"
        dataset = tablib.Dataset(headers=[force_str(field.column_name) for field in fields_])
        related = {
            field.attribute: self.related_names(queryset, field.attribute)
            for field in fields_
            if isinstance(field.widget, widgets.ManyToManyWidget)
        }
        rows = queryset.order_by("happened_at", "pk").values(
            "id", "happened_at", "requester", "quantity", "note", "channel__name", "theme__name"
        )
        for row in rows:
            for attribute, names in related.items():
                row[attribute] = "|".join(names.get(row["id"], ()))
            row["channel"], row["theme"] = row["channel__name"] or "", row["theme__name"] or ""
            dataset.append([self.export_value(field, row, **options) for field in fields_])
        self.after_export(queryset, dataset, **kwargs)
        return dataset

    @staticmethod
    def related_names(queryset, attribute):
        """{contact id: [names]} of a many-to-many field, in the order of the related model."""
        field = Contact._meta.get_field(attribute)
        target = field.m2m_reverse_field_name()
        ordering = [
            f"-{target}__{key[1:]}" if key.startswith("-") else f"{target}__{key}"
            for key in field.related_model._meta.ordering
        ]
        links = (
            field.remote_field.through.objects.filter(contact__in=queryset.values("pk"))
            .order_by(*ordering, "pk")
            .values_list("contact_id", f"{target}__name")
        )
        names = {}
        for contact, name in links:
            names.setdefault(contact, []).append(name)
        return names

    def export_value(self, field, row, **kwargs):
        """A cell from a plain row: related objects are there by name already."""
        value = row[field.attribute]
        if type(value) is int and self.plain_numbers and not kwargs.get("force_native_type"):
            value = str(value)  # what number_format() gives, at a tenth of its time
        elif not isinstance(field.widget, (widgets.ForeignKeyWidget, widgets.ManyToManyWidget)):
            value = field.widget.render(value, **kwargs)
        return escape_formula(value)

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    # Import

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        for column, value in row.items():
            row[column] = unescape_formula(value)

    def get_instance(self, instance_loader, row):
        field = self.fields["ID"]
        try:
            key = field.widget.clean(row.get(field.column_name))
        except ValueError as error:
            raise ValidationError({field.column_name: str(error)}) from None
        if key is None:
            return None
        found = self.get_queryset().filter(pk=key).first()
        if found is None:
            raise ValidationError(
                {
                    field.column_name: _(
                        "Einen Kontakt mit der ID %(value)s gibt es nicht (mehr). Für neue "
                        "Kontakte bleibt die Spalte „ID“ leer."
                    )
                    % {"value": key}
                }
            )
        return found

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.days = set()  # the local days whose counts change

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        self.original_note = None if new else instance.note
        if not new:
            self.days.add(counts.local_day(instance.happened_at))
        if new and getattr(kwargs.get("user"), "pk", None):
            instance.logged_by = kwargs["user"]  # who imported it, as the admin's "add" does

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        timed = self.import_moment(instance, row, errors)
        if timed and instance.theme_id is None and "theme" not in errors:
            instance.theme = theme_day_at(instance.happened_at)  # as ContactForm does
        if "quantity" not in errors and instance.quantity is not None and instance.quantity < 1:
            errors["quantity"] = [
                ValidationError(
                    _("Die Anzahl muss mindestens 1 sein, nicht „%(value)s“.")
                    % {"value": row.get("Anzahl")}
                )
            ]
        # A note staff confirmed (a partner's phone number) may stay as it is.
        changed = instance.note != self.original_note
        if "note" not in errors and changed and (found := personal_data(instance.note)):
            errors["note"] = [
                ValidationError(
                    _(
                        "Die Notiz „%(value)s“ enthält vielleicht %(what)s. Kontakte werden ohne "
                        "persönliche Daten erfasst: Bitte entfernen Sie sie aus der Datei."
                    )
                    % {
                        "value": instance.note,
                        "what": f" {pgettext('list', 'und')} ".join(map(str, found)),
                    }
                )
            ]
        if errors:
            raise ValidationError(errors)

    def import_moment(self, instance, row, errors):
        """Set happened_at from "Datum" and "Uhrzeit"; whether the contact has a time of its
        own (a day tally has none and is put at noon)."""
        current = None if instance._state.adding else timezone.localtime(instance.happened_at)
        day = self.cell("day", row, errors)
        time = self.cell("time", row, errors)
        if day is None and current and "Datum" not in row:
            day = current.date()
        if day is None or "Datum" in errors or "Uhrzeit" in errors:
            return False
        if day > timezone.localdate():
            errors["Datum"] = [
                ValidationError(
                    _("Der %(value)s liegt in der Zukunft.")
                    % {"value": f"{day.day}.{day.month}.{day.year}"}
                )
            ]
            return False
        if time is None:
            if current and current.date() == day:
                return current.time() != DAY_TALLY_TIME  # an existing contact keeps its time
            instance.happened_at = timezone.make_aware(
                datetime.datetime.combine(day, DAY_TALLY_TIME)
            )
            return False
        moment = timezone.make_aware(datetime.datetime.combine(day, time))
        if moment > timezone.now():
            errors["Uhrzeit"] = [
                ValidationError(
                    _("%(value)s Uhr liegt heute noch in der Zukunft.") % {"value": f"{time:%H:%M}"}
                )
            ]
            return False
        # A file has minutes: an unchanged contact keeps its seconds.
        if not (current and current.replace(second=0, microsecond=0) == moment):
            instance.happened_at = moment
        return time != DAY_TALLY_TIME  # noon is where day tallies are, whoever wrote it

    def cell(self, name, row, errors):
        """The value of a field's column, None if empty or missing; a bad one is an error."""
        field = self.fields[name]
        if field.column_name not in row:
            return None
        try:
            return field.clean(row)
        except ValueError as error:
            errors[field.column_name] = [ValidationError(str(error))]
            return None

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            # Errors are shown by column, as the file names them.
            columns = {field.attribute: field.column_name for field in self.fields.values()}
            columns["happened_at"] = "Datum"
            raise ValidationError(
                {columns.get(key, key): messages for key, messages in error.message_dict.items()}
            ) from None

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        self.days.add(counts.local_day(instance.happened_at))

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not self._is_dry_run(kwargs):  # a rolled-back import rolls this back too
            counts.recount(self.days)

    def indexed_organisation(self, instance):
        return None  # contacts are not in the directory's search index
