"""Review-status transitions: each change to due soon or overdue is announced once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from frontend_api.models import PublishedArticle
from frontend_api.webhooks.events import EventType
from frontend_api.webhooks.models import WebhookEvent
from frontend_api.webhooks.review_status import announce_review_status_changes, review_status

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def announced() -> list[tuple[int, str, str | None]]:
    events = WebhookEvent.objects.filter(
        event_type=EventType.ARTICLE_REVIEW_STATUS_CHANGED
    ).order_by("pk")
    return [
        (
            e.payload["data"]["article"]["id"],
            e.payload["data"]["review_status"],
            e.payload["data"]["previous_status"],
        )
        for e in events
    ]


def due_on(article, day) -> None:
    # A shortcut for "the stored article's next review falls on ``day``" (a publication would
    # write it): the transitions are computed from the stored rows.
    PublishedArticle.objects.filter(pk=article.pk).update(next_review_due=day)


@pytest.mark.parametrize(
    ("days_until_due", "status"),
    [(-1, "overdue"), (0, "due_soon"), (30, "due_soon"), (31, "current"), (365, "current")],
)
def test_the_review_status_follows_the_due_date(days_until_due, status):
    assert review_status(TODAY + timedelta(days=days_until_due), TODAY) == status


def test_a_review_falling_due_is_announced_once_then_once_more_when_overdue(
    endpoint, published_article
):
    due_on(published_article, TODAY + timedelta(days=20))
    announce_review_status_changes(today=TODAY)
    announce_review_status_changes(today=TODAY)
    assert announced() == [(published_article.pk, "due_soon", None)]
    announce_review_status_changes(today=TODAY + timedelta(days=21))
    announce_review_status_changes(today=TODAY + timedelta(days=22))
    assert announced()[1:] == [(published_article.pk, "overdue", "due_soon")]


def test_an_article_reviewed_again_is_announced_again_when_its_next_review_falls_due(
    endpoint, published_article
):
    due_on(published_article, TODAY - timedelta(days=1))
    announce_review_status_changes(today=TODAY)
    due_on(published_article, TODAY + timedelta(days=365))  # a new sign-off moved the date
    announce_review_status_changes(today=TODAY)
    announce_review_status_changes(today=TODAY + timedelta(days=340))
    assert [status for _, status, _ in announced()] == ["overdue", "due_soon"]


def test_articles_whose_review_is_far_off_announce_nothing(endpoint, published_article):
    announce_review_status_changes(today=TODAY)
    assert announced() == []


def test_the_scheduled_command_announces_the_transitions(endpoint, published_article):
    due_on(published_article, TODAY + timedelta(days=3))
    call_command("announce_article_changes", verbosity=0)
    assert announced() == [(published_article.pk, "due_soon", None)]
