from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import occurrences
from .models import Theme


def theme_list(request):
    return render(
        request,
        "schedule/theme_list.html",
        {
            "months": occurrences.by_month(occurrences.upcoming()),
            "themes": occurrences.themes_between(timezone.localdate(), timezone.localdate()),
        },
    )


def theme_detail(request, slug):
    theme = get_object_or_404(
        Theme.objects.select_related("target_group").prefetch_related("organisations"), slug=slug
    )
    return render(
        request,
        "schedule/theme_detail.html",
        {"theme": theme, "dates": occurrences.upcoming(themes=[theme])},
    )


def opening_hours(request):
    today = timezone.localdate()
    return render(
        request,
        "schedule/opening_hours.html",
        {
            "state": occurrences.opening_state(),
            "week": occurrences.regular_week(today),
        },
    )
