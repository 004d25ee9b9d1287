"""The ``data`` of each event, built from a page or a snippet as plain JSON-ready data.

Field names follow the content API (``url_path``, ``health_center``, ``reviewed_by``,
``last_reviewed``...), so a front end reads an event the way it reads an article. The JSON
Schemas of these shapes are in ``schemas``; a test keeps the two in step.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, Site

from review_workflow.review_facts import SignOffFacts, live_sign_off, published_versions

REVIEW_DATE_FIELDS = ("last_reviewed", "next_review_due", "last_updated")


def site_path(url_path: str) -> str | None:
    """Wagtail's ``url_path`` ('/home/back-pain/rest/') as readers see it ('/back-pain/rest/').

    The longest matching site root wins, as in Wagtail's own URL routing; None if off-site.
    """
    for root in sorted(Site.get_site_root_paths(), key=lambda r: -len(r.root_path)):
        if url_path.startswith(root.root_path):
            return "/" + url_path[len(root.root_path) :]
    return None


def api_path(page: Page) -> str | None:
    """The article's path in the content API, if the API is mounted."""
    try:
        return reverse("frontend_api:article-detail", kwargs={"pk": page.pk})
    except NoReverseMatch:
        return None


def article(page: Page, *, url_path: str | None = None) -> dict[str, Any]:
    """Which article: id, title, slug, its path on the site and in the API, its center."""
    parent = page.get_parent()
    return {
        "id": page.pk,
        "title": page.title,
        "slug": page.slug,
        "url_path": site_path(url_path or page.url_path),
        "api_path": api_path(page),
        "health_center": (
            {"id": parent.pk, "slug": parent.slug, "title": parent.title} if parent else None
        ),
    }


def review_dates(page: Page) -> dict[str, date | None]:
    return {name: getattr(page, name, None) for name in REVIEW_DATE_FIELDS}


def reviewed_by(sign_off: SignOffFacts | None) -> dict[str, Any] | None:
    """The reviewer as recorded at sign-off (name, credentials) and when they signed."""
    if sign_off is None:
        return None
    return {
        "name": sign_off.reviewer.name,
        "credentials": sign_off.reviewer.credentials,
        "signed_at": sign_off.signed_at,
    }


def article_published(
    page: Page, *, sign_off: SignOffFacts | None = None, version: int | None = None
) -> dict[str, Any]:
    """``article.published``: the article, who signed it off, its review dates, its version.

    ``sign_off`` and ``version`` are read from the review records when not given.
    """
    sign_off = sign_off or live_sign_off(page)
    if version is None:
        versions = published_versions(page)
        version = versions[0].version if versions else None
    return {
        "article": article(page),
        "revision_id": page.live_revision_id,
        "version": version,
        "published_at": page.last_published_at,
        "reviewed_by": reviewed_by(sign_off),
        **review_dates(page),
    }


def article_unpublished(page: Page, *, reason: str | None = None) -> dict[str, Any]:
    """``article.unpublished``: the article and why (``unpublished`` or ``expired``)."""
    return {
        "article": article(page),
        "reason": reason or ("expired" if page.expired else "unpublished"),
    }


def article_moved(page: Page, *, old_url_path: str, new_url_path: str) -> dict[str, Any]:
    """``article.moved``: the article at its new path, and the path it left."""
    return {
        "article": article(page, url_path=new_url_path),
        "old_url_path": site_path(old_url_path),
        "new_url_path": site_path(new_url_path),
    }


def article_re_review_needed(page: Page, *, reasons: list[str]) -> dict[str, Any]:
    """``article.re_review_needed``: reviewed content changed outside a sign-off (a source,
    an image...); the article is served as signed until its next review."""
    return {"article": article(page), "reasons": list(reasons), **review_dates(page)}


def article_review_status_changed(
    page: Page, *, review_status: str, previous_status: str | None
) -> dict[str, Any]:
    """``article.review_status_changed``: the review became ``due_soon`` or ``overdue``."""
    return {
        "article": article(page),
        "review_status": review_status,
        "previous_status": previous_status or None,
        **review_dates(page),
    }


def disclaimer_version_changed(disclaimer, *, previous_version: int) -> dict[str, Any]:
    """``disclaimer.version_changed``: the new text and version; ``is_site_default`` says
    whether every article without a disclaimer of its own shows it."""
    return {
        "disclaimer": {
            "id": disclaimer.pk,
            "title": disclaimer.title,
            "text": disclaimer.text,
            "version": disclaimer.version,
            "is_site_default": disclaimer.is_site_default,
        },
        "previous_version": previous_version,
    }
