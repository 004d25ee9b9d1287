"""GET /api/v1/articles/?search=: what readers expect of search, over served documents only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from frontend_api.models import PublishedArticle, SearchEntry, SearchTerm, SynonymGroup
from health_content.models import TreatmentArticlePage
from tests.factories import (
    HealthCenterPageFactory,
    HealthHomePageFactory,
    TreatmentArticlePageFactory,
    red_flags,
    signed_off_article,
    treatment_tier,
)

from .conftest import new_draft, republish

LIST = "/api/v1/articles/"


def section(heading: str, text: str) -> list[dict]:
    """A body with the parts review requires and one section of our own."""
    own = {"type": "section", "value": {"heading": heading, "text": f"<p>{text}</p>"}}
    return [treatment_tier(heading="First steps", refs="1"), red_flags(), own]


def search(api, query: str, **params):
    response = api.get(LIST, {"search": query, **params})
    assert response.status_code == 200, response.content
    return response.json()


def titles(body) -> list[str]:
    return [item["title"] for item in body["results"]]


@pytest.fixture
def library(make_article, other_center):
    """A small library: back pain articles and a heart article in another center."""
    return {
        "physio": make_article(
            title="Physiotherapy for low back pain",
            condition="Low back pain",
            summary="Exercises a physiotherapist teaches.",
            body=section("Stretching", "Gentle stretching helps the lower back recover."),
        ),
        "neck": make_article(
            title="Neck pain relief",
            condition="Neck pain",
            summary="What helps a stiff neck.",
            body=section("Posture", "Pain in the neck often comes from posture."),
        ),
        "heart": make_article(
            parent=other_center,
            title="Heart failure medicines",
            condition="Heart failure",
            summary="Medicines that help the heart pump.",
            body=section("Diuretics", "Water tablets ease breathlessness from heart failure."),
        ),
    }


def test_a_word_finds_the_articles_that_contain_it(api, library):
    assert titles(search(api, "stretching")) == ["Physiotherapy for low back pain"]


def test_the_last_word_matches_as_a_prefix(api, library):
    assert titles(search(api, "physio")) == ["Physiotherapy for low back pain"]


def test_a_title_match_ranks_above_a_body_match(api, make_article):
    make_article(title="Living well", condition="Wellbeing", summary="Everyday habits.",
                 body=section("Sleep", "Insomnia is common."))  # fmt: skip
    make_article(title="Insomnia treatments", condition="Sleep", summary="What helps.",
                 body=section("Habits", "Regular hours."))  # fmt: skip
    assert titles(search(api, "insomnia")) == ["Insomnia treatments", "Living well"]


def test_a_quoted_phrase_needs_its_words_together(api, make_article):
    make_article(title="Heart failure", condition="Heart failure", summary="Weak pump.")
    make_article(title="Kidney failure and the heart", condition="Kidneys", summary="Filters.")
    assert titles(search(api, '"heart failure"')) == ["Heart failure"]
    assert len(search(api, "heart failure")["results"]) == 2


def test_a_minus_word_leaves_out_articles_with_it(api, library):
    assert titles(search(api, "pain -neck")) == ["Physiotherapy for low back pain"]


def test_or_finds_either_word(api, library):
    found = set(titles(search(api, "stretching or diuretics")))
    assert found == {"Physiotherapy for low back pain", "Heart failure medicines"}


def test_each_result_has_an_excerpt_with_the_matched_words_marked(api, library):
    [item] = search(api, "breathlessness")["results"]
    assert "<mark>breathlessness</mark>" in item["excerpt"]
    assert item["title"] == "Heart failure medicines"


def test_an_excerpt_is_escaped_text_with_mark_tags_only(api, make_article):
    hostile = "Keep &lt;b&gt; 4 &lt; glucose &lt; 7 &lt;script&gt;x&lt;/script&gt; a day."
    make_article(title="Blood sugar", condition="Diabetes", summary="Targets.",
                 body=section("Numbers", hostile))  # fmt: skip
    [item] = search(api, "glucose")["results"]
    assert "<mark>glucose</mark>" in item["excerpt"] and "&lt;" in item["excerpt"]
    assert "<script>" not in item["excerpt"]
    assert item["excerpt"].replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_results_filter_by_health_center_and_count_per_center(api, library):
    body = search(api, "pain", health_center="heart-health")
    assert titles(body) == []
    body = search(api, "pain or heart")
    counts = {c["slug"]: c["count"] for c in body["search"]["facets"]["health_center"]}
    center = library["physio"].get_parent().slug
    assert counts == {center: 2, "heart-health": 1}
    assert body["search"]["count"] == 3
    filtered = search(api, "pain or heart", health_center="heart-health")
    assert titles(filtered) == ["Heart failure medicines"]
    assert filtered["search"]["count"] == 1
    # The counts still show every center, so a front end can offer the others.
    assert filtered["search"]["facets"] == body["search"]["facets"]


def test_results_filter_by_review_status(api, library, time_travel):
    assert len(search(api, "pain", review_status="current")["results"]) == 2
    assert search(api, "pain", review_status="overdue")["results"] == []
    time_travel(days=800)
    assert len(search(api, "pain", review_status="overdue")["results"]) == 2


def test_results_carry_their_review_status(api, library):
    [item] = search(api, "diuretics")["results"]
    assert item["review_status"] == "current"


def test_a_synonym_group_finds_the_other_words(api, library):
    assert search(api, "lumbago")["results"] == []
    SynonymGroup.objects.create(terms="lumbago, low back pain")
    assert titles(search(api, "lumbago")) == ["Physiotherapy for low back pain"]


def test_a_synonym_phrase_typed_as_words_finds_the_single_word(api, make_article):
    make_article(title="Sciatica care", condition="Sciatica", summary="Leg pain from a nerve.")
    SynonymGroup.objects.create(terms="sciatica, trapped nerve")
    assert titles(search(api, "trapped nerve")) == ["Sciatica care"]


def test_a_typo_is_corrected_and_searched_instead_marked_as_such(api, library):
    body = search(api, "physiotherpy")
    assert titles(body) == ["Physiotherapy for low back pain"]
    assert body["search"]["suggestion"] == {"query": "physiotherapy", "searched": True}


def test_a_typo_among_good_words_is_corrected_alone(api, library):
    body = search(api, "heart diuretcs")
    assert body["search"]["suggestion"]["query"] == "heart diuretics"
    assert titles(body) == ["Heart failure medicines"]


def test_a_query_that_finds_enough_has_no_suggestion(api, library):
    assert search(api, "pain")["search"]["suggestion"] is None


def test_nonsense_finds_nothing_and_suggests_nothing(api, library):
    body = search(api, "qqqxxzz")
    assert body["results"] == [] and body["search"]["suggestion"] is None
    assert body["search"]["count"] == 0


def test_words_only_a_draft_holds_are_never_found_nor_suggested(api, published_article):
    new_draft(published_article, summary="Zygomycosis is rare.")
    TreatmentArticlePageFactory(parent=published_article.get_parent(), title="Onychomycosis")
    assert search(api, "zygomycosis")["results"] == []
    assert search(api, "zygomycosys")["search"]["suggestion"] is None
    assert search(api, "onychomycosis")["results"] == []
    assert not SearchTerm.objects.filter(term__in=["zygomycosis", "onychomycosis"]).exists()


def test_a_live_page_without_a_sign_off_is_never_found(api, health_center):
    article = TreatmentArticlePageFactory(parent=health_center, title="Unsigned bursitis")
    TreatmentArticlePage.objects.filter(pk=article.pk).update(
        live=True, live_revision=article.latest_revision
    )
    assert search(api, "bursitis")["results"] == []
    assert search(api, "bursitos")["search"]["suggestion"] is None


def test_an_unpublished_article_is_never_found_nor_suggested(api, make_article):
    article = make_article(title="Tendinopathy exercises")
    assert titles(search(api, "tendinopathy")) == ["Tendinopathy exercises"]
    article.unpublish()
    assert search(api, "tendinopathy")["results"] == []
    assert search(api, "tendinopaty")["search"]["suggestion"] is None
    assert not SearchEntry.objects.filter(pk=article.pk).exists()


def test_an_expired_article_is_never_found_nor_suggested(api, make_article, time_travel):
    article = make_article(title="Plantar fasciitis stretches")
    republish(article, expire_at=timezone.now() + timedelta(hours=1))
    assert titles(search(api, "fasciitis")) == ["Plantar fasciitis stretches"]
    time_travel(hours=2)
    body = search(api, "fasciitis")
    assert body["results"] == [] and body["search"]["count"] == 0
    assert search(api, "fascitis")["search"]["suggestion"] is None


def test_a_view_restricted_article_is_never_found_nor_suggested(api, make_article):
    article = make_article(title="Bunion surgery")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert search(api, "bunion")["results"] == []
    assert search(api, "bunoin")["search"]["suggestion"] is None


def test_another_sites_articles_are_never_found_nor_suggested(api, published_article):
    other_home = HealthHomePageFactory(parent=Page.get_first_root_node(), title="Other home")
    Site.objects.create(hostname="other.example", root_page=other_home)
    center = HealthCenterPageFactory(parent=other_home)
    signed_off_article(parent=center, title="Chilblains care")
    assert search(api, "chilblains")["results"] == []
    assert search(api, "chilblans")["search"]["suggestion"] is None
    other = api.get(LIST, {"search": "chilblains"}, HTTP_HOST="other.example").json()
    assert titles(other) == ["Chilblains care"]


def test_a_republished_article_is_found_by_its_new_words_only(api, published_article):
    republish(published_article, title="Hydrotherapy pools")
    assert titles(search(api, "hydrotherapy")) == ["Hydrotherapy pools"]
    assert search(api, published_article.title)["results"] == []


def test_moving_a_center_updates_its_searchable_slug(api, library):
    center = library["physio"].get_parent().specific
    center.slug = "backs"
    center.save_revision().publish()
    assert titles(search(api, "stretching", health_center="backs")) == [
        "Physiotherapy for low back pain"
    ]


def test_every_stored_article_has_exactly_one_search_entry(library):
    stored = set(PublishedArticle.objects.values_list("pk", flat=True))
    assert set(SearchEntry.objects.values_list("pk", flat=True)) == stored


@pytest.mark.parametrize(
    "query",
    ['back "pain" (AND) OR* -neck ^~:', '"', '"unbalanced', "NEAR(a b)", "*", "a:b", "-",
     "or", "-pain", "pain or", "' | ! & <-> :*", "\\", "é ü", "ω*", "a" * 200, "x -y -z or"],
)  # fmt: skip
def test_query_syntax_never_breaks_search(api, library, query):
    assert api.get(LIST, {"search": query}).status_code == 200


def test_a_query_of_only_excluded_words_finds_nothing(api, library):
    assert search(api, "-neck")["results"] == []


def test_search_pages_through_results(api, make_article):
    for n in range(3):
        make_article(title=f"Gout diet {n}")
    first = search(api, "gout", page_size=2)
    assert len(first["results"]) == 2 and "page=2" in first["next"]
    assert len(api.get(first["next"]).json()["results"]) == 1


def test_search_ordering_overrides_relevance(api, make_article):
    for name in ("Gout b", "Gout a", "Gout c"):
        make_article(title=name)
    assert titles(search(api, "gout", ordering="title")) == ["Gout a", "Gout b", "Gout c"]
    assert titles(search(api, "gout", ordering="-title")) == ["Gout c", "Gout b", "Gout a"]


# Synonym groups, then counts per center and the page: one statement on PostgreSQL, two on SQLite.
SEARCH_QUERIES = 2 if connection.vendor == "postgresql" else 3


def test_a_search_that_finds_enough_is_two_or_three_queries(
    api, library, django_assert_num_queries
):
    with django_assert_num_queries(SEARCH_QUERIES):
        assert search(api, "pain or heart")["search"]["count"] == 3


def test_a_search_that_finds_little_checks_each_word_for_a_correction(
    api, library, django_assert_num_queries
):
    with django_assert_num_queries(SEARCH_QUERIES + 1):  # does "neck" find anything alone
        assert search(api, "neck")["search"]["count"] == 1
