"""The workloads the benchmark compares: URL lists as readers produce them, each URL once.

An API behind a CDN sees mostly first requests (the CDN answers the repeats), and almost every
search query is new. So each workload is a list of distinct URLs walked once, in a seeded
shuffled order: every article's detail, distinct list pages, 400 distinct searches. Each list
exists for our API and for Wagtail's API v2 (asked, through ``fields=``, for the fields ours
returns, with the same page size), and for the detail and list pages also for the *ceiling*:
the same walk answered with bytes already in memory (``bench.ceiling``).

Everything here is deterministic: the same database and seed give the same lists, in the same
order, so two runs (and the two APIs) walk exactly the same requests.

The walks are of the default locale's articles, whatever other locales the site holds (a
seeded Spanish translation is not walked): ours lists that locale unless asked, and v2, which
lists every locale's pages, is asked for it (``locale=``), so both serve the same articles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import Resolver404, resolve
from wagtail.coreutils import get_supported_content_language_variant

from frontend_api.models import PublishedArticle
from health_content.models import HealthCenterPage

from . import library

ARTICLE_TYPE = "health_content.TreatmentArticlePage"
# What our detail endpoint returns, in v2's field names (v2 has no reviewer, breadcrumbs or
# JSON-LD; those are extra work on our side).
V2_DETAIL_FIELDS = (
    "summary,condition,hero_image,hero_image_alt,body,references,source,disclaimer,"
    "last_reviewed,next_review_due,last_updated"
)
# What our list items carry (id, title, slug, url_path are v2's defaults or meta).
V2_LIST_FIELDS = "summary,last_updated,last_reviewed,next_review_due"
OUR_API_PROBE = "/api/v1/articles/"
OUR_API_VIEW_NAME = "frontend_api:article-list"
CEILING_PREFIX = "/bench/ceiling"

SEED = 20261128
PAGE_SIZE = 20
LIST_PAGES = 100
PAGES_PER_CENTER = 5
TITLE_ORDER_PAGES = 10
SEARCH_QUERIES = 400
SEARCH_CONNECTIONS = (1, 4)


@dataclass(frozen=True)
class Walk:
    """Distinct URLs (path and query) requested once each, in this order."""

    urls: tuple[str, ...]
    # Requests sent before the walk, outside it, so the workers have imported and connected.
    warm_up: str
    expected_status: int = 200

    def __post_init__(self):
        if len(set(self.urls)) != len(self.urls):
            raise ValueError("A walk requests each URL once: the list has repeats.")


@dataclass(frozen=True)
class Workload:
    """One row group of the table: the same walk against ours, v2 and (maybe) the ceiling."""

    name: str
    ours: Walk | None
    wagtail: Walk
    ceiling: Walk | None
    # None: the command's ``--connections``.
    connections: int | None = None
    note: str = ""
    # Searches: the median and 90th percentile of the articles each query matches.
    matches: tuple[int, int] | None = None


def our_api_installed() -> bool:
    """Whether the product's content API is mounted in the URLs of this process."""
    try:
        match = resolve(OUR_API_PROBE)
    except Resolver404:
        return False
    # Catch-all routes (Wagtail's pages, the API's JSON 404) match any path; only the named
    # article list is our API.
    return match.view_name == OUR_API_VIEW_NAME


# URLs -------------------------------------------------------------------------------------


def _query(url: str, params: dict[str, str]) -> str:
    return url + (f"?{urlencode(params)}" if params else "")


def ours_detail(article_id: int) -> str:
    return f"/api/v1/articles/{article_id}/"


def v2_detail(article_id: int) -> str:
    return _query(f"/api/v2/pages/{article_id}/", {"fields": V2_DETAIL_FIELDS})


def ours_list(**params: str) -> str:
    return _query("/api/v1/articles/", {"page_size": str(PAGE_SIZE), **params})


def default_language() -> str:
    """The site's default content language: the locale the walks read."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def v2_list(**params: str) -> str:
    base = {
        "type": ARTICLE_TYPE,
        "fields": V2_LIST_FIELDS,
        "limit": str(PAGE_SIZE),
        "locale": default_language(),
    }
    return _query("/api/v2/pages/", {**base, **params})


def _offset(page: int) -> str:
    return str((page - 1) * PAGE_SIZE)


WARM_UP_OURS = "/api/v1/articles/?page_size=1"
WARM_UP_V2 = _query("/api/v2/pages/", {"type": ARTICLE_TYPE, "limit": "1"})


def _walks(ours: list[str], v2: list[str], *, ceiling: bool) -> tuple[Walk, Walk, Walk | None]:
    return (
        Walk(tuple(ours), WARM_UP_OURS),
        Walk(tuple(v2), WARM_UP_V2),
        Walk(tuple(CEILING_PREFIX + url for url in ours), CEILING_PREFIX + WARM_UP_OURS)
        if ceiling
        else None,
    )


# Workloads --------------------------------------------------------------------------------


def served_article_ids() -> list[int]:
    """Ids of every article of the default locale in the published-article store, ascending."""
    served = PublishedArticle.objects.filter(locale=default_language())
    return list(served.order_by("page_id").values_list("page_id", flat=True))


def cold_detail(article_ids: list[int], seed: int = SEED) -> Workload:
    """Every article's detail once, shuffled: what an origin behind a CDN sees."""
    order = list(article_ids)
    random.Random(seed).shuffle(order)
    ours, v2, ceiling = _walks(
        [ours_detail(pk) for pk in order], [v2_detail(pk) for pk in order], ceiling=True
    )
    return Workload(
        "cold detail",
        ours,
        v2,
        ceiling,
        note=f"every article's detail once ({len(order):,} URLs), shuffled (seed {seed})",
    )


