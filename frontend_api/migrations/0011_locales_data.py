"""Locales (issue 21), the data: stored articles and search rows take their page's locale
and translation key, and on PostgreSQL the full-text columns are generated again with each
row's own text-search configuration (``search_config``), with the GIN index."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

POSTGRES_DROP_VECTORS = """
DROP INDEX IF EXISTS search_document;
ALTER TABLE frontend_api_searchentry DROP COLUMN IF EXISTS ranking,
    DROP COLUMN IF EXISTS document;
"""
POSTGRES_VECTORS = """
ALTER TABLE frontend_api_searchentry
    ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(search_config, title), 'A')
        || setweight(to_tsvector(search_config, lead), 'B')
        || setweight(to_tsvector(search_config, headings), 'C')
        || setweight(to_tsvector(search_config, body), 'D')) STORED,
    ADD COLUMN ranking tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector(search_config, title), 'A')
        || setweight(to_tsvector(search_config, lead), 'B')
        || setweight(to_tsvector(search_config, headings), 'C')) STORED;
ALTER TABLE frontend_api_searchentry ALTER COLUMN ranking SET STORAGE MAIN;
ALTER TABLE frontend_api_searchentry ALTER COLUMN document SET STATISTICS 0;
CREATE INDEX search_document ON frontend_api_searchentry USING gin (document)
    WITH (gin_pending_list_limit = 256);
"""
# As 0007 built them: one configuration, English, for every row.
POSTGRES_ENGLISH_VECTORS = POSTGRES_VECTORS.replace("search_config", "'english'")




def per_language_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP_VECTORS)
        schema_editor.execute(POSTGRES_VECTORS)


def english_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP_VECTORS)
        schema_editor.execute(POSTGRES_ENGLISH_VECTORS)


# Frozen here (a migration must not import the app's settings code, which changes after it).
CONFIGURATIONS = {"en": "english", "es": "spanish", "fr": "french", "de": "german",
                  "it": "italian", "pt": "portuguese", "nl": "dutch", "sv": "swedish",
                  "da": "danish", "fi": "finnish", "nb": "norwegian", "ru": "russian"}  # fmt: skip


def fill_locales(apps, schema_editor):
    """Stored articles and search rows take their page's locale and translation key."""
    page = apps.get_model("wagtailcore", "Page")
    stored = apps.get_model("frontend_api", "PublishedArticle")
    entry = apps.get_model("frontend_api", "SearchEntry")
    of_page = page.objects.filter(pk=OuterRef("page_id"))
    stored.objects.update(
        locale=Subquery(of_page.values("locale__language_code")[:1]),
        translation_key=Subquery(of_page.values("translation_key")[:1]),
    )
    for language in stored.objects.values_list("locale", flat=True).distinct():
        entry.objects.filter(article__locale=language).update(
            locale=language, search_config=CONFIGURATIONS.get(language.split("-")[0], "simple")
        )


class Migration(migrations.Migration):
    dependencies = [("frontend_api", "0010_locales")]

    operations = [
        migrations.RunPython(fill_locales, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(per_language_vectors, english_vectors, elidable=False),
    ]
