"""The hot paths of the API as prepared queries: the servable-article lookups each request makes.

Each function asks the database every time (freshness never depends on this module); what is
reused is the compiled SQL (see ``compiled``), keyed by the site root and the query's shape.
Results are the same model instances, with the same annotations, as ``selectors`` gives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache

from django.utils.dateparse import parse_datetime
from wagtail.models import Site

from health_content.models import TreatmentArticlePage

from .compiled import CompiledQuery, Slot, date_slot
from .selectors import LIST_COLUMNS, servable_under, with_representation_stamp

# Sentinels stay within 32-bit integers: Django drops out-of-range integer lookups.
ID = Slot(-1_999_999_001)
SLUG = Slot("\x00slug")
CENTER_SLUG = Slot("\x00center-slug")
UPDATED_SINCE = date_slot(date(1111, 1, 11))
REVIEWED_SINCE = date_slot(date(1111, 1, 12))
FILTERS = {
    "health_center": ("center_slug", CENTER_SLUG),
    "updated_since": ("last_updated__gte", UPDATED_SINCE),
    "reviewed_since": ("last_reviewed__gte", REVIEWED_SINCE),
}
MAX_PREPARED_IDS = 50


def _aware(value):
    # Annotations come back from raw SQL without Django's converters: SQLite gives naive
    # datetimes (or text), PostgreSQL aware ones. The database stores UTC.
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def _root(site: Site):
    root = site.root_page
    return root if root.live else None


@lru_cache(maxsize=64)
def _article_by_id(root_path: str, root_depth: int) -> CompiledQuery:
    articles = with_representation_stamp(servable_under(root_path, root_depth))
    return CompiledQuery.compile(articles.filter(pk=ID.sentinel), pk=ID)


@lru_cache(maxsize=64)
def _article_at(root_path: str, root_depth: int) -> CompiledQuery:
    articles = with_representation_stamp(servable_under(root_path, root_depth))
    articles = articles.filter(slug=SLUG.sentinel, center_slug=CENTER_SLUG.sentinel)
    return CompiledQuery.compile(articles, slug=SLUG, center_slug=CENTER_SLUG)


def _one(rows: list) -> TreatmentArticlePage | None:
    if not rows:
        return None
    row = rows[0]
    row.disclaimers_changed_at = _aware(row.disclaimers_changed_at)
    return row


def article_by_id(site: Site, pk: int) -> TreatmentArticlePage | None:
    """The servable article ``pk`` with its representation stamp, or None."""
    root = _root(site)
    if root is None:
        return None
    return _one(_article_by_id(root.path, root.depth).instances(pk=pk))


def article_at(site: Site, center_slug: str, slug: str) -> TreatmentArticlePage | None:
    """The servable article at /<center_slug>/<slug>/ on the site, or None."""
    root = _root(site)
    if root is None:
        return None
    query = _article_at(root.path, root.depth)
    return _one(query.instances(slug=slug, center_slug=center_slug))


@lru_cache(maxsize=256)
def _servable_among(root_path: str, root_depth: int, count: int) -> CompiledQuery:
    slots = {f"id{i}": Slot(-1_999_999_100 - i) for i in range(count)}
    articles = servable_under(root_path, root_depth).filter(
        pk__in=[slot.sentinel for slot in slots.values()]
    )
    return CompiledQuery.compile(articles.values_list("pk", flat=True), **slots)


def servable_ids(site: Site, ids) -> frozenset[int]:
    """Which of ``ids`` the API would serve right now."""
    root = _root(site)
    ids = sorted(ids)
    if root is None or not ids:
        return frozenset()
    if len(ids) > MAX_PREPARED_IDS:
        articles = servable_under(root.path, root.depth).filter(pk__in=ids)
        return frozenset(articles.values_list("pk", flat=True))
    query = _servable_among(root.path, root.depth, len(ids))
    return frozenset(row[0] for row in query.rows(**{f"id{i}": pk for i, pk in enumerate(ids)}))


@lru_cache(maxsize=128)
def _article_list(
    root_path: str, root_depth: int, filters: tuple[str, ...], ordering: str
) -> CompiledQuery:
    articles = servable_under(root_path, root_depth).only(*LIST_COLUMNS)
    slots = {}
    for name in filters:
        lookup, slot = FILTERS[name]
        articles = articles.filter(**{lookup: slot.sentinel})
        slots[name] = slot
    tiebreak = "-pk" if ordering.startswith("-") else "pk"
    return CompiledQuery.compile(articles.order_by(ordering, tiebreak), **slots)


def article_list(
    site: Site, filters: dict, ordering: str, *, offset: int, limit: int
) -> list[TreatmentArticlePage]:
    """One page of servable articles, filtered (``FILTERS``) and ordered; no search."""
    root = _root(site)
    if root is None:
        return []
    query = _article_list(root.path, root.depth, tuple(sorted(filters)), ordering)
    return query.instances(limit=limit, offset=offset, **filters)
