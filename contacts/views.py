from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse


def staff_only(perm):
    """Anonymous visitors go to the login; a logged-in user without `perm` (a partner) gets 403."""

    def decorate(view):
        return login_required(permission_required(perm, raise_exception=True)(view))

    return decorate


# --- Quick entry -------------------------------------------------------------------------------


@staff_only("contacts.add_contact")
def entry(request):
    return HttpResponse("TODO")


@staff_only("contacts.change_contact")
def correct(request, pk):
    return HttpResponse("TODO")


@staff_only("contacts.delete_contact")
def remove(request, pk):
    return HttpResponse("TODO")


# --- Statistics --------------------------------------------------------------------------------


@staff_only("contacts.view_contact")
def statistics(request):
    return HttpResponse("TODO")
