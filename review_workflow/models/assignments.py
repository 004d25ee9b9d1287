"""Named reviewers assigned to a medical review, with the date their decision is due."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReviewAssignmentQuerySet(models.QuerySet):
    """Queries over assignments."""

    def open(self) -> ReviewAssignmentQuerySet:
        """Assignments of reviews still in progress."""
        from wagtail.models import WorkflowState

        return self.filter(workflow_state__status=WorkflowState.STATUS_IN_PROGRESS)

    def overdue(self, today: date) -> ReviewAssignmentQuerySet:
        """Open assignments whose due date has passed."""
        return self.open().filter(due__lt=today)


class ReviewAssignment(models.Model):
    """One reviewer asked by name to decide one medical review (a workflow in progress) by
    ``due``.

    Assigning names who is expected to act and by when; it does not narrow who may act: any
    eligible member of the reviewing groups still may. Made by whoever submitted the review or
    by a lead reviewer; each change is recorded in the audit trail.
    """

    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_assignments"
    )
    due = models.DateField(help_text="The day the reviewer's decision is due.")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    objects = ReviewAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "review assignment"
        ordering = ["due", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow_state", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"Review of page {self.page_id} assigned to {self.reviewer}, due {self.due}"

    def is_overdue(self, today: date) -> bool:
        return self.due < today
