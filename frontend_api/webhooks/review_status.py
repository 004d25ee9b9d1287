"""Review-status transitions, announced once each: a review becomes due soon, then overdue.

The status changes with time alone, so no save announces it: the scheduler runs
``announce_review_status_changes`` (``manage.py announce_article_changes``). It compares each
article's status today with the last one announced (``AnnouncedArticle.review_status``) and
records ``article.review_status_changed`` for each change to ``due_soon`` or ``overdue``. A
return to ``current`` (after a new sign-off, which ``article.published`` announces) is only
remembered, so the next time the review falls due is announced again.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import payloads
from .announcements import article_models
from .events import EventType, record_event
from .models import AnnouncedArticle

CURRENT, DUE_SOON, OVERDUE = "current", "due_soon", "overdue"
ANNOUNCED_STATUSES = (DUE_SOON, OVERDUE)


def due_soon_days() -> int:
    return getattr(settings, "REVIEW_WORKFLOW_DUE_SOON_DAYS", 30)


def review_status(next_review_due: date | None, today: date) -> str | None:
    """'overdue' past the due date, 'due_soon' within the due-soon days, else 'current'."""
    if next_review_due is None:
        return None
    if next_review_due < today:
        return OVERDUE
    if next_review_due <= today + timedelta(days=due_soon_days()):
        return DUE_SOON
    return CURRENT


def due_articles(today: date) -> list:
    """Live articles whose review is due soon or overdue (a small share of all articles)."""
    horizon = today + timedelta(days=due_soon_days())
    return [
        page
        for model in article_models()
        if any(field.name == "next_review_due" for field in model._meta.fields)
        for page in model.objects.live().filter(next_review_due__lte=horizon)
    ]


def announce_transition(page, status: str, previous: str) -> None:
    """Remember the new status and record its event, together."""
    with transaction.atomic():
        AnnouncedArticle.objects.update_or_create(
            page_id=page.pk,
            defaults={"review_status": status},
            create_defaults={"review_status": status, "url_path": page.url_path},
        )
        record_event(
            EventType.ARTICLE_REVIEW_STATUS_CHANGED,
            payloads.article_review_status_changed(
                page, review_status=status, previous_status=previous
            ),
            # Once per article, status and due date, even if two runs overlapped.
            key=f"review-status:{page.pk}:{status}:{page.next_review_due}",
        )


def announce_review_status_changes(*, today: date | None = None) -> int:
    """Announce every transition to due soon or overdue since the last run; return how many."""
    today = today or timezone.localdate()
    due = due_articles(today)
    announced = dict(
        AnnouncedArticle.objects.filter(review_status__in=ANNOUNCED_STATUSES).values_list(
            "page_id", "review_status"
        )
    )
    changes = 0
    for page in due:
        status, previous = review_status(page.next_review_due, today), announced.get(page.pk, "")
        if status != previous:
            announce_transition(page, status, previous)
            changes += 1
    no_longer_due = set(announced) - {page.pk for page in due}
    AnnouncedArticle.objects.filter(page_id__in=no_longer_due).update(review_status=CURRENT)
    return changes
