"""The directory as CSV, XLSX and JSON files (django-import-export): organisations, their
places (Standorte) and their services (Angebote).

Rows refer to each other by readable keys: organisations by slug, taxonomy terms by slug,
languages by ISO 639-1 code, municipalities by name or slug, places and services by uuid.
A key that does not exist is an error of its row, never silently dropped, and a file with an
error anywhere writes nothing. An exported file imports again without changing anything.
"""

import codecs
import functools
import json
import re
import uuid
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from graphlib import CycleError, TopologicalSorter
from io import BytesIO

import reversion
import tablib
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import NOT_PROVIDED, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.results import Result

from . import search
from .languages import LANGUAGES
from .models import Language, Location, Municipality, Organisation, Service, TargetGroup, Topic


class ImportFileError(Exception):
    """A problem of the whole file (its encoding, its columns), not of one row."""


def quoted(values):
    return ", ".join(f"„{value}“" for value in values)


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def newlines(text):
    """Line breaks as \\n: browsers and Excel send \\r\\n, XLSX files keep only \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Files


def decode(data):
    """The text of an uploaded file.

    UTF-8 (with or without BOM) or UTF-16 with BOM (Excel's "Unicode text"); otherwise
    Windows-1252, which is what Excel saves as "CSV" in Austria. A UTF-8 file is never
    mistaken for Windows-1252: its umlauts are not valid UTF-8 there.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise ImportFileError(
        _(
            "Die Zeichen der Datei lassen sich nicht lesen: sie ist weder in UTF-8 noch in "
            "Windows-1252 gespeichert. Bitte in Excel „Speichern unter → CSV UTF-8“ wählen "
            "oder die Datei als XLSX hochladen."
        )
    )


class CSV(base_formats.CSV):
    """CSV in UTF-8 or Windows-1252, separated by commas, semicolons (Excel in German) or tabs."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode(in_stream)
        header = in_stream.partition("\n")[0]
        if "," not in header:
            delimiter = next((d for d in (";", "\t") if d in header), None)
            if delimiter:
                kwargs.setdefault("delimiter", delimiter)
        return super().create_dataset(in_stream, **kwargs)


class JSON(base_formats.JSON):
    """A list of objects, one per row; keys may come in any order, missing keys are empty."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode(in_stream)
        records = json.loads(in_stream)
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ImportFileError(
                _("Eine JSON-Datei muss eine Liste von Objekten sein, ein Objekt je Zeile.")
            )
        headers = list(dict.fromkeys(key for record in records for key in record))
        return tablib.Dataset(*[[r.get(h) for h in headers] for r in records], headers=headers)


def clean_cell(value):
    """A value openpyxl can write: control characters (pasted from Word) become spaces."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub(" ", value) if isinstance(value, str) else value


class XLSX(base_formats.XLSX):
    """The first sheet; its first row names the columns."""

    def create_dataset(self, in_stream):
        import openpyxl

        book = openpyxl.load_workbook(BytesIO(in_stream), read_only=True, data_only=True)
        rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
        if not rows:
            return tablib.Dataset()
        headers = ["" if h is None else str(h).strip() for h in rows[0]]
        while headers and not headers[-1]:
            headers.pop()
        width = len(headers)
        data = [(row + [None] * width)[:width] for row in rows[1:]]
        return tablib.Dataset(*data, headers=headers)

    def export_data(self, dataset, **kwargs):
        import openpyxl
        from openpyxl.styles import Font

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(dataset.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in dataset:
            sheet.append([clean_cell(value) for value in row])
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":  # text beginning with "=" stays text, never a formula
                    cell.data_type = "s"
        stream = BytesIO()
        book.save(stream)
        return stream.getvalue()


FORMATS = (CSV, XLSX, JSON)


# Cells


class TextWidget(widgets.CharWidget):
    """Text with its ends trimmed; an empty cell is an empty text."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 8430.0 from a spreadsheet is the postal code 8430
        return newlines(str(value)).strip()


class ChoiceWidget(TextWidget):
    """One of the field's choices, by its value or its label; empty is no value."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value)
        if not text:
            return None
        for key, label in self.choices:
            if text.casefold() in (str(key).casefold(), str(label).casefold()):
                return key
        raise ValueError(
            _("„%(value)s“ gibt es nicht; möglich sind %(choices)s.")
            % {"value": text, "choices": ", ".join(str(key) for key, _label in self.choices)}
        )


class YesNoWidget(widgets.BooleanWidget):
    """ja/nein, 1/0, x, true/false or WAHR/FALSCH (Excel in German); empty is no value."""

    YES = {"1", "ja", "j", "x", "true", "wahr", "yes", "y"}
    NO = {"0", "nein", "n", "false", "falsch", "no"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if is_blank(value):
            return None
        word = str(value).strip().casefold()
        if word in self.YES:
            return True
        if word in self.NO:
            return False
        raise ValueError(_("„%(value)s“ ist weder ja noch nein (1 oder 0).") % {"value": value})


class WholeNumberWidget(widgets.IntegerWidget):
    """A whole number. import-export's own cuts 2.5 to 2 and fails on "zweite" with no message."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = str(value).strip()
        try:
            number = Decimal(text) if len(text) < 10 else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number != number.to_integral_value():
            raise ValueError(_("Bitte eine ganze Zahl statt „%(value)s“.") % {"value": text})
        return int(number)


class DecimalNumberWidget(widgets.DecimalWidget):
    """A number with a decimal point or comma, rounded to the field's decimal places."""

    def __init__(self, places=None, **kwargs):
        self.places = places
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = str(value).strip().replace(",", ".")
        try:
            number = Decimal(text) if len(text) < 30 else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(_("Bitte eine Zahl wie 46.7815 statt „%(value)s“.") % {"value": value})
        if self.places is not None:
            number = number.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)
        return number

    def render(self, value, obj=None, **kwargs):
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else format(value.normalize(), "f")


