from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from sozialinfo.roles import PARTNER

from . import search
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
from .resources import OrganisationResource


def is_editor(request):
    return request.user.has_perm("partners.add_organisation")  # the Redaktion


@admin.register(TargetGroup, Topic)
class TermAdmin(admin.ModelAdmin):
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


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.changed_data:  # the slug is a filter value, the name a search word
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
class SynonymAdmin(admin.ModelAdmin):
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
class OrganisationAdmin(PartnerWidgets, ImportExportModelAdmin):
    resource_classes = (OrganisationResource,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "parent", "is_published", "last_checked", "modified")
    list_filter = (
        "is_published",
        "target_groups",
        "topics",
        ("locations__municipality", admin.RelatedOnlyFieldListFilter),
        ("parent", admin.RelatedOnlyFieldListFilter),
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
        (_("Veröffentlichung"), {"fields": ("is_published", "last_checked")}),
        (_("Technisch"), {"classes": ("collapse",), "fields": ("uuid", "created", "modified")}),
    )
    # Fields only the Redaktion may change; partners see them read-only.
    editorial_fields = ("slug", "is_published", "parent", "last_checked")

    def get_queryset(self, request):
        return Organisation.objects.visible_to(request.user).select_related("parent")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if is_editor(request) else (*fields, *self.editorial_fields)

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if is_editor(request) else {}

    def get_inlines(self, request, obj):
        inlines = (ServiceInline, LocationInline, ContactPersonInline, BrochureInline)
        if request.user.has_perm("partners.change_membership"):
            return (*inlines, MembershipInline)
        return inlines

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Members are also found by their network's name.
        search.index([form.instance.pk, *form.instance.members.values_list("pk", flat=True)])
