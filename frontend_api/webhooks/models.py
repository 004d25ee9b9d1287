"""Webhook tables: endpoints, the outbox of events and their deliveries, what was announced.

``WebhookEvent`` and ``WebhookDelivery`` are the outbox: ``events.record_event`` writes them in
the transaction of the change they describe, so a rolled-back change leaves no trace and a
committed one always has its deliveries, whatever happens to the process afterwards.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from ..conf import api_settings
from . import signing


def new_webhook_id() -> str:
    """A unique message id (the ``webhook-id`` header): receivers use it to drop repeats."""
    return f"msg_{secrets.token_hex(16)}"


class WebhookEndpoint(models.Model):
    """A front end that wants to hear of changes: where to post, how to sign, which events.

    Deliveries are signed with ``secret``; for a while after a rotation, also with the
    previous secret, so the receiver can switch to the new one without losing a delivery.
    """

    name = models.CharField(
        max_length=255, help_text="Who receives these, e.g. 'Next.js site (production)'."
    )
    url = models.URLField(
        "URL", max_length=2000, help_text="Where events are posted (http or https)."
    )
    events = models.JSONField(default=list, help_text="The event types this endpoint receives.")
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick to pause: no new events are queued for it, queued ones wait.",
    )
    secret = models.CharField(max_length=200, default=signing.new_secret, editable=False)
    previous_secret = models.CharField(max_length=200, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "webhook endpoint"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def wants(self, event_type: str) -> bool:
        return event_type in (self.events or [])

    def signing_secrets(self, now: datetime | None = None) -> list[str]:
        """The secrets deliveries are signed with now: the current one, and the previous one
        while its overlap lasts."""
        now = now or timezone.now()
        secrets_now = [self.secret]
        expires = self.previous_secret_expires_at
        if self.previous_secret and expires is not None and expires > now:
            secrets_now.append(self.previous_secret)
        return secrets_now

    def rotate_secret(self, new_secret: str | None = None) -> None:
        """Sign with a new secret from now on; keep signing with the old one for the overlap."""
        overlap = timedelta(seconds=api_settings.WEBHOOK_SECRET_ROTATION_OVERLAP)
        self.previous_secret = self.secret
        self.previous_secret_expires_at = timezone.now() + overlap
        self.secret = new_secret or signing.new_secret()


class WebhookEvent(models.Model):
    """One change front ends are told about, with the body every endpoint receives.

    ``payload`` is the whole body (``type``, ``timestamp``, ``data``), stored as sent, so every
    attempt and every endpoint gets the same bytes. ``key``, when given, makes the event
    unique: recording it twice records it once.
    """

    webhook_id = models.CharField(max_length=64, unique=True, default=new_webhook_id)
    event_type = models.CharField(max_length=64, db_index=True)
    payload = models.JSONField()
    key = models.CharField(max_length=255, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "webhook event"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.webhook_id}"


class WebhookDelivery(models.Model):
    """One event for one endpoint: its attempts, where it stands and when it is tried next.

    A worker claims a pending delivery with one conditional UPDATE (``claimed_until``), so two
    workers never send it at once; a claim left by a crashed worker simply runs out.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "endpoint"], name="one_webhook_delivery_per_endpoint"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due"),
            models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log"),
        ]

    def __str__(self) -> str:
        return f"{self.event.event_type} to {self.endpoint}: {self.get_status_display()}"


class AnnouncedArticle(models.Model):
    """The review status front ends were last told about one article, so each transition (due
    soon, overdue) is announced once."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    review_status = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = "announced article"

    def __str__(self) -> str:
        return f"page {self.page_id}: {self.review_status or 'unknown'}"
