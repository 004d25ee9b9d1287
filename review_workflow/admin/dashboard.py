"""Dashboard panels by role: what awaits a reviewer, where an editor's articles stand in review,
and, for everyone, how many reviews are overdue or due soon.

Wagtail's own workflow panels list the same task states without the medical facts (approvals
still needed, why Approve is withheld, the change-request comment); where ours show, theirs
are removed (``without_wagtail_duplicates``) so a reviewer sees one list, not two.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import (
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.models import Page, TaskState, WorkflowState

from ..models import (
    MedicalReviewTask,
    MedicalSignOff,
    ReReviewRequest,
    ReviewAssignment,
    ReviewerProfile,
)
from ..rules.due import due_counts
from ..rules.eligibility import Candidate
from ..rules.policy import approval_progress
from ..rules.review_status import DUE_SOON, OVERDUE, due_soon_days
from ..rules.review_status import today as review_clock
from .assignments import assignment_context, may_assign
from .coverage import pages_without_review
from .editor import cannot_decide_reason, withheld_reason
from .review_changes import superseded_notice


def medical_review_states_for(user):
    """In-progress medical review task states this user may decide, oldest first."""
    states = TaskState.objects.none()
    for task in MedicalReviewTask.objects.filter(active=True):
        states = states | task.get_task_states_user_can_moderate(user)
    return states.select_related("revision", "workflow_state").order_by("started_at")


def approvals_text(task_state: TaskState, candidate: Candidate | None = None) -> str:
    """'1 of 2 approvals' for the revision under review, as its content is now."""
    candidate = candidate or Candidate.of(task_state.revision)
    progress = approval_progress(task_state.revision_id, candidate.fingerprint, candidate.policy)
    return f"{len(progress.approvals)} of {progress.policy.required_approvals} approvals"


class AwaitingMedicalReviewPanel(Component):
    """Reviewers: articles awaiting their medical review, with approvals so far and, where
    Approve is withheld from them, the reason."""

    name = "awaiting_medical_review"
    template_name = "review_workflow/awaiting_medical_review.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        now = timezone.now()
        items = []
        today = review_clock()
        mine = {
            assignment.workflow_state_id: assignment
            for assignment in ReviewAssignment.objects.open().filter(reviewer=request.user)
        }
        cannot_decide = None
        for state in medical_review_states_for(request.user):
            page = Page.objects.filter(pk=state.revision.object_id).select_related("locale").first()
            if page is None:
                continue
            candidate = Candidate.of(state.revision)
            assignment = mine.get(state.workflow_state_id)
            withheld = withheld_reason(state.specific, request.user)
            items.append(
                {
                    "page": page,
                    "state": state,
                    "age": now - state.started_at,
                    "approvals": approvals_text(state, candidate),
                    "withheld": withheld,
                    "actions": _translation_decisions(page, withheld),
                    "superseded": superseded_notice(state, candidate),
                    "assignment": assignment,
                    "overdue": assignment is not None and assignment.is_overdue(today),
                }
            )
        # Assigned to this reviewer first, soonest due first; then the rest, oldest first.
        items.sort(key=lambda item: item["assignment"] is None)
        if items:
            # Someone who may decide no medical review at all (an administrator without a
            # reviewer profile, a lapsed licence) is told so once, not offered a decision.
            cannot_decide = cannot_decide_reason(items[0]["state"].specific, request.user)
        if cannot_decide:
            for item in items:
                item["actions"] = []
        return {"items": items, "request": request, "cannot_decide": cannot_decide}


def _translation_decisions(page, withheld: str | None) -> list[tuple[str, str, bool]]:
    """The decisions offered on the dashboard itself for a translation (its edit screen is
    wagtail-localize's translation editor, which offers no workflow actions): Wagtail's
    workflow action buttons, Approve only when it is not withheld."""
    from ..models.records import default_language_code
    from ..models.tasks import APPROVE, APPROVE_LABEL, REQUEST_CHANGES, REQUEST_CHANGES_LABEL

    if page.locale.language_code == default_language_code():
        return []
    actions = [(REQUEST_CHANGES, REQUEST_CHANGES_LABEL, True)]
    if withheld is None:
        actions.insert(0, (APPROVE, APPROVE_LABEL, True))
    return actions


def _change_request(workflow_state: WorkflowState):
    return (
        MedicalSignOff.objects.filter(
            page_id=int(workflow_state.object_id),
            decision=MedicalSignOff.Decision.CHANGES_REQUESTED,
            task_state__workflow_state=workflow_state,
        )
        .only("comment", "reviewer_name", "signed_at")
        .first()
    )


def _editor_item(workflow_state: WorkflowState, user) -> dict | None:
    page = Page.objects.filter(pk=workflow_state.object_id).first()
    if page is None:
        return None
    if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return {
            "page": page,
            "status": "Changes requested",
            "change_request": _change_request(workflow_state),
        }
    state = workflow_state.current_task_state
    status = "In medical review"
    if state is not None and isinstance(state.task.specific, MedicalReviewTask):
        status += f" ({approvals_text(state)})"
    return {
        "page": page,
        "status": status,
        "since": workflow_state.created_at,
        "may_assign": may_assign(user, workflow_state),
        **assignment_context(workflow_state),
    }


def editor_workflows(user):
    """Medical review workflows on pages the user owns or submitted, still open."""
    return (
        WorkflowState.objects.filter(
            status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
            workflow__workflow_tasks__task__in=MedicalReviewTask.objects.all(),
        )
        .filter(Q(requested_by=user) | Q(object_id__in=_owned_page_ids(user)))
        .distinct()
        .select_related("current_task_state")
        .order_by("-created_at")
    )


def _owned_page_ids(user) -> list[str]:
    return [str(pk) for pk in Page.objects.filter(owner=user).values_list("pk", flat=True)]


class MyArticlesInReviewPanel(Component):
    """Editors: their articles in medical review, and the comment of any change request."""

    name = "my_articles_in_medical_review"
    template_name = "review_workflow/my_articles_in_review.html"
    order = 95

    def __init__(self, user):
        self.items = [
            item for state in editor_workflows(user) if (item := _editor_item(state, user))
        ]

    def get_context_data(self, parent_context):
        return {"items": self.items}


class ReviewsDuePanel(Component):
    """Everyone: how many live articles are overdue for review or due soon, linking to the
    "Reviews due" report."""

    name = "reviews_due_counts"
    template_name = "review_workflow/reviews_due_panel.html"
    order = 85

    def get_context_data(self, parent_context):
        report = reverse("review_workflow_reviews_due")
        return {
            "counts": due_counts(),
            "days": due_soon_days(),
            "overdue_url": f"{report}?due={OVERDUE}",
            "due_soon_url": f"{report}?due={DUE_SOON}",
        }


def is_reviewer(user) -> bool:
    return ReviewerProfile.objects.filter(user=user).exists()


def homepage_panels(request, panels: list) -> None:
    """``construct_homepage_panels``: our panels in, Wagtail's duplicates of them out."""
    mine = MyArticlesInReviewPanel(request.user)
    remove = set()
    if is_reviewer(request.user):
        remove.add(WorkflowObjectsToModeratePanel)
    if mine.items:
        remove.add(UserObjectsInWorkflowModerationPanel)
    panels[:] = [panel for panel in panels if type(panel) not in remove]
    panels[:0] = [
        PagesWithoutReviewPanel(),
        ReviewsDuePanel(),
        AwaitingMedicalReviewPanel(),
        ReReviewPanel(),
        OutdatedTranslationsPanel(),
        mine,
    ]


class PagesWithoutReviewPanel(Component):
    """Dashboard panel: reviewed pages (or their health centers) under no review workflow."""

    name = "pages_without_review"
    template_name = "review_workflow/pages_without_review.html"
    order = 90

    def get_context_data(self, parent_context):
        return {"pages": pages_without_review(limit=20)}


class ReReviewPanel(Component):
    """Dashboard panel: live articles that need another medical review, and why."""

    name = "rereview_needed"
    template_name = "review_workflow/rereview_needed.html"
    order = 95

    def get_context_data(self, parent_context):
        requests = ReReviewRequest.objects.open().order_by("-raised_at")[:20]
        titles = dict(
            Page.objects.filter(pk__in=[r.page_id for r in requests]).values_list("pk", "title")
        )
        items = [{"request": r, "title": titles.get(r.page_id, "")} for r in requests]
        return {"items": items, "request": parent_context["request"]}


class OutdatedTranslationsPanel(Component):
    """Dashboard panel: live translations whose original has been published again since the
    version they follow ("translation out of date"), longest outdated first."""

    name = "outdated_translations"
    template_name = "review_workflow/outdated_translations.html"
    order = 96

    def get_context_data(self, parent_context):
        from .translations import outdated_translations

        return {"items": outdated_translations(limit=20), "request": parent_context["request"]}
