"""Sending deliveries: the task a worker runs, retries with exponential backoff, and putting
deliveries back in the queue (redeliver, resume, a task lost with its worker).

At least once, and once per endpoint in practice: a worker claims a delivery with one
conditional UPDATE before sending, so two workers (or two tasks for the same delivery) never
send it at once. Only a worker that dies after the receiver answered but before the answer was
recorded makes a repeat, which carries the same ``webhook-id`` for the receiver to drop.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks_db import DatabaseBackend

from .. import replicas
from ..conf import api_settings
from . import targets
from .models import WebhookDelivery, WebhookEndpoint
from .signing import signed_headers

logger = logging.getLogger("frontend_api.webhooks")
Status = WebhookDelivery.Status
MAX_ERROR_LENGTH = 500


@dataclass(frozen=True)
class AttemptResult:
    """What one attempt came to; ``retryable`` is False when trying again cannot help."""

    delivered: bool
    retryable: bool = True
    response_status: int | None = None
    excerpt: str = ""
    error: str = ""


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one delivery if it is due and no other worker is sending it; say what happened."""
    delivery = claim(delivery_id)
    if delivery is None:
        return "skipped"
    # A receiver that fetches the article at once must not get it from a replica that
    # has not replayed the change yet.
    replicas.wait_for_replicas()
    record_attempt(delivery, attempt(delivery))
    return delivery.status


def queue_delivery(delivery_id: int, *, run_after: datetime | None = None) -> None:
    """Queue the delivery task (at ``run_after``, else now).

    With a database backend the task row is written in the current transaction, so it commits
    or rolls back with the change. Any other backend might run the task at once, before the
    change is visible: it is queued after the commit instead.
    """
    alias = api_settings.WEBHOOK_TASK_BACKEND
    backend = task_backends[alias]
    deferred = run_after if backend.supports_defer else None
    queued = deliver_webhook.using(
        backend=alias, queue_name=api_settings.WEBHOOK_QUEUE, run_after=deferred
    )
    if isinstance(backend, DatabaseBackend):
        queued.enqueue(delivery_id)
    else:
        transaction.on_commit(lambda: queued.enqueue(delivery_id))


def lease_seconds() -> int:
    # Longer than any attempt can take (connect, send, read), so a live claim never runs out.
    return 3 * api_settings.WEBHOOK_TIMEOUT + 60


def claim(delivery_id: int) -> WebhookDelivery | None:
    """Take the delivery for one attempt, or None if it is not due, done, paused or taken."""
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").filter(pk=delivery_id)
    delivery = delivery.first()
    if delivery is None or not delivery.endpoint.is_active:
        return None  # a paused endpoint's deliveries wait; resuming queues them again
    now = timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    claimed = (
        WebhookDelivery.objects.filter(free, pk=delivery_id, status=Status.PENDING)
        .filter(next_attempt_at__lte=now)
        .update(
            claimed_until=now + timedelta(seconds=lease_seconds()),
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    )
    if not claimed:
        return None
    delivery.refresh_from_db(fields=["attempts", "claimed_until", "last_attempt_at"])
    return delivery


def encode(payload: dict) -> bytes:
    """The body's bytes: compact JSON with sorted keys, identical on every attempt."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def attempt(delivery: WebhookDelivery) -> AttemptResult:
    """Sign and post the delivery once; never raises for the receiver's faults."""
    body = encode(delivery.event.payload)
    secrets_in_use = delivery.endpoint.signing_secrets()
    headers = signed_headers(secrets_in_use, delivery.event.webhook_id, int(time.time()), body)
    try:
        answer = targets.post(delivery.endpoint.url, body, headers)
    except targets.TargetRefused as exc:
        return AttemptResult(delivered=False, retryable=False, error=f"Refused: {exc}")
    except (OSError, http.client.HTTPException) as exc:
        return AttemptResult(delivered=False, error=f"{type(exc).__name__}: {exc}")
    delivered = 200 <= answer.status < 300
    return AttemptResult(
        delivered=delivered,
        response_status=answer.status,
        excerpt=answer.excerpt,
        error="" if delivered else f"The receiver answered HTTP {answer.status}.",
    )


def backoff(attempts: int) -> timedelta:
    """The wait before the next attempt: base * 2**(attempts - 1) seconds, capped."""
    base = api_settings.WEBHOOK_RETRY_BASE_SECONDS
    seconds = min(base * 2 ** max(attempts - 1, 0), api_settings.WEBHOOK_RETRY_MAX_SECONDS)
    return timedelta(seconds=seconds)


def record_attempt(delivery: WebhookDelivery, result: AttemptResult) -> None:
    """Write down the attempt; deliver, give up, or queue the next attempt after the backoff."""
    now = timezone.now()
    delivery.claimed_until = None
    delivery.response_status = result.response_status
    delivery.response_excerpt = result.excerpt
    delivery.error = result.error[:MAX_ERROR_LENGTH]
    if result.delivered:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            Status.DELIVERED,
            now,
            None,
        )
    elif not result.retryable or delivery.attempts >= api_settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = Status.FAILED, None
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    with transaction.atomic():
        delivery.save(update_fields=[*RECORDED_FIELDS])
        if delivery.status == Status.PENDING:
            queue_delivery(delivery.pk, run_after=delivery.next_attempt_at)
    log_attempt(delivery)


