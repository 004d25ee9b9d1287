"""An article's translations as readers get them, composed into its stored documents.

Each stored article carries ``translations``: the other locales' *served* versions of the same
article (same Wagtail ``translation_key``, same site), read from the store itself, so an
unsigned, withdrawn or never-published version is never named. A translation carries its
``translation_status`` (``current`` | ``outdated``) and ``translation_follows`` (the version
of its original it was signed off against), from the review contract's
``translations_follow``.

These facts change only with publications and withdrawals, which all pass through the store's
writer: when an article is stored or withdrawn, the store recomposes its stored translations
in the same transaction (``writer``), so both directions stay true when served and a list
item's status costs nothing at request time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from review_workflow.contract import today as review_clock
from review_workflow.contract import translations_follow, withdrawn_before

from ..models import PublishedArticle
from ..webhooks.payloads import api_path
from .documents import Place, Translation, Translations, article_path

SIBLING_FIELDS = ("pk", "translation_key", "root_page_id", "locale", "title", "center_slug",
                  "slug", "translation_status")  # fmt: skip


def _served_rows():
    """Stored rows readers get right now (not expired, not withdrawn as overdue)."""
    rows = PublishedArticle.objects.exclude(expires_at__lte=timezone.now())
    cutoff = withdrawn_before(review_clock())
    if cutoff is not None:
        rows = rows.exclude(next_review_due__lt=cutoff)
    return rows


def _unserved_rows():
    """Stored rows readers no longer get with time alone: expired, or withdrawn as overdue."""
    gone = Q(expires_at__lte=timezone.now())
    cutoff = withdrawn_before(review_clock())
    if cutoff is not None:
        gone |= Q(next_review_due__lt=cutoff)
    return PublishedArticle.objects.filter(gone)


def naming_unserved_translations() -> set[int]:
    """Served articles whose stored ``translations`` still name a version readers no longer
    get because time passed (it expired, or is withdrawn as overdue): no save recomposed them,
    so the scheduler does (``manage.py refresh_stored_translations``).

    Reads only the translation groups that hold such a version, so a run where nothing
    changed costs a query or two, whatever the library's size."""
    gone = dict(
        _unserved_rows().filter(translation_key__isnull=False).values_list("pk", "translation_key")
    )
    if not gone:
        return set()
    siblings = (
        _served_rows().filter(translation_key__in=set(gone.values())).values_list("pk", "detail")
    )
    return {
        pk
        for pk, detail in siblings
        if {named["id"] for named in json.loads(bytes(detail))["translations"]} & gone.keys()
    }


def _follows_data(follows) -> dict[str, Any]:
    # What stays true until the translation or its status changes (the original's newest
    # version number would not: it is announced by ``translation.stale`` instead).
    return {
        "original_id": follows.original_page_id,
        "version": follows.original_version,
        "outdated_since": follows.outdated_since,
    }


def status_changed(page_ids: Iterable[int]) -> set[int]:
    """Stored translations among ``page_ids`` whose status (current, outdated) is no longer
    the one stored: those a new version of their original makes outdated (three queries)."""
    stored = dict(
        PublishedArticle.objects.filter(pk__in=list(page_ids)).values_list(
            "pk", "translation_status"
        )
    )
    follows = translations_follow(stored) if stored else {}
    return {
        pk
        for pk, status in stored.items()
        if (follows[pk].status if pk in follows else "") != status
    }


def translations_of(
    pages: dict[int, Any], placed: dict[int, Place], ids: Iterable[int]
) -> dict[int, Translations]:
    """The translation facts of articles ``ids`` (placed, with their pages): two or three
    queries for the batch, whatever its size."""
    ids = list(ids)
    keys = {pages[pk].translation_key for pk in ids if pages[pk].translation_key}
    siblings: dict[tuple[Any, int], list[tuple]] = {}
    if keys:
        rows = _served_rows().filter(translation_key__in=keys).order_by("locale", "pk")
        for row in rows.values_list(*SIBLING_FIELDS):
            siblings.setdefault((row[1], row[2]), []).append(row)
    translated = [pk for pk in ids if placed[pk].language != placed[pk].site_language]
    follows = translations_follow(translated) if translated else {}
    found = {}
    for pk in ids:
        place = placed[pk]
        served = tuple(
            Translation(
                id=row[0],
                locale=row[3],
                title=row[4],
                url_path=article_path(row[5], row[6]),
                api_path=api_path(row[0]),
                translation_status=row[7] or None,
            )
            for row in siblings.get((pages[pk].translation_key, place.root_page_id), [])
            if row[0] != pk and row[3] != place.language
        )
        followed = follows.get(pk)
        found[pk] = Translations(
            served=served,
            status=followed.status if followed else None,
            follows=_follows_data(followed) if followed else None,
        )
    return found


def translated_together(page_ids: Iterable[int]) -> set[int]:
    """Stored articles sharing a translation key with any of ``page_ids`` (them included,
    when another stored article shares theirs): whose ``translations`` may name the others."""
    keys = PublishedArticle.objects.filter(pk__in=list(page_ids), translation_key__isnull=False)
    shared = (
        PublishedArticle.objects.filter(translation_key__in=keys.values("translation_key"))
        .values("translation_key")
        .annotate(stored=Count("pk"))
        .filter(stored__gt=1)
        .values("translation_key")
    )
    return set(
        PublishedArticle.objects.filter(translation_key__in=shared).values_list("pk", flat=True)
    )
