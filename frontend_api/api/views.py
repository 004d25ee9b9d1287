"""Read-only endpoints of the public content API.

Articles come only from the published-article store (``reading``): a detail or a find is one
indexed query returning the stored bytes, a list page one query concatenating stored list
items. Each view validates its query string against an allow-list first; anything not served
on the requesting site is the same 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.request import split_domain_port
from django.urls import reverse
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView
from wagtail.models import Locale, Page, PageViewRestriction, Site

from health_content.models import HealthCenterPage
from review_workflow.contract import published_versions, review_status

from ..conf import api_settings, public_url
from ..safe_json import dumps
from ..search import service as search_service
from ..store import reading
from ..store.documents import article_path, center_path
from ..store.writer import etag_of
from .canonical import (
    MovedPermanently,
    absolute,
    canonical_id,
    redirect_if_encoded,
    refuse_invalid_port,
)
from .openapi import (
    ARTICLE_ID,
    CENTER_SLUG,
    LIST_NOT_FOUND,
    ApiRootSerializer,
    ArticleHistorySerializer,
    ArticlePageSerializer,
    ArticleSerializer,
    HealthCenterListSerializer,
    HealthCenterSerializer,
    PublicAutoSchema,
    api_operation,
    published,
)
from .params import ArticleListParams, CenterParams, EmptyParams, FindParams, parse_query
from .policies import ApiPolicies
from .problems import NoSuchPage
from .renderers import JSONOnlyNegotiation, ORJSONRenderer
from .responses import json_response
from .review_state import ServedReview, with_status
from .throttling import ReaderRateThrottle


def requester(request: HttpRequest, locale: str | None = None) -> reading.Requester:
    """The host, port, instant and language (None: the site's default) that decide what this
    request may read."""
    hostname, _ = split_domain_port(request.get_host())
    return reading.Requester.of(hostname, request.get_port(), locale)


class PublicApiView(ApiPolicies, APIView):
    """Policies shared by every public endpoint: anonymous, JSON only, throttled."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes: list = []
    renderer_classes = [ORJSONRenderer]
    content_negotiation_class = JSONOnlyNegotiation
    throttle_classes = [ReaderRateThrottle]
    query_params_class = EmptyParams
    schema = PublicAutoSchema()

    def initial(self, request, *args, **kwargs):
        refuse_invalid_port(request)
        redirect_if_encoded(request)
        super().initial(request, *args, **kwargs)

    def params(self, request) -> dict[str, Any]:
        return parse_query(request, self.query_params_class)


class NonCanonicalIdView(PublicApiView):
    """``/articles/00005/``, ``/articles/+5/``: a 301 to the id's one canonical URL."""

    @api_operation(exclude=True)
    def get(self, request, raw: str, rest: str, *args, **kwargs):
        page_id = canonical_id(raw)
        if page_id is None:
            raise NotFound("Not found.")
        name = "article-history" if rest else "article-detail"
        location = reverse(f"frontend_api:{name}", args=[page_id])
        raise MovedPermanently(absolute(location, request.META.get("QUERY_STRING", "")))


SAMPLE_ID = 123456789  # reversed, then replaced by the {id} placeholder


def api_root() -> dict[str, str]:
    """Where everything is: the endpoints (``{id}``/``{slug}`` to fill in), schema and docs."""

    def url(name: str, *args) -> str:
        link = public_url(reverse(f"frontend_api:{name}", args=args))
        return link.replace(f"/{SAMPLE_ID}/", "/{id}/").replace("/slug/", "/{slug}/")

    return {
        "articles": url("article-list"),
        "article": url("article-detail", SAMPLE_ID),
        "article_history": url("article-history", SAMPLE_ID),
        "article_find": url("article-find"),
        "health_centers": url("health-center-list"),
        "health_center": url("health-center-detail", "slug"),
        "preview": url("preview"),
        "schema": url("schema"),
        "docs": url("docs"),
    }


class ApiRootView(PublicApiView):
    """The API's root: links to its endpoints, its OpenAPI schema and its docs."""

    @api_operation(operation_id="api_root", responses=published(ApiRootSerializer))
    def get(self, request, *args, **kwargs):
        self.params(request)
        content = dumps(api_root())
        return json_response(request, content, etag_of(content))


def stored_detail_response(request, stored: reading.StoredDetail | None, today) -> HttpResponse:
    """The stored detail with its review status as of today, or the 404."""
    if stored is None:
        raise NotFound("Not found.")
    review = ServedReview.of(
        stored.next_review_due,
        today,
        translation_status=stored.translation_status,
        request=request,
    )
    if review.withheld:
        raise NotFound("Not found.")
    response = json_response(
        request,
        review.document(stored.content),
        review.etag(stored.etag),
        review.last_modified(stored.stored_at),
    )
    if review.noindex:
        response["X-Robots-Tag"] = "noindex"
    return response


class ArticleDetailView(PublicApiView):
    """One article: signed content, review facts, breadcrumbs, related articles, JSON-LD."""

    @api_operation(
        operation_id="articles_retrieve",
        parameters=[ARTICLE_ID],
        responses=published(ArticleSerializer),
    )
    def get(self, request, pk: int, *args, **kwargs):
        self.params(request)
        who = requester(request)
        return stored_detail_response(request, reading.detail_by_id(who, pk), who.today)


class ArticleFindView(PublicApiView):
    """The same article as the detail endpoint, found by its path on the site."""

    query_params_class = FindParams

    @api_operation(
        operation_id="articles_find",
        parameters=[FindParams],
        responses=published(ArticleSerializer),
    )
    def get(self, request, *args, **kwargs):
        params = self.params(request)
        path = params["path"]
        slugs = [part for part in path.split("/") if part]
        if len(slugs) != 2:
            raise NotFound("Not found.")
        canonical = article_path(*slugs)
        if path != canonical:
            query = QueryDict(mutable=True)
            query["path"] = canonical
            if "locale" in params:
                query["locale"] = params["locale"]
            raise MovedPermanently(absolute(request.path, query.urlencode(safe="/")))
        who = requester(request, params.get("locale"))
        return stored_detail_response(request, reading.detail_at(who, *slugs), who.today)


LIST_FILTERS = (*reading.FILTERS, "review_status")


class ArticleListView(PublicApiView):
    """Published, medically reviewed articles; filter, search, order and page through them."""

    query_params_class = ArticleListParams

    @api_operation(
        operation_id="articles_list",
        parameters=[ArticleListParams],
        responses=published(ArticlePageSerializer, LIST_NOT_FOUND),
    )
    def get(self, request, *args, **kwargs):
        params = self.params(request)
        page, size = params.get("page", 1), params.get("page_size", self.default_page_size())
        offset = (page - 1) * size
        if offset + size > api_settings.MAX_OFFSET:
            raise NoSuchPage(self._too_deep())
        who = requester(request, params.get("locale"))
        if params.get("search"):
            return self.search(request, who, params, page, size, offset)
        items = self.items(who, params, offset=offset, limit=size + 1)
        if not items and page > 1:
            raise NoSuchPage(self._past_the_end())
        content = self.page_bytes(request, items[:size], page, size, len(items) > size)
        return json_response(request, content, etag_of(content))

    def search(self, request, who, params, page: int, size: int, offset: int) -> HttpResponse:
        """Search results: ranked items with excerpts, the counts, any suggestion."""
        filters = {name: params[name] for name in LIST_FILTERS if name in params}
        result = search_service.search(
            who, params["search"], filters, params.get("ordering"), offset=offset, limit=size + 1
        )
        if not result.hits and page > 1:
            raise NoSuchPage(self._past_the_end())
        items = [_search_item(hit, who.today) for hit in result.hits[:size]]
        more = len(result.hits) > size
        content = self.page_bytes(request, items, page, size, more, search=_search_head(result))
        return json_response(request, content, etag_of(content))

    @staticmethod
    def _past_the_end() -> str:
        return "Past the last page."

    @staticmethod
    def default_page_size() -> int:
        return api_settings.DEFAULT_PAGE_SIZE

    @staticmethod
    def _too_deep() -> str:
        limit = api_settings.MAX_OFFSET
        return f"Only the first {limit} results can be paged through; narrow the filters."

    def items(self, who: reading.Requester, params, *, offset: int, limit: int) -> list[bytes]:
        filters = {name: params[name] for name in LIST_FILTERS if name in params}
        ordering = params.get("ordering", "-last_updated")
        stored = reading.list_items(who, filters, ordering, offset=offset, limit=limit)
        return [with_status(item.content, review_status(item.next_review_due, who.today))
                for item in stored]  # fmt: skip

    def page_bytes(
        self, request, items: list[bytes], page: int, size: int, more: bool, search=None
    ) -> bytes:
        """The page document, with the stored list items spliced in as they are."""
        head = {
            "page": page,
            "page_size": size,
            "next": self._page_url(request, page + 1) if more else None,
            "previous": self._page_url(request, page - 1) if page > 1 else None,
        }
        if search is not None:
            head["search"] = search
        return dumps(head)[:-1] + b',"results":[' + b",".join(items) + b"]}"

    @staticmethod
    def _page_url(request, page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return absolute(request.path, query.urlencode())


def _search_item(hit, today) -> bytes:
    """A stored list item with its review status and the search excerpt spliced in."""
    item = with_status(hit.content, review_status(hit.next_review_due, today))
    return item[:-1] + b',"excerpt":' + dumps(hit.excerpt) + b"}"


def _search_head(result) -> dict[str, Any]:
    """What a search adds to the page: matches, counts per health center, any suggestion."""
    suggestion = result.suggestion
    return {
        "count": result.count,
        "facets": {
            "health_center": [
                {"slug": c.slug, "title": c.title, "count": c.count} for c in result.centers
            ]
        },
        "suggestion": None
        if suggestion is None
        else {"query": suggestion.query, "searched": suggestion.searched},
    }


def _version(version) -> dict[str, Any]:
    reviewed_by = None
    if version.reviewer is not None:
        reviewed_by = {"name": version.reviewer.name, "credentials": version.reviewer.credentials}
    return {
        "version": version.version,
        "kind": version.kind,
        "published_at": version.published_at,
        "last_updated": version.last_updated,
        "last_reviewed": version.last_reviewed,
        "reviewed_by": reviewed_by,
        "signed_at": version.signed_at,
    }


class ArticleHistoryView(PublicApiView):
    """The article's published versions, newest first: the public review trail."""

    @api_operation(
        operation_id="articles_history",
        parameters=[ARTICLE_ID],
        responses=published(ArticleHistorySerializer),
    )
    def get(self, request, pk: int, *args, **kwargs):
        self.params(request)
        who = requester(request)
        served = reading.served_title(who, pk)
        if served is None:
            raise NotFound("Not found.")
        title, next_review_due, locale = served
        versions = [_version(version) for version in published_versions(pk)]
        status = review_status(next_review_due, who.today)
        content = dumps(
            {
                "id": pk,
                "title": title,
                "locale": locale,
                "review_status": status,
                "versions": versions,
            }
        )
        return json_response(request, content, etag_of(content))


def public_centers(site: Site, language: str | None = None):
    """Live, unrestricted health centers directly under the site's live root, or under its
    translation in ``language`` (a content language code; None: the site's own tree)."""
    root = _root_in(site.root_page, language)
    if root is None or not root.live:
        return HealthCenterPage.objects.none()
    restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
    centers = HealthCenterPage.objects.live().child_of(root).select_related("locale")
    for path in restricted:
        centers = centers.exclude(path__startswith=path)
    return centers


def _root_in(root: Page, language: str | None) -> Page | None:
    if not language:
        return root
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return None
    if locale.pk == root.locale_id:
        return root
    return Page.objects.filter(translation_key=root.translation_key, locale=locale).first()


def _center(center: HealthCenterPage) -> dict[str, Any]:
    return {
        "id": center.pk,
        "slug": center.slug,
        "title": center.title,
        "intro": center.intro,
        "url_path": center_path(center.slug),
        "locale": center.locale.language_code,
    }


class HealthCenterView(PublicApiView):
    """Shared by the health-center endpoints: the requesting site, found as Wagtail does, and
    the language asked for."""

    query_params_class = CenterParams

    def site(self, request) -> Site:
        site = Site.find_for_request(request)
        if site is None:
            raise NotFound("Not found.")
        return site


class HealthCenterListView(HealthCenterView):
    """The site's live, public health centers, by title."""

    @api_operation(
        operation_id="health_centers_list",
        parameters=[CenterParams],
        responses=published(HealthCenterListSerializer),
    )
    def get(self, request, *args, **kwargs):
        language = self.params(request).get("locale")
        centers = list(public_centers(self.site(request), language).order_by("title", "pk"))
        content = dumps({"results": [_center(center) for center in centers]})
        return json_response(request, content, etag_of(content))


class HealthCenterDetailView(HealthCenterView):
    """One health center, by slug."""

    @api_operation(
        operation_id="health_centers_retrieve",
        parameters=[CENTER_SLUG, CenterParams],
        responses=published(HealthCenterSerializer),
    )
    def get(self, request, slug: str, *args, **kwargs):
        language = self.params(request).get("locale")
        center = public_centers(self.site(request), language).filter(slug=slug).first()
        if center is None:
            raise NotFound("Not found.")
        content = dumps(_center(center))
        # No Last-Modified: the center's publish date is not the only way its row changes.
        return json_response(request, content, etag_of(content))
