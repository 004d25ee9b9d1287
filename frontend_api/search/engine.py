"""The search statements, one engine per database; each request's work is a few indexed queries.

Every statement filters the search entries by the same conditions the list uses
(``reading.Requester.served`` and the list filters, over the entries' copies of those columns),
so a search finds only what the requester is served right now. The page of results is ranked
among the matches, then joined to the store for the list items and excerpted (the excerpt is
computed for that page only).

Excerpts: the database marks each matched word with two control characters (stripped from
the indexed text), the excerpt is HTML-escaped, then the marks become ``<mark>`` and
``</mark>``: the only markup an excerpt ever holds.
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass
from datetime import date

from django.db import connection
from wagtail.coreutils import get_content_languages

from .. import replicas
from ..store import reading
from . import query as q
from .indexing import search_configuration

START, STOP = "\x02", "\x03"
EXCERPT_WORDS = 24
# pg_trgm candidates fetched per word (the best verified one is suggested).
CANDIDATES = 6
ENTRY = "frontend_api_searchentry"
STORE = "frontend_api_publishedarticle"
FTS = "frontend_api_searchindex"


@dataclass(frozen=True)
class Hit:
    """A found article: its stored list item, its next review date, its excerpt."""

    page_id: int
    content: bytes
    next_review_due: date | None
    excerpt: str


@dataclass(frozen=True)
class CenterCount:
    """How many articles of one health center the query finds."""

    slug: str
    title: str
    count: int


def excerpt_html(raw: str | None) -> str:
    """The database's excerpt as safe HTML: escaped text and ``<mark>`` highlights."""
    if not raw:
        return ""
    escaped = html.escape(" ".join(raw.split()), quote=False)
    return escaped.replace(START, "<mark>").replace(STOP, "</mark>")


def _conditions(who: reading.Requester, filters: dict[str, object]) -> tuple[str, list]:
    served, served_params = who.served(in_language=True)
    extra, values = reading.filter_sql(filters, who.today)
    return f"{served}{extra}", [*served_params, *values]


def _without_center(filters: dict[str, object]) -> dict[str, object]:
    return {name: value for name, value in filters.items() if name != "health_center"}


def _order(ordering: str | None, rank: str, *, sort_key: str = "", pk: str = "article_id") -> str:
    """ORDER BY: by rank (best first), or by the list's ``ordering``; the id breaks ties."""
    if not ordering:
        return f"{rank}, {pk}"
    column = sort_key or f"e.{reading.ORDERINGS[ordering.lstrip('-')]}"
    direction = "DESC" if ordering.startswith("-") else "ASC"
    return f"{column} {direction}, {pk} {direction}"


def _hits(rows) -> list[Hit]:
    return [
        Hit(row[0], bytes(row[1]), reading.as_date(row[2]), excerpt_html(row[3])) for row in rows
    ]


def search_configuration_sql(who: reading.Requester) -> tuple[str, list]:
    """The text-search configuration of the language searched, as SQL (``regconfig``): the
    one its search rows were indexed with (``indexing.search_configuration``)."""
    if who.locale:
        return "%s::regconfig", [search_configuration(who.locale)]
    language, params = who.language()
    cases = "".join(" WHEN %s THEN %s" for _ in get_content_languages())
    for code in get_content_languages():
        params = [*params, code, search_configuration(code)]
    return f"(CASE {language}{cases} ELSE 'simple' END)::regconfig", params


