"""The OpenAPI document: valid, limited to this API, every response described."""

import pytest
from openapi_spec_validator import validate

PUBLIC_PATHS = {
    "/api/v1/",
    "/api/v1/articles/",
    "/api/v1/articles/{id}/",
    "/api/v1/articles/{id}/history/",
    "/api/v1/articles/find/",
    "/api/v1/health-centers/",
    "/api/v1/health-centers/{slug}/",
    "/api/v1/preview/",
}


@pytest.fixture
def schema(db, api):
    response = api.get("/api/v1/schema/")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi(schema):
    validate(schema)


def test_the_schema_documents_exactly_the_public_endpoints(schema):
    assert set(schema["paths"]) == PUBLIC_PATHS


def test_every_response_but_304_has_a_schema(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status == "304":
                    continue
                media = response.get("content", {})
                assert media, f"{method} {path} {status} has no content"
                for media_type, body in media.items():
                    assert "schema" in body, f"{method} {path} {status} {media_type}"


def test_errors_are_documented_as_problem_json(schema):
    responses = schema["paths"]["/api/v1/articles/"]["get"]["responses"]
    for status in ("400", "404", "429", "500"):
        assert list(responses[status]["content"]) == ["application/problem+json"]


def test_the_interactive_docs_are_served_without_a_cdn(db, api):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "unpkg" not in html and "jsdelivr" not in html


def test_every_body_block_type_is_documented():
    from frontend_api.openapi_blocks import BODY_BLOCKS
    from health_content.blocks import ArticleBodyBlock

    assert set(BODY_BLOCKS) == set(ArticleBodyBlock().child_blocks)
