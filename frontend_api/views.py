"""Read-only endpoints of the public content API.

Each view validates its query string against an allow-list, finds the site from the request,
and serves only what ``selectors`` lets through; anything else is the same 404. Articles are
rendered once per published state (``caching``) and answered with ETag/Last-Modified.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView
from wagtail.models import Site

from health_content.models import TreatmentArticlePage
from review_workflow.review_facts import live_sign_off, live_sign_offs, published_versions

from . import representation
from .caching import (
    CachedArticle,
    cached_article,
    content_etag,
    etag_for,
    json_response,
    newest,
    representation_key,
)
from .conf import api_setting
from .openapi import (
    ARTICLE_ID,
    CENTER_SLUG,
    ArticleHistorySerializer,
    ArticlePageSerializer,
    ArticleSerializer,
    HealthCenterListSerializer,
    HealthCenterSerializer,
    published,
)
from .params import ArticleListParams, EmptyParams, FindParams, parse_query
from .prepared import FILTERS, article_at, article_by_id, article_list, servable_ids
from .problems import InvalidQuery, exception_handler
from .renderers import JSONOnlyNegotiation, ORJSONRenderer
from .response_cache import keep, look_up
from .selectors import LIST_COLUMNS, public_centers, search_hits, servable_articles
from .sites import find_site


class ReaderRateThrottle(AnonRateThrottle):
    """Anonymous request rate from ``FRONTEND_API['THROTTLE_RATE']`` (None: no limit)."""

    scope = "frontend_api"

    def get_rate(self) -> str | None:
        return api_setting("THROTTLE_RATE")


class PublicApiView(APIView):
    """Policies shared by every public endpoint: anonymous, JSON only, throttled."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes: list = []
    renderer_classes = [ORJSONRenderer]
    content_negotiation_class = JSONOnlyNegotiation
    throttle_classes = [ReaderRateThrottle]
    query_params_class = EmptyParams
    # Whether responses are kept per content generation (``response_cache``); views opt in.
    response_cache = False

    def get_exception_handler(self):
        return exception_handler

    def dispatch(self, request, *args, **kwargs):
        # A kept response of the current generation is answered before DRF builds its
        # request; throttling still counts it. Everything else goes through DRF as usual.
        lookup = look_up(request) if self.response_cache else None
        if lookup is not None:
            if lookup.kept is not None and self.admits_reader(request):
                return lookup.kept.respond(request)
            request.content_generation = lookup.generation  # read once per request
        response = super().dispatch(request, *args, **kwargs)
        if lookup is not None:
            keep(lookup, response)
        return response

    def admits_reader(self, request) -> bool:
        """DRF's throttle check, for a request answered before DRF's own dispatch runs.

        A refusal is not answered here: the normal dispatch checks again and answers 429.
        """
        if api_setting("THROTTLE_RATE") is None:
            return True
        try:
            self.check_throttles(Request(request, authenticators=()))
        except Throttled:
            return False
        return True

    def params(self, request) -> dict[str, Any]:
        return parse_query(request, self.query_params_class)

    def site(self, request) -> Site:
        site = find_site(request)
        if site is None:
            raise NotFound("Not found.")
        return site

    def article_or_404(self, request, pk: int) -> tuple[Site, TreatmentArticlePage]:
        """The site and its servable article ``pk``; anything else is the same 404."""
        self.params(request)
        site = self.site(request)
        row = article_by_id(site, pk)
        if row is None:
            raise NotFound("Not found.")
        return site, row


def _article_entry(row: TreatmentArticlePage, site: Site) -> CachedArticle:
    """Render the live article behind ``row`` (a cache miss)."""
    page = TreatmentArticlePage.objects.select_related("hero_image", "source", "disclaimer").get(
        pk=row.pk
    )
    center = representation.center_summary(row.center_pk, row.center_slug, row.center_title)
    data = representation.article_detail(page, site, center, live_sign_off(page))
    related = frozenset(article["id"] for article in data["related"])
    return CachedArticle(content=orjson.dumps(data), related_ids=related)


def article_response(request: HttpRequest, row: TreatmentArticlePage, site: Site) -> HttpResponse:
    """The article's cached JSON, related links checked, or a 304 without reading the JSON."""
    key = representation_key(row, site)
    entry = cached_article(key, lambda: _article_entry(row, site))
    servable_related = servable_ids(site, entry.related_ids)
    etag = etag_for(key, sorted(servable_related))
    last_modified = newest(row.last_published_at, row.disclaimers_changed_at)
    content = entry.content
    if servable_related != entry.related_ids:
        data = representation.only_related(orjson.loads(content), set(servable_related))
        content = orjson.dumps(data)
    return json_response(request, content, etag, last_modified)


