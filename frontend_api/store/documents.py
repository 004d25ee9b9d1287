"""The documents readers get: an article's detail and its list item, composed from plain data.

The signed content (``health_content.rendering.render_article`` as the reviewer signed it, taken
from the sign-off's snapshot) is wrapped in what lies outside medical review: where the article
sits on its site, its review facts and reviewer, the disclaimer, links to related articles that
are served, and schema.org JSON-LD. Nothing here reads the database: the store (``store``)
gathers the inputs, the preview (``preview``) composes drafts the same way.

The signed part is never rewritten, with two exceptions readers expect: related-article links
name only articles served right now, at their current path (the linked article's title stays as
signed; a renamed one asks for a re-review instead); and images point to the pinned copy of the
rendition the reviewer saw (``media``: the same bytes, kept while the document points to them).
Around it go the credits: every approving reviewer and the authors (``Facts``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson

from ..safe_json import dumps
from .linked_data import json_ld

# The keys of ``render_article``: the part of a document a medical sign-off covers.
SIGNED_KEYS = ("id", "title", "slug", "summary", "condition", "hero_image", "body", "references",
               "source")  # fmt: skip
# Any page type adopting the review contract is served as an article: its reviewed content
# must give ``id``, ``title`` and ``slug``; the other article keys it lacks read as empty.
ARTICLE_DEFAULTS: dict[str, Any] = {
    "summary": "",
    "condition": "",
    "hero_image": None,
    "body": [],
    "references": [],
    "source": None,
}


WEB_SCHEMES = ("http", "https")


def web_url(value: Any) -> str:
    """``value`` if it is an http(s) URL, else "": a reference or source link readers get is
    never ``javascript:``, ``data:`` or another scheme, whatever path it came in by."""
    text = value.strip() if isinstance(value, str) else ""
    scheme, _, rest = text.partition(":")
    return text if scheme.lower() in WEB_SCHEMES and rest.startswith("//") else ""


def _with_web_urls(signed: dict[str, Any]) -> dict[str, Any]:
    references = signed.get("references")
    if isinstance(references, list):
        signed["references"] = [
            {**ref, "url": web_url(ref["url"])} if isinstance(ref, dict) and "url" in ref else ref
            for ref in references
        ]
    if isinstance(signed.get("source"), dict) and "url" in signed["source"]:
        signed["source"] = {**signed["source"], "url": web_url(signed["source"].get("url"))}
    return signed


def as_article(signed: dict[str, Any]) -> dict[str, Any]:
    """Signed content in the article's shape: every signed key, empty where the page type has
    none (a treatment article has them all); reference and source URLs http(s) only."""
    return _with_web_urls({**ARTICLE_DEFAULTS, **signed})


def center_path(center_slug: str) -> str:
    """A health center's path on its site: '/back-pain/'."""
    return f"/{center_slug}/"


def article_path(center_slug: str, slug: str) -> str:
    """An article's path on its site, as readers and the API know it: '/back-pain/rest/'.

    The one definition: the store, the CDN purge, webhooks and the API all build paths here
    (and match Wagtail's ``get_url_parts`` for pages placed as the store requires).
    """
    return f"{center_path(center_slug)}{slug}/"


@dataclass(frozen=True)
class Place:
    """Where an article sits: its site's root, the site's name and its health center."""

    root_page_id: int
    home_title: str
    site_name: str
    center_id: int
    center_slug: str
    center_title: str
    language: str = "en"  # the article's language (its page tree's root locale)
    site_language: str = "en"  # the site's own language (its root page's locale)

    def center(self) -> dict[str, Any]:
        return {"id": self.center_id, "slug": self.center_slug, "title": self.center_title}

    def path_of(self, slug: str) -> str:
        return article_path(self.center_slug, slug)

    def reader_path(self, path: str, language: str | None = None) -> str:
        """Where readers reach ``path`` of this site in ``language`` (default: the article's):
        under a language prefix ('/es/back-pain/rest/') unless it is the site's own
        language, as Wagtail's ``i18n_patterns`` (without a default-language prefix) does."""
        return reader_path(path, language or self.language, self.site_language)


def reader_path(path: str, language: str, site_language: str) -> str:
    """``path`` of a page tree in ``language`` as readers reach it on the site: prefixed
    with the language unless it is the site's own language."""
    return path if language == site_language else f"/{language}{path}"


@dataclass(frozen=True)
class Translation:
    """Another locale's served version of the same article (same translation key)."""

    id: int
    locale: str
    title: str
    url_path: str
    api_path: str | None
    translation_status: str | None  # None: it is the original

    def as_data(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "locale": self.locale,
            "title": self.title,
            "url_path": self.url_path,
            "api_path": self.api_path,
            "translation_status": self.translation_status,
        }


@dataclass(frozen=True)
class Translations:
    """An article's translation facts: the other locales' served versions and, for a
    translation, whether it follows its original's newest version (``translation_follows``
    of the review contract, as ``follows``: original_id, version,
    outdated_since)."""

    served: tuple[Translation, ...] = ()
    status: str | None = None  # a translation's: current | outdated; None: an original
    follows: dict[str, Any] | None = None

    def original(self) -> Translation | None:
        """The original among the served versions (a translation's), if it is served."""
        if self.status is None:
            return None
        return next((t for t in self.served if t.translation_status is None), None)


NO_TRANSLATIONS = Translations()


