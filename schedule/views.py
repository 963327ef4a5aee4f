import datetime

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format

from sozialinfo.models import InfoPoint

from . import ical, occurrences
from .forms import ProgrammeForm
from .models import Theme

FEED_PAST_DAYS = 31
FEED_DAYS = 366


def theme_list(request):
    """The next twelve months, or one month as calendar and printable programme."""
    now = timezone.now()
    today = timezone.localdate(now)
    info = InfoPoint.objects.current()
    themes = list(occurrences.themes_between(today, today + datetime.timedelta(days=366)))
    form = ProgrammeForm(request.GET, themes)
    valid = form.is_valid()
    chosen = form.cleaned_data.get("thema")
    shown = [theme for theme in themes if theme.slug in chosen] if chosen else themes
    month = form.cleaned_data.get("monat")
    context = {
        "form": form,
        "themes": themes,
        "chosen": chosen,
        "month": month,
        "info_point": info,
    }
    if month:
        first, last = occurrences.month_span(month)
        themes = occurrences.themes_between(first, last)
        schedule = occurrences.Schedule(first, last, themes, info_point=info)
        dates = [occ for occ in schedule.occurrences if not chosen or occ.theme.slug in chosen]
        context |= {
            "dates": dates,
            "weeks": occurrences.calendar_weeks(month, dates),
            "closed": schedule.closed_spans(),
            "week": occurrences.regular_week(first),
            "weekday_names": weekday_names(),
            "previous_month": (first - datetime.timedelta(days=1)).replace(day=1),
            "next_month": last + datetime.timedelta(days=1),
        }
        template = "schedule/month.html"
    else:
        schedule = occurrences.Schedule(today, today + datetime.timedelta(days=366), shown, info)
        context["months"] = occurrences.by_month(schedule.upcoming(now))
        template = "schedule/theme_list.html"
    return render(request, template, context, status=200 if valid else 400)


def weekday_names():
    monday = datetime.date(2024, 1, 1)
    days = [monday + datetime.timedelta(days=n) for n in range(7)]
    return [(date_format(day, "l"), date_format(day, "D")) for day in days]


def theme_detail(request, slug):
    theme = get_object_or_404(
        Theme.objects.select_related("target_group").prefetch_related(
            "organisations", "contact_people__organisation"
        ),
        slug=slug,
    )
    now = timezone.now()
    today = timezone.localdate(now)
    info = InfoPoint.objects.current()
    schedule = occurrences.Schedule(today, today + datetime.timedelta(days=366), [theme], info)
    return render(
        request,
        "schedule/theme_detail.html",
        {
            "theme": theme,
            "dates": schedule.upcoming(now),
            "info_point": info,
            "published_contacts": [
                person for person in theme.contact_people.all() if person.organisation.is_published
            ],
        },
    )


def opening_hours(request):
    now = timezone.now()
    today = timezone.localdate(now)
    info = InfoPoint.objects.current()
    schedule = occurrences.Schedule(today, today + datetime.timedelta(days=183), info_point=info)
    return render(
        request,
        "schedule/opening_hours.html",
        {
            "info_point": info,
            "state": schedule.opening_state(now),
            "week": occurrences.regular_week(today),
            "closed": schedule.closed_spans(),
        },
    )


def feed(request, slug=None):
    """An iCalendar feed of all dates, or of one theme's, from a month ago to a year ahead."""
    themes = None
    if slug is not None:
        themes = [get_object_or_404(Theme, slug=slug)]
    today = timezone.localdate()
    first = today - datetime.timedelta(days=FEED_PAST_DAYS)
    schedule = occurrences.Schedule(first, today + datetime.timedelta(days=FEED_DAYS), themes)
    name = themes[0].name if themes else None
    body = ical.calendar(schedule, request, name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug or "thementage"}.ics"'
    return response
