import nh3
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .history import History
from .models import InfoPoint

PAGE_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote"}
PAGE_TAGS |= {"table", "caption", "thead", "tbody", "tr", "th", "td"}
PAGE_URL_SCHEMES = {"http", "https", "mailto", "tel"}

admin.site.site_header = _("Sozial-Info – Verwaltung")
admin.site.site_title = _("Sozial-Info")
admin.site.index_title = _("Übersicht")


@admin.register(InfoPoint)
class InfoPointAdmin(History):
    list_display = ("name", "operator", "address_display", "phone")
    fieldsets = (
        (None, {"fields": ("name", "operator", "intro")}),
        (_("Adresse"), {"fields": ("venue", "street", "postal_code", "municipality")}),
        (_("Kontakt"), {"fields": ("contact_person", "phone", "email")}),
        (_("Feiertage"), {"fields": ("holiday_region", "closed_dec_24_31")}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not InfoPoint.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Adresse"))
    def address_display(self, obj):
        return obj.address


class PageForm(FlatpageForm):
    def clean_content(self):
        # Pages are shown as HTML: keep the structure, drop scripts, styles and event handlers.
        return nh3.clean(self.cleaned_data["content"], tags=PAGE_TAGS, url_schemes=PAGE_URL_SCHEMES)


admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class PageAdmin(History, FlatPageAdmin):
    form = PageForm


def view_on_site(request, content_type_id, object_id):
    """The admin's "Auf der Website anzeigen" redirect, but only for rows the user's admin
    shows: Django's own would reveal where any object lives (an unpublished entry's slug)."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model_admin = admin.site._registry.get(content_type.model_class())
    if model_admin is None or not model_admin.has_view_permission(request):
        raise Http404
    try:
        shown = model_admin.get_queryset(request).filter(pk=object_id).exists()
    except (ValueError, ValidationError):  # not a key at all
        shown = False
    if not shown:
        raise Http404
    return shortcut(request, content_type_id, object_id)
