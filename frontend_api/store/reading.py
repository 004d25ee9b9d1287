"""Read the published-article store: each request is one indexed SQL statement.

The requesting site is chosen inside the same statement (``site_root``), by Wagtail's rule for
``Site.find_for_request``, translated to SQL: the one definition of which site a request gets,
for the API as for Wagtail (a test holds the two to the same answers). Rows past their
``expires_at`` are never returned, whatever the scheduler has done, nor (under the "withdraw"
overdue policy) rows overdue for review beyond the grace days. The statements are plain SQL
over the store's own indexed columns, so a request costs the database lookup and little else.
Each returns the stored ``next_review_due`` too: the review status is added when serving
(``review_state``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Locale, Page, Site

from review_workflow.contract import due_window, withdrawn_before
from review_workflow.contract import today as review_clock

from .. import replicas
from ..models import PublishedArticle

ORDERINGS = {
    "title": "title",
    "last_updated": "last_updated",
    "last_reviewed": "last_reviewed",
}
# Filter name -> (SQL condition over the store). Values are always bound parameters.
FILTERS = {
    "health_center": "center_slug = %s",
    "updated_since": "last_updated >= %s",
    "reviewed_since": "last_reviewed >= %s",
}


def _table() -> str:
    return connection.ops.quote_name(PublishedArticle._meta.db_table)


def site_root(hostname: str, port: int) -> tuple[str, list]:
    """The root page id of the site a request for ``hostname:port`` gets, as an SQL subquery
    and its parameters (NULL: no site).

    Wagtail's rule (``wagtail.models.sites.get_site_for_hostname``), in its order: the site
    with that hostname and port; else the default site if it has that hostname; else the one
    site with that hostname, if only one has it; else the default site; else none.
    """
    site = connection.ops.quote_name(Site._meta.db_table)
    sql = f"""(SELECT root_page_id FROM (
        SELECT s.root_page_id, CASE
            WHEN s.hostname = %s AND s.port = %s THEN 0
            WHEN s.hostname = %s AND s.is_default_site THEN 1
            WHEN s.hostname = %s
                AND (SELECT COUNT(*) FROM {site} t WHERE t.hostname = s.hostname) = 1 THEN 2
            WHEN s.is_default_site THEN 3
            ELSE 4 END AS rank
        FROM {site} s WHERE s.hostname = %s OR s.is_default_site) ranked
        WHERE rank < 4 ORDER BY rank LIMIT 1)"""
    return sql, [hostname, port, hostname, hostname, hostname]


def site_language(hostname: str, port: int) -> tuple[str, list]:
    """The language code of the requesting site's default locale (its root page's), as an
    SQL subquery and its parameters."""
    site, params = site_root(hostname, port)
    locale = connection.ops.quote_name(Locale._meta.db_table)
    page = connection.ops.quote_name(Page._meta.db_table)
    sql = (
        f"(SELECT l.language_code FROM {locale} l JOIN {page} p ON p.locale_id = l.id "
        f"WHERE p.id = {site})"
    )
    return sql, params


@dataclass(frozen=True)
class Requester:
    """Who asks: the host and port that choose the site, the instant of the request, and the
    language asked for (None: the site's default locale)."""

    hostname: str
    port: int
    now: datetime
    locale: str | None = None

    @classmethod
    def of(cls, hostname: str, port, locale: str | None = None) -> Requester:
        number = int(port) if str(port).isdigit() else -1
        return cls(hostname=hostname.lower(), port=number, now=timezone.now(), locale=locale)

    @property
    def today(self) -> date:
        return review_clock(self.now)

    def language(self) -> tuple[str, list]:
        """The language asked for, as SQL: the one named, or the site's default locale's."""
        if self.locale:
            return "%s", [self.locale]
        return site_language(self.hostname, self.port)

    def served(self, *, in_language: bool = False) -> tuple[str, list]:
        """The condition (and its values) for rows this requester may get right now; with
        ``in_language``, only those in the language asked for (lists, finds and searches:
        an article's id names one language already)."""
        site, params = site_root(self.hostname, self.port)
        sql = f"root_page_id = {site} AND (expires_at IS NULL OR expires_at > %s)"
        params.append(_adapted(self.now))
        if in_language:
            language, language_params = self.language()
            sql += f" AND locale = {language}"
            params += language_params
        cutoff = withdrawn_before(self.today)
        if cutoff is not None:
            sql += " AND (next_review_due IS NULL OR next_review_due >= %s)"
            params.append(_adapted(cutoff))
        return sql, params


@dataclass(frozen=True)
class StoredDetail:
    """An article's detail document as stored, with its validators."""

    content: bytes
    etag: str
    stored_at: datetime
    next_review_due: date | None
    translation_status: str = ""  # a translation's current | outdated; "" for an original


def _aware(value) -> datetime:
    # Raw SQL skips Django's converters: SQLite gives text, PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _date(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _detail(
    where: str, params: list, requester: Requester, *, in_language: bool = False
) -> StoredDetail | None:
    served, served_params = requester.served(in_language=in_language)
    sql = (
        f"SELECT detail, etag, stored_at, next_review_due, translation_status FROM {_table()} "
        f"WHERE {where} AND {served}"
    )
    with replicas.reading_connection().cursor() as cursor:
        cursor.execute(sql, [*params, *served_params])
        row = cursor.fetchone()
    if row is None:
        return None
    return StoredDetail(bytes(row[0]), row[1], _aware(row[2]), _date(row[3]), row[4])


