"""The webhook worker survives a database restart: it backs off, reconnects and delivers
what was queued meanwhile, with a log line each, and nobody restarts it. Against a throwaway
PostgreSQL cluster the test starts on its own port and stops mid-test."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.frontend_api.webhooks.receiver import Receiver
from tests.ops.services import postgres_cluster

ROOT = Path(__file__).resolve().parents[2]
WORKER = ["manage.py", "db_worker", "--backend=webhooks", "--queue-name=webhooks"]
RECORD_EVENT = """
from frontend_api.webhooks.events import EventType, record_event
from frontend_api.webhooks.models import WebhookEndpoint
WebhookEndpoint.objects.get_or_create(
    name="front end", defaults={{"url": "{url}", "events": [EventType.ARTICLE_MOVED]}}
)
print(record_event(EventType.ARTICLE_MOVED, {{"article": None}}).webhook_id)
"""


def cluster_env(database_url: str) -> dict[str, str]:
    """Test settings on the throwaway cluster; the receiver is on 127.0.0.1, so allowed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "WEBHOOK_"))}
    env.pop("REDIS_URL", None)
    env.update(
        CMS_ENV="test",
        DATABASE_URL=database_url,
        WEBHOOK_ALLOW_PRIVATE_TARGETS="1",
        WEBHOOK_RETRY_BASE_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def record_event(env: dict[str, str], receiver: Receiver) -> str:
    """Queue an event for the receiver, as a publish does; its webhook id."""
    return (
        manage(env, "shell", "-c", RECORD_EVENT.format(url=receiver.url)).strip().splitlines()[-1]
    )


def wait_for_delivery(receiver: Receiver, webhook_id: str, worker, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if webhook_id in [request.headers.get("webhook-id") for request in receiver.requests]:
            return
        assert worker.poll() is None, "the worker exited"
        time.sleep(0.2)
    raise AssertionError(f"event {webhook_id} was not delivered in {seconds} s")


@pytest.mark.postgres
def test_the_webhook_worker_reconnects_after_a_database_restart_and_delivers(tmp_path):
    receiver = Receiver().start()
    worker = None
    log_path = tmp_path / "worker.log"
    try:
        with postgres_cluster() as cluster:
            env = cluster_env(cluster.url)
            manage(env, "migrate", "--noinput", "-v", "0")
            with log_path.open("wb") as log:
                worker = subprocess.Popen(
                    [sys.executable, *WORKER, "--interval=0.2", "--no-reload"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            wait_for_delivery(receiver, record_event(env, receiver), worker)

            cluster.stop()  # a fast shutdown, as a restart begins
            time.sleep(2)  # the worker polls every 0.2 s: it meets the outage
            cluster.start()
            after_restart = record_event(env, receiver)
            wait_for_delivery(receiver, after_restart, worker)
            assert worker.poll() is None
            log_text = log_path.read_text()
            assert "worker lost the database; reconnecting" in log_text
            assert "worker reconnected to the database; carrying on" in log_text
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
        receiver.stop()
