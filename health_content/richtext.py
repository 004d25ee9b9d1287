"""Rich text for front ends: expand Wagtail's database HTML, then sanitise it with nh3.

Wagtail sanitises rich text only when it comes through the admin editor; content from imports,
fixtures or the ORM reaches ``expand_db_html`` unchanged. Everything a front end receives goes
through ``rich_text_to_html`` so a ``<script>`` or ``javascript:`` link never leaves the API.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape

import nh3
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import features
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "sup", "sub",
    "ul", "ol", "li", "a", "blockquote", "img", "hr", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html: str) -> str:
    """Keep only the tags, attributes and URL schemes a health article needs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def page_path(page: Page) -> str | None:
    """A page's path on its own site ('/back-pain/neck-pain/'), or None if it is not routable."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    return parts[2]


def _page_links(attrs_list: list[dict]) -> list[str]:
    # Links point at the page's path, not Wagtail's absolute URL: front ends own their domain.
    ids = [str(attrs.get("id")) for attrs in attrs_list]
    pages = {
        str(page.pk): page for page in Page.objects.filter(pk__in=[i for i in ids if i.isdigit()])
    }
    tags = []
    for page_id in ids:
        page = pages.get(page_id)
        path = page_path(page) if page is not None and page.live else None
        tags.append(f'<a href="{escape(path)}">' if path else "<a>")
    return tags


@lru_cache(maxsize=1)
def _rewriter() -> MultiRuleRewriter:
    link_rules = {
        name: handler.expand_db_attributes_many
        for name, handler in features.get_link_types().items()
    }
    link_rules["page"] = _page_links
    embed_rules = {
        name: handler.expand_db_attributes_many
        for name, handler in features.get_embed_types().items()
    }
    return MultiRuleRewriter(
        [LinkRewriter(bulk_rules=link_rules), EmbedRewriter(bulk_rules=embed_rules)]
    )


# Elements that are content without any text in them.
_CONTENT_WITHOUT_TEXT = re.compile(r"<(img|hr)\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def rich_text_to_html(source: str | object) -> str:
    """Database rich text (a string or a RichText value) to sanitised front-end HTML.

    Markup without words (``<p></p>``, which the editor sends for a field it showed empty) is
    the empty string: the words a reviewer signs off do not change when an editor opens and
    saves an empty field, so neither may its fingerprint.
    """
    raw = getattr(source, "source", source) or ""
    html = sanitise_html(_rewriter()(str(raw))).strip()
    return html if _has_content(html) else ""


def _has_content(html: str) -> bool:
    return bool(unescape(_TAG.sub("", html)).strip()) or bool(_CONTENT_WITHOUT_TEXT.search(html))
