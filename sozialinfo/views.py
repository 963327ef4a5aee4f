from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from partners.forms import SearchForm
from schedule import occurrences


def home(request):
    return render(
        request,
        "home.html",
        {
            "state": occurrences.opening_state(),
            "theme_days": occurrences.upcoming(limit=5),
            "search_form": SearchForm(),
        },
    )


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
