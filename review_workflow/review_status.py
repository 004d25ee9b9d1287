"""Review status: whether an article's medical review is current, due soon or overdue.

One definition for the whole product (the API, webhooks, the admin report). It changes with
time alone, so it is computed when asked, from ``next_review_due`` and today's date, never
stored.
"""

from __future__ import annotations

from datetime import date, timedelta

from .conf import review_setting

CURRENT, DUE_SOON, OVERDUE = "current", "due_soon", "overdue"
REVIEW_STATUSES = (CURRENT, DUE_SOON, OVERDUE)


def due_soon_days() -> int:
    return review_setting("DUE_SOON_DAYS")


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
    grace = timedelta(days=review_setting("OVERDUE_GRACE_DAYS"))
    return next_review_due is not None and next_review_due + grace < today


def withdrawn_before(today: date) -> date | None:
    """Under the "withdraw" policy, articles due before this day are not served; else None."""
    if review_setting("OVERDUE_POLICY") != "withdraw":
        return None
    return today - timedelta(days=review_setting("OVERDUE_GRACE_DAYS"))


def due_window(status: str, today: date) -> tuple[date | None, date | None]:
    """The range of ``next_review_due`` (inclusive; None: open) that has this status today."""
    soon = today + timedelta(days=due_soon_days())
    if status == OVERDUE:
        return None, today - timedelta(days=1)
    if status == DUE_SOON:
        return today, soon
    return soon + timedelta(days=1), None
