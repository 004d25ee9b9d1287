"""Every change that alters what readers get, and what the store does about it, in one place.

- a signed version went live: not here. The publish service (``review_workflow.publishing``)
  calls the store writer registered in ``apps.ready`` (``store.WRITER``) with the
  publication, the sign-off and the disclaimer version, in its transaction;
- an article unpublished or expired: withdraw it (an expiry as of its ``expire_at``);
- a health center or home page published (its title or slug may have changed, or it is live
  again), unpublished, or moved, and an article moved: recompose the articles below it;
- a view restriction added or removed, a site changed: recompose the articles concerned;
- a disclaimer got a new version, became the default or was deleted
  (``health_content.signals.disclaimer_changed``): reissue the articles that show it;
- a sign-off corrected by a superseding record: reissue the articles served under it;
- a reviewed page deleted: Wagtail unpublishes it first (its ``pre_delete``), see above;
- a served article needs a re-review (``review_workflow.signals.rereview_needed``);
- a translation went out of date (``translation_outdated``, after commit): announced if the
  store's own recomposition (in the publishing transaction) had not announced it.

Webhook events are recorded by the store as it writes and withdraws (``webhooks.announcements``),
and here for disclaimers and re-review requests: always in the transaction of the change.

Every receiver runs in the transaction of the change it reacts to and calls the store's
functions with the reason as an argument; none is called back by the store (it has no
receivers of its own rows). Recomposing never renders a page (``store.refresh`` works from
the sign-off snapshots).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from health_content.signals import disclaimer_changed
from review_workflow.contract import (
    audit_checkpoint,
    is_medically_reviewed,
    reissue,
    rereview_needed,
    reviewed_pages,
    sign_off_corrected,
    signed_publications,
    translation_outdated,
)

from .. import cdn
from ..models import PublishedArticle
from ..webhooks import announcements
from . import writer as store
from .placing import is_article_center


def articles_under(path: str) -> set[int]:
    """Live reviewed pages (of any type) at or below ``path``, and stored articles there
    (which may not be live)."""
    live = reviewed_pages().filter(path__startswith=path, live=True)
    stored = PublishedArticle.objects.filter(page__path__startswith=path)
    return set(live.values_list("pk", flat=True)) | set(stored.values_list("pk", flat=True))


def _place_changed(page, reason: str) -> None:
    """A page above articles changed: recompose them; a center's own URLs change too."""
    if is_article_center(page):
        cdn.purge_center_after_commit(page.slug, reason)
    store.refresh(articles_under(page.path), reason=reason)


def on_page_published(sender, instance, alias=False, **kwargs) -> None:
    # Articles are stored by the publish service; other pages change their articles' place.
    if not alias and not is_medically_reviewed(instance):
        _place_changed(instance, f"'{instance.title}' published")


def on_page_unpublished(sender, instance, **kwargs) -> None:
    if is_medically_reviewed(instance):
        # An expiry is recorded as of its instant (the scheduler runs a little later).
        reason, at = ("expired", instance.expire_at) if instance.expired else ("unpublished", None)
        store.remove([instance.pk], reason=reason, at=at)
    else:
        _place_changed(instance, f"'{instance.title}' unpublished")


def on_page_moved(sender, instance, url_path_before=None, parent_page_before=None, **kwargs):
    moved = articles_under(instance.path)
    reason = f"'{instance.title}' moved"
    if is_article_center(instance.specific_deferred):
        cdn.purge_center_after_commit(instance.slug, reason)
    store.refresh(moved | store.linking_to(moved), reason=reason)


def on_restriction_changed(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        store.refresh(articles_under(page.path), reason="view restriction changed")


def on_site_changed(sender, instance, **kwargs) -> None:
    stored = set(PublishedArticle.objects.values_list("pk", flat=True))
    root = Page.objects.filter(pk=instance.root_page_id).only("path").first()
    under_root = articles_under(root.path) if root is not None else set()
    store.refresh(stored | under_root, reason=f"site '{instance}' changed")


def on_disclaimer_changed(sender, disclaimer, new_version=False, **kwargs) -> None:
    from health_content.models import Disclaimer, DisclaimerVersion

    if new_version:
        announcements.disclaimer_changed(disclaimer)

    # Articles in any language may show this disclaimer or one of its translations (an
    # article shows its language's translation of the disclaimer it chose, or of the default).
    group = [disclaimer.pk]
    if disclaimer.translation_key:
        group += Disclaimer.objects.filter(translation_key=disclaimer.translation_key).values_list(
            "pk", flat=True
        )
    shown = DisclaimerVersion.objects.filter(disclaimer_id__in=group).values("pk")
    affected = PublishedArticle.objects.filter(disclaimer_version_id__in=shown)
    chosen = PublishedArticle.objects.filter(chosen_disclaimer_id__in=group)
    default = PublishedArticle.objects.filter(chosen_disclaimer_id__isnull=True)
    ids = set(affected.values_list("pk", flat=True)) | set(chosen.values_list("pk", flat=True))
    if (
        disclaimer.is_site_default
        or Disclaimer.objects.filter(pk__in=group, is_site_default=True).exists()
    ):
        ids |= set(default.values_list("pk", flat=True))
    store.refresh(ids, reason=f"disclaimer '{disclaimer.title}' changed")


def on_sign_off_corrected(sender, original, correction, **kwargs) -> None:
    # Readers of the articles served under the original get the corrected reviewer facts.
    served = PublishedArticle.objects.filter(sign_off_id=original.pk).values_list(
        "pk", "disclaimer_version_id"
    )
    for pk, version_id in served:
        bases = signed_publications([pk])
        reason = f"sign-off {original.pk} corrected by {correction.pk}"
        reissue(bases, disclaimer_version_id=version_id, reason=reason, sign_off=correction)
        store.refresh([pk], reason=reason)


def on_rereview_needed(sender, page_id, reason, **kwargs) -> None:
    row = PublishedArticle.objects.filter(pk=page_id).first()
    if row is not None:
        announcements.rereview_needed(row, reason=reason)


def on_translation_outdated(sender, translation_page_id, **kwargs) -> None:
    # The store recorded ``translation.stale`` when it recomposed the translation in the
    # publishing transaction; this (after commit) records it for a translation the store
    # holds as outdated but had not announced (the event's key makes it once only).
    row = PublishedArticle.objects.filter(pk=translation_page_id).first()
    if row is not None:
        with transaction.atomic():
            announcements.translation_outdated(row, previous_status=None)


def on_audit_checkpoint(sender, checkpoint, **kwargs) -> None:
    announcements.audit_checkpoint_published(checkpoint)


def connect() -> None:
    """Connect every receiver (from ``FrontendApiConfig.ready``)."""
    uid = "frontend_api.store"
    page_published.connect(on_page_published, dispatch_uid=f"{uid}.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid=f"{uid}.page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid=f"{uid}.page_moved")
    for signal in (post_save, post_delete):
        signal.connect(on_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}.r")
        signal.connect(on_site_changed, sender=Site, dispatch_uid=f"{uid}.site")
    disclaimer_changed.connect(on_disclaimer_changed, dispatch_uid=f"{uid}.disclaimer")
    sign_off_corrected.connect(on_sign_off_corrected, dispatch_uid=f"{uid}.corrected")
    rereview_needed.connect(on_rereview_needed, dispatch_uid=f"{uid}.rereview")
    audit_checkpoint.connect(on_audit_checkpoint, dispatch_uid=f"{uid}.audit_checkpoint")
    translation_outdated.connect(on_translation_outdated, dispatch_uid=f"{uid}.stale")
