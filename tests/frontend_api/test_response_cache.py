"""Whole responses kept per published-content generation: hits, 304s, and what moves it.

These tests commit (``transaction=True``), as production requests do: inside one test
transaction the cache stands aside, because the connection sees content no generation
describes yet (``test_uncommitted_changes_bypass_the_cache`` shows that rule).
"""

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction, Site

from frontend_api import generation
from frontend_api.response_cache import KeptResponse, LocalResponseCache, responses
from health_content.models import Disclaimer
from tests.factories import reviewer

from .conftest import get_article, new_draft, republish_and_refetch

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


detail = get_article


def moved_by(change) -> bool:
    before = generation.current()
    change()
    return generation.current() != before


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/{pk}/",
        "/api/v1/articles/find/?path=/back-pain/rest/",
        "/api/v1/articles/?page_size=20",
        "/api/v1/articles/?page_size=100",
        "/api/v1/articles/?search=rest",
        "/api/v1/articles/?health_center=back-pain",
        "/api/v1/articles/{pk}/history/",
        "/api/v1/health-centers/",
        "/api/v1/health-centers/back-pain/",
    ],
)
def test_a_repeated_request_is_one_query_and_the_same_bytes(
    api, make_article, health_center, url, django_assert_num_queries
):
    health_center.slug = "back-pain"
    health_center.save_revision().publish()
    article = make_article(slug="rest", title="Rest")
    url = url.format(pk=article.pk)
    first = api.get(url)
    assert first.status_code == 200, first.content[:300]
    with django_assert_num_queries(1):  # the generation
        again = api.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Type"):
        assert again.get(header) == first.get(header), header