@dataclass(frozen=True)
class Facts:
    """What the publication says about the version readers get."""

    last_updated: date | None
    last_reviewed: date | None
    next_review_due: date | None
    published_at: datetime | None
    # The approval that completed the review (the publication's proof): name, credentials,
    # signed_at as recorded at sign-off. Kept for clients from before ``reviewers``.
    reviewed_by: dict[str, Any] | None
    first_published_at: datetime | None = None  # the article's first publication, any version
    # Every approving reviewer of the version, in order of signing (``ApprovalCredit.as_data``).
    reviewers: tuple[dict[str, Any], ...] = ()
    # Who wrote it: the editors of the version, or the configured byline ({"name", "kind"}).
    authors: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Composed:
    """A stored article's two documents, as bytes, and its related links."""

    detail: bytes
    list_item: bytes
    url_path: str
    related_ids: frozenset[int] = field(default_factory=frozenset)


def related_ids(signed: dict[str, Any]) -> list[int]:
    """Every article the signed body's related-articles blocks link to, in editorial order."""
    ids: dict[int, None] = {}
    for block in signed.get("body", []):
        if block["type"] == "related_articles":
            for article in block["value"]["articles"]:
                ids.setdefault(article["id"], None)
    return list(ids)


def _linked_body(body: list[dict[str, Any]], served_paths: dict[int, str]) -> list[dict]:
    linked = []
    for block in body:
        if block["type"] == "related_articles":
            articles = [
                {**article, "url_path": served_paths[article["id"]]}
                for article in block["value"]["articles"]
                if article["id"] in served_paths
            ]
            block = {**block, "value": {**block["value"], "articles": articles}}
        linked.append(block)
    return linked


def related(body: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The related articles of a (linked) body, once each, in editorial order."""
    seen: dict[int, dict[str, Any]] = {}
    for block in body:
        if block["type"] == "related_articles":
            for article in block["value"]["articles"]:
                seen.setdefault(article["id"], article)
    return list(seen.values())


def breadcrumbs(place: Place, title: str, url_path: str) -> list[dict[str, Any]]:
    """Home, health center, article: titles and paths for a trail of links."""
    return [
        {"title": place.home_title, "url_path": "/"},
        {"title": place.center_title, "url_path": center_path(place.center_slug)},
        {"title": title, "url_path": url_path},
    ]


def detail(
    signed: dict[str, Any],
    *,
    place: Place,
    facts: Facts,
    disclaimer: dict[str, Any],
    served_paths: dict[int, str],
    translations: Translations = NO_TRANSLATIONS,
) -> dict[str, Any]:
    """The full article: signed content, then everything around it."""
    url_path = place.path_of(signed["slug"])
    body = _linked_body(signed["body"], served_paths)
    data: dict[str, Any] = {
        **{key: signed[key] for key in SIGNED_KEYS},
        "body": body,
        "disclaimer": disclaimer,
        "review": {
            "last_reviewed": facts.last_reviewed,
            "next_review_due": facts.next_review_due,
            "last_updated": facts.last_updated,
        },
        "url_path": url_path,
        "health_center": place.center(),
        "last_updated": facts.last_updated,
        "last_reviewed": facts.last_reviewed,
        "next_review_due": facts.next_review_due,
        "reviewed_by": facts.reviewed_by,
        "reviewers": list(facts.reviewers),
        "authors": list(facts.authors),
        "published_at": facts.published_at,
        "breadcrumbs": breadcrumbs(place, signed["title"], url_path),
        "related": related(body),
        "locale": place.language,
        "translations": [translation.as_data() for translation in translations.served],
        "translation_status": translations.status,
        "translation_follows": translations.follows,
    }
    data["json_ld"] = json_ld(data, place=place, facts=facts, translations=translations)
    return data


def list_item(
    signed: dict[str, Any],
    *,
    place: Place,
    facts: Facts,
    translations: Translations = NO_TRANSLATIONS,
) -> dict[str, Any]:
    """One article in a list."""
    return {
        "id": signed["id"],
        "slug": signed["slug"],
        "title": signed["title"],
        "summary": signed["summary"],
        "url_path": place.path_of(signed["slug"]),
        "health_center": place.center(),
        "last_updated": facts.last_updated,
        "last_reviewed": facts.last_reviewed,
        "next_review_due": facts.next_review_due,
        "reviewed_by": facts.reviewed_by,
        "reviewers": [compact_reviewer(reviewer) for reviewer in facts.reviewers],
        "locale": place.language,
        "translation_status": translations.status,
    }


def compact_reviewer(reviewer: dict[str, Any]) -> dict[str, Any]:
    """A reviewer as a list item names them: name, credentials, specialty."""
    return {key: reviewer[key] for key in ("name", "credentials", "specialty")}


def compose(
    signed: dict[str, Any],
    *,
    place: Place,
    facts: Facts,
    disclaimer: dict[str, Any],
    served_paths: dict[int, str],
    translations: Translations = NO_TRANSLATIONS,
) -> Composed:
    """Both documents of a stored article, as the bytes the API sends."""
    signed = as_article(signed)
    document = detail(
        signed,
        place=place,
        facts=facts,
        disclaimer=disclaimer,
        served_paths=served_paths,
        translations=translations,
    )
    # Keys sorted: the snapshot may come back from the database in another key order (jsonb
    # normalises it), and the same content must always give the same bytes and ETag.
    return Composed(
        detail=dumps(document, option=orjson.OPT_SORT_KEYS),
        list_item=dumps(
            list_item(signed, place=place, facts=facts, translations=translations),
            option=orjson.OPT_SORT_KEYS,
        ),
        url_path=document["url_path"],
        related_ids=frozenset(related_ids(signed)),
    )
