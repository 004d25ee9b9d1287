"""Pinned media: the image files stored documents point to, kept as they were at publish.

Wagtail deletes an image's renditions (rows and files) when its file is replaced through the
admin's edit form (``wagtail.images.forms.BaseImageForm.save``: ``renditions.all().delete()``),
when the image is deleted (the renditions cascade), and when renditions are purged; each
deleted rendition's file goes after commit (``wagtail.images.signal_handlers
.post_delete_file_cleanup``). A signed article
must keep showing the image its reviewer saw, so the store copies every rendition a stored
document points to into a path of its own (``pinned/<sha256>/<name>``) that nothing of Wagtail's
touches, records its size and SHA-256 (``PinnedRendition``) and which stored articles point to
it (``PinnedRenditionUse``). The copy is deleted once no stored article points to it.
"""

from __future__ import annotations

from django.db import models


class PinnedRendition(models.Model):
    """A copy of an image rendition that stored documents point to, with the size and SHA-256
    it had when it was pinned (``verify_published`` compares the file with them)."""

    file = models.CharField(max_length=255, unique=True, help_text="The copy's storage name.")
    source_url = models.CharField(
        max_length=500, db_index=True, help_text="The rendition URL the signed content names."
    )
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    pinned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pinned rendition"

    def __str__(self) -> str:
        return f"{self.file} (pinned from {self.source_url})"


class PinnedRenditionUse(models.Model):
    """A stored article points to a pinned rendition, as the document of one sign-off."""

    pinned = models.ForeignKey(PinnedRendition, on_delete=models.PROTECT, related_name="uses")
    article = models.ForeignKey(
        "frontend_api.PublishedArticle", on_delete=models.CASCADE, related_name="pinned_media"
    )
    sign_off_id = models.BigIntegerField()

    class Meta:
        verbose_name = "pinned rendition use"
        constraints = [
            models.UniqueConstraint(fields=["pinned", "article"], name="one_use_per_article")
        ]

    def __str__(self) -> str:
        return f"page {self.article_id} shows {self.pinned.file}"
