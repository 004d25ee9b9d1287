"""Worker processes on PostgreSQL: real ``db_worker`` subprocesses sharing the queue."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from frontend_api.models import PublishedArticle
from frontend_api.webhooks.delivery import queue_delivery
from frontend_api.webhooks.events import EventType, record_event
from frontend_api.webhooks.models import WebhookDelivery
from frontend_api.webhooks.payloads import article_re_review_needed
from tests.frontend_api.webhooks.conftest import ROOT, delivers
from tests.frontend_api.webhooks.receiver import Receiver
from tests.ops.servers import database_url

pytestmark = [pytest.mark.postgres, delivers]
WORKER = ["manage.py", "db_worker", "--backend=webhooks", "--queue-name=webhooks", "--batch"]


def worker_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "WEBHOOK_"))}
    env.update(
        CMS_ENV="test",
        DATABASE_URL=database_url(),
        WEBHOOK_RETRY_BASE_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    env.update(overrides)
    return env


def run_workers(count: int, env: dict[str, str], log_dir: Path) -> None:
    """Start ``count`` worker processes at once; wait until each found the queue empty."""
    processes = []
    for number in range(count):
        log = (log_dir / f"worker-{number}.log").open("wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, *WORKER, f"--worker-id=worker-{number}"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    try:
        codes = [process.wait(timeout=180) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    logs = [(log_dir / f"worker-{n}.log").read_text() for n in range(count)]
    assert codes == [0] * count, logs


def test_two_worker_processes_deliver_each_event_once_per_endpoint(
    make_endpoint, published_article, tmp_path
):
    receivers = [Receiver().start(), Receiver().start()]
    for receiver in receivers:
        receiver.delay = 0.05  # slow enough that both workers get work
        make_endpoint(receiver.url)
    try:
        events = [
            record_event(
                EventType.ARTICLE_RE_REVIEW_NEEDED,
                article_re_review_needed(
                    PublishedArticle.objects.get(pk=published_article.pk), reasons=[f"change {n}"]
                ),
            )
            for n in range(15)
        ]
        # A second task for every delivery, as a requeue of a slow one would make.
        for delivery_id in WebhookDelivery.objects.values_list("pk", flat=True):
            queue_delivery(delivery_id)
        # The receivers listen on 127.0.0.1, which the plugin refuses unless allowed.
        run_workers(2, worker_env(WEBHOOK_ALLOW_PRIVATE_TARGETS="1"), tmp_path)
    finally:
        for receiver in receivers:
            receiver.stop()
    for receiver in receivers:
        received = sorted(request.headers["webhook-id"] for request in receiver.requests)
        assert received == sorted(event.webhook_id for event in events)  # each exactly once
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}
    worked = {w for ids in DBTaskResult.objects.values_list("worker_ids", flat=True) for w in ids}
    assert worked == {"worker-0", "worker-1"}


def test_a_worker_with_the_production_settings_refuses_a_loopback_receiver(
    endpoint, receiver, tmp_path
):
    event = record_event(EventType.ARTICLE_MOVED, {"article": None})
    env = worker_env(
        CMS_ENV="production",
        SECRET_KEY="production-like-secret-for-this-test-0123456789-abcdefghijkl",
        STATIC_ROOT=str(tmp_path),
    )
    run_workers(1, env, tmp_path)
    delivery = event.deliveries.get()
    assert receiver.requests == []
    assert delivery.status == "failed" and "loopback" in delivery.error
