"""schema.org JSON-LD of an article (``MedicalWebPage``), composed with its documents.

What search engines and assistants read: the page's absolute URL and language, its headline,
description, hero image, dates (first published, modified, last reviewed), breadcrumb trail,
citations, the condition it is about, the publisher (name, URL, logo), the authors and, only
when signed off, every approving reviewer with their credentials and specialty. Absolute URLs
are built on ``PUBLIC_BASE_URL``; the terms used are checked against a vendored slice of the
schema.org vocabulary in the tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..conf import api_settings, public_url

if TYPE_CHECKING:
    from .documents import Facts, Place, Translation, Translations

SCHEMA_ORG = "https://schema.org"


def absolute(url: str) -> str:
    """A URL made absolute on the public origin when it is a path (image renditions)."""
    return public_url(url) if url.startswith("/") else url


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


def _pixels(count: int) -> dict[str, Any]:
    # schema.org's width and height take a QuantitativeValue; E37 is UN/CEFACT's "pixel".
    return {"@type": "QuantitativeValue", "value": count, "unitCode": "E37"}


def _image(image: dict[str, Any]) -> dict[str, Any]:
    return {
        "@type": "ImageObject",
        "url": absolute(image["url"]),
        "width": _pixels(image["width"]),
        "height": _pixels(image["height"]),
        "caption": image["alt"],
    }


def _breadcrumb(trail: list[dict[str, Any]], place: Place) -> dict[str, Any]:
    items = [
        {"@type": "ListItem", "position": number, "name": crumb["title"],
         "item": {"@type": "WebPage", "@id": public_url(place.reader_path(crumb["url_path"]))}}
        for number, crumb in enumerate(trail, start=1)
    ]  # fmt: skip
    return {"@type": "BreadcrumbList", "itemListElement": items}


def _publisher(name: str) -> dict[str, Any]:
    publisher: dict[str, Any] = {"@type": "Organization", "name": name, "url": public_url("/")}
    logo = api_settings.PUBLISHER_LOGO_URL
    if logo:
        publisher["logo"] = {"@type": "ImageObject", "url": absolute(logo)}
    return publisher


def _reviewer(reviewed_by: dict[str, Any]) -> dict[str, Any]:
    person: dict[str, Any] = {
        "@type": "Person",
        "name": reviewed_by["name"],
        "hasCredential": {
            "@type": "EducationalOccupationalCredential",
            "name": reviewed_by["credentials"],
        },
    }
    if reviewed_by.get("specialty"):
        person["knowsAbout"] = reviewed_by["specialty"]
    return person


def _author(author: dict[str, Any]) -> dict[str, Any]:
    kind = "Organization" if author.get("type") == "organization" else "Person"
    return {"@type": kind, "name": author["name"]}


def _published(data: dict[str, Any], facts: Facts):
    """When the article was first published: its first publication here, unless the records
    say its content was updated or reviewed earlier (history imported from before this CMS),
    when that earlier day is the honest answer. Never later than ``dateModified``."""
    published = facts.first_published_at or facts.published_at
    earlier = [day for day in (data["last_updated"], data["last_reviewed"]) if day]
    if published and earlier and min(earlier) < published.date():
        return min(earlier)
    return published


def _work(translation: Translation, place: Place) -> dict[str, Any]:
    """Another language's version of the article, as a schema.org reference to it."""
    return {
        "@type": "MedicalWebPage",
        "url": public_url(place.reader_path(translation.url_path, translation.locale)),
        "name": translation.title,
        "inLanguage": translation.locale,
    }


def _translation_links(translations: Translations | None, place: Place) -> dict[str, Any]:
    """``translationOfWork`` on a translation (its original, when served), ``workTranslation``
    on an original (its served translations)."""
    if translations is None:
        return {}
    if translations.status is not None:
        original = translations.original()
        return {"translationOfWork": _work(original, place)} if original else {}
    if translations.served:
        return {"workTranslation": [_work(t, place) for t in translations.served]}
    return {}


def json_ld(
    data: dict[str, Any], *, place: Place, facts: Facts, translations: Translations | None = None
) -> dict[str, Any]:
    """schema.org ``MedicalWebPage`` for the article; review claims only when signed off."""
    document: dict[str, Any] = {
        "@context": SCHEMA_ORG,
        "@type": "MedicalWebPage",
        "url": public_url(place.reader_path(data["url_path"])),
        "name": data["title"],
        "headline": data["title"],
        "description": data["summary"],
        "inLanguage": place.language,
        "breadcrumb": _breadcrumb(data["breadcrumbs"], place),
        **_translation_links(translations, place),
        "citation": [_citation(reference) for reference in data["references"]],
        "publisher": _publisher(place.site_name),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
    }
    if data["condition"]:
        document["about"] = {"@type": "MedicalCondition", "name": data["condition"]}
    if data["hero_image"]:
        document["image"] = _image(data["hero_image"])
    published = _published(data, facts)
    if published:
        document["datePublished"] = published
    if data["last_updated"]:
        document["dateModified"] = data["last_updated"]
    if data["authors"]:
        document["author"] = [_author(author) for author in data["authors"]]
    if data["reviewed_by"] and data["last_reviewed"]:
        document["lastReviewed"] = data["last_reviewed"]
        signers = data["reviewers"] or [data["reviewed_by"]]
        document["reviewedBy"] = [_reviewer(reviewer) for reviewer in signers]
    return document
