"""The OpenAPI document: valid, limited to this API, every response described."""

import os
import subprocess
import sys
from pathlib import Path

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
    from frontend_api.api.openapi_blocks import BODY_BLOCKS
    from health_content.blocks import ArticleBodyBlock

    assert set(BODY_BLOCKS) == set(ArticleBodyBlock().child_blocks)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method} {path}", operation


def test_anonymous_operations_carry_no_security_requirement(schema):
    # security: [{}] makes generated clients demand an AuthenticatedClient.
    for name, operation in operations(schema):
        assert "security" not in operation, name


@pytest.mark.parametrize("status", ["301", "304", "400", "404", "405", "412", "429", "500", "503"])
def test_every_status_the_server_answers_is_documented(schema, status):
    for name, operation in operations(schema):
        response = operation["responses"][status]
        if status != "304":
            media = response["content"]["application/problem+json"]["schema"]
            assert media == {"$ref": "#/components/schemas/Problem"}, name


def test_nul_is_described_with_the_400_and_a_page_past_the_end_with_the_404(schema):
    operation = schema["paths"]["/api/v1/articles/"]["get"]
    assert "NUL" in operation["responses"]["400"]["description"]
    assert "past the last" not in operation["responses"]["400"]["description"]
    assert "past the last" in operation["responses"]["404"]["description"]
    page = next(p for p in operation["parameters"] if p["name"] == "page")
    assert "404" in page["description"] and "past the last" in page["description"]


def test_parameter_constraints_are_in_the_schema(schema):
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    }
    assert parameters["page_size"]["minimum"] == 1
    assert parameters["search"]["pattern"] == "^[^\\u0000]*$"
    assert parameters["updated_since"]["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    detail = schema["paths"]["/api/v1/articles/{id}/"]["get"]["parameters"][0]["schema"]
    assert (detail["minimum"], detail["maximum"]) == (1, 10**18 - 1)


def test_the_page_size_limit_in_the_schema_follows_the_setting(db, api, settings):
    settings.FRONTEND_API = {**settings.FRONTEND_API, "MAX_PAGE_SIZE": 50}
    schema = api.get("/api/v1/schema/").json()
    parameters = schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    assert [p["schema"]["maximum"] for p in parameters if p["name"] == "page_size"] == [50]


def test_a_never_saved_page_previews_with_a_null_id_the_schema_allows(api, published_article):
    from openapi_schema_validator import OAS31Validator

    from .test_preview import preview, unsaved_draft

    token = unsaved_draft(published_article.get_parent(), "New page").create_page_preview().token
    data = preview(api, token).json()
    assert data["id"] is None
    schema = api.get("/api/v1/schema/").json()
    preview_schema = {
        **schema["components"]["schemas"]["Preview"],
        "components": schema["components"],
    }
    OAS31Validator(preview_schema).validate(data)


def test_body_blocks_are_open_to_new_types(schema):
    body = schema["components"]["schemas"]["BodyBlock"]
    assert "oneOf" not in body and "discriminator" not in body
    assert body["anyOf"][-1] == {"$ref": "#/components/schemas/OtherBlock"}
    assert schema["components"]["schemas"]["OtherBlock"]["properties"]["type"] == {"type": "string"}


SERVE_SCHEMA = """
import sys, django
django.setup()
from django.test import Client
sys.stdout.buffer.write(Client().get("/api/v1/schema/").content)
"""


def test_a_host_that_configures_nothing_for_the_schema_serves_the_same_document(db, api):
    # The plugin's OpenAPI settings live in the plugin: a host copies none of them.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.frontend_api.bare_host_settings",
        "DATABASE_URL": "sqlite://:memory:",  # building the document reads no table
    }
    served = subprocess.run(
        [sys.executable, "-c", SERVE_SCHEMA],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        timeout=300,
        check=True,
    )
    assert served.stdout == api.get("/api/v1/schema/").content
