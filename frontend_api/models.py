"""The published-article store: the only thing the public API reads for articles.

One row per served article, written in the publish transaction from the signed revision's
sign-off (``store``), holding the exact bytes readers get. Rows are removed in the transaction
that withdraws an article (unpublished, deleted, moved out of a live health center, made
private); an expired row stops being served at its ``expires_at`` instant, whatever the
scheduler does.

The webhook tables are defined in ``webhooks.models``, the search tables in ``search.models``,
the pinned media in ``store.media_models``; they are imported here so Django finds them.
"""

from __future__ import annotations

from django.db import models

from .search.models import SearchEntry, SearchTerm, SynonymGroup  # noqa: F401
from .store.media_models import PinnedRendition, PinnedRenditionUse  # noqa: F401
from .webhooks.models import (  # noqa: F401
    AnnouncedArticle,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)


class PublishedArticle(models.Model):
    """What readers get for one article: detail and list-item JSON, bound to its sign-off.

    ``fingerprint`` equals the sign-off's: the signed part of ``detail`` is the sign-off's
    snapshot (``verify_published`` checks it). The other columns serve the lookups, filters
    and orderings of the API with an index each, and say where the row came from.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    root_page_id = models.BigIntegerField(help_text="The root page of the article's site.")
    center_slug = models.SlugField(max_length=255, allow_unicode=True)
    slug = models.SlugField(max_length=255, allow_unicode=True)
    title = models.CharField(max_length=255)
    last_updated = models.DateField(null=True)
    last_reviewed = models.DateField(null=True)
    next_review_due = models.DateField(null=True)
    published_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    publication_id = models.BigIntegerField(help_text="The publication record it came from.")
    sign_off_id = models.BigIntegerField()
    fingerprint = models.CharField(max_length=64)
    chosen_disclaimer_id = models.BigIntegerField(
        null=True, blank=True, help_text="The article's own disclaimer; empty: the site default."
    )
    disclaimer_version_id = models.BigIntegerField()
    detail = models.BinaryField()
    list_item = models.BinaryField()
    etag = models.CharField(max_length=66)
    linked_ids = models.JSONField(
        default=list,
        blank=True,
        help_text="The articles its related-articles blocks link to (its PublishedLink rows), "
        "so that a store rewrites the links only when they change.",
    )
    stored_at = models.DateTimeField(help_text="When these bytes were written.")
    locale = models.CharField(
        max_length=10, help_text="The language code of the article's locale (its page tree's)."
    )
    translation_key = models.UUIDField(
        null=True, blank=True, help_text="Shared by the article and its translations (Wagtail's)."
    )
    translation_status = models.CharField(
        max_length=10,
        blank=True,
        help_text="A translation's: current or outdated (the original has a newer version "
        "than the one it follows); empty for an original.",
    )

    class Meta:
        verbose_name = "published article"
        # Every list, find and search names a locale (the site's default unless asked), so the
        # locale follows the site in each index the list orders by.
        indexes = [
            models.Index(
                fields=["root_page_id", "locale", "center_slug", "slug"], name="store_find_locale"
            ),
            models.Index(
                fields=["root_page_id", "locale", "last_updated", "page"],
                name="store_updated_locale",
            ),
            models.Index(
                fields=["root_page_id", "locale", "last_reviewed", "page"],
                name="store_reviewed_locale",
            ),
            models.Index(
                fields=["root_page_id", "locale", "title", "page"], name="store_title_locale"
            ),
            models.Index(
                fields=["root_page_id", "locale", "center_slug", "last_updated", "page"],
                name="store_center_updated_locale",
            ),
            models.Index(fields=["translation_key"], name="store_translations"),
            models.Index(fields=["expires_at"], name="store_expiry"),
            models.Index(fields=["sign_off_id"], name="store_sign_off"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (page {self.page_id})"


class PublishedLink(models.Model):
    """A stored article links to another article (a related-articles block).

    Lets the store find, in one indexed query, the documents to recompose when the linked
    article is published, moved or withdrawn.
    """

    article = models.ForeignKey(PublishedArticle, on_delete=models.CASCADE, related_name="links")
    target_page_id = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = "published article link"
        constraints = [
            models.UniqueConstraint(fields=["article", "target_page_id"], name="one_link_per_pair")
        ]

    def __str__(self) -> str:
        return f"page {self.article_id} links to page {self.target_page_id}"


class VerificationRun(models.Model):
    """One run of ``verify_published``: how many stored documents it checked, what it found."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    checked = models.PositiveIntegerField()
    mismatches = models.JSONField(default=list, help_text="page_id, title, problem of each.")

    class Meta:
        verbose_name = "published documents check"
        ordering = ["-finished_at", "-pk"]

    def __str__(self) -> str:
        found = len(self.mismatches)
        return f"{self.finished_at:%Y-%m-%d %H:%M}: {self.checked} checked, {found} mismatches"
