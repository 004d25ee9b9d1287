"""The bench-only endpoints: Wagtail's API v2 with the article fields, and the ceiling."""

import pytest

from bench import ceiling
from bench.workloads import V2_DETAIL_FIELDS, V2_LIST_FIELDS, v2_list
from tests.factories import signed_off_article, signed_off_translation

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
    assert list(ceiling._captured) == [ceiling.kind(target)]


def test_the_ceiling_answers_every_url_of_a_kind_with_the_first_capture(client, health_center):
    first, second = (signed_off_article(parent=health_center) for _ in range(2))
    captured = client.get(f"/bench/ceiling/api/v1/articles/{first.pk}/")
    assert captured.status_code == 200
    # A walk over thousands of articles gets bytes of the right size without keeping each.
    assert client.get(f"/bench/ceiling/api/v1/articles/{second.pk}/").content == captured.content
    listed = client.get("/bench/ceiling/api/v1/articles/?page=1").content
    assert listed != captured.content  # a list is another kind, captured on its own
    one_item = client.get("/bench/ceiling/api/v1/articles/?page_size=1").content
    assert one_item != listed  # and a page size another
    assert len(ceiling._captured) == 3


def test_the_ceiling_answers_a_matching_if_none_match_with_304(client):
    ceiling._captured[ceiling.kind("/api/v1/example/")] = ceiling.CapturedResponse(
        status=200, body=b"{}", content_type="application/json", etag='"abc"', cache_control=None
    )
    response = client.get("/bench/ceiling/api/v1/example/", headers={"If-None-Match": '"abc"'})
    assert response.status_code == 304
    assert response["ETag"] == '"abc"'


def test_wagtail_v2_lists_only_the_default_locale_as_the_walks_ask_it(
    client, settings, published_article
):
    settings.WAGTAILAPI_LIMIT_MAX = 100
    translation = signed_off_translation(published_article)
    everything = client.get("/api/v2/pages/", {"type": "health_content.TreatmentArticlePage"})
    assert {item["id"] for item in everything.json()["items"]} == {
        published_article.pk,
        translation.pk,
    }
    asked = client.get(v2_list())
    assert [item["id"] for item in asked.json()["items"]] == [published_article.pk]
