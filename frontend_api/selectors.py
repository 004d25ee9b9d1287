"""Which articles and health centers the public API may serve, as lazy single-query querysets.

An article is served only if it is live, its live revision carries a medical sign-off
(``review_workflow.review_facts.signed_off_live``), it sits under a live health center directly
below the requesting site's live root, and neither it nor any ancestor has a view restriction.
Everything is expressed as subqueries, so a list or a detail costs one SQL statement however
many conditions apply. The health center's id, slug and title ride along as annotations.
"""

from __future__ import annotations

import re

from django.db.models import (
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search.backends import get_search_backend

from health_content.models import Disclaimer, HealthCenterPage, TreatmentArticlePage
from review_workflow.review_facts import signed_off_live

WORDS = re.compile(r"\w+")

# The columns each kind of request reads; everything else (the StreamField bodies above all)
# stays in the database. A column missing here would cost a query per row, which the
# query-count tests catch.
LIST_COLUMNS = (
    "id",
    "title",
    "slug",
    "url_path",
    "summary",
    "last_updated",
    "last_reviewed",
    "next_review_due",
    "last_published_at",
)
KEY_COLUMNS = (
    *LIST_COLUMNS,
    "live_revision_id",
    "published_content_digest",
    "disclaimer_id",
)


def _restricted():
    """A view restriction on the outer page or any of its ancestors."""
    return Exists(
        PageViewRestriction.objects.annotate(
            outer_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
        ).filter(outer_path__startswith=F("page__path"))
    )


def _parent_center():
    """The live health center whose path is the outer page's path minus one step."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    return HealthCenterPage.objects.filter(live=True, path=parent_path)


def public_centers(site: Site) -> QuerySet[HealthCenterPage]:
    """Live, unrestricted health centers directly under the site's live root."""
    root = site.root_page
    if not root.live:
        return HealthCenterPage.objects.none()
    return (
        HealthCenterPage.objects.live()
        .child_of(root)
        .annotate(restricted=_restricted())
        .filter(restricted=False)
    )


def servable_articles(site: Site, base: QuerySet | None = None) -> QuerySet[TreatmentArticlePage]:
    """Articles the public API serves on ``site``, annotated with their health center.

    ``base`` narrows the candidates first, e.g. to search hits.
    """
    root = site.root_page
    if not root.live:
        return TreatmentArticlePage.objects.none()
    return servable_under(root.path, root.depth, base)


def servable_under(
    root_path: str, root_depth: int, base: QuerySet | None = None
) -> QuerySet[TreatmentArticlePage]:
    """``servable_articles`` for a live site root given by its tree path and depth."""
    articles = (
        (TreatmentArticlePage.objects.all() if base is None else base)
        .live()
        .filter(depth=root_depth + 2, path__startswith=root_path)
        .annotate(
            center_pk=Subquery(_parent_center().values("pk")[:1]),
            center_slug=Subquery(_parent_center().values("slug")[:1]),
            center_title=Subquery(_parent_center().values("title")[:1]),
            restricted=_restricted(),
        )
        .filter(center_pk__isnull=False, restricted=False)
    )
    return signed_off_live(articles)


def with_representation_stamp(articles: QuerySet) -> QuerySet:
    """Add what a cached representation depends on besides the page row: the disclaimers.

    Any disclaimer edit moves the newest ``updated_at``; deleting one changes the count. Either
    changes the cache key of every article, whichever disclaimer it shows.
    """
    newest = Disclaimer.objects.order_by("-updated_at").values("updated_at")[:1]
    count = Disclaimer.objects.order_by().annotate(n=_count_all()).values("n")[:1]
    return articles.only(*KEY_COLUMNS).annotate(
        disclaimers_changed_at=Subquery(newest), disclaimer_count=Subquery(count)
    )


def _count_all() -> Func:
    return Func(F("pk"), function="COUNT", output_field=IntegerField())


def search_hits(query: str, max_hits: int = 1000) -> QuerySet[TreatmentArticlePage]:
    """Live articles matching ``query`` through Wagtail's search backend, best first.

    The database backends (SQLite FTS5, PostgreSQL full-text) hand back a lazy queryset that
    keeps their relevance ordering, so filters and paging still make one SQL statement. Other
    backends (Elasticsearch/OpenSearch) answer with ids, which are kept in their order.
    """
    # Wagtail's SQLite backend quotes each term for FTS5 but does not escape a double quote
    # inside one, so an unbalanced quote would be a database error rather than no match.
    terms = " ".join(query.replace('"', " ").split())
    if not WORDS.search(terms):
        return TreatmentArticlePage.objects.none()
    results = get_search_backend().search(
        terms, TreatmentArticlePage.objects.live(), order_by_relevance=True
    )
    if hasattr(results, "get_queryset"):
        return results.get_queryset()
    ids = [hit.pk for hit in results[:max_hits]]
    rank = Case(*(When(pk=pk, then=i) for i, pk in enumerate(ids)), output_field=IntegerField())
    return TreatmentArticlePage.objects.filter(pk__in=ids).order_by(rank)
