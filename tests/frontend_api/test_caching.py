"""ETag/Last-Modified and 304s over stored documents, which reading never renders."""

import pytest
from django.utils.http import http_date

from health_content.models import Disclaimer
from tests.factories import red_flags, treatment_tier

from .conftest import get_article, new_draft, republish_and_refetch


@pytest.fixture
def render_calls(monkeypatch):
    """Count calls of the real render function (it still runs)."""
    from health_content import rendering

    calls = []
    real = rendering.render_article

    def counting(page):
        calls.append(page.pk)
        return real(page)

    monkeypatch.setattr(rendering, "render_article", counting)
    return calls


get = get_article


def test_every_published_response_has_validators_and_cache_policy(api, published_article):
    published_article.get_parent().specific.save_revision().publish()
    for url in (
        "/api/v1/articles/",
        f"/api/v1/articles/{published_article.pk}/",
        f"/api/v1/articles/{published_article.pk}/history/",
        "/api/v1/health-centers/",
    ):
        response = api.get(url)
        assert response["ETag"].startswith('"')
        assert response["Cache-Control"] == "public, max-age=300"
        assert "Origin" in response["Vary"]


def test_only_a_stored_document_carries_a_last_modified_date(api, published_article, time_travel):
    # A list changes when an article is withdrawn, at no date a client could compare: it is
    # revalidated by its ETag alone. A stored document's date is sent once its second is over.
    time_travel(seconds=2)
    assert get(api, published_article)["Last-Modified"]
    assert "Last-Modified" not in api.get("/api/v1/articles/")
    assert "Last-Modified" not in api.get(f"/api/v1/articles/{published_article.pk}/history/")


def test_cache_max_age_is_configurable(api, published_article, settings):
    settings.FRONTEND_API = {"CACHE_MAX_AGE": 60}
    assert get(api, published_article)["Cache-Control"] == "public, max-age=60"


def test_matching_if_none_match_is_304_without_rendering(api, published_article, render_calls):
    etag = get(api, published_article)["ETag"]
    response = get(api, published_article, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert render_calls == []


def test_if_modified_since_is_304_when_nothing_changed(api, published_article, time_travel):
    time_travel(seconds=2)
    last_modified = get(api, published_article)["Last-Modified"]
    response = get(api, published_article, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_an_older_if_modified_since_gets_the_document(api, published_article):
    response = get(api, published_article, HTTP_IF_MODIFIED_SINCE=http_date(0))
    assert response.status_code == 200


def test_list_answers_304_for_its_etag(api, published_article):
    etag = api.get("/api/v1/articles/")["ETag"]
    assert api.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_reading_never_renders_an_article(api, published_article, render_calls):
    for _ in range(3):
        assert get(api, published_article).status_code == 200
        assert api.get("/api/v1/articles/").status_code == 200
    assert render_calls == []


def test_a_new_draft_keeps_the_etag(api, published_article):
    etag = get(api, published_article)["ETag"]
    new_draft(published_article, title="Draft title")
    assert get(api, published_article)["ETag"] == etag


def test_a_publish_changes_the_etag_and_is_visible_on_the_next_request(api, published_article):
    before, after = republish_and_refetch(api, published_article, "Freshly published title")
    assert after.status_code == 200
    assert after.json()["title"] == "Freshly published title"
    assert after["ETag"] != before["ETag"]


def test_a_disclaimer_change_changes_the_etag_and_text(api, published_article):
    before = get(api, published_article)
    disclaimer = Disclaimer.objects.order_by("pk").first() or Disclaimer.objects.create(
        title="Standard", text="Old words.", is_site_default=True
    )
    if before.json()["disclaimer"]["text"] != disclaimer.text:
        before = get(api, published_article)
    disclaimer.text = "New legal words."
    disclaimer.save()
    after = get(api, published_article)
    assert after["ETag"] != before["ETag"]
    assert after.json()["disclaimer"]["text"] == "New legal words."


def test_review_facts_written_on_the_page_row_change_nothing_served(api, published_article):
    from datetime import date

    before = get(api, published_article)
    type(published_article).objects.filter(pk=published_article.pk).update(
        next_review_due=date(2030, 1, 1)
    )
    after = get(api, published_article)
    assert after.content == before.content
    assert after["ETag"] == before["ETag"]


def test_unpublishing_a_related_article_changes_the_etag(api, make_article):
    related = make_article(title="Related")
    block = {"type": "related_articles", "value": {"heading": "See also", "articles": [related.pk]}}
    article = make_article(body=[treatment_tier(refs="1"), red_flags(), block])
    etag = get(api, article)["ETag"]
    related.unpublish()
    assert get(api, article, HTTP_IF_NONE_MATCH=etag).status_code == 200
