"""Index Wagtail's page titles with the id, for the article list's ``ordering=title``.

Without it a title-ordered page of the list sorts every servable article first (about a second
at 100,000 articles on PostgreSQL); with it the query walks the index and stops after the page
(about a millisecond). The table is Wagtail's, so the index is plain SQL that both SQLite and
PostgreSQL accept, and the reverse drops it again.
"""

from django.db import migrations

INDEX = "frontend_api_page_title_order"


class Migration(migrations.Migration):
    dependencies = [
        ("frontend_api", "0002_search_entry_text_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (title, id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
