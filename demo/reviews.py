"""The demo's review history: every review state visible on first run.

- one article reviewed 14 months ago (its review is overdue) and one 350 days ago (due soon),
  imported as past sign-offs with their original dates, the way a site migrating its history
  would record them;
- one article reviewed today through the real workflow (the editor submits, two reviewers
  approve), then edited, resubmitted, assigned to both reviewers and approved once: it waits
  for its second approval;
- one reviewer whose licence has expired, who is told why they cannot approve;
- in Spanish (``translations``): the upper back pain article signed off by two reviewers who
  review in Spanish; the neck pain article signed off against the neck article's first
  version, out of date once the English article is published again, its update waiting for
  review.

Wagtail's workflow e-mails are held back while the demo is built: its history is not news.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone
from wagtail.admin import signal_handlers as wagtail_notifications
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from review_workflow.admin import notifications as review_notifications
from review_workflow.contract import today
from review_workflow.publishing.decisions import import_signed_off, sign_off_revision
from review_workflow.records.assignments import set_assignments
from review_workflow.rules.attestation import Attestation

from . import translations as spanish

# Health center policy: two distinct reviewers, one of them an orthopaedic specialist.
BACK_PAIN_POLICY = {"required_approvals": 2, "required_specialties": ["orthopaedics"]}
# Days since each imported article's last review (with the 12-month interval: overdue, due soon).
PAST_REVIEWS = {"upper-middle-back-pain-treatment": 425, "low-back-pain-treatment": 350}
IN_REVIEW = "neck-pain-treatment"
# The resubmitted article is assigned to both reviewers, due this many days after the load.
ASSIGNED_DAYS = 7
RESUBMITTED_SUMMARY_END = " See a doctor if the pain spreads to an arm."
# Wagtail's workflow e-mail receivers, by the signal, sender and dispatch_uid it connects them
# with (wagtail.admin.signal_handlers.register_signal_handlers).
NOTIFIERS = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
)


@contextmanager
def workflow_emails_held():
    """Disconnect Wagtail's workflow e-mails while the demo's history is recorded."""
    for signal, sender, dispatch_uid in NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
    try:
        yield
    finally:
        # The review's submission notifiers first: they take two of Wagtail's places (only
        # those who can act are told), Wagtail's own notifiers the others.
        review_notifications.connect()
        wagtail_notifications.register_signal_handlers()


def import_past_review(revision, reviewers, days_ago: int) -> None:
    """Record a review that happened ``days_ago``: each reviewer's sign-off, then publish."""
    signed_at = timezone.now() - timedelta(days=days_ago)
    *first, last = reviewers
    attested = Attestation.affirmed()
    for reviewer in first:
        sign_off_revision(
            revision=revision,
            reviewer=reviewer,
            attestation=attested,
            signed_at=signed_at,
            imported=True,
        )
    import_signed_off(revision=revision, reviewer=last, attestation=attested, signed_at=signed_at)


def approve(page, reviewer, comment: str = "") -> None:
    """A reviewer's attested approval of the page's current review task."""
    state = page.current_workflow_task_state
    data = {
        "reviewed_whole_content": True,
        "evidence_current": True,
        "conflict_of_interest": "none",
        "conflict_details": "",
    }
    state.task.specific.on_action(state, reviewer, "approve", comment=comment, **data)


def review_in_the_workflow(article, editor, reviewers) -> None:
    """Submit the article and have each reviewer approve it: it goes live with the last."""
    article.get_workflow().start(article, editor)
    for reviewer in reviewers:
        approve(type(article).objects.get(pk=article.pk), reviewer)


def resubmit_with_one_approval(article, editor, first_reviewer, second_reviewer) -> None:
    """Edit the live article, resubmit it, assign it to both reviewers (due in a week) and
    record the first of its two approvals."""
    page = type(article).objects.get(pk=article.pk).get_latest_revision_as_object()
    page.summary += RESUBMITTED_SUMMARY_END
    page.save_revision(user=editor)
    workflow_state = page.get_workflow().start(page, editor)
    set_assignments(
        workflow_state,
        reviewers=[first_reviewer, second_reviewer],
        due=today() + timedelta(days=ASSIGNED_DAYS),
        by=editor,
    )
    approve(type(article).objects.get(pk=article.pk), first_reviewer, "Clear and current.")


def review_history(article, editor, reviewers, spanish_reviewers=()) -> None:
    """Give a newly created demo article its place in the review story. ``spanish_reviewers``:
    two reviewers who review in Spanish (a general practitioner, an orthopaedic surgeon)."""
    general, orthopaedic = reviewers
    if article.slug in PAST_REVIEWS:
        revision = article.save_revision(user=editor)
        import_past_review(revision, [general, orthopaedic], PAST_REVIEWS[article.slug])
    else:
        article.save_revision(user=editor)
        review_in_the_workflow(article, editor, [general, orthopaedic])
        if article.slug == IN_REVIEW:
            if spanish_reviewers:
                outdate_a_translation(article, editor, reviewers, spanish_reviewers)
            resubmit_with_one_approval(article, editor, general, orthopaedic)


def translate(original, spec: dict, editor):
    """A draft Spanish translation of ``original`` (its parents translated too), with the
    Spanish text of ``spec``, saved by ``editor``."""
    from wagtail.models import Locale

    spanish_locale, _ = Locale.objects.get_or_create(language_code="es")
    page = original.copy_for_translation(spanish_locale, copy_parents=True)
    for name in ("title", "slug", "condition", "summary", "body"):
        setattr(page, name, spec[name])
    page.save()
    page.save_revision(user=editor)
    return type(original).objects.get(pk=page.pk)


def sign_off_translation(original, spec: dict, editor, spanish_reviewers):
    """Translate ``original`` and have two reviewers who review in Spanish approve it in the
    medical review workflow: it goes live."""
    translation = translate(original, spec, editor)
    review_in_the_workflow(translation, editor, list(spanish_reviewers))
    return type(original).objects.get(pk=translation.pk)


def outdate_a_translation(article, editor, reviewers, spanish_reviewers) -> None:
    """The neck article in Spanish, signed off against the article's first version; then a
    second English version goes live (the translation is now out of date) and the Spanish
    update is submitted for review."""
    translation = sign_off_translation(article, spanish.NECK_ES, editor, spanish_reviewers)
    page = type(article).objects.get(pk=article.pk).get_latest_revision_as_object()
    page.summary += spanish.NECK_SECOND_VERSION_SUMMARY_END
    page.save_revision(user=editor)
    review_in_the_workflow(page, editor, list(reviewers))
    update = translation.get_latest_revision_as_object()
    update.summary += spanish.NECK_ES_UPDATED_SUMMARY_END
    update.save_revision(user=editor)
    update.get_workflow().start(update, editor)
