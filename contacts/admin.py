from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import ContactForm
from .models import Channel, Contact


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "is_active")
    list_editable = ("position", "is_active")
    search_fields = ("name",)


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    form = ContactForm
    list_display = ("happened_at", "channel", "requester", "theme", "logged_by")
    list_filter = ("channel", "requester", "theme", "topics", "target_groups")
    search_fields = ("note", "referred_to__name")
    date_hierarchy = "happened_at"
    autocomplete_fields = ("topics", "target_groups", "referred_to")
    readonly_fields = ("logged_by",)
    fieldsets = (
        (None, {"fields": ("happened_at", "channel", "requester", "theme")}),
        (
            _("Worum ging es"),
            {"fields": ("topics", "target_groups", "referred_to", "note", "no_personal_data")},
        ),
        (None, {"fields": ("logged_by",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("channel", "theme", "logged_by")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.logged_by = request.user
        super().save_model(request, obj, form, change)
