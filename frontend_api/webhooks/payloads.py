"""The ``data`` of each event, built from what readers get: the stored article.

Field names follow the content API (``url_path``, ``health_center``, ``reviewed_by``,
``last_reviewed``...), so a front end reads an event the way it reads an article, and an event
can never describe something readers were not given. The JSON Schemas of these shapes are in
``schemas``; a test keeps the two in step.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.urls import NoReverseMatch, reverse

from review_workflow.contract import REVIEW_FACT_FIELDS


def api_path(page_id: int) -> str | None:
    """The article's path in the content API, if the API is mounted."""
    try:
        return reverse("frontend_api:article-detail", kwargs={"pk": page_id})
    except NoReverseMatch:
        return None


def stored_item(row) -> dict[str, Any]:
    """The stored article's list item (what the API lists for it)."""
    return orjson.loads(bytes(row.list_item))


def article(item: dict[str, Any]) -> dict[str, Any]:
    """Which article: id, title, slug, its path on the site and in the API, its center."""
    return {
        "id": item["id"],
        "title": item["title"],
        "slug": item["slug"],
        "url_path": item["url_path"],
        "api_path": api_path(item["id"]),
        "health_center": item["health_center"],
    }


def review_dates(item: dict[str, Any]) -> dict[str, Any]:
    """The review facts of the contract (``REVIEW_FACT_FIELDS``), as the API lists them."""
    return {name: item.get(name) for name in REVIEW_FACT_FIELDS}


def article_published(row, publication) -> dict[str, Any]:
    """``article.published``: the article, who signed it off, its review dates, its version."""
    item = stored_item(row)
    return {
        "article": article(item),
        "revision_id": publication.revision_id,
        "version": publication.version,
        "published_at": publication.published_at,
        "reviewed_by": item["reviewed_by"],
        **review_dates(item),
    }


def article_unpublished(row, *, reason: str, detail: str) -> dict[str, Any]:
    """``article.unpublished``: the article readers no longer get, and why."""
    return {"article": article(stored_item(row)), "reason": reason, "detail": detail}


def article_moved(row, *, old_url_path: str) -> dict[str, Any]:
    """``article.moved``: the article at its new path, and the path it left."""
    item = stored_item(row)
    return {
        "article": article(item),
        "old_url_path": old_url_path,
        "new_url_path": item["url_path"],
    }


def article_re_review_needed(row, *, reasons: list[str]) -> dict[str, Any]:
    """``article.re_review_needed``: reviewed content changed outside a sign-off (a source,
    an image...); the article is served as signed until its next review."""
    item = stored_item(row)
    return {"article": article(item), "reasons": list(reasons), **review_dates(item)}


def article_review_status_changed(
    row, *, review_status: str, previous_status: str | None
) -> dict[str, Any]:
    """``article.review_status_changed``: the review became ``due_soon`` or ``overdue``."""
    item = stored_item(row)
    return {
        "article": article(item),
        "review_status": review_status,
        "previous_status": previous_status or None,
        **review_dates(item),
    }


def translation_stale(row) -> dict[str, Any]:
    """``translation.stale``: a served translation now follows an older version of its
    original than the newest; which versions, and since when (from its stored document)."""
    from review_workflow.contract import translation_follows

    item = stored_item(row)
    follows = translation_follows(row.pk)
    original_id = follows.original_page_id if follows else None
    return {
        "article": article(item),
        "locale": item.get("locale"),
        "original": {
            "id": original_id,
            "api_path": api_path(original_id) if original_id else None,
        },
        "followed_version": follows.original_version if follows else None,
        "original_version": follows.latest_original_version if follows else None,
        "outdated_since": follows.outdated_since if follows else None,
    }


def audit_checkpoint(checkpoint: dict[str, Any]) -> dict[str, Any]:
    """``audit.checkpoint``: the audit chain's head as the review workflow signed it."""
    return {name: checkpoint[name] for name in ("head", "entries", "at", "signature")}


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
