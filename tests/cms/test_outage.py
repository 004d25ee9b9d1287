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


def test_an_admin_request_gets_an_admin_page_not_json(admin_user):
    # "database is locked" (SQLite) while an editor submits: an admin HTML page says what to do.
    request = RequestFactory().post(
        "/admin/pages/3/edit/", HTTP_REFERER="http://testserver/admin/pages/3/edit/"
    )
    request.user = admin_user
    response = middleware().process_exception(request, OperationalError("database is locked"))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Not saved: try again" in html
    assert "busy with another change" in html
    assert 'href="http://testserver/admin/pages/3/edit/"' in html
    assert "wagtailadmin" in html  # the admin's own styles


def test_the_admin_page_links_back_only_to_this_site(admin_user):
    request = RequestFactory().get("/admin/", HTTP_REFERER="https://elsewhere.example/x")
    request.user = admin_user
    response = middleware().process_exception(request, OperationalError("gone"))
    assert "elsewhere.example" not in response.content.decode()
    assert 'href="/admin/"' in response.content.decode()


def test_without_a_database_the_admin_page_is_plain_html_with_the_way_back(admin_user, monkeypatch):
    def no_database(*args, **kwargs):
        raise OperationalError("the connection is closed")

    monkeypatch.setattr("cms.outage.render_to_string", no_database)
    request = RequestFactory().get("/admin/", HTTP_REFERER="http://testserver/admin/pages/")
    request.user = admin_user
    response = middleware().process_exception(request, OperationalError("server closed"))
    html = response.content.decode()
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert "could not be reached" in html and 'href="http://testserver/admin/pages/"' in html


def test_an_api_request_keeps_the_problem_shape_during_a_locked_database():
    request = RequestFactory().get("/api/v1/articles/")
    response = middleware().process_exception(request, OperationalError("database is locked"))
    assert response["Content-Type"] == "application/problem+json"


def test_sqlite_connections_use_wal_and_wait_for_a_busy_database(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's options")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == options["timeout"] * 1000
