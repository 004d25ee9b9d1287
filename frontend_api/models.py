"""The API's tables: the published-content generation its response cache is keyed by, and the
webhook tables (defined in ``webhooks.models``, imported here so Django finds them)."""

from __future__ import annotations

from django.db import models

from .webhooks.models import (  # noqa: F401
    AnnouncedArticle,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)


class ContentGeneration(models.Model):
    """A counter that moves whenever anything the public API shows may have changed.

    One row (``pk=1``). Every worker reads it at the start of a cacheable request; a cached
    response is reused only under the generation it was built in (see ``response_cache``).
    It records no content: it is a cache stamp, shared by all processes through the database.
    """

    SINGLETON_PK = 1

    generation = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "published content generation"

    def __str__(self) -> str:
        return f"generation {self.generation}"