class DayWidget(widgets.DateWidget):
    """A date as 2024-03-31 or 31.03.2024, or a spreadsheet's date cell; exported as ISO."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.formats = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):  # a spreadsheet's date cell
            return value.date()
        try:
            return super().clean(value.strip() if isinstance(value, str) else value)
        except ValueError:
            raise ValueError(
                _("Bitte ein Datum wie 2024-03-31 oder 31.03.2024 statt „%(value)s“.")
                % {"value": value}
            ) from None


class UUIDWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        try:
            return uuid.UUID(str(value).strip())
        except ValueError:
            raise ValueError(_("„%(value)s“ ist keine gültige UUID.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ReferenceWidget(widgets.ForeignKeyWidget):
    """One related object by a readable key (written as `field`, found by any of `lookups`)."""

    def __init__(self, model, field, unknown, lookups=None):
        self.unknown = unknown
        self.lookups = lookups or (field,)
        super().__init__(model, field)

    def clean(self, value, row=None, **kwargs):
        key = TextWidget().clean(value)
        if not key:
            return None
        for lookup in self.lookups:
            found = self.model.objects.filter(**{lookup: key}).first()
            if found is not None:
                return found
        raise ValueError(self.unknown % {"value": quoted([key])})


class RelatedSetWidget(widgets.ManyToManyWidget):
    """Related objects by their keys, separated by "|" (or commas or semicolons), or a JSON list.

    Unlike import-export's ManyToManyWidget an unknown key is an error, not dropped.
    """

    SEPARATORS = re.compile(r"[|,;]")

    def __init__(self, model, field, unknown):
        self.unknown = unknown  # ngettext_lazy with %(values)s, counted by "count"
        super().__init__(model, separator="|", field=field)

    def keys(self, value):
        if is_blank(value):
            return []
        items = value if isinstance(value, list | tuple) else self.SEPARATORS.split(str(value))
        return list(dict.fromkeys(k for k in (self.key(str(item)) for item in items) if k))

    def key(self, text):
        return text.strip()

    def find(self, keys):
        found = self.model.objects.filter(**{f"{self.field}__in": keys})
        return {str(getattr(obj, self.field)): obj for obj in found}

    def clean(self, value, row=None, **kwargs):
        keys = self.keys(value)
        found = self.find(keys) if keys else {}
        missing = [key for key in keys if key not in found]
        if missing:
            raise ValueError(self.unknown % {"count": len(missing), "values": quoted(missing)})
        return [found[key] for key in keys]


class LanguagesWidget(RelatedSetWidget):
    """ISO 639-1 codes ("de|tr"); German or English names ("Türkisch") are understood too."""

    NAMES = {name.casefold(): code for code, names in LANGUAGES.items() for name in names}

    def key(self, text):
        text = text.strip()
        folded = text.casefold()
        return folded if folded in LANGUAGES else self.NAMES.get(folded, text)


class PlacesWidget(RelatedSetWidget):
    """Places by uuid."""

    def key(self, text):
        try:
            return str(uuid.UUID(text.strip()))
        except ValueError:
            return text.strip()

    def find(self, keys):
        valid = [key for key in keys if re.fullmatch(r"[0-9a-f-]{36}", key)]
        found = self.model.objects.filter(uuid__in=valid).select_related("municipality")
        return {str(place.uuid): place for place in found}


def organisation_field(attribute="organisation"):
    return fields.Field(
        attribute=attribute,
        column_name=attribute,
        widget=ReferenceWidget(Organisation, "slug", _("Unbekannte Organisation: %(value)s")),
    )


def terms_field(attribute, widget):
    return fields.Field(attribute=attribute, column_name=attribute, widget=widget)


def target_groups_field():
    return terms_field(
        "target_groups",
        RelatedSetWidget(
            TargetGroup,
            "slug",
            ngettext_lazy(
                "Unbekannte Zielgruppe: %(values)s", "Unbekannte Zielgruppen: %(values)s", "count"
            ),
        ),
    )


def topics_field():
    return terms_field(
        "topics",
        RelatedSetWidget(
            Topic,
            "slug",
            ngettext_lazy(
                "Unbekanntes Thema: %(values)s", "Unbekannte Themen: %(values)s", "count"
            ),
        ),
    )


# Rows


class FileResult(Result):
    """Rows numbered by their line in the file (see DirectoryResource.before_import)."""

    lines = ()

    def row_errors(self):
        return [(self.lines[number - 1], errors) for number, errors in super().row_errors()]


class DirectoryResource(resources.ModelResource):
    """What all three kinds of rows share: strict cells, whole-file checks, skipping unchanged
    rows, and the search index afterwards."""

    #: Columns a file of this kind must have.
    required_columns = ()

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "CharField": TextWidget,
        "TextField": TextWidget,
        "BooleanField": YesNoWidget,
        "DecimalField": DecimalNumberWidget,
        "PositiveSmallIntegerField": WholeNumberWidget,
        "DateField": DayWidget,
        "UUIDField": UUIDWidget,
    }

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if f.choices:
            return functools.partial(ChoiceWidget, choices=f.choices)
        return super().widget_from_django_field(f, default)

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.DecimalField):
            kwargs["places"] = django_field.decimal_places
        return kwargs

    @classmethod
    def get_result_class(cls):
        return FileResult

    @classmethod
    def get_display_name(cls):
        return capfirst(cls._meta.model._meta.verbose_name_plural)

    def columns(self):
        return [field.column_name for field in self.fields.values()]

    def named(self, headers):
        """Column names as this kind spells them ("Name" is "name")."""
        known = {column.casefold(): column for column in self.columns()}
        return [known.get(str(h).strip().casefold(), h) for h in headers or ()]

    def before_import(self, dataset, **kwargs):
        # Blank rows (Excel keeps formatted empty ones) are left out; the others keep their
        # line in the file (the column names are line 1) for the messages.
        blank = [all(is_blank(value) for value in row) for row in dataset]
        self.lines = [line for line, empty in enumerate(blank, 2) if not empty]
        for index in reversed([index for index, empty in enumerate(blank) if empty]):
            del dataset[index]
        self.touched = set()
        dataset.headers = self.named(dataset.headers)
        (id_field,) = self.get_import_id_fields()
        if id_field not in dataset.headers and len(dataset):
            dataset.append_col([None] * len(dataset), header=id_field)  # all rows are new

    def check_file(self, dataset):
        """The columns this kind does not know, which the import ignores. A file of another
        kind, without a column this kind needs or without data is an ImportFileError."""
        headers = self.named(dataset.headers)
        kind = self._meta.model._meta.verbose_name_plural
        # Columns only another kind has: the file is of that kind (the most telling one).
        others = [(set(other.required_columns) - set(self.columns()), other) for other in KINDS]
        others = [(theirs, other) for theirs, other in others if theirs and theirs <= {*headers}]
        if others:
            theirs, other = max(others, key=lambda pair: len(pair[0]))
            raise ImportFileError(
                _(
                    "Das ist offenbar eine Datei mit „%(other)s“ (Spalten %(columns)s), "
                    "nicht mit „%(kind)s“. Bitte unter „%(other)s“ importieren."
                )
                % {
                    "other": other._meta.model._meta.verbose_name_plural,
                    "columns": quoted(sorted(theirs)),
                    "kind": kind,
                }
            )
        missing = [column for column in self.required_columns if column not in headers]
        if missing:
            raise ImportFileError(
                ngettext_lazy(
                    "In der Datei fehlt die Spalte %(columns)s.",
                    "In der Datei fehlen die Spalten %(columns)s.",
                    "count",
                )
                % {"count": len(missing), "columns": quoted(missing)}
                + " "
                + _(
                    "Die erste Zeile muss die Spaltennamen enthalten; ein Export der %(kind)s "
                    "zeigt, wie die Datei aussehen soll."
                )
                % {"kind": kind}
            )
        if all(is_blank(value) for row in dataset for value in row):
            raise ImportFileError(
                _(
                    "No valid data to import. Ensure your file has the correct headers or data "
                    "for import."
                )
            )
        return [column for column in headers if column and column not in self.columns()]

    def get_instance(self, instance_loader, row):
        (id_field,) = self.get_import_id_fields()
        field = self.fields[id_field]
        try:
            key = field.widget.clean(row.get(field.column_name))
        except ValueError:
            return None  # import_instance() reports it
        if key in (None, ""):
            return None
        return self.get_queryset().filter(**{field.attribute: key}).first()

    def after_init_instance(self, instance, new, row, **kwargs):
        self.previous = None if new else self.indexed_organisation(instance)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """Where a field has a default (which a new row gets), an empty cell keeps what an
        existing row has: a blank "status" must not make an ended service active again."""
        keeps = field.default is not NOT_PROVIDED and not instance._state.adding
        if not (keeps and is_blank(row.get(field.column_name))):
            super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Set the fields, and check the many-to-many values now, so that an unknown key is an
        error of the row (import-export would look at them only when saving)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.related = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    self.related[field.attribute] = field.clean(row)
                except ValueError as error:
                    errors.setdefault(field.attribute, []).append(ValidationError(str(error)))
        for attribute, message in self.check_related(instance, errors):
            errors.setdefault(attribute, []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def import_row(self, row, instance_loader, **kwargs):
        """Each row is a version of its own in the history (of a model that has one), so that
        restoring one entry's takes back nothing else of the import."""
        if self._is_dry_run(kwargs) or not reversion.is_registered(self._meta.model):
            return super().import_row(row, instance_loader, **kwargs)
        with reversion.create_revision():
            if getattr(kwargs.get("user"), "pk", None):
                reversion.set_user(kwargs["user"])
            reversion.set_comment(_("Import aus einer Datei"))
            return super().import_row(row, instance_loader, **kwargs)

    def check_related(self, instance, errors):
        """(attribute, message) pairs of what does not fit together in a row."""
        return []

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if field.attribute in self.related:
                wanted = {obj.pk for obj in self.related[field.attribute]}
                if wanted != set(field.get_value(original).values_list("pk", flat=True)):
                    return False
            elif comparable(field.get_value(instance)) != comparable(field.get_value(original)):
                return False
        return True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            # A model's clean() and its constraint may say the same thing; say it once.
            raise ValidationError(
                {key: list(dict.fromkeys(messages)) for key, messages in error.message_dict.items()}
            ) from None

    def save_m2m(self, instance, row, **kwargs):
        if not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs):
            return
        for attribute, objects in self.related.items():
            getattr(instance, attribute).set(objects)

    def after_save_instance(self, instance, row, **kwargs):
        self.touched |= {self.previous, self.indexed_organisation(instance)} - {None}

    def indexed_organisation(self, instance):
        return instance.organisation_id

    def after_import(self, dataset, result, **kwargs):
        result.lines = self.lines
        for row in result.invalid_rows:
            row.number = self.lines[row.number - 1]
        super().after_import(dataset, result, **kwargs)
        failed = result.has_errors() or result.has_validation_errors()
        if not self._is_dry_run(kwargs) and not failed and self.touched:
            search.index(self.reindexed(self.touched))

    def reindexed(self, pks):
        return pks


