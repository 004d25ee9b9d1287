"""Who hears about a medical review by e-mail: only those who can act on it.

Wagtail e-mails "submitted for approval" to every member of a group approval task's groups
and to every superuser, and "submitted for moderation" to every superuser. For a medical review
that reached people who cannot decide it: a reviewer whose licence lapsed, an administrator
with no reviewer profile. Here the same notifiers (Wagtail's classes, Wagtail's templates, which
this app words for medical review) choose recipients by ``rules.eligibility``, the rule the
task's actions use; other workflows keep Wagtail's recipients.

They are connected under Wagtail's own ``dispatch_uid``s before ``wagtail.admin`` connects its
notifiers (``review_workflow`` is listed first in ``INSTALLED_APPS``, as for the e-mail
templates), so Wagtail's connections are the ones skipped; ``checks.check_notifiers`` warns when
that order is lost.
"""

from __future__ import annotations

import weakref

from django.contrib.auth import get_user_model
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_submitted

from ..models import MedicalReviewTask
from ..rules.eligibility import decision_refusal

TASK_SUBMITTED_UID = "group_approval_task_submitted_email_notification"
WORKFLOW_SUBMITTED_UID = "workflow_state_submitted_email_notification"


def _is_medical_review(task) -> bool:
    return isinstance(task.specific, MedicalReviewTask)


def reviewers_who_can_act(task: MedicalReviewTask, exclude=None) -> list:
    """Members of the task's groups who may decide a medical review today (an active,
    in-date reviewer profile: ``eligibility.decision_refusal``), with an e-mail address."""
    members = (
        get_user_model()
        .objects.filter(groups__in=task.groups.all(), is_active=True)
        .exclude(email="")
        .distinct()
    )
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    return [user for user in members if decision_refusal(user) is None]


class MedicalReviewSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """ "Submitted for medical review": to the reviewers who can decide it, nobody else."""

    def get_recipient_users(self, task_state: TaskState, **kwargs):
        task = task_state.task.specific
        if not isinstance(task, MedicalReviewTask):
            return super().get_recipient_users(task_state, **kwargs)
        return reviewers_who_can_act(task, exclude=kwargs.get("user"))

    def get_context(self, task_state: TaskState, **kwargs):
        context = super().get_context(task_state, **kwargs)
        context["requested_by"] = task_state.workflow_state.requested_by
        return context


class WorkflowSubmissionNotifier(WorkflowStateSubmissionEmailNotifier):
    """Wagtail's "submitted to workflow" e-mail to superusers, except for a medical review:
    its reviewers get the task's e-mail, and a superuser cannot decide it as such."""

    def get_recipient_users(self, workflow_state: WorkflowState, **kwargs):
        first = workflow_state.workflow.workflow_tasks.order_by("sort_order").first()
        if first is not None and _is_medical_review(first.task):
            return get_user_model().objects.none()
        return super().get_recipient_users(workflow_state, **kwargs)


task_submission_notifier = MedicalReviewSubmissionNotifier()
workflow_submission_notifier = WorkflowSubmissionNotifier()


def connect() -> None:
    """Take Wagtail's places for the two submission e-mails (``ReviewWorkflowConfig.ready``)."""
    task_submitted.connect(
        task_submission_notifier, sender=TaskState, dispatch_uid=TASK_SUBMITTED_UID
    )
    workflow_submitted.connect(
        workflow_submission_notifier, sender=WorkflowState, dispatch_uid=WORKFLOW_SUBMITTED_UID
    )


def connected_notifiers() -> dict[str, object]:
    """Which receiver holds each of the two places now (for the system check)."""
    from django.dispatch.dispatcher import _make_id

    found = {}
    for signal, uid, sender in (
        (task_submitted, TASK_SUBMITTED_UID, TaskState),
        (workflow_submitted, WORKFLOW_SUBMITTED_UID, WorkflowState),
    ):
        for key, receiver, _is_async in signal.receivers:
            if key == (uid, _make_id(sender)):
                found[uid] = receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
    return found
