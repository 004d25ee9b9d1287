"""Medical decisions taken in the page editor, and why Approve is withheld there.

Wagtail's editor performs a workflow action by posting the whole edit form with the action as
hidden fields: it saves the form (a new revision by the reviewer whenever the form "has
changed", which StreamField data often claims) and then acts on the task state it loaded. Two
things went wrong with that for a sign-off (issue 12): the save made the reviewer an author
of a new revision, restarting the review, and Wagtail's autosave, which posts the same form
in the background, carried the hidden decision fields along, so a decision was submitted
twice. Here, through the ``before_edit_page`` hook, a medical decision from the editor:

- is never taken by a background (JSON) request: autosave gets a JSON refusal;
- is taken on the revision under review, never saving the form, and only if the editor was
  showing that revision;
- is validated with the task's own form (the attestation) and recorded by ``on_action``,
  whose row lock makes a repeated or concurrent post a clear message, never a 500;
- ends with a message saying what happened: live, or how many approvals remain.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page, TaskState, WorkflowState

from ..contract import is_medically_reviewed
from ..models import MedicalReviewTask, MedicalSignOff
from ..models.tasks import APPROVE
from ..publishing.decisions import ReviewAlreadyDecided, ReviewRefused
from ..rules.eligibility import Candidate, decision_refusal, sign_off_refusal
from .outcomes import decision_outcome


def approvals_text(task_state: TaskState) -> str:
    from .dashboard import approvals_text as text  # the dashboard imports this module

    return text(task_state)


DECISION_FIELD = "action-workflow-action"
AUTOSAVE_REFUSAL = (
    "A medical decision is never taken by autosave; it is submitted with the form, once."
)


def _is_decision_post(request: HttpRequest) -> bool:
    return request.method == "POST" and bool(request.POST.get(DECISION_FIELD))


def _is_background(request: HttpRequest) -> bool:
    # Autosave asks for JSON; a form submission asks for HTML (as Wagtail's own views decide).
    return not request.accepts("text/html")


def open_task_state(page) -> TaskState | None:
    """The in-progress task state of the page's workflow, read fresh from the database."""
    state = (
        WorkflowState.objects.active()
        .filter(base_content_type=page.get_base_content_type(), object_id=str(page.pk))
        .filter(status=WorkflowState.STATUS_IN_PROGRESS)
        .select_related("current_task_state")
        .first()
    )
    task_state = state.current_task_state if state is not None else None
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    return task_state.specific


def _medical(task_state: TaskState | None) -> bool:
    return task_state is not None and isinstance(task_state.task.specific, MedicalReviewTask)


def _edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _shown_revision(request: HttpRequest) -> str:
    # The revision the editor was showing: its own autosaved one, else the one it loaded.
    return request.POST.get("overwrite_revision_id") or request.POST.get("loaded_revision_id", "")


def _version_refusal(request: HttpRequest, task_state: TaskState) -> str | None:
    shown = _shown_revision(request)
    if not shown or shown == str(task_state.revision_id):
        return None
    return (
        f"Not recorded: the editor was showing version {shown}, but version "
        f"{task_state.revision_id} is the one under review (the article was saved again after "
        "it was submitted). An approval covers exactly the version under review; request "
        "changes so the authors resubmit the current version."
    )


