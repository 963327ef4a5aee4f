import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import counts
from . import statistics as stats
from .forms import QuickEntryForm
from .models import Contact


def staff_only(perm):
    """Anonymous visitors go to the login; a logged-in user without `perm` (a partner) gets 403."""

    def decorate(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate


# --- Quick entry -------------------------------------------------------------------------------


def by_fetch(request):
    return request.headers.get("X-Requested-With") == "fetch"


def todays_contacts():
    return (
        Contact.objects.on_day(timezone.localdate())
        .select_related("channel", "theme", "logged_by")
        .prefetch_related("topics", "referred_to")
    )


def entry_page(request, form, status=200):
    context = {"form": form, "today": todays_contacts()}
    if by_fetch(request):  # a refused entry, back to the page's script
        return JsonResponse(
            {
                "form": render_to_string("contacts/includes/entry_fields.html", context, request),
                "today": render_to_string("contacts/includes/today.html", context, request),
            },
            status=status,
        )
    return render(request, "contacts/entry.html", context, status=status)


@staff_only("contacts.add_contact")
def entry(request):
    if request.method != "POST":
        return entry_page(request, fresh_entry(request.session.get("contact_channel")))
    form = QuickEntryForm(request.POST)
    if not form.is_valid():
        return entry_page(request, form, status=400)
    contact, created = form.save_once(request.user)
    if request.session.get("contact_channel") != contact.channel_id:
        request.session["contact_channel"] = contact.channel_id
    saved = _("Gespeichert: %(contact)s") % {"contact": contact}
    if not by_fetch(request):
        messages.success(request, saved)
        return redirect("contacts:entry")
    # The page's script empties the form itself, keeping the channel.
    today = render_to_string("contacts/includes/today.html", {"today": todays_contacts()}, request)
    return JsonResponse(
        {"saved": saved, "today": today, "key": str(uuid.uuid4())},
        status=201 if created else 200,
    )


def fresh_entry(channel=None):
    """An empty entry on the channel used last (the first one at the start of a session)."""
    form = QuickEntryForm(initial={"entry_key": uuid.uuid4()})
    first = form.fields["channel"].queryset.values_list("pk", flat=True).first
    form.initial["channel"] = channel or first()
    return form


@staff_only("contacts.change_contact")
def correct(request, pk):
    contact = get_object_or_404(Contact.objects.correctable_by(request.user), pk=pk)
    form = QuickEntryForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Korrigiert: %(contact)s") % {"contact": contact})
        return redirect("contacts:entry")
    return render(
        request,
        "contacts/correct.html",
        {"form": form, "contact": contact},
        status=400 if form.errors else 200,
    )


@staff_only("contacts.delete_contact")
def remove(request, pk):
    contact = get_object_or_404(Contact.objects.correctable_by(request.user), pk=pk)
    if request.method == "POST":
        counts.delete(Contact.objects.filter(pk=contact.pk))
        messages.success(request, _("Entfernt: %(contact)s") % {"contact": contact})
        return redirect("contacts:entry")
    return render(request, "contacts/remove.html", {"contact": contact})


# --- Statistics --------------------------------------------------------------------------------


@staff_only("contacts.view_contact")
def statistics(request):
    """The figures of a period as charts with their tables, printable as a report."""
    form = stats.PeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return bad_period(request, form)
    figures = stats.figures(form.period)
    context = {
        "form": stats.PeriodForm.showing(form.period, form.cleaned_data["gruppierung"]),
        "presets": stats.PRESETS,
        "period": form.period,
        "figures": figures,
        "summary": stats.summary(figures, form.today),
        "today": form.today,
    }
    return render(request, "contacts/statistics.html", context)


def bad_period(request, form):
    """The form with its messages, and no figures computed from what it could not read."""
    context = {"form": form, "presets": stats.PRESETS}
    return render(request, "contacts/statistics.html", context, status=400)


@staff_only("contacts.view_contact")
def statistics_export(request, kind):
    """Every table of the report as one CSV file or as a workbook with a sheet per table."""
    form = stats.PeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return bad_period(request, form)
    figures = stats.figures(form.period)
    report = stats.Report(figures, stats.summary(figures, form.today))
    body = report.csv() if kind == "csv" else report.xlsx()
    return download(body, kind, f"kontakte-statistik-{form.period.slug}")


@staff_only("contacts.view_contact")
def statistics_raw(request, kind):
    """The period's contacts one by one, as CSV or XLSX."""
    form = stats.PeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return bad_period(request, form)
    body = stats.raw_export(form.period, kind)
    return download(body, kind, f"kontakte-{form.period.slug}")


def download(body, kind, name):
    types = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(body, content_type=types[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response
