"""/healthz says the process is up; /readyz says the database and the cache answer."""

import pytest
from django.db import OperationalError

from cms import health


def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: pytest-django raises on any database access in this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_is_never_cached(client):
    assert "no-cache" in client.get("/healthz")["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_readyz_answers_503_in_json_when_the_database_is_unreachable(client, monkeypatch):
    class UnreachableCursor:
        def __enter__(self):
            raise OperationalError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: UnreachableCursor())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "cache": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_degraded_not_503_when_the_cache_is_unreachable(client, settings):
    # Nothing listens on port 9 (discard): the Redis client fails to connect.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"] == {"database": "ok", "cache": "unavailable"}
    assert "per process" in response.json()["warnings"][0]


def test_probes_refuse_writes(client):
    assert client.post("/healthz").status_code == 405


def test_readyz_names_the_recompose_command_when_public_base_url_changed(
    client, settings, published_article
):
    settings.FRONTEND_API = {**settings.FRONTEND_API, "PUBLIC_BASE_URL": "https://moved.test"}
    body = client.get("/readyz").json()
    assert body["status"] == "degraded"
    assert "backfill_published_articles --recompose" in body["warnings"][0]
    assert "https://moved.test/" in body["warnings"][0]


def test_migrate_warns_when_stored_articles_use_another_public_base_url(
    settings, published_article
):
    from django.core import checks

    settings.FRONTEND_API = {**settings.FRONTEND_API, "PUBLIC_BASE_URL": "https://moved.test"}
    found = checks.run_checks(databases=["default"], include_deployment_checks=False)
    warning = next(message for message in found if message.id == "frontend_api.W003")
    assert "backfill_published_articles --recompose" in warning.msg


def test_readyz_and_the_check_are_quiet_when_the_origin_is_unchanged(client, published_article):
    from django.core import checks

    assert client.get("/readyz").json()["status"] == "ok"
    found = checks.run_checks(databases=["default"])
    assert "frontend_api.W003" not in [message.id for message in found]


def test_migrate_warns_when_stored_articles_predate_the_credits(published_article):
    import orjson
    from django.core import checks

    from frontend_api.models import PublishedArticle

    row = PublishedArticle.objects.get(pk=published_article.pk)
    older = orjson.loads(bytes(row.detail))
    del older["reviewers"], older["authors"]  # a document stored before issue 20
    PublishedArticle.objects.filter(pk=row.pk).update(detail=orjson.dumps(older))
    found = checks.run_checks(databases=["default"], include_deployment_checks=False)
    warning = next(message for message in found if message.id == "frontend_api.W003")
    assert "reviewers, authors" in warning.msg
    assert "backfill_published_articles --recompose" in warning.msg


def test_migrate_warns_when_stored_articles_predate_locales(published_article):
    import orjson
    from django.core import checks

    from frontend_api.models import PublishedArticle

    row = PublishedArticle.objects.get(pk=published_article.pk)
    older = orjson.loads(bytes(row.detail))
    del older["locale"], older["translations"]  # a document stored before issue 21
    PublishedArticle.objects.filter(pk=row.pk).update(detail=orjson.dumps(older))
    found = checks.run_checks(databases=["default"], include_deployment_checks=False)
    warning = next(message for message in found if message.id == "frontend_api.W003")
    assert "locale, translations" in warning.msg