def list_pages(article_count: int, pages: int = LIST_PAGES, seed: int = SEED) -> Workload:
    """Pages 1..N of the default list, 20 articles each, each page once, shuffled."""
    numbers = list(range(1, min(pages, max(1, -(-article_count // PAGE_SIZE))) + 1))
    random.Random(seed).shuffle(numbers)
    ours, v2, ceiling = _walks(
        [ours_list(page=str(n)) for n in numbers],
        [v2_list(offset=_offset(n)) for n in numbers],
        ceiling=True,
    )
    return Workload(
        f"list pages 1-{len(numbers)}",
        ours,
        v2,
        ceiling,
        note="each API's default order (ours: last updated first; v2: tree order), "
        f"{PAGE_SIZE} per page, each page once",
    )


def filtered_list_pages(centers: list[tuple[str, int]], seed: int = SEED) -> Workload:
    """Pages 1-5 of each health center's articles and pages 1-10 ordered by title, once each.

    ``centers`` holds (slug, page id) of each health center: ours filters by slug, v2 by
    ``child_of`` (the center's id).
    """
    pairs = [
        (ours_list(health_center=slug, page=str(n)), v2_list(child_of=str(pk), offset=_offset(n)))
        for slug, pk in centers
        for n in range(1, PAGES_PER_CENTER + 1)
    ]
    pairs += [
        (ours_list(ordering="title", page=str(n)), v2_list(order="title", offset=_offset(n)))
        for n in range(1, TITLE_ORDER_PAGES + 1)
    ]
    random.Random(seed).shuffle(pairs)
    ours, v2, ceiling = _walks([o for o, _ in pairs], [w for _, w in pairs], ceiling=True)
    return Workload(
        "filtered list pages",
        ours,
        v2,
        ceiling,
        note=f"pages 1-{PAGES_PER_CENTER} of each of {len(centers)} health centers, pages "
        f"1-{TITLE_ORDER_PAGES} ordered by title; {len(pairs)} URLs",
    )


def long_tail_search(
    queries: list[str], connections: int, matches: tuple[int, int] | None = None
) -> Workload:
    """Each query once: ours through ``search=``, v2 through its own ``search=``."""
    ours, v2, _ = _walks(
        [ours_list(search=q) for q in queries], [v2_list(search=q) for q in queries], ceiling=False
    )
    plural = "s" if connections > 1 else ""
    return Workload(
        f"long-tail search, {connections} connection{plural}",
        ours,
        v2,
        None,
        connections=connections,
        note=f"{len(queries)} distinct one- and two-word queries drawn as readers search "
        "(mostly health terms, weighted to the common ones, with a long tail), each once",
        matches=matches,
    )


def vocabulary() -> list[str]:
    """Distinct words readers search with: the library's health terms and the ordinary words
    of 4+ letters of its English list, minus common function words, sorted."""
    return library.searchable_words()


def search_queries(count: int = SEARCH_QUERIES, seed: int = SEED) -> list[str]:
    """``count`` distinct one- and two-word queries drawn as readers search
    (``library.reader_queries``: mostly health terms, the common ones most, a long tail)."""
    return library.reader_queries(count, seed)


def match_counts(queries: list[str]) -> list[int]:
    """How many articles each query matches, as our API's search finds them for a reader of
    the default site (every word required, synonyms expanded; no spelling correction)."""
    from wagtail.models import Site

    from frontend_api.search import query as q
    from frontend_api.search import service
    from frontend_api.search.engine import engine
    from frontend_api.store.reading import Requester

    site = Site.objects.get(is_default_site=True)
    who = Requester.of(site.hostname, site.port)
    groups = service.synonym_groups(who)
    counts = []
    for text in queries:
        parsed = q.parse(text)
        if not parsed:
            counts.append(0)
            continue
        centers, _ = engine().results(who, q.expand(parsed, groups), {}, None, offset=0, limit=1)
        counts.append(sum(center.count for center in centers))
    return counts


def median_and_p90(counts: list[int]) -> tuple[int, int]:
    """The median and the 90th percentile (nearest rank) of ``counts``."""
    ordered = sorted(counts)
    if not ordered:
        return 0, 0
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) // 2
    return median, ordered[min(len(ordered) - 1, -(-len(ordered) * 9 // 10) - 1)]


def build_workloads(*, ours_installed: bool = True) -> list[Workload]:
    """Every workload, over what the store serves now."""
    article_ids = served_article_ids()
    if not article_ids:
        raise LookupError("No articles in the published-article store: seed some first.")
    centers = list(
        HealthCenterPage.objects.live()
        .filter(locale__language_code=default_language())
        .order_by("path")
        .values_list("slug", "pk")
    )
    queries = search_queries()
    matches = median_and_p90(match_counts(queries)) if ours_installed else None
    workloads = [
        cold_detail(article_ids),
        list_pages(len(article_ids)),
        filtered_list_pages(centers),
        *(long_tail_search(queries, n, matches) for n in SEARCH_CONNECTIONS),
    ]
    if ours_installed:
        return workloads
    # Without our API only v2 is measured (the ceiling serves our bytes).
    return [
        Workload(w.name, None, w.wagtail, None, w.connections, w.note, w.matches) for w in workloads
    ]
