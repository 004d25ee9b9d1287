"""The public representation of articles: list items, the full article, and its JSON-LD.

The article body comes from ``health_content.rendering.render_article`` untouched; this module
adds what a front end needs around it (review facts, who signed off, where the article sits,
related articles, schema.org data). Everything is plain data ready for orjson.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from wagtail.models import Page, Site

from health_content.rendering import render_article
from review_workflow.review_facts import SignOffFacts

SCHEMA_ORG = "https://schema.org"


def site_path(page: Page, site: Site) -> str | None:
    """The page's path on ``site`` ('/back-pain/rest/'), or None if it is outside the site."""
    root_path = site.root_page.url_path
    if not page.url_path or not page.url_path.startswith(root_path):
        return None
    return "/" + page.url_path[len(root_path) :]


def reviewer(sign_off: SignOffFacts | None) -> dict[str, Any] | None:
    """Who signed off the live version: the snapshot taken at sign-off, never a user row."""
    if sign_off is None:
        return None
    return {
        "name": sign_off.reviewer.name,
        "credentials": sign_off.reviewer.credentials,
        "signed_at": sign_off.signed_at,
    }


def center_summary(pk: int, slug: str, title: str) -> dict[str, Any]:
    return {"id": pk, "slug": slug, "title": title}


def review_facts(page: Page) -> dict[str, date | None]:
    return {
        "last_updated": page.last_updated,
        "last_reviewed": page.last_reviewed,
        "next_review_due": page.next_review_due,
    }


def list_item(article: Page, site: Site, sign_off: SignOffFacts | None) -> dict[str, Any]:
    """One article in a list; ``article`` carries the center annotations of the selector."""
    return {
        "id": article.pk,
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "url_path": site_path(article, site),
        "health_center": center_summary(
            article.center_pk, article.center_slug, article.center_title
        ),
        **review_facts(article),
        "reviewed_by": reviewer(sign_off),
    }


def breadcrumbs(site: Site, center: dict[str, Any], page: Page) -> list[dict[str, Any]]:
    """Home, health center, article: titles and paths for a trail of links."""
    return [
        {"title": site.root_page.title, "url_path": "/"},
        {"title": center["title"], "url_path": f"/{center['slug']}/"},
        {"title": page.title, "url_path": site_path(page, site)},
    ]


def related_articles(body: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every article the body's related-articles blocks link to, once, in editorial order."""
    seen: dict[int, dict[str, Any]] = {}
    for block in body:
        if block["type"] == "related_articles":
            for article in block["value"]["articles"]:
                seen.setdefault(article["id"], article)
    return list(seen.values())


def only_related(data: dict[str, Any], servable_ids: set[int]) -> dict[str, Any]:
    """A copy of ``data`` whose related links name only articles that are still servable."""
    body = []
    for block in data["body"]:
        if block["type"] == "related_articles":
            articles = [a for a in block["value"]["articles"] if a["id"] in servable_ids]
            block = {**block, "value": {**block["value"], "articles": articles}}
        body.append(block)
    related = [a for a in data["related"] if a["id"] in servable_ids]
    return {**data, "body": body, "related": related}


def _citation(reference: dict[str, Any]) -> dict[str, Any]:
    citation: dict[str, Any] = {"@type": "CreativeWork", "name": reference["text"]}
    if reference["url"]:
        citation["url"] = reference["url"]
    identifiers = []
    if reference["doi"]:
        identifiers.append(f"doi:{reference['doi']}")
    if reference["pubmed_id"]:
        identifiers.append(f"pmid:{reference['pubmed_id']}")
    if identifiers:
        citation["identifier"] = identifiers
    return citation


def json_ld(data: dict[str, Any], publisher: str) -> dict[str, Any]:
    """schema.org ``MedicalWebPage`` for the article; review claims only when signed off."""
    document: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "MedicalWebPage",
        "name": data["title"],
        "headline": data["title"],
        "description": data["summary"],
        "about": {"@type": "MedicalCondition", "name": data["condition"]},
        "citation": [_citation(reference) for reference in data["references"]],
        "publisher": {"@type": "Organization", "name": publisher},
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
    }
    if data["last_updated"]:
        document["dateModified"] = data["last_updated"]
    if data["reviewed_by"] and data["last_reviewed"]:
        document["lastReviewed"] = data["last_reviewed"]
        document["reviewedBy"] = {
            "@type": "Person",
            "name": data["reviewed_by"]["name"],
            "hasCredential": {
                "@type": "EducationalOccupationalCredential",
                "name": data["reviewed_by"]["credentials"],
            },
        }
    return document


def article_detail(
    page: Page,
    site: Site,
    center: dict[str, Any],
    sign_off: SignOffFacts | None,
) -> dict[str, Any]:
    """The full article: the rendered content plus review facts, place, links and JSON-LD."""
    rendered = render_article(page)
    data: dict[str, Any] = {
        **rendered,
        "url_path": site_path(page, site),
        "health_center": center,
        **review_facts(page),
        "reviewed_by": reviewer(sign_off),
        "published_at": page.last_published_at,
        "breadcrumbs": breadcrumbs(site, center, page),
        "related": related_articles(rendered["body"]),
    }
    publisher = site.site_name or getattr(settings, "WAGTAIL_SITE_NAME", "") or "Health library"
    data["json_ld"] = json_ld(data, publisher)
    return data
