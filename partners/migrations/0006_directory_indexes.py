"""Indexes for the directory's queries (see bench/directory.py for what each one saves).

- organisation_published: the published organisations' ids, so that counting results does not
  read every row of the wide organisation table.
- organisation_folded_name: the published organisations in A–Z order, so that the first page of
  an unfiltered directory reads 20 rows instead of sorting all of them. The expression must be
  exactly the SQL of partners.search.FoldedName, or the databases do not use the index.
- facet_value_by_organisation: an organisation's filter values, for counting the options of the
  filters among the results.
- facet_value_key_prefix (PostgreSQL only): filter values by the beginning of their key
  ("thema:…"); PostgreSQL cannot use the unique (key, organisation) index for LIKE 'thema:%'
  unless the database collation is C. SQLite does not need it.

They are written in SQL rather than declared on the models because a partial index on an
expression is the point of organisation_folded_name, and text_pattern_ops exists only in
PostgreSQL.
"""

from django.db import migrations

FOLDED_NAME = (
    "LOWER(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE("
    "\"name\", 'Ä', 'A'), 'Ö', 'O'), 'Ü', 'U'), 'ä', 'a'), 'ö', 'o'), 'ü', 'u'))"
)
INDEXES = [
    ("organisation_published", 'partners_organisation ("id") WHERE "is_published"'),
    (
        "organisation_folded_name",
        f'partners_organisation ({FOLDED_NAME}, "id") WHERE "is_published"',
    ),
    ("facet_value_by_organisation", 'partners_facetvalue ("organisation_id", "key")'),
]
POSTGRES_INDEXES = [
    (
        "facet_value_key_prefix",
        'partners_facetvalue ("key" text_pattern_ops, "organisation_id")',
    ),
]


def indexes(vendor):
    return INDEXES + (POSTGRES_INDEXES if vendor == "postgresql" else [])


def create(apps, schema_editor):
    for name, definition in indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"CREATE INDEX {name} ON {definition}")


def drop(apps, schema_editor):
    for name, _definition in indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_accessibility_facets")]

    operations = [migrations.RunPython(create, drop)]
