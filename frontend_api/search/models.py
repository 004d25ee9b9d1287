"""What public search reads: one entry per stored document, the vocabulary, synonym groups.

``SearchEntry`` holds the weighted texts of one stored article (``PublishedArticle``), written by
the store in the same transaction as the article's row and deleted with it (cascade), so search
can only ever find what is served. It carries copies of the columns that decide whether and to
whom the article is served (site root, center, expiry, next review date) and of those the list
filters and orders by, so a search never joins the store to filter. The full-text index lives
beside it, created by migration ``0007`` per database: on PostgreSQL weighted ``tsvector``
columns generated from these texts with a GIN index; on SQLite an FTS5 table over this one,
kept in step by triggers.

``SearchTerm`` is the vocabulary the "did you mean" suggestions are taken from (words of stored
documents only, never of drafts); a candidate is suggested only if it finds an article the
requester is served right now, so a word left behind by a withdrawn article never shows.

``SynonymGroup`` is the snippet editors manage to fix a failed search without a deploy.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

SEPARATOR = re.compile(r"[,;\n]")


def default_language() -> str:
    """The default content language's code (Wagtail's default locale)."""
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def content_language_choices() -> list[tuple[str, str]]:
    """The content languages the site serves (``WAGTAIL_CONTENT_LANGUAGES``)."""
    from wagtail.coreutils import get_content_languages

    return list(get_content_languages().items())


class SearchConfigField(models.CharField):
    """A PostgreSQL text-search configuration's name (``regconfig`` there, so the generated
    full-text columns can pass it to ``to_tsvector``; plain text on other databases)."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "regconfig"
        return super().db_type(connection)


class SearchEntry(models.Model):
    """The searchable texts of one stored article, with the columns that filter it."""

    article = models.OneToOneField(
        "frontend_api.PublishedArticle",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    root_page_id = models.BigIntegerField()
    center_slug = models.SlugField(max_length=255, allow_unicode=True, db_index=False)
    center_title = models.CharField(max_length=255)
    expires_at = models.DateTimeField(null=True, blank=True)
    next_review_due = models.DateField(null=True)
    last_updated = models.DateField(null=True)
    last_reviewed = models.DateField(null=True)
    locale = models.CharField(
        max_length=10,
        help_text="The article's language: which text-search configuration "
        "indexes it (PostgreSQL) and which searches find it.",
    )
    search_config = SearchConfigField(
        max_length=63,
        default="english",
        help_text="The text-search configuration of its language (stemming, stop words).",
    )
    # Weight A, B, C, D in that order; ``body`` starts with the summary so that an excerpt can
    # show the lead paragraph when that is where the words are.
    title = models.TextField()
    lead = models.TextField(help_text="The condition and the summary.")
    headings = models.TextField(help_text="Headings, callout titles and treatment names.")
    body = models.TextField(help_text="The summary and the text of the body blocks.")

    class Meta:
        verbose_name = "search entry"
        verbose_name_plural = "search entries"
        # No b-tree index on the filter columns: the planner would prefer it to the full-text
        # index and test every entry of a site against the query (measured: 440 ms instead
        # of 15 ms at 22,000 entries). Filters are applied to what the full-text index finds.

    def __str__(self) -> str:
        return self.title


class SearchTerm(models.Model):
    """A word that occurs in a stored document: a candidate for "did you mean"."""

    term = models.CharField(max_length=40, primary_key=True)

    class Meta:
        verbose_name = "search term"

    def __str__(self) -> str:
        return self.term


def phrases_of(text: str) -> list[str]:
    """The phrases of a synonym group as written ("sciatica, back pain"), normalised."""
    found = []
    for part in SEPARATOR.split(text):
        phrase = " ".join(part.lower().split())
        if phrase and phrase not in found:
            found.append(phrase)
    return found


class SynonymGroup(models.Model):
    """Words and phrases readers use for the same thing: a search for one finds them all."""

    terms = models.TextField(
        help_text="Comma-separated words or phrases that mean the same to readers, e.g. "
        '"sciatica, back pain". A search for any of them finds articles with any of them.'
    )
    note = models.CharField(
        max_length=255, blank=True, help_text="Why the group exists (for other editors)."
    )
    language = models.CharField(
        max_length=10,
        default=default_language,
        choices=content_language_choices,
        help_text="The language of these words: they expand searches in this language only.",
    )

    class Meta:
        verbose_name = "search synonym group"
        ordering = ["language", "terms"]

    def __str__(self) -> str:
        return f"{', '.join(self.phrases())} ({self.language})"

    def phrases(self) -> list[str]:
        return phrases_of(self.terms)

    def clean(self) -> None:
        phrases = self.phrases()
        if len(phrases) < 2:
            raise ValidationError({"terms": "Give at least two words or phrases."})
        if any(not re.search(r"\w", phrase) for phrase in phrases):
            raise ValidationError({"terms": "Each entry needs a letter or digit."})
        self.terms = ", ".join(phrases)
