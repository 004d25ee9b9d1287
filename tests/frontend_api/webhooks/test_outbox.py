"""The outbox: which changes record which events, for whom, in the change's transaction."""

from __future__ import annotations

from datetime import timedelta

import jsonschema
import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from frontend_api.webhooks.events import EventType, record_event
from frontend_api.webhooks.models import WebhookDelivery, WebhookEvent
from frontend_api.webhooks.schemas import body_schema
from tests.factories import (
    ContentSourceFactory,
    DisclaimerFactory,
    HealthCenterPageFactory,
    reviewer,
    signed_off_article,
)

URL = "http://127.0.0.1:9/hook"
pytestmark = pytest.mark.django_db


def events_of(event_type: str) -> list[WebhookEvent]:
    return list(WebhookEvent.objects.filter(event_type=event_type).order_by("pk"))


def data_of(event_type: str) -> dict:
    (event,) = events_of(event_type)
    jsonschema.validate(event.payload, body_schema(event_type))
    return event.payload["data"]


def test_an_event_gets_one_delivery_per_active_endpoint_subscribed_to_it(make_endpoint):
    wanted = make_endpoint(URL, events=[EventType.ARTICLE_PUBLISHED])
    make_endpoint(URL, events=[EventType.DISCLAIMER_VERSION_CHANGED])
    make_endpoint(URL, events=[EventType.ARTICLE_PUBLISHED], is_active=False)
    event = record_event(EventType.ARTICLE_PUBLISHED, {"article": {"id": 1}})
    assert [d.endpoint for d in event.deliveries.all()] == [wanted]


def test_an_event_nobody_subscribed_to_is_not_recorded(make_endpoint):
    make_endpoint(URL, events=[EventType.ARTICLE_MOVED])
    assert record_event(EventType.ARTICLE_PUBLISHED, {}) is None
    assert not WebhookEvent.objects.exists()


def test_an_event_with_a_key_is_recorded_once(endpoint):
    assert record_event(EventType.ARTICLE_MOVED, {}, key="once") is not None
    assert record_event(EventType.ARTICLE_MOVED, {}, key="once") is None
    assert WebhookEvent.objects.count() == 1


def test_an_unknown_event_type_is_refused(endpoint):
    with pytest.raises(ValueError, match="Unknown webhook event type"):
        record_event("article.liked", {})


def test_each_delivery_task_is_queued_with_the_event(endpoint, make_endpoint):
    make_endpoint(URL)
    event = record_event(EventType.ARTICLE_MOVED, {})
    queued = DBTaskResult.objects.filter(backend_name="webhooks", queue_name="webhooks")
    assert sorted(task.args_kwargs["args"][0] for task in queued) == sorted(
        event.deliveries.values_list("pk", flat=True)
    )


def test_a_publish_records_article_published_with_the_sign_off(endpoint, health_center):
    rosa = reviewer(display_name="Dr Rosa Okafor", credentials="MD, FRCP")
    article = signed_off_article(parent=health_center, reviewer=rosa, slug="rest")
    data = data_of(EventType.ARTICLE_PUBLISHED)
    assert data["article"]["id"] == article.pk
    assert data["article"]["url_path"] == f"/{health_center.slug}/rest/"
    assert data["article"]["api_path"] == f"/api/v1/articles/{article.pk}/"
    assert data["reviewed_by"]["name"] == "Dr Rosa Okafor"
    assert data["reviewed_by"]["credentials"] == "MD, FRCP"
    assert data["last_reviewed"] == article.last_reviewed.isoformat()
    assert data["next_review_due"] == article.next_review_due.isoformat()
    assert data["version"] == 1 and data["revision_id"] == article.live_revision_id


def test_an_unpublish_records_article_unpublished(endpoint, published_article):
    published_article.unpublish()
    assert data_of(EventType.ARTICLE_UNPUBLISHED)["reason"] == "unpublished"


def test_an_expiry_records_article_unpublished_as_expired(endpoint, published_article):
    published_article.unpublish(set_expired=True)
    assert data_of(EventType.ARTICLE_UNPUBLISHED)["reason"] == "expired"


def test_deleting_a_live_article_records_article_unpublished(endpoint, published_article):
    published_article.delete()
    assert data_of(EventType.ARTICLE_UNPUBLISHED)["article"]["id"] == published_article.pk


def test_a_move_records_the_old_and_the_new_path(endpoint, published_article, home):
    other = HealthCenterPageFactory(parent=home, slug="heart")
    old_path = published_article.url_path
    published_article.move(other, pos="last-child")
    data = data_of(EventType.ARTICLE_MOVED)
    assert data["old_url_path"] == "/" + old_path.split("/", 2)[2]
    assert data["new_url_path"] == f"/heart/{published_article.slug}/"
    assert data["article"]["health_center"]["slug"] == "heart"


def test_a_renamed_health_center_announces_a_move_of_each_live_article(endpoint, health_center):
    articles = [signed_off_article(parent=health_center) for _ in range(2)]
    health_center.slug = "renamed"
    health_center.save_revision().publish()
    moved = {e.payload["data"]["article"]["id"]: e for e in events_of(EventType.ARTICLE_MOVED)}
    assert set(moved) == {a.pk for a in articles}
    assert all(e.payload["data"]["new_url_path"].startswith("/renamed/") for e in moved.values())


def test_a_change_of_the_disclaimers_words_records_its_new_version(endpoint):
    disclaimer = DisclaimerFactory(text="Old words.")
    disclaimer.is_site_default = True
    disclaimer.save()
    assert events_of(EventType.DISCLAIMER_VERSION_CHANGED) == []
    disclaimer.text = "New words."
    disclaimer.save()
    data = data_of(EventType.DISCLAIMER_VERSION_CHANGED)
    assert data["previous_version"] == 1
    assert data["disclaimer"]["version"] == 2 and data["disclaimer"]["text"] == "New words."


def test_a_re_review_request_records_re_review_needed_with_its_reason(endpoint, health_center):
    source = ContentSourceFactory(name="Spine Society", attribution="Old words.")
    article = signed_off_article(parent=health_center, source=source)
    source.attribution = "New words."
    source.save()
    data = data_of(EventType.ARTICLE_RE_REVIEW_NEEDED)
    assert data["article"]["id"] == article.pk
    assert data["reasons"] == ["content source 'Spine Society' changed (attribution)"]


def test_withdrawing_an_article_by_making_it_private_records_withdrawn(endpoint, published_article):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=published_article.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    data = data_of(EventType.ARTICLE_UNPUBLISHED)
    assert (data["reason"], data["detail"]) == ("withdrawn", "view restriction changed")


def test_a_paused_endpoint_gets_no_new_events(make_endpoint, published_article):
    make_endpoint(URL, is_active=False)
    published_article.unpublish()
    assert not WebhookDelivery.objects.exists()


def test_a_new_delivery_is_due_now(endpoint):
    event = record_event(EventType.ARTICLE_MOVED, {})
    delivery = event.deliveries.get()
    assert delivery.status == "pending" and delivery.attempts == 0
    assert delivery.next_attempt_at <= timezone.now() + timedelta(seconds=1)
