"""Workflow wiring: the finish action and the "Medical review" workflow itself."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "Medical review"
TASK_NAME = "Medical sign-off"


def publish_approved_revision(workflow_state, user=None) -> None:
    """``WAGTAIL_FINISH_WORKFLOW_ACTION``: publish the revision the final task approved.

    Wagtail's default publishes the latest revision, which may be a later, unreviewed draft.
    This runs inside ``WorkflowState.finish``'s transaction. When the final task is the medical
    review, the sign-off that approved it publishes (``decisions.sign_off``, right after this
    returns, with its proof and the page it rendered): nothing to do here. After another kind
    of task, the approved revision is published through the publish service, which checks the
    sign-off anew. A reviewer without publish permission still completes the review.

    A workflow without a medical review task (say, plain moderation on an article) approves
    without a sign-off: the service refuses the publish, the refusal stays in the page's
    history, and the approval stands, so nothing unsigned goes live and nothing is lost.
    """
    from ..models import MedicalSignOff
    from .guard import MedicalSignOffRequired, log_refusal
    from .service import publish_signed_revision

    task_state = workflow_state.current_task_state
    if MedicalSignOff.objects.filter(task_state_id=task_state.pk).exists():
        return  # a medical review task: its last sign-off publishes
    revision = task_state.revision
    try:
        publish_signed_revision(revision, user=user, skip_permission_checks=True)
    except MedicalSignOffRequired as refusal:
        log_refusal(refusal, user=user)
        logger.warning(
            "Workflow %s approved revision %s without a valid medical sign-off; not published.",
            workflow_state.pk,
            revision.pk,
        )


def ensure_medical_review_workflow(reviewer_group=None):
    """The "Medical review" workflow with its task, created if missing (idempotent).

    Assigned to every page that may hold reviewable pages (health centers), so their articles
    inherit it.
    """
    from django.contrib.auth.models import Group
    from wagtail.models import Workflow, WorkflowPage, WorkflowTask

    from ..models import MedicalReviewTask
    from ..models.reviewers import REVIEWERS_GROUP

    group = reviewer_group or Group.objects.get_or_create(name=REVIEWERS_GROUP)[0]
    task = MedicalReviewTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = MedicalReviewTask.objects.create(name=TASK_NAME)
    task.groups.add(group)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for page in review_parents():
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def review_parents() -> list:
    """Pages under which reviewable pages are created (e.g. health centers)."""
    from ..contract import reviewed_page_models

    parent_models = {
        parent for model in reviewed_page_models() for parent in model.allowed_parent_page_models()
    }
    return [page for model in parent_models for page in model.objects.all()]