def detail_by_id(requester: Requester, page_id: int) -> StoredDetail | None:
    """The stored detail of article ``page_id`` on the requester's site, or None."""
    return _detail("page_id = %s", [page_id], requester)


def detail_at(requester: Requester, center_slug: str, slug: str) -> StoredDetail | None:
    """The stored detail of the article at /<center_slug>/<slug>/ on the site, or None."""
    return _detail(
        "center_slug = %s AND slug = %s", [center_slug, slug], requester, in_language=True
    )


def _filter_sql(filters: dict[str, object], today: date) -> tuple[str, list]:
    conditions, values = "", []
    for name in sorted(filters):
        if name == "review_status":
            sql, params = _status_sql(filters[name], today)
        else:
            sql, params = FILTERS[name], [_adapted(filters[name])]
        conditions += f" AND {sql}"
        values += params
    return conditions, values


def _status_sql(status: str, today: date) -> tuple[str, list]:
    """``review_status`` as a range of ``next_review_due`` (it changes with the date alone)."""
    low, high = due_window(status, today)
    parts, params = [], []
    if low is not None:
        parts.append("next_review_due >= %s")
        params.append(_adapted(low))
    if high is not None:
        parts.append("next_review_due <= %s")
        params.append(_adapted(high))
    sql = " AND ".join(parts)
    if status == "current":
        sql = f"(next_review_due IS NULL OR {sql})"
    return sql, params


filter_sql = _filter_sql
as_date = _date


def _adapted(value):
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


@dataclass(frozen=True)
class StoredItem:
    """An article's stored list item, with what its review status is computed from."""

    page_id: int
    content: bytes
    next_review_due: date | None


def list_items(
    requester: Requester, filters: dict[str, object], ordering: str, *, offset: int, limit: int
) -> list[StoredItem]:
    """One page of stored list items, filtered and ordered (id breaks ties)."""
    column = ORDERINGS[ordering.lstrip("-")]
    direction = "DESC" if ordering.startswith("-") else "ASC"
    served, served_params = requester.served(in_language=True)
    conditions, values = _filter_sql(filters, requester.today)
    sql = (
        f"SELECT page_id, list_item, next_review_due FROM {_table()} WHERE {served}{conditions} "
        f"ORDER BY {column} {direction}, page_id {direction} LIMIT %s OFFSET %s"
    )
    with replicas.reading_connection().cursor() as cursor:
        cursor.execute(sql, [*served_params, *values, limit, offset])
        return [StoredItem(row[0], bytes(row[1]), _date(row[2])) for row in cursor.fetchall()]


def served_ids(requester: Requester, page_ids: list[int]) -> set[int]:
    """Which of ``page_ids`` readers of the requester's site get right now."""
    if not page_ids:
        return set()
    served, served_params = requester.served()
    marks = ", ".join(["%s"] * len(page_ids))
    sql = f"SELECT page_id FROM {_table()} WHERE page_id IN ({marks}) AND {served}"
    with replicas.reading_connection().cursor() as cursor:
        cursor.execute(sql, [*page_ids, *served_params])
        return {row[0] for row in cursor.fetchall()}


def served_title(requester: Requester, page_id: int) -> tuple[str, date | None, str] | None:
    """The stored title, next review date and locale of article ``page_id`` if the
    requester's site serves it, else None."""
    served, served_params = requester.served()
    sql = f"SELECT title, next_review_due, locale FROM {_table()} WHERE page_id = %s AND {served}"
    with replicas.reading_connection().cursor() as cursor:
        cursor.execute(sql, [page_id, *served_params])
        row = cursor.fetchone()
    return (row[0], _date(row[1]), row[2]) if row else None
