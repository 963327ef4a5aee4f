import datetime
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max, Min, Prefetch
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from . import formats, suggestions
from .filters import DirectoryFilter
from .forms import HONEYPOT, CorrectionForm, SuggestionForm
from .models import Brochure, Location, Organisation, Service, Suggestion


def map_settings():
    """What the map needs to know: the tile server, its attribution, the host it loads from."""
    tiles = settings.MAP_TILE_URL
    return {
        "tiles": tiles,
        "attribution": settings.MAP_ATTRIBUTION,
        "host": urlsplit(tiles).hostname.removeprefix("{s}."),
    }


def map_area():
    """[west, south, east, north] of every published location with coordinates, or None."""
    bounds = Location.objects.on_map().aggregate(
        west=Min("longitude"), south=Min("latitude"), east=Max("longitude"), north=Max("latitude")
    )
    if bounds["west"] is None:
        return None
    return [float(bounds[side]) for side in ("west", "south", "east", "north")]


def directory(request):
    filterset = DirectoryFilter(request.GET, queryset=Organisation.objects.published())
    results = filterset.qs.select_related("parent").prefetch_related(
        "target_groups",
        Prefetch("services", Service.objects.public().only("organisation", "name", "is_free")),
        Prefetch("locations", Location.objects.select_related("municipality")),
    )
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    facets, free = filterset.facets()
    return render(
        request,
        "partners/directory.html",
        {
            "filter": filterset,
            "facets": facets,
            "free": free,
            "page": page,
            "query": query.urlencode(),
            "map": map_settings(),
        },
    )


def directory_map(request):
    """The locations of all results of the directory's search and filters, as GeoJSON.

    "area" (not GeoJSON's own) bounds the whole directory: the map's view when no result has
    coordinates."""
    filterset = DirectoryFilter(request.GET, queryset=Organisation.objects.published())
    places = Location.objects.on_map().filter(organisation__in=filterset.qs.values("pk"))
    # The facets are the organisation's; on the map only its places that meet them count.
    filterset.is_valid()  # the valid filters apply, as on the directory
    chosen = filterset.form.cleaned_data
    if chosen.get("gemeinde"):
        places = places.filter(municipality__in=chosen["gemeinde"])
    places = places.filter(**dict.fromkeys(chosen.get("barrierefrei") or [], True))
    # Plain rows: the whole directory may have thousands of places.
    places = places.order_by("organisation__name", "organisation__pk", "position", "pk").values(
        "name",
        "street",
        "postal_code",
        "latitude",
        "longitude",
        "organisation__name",
        "organisation__slug",
        "municipality__name",
    )
    return JsonResponse(
        {**formats.geojson(places), "area": map_area()},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


def entry(slug):
    today = timezone.localdate()
    # The schedule app builds on this one, so its model is looked up rather than imported.
    themes = apps.get_model("schedule", "Theme").objects.valid_between(
        today, today + datetime.timedelta(days=366)
    )
    return get_object_or_404(
        Organisation.objects.published()
        .select_related("parent")
        .prefetch_related(
            "target_groups",
            "topics",
            Prefetch("themes", themes),
            "contact_people",
            Prefetch("members", queryset=Organisation.objects.published()),
            Prefetch(
                "services",
                Service.objects.public().prefetch_related(
                    "target_groups", "topics", "languages", "locations__municipality"
                ),
            ),
            Prefetch("locations", Location.objects.select_related("municipality")),
            Prefetch("brochures", Brochure.objects.current().select_related("language")),
        ),
        slug=slug,
    )


def detail(request, slug):
    organisation = entry(slug)
    return render(
        request,
        "partners/detail.html",
        {
            "organisation": organisation,
            "json_ld": formats.json_ld(request, organisation),
            "located": [p for p in organisation.locations.all() if p.has_coordinates],
            "map": map_settings(),
            "report_form": CorrectionForm(),
            "honeypot": HONEYPOT,
        },
    )


def vcard(request, slug):
    organisation = entry(slug)
    response = HttpResponse(formats.vcard(request, organisation), content_type="text/vcard")
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}.vcf"'
    return response


def serve(file):
    try:
        return FileResponse(file.open("rb"), filename=file.name.rsplit("/", 1)[-1])
    except FileNotFoundError as missing:
        raise Http404 from missing


def brochure(request, slug, pk):
    """A brochure's file, while it is valid and its organisation is published."""
    found = get_object_or_404(
        Brochure.objects.current(), pk=pk, organisation__slug=slug, organisation__is_published=True
    )
    return serve(found.file)


def logo(request, slug):
    organisation = get_object_or_404(Organisation.objects.published().exclude(logo=""), slug=slug)
    return serve(organisation.logo)


def receive(request, form, thanks, template, context):
    """A form of the public: the honeypot and the rate limit, then Post/Redirect/Get."""
    limited = False
    if request.method == "POST":
        if suggestions.is_limited(request):
            limited = True
        elif request.POST.get(HONEYPOT):
            suggestions.count(request)
            return redirect(thanks)  # a robot: it seems to work, and nothing is kept
        elif form.is_valid():
            suggestions.count(request)
            suggestions.receive(form.instance, request)
            return redirect(thanks)
    if limited:
        form.is_valid()  # errors at the fields too, the text stays
    response = render(
        request, template, {**context, "form": form, "limited": limited, "honeypot": HONEYPOT}
    )
    response.status_code = 429 if limited else 200
    return response


def suggest(request):
    form = SuggestionForm(request.POST or None, instance=Suggestion(kind=Suggestion.Kind.NEW))
    return receive(request, form, "partners:suggest_thanks", "partners/suggest.html", {})


def suggest_thanks(request):
    return render(request, "partners/suggest_thanks.html")


def report(request, slug):
    organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
    form = CorrectionForm(
        request.POST or None,
        instance=Suggestion(kind=Suggestion.Kind.CORRECTION, organisation=organisation),
    )
    thanks = reverse("partners:report_thanks", kwargs={"slug": slug})
    return receive(request, form, thanks, "partners/report.html", {"organisation": organisation})


def report_thanks(request, slug):
    organisation = get_object_or_404(Organisation.objects.published(), slug=slug)
    return render(request, "partners/report_thanks.html", {"organisation": organisation})
