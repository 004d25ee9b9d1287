"""Review status: whether an article's medical review is current, due soon or overdue, the
clock that says which day it is, and where a draft is in medical review.

One definition of each for the whole product (the API, webhooks, reminders, the admin report),
re-exported by ``contract``. The status changes with time alone, so it is computed when asked,
from ``next_review_due`` and ``today()``, never stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from ..conf import WITHDRAW, review_settings

CURRENT, DUE_SOON, OVERDUE = "current", "due_soon", "overdue"
REVIEW_STATUSES = (CURRENT, DUE_SOON, OVERDUE)

# Where the latest revision of a page is in medical review (``review_facts.draft_review_status``;
# the preview's ``draft_status``).
NOT_SUBMITTED = "not submitted"
IN_REVIEW = "in medical review"
CHANGES_REQUESTED = "changes requested"
APPROVED_NOT_PUBLISHED = "approved, not yet published"
PUBLISHED = "published"
DRAFT_STATUSES = (NOT_SUBMITTED, IN_REVIEW, CHANGES_REQUESTED, APPROVED_NOT_PUBLISHED, PUBLISHED)


def today(now: datetime | None = None) -> date:
    """The day of the review clock: the UTC date of ``now`` (default: this instant).

    UTC, not the site's ``TIME_ZONE``: review dates are the UTC dates of sign-offs
    (``last_reviewed``), and a review status is served through shared caches to readers in
    every time zone, so the API, webhooks, reminders and the admin must all turn over at the
    same instant. Tests move it by moving the clock (``time_machine``).
    """
    return (now or timezone.now()).astimezone(UTC).date()


def due_soon_days() -> int:
    return review_settings.DUE_SOON_DAYS


def review_status(next_review_due: date | None, today: date) -> str:
    """'overdue' past the due date, 'due_soon' within the due-soon days, else 'current'."""
    if next_review_due is None:
        return CURRENT
    if next_review_due < today:
        return OVERDUE
    if next_review_due <= today + timedelta(days=due_soon_days()):
        return DUE_SOON
    return CURRENT


def began_on(next_review_due: date | None, status: str) -> date | None:
    """The day the current status began (None for "current": it began with the sign-off)."""
    if next_review_due is None or status == CURRENT:
        return None
    if status == DUE_SOON:
        return next_review_due - timedelta(days=due_soon_days())
    return next_review_due + timedelta(days=1)


def overdue_beyond_grace(next_review_due: date | None, today: date) -> bool:
    """Overdue by more than ``OVERDUE_GRACE_DAYS``: the site's overdue policy applies."""
    grace = timedelta(days=review_settings.OVERDUE_GRACE_DAYS)
    return next_review_due is not None and next_review_due + grace < today


def withdrawn_before(today: date) -> date | None:
    """Under the "withdraw" policy, articles due before this day are not served; else None."""
    if review_settings.OVERDUE_POLICY != WITHDRAW:
        return None
    return today - timedelta(days=review_settings.OVERDUE_GRACE_DAYS)


def due_window(status: str, today: date) -> tuple[date | None, date | None]:
    """The range of ``next_review_due`` (inclusive; None: open) that has this status today."""
    soon = today + timedelta(days=due_soon_days())
    if status == OVERDUE:
        return None, today - timedelta(days=1)
    if status == DUE_SOON:
        return today, soon
    return soon + timedelta(days=1), None
