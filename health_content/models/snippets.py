"""Snippets shared by many articles: the medical disclaimer and the content source."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

# Used only if an operator deletes every disclaimer: no article is ever served without one.
BUILT_IN_DISCLAIMER_TEXT = (
    "This information does not replace the advice of a doctor or other qualified health "
    "professional. Always ask a health professional about your own symptoms and treatment."
)


@dataclass(frozen=True)
class DisclaimerText:
    """The disclaimer an article shows: a saved snippet or the built-in fallback."""

    title: str
    text: str
    version: int


class Disclaimer(index.Indexed, models.Model):
    """Legal text shown under every article; its version increases whenever the text changes."""

    title = models.CharField(max_length=255, help_text="Internal name, e.g. 'Standard medical'.")
    text = models.TextField(help_text="The words readers see under the article.")
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Increases automatically when the text changes."
    )
    is_site_default = models.BooleanField(
        default=False,
        help_text="Shown on every article that does not choose a disclaimer. Only one can be the "
        "default; choosing this one unsets the others.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("title"), FieldPanel("text"), FieldPanel("is_site_default")]
    search_fields = [index.SearchField("title"), index.SearchField("text")]

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_site_default"],
                condition=models.Q(is_site_default=True),
                name="one_site_default_disclaimer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            self._bump_version_if_text_changed()
            if self.is_site_default:
                Disclaimer.objects.filter(is_site_default=True).exclude(pk=self.pk).update(
                    is_site_default=False
                )
            super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.text.strip():
            raise ValidationError({"text": "A disclaimer needs text."})

    def _bump_version_if_text_changed(self) -> None:
        if self.pk is None:
            return
        previous = Disclaimer.objects.filter(pk=self.pk).values_list("text", "version").first()
        if previous and previous[0] != self.text:
            self.version = previous[1] + 1

    def as_text(self) -> DisclaimerText:
        return DisclaimerText(title=self.title, text=self.text, version=self.version)

    @classmethod
    def site_default(cls) -> DisclaimerText:
        """The default disclaimer: the flagged one, else the oldest, else the built-in text."""
        chosen = (
            cls.objects.filter(is_site_default=True).first() or cls.objects.order_by("pk").first()
        )
        if chosen is not None:
            return chosen.as_text()
        return DisclaimerText(title="Medical disclaimer", text=BUILT_IN_DISCLAIMER_TEXT, version=0)


class ContentSource(index.Indexed, models.Model):
    """Who an article's content comes from, for the attribution line readers see."""

    name = models.CharField(max_length=255, unique=True)
    attribution = models.CharField(
        max_length=500, help_text="The line shown to readers, e.g. 'Reviewed content from ...'."
    )
    url = models.URLField(blank=True, help_text="Optional link to the source organisation.")

    panels = [FieldPanel("name"), FieldPanel("attribution"), FieldPanel("url")]
    search_fields = [index.SearchField("name"), index.SearchField("attribution")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
