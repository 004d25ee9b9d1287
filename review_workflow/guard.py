"""The publish guard: no reviewable page goes live without a valid medical sign-off.

It does not trust any one publish path. A ``pre_save`` receiver on every model acts on page rows
that are being written as live, so the admin, bulk actions, scheduled publishing, copies,
aliases, moves, APIs and plain ``save()`` calls all meet the same check, superusers included.
What is being written must either leave the live content unchanged, or carry an approved sign-off
for the live revision whose fingerprint equals the fingerprint of exactly that content.
Unpublishing (writing the row as not live) is always allowed.

The refusal is raised inside ``Page.save``'s transaction (and ``add_child``'s), which rolls back
any audit entry written there; ``install`` wraps those methods so the refusal is logged as the
call unwinds, where the entry survives.
"""

from __future__ import annotations

import copy
import functools

from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_save
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry

from .fingerprint import fingerprint, requires_medical_review

# Columns Wagtail writes for bookkeeping; a save limited to these never changes what is live.
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
        "first_published_at",
        "last_published_at",
        "search_description",
        "seo_title",
        "show_in_menus",
    }
)
REFUSED_ACTION = "review_workflow.publish_refused"


class MedicalSignOffRequired(PermissionDenied):
    """Raised when content would go live without a valid medical sign-off for exactly it."""

    def __init__(self, page, revision_id: int | None, reason: str):
        self.page = page
        self.revision_id = revision_id
        self.reason = reason
        super().__init__(f"'{page.title}' cannot go live: {reason}")


def approved_sign_off(revision_id: int | None, content_fingerprint: str, page=None):
    """The newest approved sign-off of this revision for exactly this content, once the
    distinct approvals satisfy the review policy of ``page`` (or of the revision's page)."""
    from .policy import approvals_complete, policy_for, policy_for_revision

    if revision_id is None:
        return None
    policy = policy_for(page) if page is not None else policy_for_revision(revision_id)
    approvals = approvals_complete(revision_id, content_fingerprint, policy)
    return approvals[0] if approvals else None


def refusal_reason(revision_id: int | None, content_fingerprint: str) -> str:
    """Why no sign-off covers this content, in words an editor can act on."""
    from .models import MedicalSignOff
    from .policy import policy_for_revision, shortfall

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


def _specific_candidate(instance):
    """The page whose content is being written, as its specific class, or None if not guarded."""
    if requires_medical_review(instance):
        return instance
    if not isinstance(instance, Page) or not instance.pk:
        return None
    specific_class = instance.specific_class
    if specific_class is None or not requires_medical_review(specific_class):
        return None
    # A base-class Page row of a reviewable page: overlay the row being written on the stored
    # specific page, so the check sees what readers would see after this save.
    candidate = specific_class.objects.get(pk=instance.pk)
    for field in Page._meta.concrete_fields:
        setattr(candidate, field.attname, getattr(instance, field.attname))
    return candidate


def _live_content_unchanged(candidate, content_fingerprint: str) -> bool:
    if not candidate.pk:
        return False
    stored = type(candidate).objects.filter(pk=candidate.pk).first()
    return (
        stored is not None
        and stored.live
        and stored.live_revision_id == candidate.live_revision_id
        and stored.alias_of_id == candidate.alias_of_id
        and fingerprint(stored) == content_fingerprint
    )


def _check_alias(alias) -> None:
    """An alias may show only what its source shows live under a valid sign-off."""
    source = Page.objects.get(pk=alias.alias_of_id).specific
    probe = copy.copy(alias)
    probe.pk = probe.id = source.pk
    probe.page_ptr_id = source.pk
    probe.slug = source.slug
    probe_fingerprint = fingerprint(probe)
    signed = approved_sign_off(source.live_revision_id, probe_fingerprint, source)
    if not (source.live and signed):
        raise MedicalSignOffRequired(
            alias,
            source.live_revision_id,
            "an alias can only show content its source page shows live under a valid medical "
            "sign-off.",
        )


def check_publishable(candidate) -> None:
    """Raise ``MedicalSignOffRequired`` unless writing ``candidate`` keeps the promise."""
    if not candidate.live:
        return  # unpublishing, or a draft: always allowed
    if candidate.alias_of_id:
        _check_alias(candidate)
        return
    content_fingerprint = fingerprint(candidate)
    if _live_content_unchanged(candidate, content_fingerprint):
        return
    if approved_sign_off(candidate.live_revision_id, content_fingerprint, candidate) is None:
        raise MedicalSignOffRequired(
            candidate,
            candidate.live_revision_id,
            refusal_reason(candidate.live_revision_id, content_fingerprint),
        )


def _writes_only_bookkeeping(update_fields) -> bool:
    return update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS


def guard_live_content(sender, instance, update_fields=None, raw=False, **kwargs) -> None:
    """``pre_save`` receiver for all models: refuses unsigned content going live."""
    if raw or not isinstance(instance, Page) or not instance.live:
        return
    if _writes_only_bookkeeping(update_fields):
        return
    candidate = _specific_candidate(instance)
    if candidate is not None:
        check_publishable(candidate)


def log_refusal(refusal: MedicalSignOffRequired, user=None):
    """Write the audit entry for a refused publish, on the page (or its parent if unsaved)."""
    page = refusal.page
    data = {"reason": refusal.reason, "revision_id": refusal.revision_id, "title": page.title}
    if not page.pk:
        page = Page.objects.filter(path=page.path[: -Page.steplen]).first() if page.path else None
        if page is None:
            return None
    return log(instance=page, action=REFUSED_ACTION, user=user, data=data)


def _log_surviving(refusal: MedicalSignOffRequired) -> None:
    # Called as the refusal unwinds each guarded call. An entry written further in may have been
    # rolled back with that call's transaction (``add_child`` wraps ``save``); write it again
    # here, outside, unless it survived.
    entry_id = getattr(refusal, "log_entry_id", None)
    if entry_id and PageLogEntry.objects.filter(pk=entry_id).exists():
        return
    entry = log_refusal(refusal)
    refusal.log_entry_id = entry.pk if entry is not None else None


def _logging(method):
    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except MedicalSignOffRequired as refusal:
            _log_surviving(refusal)
            raise

    guarded.medical_review_guard = True
    return guarded


def install() -> None:
    """Connect the guard (called once from the app's ``ready``)."""
    pre_save.connect(guard_live_content, dispatch_uid="review_workflow.guard_live_content")
    for name in ("save", "add_child", "add_sibling"):
        method = getattr(Page, name)
        if not getattr(method, "medical_review_guard", False):
            setattr(Page, name, _logging(method))


def publish_refusal(revision) -> MedicalSignOffRequired | None:
    """The refusal that publishing ``revision`` now would meet, or None if it may go live."""
    candidate = revision.as_object()
    if not requires_medical_review(candidate):
        return None
    candidate.live = True
    candidate.live_revision = revision
    try:
        check_publishable(candidate)
    except MedicalSignOffRequired as refusal:
        return refusal
    return None
