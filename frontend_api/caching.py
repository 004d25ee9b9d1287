"""Render each published state of an article once, and answer conditional requests cheaply.

The cache key is a digest of everything a representation depends on, read from the same SQL
row that decides whether the article may be served: the live revision, the review facts, the
article's place in the tree, and the disclaimers. A publish, a review-fact change or a
disclaimer change therefore yields a new key on the very next request in every process;
nothing has to be deleted, and a draft (which touches none of these) leaves the key alone.
Entries live in Django's cache (Redis in production, shared by all workers).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .conf import api_setting

# Bump when the representation's shape changes, so old entries are never served.
REPRESENTATION_VERSION = "2026-11-27.1"
_KEY_PREFIX = "frontend_api:article:"


@dataclass(frozen=True)
class CachedArticle:
    """An article's JSON as bytes, and the related articles it links to."""

    content: bytes
    related_ids: frozenset[int]


def _digest(parts: Iterable[object]) -> str:
    return hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]


def representation_key(article, site) -> str:
    """Digest of every input of an article's representation (see the module docstring)."""
    root = site.root_page
    return _digest(
        (
            REPRESENTATION_VERSION,
            site.pk,
            site.site_name,
            root.title,
            root.url_path,
            article.pk,
            article.live_revision_id,
            article.last_published_at,
            article.url_path,
            article.last_reviewed,
            article.next_review_due,
            article.last_updated,
            article.published_content_digest,
            article.center_pk,
            article.center_slug,
            article.center_title,
            article.disclaimer_id,
            article.disclaimers_changed_at,
            article.disclaimer_count,
        )
    )


def cached_article(key: str, build: Callable[[], CachedArticle]) -> CachedArticle:
    """The entry for ``key``, built (rendered) only on a miss."""
    entry = cache.get(_KEY_PREFIX + key)
    if entry is None:
        entry = build()
        cache.set(_KEY_PREFIX + key, entry, api_setting("REPRESENTATION_CACHE_TIMEOUT"))
    return entry


def etag_for(*parts: object) -> str:
    return f'"{_digest(parts)}"'


def content_etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def newest(*moments: datetime | None) -> datetime | None:
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None


def public_headers(response: HttpResponse, etag: str, last_modified: datetime | None) -> None:
    """Validators and shared-cache policy for a published response (200 or 304)."""
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = f"public, max-age={int(api_setting('CACHE_MAX_AGE'))}"
    patch_vary_headers(response, ["Origin"])


def not_modified(
    request: HttpRequest, etag: str, last_modified: datetime | None
) -> HttpResponse | None:
    """A 304 when the client's copy is current (If-None-Match wins over If-Modified-Since)."""
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is not None and response.status_code == 304:
        public_headers(response, etag, last_modified)
        return response
    return None


def json_response(
    request: HttpRequest, content: bytes, etag: str, last_modified: datetime | None
) -> HttpResponse:
    """A published JSON document with its validators, or 304 if the client has it."""
    unchanged = not_modified(request, etag, last_modified)
    if unchanged is not None:
        return unchanged
    response = HttpResponse(content, content_type="application/json")
    public_headers(response, etag, last_modified)
    return response
