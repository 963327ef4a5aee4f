import datetime

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from sozialinfo.history import History

from . import absences
from .forms import AbsenceForm
from .models import Absence, Closure, DateChange, HeldHoliday, OpeningHours, Theme
from .occurrences import Schedule

PREVIEW_DAYS = 366


def day_label(day):
    return date_format(day, "D, j. N Y")


def add_link(model, label, **initial):
    url = reverse(f"admin:schedule_{model}_add") + "?" + urlencode(initial)
    return format_html('<a href="{}">{}</a>', url, label)


def preview_list(rows):
    if not rows:
        return _("Keine Termine in den nächsten zwölf Monaten.")
    return format_html_join("", '<div class="schedule-preview">{}</div>', rows)


@admin.register(OpeningHours)
class OpeningHoursAdmin(History):
    list_display = ("weekday", "starts", "ends", "valid_from", "valid_until", "note")
    list_filter = ("weekday",)
    search_fields = ("note",)
    readonly_fields = ("preview",)

    @admin.display(description=_("Die nächsten Tage"))
    def preview(self, obj):
        if obj.pk is None:
            return _("Nach dem Speichern sehen Sie hier die nächsten Tage.")
        today = timezone.localdate()
        schedule = Schedule(today, today + datetime.timedelta(days=PREVIEW_DAYS))
        rows = []
        day = today
        while day <= schedule.last and len(rows) < 10:
            if obj.applies_on(day):
                reason = schedule.cancel_reason(day, office=True)
                status = _("entfällt – %(reason)s") % {"reason": reason} if reason else _("offen")
                rows.append((format_html("{}: {}", day_label(day), status),))
            day += datetime.timedelta(days=1)
        return preview_list(rows)


@admin.register(Theme)
class ThemeAdmin(History):
    list_display = ("name", "kind", "rule", "starts", "ends", "target_group", "partner_list")
    list_filter = ("kind", "ordinal", "weekday", "target_group")
    search_fields = ("name", "description", "organisations__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organisations", "target_group")
    filter_horizontal = ("contact_people",)
    readonly_fields = ("preview",)
    fieldsets = (
        (None, {"fields": ("kind", "name", "slug", "target_group", "description", "location")}),
        (
            _("Regel"),
            {"fields": ("ordinal", "weekday", "starts", "ends", "valid_from", "valid_until")},
        ),
        (_("Wer ist da"), {"fields": ("organisations", "contact_people", "staff_note")}),
        (_("Die nächsten Termine"), {"fields": ("preview",)}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("target_group")
            .prefetch_related("organisations")
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "contact_people":
            kwargs["queryset"] = db_field.related_model.objects.select_related("organisation")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("Regel"), ordering="ordinal")
    def rule(self, obj):
        return obj.rule_display

    @admin.display(description=_("Partnerorganisationen"))
    def partner_list(self, obj):
        return ", ".join(org.name for org in obj.organisations.all())

    @admin.display(description=_("Vorschau"))
    def preview(self, obj):
        """The next dates with what cancels or changes them, and a link to change each."""
        if obj.pk is None:
            return _("Nach dem Speichern sehen Sie hier die nächsten Termine.")
        today = timezone.localdate()
        schedule = Schedule(today, today + datetime.timedelta(days=PREVIEW_DAYS), themes=[obj])
        rows = []
        for occ in schedule.occurrences[:12]:
            change = schedule.changes.get((obj.pk, occ.rule_day))
            when = day_label(occ.day)
            if change:
                url = reverse("admin:schedule_datechange_change", args=[change.pk])
                action = format_html('<a href="{}">{}</a>', url, _("Änderung bearbeiten"))
            elif occ.is_cancelled and occ.rule_day in schedule.holidays:
                action = add_link("heldholiday", _("trotzdem abhalten"), day=occ.rule_day)
            elif occ.is_cancelled:
                action = ""
            else:
                action = format_html(
                    "{} · {}",
                    add_link(
                        "datechange", _("absagen"), theme=obj.pk, day=occ.rule_day, is_cancelled=1
                    ),
                    add_link(
                        "datechange", _("verschieben oder ändern"), theme=obj.pk, day=occ.rule_day
                    ),
                )
            if occ.is_cancelled:
                status = _("entfällt – %(reason)s") % {"reason": occ.cancelled}
            elif occ.moved:
                status = _("verschoben auf %(day)s") % {"day": day_label(occ.moved.day)}
            elif occ.is_moved:
                status = _("verschoben vom %(day)s") % {"day": day_label(occ.rule_day)}
            else:
                status = _("findet statt")
            rows.append((format_html("<strong>{}</strong>: {} {}", when, status, action),))
        return preview_list(rows)


@admin.register(DateChange)
class DateChangeAdmin(History):
    list_display = ("day", "theme", "is_cancelled", "reason", "moved_to", "starts", "ends")
    list_filter = ("is_cancelled", "theme")
    search_fields = ("theme__name", "reason")
    date_hierarchy = "day"
    autocomplete_fields = ("theme", "organisations")
    fields = (
        "theme",
        "day",
        "is_cancelled",
        "reason",
        "moved_to",
        "starts",
        "ends",
        "organisations",
    )


@admin.register(Closure)
class ClosureAdmin(History):
    list_display = ("reason", "first_day", "last_day", "closes_office", "cancels_themes")
    list_filter = ("closes_office", "cancels_themes")
    search_fields = ("reason",)
    date_hierarchy = "first_day"
    readonly_fields = ("preview",)

    @admin.display(description=_("Was entfällt"))
    def preview(self, obj):
        if obj.pk is None:
            return _("Nach dem Speichern sehen Sie hier, was in diesem Zeitraum entfällt.")
        schedule = Schedule(obj.first_day, obj.last_day)
        found = []
        if obj.cancels_themes:
            # Within its span every date is cancelled, unless a change of its own decides.
            found += [
                (occ.day, occ.theme)
                for occ in schedule.occurrences
                if (occ.theme.pk, occ.rule_day) not in schedule.changes
            ]
        if obj.closes_office:
            day = obj.first_day
            while day <= obj.last_day:
                found += [(day, hours) for hours in schedule.hours if hours.applies_on(day)]
                day += datetime.timedelta(days=1)
        found.sort(key=lambda row: row[0])
        return preview_list([(format_html("{}: {}", day_label(day), what),) for day, what in found])


@admin.register(HeldHoliday)
class HeldHolidayAdmin(History):
    list_display = ("day", "note")
    date_hierarchy = "day"


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    """Partners see their coming dates here and report when they cannot come; the Redaktion
    gets an e-mail and sees every report."""

    form = AbsenceForm
    list_display = ("day", "theme", "organisation", "note", "reported_by", "created")
    list_filter = (("theme", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("organisation__name", "theme__name", "note")
    list_select_related = ("theme", "organisation", "reported_by")
    date_hierarchy = "day"
    readonly_fields = ("theme", "day", "organisation", "reported_by", "created")
    change_list_template = "admin/schedule/absence/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("duty", "note")
        return ("day", "theme", "organisation", "note", "reported_by", "created")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False  # a report stays as it was sent

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            form = type(form.__name__, (form,), {"duties": absences.duties(request.user)})
        return form

    def get_changeform_initial_data(self, request):
        return {"duty": request.GET.get("duty", "")}

    def save_model(self, request, obj, form, change):
        obj.reported_by = request.user
        absences.report(obj, request)

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if not request.user.has_perm("partners.access_all_organisations"):
            extra_context["duties"] = absences.duties(request.user)
            extra_context["title"] = _("Thementage: Ihre Termine und Absagen")
        return super().changelist_view(request, extra_context)
