"""The "Medical review" workflow task."""

from __future__ import annotations

from typing import Any, Protocol

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask

APPROVE = "approve"
REQUEST_CHANGES = "reject"
APPROVE_LABEL = "Approve (medical sign-off)"
REQUEST_CHANGES_LABEL = "Request changes"


class ReviewDecisions(Protocol):
    """What the task hands a reviewer's decision to: the publishing room's decisions
    (``publishing.decisions.TASK_DECISIONS``), registered once by the app's ``ready``.

    A model does not call the publish path itself: an approval may publish, and the publish
    service imports the models, so the task is told who decides instead of importing it.
    """

    def decide(self, task_state, user, action_name: str, data: dict[str, Any]) -> None: ...


_decisions: ReviewDecisions | None = None


def use_review_decisions(decisions: ReviewDecisions) -> None:
    """Register who decides the task's actions (``ReviewWorkflowConfig.ready``)."""
    global _decisions
    _decisions = decisions


def review_decisions() -> ReviewDecisions:
    if _decisions is None:
        raise ImproperlyConfigured("review_workflow is not ready: no review decisions registered")
    return _decisions


class RequestChangesForm(TaskStateCommentForm):
    """The request-changes modal: the comment is what the authors act on, so it is required."""

    comment = forms.CharField(
        label="What needs to change", required=True, widget=forms.Textarea({"rows": 4})
    )


class MedicalReviewTask(AbstractGroupApprovalTask):
    """A group approval task whose approval is an attested medical sign-off on one revision.

    Members of the chosen groups with an active, in-date reviewer profile may approve or
    request changes. Approve opens the attestation form (statements, conflicts of interest, an
    optional comment); it is withheld, with the reason shown, from whoever wrote or submitted
    the change, already approved it, or cannot satisfy the health center's policy, and a forged
    approval is refused by ``decisions.sign_off``. Each decision is an append-only
    ``MedicalSignOff``; the task is approved when the policy's approvals are complete. The
    decision itself is made by the registered ``ReviewDecisions``.
    """

    def get_actions(self, obj, user):
        from ..rules.eligibility import decision_refusal, sign_off_refusal

        if not self._user_in_groups(user) or decision_refusal(user) is not None:
            return []
        actions = [(REQUEST_CHANGES, REQUEST_CHANGES_LABEL, True)]
        task_state = obj.current_workflow_task_state
        if task_state is not None and sign_off_refusal(task_state, user) is None:
            actions.insert(0, (APPROVE, APPROVE_LABEL, True))
        return actions

    def get_form_for_action(self, action):
        from ..rules.attestation import SignOffForm

        return SignOffForm if action == APPROVE else RequestChangesForm

    def get_template_for_action(self, action):
        if action == APPROVE:
            return "review_workflow/sign_off_modal.html"
        if action == REQUEST_CHANGES:
            return "review_workflow/request_changes_modal.html"
        return super().get_template_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        review_decisions().decide(task_state, user, action_name, kwargs)

    @classmethod
    def get_description(cls):
        return "Credentialed medical reviewers sign off on exactly the revision that goes live."

    class Meta:
        verbose_name = "medical review task"
        verbose_name_plural = "medical review tasks"
