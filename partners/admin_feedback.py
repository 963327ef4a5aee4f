"""The admin's side of the public's help and of freshness: the Redaktion's queue of
suggestions and correction reports, the stale-entry filter, the "Angaben sind aktuell" button."""

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import freshness, suggestions
from .models import Organisation, Suggestion


class StaleFilter(admin.SimpleListFilter):
    title = _("Prüfung")
    parameter_name = "veraltet"

    def lookups(self, request, model_admin):
        count = model_admin.get_queryset(request).stale().count()
        label = _("nicht geprüft seit über %(months)d Monaten (%(count)d)") % {
            "months": settings.ENTRY_STALE_MONTHS,
            "count": count,
        }
        return [("ja", label)]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.stale()
        return queryset


class ConfirmEntry:
    """The "Angaben sind aktuell" button of an organisation's admin page (a POST)."""

    def get_urls(self):
        confirm = path(
            "<path:object_id>/aktuell/",
            self.admin_site.admin_view(self.confirm_view),
            name="partners_organisation_confirm",
        )
        return [confirm, *super().get_urls()]

    def confirm_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        organisation = self.get_object(request, unquote(object_id))
        if organisation is None:
            raise Http404
        if not self.has_change_permission(request, organisation):
            raise PermissionDenied
        message = str(_("Angaben als aktuell bestätigt."))
        with reversion.create_revision():  # in the entry's history too
            freshness.confirm(organisation)
            reversion.add_to_revision(Organisation.objects.get(pk=organisation.pk))
            reversion.set_user(request.user)
            reversion.set_comment(message)
        self.log_change(request, organisation, message)
        messages.success(
            request,
            _("Danke! Der Eintrag ist als aktuell bestätigt (Stand: %(date)s).")
            % {"date": date_format(organisation.last_checked, "j. F Y")},
        )
        return redirect("admin:partners_organisation_change", organisation.pk)


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("created", "kind", "subject", "status", "handled_by", "handled_at")
    list_display_links = ("created", "subject")
    list_filter = ("status", "kind")
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ("name", "offer", "message", "municipality", "organisation__name")
    list_select_related = ("organisation", "handled_by")
    radio_fields = {"status": admin.HORIZONTAL}
    actions = ("mark_done", "mark_rejected")
    content_fields = (
        "name",
        "offer",
        "street",
        "postal_code",
        "municipality",
        "website",
        "phone",
        "email",
    )
    fieldsets = (
        (None, {"fields": ("kind", "organisation", "created")}),
        (_("Vorgeschlagene Organisation"), {"fields": content_fields}),
        (_("Nachricht"), {"fields": ("message", "sender_email")}),
        (_("Bearbeitung"), {"fields": ("status", "note", "handled_by", "handled_at")}),
    )
    readonly_fields = (
        "kind",
        "organisation",
        "created",
        *content_fields,
        "message",
        "sender_email",
        "handled_by",
        "handled_at",
    )

    @admin.display(description=_("Worum es geht"), ordering="name")
    def subject(self, obj):
        return str(obj)

    def get_fieldsets(self, request, obj=None):
        if obj and obj.kind == Suggestion.Kind.CORRECTION:
            return tuple(f for f in self.fieldsets if f[1]["fields"] is not self.content_fields)
        return self.fieldsets

    def has_add_permission(self, request):
        return False  # the public sends them

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            suggestions.set_status(obj, obj.status, request.user)
        super().save_model(request, obj, form, change)

    def handled(self, request, queryset, status):
        count = suggestions.handle(queryset, status, request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d Hinweis als „%(status)s“ markiert.",
                "%(count)d Hinweise als „%(status)s“ markiert.",
                count,
            )
            % {"count": count, "status": Suggestion.Status(status).label},
        )

    @admin.action(description=_("Ausgewählte offene Hinweise als erledigt markieren"))
    def mark_done(self, request, queryset):
        self.handled(request, queryset, Suggestion.Status.DONE)

    @admin.action(description=_("Ausgewählte offene Hinweise ablehnen"))
    def mark_rejected(self, request, queryset):
        self.handled(request, queryset, Suggestion.Status.REJECTED)

    def get_urls(self):
        draft = path(
            "<path:object_id>/entwurf/",
            self.admin_site.admin_view(self.draft_view),
            name="partners_suggestion_draft",
        )
        return [draft, *super().get_urls()]

    def can_draft(self, request, obj):
        return (
            obj.kind == Suggestion.Kind.NEW
            and obj.organisation_id is None
            and obj.status == Suggestion.Status.OPEN
            and request.user.has_perm("partners.add_organisation")
            and self.has_change_permission(request, obj)
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {}), "can_draft": obj and self.can_draft(request, obj)}
        return super().change_view(request, object_id, form_url, extra_context)

    def draft_view(self, request, object_id):
        """Create the unpublished organisation a suggestion describes, then go there."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.can_draft(request, obj):
            raise PermissionDenied
        message = str(_("Aus einem Hinweis der Öffentlichkeit angelegt."))
        with reversion.create_revision():  # the draft's history starts here
            organisation, place = suggestions.create_draft(obj, request.user)
            reversion.set_user(request.user)
            reversion.set_comment(message)
        self.log_addition(request, organisation, message)
        text = _(
            "Der Entwurf „%(name)s“ ist angelegt und noch nicht veröffentlicht. Bitte ergänzen "
            "und prüfen Sie ihn."
        ) % {"name": organisation.name}
        if obj.street and not place:
            text += " " + _(
                "Die Adresse passte zu keiner bekannten Gemeinde; bitte legen Sie den Standort "
                "selbst an: %(address)s"
            ) % {"address": f"{obj.street}, {obj.postal_code} {obj.municipality}".strip(", ")}
        messages.success(request, text)
        return redirect(reverse("admin:partners_organisation_change", args=[organisation.pk]))
