"""The bench-only endpoints: Wagtail's API v2 with the article fields, and the ceiling."""

import pytest

from bench import ceiling
from bench.scenarios import V2_DETAIL_FIELDS, V2_LIST_FIELDS

pytestmark = pytest.mark.urls("bench.urls")


@pytest.fixture(autouse=True)
def fresh_ceiling():
    ceiling._captured.clear()
    yield
    ceiling._captured.clear()


def test_wagtail_v2_serves_the_article_fields_our_detail_returns(client, published_article):
    response = client.get(f"/api/v2/pages/{published_article.pk}/", {"fields": V2_DETAIL_FIELDS})
    assert response.status_code == 200
    data = response.json()
    assert set(V2_DETAIL_FIELDS.split(",")) <= set(data)
    assert data["body"][0]["type"] == "treatment_tier"


def test_wagtail_v2_lists_articles_with_the_list_fields_and_page_size(
    client, settings, published_article
):
    settings.WAGTAILAPI_LIMIT_MAX = 100  # as the bench settings set it
    response = client.get(
        "/api/v2/pages/",
        {"type": "health_content.TreatmentArticlePage", "fields": V2_LIST_FIELDS, "limit": 100},
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert set(V2_LIST_FIELDS.split(",")) <= set(item)


def test_the_ceiling_serves_the_captured_bytes_of_the_target(client, published_article):
    target = f"/api/v2/pages/{published_article.pk}/"
    direct = client.get(target)
    served = client.get(f"/bench/ceiling{target}")
    assert served.status_code == 200
    assert served.content == direct.content


def test_the_ceiling_keeps_serving_the_first_capture(client, published_article):
    target = f"/api/v2/pages/{published_article.pk}/"
    first = client.get(f"/bench/ceiling{target}").content
    published_article.title = "Changed after the capture"
    published_article.save_revision()  # a draft: the served bytes stay as captured
    assert client.get(f"/bench/ceiling{target}").content == first
    assert list(ceiling._captured) == [target]


def test_the_ceiling_answers_a_matching_if_none_match_with_304(client):
    ceiling._captured["/api/v1/example/"] = ceiling.CapturedResponse(
        status=200, body=b"{}", content_type="application/json", etag='"abc"', cache_control=None
    )
    response = client.get("/bench/ceiling/api/v1/example/", headers={"If-None-Match": '"abc"'})
    assert response.status_code == 304
    assert response["ETag"] == '"abc"'
