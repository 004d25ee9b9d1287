"""Search over the published-article store (issue 11).

The entry table is Django's; the full-text index beside it is per database:

- PostgreSQL: ``document`` (title A, condition and summary B, headings C, body D) and
  ``ranking`` (the same without the body: small, so ranking every match stays cheap) as
  generated ``tsvector`` columns, a GIN index on ``document``, and pg_trgm with a trigram
  index on the vocabulary for "did you mean".
- SQLite: an FTS5 table over the entries (external content, kept in step by triggers), with the
  porter stemmer and prefix indexes for search-as-you-type.

Articles already stored get their entries here, from their stored documents.
"""

import html
import re
from types import SimpleNamespace

import django.db.models.deletion
import orjson
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

POSTGRES_INDEX = """
ALTER TABLE frontend_api_searchentry
    ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', lead), 'B')
        || setweight(to_tsvector('english', headings), 'C')
        || setweight(to_tsvector('english', body), 'D')) STORED,
    ADD COLUMN ranking tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', lead), 'B')
        || setweight(to_tsvector('english', headings), 'C')) STORED;
-- Narrow rows: the texts and the full vector go to the TOAST table (only the page's excerpts
-- read a text, and the GIN index answers matches without reading the vector), while the
-- ranking vector stays in the row, so counting and ranking many matches reads few pages.
ALTER TABLE frontend_api_searchentry SET (toast_tuple_target = 128);
ALTER TABLE frontend_api_searchentry ALTER COLUMN ranking SET STORAGE MAIN;
-- No statistics on the vector: with them the planner sees that a common word matches most
-- entries and scans the table, reading every vector from TOAST (650 ms at 30,000 entries);
-- with the default selectivity it always asks the GIN index (130 ms, and far less for rarer
-- words). Ranking and counting need every match anyway; the index finds them cheapest.
ALTER TABLE frontend_api_searchentry ALTER COLUMN document SET STATISTICS 0;
"""
# Built after the entries of already stored articles are in: one build, not 100,000 inserts.
POSTGRES_GIN = """
-- A short pending list: publishes stay cheap (entries are merged in batches) while searches
-- never scan a long list of unmerged entries (30 ms at the default 4 MB during seeding).
CREATE INDEX search_document ON frontend_api_searchentry USING gin (document)
    WITH (gin_pending_list_limit = 256);
CREATE INDEX search_term_trigram ON frontend_api_searchterm USING gin (term gin_trgm_ops);
"""
POSTGRES_DROP = """
DROP INDEX IF EXISTS search_term_trigram;
DROP INDEX IF EXISTS search_document;
ALTER TABLE frontend_api_searchentry DROP COLUMN IF EXISTS ranking,
    DROP COLUMN IF EXISTS document;
"""
FTS_COLUMNS = "title, lead, headings, body"
SQLITE_INDEX = [
    f"""CREATE VIRTUAL TABLE frontend_api_searchindex USING fts5(
        {FTS_COLUMNS}, content='frontend_api_searchentry', content_rowid='article_id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3 4')""",
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
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS frontend_api_search_changed",
    "DROP TRIGGER IF EXISTS frontend_api_search_removed",
    "DROP TRIGGER IF EXISTS frontend_api_search_added",
    "DROP TABLE IF EXISTS frontend_api_searchindex",
]


def create_full_text_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_INDEX)
    elif vendor == "sqlite":
        for statement in SQLITE_INDEX:
            schema_editor.execute(statement)


def create_postgres_gin_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_GIN)


def drop_full_text_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


# A frozen copy of ``frontend_api.search.indexing`` as it was when this migration was written
# (a migration must not import the app's code, which changes after it): the search entry and
# vocabulary of a stored article.
TAG = re.compile(r"<[^>]+>")
MARKERS = str.maketrans({"\x02": " ", "\x03": " "})
SPACE = re.compile(r"\s+")
WORD = re.compile(r"[^\W\d_]{3,40}")
HEADING_KEYS = ("heading", "title", "name")
SKIPPED_KEYS = {"type", "id", "kind", "kind_label", "url", "reference_numbers", "image"}


def _plain(text):
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", text)).translate(MARKERS)).strip()


