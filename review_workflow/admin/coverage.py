"""Every reviewed page under the medical review: new review parents get the workflow, and any
page left without one is reported (system check, dashboard).

``manage.py setup_medical_review`` assigns the "Medical review" workflow to the pages
reviewed pages are created under (health centers); a center created later, in the admin, by
a copy or in the shell, inherited Wagtail's "Moderators approval" from the root instead, so an
editor's "Submit" under it never reached a medical reviewer (the guard fails closed, but
nobody was told). A receiver of ``post_save`` on each parent type assigns the workflow when
such a page is created, whatever created it.
"""

from __future__ import annotations

import logging

from django.db.models.signals import post_save
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowTask

from ..contract import reviewed_page_models
from ..publishing.workflow import WORKFLOW_NAME

logger = logging.getLogger(__name__)


def review_parent_models() -> set[type[Page]]:
    """Page types reviewed pages may be created under (e.g. ``HealthCenterPage``)."""
    return {
        parent for model in reviewed_page_models() for parent in model.allowed_parent_page_models()
    }


def medical_review_workflow_ids() -> set[int]:
    """Active workflows with an active medical review task among their tasks."""
    from ..models import MedicalReviewTask

    tasks = MedicalReviewTask.objects.filter(active=True)
    return set(
        WorkflowTask.objects.filter(task__in=tasks, workflow__active=True).values_list(
            "workflow_id", flat=True
        )
    )


def under_medical_review(page: Page) -> bool:
    """The page's workflow (its own or the nearest ancestor's) has a medical review task."""
    workflow = page.get_workflow()
    return workflow is not None and workflow.pk in medical_review_workflow_ids()


def assign_medical_review(
    sender, instance: Page, created: bool, raw: bool = False, **kwargs
) -> None:
    """``post_save`` of a review parent: a new one gets "Medical review" unless its workflow
    already has a medical review task. (Wagtail's own migration gives the root "Moderators
    approval", which every new page inherits: a moderation without a sign-off.)

    Only once ``setup_medical_review`` has made the workflow (it owns the task and the
    reviewers' group); until then the check and the dashboard name the uncovered pages.
    """
    if not created or raw or under_medical_review(instance):
        return
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is None:
        # Info, not a warning: load_demo and fresh sites create centers before the workflow.
        logger.info("%r has no medical review: run manage.py setup_medical_review.", instance)
        return
    WorkflowPage.objects.update_or_create(page=instance, defaults={"workflow": workflow})


def connect() -> None:
    """Assign the workflow to every new review parent (``ReviewWorkflowConfig.ready``)."""
    for model in review_parent_models():
        post_save.connect(
            assign_medical_review,
            sender=model,
            dispatch_uid=f"review_workflow.coverage.{model._meta.label_lower}",
        )


def _effective_workflows() -> dict[str, int]:
    """Path of each page with an active workflow of its own, and that workflow's id."""
    assigned = WorkflowPage.objects.filter(workflow__active=True)
    return dict(assigned.values_list("page__path", "workflow_id"))


def _workflow_of(path: str, assigned: dict[str, int]) -> int | None:
    """The workflow of the page at ``path``: its own, else its nearest ancestor's."""
    for end in range(len(path), 0, -Page.steplen):
        if path[:end] in assigned:
            return assigned[path[:end]]
    return None


def pages_without_review(limit: int | None = None) -> list[Page]:
    """Reviewed pages, and the pages they are created under, whose workflow has no medical
    review task (or that have none): a "Submit" there never reaches a medical reviewer. In
    tree order; ``limit``: the first so many (the dashboard's)."""
    assigned, medical = _effective_workflows(), medical_review_workflow_ids()
    types = (*reviewed_page_models(), *review_parent_models())
    paths = Page.objects.type(*types).order_by("path").values_list("pk", "path")
    uncovered = [pk for pk, path in paths if _workflow_of(path, assigned) not in medical]
    chosen = uncovered[:limit] if limit is not None else uncovered
    return list(Page.objects.filter(pk__in=chosen).order_by("path"))