def _extra_data(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _form_errors(form) -> str:
    """'Not recorded' and each problem, named by the field's label (the statement itself)."""
    errors = [
        f"{form[name].label}: {error}" if name in form.fields else error
        for name, field_errors in form.errors.items()
        for error in field_errors
    ]
    items = format_html_join("", "<li>{}</li>", ((error,) for error in errors))
    return format_html("Not recorded; complete the form: <ul>{}</ul>", items)


def _already_over(request: HttpRequest, page) -> HttpResponse:
    last = MedicalSignOff.objects.filter(page_id=page.pk).first()
    detail = (
        f" The last decision: {last.get_decision_display().lower()} by {last.reviewer_name} "
        f"at {last.signed_at:%Y-%m-%d %H:%M} UTC."
        if last
        else ""
    )
    messages.warning(
        request, "This review was already decided; nothing more was recorded." + detail
    )
    return redirect(_edit_url(page))


def _redirect_away(request: HttpRequest, page) -> HttpResponse:
    next_url = get_valid_next_url_from_request(request)
    if next_url:
        return redirect(next_url)
    parent = page.get_parent()
    return redirect("wagtailadmin_explore", parent.pk) if parent else redirect(_edit_url(page))


def decide(request: HttpRequest, page) -> HttpResponse | None:
    """Take the medical decision posted from the editor; None leaves other workflows to Wagtail."""
    task_state = open_task_state(page)
    if task_state is None:
        return _already_over(request, page)
    if not _medical(task_state):
        return None
    action = request.POST.get("workflow-action-name", "")
    refusal = _version_refusal(request, task_state) if action == APPROVE else None
    if refusal:
        messages.error(request, refusal)
        return redirect(_edit_url(page))
    task = task_state.task.specific
    form = task.get_form_for_action(action)(_extra_data(request))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(_edit_url(page))
    try:
        task.on_action(task_state, request.user, action, **form.cleaned_data)
    except ReviewAlreadyDecided as already:
        messages.warning(request, str(already.args[0]))
        return redirect(_edit_url(page))
    except ReviewRefused as refused:
        messages.error(request, f"Not recorded. {refused.args[0]}")
        return redirect(_edit_url(page))
    messages.success(request, decision_outcome(task_state, action))
    return _redirect_away(request, page)


def take_decisions_outside_the_edit_form(request: HttpRequest, page) -> HttpResponse | None:
    """``before_edit_page``: medical decisions posted from the editor, and autosave refused."""
    if not _is_decision_post(request) or not is_medically_reviewed(page.specific_class):
        return None
    if _is_background(request):
        return JsonResponse(
            {"success": False, "error_code": "blocked_by_hook", "error_message": AUTOSAVE_REFUSAL},
            status=409,
        )
    return decide(request, page)


NOT_IN_REVIEWING_GROUPS = "you are not in the groups that decide this medical review."


def cannot_decide_reason(task_state: TaskState, user) -> str | None:
    """Why ``user`` may neither approve nor request changes on this task state, or None.

    A superuser sees every review in Wagtail's lists; without an active, in-date reviewer
    profile in the reviewing groups they decide none of them."""
    refusal = decision_refusal(user)
    if refusal:
        return refusal
    if not task_state.task.specific._user_in_groups(user):
        return NOT_IN_REVIEWING_GROUPS
    return None


def withheld_reason(task_state: TaskState, user) -> str | None:
    """Why a member of the reviewing groups sees no Approve on this task state, or None."""
    task = task_state.task.specific
    if not task._user_in_groups(user):
        return None
    return decision_refusal(user) or sign_off_refusal(task_state, user)


def explain_withheld_approval(request: HttpRequest, page) -> None:
    """``before_edit_page`` on GET: tell a reviewer why Approve is not offered."""
    if request.method != "GET" or not is_medically_reviewed(page.specific_class):
        return None
    task_state = open_task_state(Page.objects.get(pk=page.pk))
    if not _medical(task_state):
        return None
    cannot_decide = cannot_decide_reason(task_state, request.user)
    if cannot_decide and not task_state.task.specific._user_in_groups(request.user):
        # Wagtail offers only "Save draft" then: say why, and what the review waits for.
        messages.info(
            request,
            f"This article is in medical review ({approvals_text(task_state)}), so only Save "
            f"draft is offered: approving or requesting changes is for its medical reviewers, "
            f"and {cannot_decide}",
        )
        return None
    reason = withheld_reason(task_state, request.user)
    _say_why_approvals_no_longer_count(request, task_state)
    if reason:
        messages.warning(request, f"You cannot approve this version: {reason}")
    elif task_state.task.specific._user_in_groups(request.user):
        _warn_of_a_newer_version(request, page, task_state)
    return None


def _warn_of_a_newer_version(request: HttpRequest, page, task_state: TaskState) -> None:
    latest = page.latest_revision_id
    if latest and latest != task_state.revision_id:
        messages.warning(
            request,
            f"This editor shows version {latest}, saved after version {task_state.revision_id} "
            "was submitted: approving here is refused. Request changes so the authors resubmit "
            "the current version.",
        )


CANCEL_FIELD = "action-cancel-workflow"


def cancel_without_saving(request: HttpRequest, page) -> HttpResponse | None:
    """``before_edit_page``: "Cancel workflow" ends the medical review and saves nothing.

    Wagtail's edit view cancels a workflow by posting the whole edit form, then saves it as a
    new revision by whoever cancelled. For a reviewer (who may cancel, since they may approve)
    that made them an author of the change, and the resubmitted change was then withheld from
    them as their own. Here the workflow is cancelled as Wagtail does it
    (``WorkflowState.cancel``) and the form is not saved: nothing is written in the name of
    the person cancelling.
    """
    if request.method != "POST" or not request.POST.get(CANCEL_FIELD):
        return None
    if not is_medically_reviewed(page.specific_class) or _is_background(request):
        return None
    workflow_state = Page.objects.get(pk=page.pk).current_workflow_state
    if workflow_state is None or not workflow_state.user_can_cancel(request.user):
        return None  # not cancelling: Wagtail treats the post as the save it then is
    workflow_state.cancel(user=request.user)
    messages.success(
        request,
        f"Medical review of “{page.get_admin_display_title()}” cancelled. Nothing was saved "
        "with the cancellation: edits not saved as a draft before it were not kept.",
    )
    return redirect(_edit_url(page))


def _say_why_approvals_no_longer_count(request: HttpRequest, task_state: TaskState) -> None:
    from .review_changes import superseded_notice  # it builds on this module's task lookup

    if not task_state.task.specific._user_in_groups(request.user):
        return
    notice = superseded_notice(task_state, Candidate.of(task_state.revision))
    if notice:
        messages.warning(request, f"The content changed during this review. {notice}")
