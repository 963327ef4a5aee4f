from django.utils.functional import SimpleLazyObject

from .models import InfoPoint


def info_point(request):
    # Lazy, so pages that never show it (most of the admin) skip the query.
    return {"info_point": SimpleLazyObject(InfoPoint.objects.current)}
