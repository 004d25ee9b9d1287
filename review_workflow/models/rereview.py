"""Re-review: live articles whose reviewed content changed outside the page after sign-off.

A content source reworded, an image file replaced, a related article renamed: none of these
changes what readers get (they get the stored document, written from the sign-off), but the
next publication would show them, so a reviewer must look again. ``ReviewedDependency`` says
which objects each live article's reviewed content was built from; ``ReReviewRequest`` is the
open question, answered by the article's next publication.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class ReviewedDependency(models.Model):
    """One object outside the page that the live version's reviewed content was built from."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)

    class Meta:
        verbose_name = "reviewed dependency"
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "content_type", "object_id"], name="one_dependency_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"page {self.page_id} shows {self.content_type_id}:{self.object_id}"


class ReReviewQuerySet(models.QuerySet):
    """Queries over re-review requests."""

    def open(self) -> ReReviewQuerySet:
        return self.filter(resolved_at__isnull=True)


class ReReviewRequest(models.Model):
    """A live article needs another medical review because something it shows changed.

    Open until the article's next publication of a signed revision resolves it.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=500)
    raised_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by_publication_id = models.BigIntegerField(null=True, blank=True)

    objects = ReReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "re-review request"
        ordering = ["-raised_at", "-pk"]
        indexes = [models.Index(fields=["page", "resolved_at"])]

    def __str__(self) -> str:
        state = "open" if self.resolved_at is None else "resolved"
        return f"Page {self.page_id}: {self.reason} ({state})"
