"""The documented contract: the OpenAPI ``webhooks`` section, the API guide, the system check."""

from __future__ import annotations

import json
import re

import pytest
from django.core.checks import run_checks
from django.test import Client

from frontend_api.webhooks.events import EventType
from frontend_api.webhooks.schemas import body_schema
from tests.frontend_api.webhooks.conftest import API_GUIDE


@pytest.mark.django_db
def test_the_openapi_document_lists_every_event_with_its_body_schema():
    schema = Client().get("/api/v1/schema/").json()
    assert schema["openapi"].startswith("3.1")
    assert set(schema["webhooks"]) == set(EventType.values)
    for event_type, item in schema["webhooks"].items():
        body = item["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert body == body_schema(event_type)
        headers = {p["name"] for p in item["post"]["parameters"] if p["in"] == "header"}
        assert headers == {"webhook-id", "webhook-timestamp", "webhook-signature"}


def test_the_api_guide_prints_the_published_body_schema_as_the_code_defines_it():
    guide = API_GUIDE.read_text()
    section = guide[guide.index("## Webhooks") :]
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", section, re.S)]
    assert body_schema(EventType.ARTICLE_PUBLISHED) in blocks


def test_the_api_guide_names_every_event_type():
    guide = API_GUIDE.read_text()
    assert all(f"`{event_type}`" in guide for event_type in EventType.values)


def test_a_missing_task_backend_for_webhooks_is_a_system_check_error(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert "frontend_api.E001" in {message.id for message in run_checks()}
