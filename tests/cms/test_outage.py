"""Losing the database answers 503 in JSON, never a 500 page."""

import json

import pytest
from django.db import IntegrityError, OperationalError
from django.http import HttpRequest
from django.test import RequestFactory

from cms.outage import DatabaseOutageMiddleware

# The middleware drops unusable connections, which asks the database connection for its state.
pytestmark = pytest.mark.django_db


def middleware() -> DatabaseOutageMiddleware:
    return DatabaseOutageMiddleware(lambda request: None)


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
