"""The admin side of reviewing partners' changes (the logic is in partners/review.py)."""

from contextlib import nullcontext

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import review
from .models import ChangeStatus, PendingChange
from .views import serve


class ReviewedChanges:
    """For an OrganisationAdmin: a partner's save becomes a change waiting for the Redaktion.

    The admin's own save runs in a savepoint that is rolled back; what it wrote is kept as the
    organisation's PendingChange. While one waits, the partner sees and edits that version.
    """

    def change_view(self, request, object_id, form_url="", extra_context=None):
        organisation = self.get_object(request, unquote(object_id))
        if (
            organisation is None
            or not self.has_change_permission(request, organisation)
            or not review.needs_review(request.user, organisation)
        ):
            if organisation is not None and request.method == "GET":
                self.note_pending(request, organisation)
            return super().change_view(request, object_id, form_url, extra_context)
        request.in_review = True
        waiting = organisation.pending_changes.pending().first()
        with transaction.atomic():
            live = review.snapshot(organisation) if request.method == "POST" else None
            if waiting:
                review.apply(organisation, waiting.data, sandbox=True)
                if request.method == "GET":
                    messages.info(request, self.waiting_message(waiting))
            response = super().change_view(request, object_id, form_url, extra_context)
            saved = request.method == "POST" and response.status_code == 302
            entry = review.snapshot(organisation) if saved else None
            if hasattr(response, "render"):
                response.render()  # while the partner's version is in the database
            transaction.set_rollback(True)
        if saved:
            if review.submit(organisation, request.user, entry, live):
                messages.success(
                    request,
                    _(
                        "Danke! Ihre Änderungen sind gespeichert und gehen an die Redaktion. "
                        "Im Sozialatlas erscheinen sie, sobald die Redaktion sie freigibt; "
                        "Sie bekommen dann eine E-Mail."
                    ),
                )
            else:
                messages.info(
                    request,
                    _("Ihr Eintrag ist wie veröffentlicht; es wartet keine Änderung auf Freigabe."),
                )
        return response

    def waiting_message(self, change):
        return _(
            "Ihre Änderungen vom %(date)s warten auf die Freigabe durch die Redaktion. Sie sehen "
            "hier Ihre eingereichte Fassung; wenn Sie erneut speichern, ersetzt sie die "
            "eingereichte."
        ) % {"date": formats.date_format(timezone.localtime(change.modified), "j. F Y, H:i")}

    def note_pending(self, request, organisation):
        """Tell the Redaktion that a partner's change waits for this entry."""
        waiting = organisation.pending_changes.pending().first()
        if waiting and request.user.has_perm("partners.change_pendingchange"):
            url = reverse("admin:partners_pendingchange_change", args=[waiting.pk])
            messages.warning(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Für diesen Eintrag wartet eine Änderung einer Partner*in."),
                    url,
                    _("Änderung prüfen"),
                ),
            )

    def create_revision(self, request):
        # A partner's save that waits for review is no version of the entry (yet).
        if getattr(request, "in_review", False):
            return nullcontext()
        return super().create_revision(request)

    def response_change(self, request, obj):
        if getattr(request, "in_review", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar an die Partner*in"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Geht mit der E-Mail an die Partner*in. Beim Ablehnen bitte begründen."),
    )
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("comment", "").strip():
            self.add_error(
                "comment",
                _("Bitte schreiben Sie kurz, warum die Änderung nicht übernommen wird."),
            )
        return data


class StatusFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*ChangeStatus.choices, ("alle", _("alle"))]

    def choices(self, changelist):
        # Waiting changes are the default; "Alle" is one of the choices, not the empty value.
        for value, label in self.lookup_choices:
            selected = self.value() == value or (self.value() is None and value == "wartet")
            yield {
                "selected": selected,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or ChangeStatus.PENDING
        return queryset if value == "alle" else queryset.filter(status=value)


@admin.register(PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "modified", "status", "reviewer")
    list_filter = (StatusFilter,)
    list_select_related = ("organisation", "author", "reviewer")
    search_fields = ("organisation__name",)
    ordering = ("modified",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<path:object_id>/datei/",
                self.admin_site.admin_view(self.file_view),
                name="partners_pendingchange_file",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        count = PendingChange.objects.pending().count()
        title = ngettext(
            "Änderungen zur Freigabe: %(count)d wartet",
            "Änderungen zur Freigabe: %(count)d warten",
            count,
        ) % {"count": count}
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def file_view(self, request, object_id):
        """A file of the change (or of the published entry) for the Redaktion to look at."""
        change = self.get_object(request, unquote(object_id))
        if change is None or not self.has_view_or_change_permission(request, change):
            raise PermissionDenied
        name = request.GET.get("name", "")
        if name not in review.files(change.data) | review.files(change.base):
            raise Http404
        return serve(default_storage.open(name))

    def linked(self, change, value):
        if isinstance(value, review.File):
            url = reverse("admin:partners_pendingchange_file", args=[change.pk])
            return format_html(
                '<a href="{}?{}">{}</a>', url, urlencode({"name": value}), value.rsplit("/", 1)[-1]
            )
        return value

    def with_links(self, change, sections):
        for section in sections:
            for item in section["items"]:
                item["rows"] = [
                    (label, self.linked(change, old), self.linked(change, new))
                    for label, old, new in item["rows"]
                ]
        return sections

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, unquote(object_id))
        if change is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, change):
            raise PermissionDenied
        waiting = change.status == ChangeStatus.PENDING
        may_decide = waiting and self.has_change_permission(request, change)
        form = DecisionForm(request.POST or None)
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            if form.is_valid():
                return self.decide(request, change, form.cleaned_data)
        if waiting:
            sections = review.diff(review.snapshot(change.organisation), change.data)
            stale = review.changed_since(change)
        else:
            sections, stale = review.diff(change.base, change.data), []
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(change),
            "subtitle": None,
            "change": change,
            "waiting": waiting,
            "may_decide": may_decide,
            "sections": self.with_links(change, sections),
            "stale": stale,
            "form": form,
            "organisation_url": reverse(
                "admin:partners_organisation_change", args=[change.organisation_id]
            ),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/partners/pendingchange/review.html", context)

    def decide(self, request, change, data):
        base_url = request.build_absolute_uri("/")
        try:
            if data["decision"] == "approve":
                review.approve(change, request.user, data["comment"].strip(), base_url)
                message = _("„%(organisation)s“: Die Änderung ist veröffentlicht.")
            else:
                review.reject(change, request.user, data["comment"].strip(), base_url)
                message = _("„%(organisation)s“: Die Änderung wurde abgelehnt.")
        except review.AlreadyDecided:
            messages.warning(request, _("Über diese Änderung wurde inzwischen schon entschieden."))
        else:
            messages.success(
                request,
                message % {"organisation": change.organisation}
                + " "
                + _("Die Partner*in bekommt eine E-Mail."),
            )
        return redirect("admin:partners_pendingchange_changelist")
