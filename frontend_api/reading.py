"""Read the published-article store: each request is one indexed SQL statement.

The requesting site is chosen inside the same statement, by the rules of Wagtail's
``Site.find_for_request`` (``wagtail.models.sites.get_site_for_hostname``): an exact hostname
and port first, then the hostname's default-port site, then the one site with that hostname,
then the default site. Rows past their ``expires_at`` are never returned, whatever the
scheduler has done. The statements are plain SQL over the store's own indexed columns, so a
request costs the database lookup and little else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Site

from .models import PublishedArticle

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


def _site_root() -> str:
    site = connection.ops.quote_name(Site._meta.db_table)
    return f"""(SELECT root_page_id FROM (
        SELECT s.root_page_id, CASE
            WHEN s.hostname = %s AND s.port = %s THEN 0
            WHEN s.hostname = %s AND s.is_default_site THEN 1
            WHEN s.hostname = %s
                AND (SELECT COUNT(*) FROM {site} t WHERE t.hostname = s.hostname) = 1 THEN 2
            WHEN s.is_default_site THEN 3
            ELSE 4 END AS rank
        FROM {site} s WHERE s.hostname = %s OR s.is_default_site) ranked
        WHERE rank < 4 ORDER BY rank LIMIT 1)"""


@dataclass(frozen=True)
class Requester:
    """Who asks: the host and port that choose the site, and the instant of the request."""

    hostname: str
    port: int
    now: datetime

    @classmethod
    def of(cls, hostname: str, port) -> Requester:
        number = int(port) if str(port).isdigit() else -1
        return cls(hostname=hostname.lower(), port=number, now=timezone.now())

    def params(self) -> list:
        host = self.hostname
        return [host, self.port, host, host, host]

    def now_param(self):
        return connection.ops.adapt_datetimefield_value(self.now)


def _served(alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    return (
        f"{prefix}root_page_id = {_site_root()} "
        f"AND ({prefix}expires_at IS NULL OR {prefix}expires_at > %s)"
    )


@dataclass(frozen=True)
class StoredDetail:
    """An article's detail document as stored, with its validators."""

    content: bytes
    etag: str
    stored_at: datetime


def _aware(value) -> datetime:
    # Raw SQL skips Django's converters: SQLite gives text, PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _detail(where: str, params: list, requester: Requester) -> StoredDetail | None:
    sql = f"SELECT detail, etag, stored_at FROM {_table()} WHERE {where} AND {_served()}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *requester.params(), requester.now_param()])
        row = cursor.fetchone()
    if row is None:
        return None
    return StoredDetail(content=bytes(row[0]), etag=row[1], stored_at=_aware(row[2]))


def detail_by_id(requester: Requester, page_id: int) -> StoredDetail | None:
    """The stored detail of article ``page_id`` on the requester's site, or None."""
    return _detail("page_id = %s", [page_id], requester)


def detail_at(requester: Requester, center_slug: str, slug: str) -> StoredDetail | None:
    """The stored detail of the article at /<center_slug>/<slug>/ on the site, or None."""
    return _detail("center_slug = %s AND slug = %s", [center_slug, slug], requester)


def _filter_sql(filters: dict[str, object]) -> tuple[str, list]:
    names = sorted(filters)
    conditions = "".join(f" AND {FILTERS[name]}" for name in names)
    values = [_adapted(filters[name]) for name in names]
    return conditions, values


def _adapted(value):
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def list_items(
    requester: Requester, filters: dict[str, object], ordering: str, *, offset: int, limit: int
) -> list[bytes]:
    """One page of stored list items, filtered and ordered (id breaks ties)."""
    column = ORDERINGS[ordering.lstrip("-")]
    direction = "DESC" if ordering.startswith("-") else "ASC"
    conditions, values = _filter_sql(filters)
    sql = (
        f"SELECT list_item FROM {_table()} WHERE {_served()}{conditions} "
        f"ORDER BY {column} {direction}, page_id {direction} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*requester.params(), requester.now_param(), *values, limit, offset])
        return [bytes(row[0]) for row in cursor.fetchall()]


def list_items_among(
    requester: Requester, page_ids: list[int], filters: dict[str, object]
) -> dict[int, bytes]:
    """Stored list items of the served articles among ``page_ids`` (search hits)."""
    if not page_ids:
        return {}
    conditions, values = _filter_sql(filters)
    marks = ", ".join(["%s"] * len(page_ids))
    sql = (
        f"SELECT page_id, list_item FROM {_table()} "
        f"WHERE page_id IN ({marks}) AND {_served()}{conditions}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*page_ids, *requester.params(), requester.now_param(), *values])
        return {row[0]: bytes(row[1]) for row in cursor.fetchall()}


def served_ids(requester: Requester, page_ids: list[int]) -> set[int]:
    """Which of ``page_ids`` readers of the requester's site get right now."""
    if not page_ids:
        return set()
    marks = ", ".join(["%s"] * len(page_ids))
    sql = f"SELECT page_id FROM {_table()} WHERE page_id IN ({marks}) AND {_served()}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*page_ids, *requester.params(), requester.now_param()])
        return {row[0] for row in cursor.fetchall()}


def served_title(requester: Requester, page_id: int) -> str | None:
    """The stored title of article ``page_id`` if the requester's site serves it, else None."""
    sql = f"SELECT title FROM {_table()} WHERE page_id = %s AND {_served()}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [page_id, *requester.params(), requester.now_param()])
        row = cursor.fetchone()
    return row[0] if row else None
