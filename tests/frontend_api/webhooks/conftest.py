"""Fixtures for the webhook tests: a real receiver, endpoints, a worker, the documented check.

Deliveries in these tests go through the real queue: ``run_worker`` runs django_tasks_db's own
``db_worker`` command in this process (``--batch``: until the queue is empty, or
``--max-tasks``). It needs the test's writes committed, so tests that use it are transactional.
Backoff is zero, so retries are due at once; tests count attempts, never seconds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from frontend_api.webhooks.events import EventType
from frontend_api.webhooks.models import WebhookEndpoint
from tests.frontend_api.webhooks.receiver import Receiver

ROOT = Path(__file__).resolve().parents[3]
API_GUIDE = ROOT / "docs" / "api.md"
ALL_EVENTS = list(EventType.values)
# A transactional test that still finds Wagtail's root page and default site (from migrations).
delivers = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://...")


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    settings.FRONTEND_API = {
        **settings.FRONTEND_API,
        "WEBHOOK_RETRY_BASE_SECONDS": 0,
        "WEBHOOK_MAX_ATTEMPTS": 4,
        "WEBHOOK_TIMEOUT": 5,
        "WEBHOOK_ALLOW_PRIVATE_TARGETS": True,
    }
    return settings


@pytest.fixture
def receiver():
    """A receiver that is up; ``receiver.stop()`` takes it down."""
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def make_endpoint(db):
    def make(url: str, events=None, **fields) -> WebhookEndpoint:
        return WebhookEndpoint.objects.create(
            name=fields.pop("name", "Front end"), url=url, events=events or ALL_EVENTS, **fields
        )

    return make


@pytest.fixture
def endpoint(make_endpoint, receiver):
    """An active endpoint subscribed to every event, posting to ``receiver``."""
    return make_endpoint(receiver.url)


def run_worker(*, max_tasks: int | None = None) -> None:
    """Work through the webhook queue as the ``worker`` process does, then return."""
    options = ["--batch", "--backend=webhooks", "--queue-name=webhooks", "--no-startup-delay"]
    if max_tasks:
        options.append(f"--max-tasks={max_tasks}")
    call_command("db_worker", *options, "--no-reload", verbosity=0)


def documented_snippet(language: str, first_line: str) -> str:
    """The code block of the API guide whose first line is ``first_line``."""
    blocks = re.findall(rf"```{language}\n(.*?)```", API_GUIDE.read_text(), re.S)
    matching = [block for block in blocks if block.startswith(first_line)]
    assert matching, f"docs/api.md has no {language} block starting {first_line!r}"
    return matching[0]


@pytest.fixture(scope="session")
def verify_webhook():
    """``verify_webhook(secret, headers, body)`` exactly as the API guide documents it."""
    namespace: dict = {}
    exec(documented_snippet("python", "# verify_webhook.py"), namespace)  # noqa: S102
    return namespace["verify_webhook"]
