"""Locales (issue 21): every stored article and search row knows its language.

- ``PublishedArticle.locale`` and ``translation_key`` come from the article's page;
  ``translation_status`` is empty for originals (the only articles stored before locales).
- The store's list indexes put the locale after the site, since every list, find and search
  names one.
- ``SearchEntry.locale`` and ``search_config``: on PostgreSQL the full-text columns are
  generated with each row's own text-search configuration (``regconfig``), so Spanish rows
  are stemmed as Spanish; the generated columns and the GIN index are built again.
- ``SynonymGroup.language``: synonyms expand searches in their language only.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import frontend_api.search.models

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


# SQLite: adding columns rebuilds the entry table, which drops the triggers that keep the FTS5
# index (0007) in step; they are created again, as 0007 wrote them, and the index rebuilt. The
# tokenizer already folds accents (``remove_diacritics 2``) for every language; the porter
# stemmer is English's (it also takes Spanish plurals: "dolores" finds "dolor").
FTS_COLUMNS = "title, lead, headings, body"
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS frontend_api_search_changed",
    "DROP TRIGGER IF EXISTS frontend_api_search_removed",
    "DROP TRIGGER IF EXISTS frontend_api_search_added",
    f"""CREATE TRIGGER frontend_api_search_added AFTER INSERT ON frontend_api_searchentry BEGIN
        INSERT INTO frontend_api_searchindex(rowid, {FTS_COLUMNS})
        VALUES (new.article_id, new.title, new.lead, new.headings, new.body);
    END""",
    f"""CREATE TRIGGER frontend_api_search_removed AFTER DELETE ON frontend_api_searchentry BEGIN
        INSERT INTO frontend_api_searchindex(frontend_api_searchindex, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.article_id, old.title, old.lead, old.headings, old.body);
    END""",
    f"""CREATE TRIGGER frontend_api_search_changed AFTER UPDATE ON frontend_api_searchentry BEGIN
        INSERT INTO frontend_api_searchindex(frontend_api_searchindex, rowid, {FTS_COLUMNS})
        VALUES ('delete', old.article_id, old.title, old.lead, old.headings, old.body);
        INSERT INTO frontend_api_searchindex(rowid, {FTS_COLUMNS})
        VALUES (new.article_id, new.title, new.lead, new.headings, new.body);
    END""",
    "INSERT INTO frontend_api_searchindex(frontend_api_searchindex) VALUES ('rebuild')",
]


def _sqlite_triggers(schema_editor):
    for statement in SQLITE_TRIGGERS:
        schema_editor.execute(statement)


def per_language_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP_VECTORS)
        schema_editor.execute(POSTGRES_VECTORS)
    elif schema_editor.connection.vendor == "sqlite":
        _sqlite_triggers(schema_editor)


def restore_sqlite_triggers(apps, schema_editor):
    """Migrating backwards: the entry table was rebuilt without the new columns."""
    if schema_editor.connection.vendor == "sqlite":
        _sqlite_triggers(schema_editor)


def english_vectors(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP_VECTORS)
        schema_editor.execute(POSTGRES_ENGLISH_VECTORS)
    elif schema_editor.connection.vendor == "sqlite":
        _sqlite_triggers(schema_editor)


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
    dependencies = [
        ("frontend_api", "0009_pinned_renditions"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_sqlite_triggers, elidable=False),
        migrations.AddField(
            model_name="publishedarticle",
            name="locale",
            field=models.CharField(
                default="",
                help_text="The language code of the article's locale (its page tree's).",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="publishedarticle",
            name="translation_key",
            field=models.UUIDField(
                blank=True,
                help_text="Shared by the article and its translations (Wagtail's).",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="publishedarticle",
            name="translation_status",
            field=models.CharField(
                blank=True,
                default="",
                help_text="A translation's: current or outdated (the original has a newer "
                "version than the one it follows); empty for an original.",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchentry",
            name="locale",
            field=models.CharField(
                default="",
                help_text="The article's language: which text-search configuration indexes it "
                "(PostgreSQL) and which searches find it.",
                max_length=10,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchentry",
            name="search_config",
            field=frontend_api.search.models.SearchConfigField(
                default="english",
                help_text="The text-search configuration of its language (stemming, stop words).",
                max_length=63,
            ),
        ),
        migrations.AddField(
            model_name="synonymgroup",
            name="language",
            field=models.CharField(
                choices=frontend_api.search.models.content_language_choices,
                default=frontend_api.search.models.default_language,
                help_text="The language of these words: they expand searches in this language "
                "only.",
                max_length=10,
            ),
        ),
        migrations.AlterModelOptions(
            name="synonymgroup",
            options={"ordering": ["language", "terms"], "verbose_name": "search synonym group"},
        ),
        migrations.RunPython(fill_locales, migrations.RunPython.noop, elidable=False),
        migrations.RemoveIndex(model_name="publishedarticle", name="store_find"),
        migrations.RemoveIndex(model_name="publishedarticle", name="store_updated"),
        migrations.RemoveIndex(model_name="publishedarticle", name="store_reviewed"),
        migrations.RemoveIndex(model_name="publishedarticle", name="store_title"),
        migrations.RemoveIndex(model_name="publishedarticle", name="store_center_updated"),
        migrations.AddIndex(
            model_name="publishedarticle",
            index=models.Index(
                fields=["root_page_id", "locale", "center_slug", "slug"], name="store_find_locale"
            ),
        ),
        migrations.AddIndex(
            model_name="publishedarticle",
            index=models.Index(
                fields=["root_page_id", "locale", "last_updated", "page"],
                name="store_updated_locale",
            ),
        ),
        migrations.AddIndex(
            model_name="publishedarticle",
            index=models.Index(
                fields=["root_page_id", "locale", "last_reviewed", "page"],
                name="store_reviewed_locale",
            ),
        ),
        migrations.AddIndex(
            model_name="publishedarticle",
            index=models.Index(
                fields=["root_page_id", "locale", "title", "page"], name="store_title_locale"
            ),
        ),
        migrations.AddIndex(
            model_name="publishedarticle",
            index=models.Index(
                fields=["root_page_id", "locale", "center_slug", "last_updated", "page"],
                name="store_center_updated_locale",
            ),
        ),
        migrations.AddIndex(
            model_name="publishedarticle",
            index=models.Index(fields=["translation_key"], name="store_translations"),
        ),
        migrations.RunPython(per_language_vectors, english_vectors, elidable=False),
    ]
