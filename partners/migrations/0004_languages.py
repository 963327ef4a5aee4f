from django.db import migrations

from partners.languages import LANGUAGES


def add_languages(apps, schema_editor):
    Language = apps.get_model("partners", "Language")
    Language.objects.bulk_create(
        [Language(code=code) for code in LANGUAGES], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [("partners", "0003_directory")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