RECORDED_FIELDS = (
    "status",
    "claimed_until",
    "next_attempt_at",
    "delivered_at",
    "response_status",
    "response_excerpt",
    "error",
)


def log_attempt(delivery: WebhookDelivery) -> None:
    # The URL without its query (it may hold a token); never a secret or a signature.
    fields = {
        "webhook_id": delivery.event.webhook_id,
        "event_type": delivery.event.event_type,
        "endpoint_id": delivery.endpoint_id,
        "url": targets.loggable_url(delivery.endpoint.url),
        "attempt": delivery.attempts,
        "outcome": delivery.status,
        "response_status": delivery.response_status,
    }
    if delivery.status == Status.DELIVERED:
        logger.info("webhook delivered", extra=fields)
    else:
        logger.warning("webhook attempt failed: %s", delivery.error, extra=fields)


def redeliver(delivery: WebhookDelivery) -> None:
    """Send a delivery again from its first attempt, with the same ``webhook-id``."""
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            delivered_at=None,
            error="",
        )
        queue_delivery(delivery.pk)


def queue_waiting(endpoint: WebhookEndpoint) -> int:
    """Queue every pending delivery of ``endpoint`` again (after it is resumed)."""
    with transaction.atomic():
        waiting = list(
            endpoint.deliveries.filter(status=Status.PENDING).values_list("pk", flat=True)
        )
        for delivery_id in waiting:
            queue_delivery(delivery_id)
    return len(waiting)


def requeue_stalled(*, limit: int = 1000) -> int:
    """Queue again the due deliveries whose task was lost (say, with a crashed worker).

    A delivery counts as stalled when it has been due for ``WEBHOOK_REQUEUE_AFTER`` seconds
    and nobody holds it. Queuing one whose task is merely late does no harm: the claim lets
    only one of the two tasks send.
    """
    now = timezone.now()
    cutoff = now - timedelta(seconds=api_settings.WEBHOOK_REQUEUE_AFTER)
    stalled = WebhookDelivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=Status.PENDING,
        endpoint__is_active=True,
        next_attempt_at__lt=cutoff,
    ).values_list("pk", flat=True)[:limit]
    with transaction.atomic():
        delivery_ids = list(stalled)
        for delivery_id in delivery_ids:
            queue_delivery(delivery_id)
    return len(delivery_ids)


def prune(*, now: datetime | None = None) -> int:
    """Delete delivered deliveries, their empty events, and finished delivery tasks, past
    ``WEBHOOK_LOG_RETENTION_DAYS``; failed and pending deliveries stay."""
    from django_tasks_db.models import DBTaskResult

    from .models import WebhookEvent

    cutoff = (now or timezone.now()) - timedelta(days=api_settings.WEBHOOK_LOG_RETENTION_DAYS)
    deleted, _ = WebhookDelivery.objects.filter(
        status=Status.DELIVERED, delivered_at__lt=cutoff
    ).delete()
    WebhookEvent.objects.filter(created_at__lt=cutoff, deliveries__isnull=True).delete()
    DBTaskResult.objects.filter(
        backend_name=api_settings.WEBHOOK_TASK_BACKEND, enqueued_at__lt=cutoff
    ).exclude(status="READY").delete()
    return deleted
