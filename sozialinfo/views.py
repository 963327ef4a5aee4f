import datetime

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from partners.forms import SearchForm
from schedule import occurrences
from schedule.models import Theme

from .models import InfoPoint


def home(request):
    now = timezone.now()
    today = timezone.localdate(now)
    info = InfoPoint.objects.current()
    last = today + datetime.timedelta(days=366)
    # Only theme days open the office, and only they are announced here.
    theme_days = occurrences.themes_between(today, last).filter(kind=Theme.Kind.THEME_DAY)
    schedule = occurrences.Schedule(today, last, theme_days, info_point=info)
    return render(
        request,
        "home.html",
        {
            "info_point": info,
            "state": schedule.opening_state(now),
            "theme_days": schedule.upcoming(now, limit=5),
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
