from django.db import migrations

# PostgreSQL can refuse overlapping windows itself; on SQLite the model's clean() does it alone.
# The weekday shifts both times onto one reference week, so plain range types suffice (no btree_gist).
ADD = """
ALTER TABLE schedule_openinghours ADD CONSTRAINT opening_hours_no_overlap EXCLUDE USING gist (
    tsrange(DATE '2000-01-03' + weekday + starts, DATE '2000-01-03' + weekday + ends) WITH &&,
    daterange(COALESCE(valid_from, '-infinity'), COALESCE(valid_until, 'infinity'), '[]') WITH &&
)
"""
DROP = "ALTER TABLE schedule_openinghours DROP CONSTRAINT opening_hours_no_overlap"


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("schedule", "0002_exceptions")]

    operations = [migrations.RunPython(run(ADD), run(DROP))]
