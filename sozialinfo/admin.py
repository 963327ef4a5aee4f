from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import InfoPoint

admin.site.site_header = _("Sozial-Info – Verwaltung")
admin.site.site_title = _("Sozial-Info")
admin.site.index_title = _("Übersicht")


@admin.register(InfoPoint)
class InfoPointAdmin(admin.ModelAdmin):
    list_display = ("name", "operator", "address", "phone")
    fieldsets = (
        (None, {"fields": ("name", "operator", "intro")}),
        (_("Adresse"), {"fields": ("venue", "street", "postal_code", "municipality")}),
        (_("Kontakt"), {"fields": ("contact_person", "phone", "email")}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not InfoPoint.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
