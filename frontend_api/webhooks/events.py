"""The one way an event enters the outbox: ``record_event``.

Whatever changes content calls it inside its own transaction, with a payload from
``payloads``. It writes the event and one delivery per active endpoint subscribed to that
event type, and queues their delivery tasks, all in the caller's transaction: a rollback sends
nothing, a commit loses nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import WebhookDelivery, WebhookEndpoint, WebhookEvent


class EventType(models.TextChoices):
    """The events front ends can subscribe to (the ``type`` member of every body)."""

    ARTICLE_PUBLISHED = "article.published", "Article published (with its medical sign-off)"
    ARTICLE_UNPUBLISHED = "article.unpublished", "Article unpublished, expired or deleted"
    ARTICLE_MOVED = "article.moved", "Article moved (old and new path)"
    ARTICLE_RE_REVIEW_NEEDED = "article.re_review_needed", "Article needs a new medical review"
    ARTICLE_REVIEW_STATUS_CHANGED = (
        "article.review_status_changed",
        "Article review due soon or overdue",
    )
    TRANSLATION_STALE = (
        "translation.stale",
        "Translation out of date (its original has a newer version)",
    )
    DISCLAIMER_VERSION_CHANGED = "disclaimer.version_changed", "Disclaimer version changed"
    AUDIT_CHECKPOINT = "audit.checkpoint", "Audit chain head published (signed checkpoint)"


def subscribed_endpoints(event_type: str) -> list[WebhookEndpoint]:
    """Active endpoints that want ``event_type`` (few rows: filtered here, on any database)."""
    return [e for e in WebhookEndpoint.objects.filter(is_active=True) if e.wants(event_type)]


def body(event_type: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The whole body, as Standard Webhooks recommends: type, timestamp and data, as JSON."""
    document = {"type": event_type, "timestamp": timezone.now(), "data": payload}
    # Dates and times become ISO 8601 strings now, so what is stored is exactly what is sent.
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))


def record_event(
    event_type: str, payload: dict[str, Any], *, key: str | None = None
) -> WebhookEvent | None:
    """Put an event in the outbox for every active endpoint subscribed to ``event_type``.

    ``payload`` is the body's ``data`` (build it with ``frontend_api.webhooks.payloads``).
    ``key``, if given, names the event uniquely: a second event with the same key is not
    recorded. Runs in the caller's transaction (a savepoint inside it). Returns the event, or
    None when nobody subscribes or the key was already recorded.
    """
    if event_type not in EventType.values:
        raise ValueError(f"Unknown webhook event type {event_type!r}.")
    endpoints = subscribed_endpoints(event_type)
    if not endpoints or (key and WebhookEvent.objects.filter(key=key).exists()):
        return None
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                event_type=event_type, payload=body(event_type, payload), key=key
            )
            deliveries = [
                WebhookDelivery.objects.create(event=event, endpoint=endpoint)
                for endpoint in endpoints
            ]
    except IntegrityError:
        if key and WebhookEvent.objects.filter(key=key).exists():
            return None  # recorded before (or by another process a moment ago)
        raise
    from .delivery import queue_delivery

    for delivery in deliveries:
        queue_delivery(delivery.pk)
    return event
