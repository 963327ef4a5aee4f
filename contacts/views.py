import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

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


def entry_page(request, form, status=200, saved=None):
    today = (
        Contact.objects.on_day(timezone.localdate())
        .select_related("channel", "theme", "logged_by")
        .prefetch_related("topics", "referred_to")
    )
    context = {
        "form": form,
        "today": today,
        "own": set(Contact.objects.correctable_by(request.user).values_list("pk", flat=True)),
    }
    if by_fetch(request):
        return JsonResponse(
            {
                "form": render_to_string("contacts/includes/entry_fields.html", context, request),
                "today": render_to_string("contacts/includes/today.html", context, request),
                "saved": saved,
            },
            status=status,
        )
    return render(request, "contacts/entry.html", context, status=status)


@staff_only("contacts.add_contact")
def entry(request):
    if request.method == "POST":
        form = QuickEntryForm(request.POST)
        if form.is_valid():
            contact, created = form.save_once(request.user)
            request.session["contact_channel"] = contact.channel_id
            saved = _("Gespeichert: %(contact)s") % {"contact": contact}
            if by_fetch(request):
                status = 201 if created else 200
                return entry_page(request, fresh_entry(contact.channel_id), status, saved)
            messages.success(request, saved)
            return redirect("contacts:entry")
        return entry_page(request, form, status=400)
    return entry_page(request, fresh_entry(request.session.get("contact_channel")))


def fresh_entry(channel=None):
    """An empty entry on the channel used last (the first one at the start of a session)."""
    form = QuickEntryForm(initial={"entry_key": uuid.uuid4()})
    form.initial["channel"] = (
        channel or form.fields["channel"].queryset.values_list("pk", flat=True).first()
    )
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
        contact.delete()
        messages.success(request, _("Entfernt: %(contact)s") % {"contact": contact})
        return redirect("contacts:entry")
    return render(request, "contacts/remove.html", {"contact": contact})


# --- Statistics --------------------------------------------------------------------------------


@staff_only("contacts.view_contact")
def statistics(request):
    return HttpResponse("TODO")
