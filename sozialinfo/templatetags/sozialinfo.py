import datetime

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import formats, timezone
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every other interface language: (code, own name, url)."""
    request = context["request"]
    current = get_language()
    return [
        (code, get_language_info(code)["name_local"], translate_url(request.get_full_path(), code))
        for code, _name in settings.LANGUAGES
        if code != current
    ]


@register.filter
def relative_day(value):
    """'heute', 'morgen', a weekday within a week, else a weekday with its date."""
    day = timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value
    delta = (day - timezone.localdate()).days
    if delta == 0:
        return _("heute")
    if delta == 1:
        return _("morgen")
    if 1 < delta < 7:
        return formats.date_format(day, "l")
    return formats.date_format(day, _("l, j. F"))


@register.simple_tag
def time_range(starts, ends):
    """'14:00–16:00 Uhr' in German, '14:00–16:00' in English."""
    return _("%(starts)s–%(ends)s Uhr") % {
        "starts": formats.time_format(starts, "H:i"),
        "ends": formats.time_format(ends, "H:i"),
    }
