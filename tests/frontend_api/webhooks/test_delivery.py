"""Deliveries end to end: the real queue, the real worker command, a real receiver on 127.0.0.1."""

from __future__ import annotations

import io
import logging
from datetime import timedelta

import jsonschema
import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cms.scheduled_jobs import publish_audit_head
from frontend_api.models import PublishedArticle
from frontend_api.webhooks.delivery import queue_waiting, redeliver
from frontend_api.webhooks.events import EventType, record_event
from frontend_api.webhooks.models import WebhookDelivery, WebhookEvent
from frontend_api.webhooks.payloads import article_re_review_needed
from frontend_api.webhooks.review_status import announce_review_status_changes
from frontend_api.webhooks.schemas import body_schema
from health_content.models import TreatmentArticlePage
from review_workflow.publishing.decisions import publish_signed_off
from tests.factories import (
    DisclaimerFactory,
    HealthCenterPageFactory,
    TreatmentArticlePageFactory,
    reviewer,
    signed_off_article,
    signed_off_translation,
)
from tests.frontend_api.webhooks.conftest import delivers, run_worker
from tests.frontend_api.webhooks.receiver import Receiver

pytestmark = delivers


def make_every_event(health_center, home) -> None:
    """One change of each kind the CMS announces."""
    article = signed_off_article(parent=health_center)
    signed_off_translation(article)
    article.summary = "A new version of the original: its translation is out of date."
    publish_signed_off(revision=article.save_revision(), reviewer=reviewer())
    article = TreatmentArticlePage.objects.get(pk=article.pk)
    disclaimer = DisclaimerFactory()
    disclaimer.text = "Revised legal text."
    disclaimer.save()
    article.move(HealthCenterPageFactory(parent=home), pos="last-child")
    row = PublishedArticle.objects.get(pk=article.pk)
    payload = article_re_review_needed(row, reasons=["The image file was replaced."])
    record_event(EventType.ARTICLE_RE_REVIEW_NEEDED, payload)
    due = timezone.localdate() + timedelta(days=10)
    PublishedArticle.objects.filter(pk=article.pk).update(next_review_due=due)
    announce_review_status_changes()
    TreatmentArticlePage.objects.get(pk=article.pk).unpublish()
    publish_audit_head()


def test_every_event_type_reaches_the_receiver_with_a_valid_signature(
    endpoint, receiver, health_center, home, verify_webhook
):
    make_every_event(health_center, home)
    run_worker()
    assert {body["type"] for body in receiver.bodies()} == set(EventType.values)
    for request in receiver.requests:
        assert verify_webhook(endpoint.secret, request.headers, request.body)
        body = request.json()
        jsonschema.validate(body, body_schema(body["type"]))
        event = WebhookEvent.objects.get(webhook_id=request.headers["webhook-id"])
        assert event.event_type == body["type"]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_receiver_that_is_down_gets_every_event_once_it_is_up_again(make_endpoint, health_center):
    receiver = Receiver()  # not started: connections are refused
    make_endpoint(receiver.url, events=[EventType.ARTICLE_PUBLISHED])
    first, second = (signed_off_article(parent=health_center) for _ in range(2))
    run_worker(max_tasks=2)  # two attempts while it is down
    failing = WebhookDelivery.objects.filter(attempts__gt=0)
    assert failing.count() >= 1
    assert all(d.status == "pending" and "Refused" in d.error for d in failing)
    receiver.start()
    try:
        run_worker()
    finally:
        receiver.stop()
    received = [body["data"]["article"]["id"] for body in receiver.bodies()]
    assert sorted(received) == sorted([first.pk, second.pk])
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    assert sum(WebhookDelivery.objects.values_list("attempts", flat=True)) == 2 + 2


def test_a_rolled_back_publish_sends_nothing(endpoint, receiver, health_center):
    draft = TreatmentArticlePageFactory(parent=health_center)
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_signed_off(revision=draft.latest_revision, reviewer=reviewer())
        raise RuntimeError("something after the publish failed")
    run_worker()
    assert receiver.requests == []
    assert not WebhookEvent.objects.exists() and not DBTaskResult.objects.exists()


def test_a_receiver_that_keeps_failing_is_given_up_after_the_attempt_limit(endpoint, receiver):
    receiver.default_status = 500
    event = record_event(EventType.ARTICLE_MOVED, {"article": None})
    run_worker()
    delivery = event.deliveries.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("failed", 4, 500)
    assert len(delivery.response_excerpt) == 1024  # the answer was 8,000 bytes
    assert [r.headers["webhook-id"] for r in receiver.requests] == [event.webhook_id] * 4
    assert len({r.body for r in receiver.requests}) == 1


def test_a_redelivery_is_sent_again_with_the_same_webhook_id(endpoint, receiver):
    receiver.statuses = [500] * 4
    event = record_event(EventType.ARTICLE_MOVED, {"article": None})
    run_worker()
    redeliver(event.deliveries.get())
    run_worker()
    delivery = event.deliveries.get()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    assert [r.answered for r in receiver.requests] == [500, 500, 500, 500, 204]
    assert {r.headers["webhook-id"] for r in receiver.requests} == {event.webhook_id}


def test_a_paused_endpoint_holds_its_deliveries_until_it_is_resumed(endpoint, receiver):
    event = record_event(EventType.ARTICLE_MOVED, {"article": None})
    endpoint.is_active = False
    endpoint.save()
    run_worker()
    assert receiver.requests == [] and event.deliveries.get().status == "pending"
    endpoint.is_active = True
    endpoint.save()
    queue_waiting(endpoint)
    run_worker()
    assert len(receiver.requests) == 1 and event.deliveries.get().status == "delivered"


def test_a_delivery_whose_worker_died_is_sent_after_the_scheduler_requeues_it(endpoint, receiver):
    event = record_event(EventType.ARTICLE_MOVED, {"article": None})
    # What a worker killed mid-task leaves: its task marked running, the delivery due long ago.
    DBTaskResult.objects.update(status="RUNNING")
    long_ago = timezone.now() - timedelta(hours=1)
    WebhookDelivery.objects.update(next_attempt_at=long_ago)
    run_worker()
    assert receiver.requests == []
    call_command("requeue_webhooks", stdout=io.StringIO())
    run_worker()
    assert len(receiver.requests) == 1 and event.deliveries.get().status == "delivered"


def test_the_logs_name_neither_the_secret_nor_the_signature_nor_the_url_query(
    endpoint, receiver, caplog
):
    receiver.statuses = [503]
    with caplog.at_level(logging.INFO, logger="frontend_api.webhooks"):
        record_event(EventType.ARTICLE_MOVED, {"article": None})
        run_worker()
    logged = "\n".join(f"{r.getMessage()} {vars(r)}" for r in caplog.records)
    assert "webhook delivered" in logged and "webhook attempt failed" in logged
    signature = receiver.requests[0].headers["webhook-signature"]
    for secret in (endpoint.secret, endpoint.secret.removeprefix("whsec_"), signature, "token="):
        assert secret not in logged
