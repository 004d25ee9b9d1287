"""The two decisions a medical reviewer makes: sign off, or request changes.

Keyword-only functions so the admin task, an API and the shell behave the same. Each locks the
task state row (``select_for_update``) so two reviewers acting at once yield exactly one decision.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision, TaskState

from .fingerprint import digest
from .guard import reviewed_content_of, signed_in_act, signing_act

SIGN_OFF_ACTION = "review_workflow.sign_off"
CHANGES_REQUESTED_ACTION = "review_workflow.changes_requested"
CORRECTION_ACTION = "review_workflow.sign_off_corrected"
# What a correction may change: how the reviewer was recorded, never what was signed.
CORRECTABLE_FIELDS = frozenset({"reviewer_name", "reviewer_credentials"})


class ReviewRefused(PermissionDenied):
    """Raised when this user may not make this decision on this review."""


class ReviewAlreadyDecided(ReviewRefused):
    """Raised when another reviewer decided the review first."""


def authors_of_change(revision: Revision) -> set[int]:
    """Users who wrote any change in ``revision`` since the last approved sign-off."""
    from .models import MedicalSignOff

    page_revisions = Revision.objects.filter(
        base_content_type_id=revision.base_content_type_id, object_id=revision.object_id
    )
    approved_ids = MedicalSignOff.objects.approved().filter(
        page_id=int(revision.object_id), revision_id__lt=revision.pk
    )
    baseline = approved_ids.order_by("-revision_id").values_list("revision_id", flat=True).first()
    changes = page_revisions.filter(pk__lte=revision.pk)
    if baseline is not None:
        changes = changes.filter(pk__gt=baseline)
    return set(changes.exclude(user=None).values_list("user_id", flat=True))


SUBMIT_ACTIONS = ("wagtail.workflow.start", "wagtail.workflow.resume")


def submitters(workflow_state) -> set[int]:
    """Who submitted or resubmitted this workflow (the requester, and anyone who resumed it)."""
    users = {workflow_state.requested_by_id} - {None}
    resubmitted = PageLogEntry.objects.filter(
        page_id=int(workflow_state.object_id),
        action__in=SUBMIT_ACTIONS,
        timestamp__gte=workflow_state.created_at,
    ).exclude(user=None)
    return users | set(resubmitted.values_list("user_id", flat=True))


def conflicted_users(task_state: TaskState) -> set[int]:
    """Who may not sign this review off: the authors of the change and its submitters."""
    return authors_of_change(task_state.revision) | submitters(task_state.workflow_state)


def sign_off_refusal(task_state: TaskState, user) -> str | None:
    """Why ``user`` may not approve this review, or None if they may."""
    from .models import ReviewerProfile

    if ReviewerProfile.for_signing(user) is None:
        return "Only an active medical reviewer in the 'Medical reviewers' group can sign off."
    if user.pk in conflicted_users(task_state):
        return "You wrote or submitted this change, so another reviewer must sign it off."
    return None


def _lock_open_task_state(task_state: TaskState) -> TaskState:
    locked = TaskState.objects.select_for_update().get(pk=task_state.pk)
    if locked.status != TaskState.STATUS_IN_PROGRESS:
        by = locked.finished_by.get_full_name() if locked.finished_by else "someone else"
        raise ReviewAlreadyDecided(
            f"This review was already decided ({locked.get_status_display().lower()} by {by})."
        )
    return locked.specific


def _record(revision: Revision, user, decision: str, comment: str, task_state_id=None):
    """Append the decision with the reviewed content and the reviewer's snapshot."""
    from .models import MedicalSignOff, ReviewerProfile

    profile = ReviewerProfile.objects.get(user=user)
    page = revision.as_object()
    content = reviewed_content_of(page, revision.pk)
    record = MedicalSignOff.objects.create(
        page_id=page.pk,
        page_title=page.title,
        revision_id=revision.pk,
        task_state_id=task_state_id,
        fingerprint=digest(content),
        reviewed_content=content,
        decision=decision,
        comment=comment.strip(),
        reviewer=user,
        reviewer_name=profile.display_name,
        reviewer_credentials=profile.credentials,
    )
    signed_in_act(record)
    return record


