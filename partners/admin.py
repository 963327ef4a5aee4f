from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from sozialinfo.roles import PARTNER

from .models import ContactPerson, Membership, Organisation, TargetGroup, Topic
from .resources import OrganisationResource


@admin.register(TargetGroup, Topic)
class TermAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "slug", "position")
    list_editable = ("position",)
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)


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


@admin.register(Organisation)
class OrganisationAdmin(ImportExportModelAdmin):
    resource_classes = (OrganisationResource,)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "parent", "is_published", "last_checked", "modified")
    list_filter = (
        "is_published",
        "target_groups",
        "topics",
        ("parent", admin.RelatedOnlyFieldListFilter),
        "last_checked",
    )
    search_fields = ("name", "short_description", "description", "parent__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent", "target_groups", "topics")
    readonly_fields = ("uuid", "created", "modified")
    fieldsets = (
        (None, {"fields": ("name", "slug", "short_description", "description")}),
        (_("Kontakt"), {"fields": ("website", "email", "phone")}),
        (_("Einordnung"), {"fields": ("parent", "target_groups", "topics")}),
        (_("Veröffentlichung"), {"fields": ("is_published", "last_checked")}),
        (_("Technisch"), {"classes": ("collapse",), "fields": ("uuid", "created", "modified")}),
    )
    # Fields only the Redaktion may change; partners see them read-only.
    editorial_fields = ("slug", "is_published", "parent", "last_checked")

    def is_editor(self, request):
        return request.user.has_perm("partners.add_organisation")  # the Redaktion

    def get_queryset(self, request):
        return Organisation.objects.visible_to(request.user).select_related("parent")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if self.is_editor(request) else (*fields, *self.editorial_fields)

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if self.is_editor(request) else {}

    def get_autocomplete_fields(self, request):
        # Partners may not browse the taxonomies' admin, which autocomplete asks.
        return super().get_autocomplete_fields(request) if self.is_editor(request) else ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not self.is_editor(request):
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_inlines(self, request, obj):
        if request.user.has_perm("partners.change_membership"):
            return (ContactPersonInline, MembershipInline)
        return (ContactPersonInline,)
