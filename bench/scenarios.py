"""The requests the benchmark compares: each endpoint of our API beside Wagtail v2's equivalent.

Like is compared with like: v2 is asked, through ``fields=``, for the fields our endpoint
returns, with the same page size. Every scenario also has a ceiling: our own response served
as bytes from memory (see ``ceiling``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import Resolver404, resolve

from health_content.models import HealthCenterPage, TreatmentArticlePage
from health_content.richtext import page_path

ARTICLE_TYPE = "health_content.TreatmentArticlePage"
# What our detail endpoint returns, in v2's field names (v2 has no reviewer, breadcrumbs or
# JSON-LD; those are extra work on our side).
V2_DETAIL_FIELDS = (
    "summary,condition,hero_image,hero_image_alt,body,references,source,disclaimer,"
    "last_reviewed,next_review_due,last_updated"
)
# What our list items carry (id, title, slug, url_path are v2's defaults or meta).
V2_LIST_FIELDS = "summary,last_updated,last_reviewed,next_review_due"
SEARCH_TERMS = "back pain"
OUR_API_PROBE = "/api/v1/articles/"
OUR_API_VIEW_NAME = "frontend_api:article-list"
CEILING_PREFIX = "/bench/ceiling"


@dataclass(frozen=True)
class Target:
    """One URL (path and query) plus request headers, and the status it must answer with."""

    url: str
    headers: dict[str, str] = field(default_factory=dict)
    expected_status: int = 200


@dataclass(frozen=True)
class Scenario:
    """One row group of the table: the same request against ours, v2 and the ceiling."""

    name: str
    ours: Target | None
    wagtail: Target | None
    ceiling: Target | None
    note: str = ""


def our_api_installed() -> bool:
    """Whether the product's content API is mounted (it lands separately from this harness)."""
    try:
        match = resolve(OUR_API_PROBE)
    except Resolver404:
        return False
    # Catch-all routes (Wagtail's pages, the API's JSON 404) match any path; only the named
    # article list is our API.
    return match.view_name == OUR_API_VIEW_NAME


def _v2(endpoint: str, **params: str) -> str:
    return f"/api/v2/pages/{endpoint}" + (f"?{urlencode(params)}" if params else "")


def _v2_list(limit: int, **params: str) -> str:
    return _v2("", type=ARTICLE_TYPE, fields=V2_LIST_FIELDS, limit=str(limit), **params)


def _ours(endpoint: str, **params: str) -> str:
    return f"/api/v1/articles/{endpoint}" + (f"?{urlencode(params)}" if params else "")


def sample_article() -> TreatmentArticlePage:
    """A live article from the middle of the tree, so neither end of an index is favoured."""
    articles = TreatmentArticlePage.objects.live().order_by("path")
    count = articles.count()
    if not count:
        raise LookupError("No live treatment articles: seed some first (seed_articles).")
    return articles[count // 2]


def build_scenarios(*, ours_installed: bool) -> list[Scenario]:
    """The 200-response scenarios, for one sample article and its health center; the detail
    scenario comes first (``not_modified_scenario`` builds on it)."""
    article = sample_article()
    center = HealthCenterPage.objects.get(pk=article.get_parent().pk)
    path = page_path(article)
    pairs = [
        ("detail", _ours(f"{article.pk}/"), _v2(f"{article.pk}/", fields=V2_DETAIL_FIELDS), ""),
        (
            "find by path",
            _ours("find/", path=path),
            _v2("find/", html_path=path),
            "v2 answers with a 302 to its detail URL; a client then needs a second request.",
        ),
        ("list 20", _ours("", page_size="20"), _v2_list(20), ""),
        ("list 100", _ours("", page_size="100"), _v2_list(100), ""),
        (
            f'search "{SEARCH_TERMS}"',
            _ours("", search=SEARCH_TERMS, page_size="20"),
            _v2_list(20, search=SEARCH_TERMS),
            "",
        ),
        (
            "filtered list",
            _ours("", health_center=center.slug, page_size="20"),
            _v2_list(20, child_of=str(center.pk)),
            f"Articles of one health center ({center.title}).",
        ),
    ]
    return [_scenario(name, ours, v2, note, ours_installed) for name, ours, v2, note in pairs]


def _scenario(name: str, ours: str, v2: str, note: str, ours_installed: bool) -> Scenario:
    v2_status = 302 if "/find/" in v2 else 200
    wagtail = Target(v2, expected_status=v2_status)
    if ours_installed:
        return Scenario(name, Target(ours), wagtail, Target(CEILING_PREFIX + ours), note)
    # Without our API the ceiling serves v2's bytes, so the harness still measures the stack.
    ceiling = Target(CEILING_PREFIX + v2, expected_status=v2_status)
    return Scenario(name, None, wagtail, ceiling, note)


def not_modified_scenario(detail: Scenario, etag: str | None) -> Scenario:
    """Our detail request repeated with ``If-None-Match``: a 304 from us and from the ceiling."""
    note = "Conditional GET with the detail response's ETag; v2 sends no ETag."
    if etag is None or detail.ours is None:
        return Scenario("detail, 304", None, None, None, note + " (no ETag: not measured)")
    headers = {"If-None-Match": etag}
    return Scenario(
        "detail, 304",
        Target(detail.ours.url, headers, 304),
        None,
        Target(detail.ceiling.url, headers, 304),
        note,
    )
