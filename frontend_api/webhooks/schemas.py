"""JSON Schemas of webhook bodies, one per event type: the contract with receivers.

The API guide prints them and the OpenAPI document lists them under ``webhooks`` (OpenAPI 3.1
schemas are JSON Schema); tests validate real payloads against them.
"""

from __future__ import annotations

from typing import Any

from review_workflow.contract import DUE_SOON, OVERDUE

from .events import EventType

DATE = {"type": ["string", "null"], "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
REVIEW_STATUS = {"type": "string", "enum": [DUE_SOON, OVERDUE]}  # announced transitions


def obj(properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """An object with exactly these properties, all required."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **extra,
    }


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


HEALTH_CENTER = obj(
    {"id": {"type": "integer"}, "slug": {"type": "string"}, "title": {"type": "string"}}
)
ARTICLE = obj(
    {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "slug": {"type": "string"},
        "url_path": {"type": ["string", "null"], "description": "Path on the site."},
        "api_path": {"type": ["string", "null"], "description": "e.g. /api/v1/articles/42/"},
        "health_center": nullable(HEALTH_CENTER),
    },
    description="Which article: its path on the site and in the content API.",
)
REVIEWED_BY = obj(
    {"name": {"type": "string"}, "credentials": {"type": "string"}, "signed_at": DATETIME},
    description="The medical reviewer as recorded at sign-off.",
)
REVIEW_DATES = {"last_reviewed": DATE, "next_review_due": DATE, "last_updated": DATE}

DATA: dict[str, dict[str, Any]] = {
    EventType.ARTICLE_PUBLISHED: obj(
        {
            "article": ARTICLE,
            "revision_id": {"type": ["integer", "null"]},
            "version": {"type": ["integer", "null"], "description": "Publication number."},
            "published_at": {"type": ["string", "null"], "format": "date-time"},
            "reviewed_by": nullable(REVIEWED_BY),
            **REVIEW_DATES,
        }
    ),
    EventType.ARTICLE_UNPUBLISHED: obj(
        {
            "article": ARTICLE,
            "reason": {
                "type": "string",
                "enum": ["unpublished", "expired", "withdrawn"],
                "description": "withdrawn: made private, its health center unpublished, moved "
                "out of a health center, or deleted.",
            },
            "detail": {"type": "string", "description": "What happened, in words."},
        }
    ),
    EventType.ARTICLE_MOVED: obj(
        {
            "article": ARTICLE,
            "old_url_path": {"type": ["string", "null"]},
            "new_url_path": {"type": ["string", "null"]},
        }
    ),
    EventType.ARTICLE_RE_REVIEW_NEEDED: obj(
        {
            "article": ARTICLE,
            "reasons": {"type": "array", "items": {"type": "string"}},
            **REVIEW_DATES,
        }
    ),
    EventType.ARTICLE_REVIEW_STATUS_CHANGED: obj(
        {
            "article": ARTICLE,
            "review_status": REVIEW_STATUS,
            "previous_status": {
                "type": ["string", "null"],
                "enum": [*REVIEW_STATUS["enum"], None],
                "description": "The status announced before; null if none was.",
            },
            **REVIEW_DATES,
        }
    ),
    EventType.TRANSLATION_STALE: obj(
        {
            "article": ARTICLE,
            "locale": {"type": "string", "description": "The translation's language code."},
            "original": obj(
                {
                    "id": {"type": ["integer", "null"]},
                    "api_path": {"type": ["string", "null"]},
                },
                description="The original it translates.",
            ),
            "followed_version": {
                "type": ["integer", "null"],
                "description": "The original's version (publication number) the translation "
                "was signed off against.",
            },
            "original_version": {
                "type": ["integer", "null"],
                "description": "The original's newest version.",
            },
            "outdated_since": {"type": ["string", "null"], "format": "date-time"},
        },
        description="Served with translation_status: outdated until a new translation is "
        "signed off (or as the site's translation policy says).",
    ),
    EventType.DISCLAIMER_VERSION_CHANGED: obj(
        {
            "disclaimer": obj(
                {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "text": {"type": "string"},
                    "version": {"type": "integer"},
                    "is_site_default": {"type": "boolean"},
                }
            ),
            "previous_version": {"type": "integer"},
        }
    ),
    EventType.AUDIT_CHECKPOINT: obj(
        {
            "head": {"type": "string", "description": "Hash of the chain's last entry."},
            "entries": {"type": "integer", "description": "How many entries the chain had."},
            "at": DATETIME,
            "signature": {
                "type": "string",
                "description": "HMAC-SHA256 (hex) of the canonical JSON of head, entries and "
                "at, under the site's audit checkpoint key.",
            },
        },
        description="Keep it: verify_audit --expect-head HEAD fails if the chain no longer "
        "contains it.",
    ),
}


def body_schema(event_type: str) -> dict[str, Any]:
    """The whole body of ``event_type``: the Standard Webhooks envelope around its data."""
    return obj(
        {
            "type": {"const": str(event_type)},
            "timestamp": DATETIME,
            "data": DATA[event_type],
        },
        title=str(event_type),
        description=EventType(event_type).label,
    )
