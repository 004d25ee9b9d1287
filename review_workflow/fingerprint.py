"""The fingerprint a sign-off binds to: SHA-256 of a page's reviewed content.

The page provides the content through the medical-review interface (``requires_medical_review``
and ``get_reviewed_content()``); this module never looks inside it. The byte encoding matches
``health_content.rendering.canonical_json`` (sorted keys, compact separators, UTF-8), so the
fingerprint equals the page's own ``published_content_digest`` for the same content.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def requires_medical_review(page) -> bool:
    """Whether this page (a specific instance or class) is subject to medical review."""
    return bool(getattr(page, "requires_medical_review", False)) and hasattr(
        page, "get_reviewed_content"
    )


def reviewed_content(page) -> Any:
    """The content a reviewer signs off, as the page renders it."""
    return page.get_reviewed_content()


def digest(content: Any) -> str:
    """SHA-256 hex digest of the canonical JSON of ``content``."""
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def fingerprint(page) -> str:
    """The fingerprint of the page's reviewed content as it is in memory now."""
    return digest(reviewed_content(page))
