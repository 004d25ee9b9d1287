"""The "Medical review" workflow task."""

from __future__ import annotations

from django import forms
from django.db import transaction
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask


class RequestChangesForm(TaskStateCommentForm):
    """The request-changes modal: the comment is what the authors act on, so it is required."""

    comment = forms.CharField(
        label="What needs to change", required=True, widget=forms.Textarea({"rows": 4})
    )


class MedicalReviewTask(AbstractGroupApprovalTask):
    """A group approval task whose approval is a medical sign-off on exactly one revision.

    Members of the chosen groups with an active reviewer profile may approve or request changes;
    whoever wrote or submitted the change gets no approve action, and a forged approval is
    refused by ``decisions.sign_off``. Approving records an append-only ``MedicalSignOff``.
    """

    def get_actions(self, obj, user):
        from ..decisions import sign_off_refusal
        from .reviewers import ReviewerProfile

        if not self._user_in_groups(user) or ReviewerProfile.for_signing(user) is None:
            return []
        actions = [("reject", "Request changes", True)]
        task_state = obj.current_workflow_task_state
        if task_state is not None and sign_off_refusal(task_state, user) is None:
            actions += [
                ("approve", "Approve (medical sign-off)", False),
                ("approve", "Approve with comment", True),
            ]
        return actions

    def get_form_for_action(self, action):
        return RequestChangesForm if action == "reject" else TaskStateCommentForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        from ..decisions import ReviewRefused, request_changes, sign_off

        comment = kwargs.get("comment") or ""
        if action_name == "approve":
            sign_off(task_state=task_state, reviewer=user, comment=comment)
        elif action_name == "reject":
            request_changes(task_state=task_state, reviewer=user, comment=comment)
        else:
            raise ReviewRefused(f"Unknown review action {action_name!r}.")

    @classmethod
    def get_description(cls):
        return "Credentialed medical reviewers sign off on exactly the revision that goes live."

    class Meta:
        verbose_name = "medical review task"
        verbose_name_plural = "medical review tasks"
