from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm as BaseImportForm
from import_export.forms import SelectableFieldsExportForm
from import_export.tmp_storages import TempFolderStorage

from sozialinfo.history import History
from sozialinfo.roles import PARTNER

from . import search
from .admin_feedback import ConfirmEntry, StaleFilter
from .languages import LANGUAGES
from .models import (
    Brochure,
    ContactPerson,
    Language,
    Location,
    Membership,
    Municipality,
    Organisation,
    Service,
    Synonym,
    TargetGroup,
    Topic,
)
from .resources import (
    CSV,
    FORMATS,
    ImportFileError,
    LocationResource,
    OrganisationResource,
    ServiceResource,
)
from .review_admin import ReviewedChanges


def is_editor(request):
    return request.user.has_perm("partners.add_organisation")  # the Redaktion


def sees_all(request):
    return request.user.has_perm("partners.access_all_organisations")  # Redaktion and Team


class UploadStorage(TempFolderStorage):
    """Hands the uploaded file back as bytes: the format decodes it (UTF-8 or Windows-1252)."""

    def read(self):
        with open(self.get_full_path(), "rb") as file:
            return file.read()


class ImportForm(BaseImportForm):
    """Reads the file and checks its columns before any row is imported: a problem of the
    whole file shows at the upload field, unknown columns in a warning."""

    def __init__(self, formats, resources, request=None, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats, self.resources, self.request = formats, resources, request

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        resource = self.resources[int(data.get("resource") or 0)]()
        file_format = self.formats[int(data["format"])]()
        try:
            ignored = resource.check_file(file_format.create_dataset(data["import_file"].read()))
        except ImportFileError as problem:
            self.add_error("import_file", str(problem))
        except Exception:  # whatever the format's reader stumbles over
            self.add_error(
                "import_file",
                _(
                    "Die Datei ließ sich nicht lesen. Passt das gewählte Dateiformat "
                    "(CSV, XLSX oder JSON) zur Datei?"
                ),
            )
        else:
            if ignored:
                messages.warning(
                    self.request,
                    _("Diese Spalten kennt der Import nicht, sie werden ignoriert: %(columns)s")
                    % {"columns": ", ".join(f"„{c}“" for c in ignored)},
                )
        return data


class ExportForm(SelectableFieldsExportForm):
    """Each column is named as in the file and, where that is English, in German too."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        for resource in resources:
            fields = resource().fields
            for name in resource().get_export_order():
                label = column_label(resource, fields[name])
                self.fields[self.create_boolean_field_name(resource, name)].label = label


def column_label(resource, field):
    """The column and, if it says more, the field's German name: "slug – Kurzname (URL)"."""
    column = field.column_name
    try:
        label = capfirst(resource._meta.model._meta.get_field(field.attribute).verbose_name)
    except FieldDoesNotExist:
        return column
    return column if label.casefold() == column.casefold() else f"{column} – {label}"


class DirectoryImportExport(ImportExportMixin, admin.ModelAdmin):
    """Import and export of the directory in CSV, XLSX and JSON (see partners/resources.py).

    A problem of the whole file shows at the upload field (ImportForm); rows with errors show
    in a table, and nothing is written until a preview without errors is confirmed. For a model
    with a history each row is a version of its own (DirectoryResource.import_row).
    """

    formats = FORMATS
    tmp_storage_class = UploadStorage
    import_form_class = ImportForm
    export_form_class = ExportForm

    def get_import_form_kwargs(self, request):
        return {**super().get_import_form_kwargs(request), "request": request}

    def get_import_data_kwargs(self, **kwargs):
        # If the data changed between preview and confirmation, write nothing.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(
                request,
                _(
                    "Der Import wurde abgebrochen, es wurde nichts gespeichert: seit der Vorschau "
                    "hat sich etwas geändert. Bitte die Datei noch einmal hochladen."
                ),
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        # XLSX and JSON keep numbers, yes/no and dates as such; CSV has only text.
        native = not isinstance(file_format, CSV)
        data = self.get_data_for_export(request, queryset, force_native_type=native, **kwargs)
        return file_format.export_data(data)

    def get_export_filename(self, request, queryset, file_format):
        name = slugify(self.model._meta.verbose_name_plural)
        return f"{name}-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"


class AcrossOrganisations:
    """A list across all organisations, for the Redaktion and the Team only. Partners keep
    their own services and places in their organisation's page (its inlines); new ones are
    added there or by import."""

    def has_module_permission(self, request):
        return sees_all(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return sees_all(request) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return sees_all(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return sees_all(request) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_import_permission(self, request):
        return sees_all(request) and super().has_import_permission(request)

    def has_export_permission(self, request):
        return sees_all(request) and super().has_export_permission(request)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search.index([form.instance.organisation_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        search.index([obj.organisation_id])

    def delete_queryset(self, request, queryset):
        organisations = list(queryset.values_list("organisation", flat=True).distinct())
        super().delete_queryset(request, queryset)
        search.index(organisations)

    def can_restore(self, request, obj):
        # Its versions are part of its organisation's: restoring one would set the whole entry
        # back. The organisation's history restores it.
        return False


@admin.register(TargetGroup, Topic)
class TermAdmin(History):
    list_display = ("name", "parent", "slug", "position")
    list_editable = ("position",)
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Entries are found by their terms' names and filtered by their slugs, parents included.
        if change and {"name", "slug", "parent"} & set(form.changed_data):
            search.index()

    def restored(self, request, obj):
        search.index()


@admin.register(Municipality)
class MunicipalityAdmin(History):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:  # the slug is a filter value, the name a search word
            search.index(Organisation.objects.filter(locations__municipality=obj).values("pk"))

    def restored(self, request, obj):
        search.index(Organisation.objects.filter(locations__municipality=obj).values("pk"))


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__")
    search_fields = ("code",)

    def get_search_results(self, request, queryset, search_term):
        """Find a language by its name too ("türk" finds tr)."""
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.casefold()
        named = [
            code for code, names in LANGUAGES.items() if any(term in n.casefold() for n in names)
        ]
        if term:
            queryset |= self.model.objects.filter(code__in=named)
        return queryset, duplicates


@admin.register(Synonym)
class SynonymAdmin(History):
    list_display = ("word", "means")
    search_fields = ("word", "means")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = get_user_model().objects.filter(groups__name=PARTNER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ("name", "role", "phone", "email", "position")


class PartnerWidgets:
    """Autocomplete for the Redaktion; partners, who may not browse the taxonomies' admin that
    autocomplete asks, get checkboxes (and a filterable list for the many languages)."""

    def get_autocomplete_fields(self, request):
        return super().get_autocomplete_fields(request) if is_editor(request) else ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not is_editor(request):
            if db_field.name == "languages":
                kwargs["widget"] = FilteredSelectMultiple(db_field.verbose_name, False)
            else:
                kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ServiceInline(PartnerWidgets, admin.StackedInline):
    model = Service
    extra = 0
    fields = (
        ("name", "status"),
        "description",
        ("target_groups", "topics"),
        "eligibility",
        ("is_free", "costs"),
        ("access", "hours"),
        "languages",
        "locations",
        "position",
    )
    autocomplete_fields = ("target_groups", "topics", "languages")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "locations":
            # Only this organisation's own places; new ones can be chosen after saving.
            organisation = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Location.objects.filter(organisation=organisation)
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0
    fields = (
        "name",
        ("street", "postal_code", "municipality"),
        ("latitude", "longitude"),
        ("stufenlos", "wc", "induktionsschleife", "leitsystem", "parkplatz"),
        "accessibility_note",
        "directions",
        "position",
    )


class BrochureInline(admin.TabularInline):
    model = Brochure
    extra = 0
    fields = ("title", "file", "language", "valid_until")


@admin.register(Organisation)
class OrganisationAdmin(
    ReviewedChanges, ConfirmEntry, PartnerWidgets, DirectoryImportExport, History
):
    resource_classes = (OrganisationResource,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "parent", "is_published", "last_checked", "modified")
    list_filter = (
        "is_published",
        "target_groups",
        "topics",
        ("locations__municipality", admin.RelatedOnlyFieldListFilter),
        ("parent", admin.RelatedOnlyFieldListFilter),
        StaleFilter,
        "last_checked",
    )
    search_fields = ("name", "short_description", "description", "parent__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent", "target_groups", "topics")
    readonly_fields = ("uuid", "created", "modified")
    fieldsets = (
        (None, {"fields": ("name", "slug", "legal_status", "short_description", "description")}),
        (_("Kontakt"), {"fields": ("website", "email", "phone", "phone_other", "logo")}),
        (_("Einordnung"), {"fields": ("parent", "target_groups", "topics")}),
        (_("Veröffentlichung"), {"fields": ("is_published", "is_trusted", "last_checked")}),
        (_("Technisch"), {"classes": ("collapse",), "fields": ("uuid", "created", "modified")}),
    )
    # Fields only the Redaktion may change; partners see them read-only.
    editorial_fields = Organisation.editorial_fields
    # Their objects are part of the organisation's versions (history, review).
    inlines = (ServiceInline, LocationInline, ContactPersonInline, BrochureInline)

    def get_queryset(self, request):
        return Organisation.objects.visible_to(request.user).select_related("parent")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if is_editor(request) else (*fields, *self.editorial_fields)

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if is_editor(request) else {}

    def get_inlines(self, request, obj):
        if request.user.has_perm("partners.change_membership"):
            return (*self.inlines, MembershipInline)
        return self.inlines

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Members are also found by their network's name.
        search.index([form.instance.pk, *form.instance.members.values_list("pk", flat=True)])

    def can_restore(self, request, obj):
        return is_editor(request)  # a partner's changes go through review

    def restored(self, request, obj):
        search.index([obj.pk, *obj.members.values_list("pk", flat=True)])


@admin.register(Service)
class ServiceAdmin(AcrossOrganisations, DirectoryImportExport, History):
    resource_classes = (ServiceResource,)
    list_display = ("name", "organisation", "status", "access", "is_free", "modified")
    list_filter = (
        "status",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        "topics",
        "target_groups",
        "access",
        "is_free",
        ("languages", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("name", "description", "eligibility", "organisation__name")
    list_select_related = ("organisation",)
    ordering = ("organisation__name", "position", "name")
    autocomplete_fields = ("target_groups", "topics", "languages")
    readonly_fields = ("organisation", "uuid", "modified")
    fields = ("organisation", *ServiceInline.fields, ("uuid", "modified"))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "locations":
            # Only the places of the service's own organisation.
            service = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Location.objects.filter(
                organisation__services=service
            ).select_related("municipality")
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Location)
class LocationAdmin(AcrossOrganisations, DirectoryImportExport, History):
    resource_classes = (LocationResource,)
    list_display = ("street", "postal_code", "municipality", "name", "organisation", "on_map")
    list_filter = (
        ("municipality", admin.RelatedOnlyFieldListFilter),
        ("organisation", admin.RelatedOnlyFieldListFilter),
        *Location.Feature.values,
    )
    search_fields = ("name", "street", "postal_code", "municipality__name", "organisation__name")
    list_select_related = ("organisation", "municipality")
    ordering = ("organisation__name", "position", "pk")
    readonly_fields = ("organisation", "uuid")
    fields = (
        "organisation",
        "name",
        ("street", "postal_code", "municipality"),
        ("latitude", "longitude"),
        tuple(Location.Feature.values),
        "accessibility_note",
        "directions",
        "position",
        "uuid",
    )

    @admin.display(boolean=True, description=_("auf der Karte"))
    def on_map(self, obj):
        return obj.has_coordinates


from . import account_admin  # noqa: E402, F401  (partner accounts and invitations)
