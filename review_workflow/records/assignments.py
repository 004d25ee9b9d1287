"""Assigning named reviewers to a medical review: each change kept in the audit trail."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from ..models import ReviewAssignment
from . import audit

ASSIGNED = "review_assigned"
DUE_CHANGED = "review_assignment_due_changed"
UNASSIGNED = "review_unassigned"


@dataclass
class AssignmentChanges:
    """What one change of a review's assignments did: who was added, whose due date moved,
    who was taken off."""

    added: list[ReviewAssignment] = field(default_factory=list)
    moved: list[ReviewAssignment] = field(default_factory=list)
    removed: list[ReviewAssignment] = field(default_factory=list)


def _audit(event: str, assignment: ReviewAssignment, by) -> None:
    data = {
        "workflow_state_id": assignment.workflow_state_id,
        "reviewer_id": assignment.reviewer_id,
        "reviewer": assignment.reviewer.get_username(),
        "due": assignment.due.isoformat(),
    }
    audit.append(event, page_id=assignment.page_id, data=data, user=by)


@transaction.atomic
def set_assignments(workflow_state, *, reviewers, due: date, by) -> AssignmentChanges:
    """Make ``reviewers`` the review's assigned reviewers, each due on ``due``: new ones are
    added, others' due date moved, those left out removed; every change audited."""
    page_id = int(workflow_state.object_id)
    current = {
        assignment.reviewer_id: assignment
        for assignment in ReviewAssignment.objects.select_for_update()
        .filter(workflow_state=workflow_state)
        .select_related("reviewer")
    }
    wanted = {user.pk: user for user in reviewers}
    changes = AssignmentChanges()
    for user_id, assignment in current.items():
        if user_id not in wanted:
            _audit(UNASSIGNED, assignment, by)
            assignment.delete()
            changes.removed.append(assignment)
        elif assignment.due != due:
            assignment.due = due
            assignment.save(update_fields=["due"])
            _audit(DUE_CHANGED, assignment, by)
            changes.moved.append(assignment)
    for user_id, user in wanted.items():
        if user_id not in current:
            assignment = ReviewAssignment.objects.create(
                workflow_state=workflow_state,
                page_id=page_id,
                reviewer=user,
                due=due,
                assigned_by=by,
            )
            _audit(ASSIGNED, assignment, by)
            changes.added.append(assignment)
    return changes
