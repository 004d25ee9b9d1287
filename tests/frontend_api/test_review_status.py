"""Review status moves with time alone, in every endpoint, with its validators; overdue
articles follow the site's policy (flag, noindex, withdraw)."""

import pytest
from django.utils import timezone

from tests.factories import signed_off_article

from .conftest import get_article


@pytest.fixture
def article(health_center):
    return signed_off_article(parent=health_center, title="Sciatica relief")


def days_until_due(article) -> int:
    return (article.next_review_due - timezone.now().date()).days


def travel_to_status(time_travel, article, status: str) -> None:
    offsets = {"current": 0, "due_soon": days_until_due(article) - 10, "overdue": 0}
    offsets["overdue"] = days_until_due(article) + 1
    if offsets[status]:
        time_travel(days=offsets[status])


def urls(article) -> dict[str, str]:
    center = article.get_parent().slug
    return {
        "detail": f"/api/v1/articles/{article.pk}/",
        "find": f"/api/v1/articles/find/?path=/{center}/{article.slug}/",
        "history": f"/api/v1/articles/{article.pk}/history/",
        "list": "/api/v1/articles/",
        "search": "/api/v1/articles/?search=sciatica",
    }


def status_in(response, endpoint: str) -> str:
    data = response.json()
    return (
        data["results"][0]["review_status"]
        if endpoint in ("list", "search")
        else (data["review_status"])
    )


@pytest.mark.parametrize("endpoint", ["detail", "find", "history", "list", "search"])
@pytest.mark.parametrize("status", ["current", "due_soon", "overdue"])
def test_every_endpoint_says_the_review_status_of_today(
    api, article, time_travel, endpoint, status
):
    travel_to_status(time_travel, article, status)
    assert status_in(api.get(urls(article)[endpoint]), endpoint) == status


def test_the_etag_and_last_modified_move_when_the_status_does(api, article, time_travel):
    time_travel(seconds=2)  # a Last-Modified is sent once the second of the change is over
    before = get_article(api, article)
    travel_to_status(time_travel, article, "due_soon")
    after = get_article(api, article, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] != before["Last-Modified"]
    stale = get_article(api, article, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert stale.status_code == 200


def test_the_list_is_filtered_by_review_status(api, health_center, article, time_travel):
    travel_to_status(time_travel, article, "due_soon")
    fresh = signed_off_article(parent=health_center, title="Reviewed today")
    titles = lambda status: [  # noqa: E731
        item["title"]
        for item in api.get("/api/v1/articles/", {"review_status": status}).json()["results"]
    ]
    assert titles("due_soon") == ["Sciatica relief"]
    assert titles("current") == [fresh.title]
    assert titles("overdue") == []


def test_an_unknown_review_status_is_a_400(api, article):
    response = api.get("/api/v1/articles/", {"review_status": "stale"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "review_status"


def beyond_grace(time_travel, article, settings, policy: str) -> None:
    settings.REVIEW_WORKFLOW = {
        **getattr(settings, "REVIEW_WORKFLOW", {}),
        "OVERDUE_POLICY": policy,
    }
    time_travel(days=days_until_due(article) + 31)


def test_flag_serves_an_article_overdue_beyond_grace_as_overdue(
    api, article, time_travel, settings
):
    beyond_grace(time_travel, article, settings, "flag")
    response = get_article(api, article)
    assert response.json()["review_status"] == "overdue"
    assert "lastReviewed" in response.json()["json_ld"]
    assert "X-Robots-Tag" not in response


def test_noindex_serves_it_without_a_review_claim_and_asks_not_to_be_indexed(
    api, article, time_travel, settings
):
    beyond_grace(time_travel, article, settings, "noindex")
    response = get_article(api, article)
    assert response["X-Robots-Tag"] == "noindex"
    assert "lastReviewed" not in response.json()["json_ld"]
    assert "reviewedBy" not in response.json()["json_ld"]
    assert response.json()["review_status"] == "overdue"


def test_noindex_leaves_an_article_within_its_grace_alone(api, article, time_travel, settings):
    settings.REVIEW_WORKFLOW = {
        **getattr(settings, "REVIEW_WORKFLOW", {}),
        "OVERDUE_POLICY": "noindex",
    }
    time_travel(days=days_until_due(article) + 5)
    assert "X-Robots-Tag" not in get_article(api, article)


def test_withdraw_stops_serving_it_everywhere(api, article, time_travel, settings):
    beyond_grace(time_travel, article, settings, "withdraw")
    for endpoint, url in urls(article).items():
        response = api.get(url)
        if endpoint in ("list", "search"):
            assert response.json()["results"] == [], endpoint
        else:
            assert response.status_code == 404, endpoint
