import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from . import search
from .forms import SearchForm
from .models import FacetValue, Language, Location, Municipality, TargetGroup, Topic

Feature = Location.Feature


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
        queryset=Language.objects.filter(services__isnull=False).distinct(),
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
        widget=forms.CheckboxInput,
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
        return search.matching(queryset, value)

    def accessible(self, queryset, name, value):
        if not value:
            return queryset
        place = Location.objects.filter(organisation=OuterRef("pk"), **dict.fromkeys(value, True))
        return queryset.filter(Exists(place))

    def free(self, queryset, name, value):
        return search.with_facet(queryset, "kostenlos", ["ja"]) if value else queryset

    def order(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        by_relevance = self.form.cleaned_data.get("q") and (
            self.form.cleaned_data.get("sortierung") != "name"
        )
        if by_relevance:
            return queryset.order_by("-relevance", search.folded_name(), "pk")
        return queryset.order_by(search.folded_name(), "pk")

    def without(self, name):
        """The results with every filter but one applied, for counting that filter's options."""
        queryset = self.queryset
        for other, value in self.form.cleaned_data.items():
            if other not in (name, "sortierung") and value not in (None, "", []):
                queryset = self.filters[other].filter(queryset, value)
        return queryset

    def counts(self):
        """{filter name: {option value: organisations}} as if that option were added."""
        self.is_valid()  # the filters that are valid still count
        data = self.form.cleaned_data
        # Facets nobody chose share one scope (all filters), so one query counts them all.
        groups = [[name] for name in search.FACETS if data.get(name)]
        groups.append([name for name in search.FACETS if not data.get(name)])
        found = {name: {} for name in search.FACETS}
        for names in groups:
            if not names:
                continue
            prefixes = Q()
            for name in names:
                prefixes |= Q(key__startswith=f"{name}:")
            rows = (
                FacetValue.objects.filter(
                    prefixes, organisation__in=self.without(names[0]).values("pk")
                )
                .values("key")
                .annotate(n=Count("organisation"))
                .values_list("key", "n")
            )
            for key, n in rows:
                name, value = key.split(":", 1)
                found[name][value] = n
        chosen = self.form.cleaned_data.get("barrierefrei") or []
        scope = self.without("barrierefrei")
        found["barrierefrei"] = scope.aggregate(
            **{
                feature: Count(
                    "pk",
                    filter=Q(
                        Exists(
                            Location.objects.filter(
                                organisation=OuterRef("pk"),
                                **dict.fromkeys({*chosen, feature}, True),
                            )
                        )
                    ),
                )
                for feature in Feature.values
            }
        )
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
