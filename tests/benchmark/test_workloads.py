"""The workloads are URL lists as readers produce them: deterministic, each URL once."""

from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from bench import corpus, workloads
from bench.seeding import seed_articles
from frontend_api.models import PublishedArticle

COUNT = 45


@pytest.fixture
def seeded(db):
    seed_articles(COUNT, batch_size=10)


def _params(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def _all_walks(workload):
    return [w for w in (workload.ours, workload.wagtail, workload.ceiling) if w is not None]


def test_every_walk_requests_each_url_once(seeded):
    for workload in workloads.build_workloads():
        for walk in _all_walks(workload):
            assert max(Counter(walk.urls).values()) == 1, workload.name
            assert walk.warm_up not in walk.urls  # warming never pre-fetches a walked URL


def test_the_workloads_are_the_same_lists_in_the_same_order_each_time(seeded):
    first, second = workloads.build_workloads(), workloads.build_workloads()
    assert [w.name for w in first] == [w.name for w in second]
    for a, b in zip(first, second, strict=True):
        assert a.ours.urls == b.ours.urls and a.wagtail.urls == b.wagtail.urls


def test_cold_detail_requests_every_stored_article_once_in_shuffled_order(seeded):
    stored = sorted(PublishedArticle.objects.values_list("page_id", flat=True))
    workload = workloads.cold_detail(workloads.served_article_ids())
    ours = [int(url.split("/")[-2]) for url in workload.ours.urls]
    v2 = [int(urlsplit(url).path.split("/")[-2]) for url in workload.wagtail.urls]
    assert sorted(ours) == stored and len(stored) == COUNT
    assert ours == v2  # both APIs get the same articles in the same order
    assert ours != stored  # shuffled, not in id (and so tree) order
    assert workload.ceiling.urls == tuple(workloads.CEILING_PREFIX + u for u in workload.ours.urls)
    assert _params(workload.wagtail.urls[0])["fields"] == workloads.V2_DETAIL_FIELDS


def test_the_shuffle_depends_only_on_the_seed():
    ids = list(range(1, 501))
    assert workloads.cold_detail(ids).ours.urls == workloads.cold_detail(ids).ours.urls
    assert workloads.cold_detail(ids, seed=1).ours.urls != workloads.cold_detail(ids).ours.urls


def test_list_pages_are_pages_one_to_n_with_the_same_window_in_v2():
    workload = workloads.list_pages(article_count=10_000, pages=100)
    pages = [int(_params(url)["page"]) for url in workload.ours.urls]
    assert sorted(pages) == list(range(1, 101))
    offsets = [int(_params(url)["offset"]) for url in workload.wagtail.urls]
    assert offsets == [(page - 1) * workloads.PAGE_SIZE for page in pages]
    assert {_params(url)["page_size"] for url in workload.ours.urls} == {"20"}
    assert {_params(url)["limit"] for url in workload.wagtail.urls} == {"20"}


def test_list_pages_stop_at_the_last_page_that_has_articles():
    assert len(workloads.list_pages(article_count=45, pages=100).ours.urls) == 3


def test_filtered_list_pages_filter_by_health_center_and_order_by_title():
    workload = workloads.filtered_list_pages([("back-pain", 11), ("diabetes", 12)])
    ours = [_params(url) for url in workload.ours.urls]
    v2 = [_params(url) for url in workload.wagtail.urls]
    assert len(ours) == 2 * workloads.PAGES_PER_CENTER + workloads.TITLE_ORDER_PAGES
    for mine, theirs in zip(ours, v2, strict=True):
        if "health_center" in mine:
            assert (
                theirs["child_of"] == {"back-pain": "11", "diabetes": "12"}[mine["health_center"]]
            )
        else:
            assert mine["ordering"] == "title" and theirs["order"] == "title"
        assert int(theirs["offset"]) == (int(mine["page"]) - 1) * workloads.PAGE_SIZE


def test_search_queries_are_four_hundred_distinct_one_and_two_word_queries():
    queries = workloads.search_queries()
    vocabulary = set(workloads.vocabulary())
    assert len(queries) == len(set(queries)) == 400
    sizes = Counter(len(query.split()) for query in queries)
    assert set(sizes) == {1, 2} and sizes[1] >= 100 and sizes[2] >= 100
    assert all(set(query.split()) <= vocabulary for query in queries)
    assert queries == workloads.search_queries()


def test_the_vocabulary_comes_from_the_corpus_and_leaves_out_function_words():
    vocabulary = workloads.vocabulary()
    assert {"sciatica", "physiotherapy", "asthma", "stiffness"} <= set(vocabulary)
    assert not {"with", "that", "your", "the", "of"} & set(vocabulary)


def test_search_walks_send_the_same_queries_to_both_apis():
    queries = workloads.search_queries()
    for connections in workloads.SEARCH_CONNECTIONS:
        workload = workloads.long_tail_search(queries, connections)
        assert workload.connections == connections and workload.ceiling is None
        assert [_params(url)["search"] for url in workload.ours.urls] == queries
        assert [_params(url)["search"] for url in workload.wagtail.urls] == queries


def test_a_walk_refuses_a_list_with_repeats():
    with pytest.raises(ValueError, match="once"):
        workloads.Walk(("/a/", "/b/", "/a/"), warm_up="/")


def test_the_walks_keep_to_the_default_locale_when_translations_are_seeded(db):
    seed_articles(10, translated=0.5, batch_size=5)
    english = PublishedArticle.objects.filter(locale="en").values_list("page_id", flat=True)
    assert PublishedArticle.objects.filter(locale="es").exists()
    assert workloads.served_article_ids() == sorted(english)
    cold, listed, filtered, *searches = workloads.build_workloads()
    assert len(cold.ours.urls) == 10
    centers = {_params(url).get("child_of") for url in filtered.wagtail.urls} - {None}
    assert len(centers) == len(corpus.CENTERS)
    for workload in (listed, filtered, *searches):
        assert {_params(url)["locale"] for url in workload.wagtail.urls} == {"en"}
