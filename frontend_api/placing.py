"""Where articles sit, and whether readers may get them there.

An article is served only under a live article center directly below the live root page of a
site, with no view restriction on it or any page above it. Which page types are article
centers is a hook on the page type (``serves_reviewed_articles = True``, as ``HealthCenterPage``
declares), so another site's own hub page type serves its reviewed pages the same way.

This module answers that for many articles at once (a few queries per batch, however many
articles), and gives each servable one its ``documents.Place``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, PageViewRestriction, Site

from .documents import Place

DEFAULT_PUBLISHER = "Health library"


@dataclass(frozen=True)
class ArticleRow:
    """The page-tree facts about an article that decide where, and whether, it is served."""

    pk: int
    path: str
    depth: int
    live: bool
    is_alias: bool

    @property
    def parent_path(self) -> str:
        return self.path[: -Page.steplen]

    @property
    def root_path(self) -> str:
        return self.path[: -2 * Page.steplen]


def is_article_center(page_or_model) -> bool:
    """Whether articles directly below this page (or page type) are served: the page type's
    ``serves_reviewed_articles`` hook."""
    return bool(getattr(page_or_model, "serves_reviewed_articles", False))


def article_center_models() -> list[type[Page]]:
    """Every page type whose child articles are served."""
    return [model for model in apps.get_models() if is_article_center(model)]


def _restricted_paths() -> list[str]:
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def _is_restricted(path: str, restricted: list[str]) -> bool:
    return any(path.startswith(prefix) for prefix in restricted)


def _site_names(root_ids: Iterable[int]) -> dict[int, str]:
    """The publishing site's name for each site root (the default site first if shared)."""
    names: dict[int, str] = {}
    sites = Site.objects.filter(root_page_id__in=list(root_ids)).order_by("-is_default_site", "pk")
    fallback = getattr(settings, "WAGTAIL_SITE_NAME", "") or DEFAULT_PUBLISHER
    for root_id, name in sites.values_list("root_page_id", "site_name"):
        names.setdefault(root_id, name or fallback)
    return names


def places(rows: Iterable[ArticleRow]) -> dict[int, Place]:
    """The place of every servable article among ``rows``, by page id."""
    rows = [row for row in rows if row.live and not row.is_alias and row.depth > 2]
    if not rows:
        return {}
    paths = {row.parent_path for row in rows} | {row.root_path for row in rows}
    ancestors = {
        page.path: page
        # The site root's locale (the article's inLanguage) comes in the same query.
        for page in Page.objects.filter(path__in=paths)
        .select_related("locale")
        .only("pk", "path", "live", "title", "slug", "content_type_id", "locale__language_code")
    }
    center_types = {
        content_type.pk
        for content_type in ContentType.objects.get_for_models(*article_center_models()).values()
    }
    sites = _site_names(page.pk for page in ancestors.values())
    restricted = _restricted_paths()
    found = {}
    for row in rows:
        center, root = ancestors.get(row.parent_path), ancestors.get(row.root_path)
        if center is None or root is None or root.pk not in sites:
            continue
        if not (center.live and root.live and center.content_type_id in center_types):
            continue
        if _is_restricted(row.path, restricted):
            continue
        found[row.pk] = Place(
            root_page_id=root.pk,
            home_title=root.title,
            site_name=sites[root.pk],
            center_id=center.pk,
            center_slug=center.slug,
            center_title=center.title,
            language=root.locale.language_code,
        )
    return found
