"""Locales (issue 21): every stored article and search row knows its language.

- ``PublishedArticle.locale`` and ``translation_key`` (filled from the page by ``0011``);
  ``translation_status`` is empty for originals (the only articles stored before locales).
- The store's list indexes put the locale after the site, since every list, find and search
  names one.
- ``SearchEntry.locale`` and ``search_config`` (``regconfig`` on PostgreSQL, where ``0011``
  generates the full-text columns with it).
- ``SynonymGroup.language``: synonyms expand searches in their language only.
"""

from django.db import migrations, models

import frontend_api.search.models

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




class SqliteSearchTriggers(migrations.operations.base.Operation):
    """On SQLite, create again the FTS5 triggers that adding (or, backwards, removing) columns
    dropped when it rebuilt the entry table, and rebuild the index; nothing elsewhere."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, *, on_forwards: bool):
        self.on_forwards = on_forwards

    def deconstruct(self):
        return (self.__class__.__name__, [], {"on_forwards": self.on_forwards})

    def state_forwards(self, app_label, state):
        pass

    def _create(self, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in SQLITE_TRIGGERS:
                schema_editor.execute(statement)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if self.on_forwards:
            self._create(schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not self.on_forwards:
            self._create(schema_editor)

    def describe(self):
        return "Re-create the SQLite FTS5 triggers of the search entries"


class Migration(migrations.Migration):
    dependencies = [
        ("frontend_api", "0009_pinned_renditions"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [
        SqliteSearchTriggers(on_forwards=False),
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
        SqliteSearchTriggers(on_forwards=True),
    ]
