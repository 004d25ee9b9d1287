"""Edges of the HTTP contract a browser front end on another origin meets: CORS exposes the
validators and Retry-After and lets preflights send conditional headers; the schema and docs
revalidate like every other document; an OPTIONS 204 has no body type."""

import pytest
from django.test import Client

FRONT_END = "https://front.example"


@pytest.fixture
def cross_origin(settings):
    """A client whose requests come from a front end in ``FRONTEND_ORIGINS``."""
    settings.FRONTEND_ORIGINS = settings.CORS_ALLOWED_ORIGINS = [FRONT_END]
    return Client(HTTP_ORIGIN=FRONT_END)


def header_names(value: str) -> set[str]:
    return {name.strip().lower() for name in value.split(",")}


def test_cors_exposes_the_validators_and_retry_after(cross_origin, published_article):
    response = cross_origin.get(f"/api/v1/articles/{published_article.pk}/")
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    exposed = header_names(response["Access-Control-Expose-Headers"])
    assert {"etag", "last-modified", "retry-after"} <= exposed


def test_a_preflight_allows_if_none_match_and_if_match(cross_origin, db):
    response = cross_origin.options(
        "/api/v1/articles/",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-match",
    )
    assert response["Access-Control-Allow-Origin"] == FRONT_END
    allowed = header_names(response["Access-Control-Allow-Headers"])
    assert {"if-none-match", "if-match"} <= allowed


@pytest.mark.parametrize("path", ["/api/v1/schema/", "/api/v1/docs/"])
def test_the_schema_and_docs_send_validators_and_answer_if_none_match_with_304(db, path):
    client = Client()
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Cache-Control"].startswith("public, max-age=")
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert "Content-Type" not in again


def test_the_schema_answers_a_failed_if_match_with_a_412_problem(db):
    response = Client().get("/api/v1/schema/", HTTP_IF_MATCH='"not-the-schema"')
    assert response.status_code == 412
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/articles/", "/api/v1/schema/", "/api/v1/docs/"]
)
def test_an_options_204_carries_no_content_type(db, path):
    response = Client().options(path)
    assert response.status_code == 204
    assert "Content-Type" not in response
