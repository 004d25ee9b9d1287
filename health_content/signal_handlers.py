"""Keep ``last_updated`` honest: it moves only when a publish changes what readers see."""

from __future__ import annotations

from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from .rendering import content_digest


@receiver(page_published)
def stamp_last_updated(sender, instance, revision=None, **kwargs) -> None:
    page = instance.specific
    if not getattr(page, "requires_medical_review", False) or not hasattr(
        page, "published_content_digest"
    ):
        return
    digest = content_digest(page.get_reviewed_content())
    if digest == page.published_content_digest:
        return
    today = timezone.now().date()
    # A queryset update: no new revision, no second publish signal, no full_clean.
    type(page).objects.filter(pk=page.pk).update(
        published_content_digest=digest, last_updated=today
    )
    page.published_content_digest = digest
    page.last_updated = today
