from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import OpeningHours, Theme


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ("weekday", "starts", "ends", "valid_from", "valid_until", "note")
    list_filter = ("weekday",)
    search_fields = ("note",)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "rule", "starts", "ends", "target_group", "partner_list")
    list_filter = ("ordinal", "weekday", "target_group")
    search_fields = ("name", "description", "organisations__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organisations", "target_group")
    fieldsets = (
        (None, {"fields": ("name", "slug", "target_group", "description")}),
        (
            _("Regel"),
            {"fields": ("ordinal", "weekday", "starts", "ends", "valid_from", "valid_until")},
        ),
        (_("Wer ist da"), {"fields": ("organisations", "staff_note")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("target_group")
            .prefetch_related("organisations")
        )

    @admin.display(description=_("Regel"), ordering="ordinal")
    def rule(self, obj):
        return obj.rule_display

    @admin.display(description=_("Partnerorganisationen"))
    def partner_list(self, obj):
        return ", ".join(org.name for org in obj.organisations.all())
