"""The reviewer's desk in the sign-off form: the change under review, whose approvals no
longer count and who is assigned (an inclusion tag, so Wagtail's workflow action view, which
builds the form's context, needs no change)."""

from __future__ import annotations

from django import template

from ..admin.assignments import assignment_context
from ..admin.review_changes import review_context

register = template.Library()


@register.inclusion_tag("review_workflow/includes/review_desk.html", takes_context=True)
def review_desk(context, task_state):
    """The desk for ``task_state``: reviewed changes, superseded approvals, assignments."""
    return {
        "request": context.get("request"),
        **review_context(task_state),
        **assignment_context(task_state.workflow_state),
    }
