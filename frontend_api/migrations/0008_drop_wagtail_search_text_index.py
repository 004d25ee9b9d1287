"""Drop the GIN index 0002 put on Wagtail's search table (``wagtailsearch_indexentry``).

It served the API's search while that went through Wagtail's PostgreSQL backend; the API now
searches its own entries (0007, ``frontend_api.search``), so the index only slowed Wagtail's
indexing and sat on a table this app does not own. Migrating backwards puts it back.
"""

from django.db import migrations

INDEX = "frontend_api_search_entry_text"
TABLE = "wagtailsearch_indexentry"


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((title || body))"
        )


class Migration(migrations.Migration):
    dependencies = [("frontend_api", "0007_search_index")]

    operations = [migrations.RunPython(drop_index, create_index)]
