"""The two decisions a medical reviewer makes: sign off, or request changes.

Keyword-only functions so the admin task, an API and the shell behave the same. Each locks the
task state row (``select_for_update``) so reviewers acting at once, or one reviewer's repeated
request, yield one decision per person: the second finds the first and is told so. A sign-off
approves the task only when the review policy is satisfied (enough distinct approvers, the
required specialties); the last approval publishes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision, TaskState, WorkflowState

from ..models import MedicalSignOff
from ..models.records import default_language_code
from ..models.tasks import APPROVE, REQUEST_CHANGES
from ..records import audit
from ..records.review_facts import live_signed_version
from ..records.translations import original_version_of
from ..rules.attestation import Attestation, AttestationIncomplete
from ..rules.eligibility import (  # noqa: F401  (re-exported: callers import them from here)
    SUBMIT_ACTIONS,
    Candidate,
    approval_refusal,
    authors_of_change,
    conflicted_users,
    decision_refusal,
    sign_off_refusal,
    submitters,
)
from ..rules.policy import approvals_complete
from ..rules.readability import reading_grade
from ..signals import sign_off_corrected
from .bulk import page_log_entry
from .guard import SignedVersion
from .service import BatchRefused, SignedPage, publish_signed_batch, publish_signed_revision

SIGN_OFF_ACTION = "review_workflow.sign_off"
CHANGES_REQUESTED_ACTION = "review_workflow.changes_requested"
CORRECTION_ACTION = "review_workflow.sign_off_corrected"
AUDIT_EVENTS = {
    SIGN_OFF_ACTION: "sign_off",
    CHANGES_REQUESTED_ACTION: "changes_requested",
    CORRECTION_ACTION: "sign_off_corrected",
}
# What a correction may change: how the reviewer was recorded, never what was signed.
# How far from "now" a sign-off's own time may be (clocks of app servers differ a little).
SIGNING_CLOCK_SKEW = timedelta(minutes=5)
CORRECTABLE_FIELDS = frozenset(
    {
        "reviewer_name",
        "reviewer_credentials",
        "reviewer_specialty",
        "reviewer_registration_body",
        "reviewer_registration_number",
        "reviewer_licence_expires",
    }
)


class ReviewRefused(PermissionDenied):
    """Raised when this user may not make this decision on this review."""


class ReviewAlreadyDecided(ReviewRefused):
    """Raised when the review (or this reviewer's part in it) was decided before."""


class TaskDecisions:
    """The medical review task's decisions, registered with the task by the app's ``ready``:
    approve is an attested sign-off (``sign_off``), reject a request for changes."""

    def decide(self, task_state: TaskState, user, action_name: str, data: dict) -> None:
        comment = data.get("comment") or ""
        if action_name == APPROVE:
            try:
                attestation = Attestation.from_data(data)
            except AttestationIncomplete as incomplete:
                raise ReviewRefused(str(incomplete)) from incomplete
            sign_off(task_state=task_state, reviewer=user, attestation=attestation, comment=comment)
        elif action_name == REQUEST_CHANGES:
            request_changes(task_state=task_state, reviewer=user, comment=comment)
        else:
            raise ReviewRefused(f"Unknown review action {action_name!r}.")


TASK_DECISIONS = TaskDecisions()


def _refuse(reason: str) -> ReviewRefused:
    return ReviewRefused(capfirst(reason))


def _already_recorded(task_state: TaskState, user, fingerprint: str):
    """This person's decision in this task state on exactly this content, if any. A decision
    on earlier content (before a source or image it shows changed) does not count here."""
    return MedicalSignOff.objects.filter(
        task_state_id=task_state.pk, reviewer=user, fingerprint=fingerprint
    ).first()


def _lock_open_task_state(task_state: TaskState, user) -> tuple[TaskState, Candidate]:
    """The task state, locked, and the content under review as it is now; refused if this
    person already decided this content or the review is over."""
    locked = TaskState.objects.select_for_update().get(pk=task_state.pk)
    candidate = Candidate.of(locked.revision)
    mine = _already_recorded(locked, user, candidate.fingerprint)
    if mine is not None:
        raise ReviewAlreadyDecided(
            f"Your decision on this version ({mine.get_decision_display().lower()}) was already "
            f"recorded at {mine.signed_at:%Y-%m-%d %H:%M} UTC; it counts once."
        )
    if locked.status != TaskState.STATUS_IN_PROGRESS:
        by = locked.finished_by.get_full_name() if locked.finished_by else "someone else"
        raise ReviewAlreadyDecided(
            f"This review was already decided ({locked.get_status_display().lower()} by {by})."
        )
    return locked.specific, candidate


def _reviewer_snapshot(profile) -> dict:
    return {
        "reviewer_name": profile.display_name,
        "reviewer_credentials": profile.credentials,
        "reviewer_specialty": profile.specialty,
        "reviewer_registration_body": profile.registration_body,
        "reviewer_registration_number": profile.registration_number,
        "reviewer_licence_expires": profile.licence_expires,
    }


def _attestation_fields(attestation: Attestation | None) -> dict:
    if attestation is None:
        return {}
    return {
        "statements": list(attestation.statements),
        "conflict_of_interest": attestation.conflict_of_interest,
        "conflict_of_interest_details": attestation.conflict_details,
    }


def checked_signing_time(signed_at: datetime | None, *, imported: bool) -> datetime | None:
    """``signed_at`` as given, if a sign-off may carry it; else ``ValueError`` saying why.

    A time needs its zone and cannot be in the future. Without ``imported`` it is "now" (give
    none, or one within ``SIGNING_CLOCK_SKEW`` of now); a past review brought in from elsewhere
    is ``imported=True`` with its original ``signed_at``, and is shown as imported.
    """
    if signed_at is None:
        if imported:
            raise ValueError("An imported sign-off needs its original signed_at.")
        return None
    if timezone.is_naive(signed_at):
        raise ValueError(f"signed_at {signed_at.isoformat()} has no time zone; give an aware time.")
    now = timezone.now()
    if signed_at > now + SIGNING_CLOCK_SKEW:
        raise ValueError(f"signed_at {signed_at.isoformat()} is in the future.")
    if not imported and signed_at < now - SIGNING_CLOCK_SKEW:
        raise ValueError(
            f"signed_at {signed_at.isoformat()} is in the past: a past review is an import "
            "(imported=True, see import_signed_off)."
        )
    return signed_at


def _record(candidate: Candidate, user, decision: str, comment: str, task_state_id=None, **kw):
    """Append the decision with the reviewed content and the reviewer's snapshot."""
    record = _new_record(candidate, user, decision, comment, task_state_id, **kw)
    record.save(force_insert=True)
    return record


def _new_record(
    candidate: Candidate,
    user,
    decision: str,
    comment: str,
    task_state_id=None,
    *,
    attestation: Attestation | None = None,
    signed_at: datetime | None = None,
    imported: bool = False,
):
    """The decision as ``_record`` appends it, not yet saved."""
    signed_at = checked_signing_time(signed_at, imported=imported)
    profile = user.reviewer_profile  # loaded by the eligibility check that allowed it
    page = candidate.page
    return MedicalSignOff(
        **_language_fields(candidate),
        compared_with=live_signed_version(page.pk),
        page_id=page.pk,
        page_title=page.title,
        revision_id=candidate.revision.pk,
        task_state_id=task_state_id,
        fingerprint=candidate.fingerprint,
        reviewed_content=candidate.content,
        reading_grade=reading_grade(page.get_reader_text(candidate.content)),
        decision=decision,
        comment=comment.strip(),
        reviewer=user,
        **_reviewer_snapshot(profile),
        **_attestation_fields(attestation),
        **({"signed_at": signed_at} if signed_at else {}),
        imported=imported,
    )


def _language_fields(candidate: Candidate) -> dict:
    """The locale decided on and, for a translation, the original's live version it was made
    from (the original's newest signed publication now)."""
    fields: dict = {"locale": candidate.language}
    if candidate.language != default_language_code():
        original = original_version_of(candidate.page)
        if original is not None:
            fields["original_publication_id"] = original.publication_id
            fields["original_fingerprint"] = original.fingerprint
    return fields


def proof_of(candidate: Candidate, record) -> SignedVersion | None:
    """The proof that ``candidate`` may go live, from the approvals recorded for its content
    (``record`` the newest of them, just made), or None while the policy wants more."""
    approvals = approvals_complete(candidate.revision.pk, candidate.fingerprint, candidate.policy)
    if not approvals:
        return None
    newest = record if approvals[0].pk == record.pk else approvals[0]
    return SignedVersion(candidate.revision.pk, newest, candidate.fingerprint)


def audit_data(sign_off) -> dict:
    """Everything a sign-off records except the content, for the history and the audit trail."""
    return {
        "sign_off_id": sign_off.pk,
        "revision_id": sign_off.revision_id,
        "task_state_id": sign_off.task_state_id,
        "fingerprint": sign_off.fingerprint,
        "compared_with": _compared_with(sign_off),
        "decision": sign_off.decision,
        "signed_at": sign_off.signed_at.isoformat(),
        "reviewer": f"{sign_off.reviewer_name}, {sign_off.reviewer_credentials}",
        "specialty": sign_off.reviewer_specialty,
        "registration": f"{sign_off.reviewer_registration_body} "
        f"{sign_off.reviewer_registration_number}".strip(),
        "licence_expires": (
            sign_off.reviewer_licence_expires.isoformat()
            if sign_off.reviewer_licence_expires
            else None
        ),
        "statements": list(sign_off.statements),
        "conflict_of_interest": sign_off.conflict_of_interest,
        "conflict_of_interest_details": sign_off.conflict_of_interest_details,
        "comment": sign_off.comment,
        "imported": sign_off.imported,
        **translation_audit_data(sign_off),
    }


def translation_audit_data(record) -> dict:
    """The language part of a sign-off's or publication's audit entry: its locale and, for a
    translation, the original's version it was made from (publication and fingerprint)."""
    return {
        "locale": record.locale,
        "original_publication_id": record.original_publication_id,
        "original_fingerprint": record.original_fingerprint,
    }


def _compared_with(sign_off) -> dict | None:
    """The live, signed version the decided content was shown against (None: none was live)."""
    publication = sign_off.compared_with
    if publication is None:
        return None
    return {
        "publication_id": publication.pk,
        "version": publication.version,
        "revision_id": publication.revision_id,
    }


def _log_decision(sign_off, action: str, user, page=None) -> None:
    page = page if page is not None else Page.objects.get(pk=sign_off.page_id).specific
    data = audit_data(sign_off)
    log(instance=page, action=action, user=user, data=data, revision=None)
    audit.append(AUDIT_EVENTS[action], page_id=sign_off.page_id, data=data, user=user)


@transaction.atomic
def sign_off(*, task_state: TaskState, reviewer, attestation: Attestation, comment: str = ""):
    """Approve the revision under review: record the attested sign-off, then, once the review
    policy is satisfied, approve the task.

    If this is the workflow's last task, Wagtail finishes the workflow and this revision is
    published through the publish service, with this sign-off's proof and the page it built
    and rendered, all in this transaction (the finish action leaves it to this function).
    """
    locked, candidate = _lock_open_task_state(task_state, reviewer)
    refusal = sign_off_refusal(locked, reviewer, candidate=candidate)
    if refusal:
        raise _refuse(refusal)
    approved = MedicalSignOff.Decision.APPROVED
    record = _record(candidate, reviewer, approved, comment, locked.pk, attestation=attestation)
    _log_decision(record, SIGN_OFF_ACTION, reviewer, page=candidate.page)
    proof = proof_of(candidate, record)
    if proof is not None and _approve_task(locked, reviewer, comment):
        _publish_approved(candidate, proof, reviewer)
    return record


def _publish_approved(candidate: Candidate, proof: SignedVersion, reviewer) -> None:
    publish_signed_revision(
        candidate.revision,
        user=reviewer,
        proof=proof,
        page=candidate.page,
        skip_permission_checks=True,  # a reviewer completes the review, publisher or not
    )


def _approve_task(task_state: TaskState, reviewer, comment: str) -> bool:
    """Wagtail's own part: the task approved, the workflow moved on or finished. Whether this
    approval finished the workflow (approved)."""
    task_state.approve(user=reviewer, comment=comment.strip())
    return task_state.workflow_state.status == WorkflowState.STATUS_APPROVED


@transaction.atomic
def request_changes(*, task_state: TaskState, reviewer, comment: str):
    """Send the revision back to its authors; a comment saying what to change is required."""
    if not (comment or "").strip():
        raise ReviewRefused("Say what needs to change: a comment is required.")
    locked, candidate = _lock_open_task_state(task_state, reviewer)
    refusal = decision_refusal(reviewer)
    if refusal:
        raise _refuse(refusal)
    changes = MedicalSignOff.Decision.CHANGES_REQUESTED
    record = _record(candidate, reviewer, changes, comment, task_state_id=locked.pk)
    _log_decision(record, CHANGES_REQUESTED_ACTION, reviewer, page=candidate.page)
    locked.reject(user=reviewer, comment=comment.strip())
    return record


@transaction.atomic
def sign_off_revision(
    *,
    revision: Revision,
    reviewer,
    attestation: Attestation | None = None,
    comment: str = "",
    signed_at: datetime | None = None,
    imported: bool = False,
):
    """Record an approved sign-off of ``revision`` outside a workflow (imports, demo, tests).

    The same rules as in the workflow apply: an active reviewer, licensed on the signing date,
    who did not write the change and has not approved it already, of a specialty the policy
    can still use, on content with its required parts. A past review is ``imported=True`` with
    its original ``signed_at`` (``checked_signing_time``); an import may have no attestation on
    record (it is then shown as "not recorded").
    """
    candidate = Candidate.of(revision)
    return _sign_off_candidate(candidate, reviewer, attestation, comment, signed_at, imported)


def _sign_off_candidate(
    candidate: Candidate, reviewer, attestation, comment, signed_at, imported=False
):
    record = _approval(candidate, reviewer, attestation, comment, signed_at, imported)
    record.save(force_insert=True)
    _log_decision(record, SIGN_OFF_ACTION, reviewer, page=candidate.page)
    return record


def _approval(candidate: Candidate, reviewer, attestation, comment, signed_at, imported=False):
    """The approved sign-off of ``candidate`` by ``reviewer``, checked, not yet saved."""
    signed_at = checked_signing_time(signed_at, imported=imported)
    on = signed_at.date() if signed_at else None
    revision = candidate.revision
    conflicted = authors_of_change(revision)
    refusal = approval_refusal(
        revision, reviewer, conflicted=conflicted, on=on, candidate=candidate
    )
    if refusal:
        raise _refuse(refusal)
    return _new_record(
        candidate,
        reviewer,
        MedicalSignOff.Decision.APPROVED,
        comment,
        attestation=attestation,
        signed_at=signed_at,
        imported=imported,
    )


@transaction.atomic
def publish_signed_off(
    *,
    revision: Revision,
    reviewer,
    attestation: Attestation | None = None,
    comment: str = "",
    signed_at: datetime | None = None,
    imported: bool = False,
):
    """Sign ``revision`` off and publish it, in one transaction (the policy's last approval;
    the content is rendered once for both: the sign-off is the publish's proof). ``signed_at``
    and ``imported`` as for ``sign_off_revision``."""
    candidate = Candidate.of(revision)
    record = _sign_off_candidate(candidate, reviewer, attestation, comment, signed_at, imported)
    publish_signed_revision(
        revision,
        user=reviewer,
        proof=proof_of(candidate, record),
        page=candidate.page,
        skip_permission_checks=True,
    )
    return record


def import_signed_off(
    *,
    revision: Revision,
    reviewer,
    signed_at: datetime,
    attestation: Attestation | None = None,
    comment: str = "",
    publish: bool = True,
):
    """Bring in a past medical review of ``revision`` made elsewhere, dated ``signed_at``
    (aware, not in the future), and publish it unless ``publish=False``.

    The one entry point for imports (``import_articles``): the sign-off is marked imported
    (history, the sign-off list and the audit trail say so), the same eligibility rules apply
    on the signing date (the reviewer's licence then), and the review dates follow it, so an
    old review is due or overdue at once by the usual rules. Raises ``ValueError`` for a bad
    ``signed_at`` and ``ReviewRefused`` when the reviewer may not sign it.
    """
    decide = publish_signed_off if publish else sign_off_revision
    return decide(
        revision=revision,
        reviewer=reviewer,
        attestation=attestation,
        comment=comment,
        signed_at=signed_at,
        imported=True,
    )


@dataclass(frozen=True)
class ImportedReview:
    """A past medical review of ``revision`` to import: ``import_signed_off``'s arguments."""

    revision: Revision
    reviewer: Any
    signed_at: datetime
    attestation: Attestation | None = None
    comment: str = ""


@transaction.atomic
def import_signed_off_batch(reviews: list[ImportedReview]) -> list:
    """``import_signed_off`` (publishing) for many revisions at once, all or nothing.

    Each review is checked and recorded as ``import_signed_off`` records it (the revision
    built and rendered once, the same eligibility rules on its signing date, the sign-off, its
    history entry and audit entry); then all of them go live together through the batch
    publish (``service.publish_signed_batch``), each with its own sign-off as proof and its
    reviewer as publisher. In the audit chain the batch's sign-offs come first, then its
    publications, each page's in the one-by-one order. Raises ``service.BatchRefused`` naming
    the first review that cannot be signed off or published; nothing of the batch is written.
    Returns the sign-offs in order.
    """
    candidates, approvals, seen = [], [], set()
    for position, review in enumerate(reviews):
        try:
            if review.revision.pk in seen:
                raise ValueError(f"revision {review.revision.pk} is twice in the batch.")
            seen.add(review.revision.pk)
            candidate = Candidate.of(review.revision)
            approvals.append(
                _approval(
                    candidate,
                    review.reviewer,
                    review.attestation,
                    review.comment,
                    review.signed_at,
                    imported=True,
                )
            )
        except (ReviewRefused, ValidationError, ValueError) as refusal:
            raise BatchRefused(position, refusal) from refusal
        candidates.append(candidate)
    records = MedicalSignOff.objects.bulk_create(approvals)
    _log_decisions(records, candidates, [review.reviewer for review in reviews])
    signed = [
        SignedPage(c.revision, c.page, proof_of(c, record), user=review.reviewer)
        for c, record, review in zip(candidates, records, reviews, strict=True)
    ]
    publish_signed_batch(signed)
    return records


def _log_decisions(records, candidates, reviewers) -> None:
    """``_log_decision`` of a batch's sign-offs: their history entries in one insert, their
    audit entries in one append, in the batch's order."""
    entries, events = [], []
    for record, candidate, reviewer in zip(records, candidates, reviewers, strict=True):
        data = audit_data(record)
        entries.append(page_log_entry(candidate.page, SIGN_OFF_ACTION, user=reviewer, data=data))
        event = AUDIT_EVENTS[SIGN_OFF_ACTION]
        events.append(audit.Event(event, record.page_id, data, user=reviewer))
    PageLogEntry.objects.bulk_create(entries)
    audit.append_many(events)


@transaction.atomic
def supersede_sign_off(original, *, corrected_by, reason: str, **corrections):
    """Correct how a sign-off was recorded: a new record that supersedes the old one.

    The one supported correction, since records are never changed: the original stays as it
    was, the new one carries the same revision, fingerprint, snapshot and time with the
    corrected reviewer facts and the reason. Readers get the corrected facts (the API's store
    reissues the articles it covers).
    """
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
