"""The publish guard: a reviewed page goes live only as a revision with a valid medical sign-off.

Every path that makes a new version of a page live (the admin's Publish, the workflow's finish,
bulk publish, scheduled go-live, revert then publish, the admin and v3 APIs, code in a shell)
ends in saving the page row as live with a new ``live_revision``. A ``pre_save`` receiver on each
page model that adopts the review contract (``contract.MedicallyReviewedPage``) checks that save,
superusers included: the reviewed content of the version going live, rendered once here, must
carry an approved sign-off of exactly that revision with exactly that fingerprint.

The publish service (``publishing.service``) checks that proof itself, once, and appends the
publication record before Wagtail saves the row, all in one transaction; the guard then only
confirms that the newest record is that publication (one query, no render). It is the backstop
for code that bypasses the service (Wagtail's admin API, a shell): there it renders and checks.

A new page is always created as a draft (saved not live), whatever the caller asked: it has no
revision yet, so nothing could have been signed. Saves that bring no new version live (a lock,
a draft, a script editing the live row, ``queryset.update``, ``loaddata``) are not refused:
readers get the published-article store, which only a sign-off writes, so such edits never reach
them. A ``save()`` of the live row whose reviewed content then differs from the signed version
(a script) marks the article "Re-review needed"; ``queryset.update`` and ``loaddata`` send no
signal (``verify_published`` reports a live row that no longer matches what is served).
Unpublishing is always allowed.

Wagtail has no hook that all publish paths call before writing (``before_publish_page`` runs in
the admin's views only), hence a model signal; the admin hooks in ``wagtail_hooks`` ask the same
question first, to answer with a message instead of an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.db.models.signals import pre_save
from wagtail.log_actions import log
from wagtail.models import Page

from ..contract import REFUSED_ACTION, is_medically_reviewed, reviewed_page_models
from ..models import ArticlePublication, MedicalSignOff
from ..rules.fingerprint import digest
from ..rules.policy import approvals_complete, policy_for, policy_for_revision, shortfall

# The re-review reason when code saved changed content into the live row.
LIVE_ROW_CHANGED = "the live page was changed outside a review (saved by code)"
# Columns Wagtail writes for bookkeeping; a save limited to these never brings a version live.
BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "numchild",
        "path",
        "depth",
        "url_path",
        "owner",
        "go_live_at",
        "expire_at",
        "expired",
        "search_description",
        "seo_title",
        "show_in_menus",
    }
)


class MedicalSignOffRequired(PermissionDenied):
    """Raised when content would go live without a valid medical sign-off for exactly it."""

    def __init__(self, page, revision_id: int | None, reason: str):
        self.page = page
        self.revision_id = revision_id
        self.reason = reason
        super().__init__(f"'{page.title}' cannot go live: {reason}")


@dataclass(frozen=True)
class SignedVersion:
    """Proof that a revision may go live: its approved sign-off covers its content exactly."""

    revision_id: int
    sign_off: Any  # a MedicalSignOff
    fingerprint: str


def reviewed_content_of(page, revision_id: int | None = None) -> Any:
    """``page.get_reviewed_content()``: the reader-visible content a sign-off binds to.

    Every render for a sign-off or a publish goes through here; callers that already hold the
    render pass it on as an argument instead of asking again.
    """
    return page.get_reviewed_content()


def approved_sign_off(revision_id: int | None, content_fingerprint: str, page=None):
    """The newest approved sign-off of this revision for exactly this content, once the
    distinct approvals satisfy the review policy of ``page`` (or of the revision's page)."""
    if revision_id is None:
        return None
    policy = policy_for(page) if page is not None else policy_for_revision(revision_id)
    approvals = approvals_complete(revision_id, content_fingerprint, policy)
    return approvals[0] if approvals else None


def refusal_reason(revision_id: int | None, content_fingerprint: str) -> str:
    """Why no sign-off covers this content, in words an editor can act on."""
    if revision_id is None:
        return "there is no saved revision, so there is no medical sign-off for this content."
    missing = shortfall(revision_id, content_fingerprint, policy_for_revision(revision_id))
    if missing:
        return f"revision {revision_id} is not fully signed off: {missing}."
    if MedicalSignOff.objects.approved().filter(revision_id=revision_id).exists():
        return (
            f"the medical sign-off for revision {revision_id} covers different content "
            "(it changed after approval); it needs a new medical review."
        )
    return f"revision {revision_id} has no approved medical sign-off; submit it for medical review."


def signed_version(page, revision_id: int | None = None) -> SignedVersion:
    """Proof that ``page`` (as it would go live as ``revision_id``, by default its live
    revision) is signed off, or ``MedicalSignOffRequired``. Renders the content once."""
    revision_id = revision_id if revision_id is not None else page.live_revision_id
    if revision_id is None:
        raise MedicalSignOffRequired(page, None, refusal_reason(None, ""))
    fingerprint = digest(reviewed_content_of(page, revision_id))
    sign_off = approved_sign_off(revision_id, fingerprint, page)
    if sign_off is None:
        raise MedicalSignOffRequired(page, revision_id, refusal_reason(revision_id, fingerprint))
    return SignedVersion(revision_id=revision_id, sign_off=sign_off, fingerprint=fingerprint)


@dataclass(frozen=True)
class StoredState:
    """The page row as stored, and its newest publication record: what a save changes."""

    live: bool
    live_revision_id: int | None
    newest_kind: str | None
    newest_revision_id: int | None
    newest_fingerprint: str | None

    @classmethod
    def of(cls, model, instance) -> StoredState:
        # One query: the stored row with its newest record (the publish path pays no more).
        newest = ArticlePublication.objects.filter(page_id=OuterRef("pk")).order_by("-version")
        row = (
            model._base_manager.filter(pk=instance.pk)
            .annotate(
                newest_kind=Subquery(newest.values("kind")[:1]),
                newest_revision_id=Subquery(newest.values("revision_id")[:1]),
                newest_fingerprint=Subquery(newest.values("fingerprint")[:1]),
            )
            .values_list(
                "live",
                "live_revision_id",
                "newest_kind",
                "newest_revision_id",
                "newest_fingerprint",
            )
            .first()
        )
        return cls(*row) if row else cls(False, None, None, None, None)

    def brings_new_version_live(self, instance) -> bool:
        return (self.live, self.live_revision_id) != (True, instance.live_revision_id)

    def recorded_by_the_service(self, instance) -> bool:
        # The publish service appends the publication record of exactly this revision before
        # the row is saved, in the same transaction: a save bringing exactly that revision
        # live was checked.
        published = (self.newest_kind, self.newest_revision_id)
        return published == (ArticlePublication.Kind.PUBLISHED, instance.live_revision_id)


def guard_going_live(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """``pre_save`` receiver of reviewed page models: see the module docstring."""
    if raw or not instance.live or instance.alias_of_id:
        return
    if instance.pk is None:
        instance.live = False  # a new page is created as a draft
        return
    if update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    stored = StoredState.of(sender, instance)
    if not stored.brings_new_version_live(instance):
        rereview_if_live_row_changed(instance, stored)  # a script editing the live row
        return
    if stored.recorded_by_the_service(instance):
        return
    signed_version(instance)  # code that bypassed the publish service: check it here


def rereview_if_live_row_changed(instance, stored: StoredState) -> None:
    """A save of the live row that brings no new version live (a script, a shell): readers
    keep the signed version, and if the row's reviewed content now differs from it, the
    article is marked "Re-review needed" (one render, on this path only)."""
    from ..records.rereview import request_rereview

    if stored.newest_kind in (None, ArticlePublication.Kind.WITHDRAWN):
        return
    if digest(instance.get_reviewed_content()) != stored.newest_fingerprint:
        request_rereview([instance.pk], LIVE_ROW_CHANGED)


def log_refusal(refusal: MedicalSignOffRequired, user=None):
    """Write the audit entry for a refused publish, on the page (or its parent if unsaved).

    Called where the refusal is answered, after the transaction it was raised in unwound: the
    page type's ``publish`` (``contract``), the admin hooks, and the APIs' error handler.
    """
    page = refusal.page
    data = {"reason": refusal.reason, "revision_id": refusal.revision_id, "title": page.title}
    if not page.pk:
        page = Page.objects.filter(path=page.path[: -Page.steplen]).first() if page.path else None
        if page is None:
            return None
    return log(instance=page, action=REFUSED_ACTION, user=user, data=data)


def publish_refusal(revision) -> MedicalSignOffRequired | None:
    """The refusal that publishing ``revision`` now would meet, or None if it may go live."""
    candidate = revision.as_object()
    if not is_medically_reviewed(candidate):
        return None
    candidate.live_revision = revision
    try:
        signed_version(candidate)
    except MedicalSignOffRequired as refusal:
        return refusal
    return None


def install() -> None:
    """Connect the guard to every reviewed page model (called once from ``apps.ready``)."""
    for model in reviewed_page_models():
        pre_save.connect(
            guard_going_live,
            sender=model,
            dispatch_uid=f"review_workflow.guard.{model._meta.label_lower}",
        )
