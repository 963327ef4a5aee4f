from functools import cached_property

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from . import search
from .forms import SearchForm
from .models import (
    FacetValue,
    Language,
    Location,
    Municipality,
    Organisation,
    Service,
    TargetGroup,
    Topic,
)

Feature = Location.Feature

# The filters in the order they usually narrow the results most. SQLite walks the first
# condition of a query and looks up the others, so this order finds the same entries faster.
NARROWEST_FIRST = ("gemeinde", "sprache", "zielgruppe", "thema", "barrierefrei", "kostenlos", "q")


class YesBox(forms.CheckboxInput):
    """Ticked by "ja" (what the form sends); "nein" or any other value means no filter, where
    Django's checkbox would take every non-empty value as ticked."""

    def value_from_datadict(self, data, files, name):
        return str(data.get(name, "")).lower() in ("ja", "on", "true", "1")


class FacetFilter(django_filters.ModelMultipleChoiceFilter):
    """Several values of one facet, any of which may match ("Senior*innen" or "Frauen")."""

    def __init__(self, *args, facet, key="slug", **kwargs):
        self.facet, self.key = facet, key
        kwargs.setdefault("to_field_name", key)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, method=self.filter_facet, **kwargs)

    def filter_facet(self, queryset, name, value):
        if not value:
            return queryset
        return search.with_facet(queryset, self.facet, [getattr(v, self.key) for v in value])


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="search",
        max_length=200,
        widget=SearchForm().fields["q"].widget,
    )
    zielgruppe = FacetFilter(
        label=_("Zielgruppe"), facet="zielgruppe", queryset=TargetGroup.objects.all()
    )
    thema = FacetFilter(label=_("Thema"), facet="thema", queryset=Topic.objects.all())
    gemeinde = FacetFilter(
        label=_("Gemeinde"), facet="gemeinde", queryset=Municipality.objects.all()
    )
    sprache = FacetFilter(
        label=_("Sprache"),
        facet="sprache",
        key="code",
        # Languages some service is offered in (an EXISTS is cheaper than DISTINCT over a join).
        queryset=Language.objects.filter(
            Exists(Service.languages.through.objects.filter(language=OuterRef("pk")))
        ),
    )
    barrierefrei = django_filters.MultipleChoiceFilter(
        label=_("Barrierefreiheit"),
        choices=Feature.choices,
        method="accessible",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ein Standort mit allem, was Sie wählen."),
    )
    kostenlos = django_filters.BooleanFilter(
        label=_("nur kostenlose Angebote"),
        method="free",
        widget=YesBox,
    )
    sortierung = django_filters.ChoiceFilter(
        label=_("Sortierung"),
        choices=[("relevanz", _("Relevanz")), ("name", _("Name A–Z"))],
        method="order",
        empty_label=None,
    )

    class Meta:
        fields = []

    def search(self, queryset, name, value):
        return self.searched.filter(queryset)

    @cached_property
    def searched(self):
        """The search of this request, read once for the results and every count."""
        return search.Search(self.form.cleaned_data.get("q") or "")

    def accessible(self, queryset, name, value):
        if not value:
            return queryset
        return search.with_facet(queryset, "barrierefrei", [search.accessible(value)])

    def free(self, queryset, name, value):
        return search.with_facet(queryset, "kostenlos", ["ja"]) if value else queryset

    def order(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    def filter_queryset(self, queryset):
        for name, value in self.narrowing():
            queryset = self.filters[name].filter(queryset, value)
        by_relevance = self.form.cleaned_data.get("q") and (
            self.form.cleaned_data.get("sortierung") != "name"
        )
        if by_relevance and self.searched.words:
            return queryset.order_by(self.searched.relevance().desc(), search.folded_name(), "pk")
        return queryset.order_by(search.folded_name(), "pk")

    def narrowing(self, left_out=None):
        """(name, value) of every valid filter but left_out that narrows the results."""
        data = self.form.cleaned_data
        return [
            (name, data[name]) for name in NARROWEST_FIRST if name != left_out and data.get(name)
        ]

    def keys(self, name, value):
        """The filter keys of the index that a facet filter's value finds, any of them."""
        if name == "barrierefrei":
            return [f"barrierefrei:{search.accessible(value)}"]
        if name == "kostenlos":
            return ["kostenlos:ja"]
        facet = self.filters[name]
        return [f"{facet.facet}:{getattr(option, facet.key)}" for option in value]

    def scope(self, left_out):
        """The ids of the organisations that every filter but left_out lets through, from the
        index alone (it holds published organisations only); None if no filter narrows them."""
        narrowing = self.narrowing(left_out)
        facets = [(name, value) for name, value in narrowing if name != "q"]
        if facets:
            name, value = facets.pop(0)
            ids, field = FacetValue.objects.filter(key__in=self.keys(name, value)), "organisation"
        elif narrowing:
            ids, field = Organisation.objects.all(), "pk"
        else:
            return None
        for name, value in facets:
            ids = ids.filter(search.has_keys(self.keys(name, value), field))
        if "q" in dict(narrowing):
            ids = self.searched.filter(ids, field)
        return ids.values(field)

    def counts(self):
        """{filter name: {option value: organisations}} as if that option were added."""
        self.is_valid()  # the filters that are valid still count
        data = self.form.cleaned_data
        chosen = [name for name in search.FACETS if data.get(name)]
        # A chosen facet counts among the results of the other filters; the facets nobody chose
        # share one scope (all filters) and one query. (One UNION of these queries is slower on
        # PostgreSQL: it plans it in parallel, which costs more than it saves here.)
        groups = [([name], name) for name in chosen]
        rest = [name for name in search.FACETS if name not in chosen]
        if rest:
            groups.append((rest, None))
        # "barrierefrei" counts places with the chosen features and one more, "kostenlos" has
        # one value: only those keys are counted.
        features = data.get("barrierefrei") or []
        accessible = {
            feature: f"barrierefrei:{search.accessible({*features, feature})}"
            for feature in Feature.values
        }
        exact = {"barrierefrei": list(accessible.values()), "kostenlos": ["kostenlos:ja"]}
        found = {name: {} for name in search.FACETS}
        for names, left_out in groups:
            keys = Q()
            for name in names:
                if name in exact:
                    keys |= Q(key__in=exact[name])
                else:
                    keys |= Q(key__startswith=f"{name}:")
            rows = FacetValue.objects.filter(keys)
            scope = self.scope(left_out)
            if scope is not None:
                rows = rows.filter(organisation__in=scope)
            for key, n in (
                rows.values("key").annotate(n=Count("organisation")).values_list("key", "n")
            ):
                name, value = key.split(":", 1)
                found[name][value] = n
        combinations = found["barrierefrei"]
        found["barrierefrei"] = {
            feature: combinations.get(key.split(":", 1)[1], 0)
            for feature, key in accessible.items()
        }
        return found

    def facets(self):
        """Each filter with its options as the page shows them: only options that would find
        something, and those already chosen, each with its count."""
        counts = self.counts()
        chosen = {name: set(self.data.getlist(name)) for name in self.filters}
        shown = []
        for name in ("zielgruppe", "thema", "gemeinde", "sprache", "barrierefrei"):
            field = self.form[name]
            options = []
            for value, label in field.field.choices:
                value = str(getattr(value, "value", value))
                count = counts.get(name, {}).get(value, 0)
                if count or value in chosen[name]:
                    options.append(
                        {
                            "value": value,
                            "label": label,
                            "count": count,
                            "checked": value in chosen[name],
                        }
                    )
            if options:
                shown.append(
                    {
                        "name": name,
                        "label": field.label,
                        "options": options,
                        "help": field.help_text,
                    }
                )
        free = counts.get("kostenlos", {}).get("ja", 0)
        return shown, free
