"""Write search entries for stored articles, in the transaction that stores them.

The texts come from the signed content the stored document was composed from (title,
condition, summary, body blocks), so search indexes exactly what readers get. Related-article
blocks are left out: their titles name other articles, and a search for one should not find
every article that links to it. The ``store`` calls ``index`` from its one write path; rows it
deletes take their entries with them (cascade).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..conf import api_settings
from .models import SearchEntry, SearchTerm

TAG = re.compile(r"<[^>]+>")
# The excerpt marks its highlights with these two characters before escaping (``engine``).
MARKERS = str.maketrans({"\x02": " ", "\x03": " "})
SPACE = re.compile(r"\s+")
# Vocabulary words: letters only, long enough to be worth correcting.
WORD = re.compile(r"[^\W\d_]{3,40}")
HEADING_KEYS = ("heading", "title", "name")
SKIPPED_KEYS = {"type", "id", "kind", "kind_label", "url", "reference_numbers", "image"}
# Reading order of a block value's keys, as ``health_content.rendering`` writes them. Explicit,
# because the signed snapshot comes back from PostgreSQL's jsonb with its keys in another order:
# a search row must be the same whether composed at publish or recomposed from the database
# (``verify_published`` compares them). Keys not listed follow, by name.
READING_ORDER = {key: rank for rank, key in enumerate((
    "heading", "title", "intro", "factors", "options", "name", "description", "evidence_note",
    "text", "closing_note", "caption",
))}  # fmt: skip
ENTRY_FIELDS = [f.name for f in SearchEntry._meta.concrete_fields if not f.primary_key]


def plain(text: str) -> str:
    """Rich text as plain words: tags dropped, entities decoded, spaces collapsed."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", text)).translate(MARKERS)).strip()


def _strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(key, text) of every string in a block value, depth first, in reading order."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name in sorted(
            value, key=lambda name: (READING_ORDER.get(name, len(READING_ORDER)), name)
        ):
            if name not in SKIPPED_KEYS:
                yield from _strings(value[name], name)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)


def body_texts(body: list[dict[str, Any]]) -> tuple[str, str]:
    """The headings (weight C) and the whole running text, headings included (weight D), of
    a rendered body."""
    headings, text = [], []
    for block in body:
        if block["type"] in ("related_articles", "image"):
            continue
        for key, string in _strings(block["value"]):
            # Headings stay in the running text too, in reading order: an excerpt shows a
            # treatment's name where it is the only place the words match.
            if key in HEADING_KEYS:
                headings.append(plain(string))
            text.append(plain(string))
    return " ".join(filter(None, headings)), " ".join(filter(None, text))


def entry_for(row, content: dict[str, Any], center_title: str) -> SearchEntry:
    """The search entry of a stored row, from the content its document was composed from."""
    headings, text = body_texts(content["body"])
    summary = plain(content.get("summary") or "")
    return SearchEntry(
        article_id=row.pk,
        root_page_id=row.root_page_id,
        center_slug=row.center_slug,
        center_title=center_title,
        expires_at=row.expires_at,
        next_review_due=row.next_review_due,
        last_updated=row.last_updated,
        last_reviewed=row.last_reviewed,
        locale=row.locale,
        search_config=search_configuration(row.locale),
        title=plain(content["title"]),
        lead=f"{plain(content.get('condition') or '')} {summary}".strip(),
        headings=headings,
        body=f"{summary} {text}".strip(),
    )


def search_configuration(language: str) -> str:
    """PostgreSQL's text-search configuration for a content language (``SEARCH_CONFIGURATIONS``;
    "simple", without stemming, for a language it does not name)."""
    configurations = api_settings.SEARCH_CONFIGURATIONS
    return configurations.get(language) or configurations.get(language.split("-")[0]) or "simple"


def terms_of(entries: Iterable[SearchEntry]) -> set[str]:
    """Every vocabulary word of these entries, lower-cased."""
    words: set[str] = set()
    for entry in entries:
        for text in (entry.title, entry.lead, entry.headings, entry.body):
            words.update(word.lower() for word in WORD.findall(text))
    return words


def index(entries: list[SearchEntry]) -> None:
    """Insert or replace these entries and add their words to the vocabulary (two queries)."""
    if not entries:
        return
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=ENTRY_FIELDS,
    )
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=word) for word in sorted(terms_of(entries))], ignore_conflicts=True
    )
