from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404, render

from .filters import DirectoryFilter
from .models import Organisation


def directory(request):
    filterset = DirectoryFilter(
        request.GET,
        queryset=Organisation.objects.published()
        .select_related("parent")
        .prefetch_related("target_groups", "topics")
        .order_by(Lower("name"), "pk"),
    )
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partners/directory.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.published()
        .select_related("parent")
        .prefetch_related(
            "target_groups",
            "topics",
            "themes",
            Prefetch("members", queryset=Organisation.objects.published()),
        ),
        slug=slug,
    )
    return render(request, "partners/detail.html", {"organisation": organisation})
