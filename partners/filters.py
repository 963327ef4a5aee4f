import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .forms import SearchForm
from .models import Organisation, TargetGroup, Topic


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="search",
        max_length=200,
        widget=SearchForm().fields["q"].widget,
    )
    zielgruppe = django_filters.ModelMultipleChoiceFilter(
        label=_("Zielgruppe"),
        field_name="target_groups__slug",
        to_field_name="slug",
        queryset=TargetGroup.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    thema = django_filters.ModelMultipleChoiceFilter(
        label=_("Thema"),
        field_name="topics__slug",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = ["q", "zielgruppe", "thema"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(short_description__icontains=word)
                | Q(description__icontains=word)
                | Q(parent__name__icontains=word)
                | Q(target_groups__name__icontains=word)
                | Q(topics__name__icontains=word)
            )
        return queryset.distinct()
