"""Purge the CDN's copies of the content API when what it shows changes.

A publish, an unpublish (retraction), a slug change or a move changes an article's API
representations; so does a review-fact change, which the medical review only ever makes as
part of a publish. The purge goes through ``wagtail.contrib.frontend_cache`` (configured by
``WAGTAILFRONTENDCACHE``) and is sent only after the transaction commits: a publish that fails
purges nothing, and the CDN can never re-fetch the old state before the new one is visible.

What is purged, for an article: its detail, its find-by-path URL (the old path too, when it
moved), its history, the article list, and its health center's detail and the center list.
The CDN keeps other variants (filtered or paginated lists, articles that link to this one)
until their short ``max-age`` runs out.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

logger = logging.getLogger("cms.cdn")
API_PREFIX = "/api/v1"


def api_url(path: str) -> str:
    """An absolute URL of the API as the CDN knows it."""
    return f"{settings.CMS_API_BASE_URL.rstrip('/')}{API_PREFIX}{path}"


def path_on_site(url_path: str) -> str | None:
    """'/home/back-pain/rest/' as readers see it ('/back-pain/rest/'), or None if off-site."""
    for root in sorted(Site.get_site_root_paths(), key=lambda r: -len(r.root_path)):
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return None


def find_urls(site_path: str | None) -> list[str]:
    """The find-by-path URL in the two spellings clients send: '/' raw and percent-encoded."""
    if not site_path:
        return []
    return [api_url(f"/articles/find/?path={quote(site_path, safe=safe)}") for safe in ("/", "")]


def center_urls(center: Page | None) -> list[str]:
    urls = [api_url("/health-centers/")]
    if center is not None:
        urls.append(api_url(f"/health-centers/{center.slug}/"))
    return urls


def article_urls(article: Page, url_path: str | None = None) -> list[str]:
    """Every API URL that shows the article (at ``url_path``, default its current one)."""
    parent = article.get_parent()
    return [
        api_url(f"/articles/{article.pk}/"),
        api_url(f"/articles/{article.pk}/history/"),
        api_url("/articles/"),
        *find_urls(path_on_site(url_path or article.url_path)),
        *center_urls(parent),
    ]


def affected_urls(page: Page, url_path: str | None = None) -> list[str]:
    """The API URLs showing ``page``: an article's, or a health center's; none for other pages."""
    specific = page.specific_deferred
    if getattr(specific, "requires_medical_review", False):
        return article_urls(page, url_path)
    if specific._meta.model_name == "healthcenterpage":
        return [*center_urls(page), api_url("/articles/")]
    return []


def purge_after_commit(urls: list[str], reason: str, page: Page) -> None:
    """Purge ``urls`` once the current transaction commits (at once outside a transaction)."""
    if not urls:
        return
    unique = list(dict.fromkeys(urls))

    def purge() -> None:
        batch = PurgeBatch(unique)
        batch.purge()
        logger.info("CDN purge", extra={"reason": reason, "page_id": page.pk, "urls": unique})

    transaction.on_commit(purge)


@receiver(page_published)
def purge_on_publish(sender, instance, **kwargs) -> None:
    purge_after_commit(affected_urls(instance), "published", instance)


@receiver(page_unpublished)
def purge_on_unpublish(sender, instance, **kwargs) -> None:
    purge_after_commit(affected_urls(instance), "unpublished", instance)


@receiver(page_slug_changed)
def purge_old_path_on_slug_change(sender, instance, instance_before, **kwargs) -> None:
    if instance_before.live:
        old = affected_urls(instance_before, instance_before.url_path)
        purge_after_commit(old, "slug changed", instance)


@receiver(post_page_move)
def purge_on_move(sender, instance, url_path_before, parent_page_before, **kwargs) -> None:
    if not instance.live:
        return
    urls = affected_urls(instance, url_path_before) + affected_urls(instance)
    if getattr(instance.specific_deferred, "requires_medical_review", False):
        urls += center_urls(parent_page_before)
    purge_after_commit(urls, "moved", instance)


class RecordingBackend(BaseBackend):
    """A frontend-cache backend that only records (and logs) what it was asked to purge.

    For tests and laptops: ``purged`` holds every URL since the last ``clear()``.
    """

    purged: list[str] = []

    def purge(self, url: str) -> None:
        RecordingBackend.purged.append(url)

    @classmethod
    def clear(cls) -> None:
        cls.purged.clear()
