"""The ``webhooks`` section of the OpenAPI document (OpenAPI 3.1): one entry per event type.

The API's schema settings (``frontend_api.api.openapi.SCHEMA_SETTINGS["WEBHOOKS"]``) name the
instances below. Each describes the POST this CMS sends: the signature headers, the body's JSON
Schema (``schemas``) and the answer expected.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiWebhook

from .events import EventType
from .schemas import body_schema

SIGNATURE_HEADERS = [
    ("webhook-id", "The message id, the same on every attempt: drop a repeat you processed."),
    ("webhook-timestamp", "Unix seconds when this attempt was signed; refuse old ones."),
    (
        "webhook-signature",
        "Space-separated 'v1,<base64 HMAC-SHA256 of id.timestamp.body>', one per secret in "
        "use (two while a rotated secret's overlap lasts). See docs/api.md, Webhooks.",
    ),
]


def operation(event_type: EventType) -> dict[str, Any]:
    """The raw OpenAPI operation for the POST that announces ``event_type``."""
    return {
        "operationId": f"webhook_{event_type.value.replace('.', '_')}",
        "summary": event_type.label,
        "parameters": [
            {
                "name": name,
                "in": "header",
                "required": True,
                "description": description,
                "schema": {"type": "string"},
            }
            for name, description in SIGNATURE_HEADERS
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_schema(event_type)}},
        },
        "responses": {
            "2XX": {"description": "Received. Anything else, or no answer in time, is retried."}
        },
    }


def webhook(event_type: EventType) -> OpenApiWebhook:
    return OpenApiWebhook(name=event_type.value, decorator={"post": operation(event_type)})


ARTICLE_PUBLISHED = webhook(EventType.ARTICLE_PUBLISHED)
ARTICLE_UNPUBLISHED = webhook(EventType.ARTICLE_UNPUBLISHED)
ARTICLE_MOVED = webhook(EventType.ARTICLE_MOVED)
ARTICLE_RE_REVIEW_NEEDED = webhook(EventType.ARTICLE_RE_REVIEW_NEEDED)
ARTICLE_REVIEW_STATUS_CHANGED = webhook(EventType.ARTICLE_REVIEW_STATUS_CHANGED)
TRANSLATION_STALE = webhook(EventType.TRANSLATION_STALE)
DISCLAIMER_VERSION_CHANGED = webhook(EventType.DISCLAIMER_VERSION_CHANGED)
AUDIT_CHECKPOINT = webhook(EventType.AUDIT_CHECKPOINT)
