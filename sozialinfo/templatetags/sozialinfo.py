import datetime
import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
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


# The characters json_script escapes, so that data cannot close the script element.
SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A <script type="application/ld+json"> element with data."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(encoded))
