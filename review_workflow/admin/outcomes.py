"""What a reviewer is told after deciding: live, scheduled, or how many approvals remain."""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import Page, Revision, TaskState

from ..models.tasks import APPROVE
from ..rules.fingerprint import fingerprint
from ..rules.policy import approval_progress, policy_for
from ..rules.specialties import specialty_list


def _approvals_word(count: int) -> str:
    return "1 more approval" if count == 1 else f"{count} more approvals"


def approval_outcome(revision: Revision) -> str:
    """The state an approval of ``revision`` left the article in, as one sentence."""
    page = Page.objects.get(pk=revision.object_id).specific
    title = page.get_admin_display_title()
    if page.live and page.live_revision_id == revision.pk:
        return f"Signed off: '{title}' is now live."
    revision.refresh_from_db(fields=["approved_go_live_at"])
    if revision.approved_go_live_at:
        when = timezone.localtime(revision.approved_go_live_at)
        return f"Signed off: '{title}' is scheduled to go live on {when:%Y-%m-%d at %H:%M}."
    reviewed = revision.as_object()
    progress = approval_progress(revision.pk, fingerprint(reviewed), policy_for(reviewed))
    if not progress.complete:
        text = (
            f"Your sign-off of '{title}' is recorded. It needs "
            f"{_approvals_word(progress.remaining)} from other reviewers before it goes live"
        )
        if progress.missing_specialties:
            text += f" (including {specialty_list(progress.missing_specialties)})"
        return text + "."
    next_state = page.current_workflow_task_state
    if next_state is not None and next_state.revision_id == revision.pk:
        return f"Signed off: '{title}' moves on to the next review step, '{next_state.task.name}'."
    return (
        f"Your sign-off of version {revision.pk} of '{title}' is recorded. The article was saved "
        "again during the review, so it is not live yet: the newer version needs its own review."
    )


def decision_outcome(task_state: TaskState, action: str) -> str:
    """The success message for a decision just taken on ``task_state``."""
    if action == APPROVE:
        return approval_outcome(task_state.revision)
    title = Page.objects.get(pk=task_state.revision.object_id).get_admin_display_title()
    return f"Changes requested: '{title}' goes back to its authors with your comment."
