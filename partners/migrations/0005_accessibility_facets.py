"""Index the accessibility of locations as filter values ("barrierefrei:stufenlos+wc").

The directory's "barrierefrei" filter and its counts now read these keys instead of the
locations; this writes them for the entries already indexed, as partners.search.index() does.
"""

import itertools

from django.db import migrations

FEATURES = ["stufenlos", "wc", "induktionsschleife", "leitsystem", "parkplatz"]


def index_accessibility(apps, schema_editor):
    FacetValue = apps.get_model("partners", "FacetValue")
    Location = apps.get_model("partners", "Location")
    indexed = set(FacetValue.objects.values_list("organisation_id", flat=True).distinct())
    keys = set()
    places = Location.objects.filter(organisation__is_published=True)
    for organisation, *flags in places.values_list("organisation_id", *FEATURES):
        if organisation not in indexed:
            continue
        have = [feature for feature, on in zip(FEATURES, flags, strict=True) if on]
        for size in range(1, len(have) + 1):
            for combination in itertools.combinations(have, size):
                keys.add((organisation, "barrierefrei:" + "+".join(combination)))
    FacetValue.objects.bulk_create(
        [FacetValue(organisation_id=org, key=key) for org, key in sorted(keys)],
        batch_size=2000,
        ignore_conflicts=True,
    )


def forget_accessibility(apps, schema_editor):
    FacetValue = apps.get_model("partners", "FacetValue")
    FacetValue.objects.filter(key__startswith="barrierefrei:").delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_languages")]

    operations = [migrations.RunPython(index_accessibility, forget_accessibility)]
