"""Bad input gets a 400 naming the problem, in one RFC 9457 shape; nothing gives a 500."""

import pytest

PROBLEM = "application/problem+json"


def assert_problem(response, status, parameter=None):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status
    if parameter is not None:
        assert parameter in [error["parameter"] for error in body["errors"]]
        assert parameter in body["detail"]
    return body


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("colour=red", "colour"),
        ("page=0", "page"),
        ("page=", "page"),
        ("updated_since=", "updated_since"),
        ("page=-3", "page"),
        ("page=abc", "page"),
        ("page=1&page=2", "page"),
        ("page_size=101", "page_size"),
        ("page_size=0", "page_size"),
        ("ordering=owner", "ordering"),
        ("ordering=-id", "ordering"),
        ("updated_since=2026-13-45", "updated_since"),
        ("reviewed_since=yesterday", "reviewed_since"),
        ("health_center=not%20a%20slug", "health_center"),
        ("search=back%00pain", "search"),
        ("search=" + "x" * 201, "search"),
        ("search=a&search=b", "search"),
    ],
)
def test_bad_list_parameters_are_400_naming_the_parameter(db, api, query, parameter):
    assert_problem(api.get(f"/api/v1/articles/?{query}"), 400, parameter)


def test_a_nul_in_a_parameter_name_is_400(db, api):
    assert_problem(api.get("/api/v1/articles/?a%00b=1"), 400)


def test_a_page_past_the_end_is_a_404_naming_page(api, published_article):
    assert_problem(api.get("/api/v1/articles/?page=2"), 404, "page")


def test_a_search_page_past_the_end_is_a_404_naming_page(api, published_article):
    assert_problem(api.get("/api/v1/articles/?search=pain&page=2"), 404, "page")


def test_a_page_beyond_the_paging_limit_is_a_404_naming_page(db, api):
    assert_problem(api.get("/api/v1/articles/?page=9999&page_size=100"), 404, "page")


def test_the_search_length_limit_is_configurable(db, api, settings):
    settings.FRONTEND_API = {"MAX_SEARCH_LENGTH": 5}
    assert_problem(api.get("/api/v1/articles/?search=sciatica"), 400, "search")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/1/?extra=1",
        "/api/v1/articles/find/",
        "/api/v1/articles/find/?path=no-leading-slash",
        "/api/v1/articles/find/?path=/a/b/&path=/c/d/",
        "/api/v1/health-centers/?page=1",
        "/api/v1/preview/?token=abc",
    ],
)
def test_other_endpoints_refuse_bad_parameters(db, api, url):
    assert_problem(api.get(url), 400)


@pytest.mark.parametrize("url", ["/api/", "/api/v1/nothing/", "/api/v2/articles/"])
def test_unknown_api_urls_are_json_404(db, api, url):
    assert_problem(api.get(url), 404)


def test_writes_are_405_in_the_error_shape(db, api):
    assert_problem(api.post("/api/v1/articles/"), 405)


def test_html_is_never_served_even_when_asked_for(db, api):
    response = api.get("/api/v1/articles/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/json"


def test_session_and_basic_auth_are_ignored(db, api, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    api.force_login(admin)
    response = api.get("/api/v1/articles/", HTTP_AUTHORIZATION="Basic Ym9zczpwdw==")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


def test_anonymous_clients_are_throttled_with_retry_after(db, api, settings):
    settings.FRONTEND_API = {"THROTTLE_RATE": "2/minute"}
    assert api.get("/api/v1/health-centers/").status_code == 200
    assert api.get("/api/v1/health-centers/").status_code == 200
    response = api.get("/api/v1/health-centers/")
    assert_problem(response, 429)
    assert int(response["Retry-After"]) > 0


def test_cors_allows_only_configured_origins_without_credentials(db, api, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example"]
    allowed = api.get("/api/v1/health-centers/", HTTP_ORIGIN="https://front.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://front.example"
    assert "Access-Control-Allow-Credentials" not in allowed
    other = api.get("/api/v1/health-centers/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other


def test_an_unexpected_error_under_api_is_a_json_500(rf):
    from frontend_api.api.problems import handler500

    response = handler500(rf.get("/api/v1/articles/"))
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM


def test_pages_outside_api_keep_django_html_404(db, api):
    response = api.get("/definitely/not/here/")
    assert response.status_code == 404
    assert "json" not in response["Content-Type"]


def test_a_host_that_is_not_allowed_gets_a_json_400(db, api, settings):
    settings.ALLOWED_HOSTS = ["cms.example"]
    response = api.get("/api/v1/articles/", HTTP_HOST="evil.example")
    assert_problem(response, 400)


def test_a_host_that_is_not_allowed_outside_the_api_keeps_django_html(db, api, settings):
    settings.ALLOWED_HOSTS = ["cms.example"]
    response = api.get("/admin/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "json" not in response["Content-Type"]
