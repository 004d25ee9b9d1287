"""Review-status transitions, announced once each: a served article's review becomes due soon,
then overdue.

The status changes with time alone, so no save announces it: the scheduler runs
``announce_review_status_changes`` (``manage.py announce_article_changes``). It compares each
served article's status today (``review_workflow.rules.review_status``) with the last one announced
(``AnnouncedArticle.review_status``) and records ``article.review_status_changed`` for each
change to ``due_soon`` or ``overdue``. A return to ``current`` (after a new sign-off, which
``article.published`` announces) is only remembered, so the next time the review falls due is
announced again.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from review_workflow.contract import CURRENT, DUE_SOON, OVERDUE, due_soon_days, review_status
from review_workflow.contract import today as review_clock

from ..models import PublishedArticle
from . import payloads
from .events import EventType, record_event
from .models import AnnouncedArticle

ANNOUNCED_STATUSES = (DUE_SOON, OVERDUE)


def due_articles(today: date) -> list[PublishedArticle]:
    """Served articles whose review is due soon or overdue (a small share of all articles)."""
    horizon = today + timedelta(days=due_soon_days())
    return list(PublishedArticle.objects.filter(next_review_due__lte=horizon))


def announce_transition(row: PublishedArticle, status: str, previous: str) -> None:
    """Remember the new status and record its event, together."""
    with transaction.atomic():
        AnnouncedArticle.objects.update_or_create(
            page_id=row.pk, defaults={"review_status": status}
        )
        record_event(
            EventType.ARTICLE_REVIEW_STATUS_CHANGED,
            payloads.article_review_status_changed(
                row, review_status=status, previous_status=previous
            ),
            # Once per article, status and due date, even if two runs overlapped.
            key=f"review-status:{row.pk}:{status}:{row.next_review_due}",
        )


def announce_review_status_changes(*, today: date | None = None) -> int:
    """Announce every transition to due soon or overdue since the last run; return how many."""
    today = today or review_clock()
    due = due_articles(today)
    announced = dict(
        AnnouncedArticle.objects.filter(review_status__in=ANNOUNCED_STATUSES).values_list(
            "page_id", "review_status"
        )
    )
    changes = 0
    for row in due:
        status, previous = review_status(row.next_review_due, today), announced.get(row.pk, "")
        if status != previous:
            announce_transition(row, status, previous)
            changes += 1
    no_longer_due = set(announced) - {row.pk for row in due}
    AnnouncedArticle.objects.filter(page_id__in=no_longer_due).update(review_status=CURRENT)
    return changes


__all__ = ["OVERDUE", "announce_review_status_changes", "review_status"]
