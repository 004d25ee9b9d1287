"""Conditional requests by RFC 9110 on every endpoint: validators that move with the body,
If-Match/If-Unmodified-Since answered 412, and no Last-Modified that is not exact."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils.http import http_date

from tests.factories import red_flags, treatment_tier

from .conftest import get_article, new_draft
from .test_errors import assert_problem

T0 = datetime(2026, 11, 28, 10, 0, 0, 250_000, tzinfo=UTC)
LIST = "/api/v1/articles/"


@pytest.fixture
def frozen():
    """The clock stands still at T0 (several changes land in one second) until moved."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def related_block(*targets) -> dict:
    articles = [target.pk for target in targets]
    return {"type": "related_articles", "value": {"heading": "See also", "articles": articles}}


def test_a_list_whose_member_was_withdrawn_never_answers_304_to_a_date(api, make_article):
    kept, withdrawn = make_article(title="Kept"), make_article(title="Withdrawn")
    before = api.get(LIST)
    withdrawn.unpublish()
    after = api.get(LIST, HTTP_IF_MODIFIED_SINCE=http_date(datetime.now(UTC).timestamp() + 60))
    assert after.status_code == 200
    assert "Last-Modified" not in before and "Last-Modified" not in after
    assert [item["id"] for item in after.json()["results"]] == [kept.pk]
    assert api.get(LIST, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_a_detail_whose_related_link_disappears_in_the_same_second_is_not_304(
    api, frozen, make_article
):
    related = make_article(title="Related")
    article = make_article(body=[treatment_tier(refs="1"), red_flags(), related_block(related)])
    fetched_at = http_date(T0.timestamp())
    related.unpublish()
    response = get_article(api, article, HTTP_IF_MODIFIED_SINCE=fetched_at)
    assert response.status_code == 200
    assert response.json()["related"] == []


def test_last_modified_is_sent_once_its_second_is_over(api, frozen, published_article):
    assert "Last-Modified" not in get_article(api, published_article)
    frozen.shift(timedelta(seconds=1))
    last_modified = get_article(api, published_article)["Last-Modified"]
    assert last_modified == http_date(T0.timestamp())
    response = get_article(api, published_article, HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_a_disclaimer_change_in_the_same_second_is_not_hidden_by_a_date(
    api, frozen, published_article
):
    from health_content.models import Disclaimer

    disclaimer = Disclaimer.objects.order_by("pk").first()
    disclaimer.text = "New legal words."
    disclaimer.save()
    response = get_article(api, published_article, HTTP_IF_MODIFIED_SINCE=http_date(T0.timestamp()))
    assert response.status_code == 200


def test_last_modified_moves_when_the_noindex_policy_takes_the_review_claim_away(
    api, published_article, settings
):
    policy = {"OVERDUE_POLICY": "noindex", "OVERDUE_GRACE_DAYS": 7}
    settings.REVIEW_WORKFLOW = {**getattr(settings, "REVIEW_WORKFLOW", {}), **policy}
    due = published_article.next_review_due
    with time_machine.travel(datetime.combine(due + timedelta(days=3), T0.time(), UTC)):
        overdue = get_article(api, published_article)
        assert "lastReviewed" in overdue.json()["json_ld"]
    with time_machine.travel(datetime.combine(due + timedelta(days=9), T0.time(), UTC)):
        response = get_article(
            api, published_article, HTTP_IF_MODIFIED_SINCE=overdue["Last-Modified"]
        )
        assert response.status_code == 200
        assert "lastReviewed" not in response.json()["json_ld"]


def test_if_none_match_is_evaluated_before_if_modified_since(api, frozen, published_article):
    frozen.shift(timedelta(seconds=2))
    current = get_article(api, published_article)
    response = get_article(
        api,
        published_article,
        HTTP_IF_NONE_MATCH='"an-older-copy"',
        HTTP_IF_MODIFIED_SINCE=current["Last-Modified"],
    )
    assert response.status_code == 200


def test_a_weak_if_none_match_matches(api, published_article):
    etag = get_article(api, published_article)["ETag"]
    assert get_article(api, published_article, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304


def urls(article) -> list[str]:
    center = article.get_parent().slug
    return [
        f"/api/v1/articles/{article.pk}/",
        f"/api/v1/articles/find/?path=/{center}/{article.slug}/",
        f"/api/v1/articles/{article.pk}/history/",
        LIST,
        "/api/v1/health-centers/",
        f"/api/v1/health-centers/{center}/",
    ]


def test_a_failed_if_match_is_412_in_the_problem_shape_everywhere(api, published_article):
    for url in urls(published_article):
        response = api.get(url, HTTP_IF_MATCH='"not-the-current-one"')
        assert_problem(response, 412)
        assert response["ETag"] == api.get(url)["ETag"], url


def test_a_matching_if_match_or_a_star_serves_the_document(api, published_article):
    for url in urls(published_article):
        etag = api.get(url)["ETag"]
        assert api.get(url, HTTP_IF_MATCH=etag).status_code == 200, url
        assert api.get(url, HTTP_IF_MATCH=f'"other", {etag}').status_code == 200, url
        assert api.get(url, HTTP_IF_MATCH="*").status_code == 200, url


def test_if_match_compares_strongly(api, published_article):
    etag = get_article(api, published_article)["ETag"]
    assert get_article(api, published_article, HTTP_IF_MATCH=f"W/{etag}").status_code == 412


def test_if_unmodified_since_before_the_change_is_412(api, frozen, published_article):
    frozen.shift(timedelta(seconds=2))
    before = http_date((T0 - timedelta(days=1)).timestamp())
    assert_problem(get_article(api, published_article, HTTP_IF_UNMODIFIED_SINCE=before), 412)
    after = http_date((T0 + timedelta(seconds=1)).timestamp())
    assert get_article(api, published_article, HTTP_IF_UNMODIFIED_SINCE=after).status_code == 200


def test_the_epoch_is_a_date_like_any_other(api, frozen, published_article):
    frozen.shift(timedelta(seconds=2))
    response = get_article(api, published_article, HTTP_IF_UNMODIFIED_SINCE=http_date(0))
    assert_problem(response, 412)


def test_if_unmodified_since_is_ignored_where_there_is_no_date(api, published_article):
    # A list has no exact modification date: RFC 9110 says to ignore the header, not fail.
    yesterday = http_date((datetime.now(UTC) - timedelta(days=1)).timestamp())
    for url in urls(published_article)[2:]:
        assert api.get(url, HTTP_IF_UNMODIFIED_SINCE=yesterday).status_code == 200, url


def test_if_match_takes_precedence_over_if_unmodified_since(api, frozen, published_article):
    frozen.shift(timedelta(seconds=2))
    etag = get_article(api, published_article)["ETag"]
    response = get_article(
        api, published_article, HTTP_IF_MATCH=etag, HTTP_IF_UNMODIFIED_SINCE=http_date(0)
    )
    assert response.status_code == 200


def test_a_304_carries_the_validators_and_cache_policy(api, frozen, published_article):
    frozen.shift(timedelta(seconds=2))
    first = get_article(api, published_article)
    response = get_article(api, published_article, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304
    for header in ("ETag", "Last-Modified", "Cache-Control"):
        assert response[header] == first[header]
    assert "Origin" in response["Vary"]


def test_the_preview_answers_preconditions_and_stays_private(api, published_article):
    from .test_preview import draft_preview, preview

    token = draft_preview(published_article, title="Draft")
    url = "/api/v1/preview/"
    query = {"content_type": "health_content.treatmentarticlepage", "token": token}
    first = api.get(url, query)
    again = api.get(url, query, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "no-store"
    assert_problem(api.get(url, query, HTTP_IF_MATCH='"other"'), 412)
    assert preview(api, token).status_code == 200


def test_a_draft_keeps_the_validators(api, frozen, published_article):
    frozen.shift(timedelta(seconds=2))
    before = get_article(api, published_article)
    new_draft(published_article, title="Draft title")
    after = get_article(api, published_article, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert after.status_code == 304