class ArticleListView(PublicApiView):
    """Published, medically reviewed articles; filter, search, order and page through them."""

    response_cache = True

    query_params_class = ArticleListParams

    @extend_schema(
        operation_id="articles_list",
        parameters=[ArticleListParams],
        responses=published(ArticlePageSerializer),
    )
    def get(self, request, *args, **kwargs):
        params = self.params(request)
        site = self.site(request)
        page, size = params.get("page", 1), params.get("page_size", self.default_page_size())
        offset = (page - 1) * size
        if offset + size > api_setting("MAX_OFFSET"):
            raise InvalidQuery([self._too_deep()])
        rows = self.articles(site, params, offset=offset, limit=size + 1)
        if not rows and page > 1:
            raise InvalidQuery([{"parameter": "page", "detail": "Past the last page."}])
        payload = self.payload(request, site, rows[:size], page, size, len(rows) > size)
        content = orjson.dumps(payload)
        last_modified = newest(*(row.last_published_at for row in rows[:size]))
        return json_response(request, content, content_etag(content), last_modified)

    @staticmethod
    def default_page_size() -> int:
        return api_setting("DEFAULT_PAGE_SIZE")

    @staticmethod
    def _too_deep() -> dict[str, str]:
        limit = api_setting("MAX_OFFSET")
        return {
            "parameter": "page",
            "detail": f"Only the first {limit} results can be paged through; narrow the filters.",
        }

    def articles(self, site: Site, params: dict[str, Any], *, offset: int, limit: int) -> list:
        search = params.get("search")
        filters = {name: params[name] for name in FILTERS if name in params}
        if not search:
            ordering = params.get("ordering", "-last_updated")
            return article_list(site, filters, ordering, offset=offset, limit=limit)
        # Search goes through Wagtail's backend, whose SQL changes with every query string.
        articles = servable_articles(site, search_hits(search)).only(*LIST_COLUMNS)
        for name, value in filters.items():
            articles = articles.filter(**{FILTERS[name][0]: value})
        if "ordering" in params:
            ordering = params["ordering"]
            articles = articles.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")
        return list(articles[offset : offset + limit])

    def payload(self, request, site, rows, page, size, has_next) -> dict[str, Any]:
        sign_offs = live_sign_offs([row.pk for row in rows]) if rows else {}
        return {
            "page": page,
            "page_size": size,
            "next": self._page_url(request, page + 1) if has_next else None,
            "previous": self._page_url(request, page - 1) if page > 1 else None,
            "results": [representation.list_item(row, site, sign_offs.get(row.pk)) for row in rows],
        }

    @staticmethod
    def _page_url(request, page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


class ArticleDetailView(PublicApiView):
    """One article: rendered content, review facts, breadcrumbs, related articles, JSON-LD."""

    response_cache = True

    @extend_schema(
        operation_id="articles_retrieve",
        parameters=[ARTICLE_ID],
        responses=published(ArticleSerializer),
    )
    def get(self, request, pk: int, *args, **kwargs):
        site, row = self.article_or_404(request, pk)
        return article_response(request, row, site)


class ArticleFindView(PublicApiView):
    """The same article as the detail endpoint, found by its path on the site."""

    response_cache = True
    query_params_class = FindParams

    @extend_schema(
        operation_id="articles_find",
        parameters=[FindParams],
        responses=published(ArticleSerializer),
    )
    def get(self, request, *args, **kwargs):
        path = self.params(request)["path"]
        site = self.site(request)
        slugs = [part for part in path.split("/") if part]
        if len(slugs) != 2:
            raise NotFound("Not found.")
        center_slug, slug = slugs
        row = article_at(site, center_slug, slug)
        if row is None:
            raise NotFound("Not found.")
        return article_response(request, row, site)


def _version(version) -> dict[str, Any]:
    reviewed_by = None
    if version.reviewer is not None:
        reviewed_by = {"name": version.reviewer.name, "credentials": version.reviewer.credentials}
    return {
        "version": version.version,
        "published_at": version.published_at,
        "last_updated": version.last_updated,
        "last_reviewed": version.last_reviewed,
        "reviewed_by": reviewed_by,
        "signed_at": version.signed_at,
    }


class ArticleHistoryView(PublicApiView):
    """The article's published versions, newest first: the public review trail."""

    response_cache = True

    @extend_schema(
        operation_id="articles_history",
        parameters=[ARTICLE_ID],
        responses=published(ArticleHistorySerializer),
    )
    def get(self, request, pk: int, *args, **kwargs):
        _, row = self.article_or_404(request, pk)
        versions = [_version(version) for version in published_versions(row)]
        content = orjson.dumps({"id": row.pk, "title": row.title, "versions": versions})
        return json_response(request, content, content_etag(content), row.last_published_at)


def _changed_at(page):
    # Pages made live without a publish (fixtures, imports) have no publish time.
    return page.last_published_at or page.first_published_at


def _center(center, site: Site) -> dict[str, Any]:
    return {
        "id": center.pk,
        "slug": center.slug,
        "title": center.title,
        "intro": center.intro,
        "url_path": representation.site_path(center, site),
    }


class HealthCenterListView(PublicApiView):
    """The site's live, public health centers, by title."""

    response_cache = True

    @extend_schema(
        operation_id="health_centers_list",
        responses=published(HealthCenterListSerializer),
    )
    def get(self, request, *args, **kwargs):
        self.params(request)
        site = self.site(request)
        centers = list(public_centers(site).order_by("title", "pk"))
        content = orjson.dumps({"results": [_center(center, site) for center in centers]})
        last_modified = newest(*(_changed_at(center) for center in centers))
        return json_response(request, content, content_etag(content), last_modified)


class HealthCenterDetailView(PublicApiView):
    """One health center, by slug."""

    response_cache = True

    @extend_schema(
        operation_id="health_centers_retrieve",
        parameters=[CENTER_SLUG],
        responses=published(HealthCenterSerializer),
    )
    def get(self, request, slug: str, *args, **kwargs):
        self.params(request)
        site = self.site(request)
        center = public_centers(site).filter(slug=slug).first()
        if center is None:
            raise NotFound("Not found.")
        content = orjson.dumps(_center(center, site))
        return json_response(request, content, content_etag(content), _changed_at(center))