def test_a_conditional_request_is_answered_from_the_kept_validators(
    api, published_article, django_assert_num_queries
):
    etag = detail(api, published_article)["ETag"]
    with django_assert_num_queries(1):
        response = detail(api, published_article, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "Content-Type" not in response
    assert detail(api, published_article, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_publish_is_visible_on_the_next_request(api, published_article):
    _, after = republish_and_refetch(api, published_article, "Freshly published title")
    assert after.status_code == 200
    assert after.json()["title"] == "Freshly published title"


def test_an_unpublish_is_visible_on_the_next_request(api, published_article):
    assert detail(api, published_article).status_code == 200
    listed = api.get("/api/v1/articles/").json()["results"]
    assert [item["id"] for item in listed] == [published_article.pk]
    published_article.unpublish()
    assert detail(api, published_article).status_code == 404
    assert api.get("/api/v1/articles/").json()["results"] == []


def test_a_draft_leaves_the_generation_and_the_response_alone(api, published_article):
    before = detail(api, published_article)
    assert not moved_by(lambda: new_draft(published_article, title="Draft title"))
    assert detail(api, published_article).content == before.content


def test_a_disclaimer_edit_is_visible_on_the_next_request(api, published_article):
    detail(api, published_article)
    disclaimer = (
        Disclaimer.objects.get(pk=published_article.disclaimer_id or 0)
        if (published_article.disclaimer_id)
        else Disclaimer.objects.get(is_site_default=True)
    )
    disclaimer.text = "<p>Talk to your own doctor first.</p>"
    disclaimer.save()
    assert "Talk to your own doctor first." in str(detail(api, published_article).json())


def test_errors_are_never_kept(api, published_article):
    assert api.get("/api/v1/articles/?page_size=0").status_code == 400
    assert api.get("/api/v1/articles/999999/").status_code == 404
    assert responses.size_bytes == 0


@pytest.mark.parametrize(
    "change",
    [
        "restriction",
        "site",
        "disclaimer deleted",
        "sign-off",
        "page moved",
        "page deleted",
    ],
)
def test_every_change_the_api_can_show_moves_the_generation(
    change, published_article, health_center, home
):
    def restrict():
        PageViewRestriction.objects.create(page=health_center, restriction_type="login")

    def rename_site():
        site = Site.objects.get(is_default_site=True)
        site.site_name = "Renamed"
        site.save()

    def delete_disclaimer():
        Disclaimer.objects.create(title="Spare", text="<p>Spare.</p>").delete()

    def sign_off():
        from review_workflow.decisions import sign_off_revision

        revision = new_draft(published_article, title="Signed but not published")
        sign_off_revision(revision=revision, reviewer=reviewer())

    def move():
        from tests.factories import HealthCenterPageFactory

        other = HealthCenterPageFactory(parent=home, title="Other", slug="other")
        before = generation.current()
        published_article.move(other, pos="last-child")
        assert generation.current() != before

    def delete():
        published_article.delete()

    actions = {
        "restriction": restrict,
        "site": rename_site,
        "disclaimer deleted": delete_disclaimer,
        "sign-off": sign_off,
        "page moved": move,
        "page deleted": delete,
    }
    assert moved_by(actions[change])


def test_a_rolled_back_change_moves_nothing(published_article):
    before = generation.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        Disclaimer.objects.create(title="Never", text="<p>Never.</p>")
        raise RuntimeError
    assert generation.current() == before


def test_the_generation_moves_only_when_the_transaction_commits(published_article):
    before = generation.current()
    with transaction.atomic():
        Disclaimer.objects.create(title="Later", text="<p>Later.</p>")
        assert generation.uncommitted_changes()
        assert generation.current() is None  # the cache stands aside meanwhile
    assert generation.current().number == before.number + 1


def test_uncommitted_changes_bypass_the_cache(api, published_article, health_center):
    assert detail(api, published_article).status_code == 200
    with transaction.atomic():
        PageViewRestriction.objects.create(page=health_center, restriction_type="login")
        # The same connection sees the restriction at once, as it would without a cache.
        assert detail(api, published_article).status_code == 404


def test_a_missing_generation_row_is_recreated_by_the_next_change(api, published_article):
    from frontend_api.models import ContentGeneration

    ContentGeneration.objects.all().delete()
    assert generation.current() is None
    assert detail(api, published_article).status_code == 200  # served, not cached
    assert responses.size_bytes == 0
    generation.advance()
    assert generation.current() is not None


def _kept(body: bytes) -> KeptResponse:
    return KeptResponse(body=body, headers=(), etag=None, last_modified=None, expires_at=1e18)


def test_the_local_cache_keeps_within_its_byte_budget_and_drops_the_oldest():
    cache = LocalResponseCache()
    for name in "abc":
        cache.put(1, name, _kept(b"x" * 40), budget=100)
    assert cache.size_bytes == 80
    assert cache.get(1, "a") is None
    assert cache.get(1, "c") is not None
    cache.put(1, "huge", _kept(b"x" * 101), budget=100)
    assert cache.get(1, "huge") is None


def test_the_local_cache_serves_one_generation_and_ignores_older_builds():
    cache = LocalResponseCache()
    cache.put(1, "a", _kept(b"one"), budget=100)
    cache.put(2, "b", _kept(b"two"), budget=100)
    assert cache.get(1, "a") is None  # a newer generation dropped everything older
    assert cache.get(2, "b").body == b"two"
    cache.put(1, "late", _kept(b"built before the move"), budget=100)
    assert cache.get(2, "late") is None


def test_expired_entries_are_not_served(settings, api, published_article):
    settings.FRONTEND_API = {**getattr(settings, "FRONTEND_API", {}), "RESPONSE_CACHE_TIMEOUT": 0}
    detail(api, published_article)
    assert responses.size_bytes > 0
    entry_key = next(iter(responses._entries))
    assert responses.get(generation.current(), entry_key) is None


def test_hosts_and_accept_headers_are_kept_apart(api, published_article):
    detail(api, published_article)
    detail(api, published_article, HTTP_ACCEPT="application/json")
    detail(api, published_article, HTTP_HOST="127.0.0.1")
    assert len(responses._entries) == 3


def test_the_layer_can_be_switched_off(settings, api, published_article):
    settings.FRONTEND_API = {**getattr(settings, "FRONTEND_API", {}), "RESPONSE_CACHE_BYTES": 0}
    detail(api, published_article)
    assert responses.size_bytes == 0


def test_kept_responses_still_count_against_the_rate_limit(settings, api, published_article):
    settings.FRONTEND_API = {**getattr(settings, "FRONTEND_API", {}), "THROTTLE_RATE": "3/minute"}
    statuses = [detail(api, published_article).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert detail(api, published_article)["Content-Type"].startswith("application/problem+json")


def test_preview_responses_are_never_kept(api, published_article):
    from .test_preview import CONTENT_TYPE, draft_preview

    token = draft_preview(published_article, title="Draft")
    for _ in range(2):
        response = api.get("/api/v1/preview/", {"content_type": CONTENT_TYPE, "token": token})
        assert response.status_code == 200
    assert responses.size_bytes == 0


def test_kept_responses_carry_the_view_headers_but_not_per_request_ones(api, published_article):
    first = detail(api, published_article)
    again = detail(api, published_article)
    assert again["Allow"] == first["Allow"]
    assert again["X-Request-ID"] != first["X-Request-ID"]


def test_a_publish_outside_a_transaction_moves_the_generation_after_its_review_dates(
    published_article, monkeypatch
):
    # Wagtail publishes in autocommit: the page row first, then page_published receivers
    # write the review dates. The last move must see those dates, or a worker could keep a
    # response built in between under the newest generation.
    from datetime import date

    from review_workflow.decisions import sign_off_revision

    model = type(published_article)
    model.objects.filter(pk=published_article.pk).update(last_reviewed=date(2020, 1, 1))
    seen = []
    real_advance = generation.advance

    def recording_advance():
        seen.append(
            model.objects.values_list("last_reviewed", flat=True).get(pk=published_article.pk)
        )
        real_advance()

    monkeypatch.setattr(generation, "advance", recording_advance)
    revision = new_draft(published_article, title="Published in autocommit")
    signer = reviewer()
    sign_off_revision(revision=revision, reviewer=signer)
    revision.publish(user=signer, skip_permission_checks=True)
    final = model.objects.get(pk=published_article.pk).last_reviewed
    assert final != date(2020, 1, 1)
    assert seen and seen[-1] == final


def test_a_restored_database_never_revives_responses_of_an_equal_counter():
    # A restore brings back an older row; the counter may climb back to a number this worker
    # kept responses for, but the time of the move differs, so nothing old is served.
    from datetime import datetime

    from frontend_api.generation import Generation

    cache = LocalResponseCache()
    before_restore = Generation(datetime(2026, 11, 27, 10, 0), 500)
    cache.put(before_restore, "a", _kept(b"old"), budget=100)
    restored = Generation(datetime(2026, 11, 20, 9, 0), 480)
    assert cache.get(restored, "a") is None
    cache.put(restored, "b", _kept(b"older than kept"), budget=100)  # ignored until a move
    assert cache.get(restored, "b") is None
    climbed_back = Generation(datetime(2026, 11, 27, 11, 0), 500)
    assert cache.get(climbed_back, "a") is None


def test_the_site_is_read_once_per_generation(api, published_article, django_assert_num_queries):
    assert detail(api, published_article).status_code == 200  # keeps the site
    path = detail(api, published_article).json()["url_path"]
    with django_assert_num_queries(2):  # the generation and the article: no site query
        found = api.get("/api/v1/articles/find/", {"path": path})
    assert found.status_code == 200
