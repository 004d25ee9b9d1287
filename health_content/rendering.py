"""Render a treatment article (or any revision of it) to plain, JSON-ready data.

This is the one representation of an article's content: what a medical reviewer signs off (its
fingerprint is what a sign-off binds to), what the published-article store serves from the
sign-off's snapshot, and what the headless preview shows for drafts. It must be deterministic:
the same content gives byte-identical canonical JSON, so keys are fixed, lists keep their
editorial order, and dates are ISO strings. Review facts and the disclaimer are not part of it:
they come with the publication, outside medical review.
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Page

from .blocks import CalloutBlock, parse_reference_numbers
from .richtext import page_path, rich_text_to_html

HERO_RENDITION = "fill-1200x630"
BODY_RENDITION = "max-1200x1200"
CALLOUT_LABELS = dict(CalloutBlock.KINDS)


def render_image(image, alt_text: str, spec: str) -> dict[str, Any] | None:
    """An image as a front end needs it: a rendition sized for the web, and its alt text."""
    if image is None:
        return None
    rendition = image.get_rendition(spec)
    return {
        "id": image.pk,
        "url": rendition.url,
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt_text,
    }


def _render_option(option) -> dict[str, Any]:
    return {
        "name": option["name"],
        "description": rich_text_to_html(option["description"]),
        "evidence_note": option["evidence_note"] or "",
        "reference_numbers": parse_reference_numbers(option["reference_numbers"]),
    }


def _render_related(value) -> dict[str, Any]:
    pages = [page for page in value["articles"] if page is not None and page.live]
    return {
        "heading": value["heading"],
        "articles": [
            {"id": page.pk, "title": page.title, "url_path": page_path(page)} for page in pages
        ],
    }


def _render_block_value(block_type: str, value) -> dict[str, Any]:
    if block_type == "section":
        return {"heading": value["heading"], "text": rich_text_to_html(value["text"])}
    if block_type == "treatment_factors":
        return {"intro": value["intro"], "factors": list(value["factors"])}
    if block_type == "treatment_tier":
        return {
            "heading": value["heading"],
            "intro": rich_text_to_html(value["intro"]),
            "options": [_render_option(option) for option in value["options"]],
            "closing_note": rich_text_to_html(value["closing_note"]),
        }
    if block_type == "callout":
        return {
            "kind": value["kind"],
            "kind_label": CALLOUT_LABELS.get(value["kind"], value["kind"]),
            "title": value["title"],
            "text": rich_text_to_html(value["text"]),
        }
    if block_type == "related_articles":
        return _render_related(value)
    if block_type == "image":
        return {
            "image": render_image(value["image"], value["alt_text"], BODY_RENDITION),
            "caption": value["caption"] or "",
        }
    raise ValueError(f"No renderer for body block {block_type!r}")


def render_body(body) -> list[dict[str, Any]]:
    """Body blocks as typed objects: ``{"type", "id", "value"}`` in editorial order."""
    return [
        {
            "type": child.block_type,
            "id": child.id,
            "value": _render_block_value(child.block_type, child.value),
        }
        for child in body
    ]


def render_references(references) -> list[dict[str, Any]]:
    """Numbered citations; the number is the position, as editors see it in the admin."""
    return [
        {
            "number": number,
            "text": child.value["text"],
            "url": child.value["url"] or "",
            "doi": child.value["doi"] or "",
            "pubmed_id": child.value["pubmed_id"] or "",
        }
        for number, child in enumerate(references or [], start=1)
    ]


def render_source(source) -> dict[str, str] | None:
    if source is None:
        return None
    return {"name": source.name, "attribution": source.attribution, "url": source.url}


def render_article(page: Page) -> dict[str, Any]:
    """Every reader-visible field of an article's content: what a medical sign-off covers."""
    return {
        "id": page.pk,
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "condition": page.condition,
        "hero_image": render_image(page.hero_image, page.hero_image_alt, HERO_RENDITION),
        "body": render_body(page.body),
        "references": render_references(page.references),
        "source": render_source(page.source),
    }


def body_images(body) -> list:
    """The images of the body's image blocks, in order."""
    return [child.value["image"] for child in body or [] if child.block_type == "image"]


def _block_prose(block_type: str, value: dict[str, Any]) -> list[str]:
    """The prose of one rendered body block (rich text as HTML, stripped later)."""
    if block_type == "section":
        return [value["heading"], value["text"]]
    if block_type == "treatment_factors":
        return [value["intro"], *value["factors"]]
    if block_type == "treatment_tier":
        options = [
            part
            for option in value["options"]
            for part in (option["name"], option["description"], option["evidence_note"])
        ]
        return [value["heading"], value["intro"], *options, value["closing_note"]]
    if block_type == "callout":
        return [value["title"], value["text"]]
    if block_type == "image":
        return [value["caption"]]
    return []  # related articles: titles of other articles, not this one's prose


def reader_text(content: dict[str, Any]) -> str:
    """The article's reader-facing prose from its rendered content (``render_article``): title,
    lead and body, each part a sentence; references, source and disclaimer are not its prose."""
    from review_workflow.contract import plain_text

    parts = [content.get("title", ""), content.get("summary", "")]
    for block in content.get("body", []):
        parts += _block_prose(block["type"], block["value"])
    sentences = [plain_text(part) for part in parts if part]
    return " ".join(s if s.endswith((".", "?", "!", ":")) else s + "." for s in sentences if s)