def _strings(value, key=""):
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            if name not in SKIPPED_KEYS:
                yield from _strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)


def _body_texts(body):
    headings, text = [], []
    for block in body:
        if block["type"] in ("related_articles", "image"):
            continue
        for key, string in _strings(block["value"]):
            if key in HEADING_KEYS:
                headings.append(_plain(string))
            text.append(_plain(string))
    return " ".join(filter(None, headings)), " ".join(filter(None, text))


def _entry(entry_model, row, content):
    headings, text = _body_texts(content["body"])
    summary = _plain(content.get("summary") or "")
    return entry_model(
        article_id=row.pk,
        root_page_id=row.root_page_id,
        center_slug=row.center_slug,
        center_title=content["health_center"]["title"],
        expires_at=row.expires_at,
        next_review_due=row.next_review_due,
        last_updated=row.last_updated,
        last_reviewed=row.last_reviewed,
        title=_plain(content["title"]),
        lead=f"{_plain(content.get('condition') or '')} {summary}".strip(),
        headings=headings,
        body=f"{summary} {text}".strip(),
    )


def _terms(entries):
    words = set()
    for entry in entries:
        for text in (entry.title, entry.lead, entry.headings, entry.body):
            words.update(word.lower() for word in WORD.findall(text))
    return words


def index_stored_articles(apps, schema_editor):
    """Entries for the articles stored before search had its own index."""
    stored = apps.get_model("frontend_api", "PublishedArticle").objects.order_by("pk")
    entry_model = apps.get_model("frontend_api", "SearchEntry")
    term_model = apps.get_model("frontend_api", "SearchTerm")
    columns = ("pk", "root_page_id", "center_slug", "expires_at", "next_review_due",
               "last_updated", "last_reviewed", "detail")  # fmt: skip
    batch = []
    for values in stored.values_list(*columns).iterator(chunk_size=500):
        row = SimpleNamespace(**dict(zip(columns, values, strict=True)))
        batch.append(_entry(entry_model, row, orjson.loads(bytes(row.detail))))
        if len(batch) == 500:
            _write(entry_model, term_model, batch)
            batch = []
    _write(entry_model, term_model, batch)


def _write(entry_model, term_model, entries):
    entry_model.objects.bulk_create(entries)
    term_model.objects.bulk_create(
        [term_model(term=word) for word in sorted(_terms(entries))], ignore_conflicts=True
    )


class Migration(migrations.Migration):

    dependencies = [
        ('frontend_api', '0006_webhooks'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchTerm',
            fields=[
                ('term', models.CharField(max_length=40, primary_key=True, serialize=False)),
            ],
            options={
                'verbose_name': 'search term',
            },
        ),
        migrations.CreateModel(
            name='SynonymGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('terms', models.TextField(help_text='Comma-separated words or phrases that mean the same to readers, e.g. "sciatica, back pain". A search for any of them finds articles with any of them.')),
                ('note', models.CharField(blank=True, help_text='Why the group exists (for other editors).', max_length=255)),
            ],
            options={
                'verbose_name': 'search synonym group',
                'ordering': ['terms'],
            },
        ),
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_entry', serialize=False, to='frontend_api.publishedarticle')),
                ('root_page_id', models.BigIntegerField()),
                ('center_slug', models.SlugField(allow_unicode=True, db_index=False, max_length=255)),
                ('center_title', models.CharField(max_length=255)),
                ('expires_at', models.DateTimeField(blank=True, null=True)),
                ('next_review_due', models.DateField(null=True)),
                ('last_updated', models.DateField(null=True)),
                ('last_reviewed', models.DateField(null=True)),
                ('title', models.TextField()),
                ('lead', models.TextField(help_text='The condition and the summary.')),
                ('headings', models.TextField(help_text='Headings, callout titles and treatment names.')),
                ('body', models.TextField(help_text='The summary and the text of the body blocks.')),
            ],
            options={
                'verbose_name': 'search entry',
                'verbose_name_plural': 'search entries',
            },
        ),
        TrigramExtension(),
        migrations.RunPython(create_full_text_index, drop_full_text_index, elidable=False),
        migrations.RunPython(index_stored_articles, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(
            create_postgres_gin_indexes, migrations.RunPython.noop, elidable=False
        ),
    ]
