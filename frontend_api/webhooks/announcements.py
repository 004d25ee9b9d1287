"""What front ends are told, and when: called by the published-article store in the
transaction that changes what readers get, so an event is recorded exactly when (and only if)
that change commits.

- ``stored``: a stored article was written. ``article.published`` when readers get a newly
  signed version (or get one again); ``article.moved`` when its path changed.
- ``withdrawn``: a stored article was removed: ``article.unpublished``.
- ``rereview_needed`` and ``disclaimer_changed`` come from the review workflow's and the
  content app's signals (``frontend_api.store.receivers``).
- ``audit_checkpoint_published``: the scheduler published the audit chain's head
  (``audit.checkpoint``), so someone outside the database holds it.

Each first checks whether anyone subscribes, so a change nobody listens to costs one query.
"""

from __future__ import annotations

from ..store.documents import article_path
from .events import EventType, record_event, subscribed_endpoints
from .models import WebhookEndpoint
from .payloads import (
    article_moved,
    article_published,
    article_re_review_needed,
    article_unpublished,
    audit_checkpoint,
    disclaimer_version_changed,
    translation_stale,
)

OUTDATED = "outdated"

# Store withdrawal reasons that readers' front ends distinguish; every other is "withdrawn".
UNPUBLISH_REASONS = ("unpublished", "expired")


def listened_to(event_type: str) -> bool:
    """Whether any active endpoint wants ``event_type``."""
    return bool(subscribed_endpoints(event_type))


STORED_EVENTS = (EventType.ARTICLE_MOVED, EventType.ARTICLE_PUBLISHED)


def listened_to_of_stored() -> frozenset[str]:
    """Which of the events ``stored`` announces any active endpoint wants, in one query: a
    batch of stored articles asks once."""
    endpoints = WebhookEndpoint.objects.filter(is_active=True)
    return frozenset(t for t in STORED_EVENTS for e in endpoints if e.wants(t))


def stored(
    row,
    *,
    publication,
    previous_path: str | None,
    new_publication: bool,
    listening: frozenset[str] | None = None,
) -> None:
    """A stored article was written: announce a new publication and a move. ``listening``:
    the events endpoints want, when the caller asked once for a batch (else asked here)."""

    def wanted(event_type: str) -> bool:
        return event_type in listening if listening is not None else listened_to(event_type)

    path = article_path(row.center_slug, row.slug)
    if previous_path and previous_path != path and wanted(EventType.ARTICLE_MOVED):
        record_event(EventType.ARTICLE_MOVED, article_moved(row, old_url_path=previous_path))
    first_or_signed = previous_path is None or publication.kind == publication.Kind.PUBLISHED
    if new_publication and first_or_signed and wanted(EventType.ARTICLE_PUBLISHED):
        record_event(
            EventType.ARTICLE_PUBLISHED,
            article_published(row, publication),
            key=f"published:{row.pk}:{publication.pk}",
        )


def translation_outdated(row, *, previous_status: str | None) -> None:
    """A stored translation became outdated (its original has a newer version): announce
    it once per newest version of the original."""
    if row.translation_status != OUTDATED or previous_status == OUTDATED:
        return
    if listened_to(EventType.TRANSLATION_STALE):
        payload = translation_stale(row)
        key = f"translation.stale:{row.pk}:{payload['original_version']}"
        record_event(EventType.TRANSLATION_STALE, payload, key=key)


def withdrawn(row, *, reason: str) -> None:
    """A stored article was removed: readers get nothing for it any more."""
    if listened_to(EventType.ARTICLE_UNPUBLISHED):
        kind = reason if reason in UNPUBLISH_REASONS else "withdrawn"
        payload = article_unpublished(row, reason=kind, detail=reason)
        record_event(EventType.ARTICLE_UNPUBLISHED, payload)


def rereview_needed(row, *, reason: str, request_id: int | None = None) -> None:
    """A served article needs another medical review."""
    if listened_to(EventType.ARTICLE_RE_REVIEW_NEEDED):
        key = f"re-review:{row.pk}:{request_id}" if request_id else None
        record_event(
            EventType.ARTICLE_RE_REVIEW_NEEDED,
            article_re_review_needed(row, reasons=[reason]),
            key=key,
        )


def disclaimer_changed(disclaimer) -> None:
    """A disclaimer's words changed (a new version): announce it once per version."""
    if disclaimer.version > 1 and listened_to(EventType.DISCLAIMER_VERSION_CHANGED):
        record_event(
            EventType.DISCLAIMER_VERSION_CHANGED,
            disclaimer_version_changed(disclaimer, previous_version=disclaimer.version - 1),
            key=f"disclaimer:{disclaimer.pk}:v{disclaimer.version}",
        )


def audit_checkpoint_published(checkpoint: dict) -> None:
    """The audit chain's head was published: send it to whoever keeps it outside (once per
    head; an unchanged head is not sent again)."""
    if listened_to(EventType.AUDIT_CHECKPOINT):
        record_event(
            EventType.AUDIT_CHECKPOINT,
            audit_checkpoint(checkpoint),
            key=f"audit.checkpoint:{checkpoint['entries']}:{checkpoint['head']}",
        )
