"""Every response under /api/ is problem+json, for every method: unknown paths 404, unsupported
methods 405 with Allow, OPTIONS 204 with Allow, never a CSRF page or a 500."""

import pytest
from django.test import Client

from .test_errors import PROBLEM, assert_problem

METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]


@pytest.fixture
def browser_like():
    """A client whose unsafe requests are CSRF-checked, as a real client's are."""
    return Client(enforce_csrf_checks=True)


def api_paths(article) -> list[str]:
    center = article.get_parent().slug
    return [
        "/api/v1/",
        "/api/v1/articles/",
        f"/api/v1/articles/{article.pk}/",
        f"/api/v1/articles/{article.pk}/history/",
        f"/api/v1/articles/find/?path=/{center}/{article.slug}/",
        "/api/v1/health-centers/",
        f"/api/v1/health-centers/{center}/",
        "/api/v1/preview/?content_type=health_content.treatmentarticlepage&token=x",
        "/api/v1/schema/",
        "/api/v1/docs/",
    ]


def test_no_method_on_any_api_path_gets_a_500_or_a_page(browser_like, published_article):
    for path in api_paths(published_article):
        for method in METHODS:
            response = browser_like.generic(method, path)
            assert response.status_code < 500, (method, path)
            if response.status_code >= 400:
                assert response["Content-Type"] == PROBLEM, (method, path)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_unsafe_methods_on_endpoints_are_405_with_allow(browser_like, published_article, method):
    for path in api_paths(published_article):
        response = browser_like.generic(method, path)
        assert_problem(response, 405)
        assert response["Allow"].startswith("GET"), path


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE", "PROPFIND"])
def test_unknown_api_paths_are_404_for_every_method(browser_like, db, method):
    for path in ("/api/v1/nothing/", "/api/v2/articles/", "/api/v1/articles/1/nothing/"):
        assert_problem(browser_like.generic(method, path), 404)


def test_options_answers_allow_without_a_body(browser_like, published_article):
    for path in api_paths(published_article):
        response = browser_like.options(path)
        assert response.status_code == 204, path
        assert response.content == b""
        assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


def test_a_refused_csrf_check_under_the_api_is_a_problem(rf):
    from frontend_api.api.problems import csrf_failure

    response = csrf_failure(rf.post("/api/v1/anything/"), reason="no token")
    assert (response.status_code, response["Content-Type"]) == (403, PROBLEM)
    assert csrf_failure(rf.post("/admin/login/"), reason="no token").status_code == 403


def test_the_api_root_lists_endpoints_schema_and_docs(api, published_article):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    links = response.json()
    assert links["articles"] == "https://cdn.test/api/v1/articles/"
    assert links["article"] == "https://cdn.test/api/v1/articles/{id}/"
    assert links["health_center"] == "https://cdn.test/api/v1/health-centers/{slug}/"
    assert links["schema"] == "https://cdn.test/api/v1/schema/"
    assert links["docs"] == "https://cdn.test/api/v1/docs/"
    for name in ("articles", "article_history", "health_centers", "schema", "docs"):
        url = links[name].removeprefix("https://cdn.test")
        url = url.replace("{id}", str(published_article.pk))
        assert api.get(url).status_code == 200, name
    assert response["ETag"]
