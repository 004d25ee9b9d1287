"""Losing the database answers 503 in JSON, never a 500 page."""

import json

import pytest
from django.db import IntegrityError, OperationalError
from django.http import HttpRequest
from django.test import RequestFactory

from cms.outage import ServiceUnavailableMiddleware

# The middleware drops unusable connections, which asks the database connection for its state.
pytestmark = pytest.mark.django_db


def middleware() -> ServiceUnavailableMiddleware:
    return ServiceUnavailableMiddleware(lambda request: None)


def test_a_database_connection_error_becomes_a_503_with_retry_after():
    request = RequestFactory().get("/api/v1/articles/")
    response = middleware().process_exception(request, OperationalError("server closed"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"


def test_the_503_body_is_a_problem_document():
    request = RequestFactory().get("/api/v1/articles/")
    response = middleware().process_exception(request, OperationalError("gone"))
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert (body["status"], body["title"], body["instance"]) == (
        503,
        "Service Unavailable",
        "/api/v1/articles/",
    )


@pytest.mark.parametrize("error", [IntegrityError("duplicate"), ValueError("bug")])
def test_other_errors_are_left_alone(error):
    assert middleware().process_exception(HttpRequest(), error) is None


def test_losing_the_redis_cache_also_becomes_a_503():
    from redis.exceptions import ConnectionError as RedisConnectionError

    request = RequestFactory().get("/api/v1/articles/")
    response = middleware().process_exception(request, RedisConnectionError("refused"))
    assert response.status_code == 503


@pytest.mark.django_db
def test_the_api_keeps_serving_when_the_redis_cache_is_unreachable(client, settings):
    # The rate limit counts per process meanwhile (frontend_api.api.throttling).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/api/v1/articles/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
