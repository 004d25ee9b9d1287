"""Which public origin the stored documents were composed on.

Stored articles embed absolute URLs on ``PUBLIC_BASE_URL`` (their JSON-LD ``url``, breadcrumb
and publisher; ``linked_data``), composed once at publish. When the setting changes afterwards
(a demo database moved from development to production settings), readers get links to the old
origin and ``verify_published`` fails on every article until they are composed again. Nothing
changes them by itself: this module notices, so the start-up checks and ``/readyz`` can say so.
"""

from __future__ import annotations

import json

from django.db import DatabaseError

from ..conf import public_url
from ..models import PublishedArticle

RECOMPOSE = "manage.py backfill_published_articles --recompose"
# Keys every stored detail document has since the document last changed shape (issue 20: every
# approving reviewer and the authors credited; issue 21: its locale and translations). An
# older document lacks them until recomposed.
CURRENT_DOCUMENT_KEYS = ("reviewers", "authors", "locale", "translations")


def _oldest_document() -> dict | None:
    detail = PublishedArticle.objects.order_by("stored_at").values_list("detail", flat=True)[:1]
    return json.loads(bytes(detail[0])) if detail else None


def stored_origin() -> str | None:
    """The public root (``PUBLIC_BASE_URL`` + "/") the oldest stored article was composed on;
    None when nothing is stored (or the document predates JSON-LD)."""
    document = _oldest_document()
    if document is None:
        return None
    return document.get("json_ld", {}).get("publisher", {}).get("url")


def outdated_shape() -> str | None:
    """What to tell an operator when the oldest stored article was composed in an older shape
    of the document (it lacks keys readers now get); None when it is current or none is stored."""
    try:
        document = _oldest_document()
    except DatabaseError:
        return None
    missing = [key for key in CURRENT_DOCUMENT_KEYS if document is not None and key not in document]
    if not missing:
        return None
    return (
        f"Stored articles were composed before the documents gained {', '.join(missing)}: "
        f"run `{RECOMPOSE}`."
    )


def origin_mismatch() -> str | None:
    """What to tell an operator when stored articles use another public origin than
    ``PUBLIC_BASE_URL`` does now; None when they agree (or the database cannot tell)."""
    try:
        stored = stored_origin()
    except DatabaseError:  # not migrated yet, or unreachable: other checks report that
        return None
    current = public_url("/")
    if stored is None or stored == current:
        return None
    return (
        f"Stored articles link to {stored}, but PUBLIC_BASE_URL is now {current}: "
        f"run `{RECOMPOSE}`."
    )
