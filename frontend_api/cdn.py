"""Purge the CDN's copies of the content API when what it serves changes.

The store (``store``) calls this whenever it writes or removes an article's documents, after
the transaction commits: a publish that fails purges nothing, and the CDN can never fetch the
old state again before the new one is visible. URLs are built with ``reverse()`` from the
API's own URL names, so a renamed route cannot silently stop purges; they go through
``wagtail.contrib.frontend_cache`` (configured by ``WAGTAILFRONTENDCACHE``).

What is purged for an article: its detail, its history, its find-by-path URLs (old and new
path, in both spellings clients send), the first page of the article list, and its health
centers (old and new) with the center list. The CDN keeps other variants (filtered or later
list pages) until their short ``max-age`` runs out.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import quote

from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from . import replicas
from .conf import public_url

logger = logging.getLogger("frontend_api.cdn")


def api_url(name: str, *args, query: str = "") -> str:
    """The absolute URL of an API endpoint as the CDN knows it."""
    return public_url(f"{reverse(f'frontend_api:{name}', args=args)}{query}")


def find_urls(paths: Iterable[str]) -> list[str]:
    """The find-by-path URL of each path, '/' raw and percent-encoded."""
    return [
        api_url("article-find", query=f"?path={quote(path, safe=safe)}")
        for path in paths
        for safe in ("/", "")
    ]


def article_urls(page_id: int, paths: Iterable[str], centers: Iterable[str]) -> list[str]:
    """Every API URL that shows the article at any of ``paths``."""
    return [
        api_url("article-detail", page_id),
        api_url("article-history", page_id),
        api_url("article-list"),
        *find_urls(paths),
        api_url("health-center-list"),
        *(api_url("health-center-detail", slug) for slug in centers),
    ]


def purge_after_commit(places: dict[int, tuple[set[str], set[str]]], reason: str) -> None:
    """Purge the URLs of these articles once the current transaction commits."""
    if not places:
        return
    urls = list(
        dict.fromkeys(
            url
            for pk, (paths, centers) in places.items()
            for url in article_urls(pk, paths, centers)
        )
    )

    def purge() -> None:
        # A CDN refilled from a replica that lacks the change would serve the old version.
        replicas.wait_for_replicas()
        PurgeBatch(urls).purge()
        logger.info("CDN purge", extra={"reason": reason, "page_ids": sorted(places)})

    transaction.on_commit(purge)


def purge_center_after_commit(slug: str, reason: str) -> None:
    """Purge a health center's URLs, the center list and the article list after commit."""
    urls = [api_url("health-center-list"), api_url("health-center-detail", slug)]
    urls.append(api_url("article-list"))

    def purge() -> None:
        replicas.wait_for_replicas()
        PurgeBatch(urls).purge()
        logger.info("CDN purge", extra={"reason": reason, "center": slug})

    transaction.on_commit(purge)


class RecordingBackend(BaseBackend):
    """A frontend-cache backend that only records what it was asked to purge.

    For tests and laptops: ``purged`` holds every URL since the last ``clear()``.
    """

    purged: list[str] = []

    def purge(self, url: str) -> None:
        RecordingBackend.purged.append(url)

    @classmethod
    def clear(cls) -> None:
        cls.purged.clear()
