"""One URL per document: other spellings answer 301 to the canonical URL or a 400, never a
second 200; hosts with impossible ports are refused; links are built on the public origin."""

import pytest

from .test_errors import PROBLEM, assert_problem

BASE = "https://cdn.test"


def assert_moved(response, location: str):
    assert response.status_code == 301
    assert response["Location"] == location
    assert response["Content-Type"] == PROBLEM
    assert response.json()["status"] == 301


@pytest.mark.parametrize("spelling", ["0{pk}", "000{pk}", "+{pk}", "%20{pk}", "{pk}%20"])
def test_other_spellings_of_an_id_move_to_the_canonical_url(api, published_article, spelling):
    pk = published_article.pk
    raw = spelling.format(pk=pk)
    assert_moved(api.get(f"/api/v1/articles/{raw}/"), f"{BASE}/api/v1/articles/{pk}/")
    assert_moved(
        api.get(f"/api/v1/articles/{raw}/history/?x=1"),
        f"{BASE}/api/v1/articles/{pk}/history/?x=1",
    )


@pytest.mark.parametrize("raw", ["000", "0000000000000000000001234567890123456789"])
def test_a_zero_or_too_long_id_is_not_found(db, api, raw):
    assert_problem(api.get(f"/api/v1/articles/{raw}/"), 404)


def test_a_percent_encoded_id_moves_to_the_plain_one(api, published_article):
    # The server hands the path on decoded; gunicorn and uvicorn also pass it as sent.
    pk = str(published_article.pk)
    encoded = "".join(f"%{ord(char):X}" for char in pk)
    response = api.get(f"/api/v1/articles/{pk}/", RAW_URI=f"/api/v1/articles/{encoded}/?a=b")
    assert_moved(response, f"{BASE}/api/v1/articles/{pk}/")
    plain = api.get(f"/api/v1/articles/{pk}/", RAW_URI=f"/api/v1/articles/{pk}/")
    assert plain.status_code == 200


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page_size=1_0", "page_size"),
        ("page_size=%D9%A5", "page_size"),
        ("page_size=010", "page_size"),
        ("page=1.0", "page"),
        ("page=%2B1", "page"),
        ("page=%201", "page"),
        ("page=%31", "page"),
        ("updated_since=20261105", "updated_since"),
        ("reviewed_since=2026-1-5", "reviewed_since"),
    ],
)
def test_numbers_and_dates_have_one_spelling(api, published_article, query, parameter):
    assert_problem(api.get(f"/api/v1/articles/?{query}"), 400, parameter)


def test_plain_numbers_and_dates_are_served(api, published_article):
    assert api.get("/api/v1/articles/?page=1&page_size=10").status_code == 200
    assert api.get("/api/v1/articles/?updated_since=2020-01-31").status_code == 200


@pytest.mark.parametrize("spelling", ["//{c}/{a}/", "/{c}/{a}", "/{c}//{a}/", "/{c}/{a}//"])
def test_find_paths_move_to_the_canonical_path(api, published_article, spelling):
    center, slug = published_article.get_parent().slug, published_article.slug
    response = api.get("/api/v1/articles/find/", {"path": spelling.format(c=center, a=slug)})
    assert_moved(response, f"{BASE}/api/v1/articles/find/?path=/{center}/{slug}/")
    assert api.get(response["Location"].removeprefix(BASE)).status_code == 200


@pytest.mark.parametrize("host", ["127.0.0.1:99999", "127.0.0.1:0", "localhost:65536"])
def test_a_host_with_an_impossible_port_is_refused(api, published_article, host):
    assert_problem(api.get("/api/v1/articles/", HTTP_HOST=host), 400)


def test_a_host_outside_the_allow_list_is_refused(api, published_article, settings):
    settings.ALLOWED_HOSTS = ["api.example"]
    assert_problem(api.get("/api/v1/articles/", HTTP_HOST="evil.example"), 400)
    assert api.get("/api/v1/articles/", HTTP_HOST="api.example").status_code == 200


def test_page_links_are_built_on_the_public_origin(api, make_article):
    make_article(title="One"), make_article(title="Two")
    response = api.get("/api/v1/articles/?page_size=1", HTTP_HOST="other.example:8443")
    data = response.json()
    assert data["next"] == f"{BASE}/api/v1/articles/?page_size=1&page=2"
    second = api.get(data["next"].removeprefix(BASE)).json()
    assert second["previous"] == f"{BASE}/api/v1/articles/?page_size=1&page=1"


def test_the_public_origin_falls_back_to_the_admin_base_url(api, make_article, settings):
    settings.FRONTEND_API = {}
    settings.WAGTAILADMIN_BASE_URL = "https://admin.example"
    make_article(title="One"), make_article(title="Two")
    data = api.get("/api/v1/articles/?page_size=1", HTTP_HOST="other.example").json()
    assert data["next"].startswith("https://admin.example/api/v1/articles/")
