"""Which live reviewed articles are overdue for review or due soon, as of a given day.

The admin's words ("Overdue", "Due soon") for the statuses of ``review_status`` (the one
definition of "due soon" and "overdue"), and the queries the report, the dashboard, the
reminders and the ``review_due`` command share. Days are the site's local days from
``django.utils.timezone``, so tests move "today" by moving the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from .contract import reviewed_page_models
from .review_status import due_soon_days

OVERDUE = "Overdue"
DUE_SOON = "Due soon"


def reviewable_page_models() -> list:
    """Page models under medical review (the review contract gives each ``next_review_due``)."""
    return reviewed_page_models()


def due_by(today: date | None = None) -> date:
    """The last next-review date that counts as due soon."""
    return (today or timezone.localdate()) + timedelta(days=due_soon_days())


def review_state(next_review_due: date, today: date | None = None) -> str:
    """'Overdue' once the date has passed, else 'Due soon' (for pages already known to be due)."""
    return OVERDUE if next_review_due < (today or timezone.localdate()) else DUE_SOON


def due_pages(today: date | None = None) -> list:
    """Live reviewed pages due by ``due_by(today)``, soonest first (specific instances)."""
    limit = due_by(today)
    pages = []
    for model in reviewable_page_models():
        pages += model.objects.live().filter(next_review_due__lte=limit)
    return sorted(pages, key=lambda page: (page.next_review_due, page.title))


@dataclass(frozen=True)
class DueCounts:
    """How many live reviewed articles are overdue and how many are due soon."""

    overdue: int
    due_soon: int


def due_counts(today: date | None = None) -> DueCounts:
    today = today or timezone.localdate()
    overdue = due_soon = 0
    for model in reviewable_page_models():
        live = model.objects.live()
        overdue += live.filter(next_review_due__lt=today).count()
        due_soon += live.filter(
            next_review_due__gte=today, next_review_due__lte=due_by(today)
        ).count()
    return DueCounts(overdue=overdue, due_soon=due_soon)
