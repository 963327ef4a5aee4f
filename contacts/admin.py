from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partners import admin as partners_admin
from partners.admin import DirectoryImportExport
from partners.resources import CSV, XLSX

from . import counts
from .forms import ContactForm
from .models import Channel, Contact
from .resources import ContactResource


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("name",)


class ExportForm(partners_admin.ExportForm):
    """The directory's, but each column is named only as in the file: these names are German
    already ("Datum", not "Datum – Zeitpunkt")."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        for resource in resources:
            for name, field in resource().fields.items():
                self.fields[
                    self.create_boolean_field_name(resource, name)
                ].label = field.column_name


class QuantityField(forms.IntegerField):
    """How many contacts a row stands for: 1 or more, 1 when left empty."""

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "min_value": 1, "required": False})

    def clean(self, value):
        number = super().clean(value)
        return 1 if number is None else number


@admin.register(Contact)
class ContactAdmin(DirectoryImportExport):
    """The contact log; tallies come in and raw contacts go out as CSV or XLSX (see
    contacts/resources.py). Importing needs the right to add contacts (Redaktion and Team)."""

    resource_classes = (ContactResource,)
    formats = (CSV, XLSX)
    export_form_class = ExportForm
    form = ContactForm
    list_display = ("happened_at", "channel", "requester", "quantity", "theme", "logged_by")
    list_filter = ("channel", "requester", "theme", "topics", "target_groups")
    search_fields = ("note", "referred_to__name")
    date_hierarchy = "happened_at"
    autocomplete_fields = ("topics", "target_groups", "referred_to")
    readonly_fields = ("logged_by",)
    fieldsets = (
        (None, {"fields": ("happened_at", "channel", "requester", "theme", "quantity")}),
        (
            _("Worum ging es"),
            {"fields": ("topics", "target_groups", "referred_to", "note", "no_personal_data")},
        ),
        (None, {"fields": ("logged_by",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel", "theme", "logged_by")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "quantity":
            kwargs["form_class"] = QuantityField  # the constraint, with a message at the field
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.logged_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.recount()

    def delete_model(self, request, obj):
        counts.delete(Contact.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        counts.delete(queryset)
