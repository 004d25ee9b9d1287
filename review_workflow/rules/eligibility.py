"""Who may decide a medical review, and, when Approve is withheld, why, in the reviewer's words.

One place answers "may this person approve this revision?" for the task's actions, the
decision functions, the editor's message and the dashboard, so the reason a reviewer reads is
the rule that was applied. Reasons are sentences that start lower-case, for "You cannot
approve this version: <reason>".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from wagtail.models import PageLogEntry, Revision, TaskState

from .fingerprint import digest
from .policy import ReviewPolicy, approval_progress, policy_for


@dataclass(frozen=True)
class Candidate:
    """A revision as a reviewer signs it off: the page built from it, its reviewed content
    (rendered once, here), that content's fingerprint and the review policy that applies.

    Built once per decision and passed to every step that needs one of these, so a sign-off
    (and the publish it may cause) neither rebuilds the page nor renders it twice. ``language``
    is the language code of the page's locale: a reviewer must review in it."""

    revision: Revision
    page: Any
    content: Any
    fingerprint: str
    policy: ReviewPolicy
    language: str

    @classmethod
    def of(cls, revision: Revision) -> Candidate:
        page = revision.as_object()
        content = page.get_reviewed_content()  # rendered once per decision, here
        language = page_language(page)
        return cls(revision, page, content, digest(content), policy_for(page), language)


def page_language(page) -> str:
    """The language code of ``page``'s locale (one query unless the locale is loaded)."""
    from wagtail.models import Locale

    if "locale" in page._state.fields_cache:
        return page.locale.language_code
    return Locale.objects.filter(pk=page.locale_id).values_list("language_code", flat=True)[0]


SUBMIT_ACTIONS = ("wagtail.workflow.start", "wagtail.workflow.resume")
NOT_A_REVIEWER = (
    "only an active medical reviewer in the 'Medical reviewers' group can decide medical reviews."
)


def authors_of_change(revision: Revision) -> set[int]:
    """Users who wrote any change in ``revision`` since the last approved sign-off."""
    from ..models import MedicalSignOff

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


def decision_refusal(user, on: date | None = None) -> str | None:
    """Why ``user`` may decide no medical review at all (no profile, group or licence)."""
    from ..models import ReviewerProfile

    profile = ReviewerProfile.for_signing(user)
    if profile is None:
        return NOT_A_REVIEWER
    return profile.licence_refusal(on)


def required_parts_refusal(page) -> str | None:
    """Why the content itself cannot be signed off: the required parts it lacks."""
    missing = page.missing_required_parts()
    if not missing:
        return None
    return "the article is missing required parts: " + "; ".join(missing) + "."


def approval_refusal(
    revision: Revision,
    user,
    *,
    conflicted: set[int],
    on: date | None = None,
    candidate: Candidate | None = None,
) -> str | None:
    """Why ``user`` may not approve ``revision`` now, or None if they may.

    ``conflicted`` are the people who wrote or submitted the change; ``on`` is the signing
    date (today unless a past review is being imported); ``candidate`` the revision already
    built and rendered by the caller (built here if not given).
    """
    from ..models import ReviewerProfile

    profile = ReviewerProfile.for_signing(user)  # as ``decision_refusal``, keeping the profile
    refusal = NOT_A_REVIEWER if profile is None else profile.licence_refusal(on)
    if refusal:
        return refusal
    if user.pk in conflicted:
        return "you wrote or submitted this change, so another reviewer must sign it off."
    candidate = candidate or Candidate.of(revision)
    refusal = profile.language_refusal(candidate.language)
    if refusal:
        return refusal
    progress = approval_progress(revision.pk, candidate.fingerprint, candidate.policy)
    if any(approval.reviewer_id == user.pk for approval in progress.approvals):
        return (
            "you already approved this version; the next approval must come from another reviewer."
        )
    refusal = required_parts_refusal(candidate.page)
    if refusal:
        return refusal
    return progress.specialty_refusal(profile.specialty)


def sign_off_refusal(task_state: TaskState, user, candidate: Candidate | None = None) -> str | None:
    """Why ``user`` may not approve this review task, or None if they may."""
    conflicted = conflicted_users(task_state)
    return approval_refusal(task_state.revision, user, conflicted=conflicted, candidate=candidate)
