"""The open-data API: HSDS 3.0 under /api/hsds/ (read-only, published data only)."""

import datetime
import functools
import uuid

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from . import hsds, search
from .models import Service, ServiceTerm


class BadRequest(Exception):
    def __init__(self, errors):
        self.errors = errors


def api(view):
    """JSON in German for everyone, open to other sites, with a 400 or 404 that says why."""

    @functools.wraps(view)
    @require_safe
    def wrapper(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                response = view(request, *args, **kwargs)
            except BadRequest as bad:
                response = JsonResponse(
                    {"error": _("Ungültige Parameter."), "fields": bad.errors}, status=400
                )
            except Http404:
                response = JsonResponse({"error": _("Nicht gefunden.")}, status=404)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def valid(*forms):
    """The first form's cleaned data, or a 400 listing every bad parameter of all forms."""
    errors = {
        field: [str(error) for error in messages]
        for form in forms
        if not form.is_valid()
        for field, messages in form.errors.items()
    }
    if errors:
        raise BadRequest(errors)
    return forms[0].cleaned_data


class PageForm(forms.Form):
    page = forms.IntegerField(min_value=1, required=False)
    per_page = forms.IntegerField(min_value=1, max_value=200, required=False)
    full = forms.TypedChoiceField(
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        required=False,
        empty_value=False,
    )


def page_of(request, queryset, item):
    """The spec's Page wrapper around one page of queryset, each object turned into JSON by item."""
    params = valid(PageForm(request.GET))
    paginator = Paginator(queryset, params["per_page"] or 50)
    number = params["page"] or 1
    if number > paginator.num_pages:
        message = ngettext(
            "Es gibt nur eine Seite.", "Es gibt nur %(pages)d Seiten.", paginator.num_pages
        )
        raise BadRequest({"page": [message % {"pages": paginator.num_pages}]})
    page = paginator.page(number)
    return JsonResponse(
        {
            "total_items": paginator.count,
            "total_pages": paginator.num_pages,
            "page_number": number,
            "size": len(page.object_list),
            "first_page": number == 1,
            "last_page": not page.has_next(),
            "empty": paginator.count == 0,
            "contents": [item(obj) for obj in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def full(request, *forms):
    """Whether the whole objects are asked for, once every parameter is checked."""
    return valid(PageForm(request.GET), *forms)["full"]


def get_by_uuid(queryset, pk):
    try:
        return get_object_or_404(queryset, uuid=uuid.UUID(pk))
    except ValueError as bad:
        raise Http404 from bad


def taxonomy_field(key):
    return "target_groups" if key == "zielgruppen" else "topics"


class ServiceFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="search_words", max_length=200)
    taxonomy_term_id = django_filters.UUIDFilter(method="with_term")
    taxonomy_id = django_filters.UUIDFilter(method="in_taxonomy")
    organization_id = django_filters.UUIDFilter(field_name="organisation__uuid")
    modified_after = django_filters.DateTimeFilter(method="changed_since")

    class Meta:
        model = Service
        fields = []

    def search_words(self, queryset, name, value):
        return search.Search(value).filter(queryset, index=ServiceTerm)

    def changed_since(self, queryset, name, value):
        """Services whose own data or whose organisation's changed since value."""
        try:
            value.astimezone(datetime.UTC)  # what the database will be given
        except OverflowError as far:
            raise BadRequest(
                {name: [_("Dieses Datum liegt außerhalb des möglichen Bereichs.")]}
            ) from far
        return queryset.filter(Q(modified__gte=value) | Q(organisation__modified__gte=value))

    def with_term(self, queryset, name, value):
        """Services with the term or a term below it."""
        terms = hsds.Terms()
        if str(value) not in terms.by_uuid:
            raise BadRequest({name: [_("Diesen Begriff gibt es nicht.")]})
        key, pk = terms.by_uuid[str(value)]
        return queryset.filter(**{f"{taxonomy_field(key)}__in": terms.below(key, pk)}).distinct()

    def in_taxonomy(self, queryset, name, value):
        for key in hsds.TAXONOMIES:
            if str(value) == hsds.uid("taxonomy", key):
                return queryset.filter(**{f"{taxonomy_field(key)}__isnull": False}).distinct()
        raise BadRequest({name: [_("Diese Taxonomie gibt es nicht.")]})


class SearchForm(forms.Form):
    search = forms.CharField(max_length=200, required=False)


class TermForm(SearchForm):
    taxonomy_id = forms.UUIDField(required=False)
    parent_id = forms.UUIDField(required=False)
    top_only = PageForm.base_fields["full"]


def json(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@api
def root(request):
    return json({"version": hsds.VERSION, "profile": hsds.PROFILE, "openapi_url": hsds.OPENAPI_URL})


@api
def services(request):
    catalogue = hsds.Catalogue(request)
    filterset = ServiceFilter(request.GET)
    whole = full(request, filterset.form)
    found = filterset.filter_queryset(catalogue.services(full=whole))
    return page_of(request, found, catalogue.full_service if whole else catalogue.service)


@api
def service(request, pk):
    catalogue = hsds.Catalogue(request)
    return json(catalogue.full_service(get_by_uuid(catalogue.services(full=True), pk)))


@api
def organisations(request):
    catalogue = hsds.Catalogue(request)
    words = SearchForm(request.GET)
    whole = full(request, words)
    found = catalogue.organisations(full=whole)
    if words.cleaned_data["search"]:
        found = search.Search(words.cleaned_data["search"]).filter(found)
    return page_of(request, found, catalogue.full_organisation if whole else catalogue.organisation)


@api
def organisation(request, pk):
    catalogue = hsds.Catalogue(request)
    return json(catalogue.full_organisation(get_by_uuid(catalogue.organisations(full=True), pk)))


def all_taxonomies():
    return [hsds.taxonomy(key) for key in hsds.TAXONOMIES]


@api
def taxonomies(request):
    words = valid(SearchForm(request.GET), PageForm(request.GET))["search"].casefold()
    found = [item for item in all_taxonomies() if words in item["name"].casefold()]
    return page_of(request, found, lambda item: item)


@api
def taxonomy(request, pk):
    for item in all_taxonomies():
        if item["id"] == pk:
            return json(item)
    raise Http404


def all_terms(request):
    catalogue = hsds.Catalogue(request)
    return [
        catalogue.term(term)
        for model, _param in hsds.TAXONOMIES.values()
        for term in model.objects.all()
    ]


@api
def taxonomy_terms(request):
    params = valid(TermForm(request.GET), PageForm(request.GET))
    words = params["search"].casefold()
    wanted = {
        "taxonomy_id": params["taxonomy_id"] and str(params["taxonomy_id"]),
        "parent_id": params["parent_id"] and str(params["parent_id"]),
    }
    found = [
        term
        for term in all_terms(request)
        if words in term["name"].casefold()
        and all(term.get(key) == value for key, value in wanted.items() if value)
        and not (params["top_only"] and "parent_id" in term)
    ]
    return page_of(request, found, lambda term: term)


@api
def taxonomy_term(request, pk):
    for term in all_terms(request):
        if term["id"] == pk:
            return json(term)
    raise Http404


@api
def datapackage(request):
    response = HttpResponse(
        hsds.datapackage(hsds.Catalogue(request)), content_type="application/zip"
    )
    response["Content-Disposition"] = 'attachment; filename="datapackage.zip"'
    return response


@api
def not_found(request):
    raise Http404