def comparable(value):
    return newlines(value) if isinstance(value, str) else value


class OrganisationResource(DirectoryResource):
    required_columns = ("slug", "name")

    parent = organisation_field("parent")
    target_groups = target_groups_field()
    topics = topics_field()

    class Meta:
        model = Organisation
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "short_description",
            "description",
            "website",
            "email",
            "phone",
            "phone_other",
            "legal_status",
            "parent",
            "target_groups",
            "topics",
            "is_published",
            "last_checked",
        )

    def filter_export(self, queryset, **kwargs):
        """Networks before their members at any depth, so that a new system knows a network
        when a later row names it; otherwise by name."""
        organisations = {
            org.pk: org
            for org in queryset.order_by("name")
            .select_related("parent")
            .prefetch_related("target_groups", "topics")
        }
        networks = TopologicalSorter(
            {pk: {org.parent_id} & organisations.keys() for pk, org in organisations.items()}
        )
        try:
            return [organisations[pk] for pk in networks.static_order()]
        except CycleError:  # impossible (Organisation.clean), but never loop or fail over it
            return list(organisations.values())

    def indexed_organisation(self, instance):
        return instance.pk

    def reindexed(self, pks):
        # Members are found by their network's name too.
        return Organisation.objects.filter(Q(pk__in=pks) | Q(parent__in=pks)).values("pk")


