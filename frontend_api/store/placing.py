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
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
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


def _lineage(row: ArticleRow) -> list[str]:
    """The paths of the article and every page above it, up to the tree's root."""
    return [row.path[:end] for end in range(Page.steplen, len(row.path) + 1, Page.steplen)]


def _sites_of(field: str) -> Subquery:
    """The ``field`` of the site that serves the outer page as a tree's root: the site rooted
    at the page itself, else (with locales on) one rooted at a translation of it, since
    Wagtail serves a site's translated trees at the site (``Site.get_site_root_paths``); the
    default site first if several are."""
    itself = Site.objects.filter(root_page_id=OuterRef("pk")).order_by("-is_default_site", "pk")
    found = Subquery(itself.values(field)[:1])
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return found
    translated = Site.objects.filter(
        root_page__translation_key=OuterRef("translation_key")
    ).order_by("-is_default_site", "pk")
    return Coalesce(found, Subquery(translated.values(field)[:1]))


def _tree_facts(paths: set[str]) -> dict[str, Page]:
    """These pages, each with its own view restriction (``restricted``) and, for a site root
    or a translation of one, the publishing site (``site_root_id``, ``site_name``), in one
    query. The page's locale (for a tree's root, its articles' language) comes in it too."""
    pages = (
        Page.objects.filter(path__in=paths)
        .select_related("locale")
        .only("pk", "path", "live", "title", "slug", "content_type_id", "locale__language_code")
        .annotate(
            restricted=Exists(PageViewRestriction.objects.filter(page_id=OuterRef("pk"))),
            site_root_id=_sites_of("root_page_id"),
            site_name=_sites_of("site_name"),
        )
    )
    return {page.path: page for page in pages}


def _site_languages(roots: list[Page]) -> dict[int, str]:
    """The language of each site these tree roots belong to (its root page's locale): the
    root's own for a site root (no query), one query for the roots of translated trees."""
    languages = {
        root.pk: root.locale.language_code for root in roots if root.site_root_id == root.pk
    }
    others = {root.site_root_id for root in roots if root.site_root_id not in languages}
    if others:
        languages.update(
            Page.objects.filter(pk__in=others).values_list("pk", "locale__language_code")
        )
    return languages


def _site_name(root: Page) -> str:
    fallback = getattr(settings, "WAGTAIL_SITE_NAME", "") or DEFAULT_PUBLISHER
    return root.site_name or fallback


def places(rows: Iterable[ArticleRow]) -> dict[int, Place]:
    """The place of every servable article among ``rows``, by page id."""
    rows = [row for row in rows if row.live and not row.is_alias and row.depth > 2]
    if not rows:
        return {}
    tree = _tree_facts({path for row in rows for path in _lineage(row)})
    center_types = {
        content_type.pk
        for content_type in ContentType.objects.get_for_models(*article_center_models()).values()
    }
    roots = [page for page in tree.values() if page.site_root_id is not None]
    languages = _site_languages(roots)
    found = {}
    for row in rows:
        center, root = tree.get(row.parent_path), tree.get(row.root_path)
        if center is None or root is None or root.site_root_id is None:
            continue
        if not (center.live and root.live and center.content_type_id in center_types):
            continue
        if any(tree[path].restricted for path in _lineage(row) if path in tree):
            continue
        found[row.pk] = Place(
            root_page_id=root.site_root_id,
            home_title=root.title,
            site_name=_site_name(root),
            center_id=center.pk,
            center_slug=center.slug,
            center_title=center.title,
            language=root.locale.language_code,
            site_language=languages[root.site_root_id],
        )
    return found
