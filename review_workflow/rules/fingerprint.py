"""The fingerprint a sign-off binds to: SHA-256 of the canonical JSON of reviewed content.

The one digest of the project. The page provides the content through the review contract
(``MedicallyReviewedPage.get_reviewed_content()``); this module never looks inside it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> bytes:
    """Byte-stable JSON: sorted keys, no insignificant whitespace, UTF-8."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(content: Any) -> str:
    """SHA-256 hex digest of ``canonical_json(content)``."""
    return hashlib.sha256(canonical_json(content)).hexdigest()


def fingerprint(page) -> str:
    """The fingerprint of a page's reviewed content as it is in memory now (one render)."""
    return digest(page.get_reviewed_content())
