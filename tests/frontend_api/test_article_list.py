"""GET /api/v1/articles/: fields, filters, search, ordering, paging and query counts."""

from datetime import date

import pytest

from bench.seeding import seed_articles
from tests.factories import TreatmentArticlePageFactory

LIST = "/api/v1/articles/"


def titles(response):
    return [item["title"] for item in response.json()["results"]]


def test_list_item_has_the_documented_fields(api, published_article):
    item = api.get(LIST).json()["results"][0]
    assert set(item) == {
        "id", "slug", "title", "summary", "url_path", "health_center", "last_updated",
        "last_reviewed", "next_review_due", "reviewed_by", "reviewers", "review_status",
        "locale", "translation_status",
    }  # fmt: skip
    assert item["url_path"] == f"/{published_article.get_parent().slug}/{published_article.slug}/"
    assert item["health_center"]["slug"] == published_article.get_parent().slug
    assert item["reviewed_by"]["name"].startswith("Dr Reviewer")
    assert item["reviewed_by"]["credentials"] == "MD, FACP"
    assert item["last_reviewed"] == published_article.last_reviewed.isoformat()


def test_list_never_shows_user_ids_emails_owner_or_lock_fields(api, published_article):
    text = api.get(LIST).content.decode()
    for forbidden in ("owner", "locked", "email", "@example.org", "user_id"):
        assert forbidden not in text


def test_list_leaves_out_drafts(api, published_article, health_center):
    TreatmentArticlePageFactory(parent=health_center, title="Only a draft")
    assert titles(api.get(LIST)) == [published_article.title]


def test_filter_by_health_center_slug(api, make_article, other_center):
    make_article(title="Back one")
    make_article(parent=other_center, title="Heart one")
    assert titles(api.get(LIST, {"health_center": "heart-health"})) == ["Heart one"]


def test_filter_by_unknown_health_center_gives_an_empty_list(api, published_article):
    assert api.get(LIST, {"health_center": "no-such-center"}).json()["results"] == []


def test_filter_updated_since(api, make_article_on):
    make_article_on(date(2025, 1, 1), title="Old")
    make_article_on(date(2026, 6, 1), title="New")
    assert titles(api.get(LIST, {"updated_since": "2026-01-01"})) == ["New"]


def test_filter_reviewed_since(api, make_article_on):
    make_article_on(date(2025, 1, 1), title="Old", reviewed=date(2025, 3, 1))
    make_article_on(date(2025, 1, 1), title="New", reviewed=date(2026, 6, 1))
    assert titles(api.get(LIST, {"reviewed_since": "2026-06-01"})) == ["New"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("title", ["Alpha", "Beta", "Gamma"]),
        ("-title", ["Gamma", "Beta", "Alpha"]),
        ("last_updated", ["Beta", "Gamma", "Alpha"]),
        ("-last_updated", ["Alpha", "Gamma", "Beta"]),
        ("last_reviewed", ["Gamma", "Alpha", "Beta"]),
        ("-last_reviewed", ["Beta", "Alpha", "Gamma"]),
    ],
)
def test_ordering_allow_list(api, make_article_on, ordering, expected):
    # Updated when the content changed, reviewed at each sign-off (never before the update).
    make_article_on(date(2026, 3, 1), title="Alpha")
    make_article_on(date(2026, 1, 1), title="Beta", reviewed=date(2026, 4, 1))
    make_article_on(date(2026, 2, 1), title="Gamma")
    assert titles(api.get(LIST, {"ordering": ordering})) == expected


def test_default_order_is_most_recently_updated_first(api, make_article_on):
    make_article_on(date(2026, 1, 1), title="Older")
    make_article_on(date(2026, 5, 1), title="Newer")
    assert titles(api.get(LIST)) == ["Newer", "Older"]


def test_search_goes_through_the_search_backend(api, make_article):
    make_article(title="Physical therapy for sciatica", condition="Sciatica")
    make_article(title="Heart failure medicines", condition="Heart failure")
    assert titles(api.get(LIST, {"search": "sciatica"})) == ["Physical therapy for sciatica"]


def test_search_never_finds_drafts(api, published_article, health_center):
    TreatmentArticlePageFactory(parent=health_center, title="Secret sciatica draft")
    assert api.get(LIST, {"search": "sciatica"}).json()["results"] == []


@pytest.mark.parametrize(
    "search", ['back "pain" (AND) OR* -neck ^~:', '"', '"unbalanced', "NEAR(a b)", "*", "a:b"]
)
def test_search_with_query_syntax_is_not_an_error(api, published_article, search):
    assert api.get(LIST, {"search": search}).status_code == 200


def test_search_matches_words_despite_punctuation(api, make_article):
    make_article(title="Sciatica care", condition="Sciatica")
    assert titles(api.get(LIST, {"search": '"sciatica'})) == ["Sciatica care"]


def test_search_without_any_word_finds_nothing(api, published_article):
    assert api.get(LIST, {"search": "?!"}).json()["results"] == []


def test_pages_link_to_each_other(api, make_article):
    for n in range(3):
        make_article(title=f"Article {n}")
    first = api.get(LIST, {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    assert "page=1" in second["previous"]


def test_default_page_size_is_20(api, make_article, settings):
    settings.FRONTEND_API = {"DEFAULT_PAGE_SIZE": 2}
    for n in range(3):
        make_article(title=f"Article {n}")
    assert api.get(LIST).json()["page_size"] == 2
    settings.FRONTEND_API = {}
    assert api.get(LIST).json()["page_size"] == 20


@pytest.mark.parametrize("count", [1, 20, 100])
def test_a_list_page_is_one_query_whatever_the_page_size(
    api, home, django_assert_num_queries, count
):
    # Signed off and stored in bulk, as a library is seeded (bench.seeding): the same store
    # rows a publish writes, without a workflow per article.
    seed_articles(count, batch_size=50)
    with django_assert_num_queries(1):
        response = api.get(LIST, {"page_size": count})
    assert len(response.json()["results"]) == count


def test_search_and_filtered_list_query_counts(
    api, make_article, django_assert_max_num_queries, django_assert_num_queries
):
    for n in range(5):
        make_article(title=f"Sciatica article {n}")
    with django_assert_max_num_queries(4):
        assert api.get(LIST, {"search": "sciatica"}).status_code == 200
    with django_assert_num_queries(1):
        params = {"health_center": "center-0", "updated_since": "2020-01-01", "ordering": "title"}
        assert api.get(LIST, params).status_code == 200
