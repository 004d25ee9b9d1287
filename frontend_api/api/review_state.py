"""Review status as readers get it, added to stored documents when they are served.

The status (``review_workflow.rules.review_status``: current, due soon, overdue) changes with time
alone, so it is never stored: each response computes it from the stored ``next_review_due`` and
today's date, splices it into the stored bytes, and puts it in the validators (the ETag names
the status; ``Last-Modified`` is when the bytes or the status last changed). The site's overdue
policy applies here too: "noindex" answers with ``X-Robots-Tag: noindex`` and no
``lastReviewed`` claim; "withdraw" is applied in the queries (``reading``).

An outdated translation (its original has a newer version; ``translation_status`` is stored
with it, recomposed in the transaction that publishes the original) gets the site's
translation policy the same way: "flag" serves it with its status, "noindex" with the same
signal as an overdue review, "withdraw" not at all (the review side also withdraws it through
the publication records, so it leaves lists and search). The policy is a site setting in the
database, so it is read only for an outdated translation, and such a document is sent without
``Last-Modified`` (a change of the setting has no date a client could compare).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import orjson

from review_workflow.contract import (
    NOINDEX,
    OUTDATED_TRANSLATION,
    WITHDRAW,
    began_on,
    overdue_beyond_grace,
    review_settings,
    review_status,
    translation_policy,
)

from ..safe_json import dumps


def _midnight(day: date | None) -> datetime | None:
    return datetime.combine(day, time(), UTC) if day else None


@dataclass(frozen=True)
class ServedReview:
    """The review status of a stored article at the moment it is served."""

    status: str
    began: datetime | None  # when the status (or the noindex policy) last changed the document
    noindex: bool
    withheld: bool = False  # an outdated translation under the "withdraw" policy
    dated: bool = True  # whether Last-Modified is exact (not for an outdated translation)

    @classmethod
    def of(
        cls,
        next_review_due: date | None,
        today: date,
        *,
        translation_status: str = "",
        request=None,
    ) -> ServedReview:
        """The review as served today; ``request`` reads the requesting site's translation
        policy (once per request, as Wagtail reads settings) for an outdated translation."""
        status = review_status(next_review_due, today)
        day = began_on(next_review_due, status)
        noindex = review_settings.OVERDUE_POLICY == NOINDEX and overdue_beyond_grace(
            next_review_due, today
        )
        if noindex:
            # The review claims left the document the day after the grace days ran out.
            day = next_review_due + timedelta(days=review_settings.OVERDUE_GRACE_DAYS + 1)
        if translation_status != OUTDATED_TRANSLATION:
            return cls(status, _midnight(day), noindex)
        policy = translation_policy(request)
        return cls(
            status,
            _midnight(day),
            noindex or policy == NOINDEX,
            withheld=policy == WITHDRAW,
            dated=False,
        )

    def document(self, stored: bytes) -> bytes:
        """The stored document with ``review_status`` (and, under noindex, no review claim)."""
        if self.noindex:
            stored = _without_review_claim(stored)
        return with_status(stored, self.status)

    def etag(self, stored_etag: str) -> str:
        return f'{stored_etag[:-1]}-{self.status}{"-noindex" if self.noindex else ""}"'

    def last_modified(self, stored_at: datetime) -> datetime | None:
        if not self.dated:
            return None
        return max(stored_at, self.began) if self.began else stored_at


def with_status(stored: bytes, status: str) -> bytes:
    """A stored JSON object with ``"review_status"`` added (the stored bytes end with ``}``)."""
    return stored[:-1] + b',"review_status":"' + status.encode() + b'"}'


def _without_review_claim(stored: bytes) -> bytes:
    document = orjson.loads(stored)
    document["json_ld"].pop("lastReviewed", None)
    document["json_ld"].pop("reviewedBy", None)
    return dumps(document, option=orjson.OPT_SORT_KEYS)
