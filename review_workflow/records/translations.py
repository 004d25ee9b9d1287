"""Translations and the version of the original they follow.

A translation is a page of the same type, in another locale, with its original's
``translation_key``; the original is the page in the site's default locale. A translation's
sign-off records the original's live publication at signing time (``original_publication``,
``original_fingerprint``) and its publication copies them: that is the version it follows.

It is **outdated** once the original has been published again with other content (a newer
``published`` record whose fingerprint differs from the one followed); republishing the same
content (a renewed review) or reissuing it with a new disclaimer changes nothing a translator
must redo. What readers get meanwhile is the site's translation policy (``TranslationPolicy``).

Every function here is one or two queries, whatever the number of pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wagtail.models import Page

from ..conf import FLAG, TRANSLATION_POLICIES
from ..models import ArticlePublication, TranslationPolicy
from ..models.records import default_language_code

CURRENT_TRANSLATION, OUTDATED_TRANSLATION = "current", "outdated"
TRANSLATION_STATUSES = (CURRENT_TRANSLATION, OUTDATED_TRANSLATION)
_WITHDRAWN = ArticlePublication.Kind.WITHDRAWN
_PUBLISHED = ArticlePublication.Kind.PUBLISHED


@dataclass(frozen=True)
class TranslationFollows:
    """Which version of its original a live translation follows, and whether that is still
    the original's current content."""

    original_page_id: int
    original_version: int
    original_fingerprint: str
    latest_original_version: int | None
    status: str
    outdated_since: datetime | None

    @property
    def is_outdated(self) -> bool:
        return self.status == OUTDATED_TRANSLATION


@dataclass(frozen=True)
class OriginalVersion:
    """The original's version a translation is signed off against: its live publication."""

    publication_id: int
    version: int
    fingerprint: str


def translation_original(page: Any) -> Any | None:
    """The original ``page`` translates (the specific page with its ``translation_key`` in the
    site's default locale), or None when ``page`` is itself in the default locale (or its
    original was deleted)."""
    original = (
        Page.objects.filter(
            translation_key=page.translation_key, locale__language_code=default_language_code()
        )
        .exclude(pk=page.pk)
        .first()
    )
    return original.specific if original is not None else None


def original_version_of(page: Any) -> OriginalVersion | None:
    """For a translation, its original's live signed publication (what a sign-off of the
    translation now records as the version it was made from); None for an original, or while
    the original has no live signed version (one query)."""
    latest = (
        ArticlePublication.objects.filter(
            page__translation_key=page.translation_key,
            page__locale__language_code=default_language_code(),
        )
        .exclude(page_id=page.pk)
        .order_by("-version")
        .values_list("pk", "version", "kind", "fingerprint")
        .first()
    )
    if latest is None or latest[2] == _WITHDRAWN:
        return None
    return OriginalVersion(publication_id=latest[0], version=latest[1], fingerprint=latest[3])


def translations_follow(page_ids: Iterable[int]) -> dict[int, TranslationFollows]:
    """``TranslationFollows`` of each page whose newest record is a signed publication of a
    translation (two queries for any number of pages); originals, pages never published and
    withdrawn pages are left out."""
    followed: dict[int, tuple[int, int, str]] = {}
    newest_seen: set[int] = set()
    records = (
        ArticlePublication.objects.filter(page_id__in=list(page_ids))
        .order_by("page_id", "-version")
        .values_list(
            "page_id",
            "kind",
            "original_publication__page_id",
            "original_publication__version",
            "original_fingerprint",
        )
    )
    for page_id, kind, original_id, original_version, fingerprint in records:
        if page_id in newest_seen:
            continue
        newest_seen.add(page_id)
        if kind != _WITHDRAWN and original_id is not None:
            followed[page_id] = (original_id, original_version, fingerprint)
    if not followed:
        return {}
    newer = _newer_original_versions(followed.values())
    return {
        page_id: _follows(original_id, version, fingerprint, newer.get(original_id, []))
        for page_id, (original_id, version, fingerprint) in followed.items()
    }


def translation_follows(page_or_page_id: Any) -> TranslationFollows | None:
    """``TranslationFollows`` of one page (a page or its id), or None for an original, a
    page never published or a withdrawn one (two queries at most)."""
    page_id = getattr(page_or_page_id, "pk", page_or_page_id)
    return translations_follow([page_id]).get(page_id)


def _newer_original_versions(
    followed: Iterable[tuple[int, int, str]],
) -> dict[int, list[tuple[int, str, str, datetime]]]:
    """The signed records of each original from the oldest version any translation follows:
    (version, kind, fingerprint, published_at), oldest first."""
    oldest: dict[int, int] = {}
    for original_id, version, _ in followed:
        oldest[original_id] = min(version, oldest.get(original_id, version))
    rows = (
        ArticlePublication.objects.filter(page_id__in=list(oldest))
        .exclude(kind=_WITHDRAWN)
        .order_by("page_id", "version")
        .values_list("page_id", "version", "kind", "fingerprint", "published_at")
    )
    newer: dict[int, list[tuple[int, str, str, datetime]]] = {}
    for page_id, version, kind, fingerprint, published_at in rows:
        if version >= oldest[page_id]:
            newer.setdefault(page_id, []).append((version, kind, fingerprint, published_at))
    return newer


def _follows(
    original_id: int, version: int, fingerprint: str, signed: list[tuple[int, str, str, datetime]]
) -> TranslationFollows:
    latest_version = signed[-1][0] if signed else None
    latest_fingerprint = signed[-1][2] if signed else fingerprint
    outdated_since = None
    if latest_fingerprint != fingerprint:
        outdated_since = next(
            (
                at
                for number, kind, content, at in signed
                if number > version and kind == _PUBLISHED and content != fingerprint
            ),
            signed[-1][3],
        )
    return TranslationFollows(
        original_page_id=original_id,
        original_version=version,
        original_fingerprint=fingerprint,
        latest_original_version=latest_version,
        status=OUTDATED_TRANSLATION if outdated_since else CURRENT_TRANSLATION,
        outdated_since=outdated_since,
    )


@dataclass(frozen=True)
class OutdatedTranslation:
    """A live translation that a new version of its original has just outdated (found with
    the original's history as it is published: ``publication.History``)."""

    translation_page_id: int
    followed_version: int


def translation_policy(request: Any = None) -> str:
    """What readers get of an outdated translation: ``FLAG`` (served, flagged), ``NOINDEX``
    (served, flagged, not indexed) or ``WITHDRAW`` (not served). The site setting
    ``TranslationPolicy``, read as Wagtail reads settings: once per request when given one
    (cached on it), else the default site's (one query)."""
    if request is not None:
        policy = TranslationPolicy.for_request(request).outdated_translations
    else:
        # One query; no row yet (never saved in the admin): the default.
        setting = TranslationPolicy.objects.filter(site__is_default_site=True)
        policy = setting.values_list("outdated_translations", flat=True).first()
    return policy if policy in TRANSLATION_POLICIES else FLAG
