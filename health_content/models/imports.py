"""Where each imported article came from: the source key that makes an import idempotent."""

from __future__ import annotations

from django.db import models


class ImportedArticle(models.Model):
    """One article brought in by ``manage.py import_articles``, under its source key.

    The key is the publisher's own identifier for the article in the library it came from; a
    second import of the same key is skipped, so an interrupted import can simply be run again.
    """

    source_key = models.CharField(max_length=255, unique=True)
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="imported_from"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "imported article"

    def __str__(self) -> str:
        return self.source_key