class LocationResource(DirectoryResource):
    required_columns = ("organisation", "street", "postal_code", "municipality")

    organisation = organisation_field()
    municipality = fields.Field(
        attribute="municipality",
        column_name="municipality",
        widget=ReferenceWidget(
            Municipality, "name", _("Unbekannte Gemeinde: %(value)s"), ("name__iexact", "slug")
        ),
    )

    class Meta:
        model = Location
        import_id_fields = ("uuid",)
        fields = (
            "uuid",
            "organisation",
            "name",
            "street",
            "postal_code",
            "municipality",
            "latitude",
            "longitude",
            *Location.Feature.values,
            "accessibility_note",
            "directions",
            "position",
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation", "municipality")

    def check_related(self, instance, errors):
        if not instance.pk or "organisation" in errors:
            return
        moved = self.previous != instance.organisation_id
        if moved and instance.services.exclude(organisation=instance.organisation_id).exists():
            yield (
                "organisation",
                _("Angebote der bisherigen Organisation finden an diesem Standort statt."),
            )


class ServiceResource(DirectoryResource):
    required_columns = ("organisation", "name")

    organisation = organisation_field()
    target_groups = target_groups_field()
    topics = topics_field()
    languages = terms_field(
        "languages",
        LanguagesWidget(
            Language,
            "code",
            ngettext_lazy(
                "Unbekannte Sprache: %(values)s", "Unbekannte Sprachen: %(values)s", "count"
            ),
        ),
    )
    locations = terms_field(
        "locations",
        PlacesWidget(
            Location,
            "uuid",
            ngettext_lazy(
                "Unbekannter Standort: %(values)s", "Unbekannte Standorte: %(values)s", "count"
            ),
        ),
    )

    class Meta:
        model = Service
        import_id_fields = ("uuid",)
        fields = (
            "uuid",
            "organisation",
            "name",
            "description",
            "target_groups",
            "topics",
            "eligibility",
            "is_free",
            "costs",
            "languages",
            "access",
            "hours",
            "locations",
            "status",
            "position",
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation").prefetch_related(
            "target_groups", "topics", "languages", "locations"
        )

    def check_related(self, instance, errors):
        if "organisation" in errors or instance.organisation_id is None:
            return
        for place in self.related.get("locations", ()):
            if place.organisation_id != instance.organisation_id:
                yield (
                    "locations",
                    _("Der Standort „%(place)s“ gehört zu einer anderen Organisation.")
                    % {"place": place},
                )
        moved = instance.pk and self.previous != instance.organisation_id
        if moved and "locations" not in self.related:
            # Without a "locations" column it would keep the old organisation's places.
            kept = instance.locations.exclude(organisation=instance.organisation_id)
            if kept := list(kept.select_related("municipality")):
                yield (
                    "organisation",
                    _(
                        "Das Angebot findet noch an Standorten der bisherigen Organisation "
                        "statt: %(places)s. Bitte in der Spalte „locations“ Standorte der neuen "
                        "Organisation angeben oder die Zelle leer lassen."
                    )
                    % {"places": quoted(kept)},
                )


KINDS = (OrganisationResource, LocationResource, ServiceResource)