class PostgresSearch:
    """``tsvector`` columns with a GIN index, ``ts_rank`` on the small ranking vector,
    ``ts_headline`` excerpts, pg_trgm over the vocabulary. Each row is indexed with its
    language's text-search configuration (``search_config``), and a query is parsed with the
    configuration of the language searched."""

    # ts_headline parses all the text it is given (4 ms for a 1,500-word body): it is given
    # the 600 characters around the first place a query word's stem occurs (from the start,
    # which holds the summary, when none does).
    WINDOW = """substr(e.body, greatest(1, coalesce((
                SELECT min(nullif(strpos(lower(e.body), coalesce((
                    SELECT lexeme FROM unnest(to_tsvector(e.search_config, word)) LIMIT 1
                ), word)), 0))
                FROM unnest(%s::text[]) AS word), 1) - 150), 600)"""
    HEADLINE = (
        f"StartSel={START}, StopSel={STOP}, MaxWords={EXCERPT_WORDS}, MinWords=10, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )

    def results(self, who, parsed, filters, ordering, *, offset: int, limit: int):
        """The counts per center and one page of hits, in one statement: the matches are
        found and ranked once, counted, and the page is cut from them."""
        center = filters.get("health_center")
        where, params = _conditions(who, _without_center(filters))
        key = f"e.{reading.ORDERINGS[ordering.lstrip('-')]}" if ordering else "NULL"
        config, config_params = search_configuration_sql(who)
        sql = f"""
            WITH query AS (SELECT to_tsquery({config}, %s) AS tsq),
            hit AS MATERIALIZED (
                SELECT article_id, center_slug, center_title, {key} AS sort_key,
                       ts_rank(ranking, query.tsq) AS score
                FROM {ENTRY} e, query
                WHERE document @@ query.tsq AND {where}
            ),
            chosen AS (
                SELECT article_id, row_number() OVER () AS place FROM (
                    SELECT article_id FROM hit WHERE {"center_slug = %s" if center else "TRUE"}
                    ORDER BY {_order(ordering, "score DESC", sort_key="sort_key")}
                    LIMIT %s OFFSET %s
                ) top
            )
            SELECT NULL, NULL, NULL, NULL, center_slug, MIN(center_title), COUNT(*)
            FROM hit GROUP BY center_slug
            UNION ALL
            SELECT a.page_id, a.list_item, a.next_review_due,
                   ts_headline(e.search_config, {self.WINDOW}, query.tsq, %s), NULL, NULL,
                   chosen.place
            FROM chosen
            JOIN {ENTRY} e ON e.article_id = chosen.article_id
            JOIN {STORE} a ON a.page_id = chosen.article_id
            CROSS JOIN query
        """
        values = [
            *config_params,
            q.tsquery(parsed),
            *params,
            *([center] if center else []),
            limit,
            offset,
        ]
        values += [q.all_words(parsed), self.HEADLINE]
        with replicas.reading_connection().cursor() as cursor:
            cursor.execute(sql, values)
            rows = cursor.fetchall()
        centers = [CenterCount(r[4], r[5], r[6]) for r in rows if r[0] is None]
        centers.sort(key=lambda c: (-c.count, c.slug))
        page = sorted((r for r in rows if r[0] is not None), key=lambda r: r[6])
        return centers, _hits(page)

    def finds(self, who, word: str, *, prefix: bool) -> bool:
        """Whether ``word`` alone finds an article the requester is served."""
        where, params = _conditions(who, {})
        config, config_params = search_configuration_sql(who)
        # Materialized: planned for every match, so through the full-text index. Under
        # EXISTS alone the planner hopes to meet a match early in a sequential scan and
        # tests every entry when there is none (measured: 460 ms instead of 6 ms).
        sql = f"""
            WITH found AS MATERIALIZED (
                SELECT root_page_id, expires_at, next_review_due, locale FROM {ENTRY}
                WHERE document @@ to_tsquery({config}, %s)
            )
            SELECT EXISTS (SELECT 1 FROM found WHERE {where})"""
        with replicas.reading_connection().cursor() as cursor:
            cursor.execute(sql, [*config_params, q.ts_word(word, prefix=prefix), *params])
            return cursor.fetchone()[0]

    def candidates(self, word: str) -> list[str]:
        """Indexed words most like ``word`` (pg_trgm similarity), most alike first."""
        sql = f"""
            SELECT term FROM frontend_api_searchterm WHERE term %% %s AND term <> %s
            ORDER BY similarity(term, %s) DESC, term LIMIT {CANDIDATES}
        """
        with replicas.reading_connection().cursor() as cursor:
            cursor.execute(sql, [word, word, word])
            return [row[0] for row in cursor.fetchall()]

    def closest(self, who, word: str) -> str | None:
        """The indexed word most like ``word`` that finds an article the requester is served."""
        for candidate in self.candidates(word):
            if self.finds(who, candidate, prefix=False):
                return candidate
        return None


class SqliteSearch:
    """An FTS5 table ranked by ``bm25()`` with column weights, ``snippet()`` excerpts, and a
    similarity measure (difflib) over the vocabulary."""

    # bm25 weights of title, lead (condition and summary), headings, body.
    WEIGHTS = "10.0, 4.0, 2.0, 1.0"

    def _matches(self, where: str) -> str:
        return (
            f"FROM {FTS} JOIN {ENTRY} e ON e.article_id = {FTS}.rowid "
            f"WHERE {FTS} MATCH %s AND {where}"
        )

    def results(self, who, parsed, filters, ordering, *, offset: int, limit: int):
        """The counts per center (every filter but the center), then the page."""
        centers = self.facets(who, parsed, _without_center(filters))
        center = filters.get("health_center")
        if not any(c.count for c in centers if center is None or c.slug == center):
            return centers, []
        return centers, self.page(who, parsed, filters, ordering, offset=offset, limit=limit)

    def page(self, who, parsed, filters, ordering, *, offset: int, limit: int) -> list[Hit]:
        where, params = _conditions(who, filters)
        expression = q.fts5(parsed)
        key = f"e.{reading.ORDERINGS[ordering.lstrip('-')]}" if ordering else "NULL"
        # The excerpt is computed in a second match over the page's rows only.
        sql = f"""
            WITH hit AS (
                SELECT e.article_id AS article_id, bm25({FTS}, {self.WEIGHTS}) AS score,
                       {key} AS sort_key
                {self._matches(where)}
                ORDER BY {_order(ordering, "score")} LIMIT %s OFFSET %s
            )
            SELECT a.page_id, a.list_item, a.next_review_due,
                   snippet({FTS}, 3, char(2), char(3), ' … ', {EXCERPT_WORDS})
            FROM {FTS} JOIN hit ON hit.article_id = {FTS}.rowid
            JOIN {STORE} a ON a.page_id = hit.article_id
            WHERE {FTS} MATCH %s
            ORDER BY {_order(ordering, "hit.score", sort_key="hit.sort_key", pk="hit.article_id")}
        """
        with replicas.reading_connection().cursor() as cursor:
            cursor.execute(sql, [expression, *params, limit, offset, expression])
            return _hits(cursor.fetchall())

    def facets(self, who, parsed, filters) -> list[CenterCount]:
        where, params = _conditions(who, filters)
        sql = f"""
            SELECT e.center_slug, MIN(e.center_title), COUNT(*) {self._matches(where)}
            GROUP BY e.center_slug ORDER BY COUNT(*) DESC, e.center_slug
        """
        with replicas.reading_connection().cursor() as cursor:
            cursor.execute(sql, [q.fts5(parsed), *params])
            return [CenterCount(*row) for row in cursor.fetchall()]

    def finds(self, who, word: str, *, prefix: bool) -> bool:
        where, params = _conditions(who, {})
        sql = f"SELECT EXISTS (SELECT 1 {self._matches(where)})"
        with replicas.reading_connection().cursor() as cursor:
            cursor.execute(sql, [q.fts5_word(word, prefix=prefix), *params])
            return bool(cursor.fetchone()[0])

    def candidates(self, word: str) -> list[str]:
        """Indexed words of about the same length most like ``word`` (difflib's ratio)."""
        size = len(word)
        with replicas.reading_connection().cursor() as cursor:
            cursor.execute(
                "SELECT term FROM frontend_api_searchterm WHERE length(term) BETWEEN %s AND %s",
                [size - 2, size + 2],
            )
            terms = [row[0] for row in cursor.fetchall() if row[0] != word]
        return difflib.get_close_matches(word, terms, n=CANDIDATES, cutoff=0.75)

    def closest(self, who, word: str) -> str | None:
        for candidate in self.candidates(word):
            if self.finds(who, candidate, prefix=False):
                return candidate
        return None


def engine() -> PostgresSearch | SqliteSearch:
    """The search engine of the default database."""
    return PostgresSearch() if connection.vendor == "postgresql" else SqliteSearch()
