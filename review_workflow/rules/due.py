"""Which live reviewed articles are overdue for review or due soon, as of a given day.

The admin's words ("Overdue", "Due soon") for the statuses of ``review_status`` (the one
definition of "due soon" and "overdue": these are labels of its ``OVERDUE`` and ``DUE_SOON``,
not other values), and the queries the report, the dashboard, the reminders and the
``review_due`` command share. Days are the review clock's (``review_status.today``, UTC), the
same as the API's and the webhooks', so tests move "today" by moving the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..contract import reviewed_page_models
from .review_status import DUE_SOON, OVERDUE, due_window, review_status, today

# What the admin calls each status of ``review_status`` that makes a page due.
LABELS = {OVERDUE: "Overdue", DUE_SOON: "Due soon"}


def reviewable_page_models() -> list:
    """Page models under medical review (the review contract gives each ``next_review_due``)."""
    return reviewed_page_models()


def due_by(day: date | None = None) -> date:
    """The last next-review date that counts as due soon."""
    return due_window(DUE_SOON, day or today())[1]


def review_state(next_review_due: date, day: date | None = None) -> str:
    """'Overdue' once the date has passed, else 'Due soon' (for pages already known to be due)."""
    status = review_status(next_review_due, day or today())
    return LABELS.get(status, LABELS[DUE_SOON])


def due_pages(day: date | None = None) -> list:
    """Live reviewed pages due by ``due_by(day)``, soonest first (specific instances)."""
    limit = due_by(day)
    pages = []
    for model in reviewable_page_models():
        pages += model.objects.live().filter(next_review_due__lte=limit)
    return sorted(pages, key=lambda page: (page.next_review_due, page.title))


@dataclass(frozen=True)
class DueCounts:
    """How many live reviewed articles are overdue and how many are due soon."""

    overdue: int
    due_soon: int


def _count(status: str, day: date) -> int:
    first, last = due_window(status, day)
    bounds = {"next_review_due__gte": first, "next_review_due__lte": last}
    filters = {name: value for name, value in bounds.items() if value is not None}
    return sum(model.objects.live().filter(**filters).count() for model in reviewable_page_models())


def due_counts(day: date | None = None) -> DueCounts:
    day = day or today()
    return DueCounts(overdue=_count(OVERDUE, day), due_soon=_count(DUE_SOON, day))