def _log_decision(sign_off, action: str, user) -> None:
    page = Page.objects.get(pk=sign_off.page_id).specific
    data = {
        "sign_off_id": sign_off.pk,
        "revision_id": sign_off.revision_id,
        "fingerprint": sign_off.fingerprint,
        "reviewer": f"{sign_off.reviewer_name}, {sign_off.reviewer_credentials}",
        "comment": sign_off.comment,
    }
    log(instance=page, action=action, user=user, data=data, revision=None)


@transaction.atomic
def sign_off(*, task_state: TaskState, reviewer, comment: str = ""):
    """Approve the revision under review: record the sign-off, then approve the task.

    If this is the workflow's last task, Wagtail finishes the workflow and the finish action
    publishes this revision, all in this transaction.
    """
    from .models import MedicalSignOff

    locked = _lock_open_task_state(task_state)
    refusal = sign_off_refusal(locked, reviewer)
    if refusal:
        raise ReviewRefused(refusal)
    approved = MedicalSignOff.Decision.APPROVED
    with signing_act():
        record = _record(locked.revision, reviewer, approved, comment, task_state_id=locked.pk)
        _log_decision(record, SIGN_OFF_ACTION, reviewer)
        locked.approve(user=reviewer, comment=comment.strip())
    return record


@transaction.atomic
def request_changes(*, task_state: TaskState, reviewer, comment: str):
    """Send the revision back to its authors; a comment saying what to change is required."""
    from .models import MedicalSignOff, ReviewerProfile

    if not (comment or "").strip():
        raise ReviewRefused("Say what needs to change: a comment is required.")
    locked = _lock_open_task_state(task_state)
    if ReviewerProfile.for_signing(reviewer) is None:
        raise ReviewRefused("Only an active medical reviewer can request changes.")
    changes = MedicalSignOff.Decision.CHANGES_REQUESTED
    record = _record(locked.revision, reviewer, changes, comment, task_state_id=locked.pk)
    _log_decision(record, CHANGES_REQUESTED_ACTION, reviewer)
    locked.reject(user=reviewer, comment=comment.strip())
    return record


@transaction.atomic
def sign_off_revision(*, revision: Revision, reviewer, comment: str = ""):
    """Record an approved sign-off of ``revision`` outside a workflow (imports, demo, tests).

    The same rules as in the workflow apply: an active, credentialed reviewer who did not write
    the change.
    """
    from .models import MedicalSignOff, ReviewerProfile

    if ReviewerProfile.for_signing(reviewer) is None:
        raise ReviewRefused("Only an active medical reviewer can sign off.")
    if reviewer.pk in authors_of_change(revision):
        raise ReviewRefused("You wrote this change, so another reviewer must sign it off.")
    record = _record(revision, reviewer, MedicalSignOff.Decision.APPROVED, comment)
    _log_decision(record, SIGN_OFF_ACTION, reviewer)
    return record


@transaction.atomic
def publish_signed_off(*, revision: Revision, reviewer, comment: str = ""):
    """Sign ``revision`` off and publish it, in one transaction (its content rendered once)."""
    with signing_act():
        record = sign_off_revision(revision=revision, reviewer=reviewer, comment=comment)
        revision.publish(user=reviewer, skip_permission_checks=True)
    return record


@transaction.atomic
def supersede_sign_off(original, *, corrected_by, reason: str, **corrections):
    """Correct how a sign-off was recorded: a new record that supersedes the old one.

    The one supported correction, since records are never changed: the original stays as it
    was, the new one carries the same revision, fingerprint, snapshot and time with the
    corrected reviewer facts and the reason. Readers get the corrected facts (the API's store
    reissues the articles it covers).
    """
    from .models import MedicalSignOff
    from .signals import sign_off_corrected

    unknown = set(corrections) - CORRECTABLE_FIELDS
    if unknown or not reason.strip():
        raise ReviewRefused(
            f"Give a reason; only {', '.join(sorted(CORRECTABLE_FIELDS))} can be corrected."
        )
    fields = {f.attname: getattr(original, f.attname) for f in MedicalSignOff._meta.concrete_fields}
    fields.update(id=None, task_state_id=None, supersedes_id=original.pk, **corrections)
    fields["comment"] = f"Correction by {corrected_by.get_username()}: {reason.strip()}"
    correction = MedicalSignOff.objects.create(**fields)
    _log_decision(correction, CORRECTION_ACTION, corrected_by)
    sign_off_corrected.send(sender=MedicalSignOff, original=original, correction=correction)
    return correction
