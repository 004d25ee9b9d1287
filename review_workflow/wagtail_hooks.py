"""Admin wiring for the medical review: publish refusals as messages, log actions, reviewers,
decisions in the editor, sign-off history, dashboard panels, the "Reviews due" report and the
audit trail."""

from __future__ import annotations

from django.apps import apps
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.widgets import Button
from wagtail.models import Page, Revision
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .admin import api_publish, workflow_actions
from .admin.assignments import AssignReviewersView, may_assign
from .admin.audit_views import AdministratorsMenuItem, AuditTrailView
from .admin.dashboard import homepage_panels
from .admin.editor import (
    cancel_without_saving,
    explain_withheld_approval,
    open_task_state,
    take_decisions_outside_the_edit_form,
)
from .admin.history import (
    MEDICAL_WORKFLOW_WORDS,
    ChangesRequestedFormatter,
    SignOffFormatter,
    medical_workflow_formatter,
)
from .admin.review_changes import ReviewChangesView
from .admin.translations import (
    say_the_translation_is_outdated,
    submit_translation_instead_of_publishing,
)
from .admin.views import (
    MedicalSignOffViewSet,
    ReadOnlyPolicy,
    ReviewerProfileViewSet,
    ReviewsDueReport,
    SignOffHistoryView,
)
from .admin.wording import say_submitted_for_medical_review
from .contract import REFUSED_ACTION, is_medically_reviewed
from .models import MedicalReviewTask, MedicalSignOff
from .publishing.decisions import CHANGES_REQUESTED_ACTION, CORRECTION_ACTION, SIGN_OFF_ACTION
from .publishing.guard import MedicalSignOffRequired, log_refusal, publish_refusal
from .publishing.service import publish_signed_revision
from .records.rereview import open_requests

# The admin API's publish of a reviewed page goes through the publish service, with its user.
hooks.register("construct_admin_api", api_publish.register)


@hooks.register("register_admin_viewset")
def decisions_on_the_page_in_the_url():
    """Workflow actions act on a task state of the page in the URL only (a 404 otherwise)."""
    return workflow_actions.pages_viewset


@hooks.register("register_log_actions")
def register_review_log_actions(actions):
    actions.register_action(SIGN_OFF_ACTION)(SignOffFormatter)
    actions.register_action(CHANGES_REQUESTED_ACTION)(ChangesRequestedFormatter)
    actions.register_action(
        REFUSED_ACTION, "Publish refused", "Publish refused: no valid medical sign-off"
    )
    actions.register_action(
        CORRECTION_ACTION, "Sign-off corrected", "Medical sign-off corrected by a new record"
    )


@hooks.register("register_log_actions", order=100)
def register_medical_workflow_words(actions):
    """Wagtail's workflow entries in a reviewed page's History, in medical review's words.

    Registered after Wagtail's own (``order``), so each wraps Wagtail's formatter, which still
    words the entries of other pages; the filter's choice is replaced, not listed twice.
    """
    for action in MEDICAL_WORKFLOW_WORDS:
        wagtails = actions.formatters.get(action)
        if wagtails is None:
            continue
        actions.choices[:] = [choice for choice in actions.choices if choice[0] != action]
        actions.register_action(action)(medical_workflow_formatter(action, wagtails))


hooks.register("after_edit_page", say_submitted_for_medical_review)
hooks.register("after_create_page", say_submitted_for_medical_review)


def _refuse(request, refusals, next_url: str):
    for refusal in refusals:
        log_refusal(refusal, user=request.user)
    messages.error(
        request,
        "Not published. " + " ".join(str(refusal.args[0]) for refusal in refusals),
    )
    return redirect(next_url)


@hooks.register("before_publish_page")
def publish_through_the_service(request, page):
    """Admin Publish (edit, create, revert) of a reviewed page: publish it here, through the
    publish service, and answer as Wagtail's view would; a refusal is explained instead.

    Wagtail's edit view runs its publish action without an outer transaction, so a failure
    after the page row was saved would leave it live with nothing recorded or stored; the
    service does it all in one. A go-live in the future is only scheduled: Wagtail's view does
    that (nothing goes live then; ``publish_scheduled`` publishes through the service later).
    """
    if not is_medically_reviewed(page.specific_class):
        return None
    revision = page.get_latest_revision()
    if revision is None or (page.go_live_at and page.go_live_at > timezone.now()):
        return None
    try:
        publish_signed_revision(
            revision,
            user=request.user,
            previous_revision=_reverted_from(request),
            skip_permission_checks=True,  # the view has checked the user may publish
        )
    except MedicalSignOffRequired as refused:
        refusal = refused
        if page.first_published_at is None and page.latest_revision_id == revision.pk:
            # Just created (the guard saved it as a draft): say what happened and what to do.
            refusal = MedicalSignOffRequired(page.specific, revision.pk, NEW_PAGE_REASON)
        return _refuse(request, [refusal], reverse("wagtailadmin_pages:edit", args=[page.pk]))
    return _published(request, page)


def _reverted_from(request):
    match = request.resolver_match
    if match is None or match.url_name != "revisions_revert":
        return None
    return Revision.objects.filter(pk=match.kwargs.get("revision_id")).first()


def _published(request, page):
    """What Wagtail's view answers after a publish: its hooks, a message, back to the list."""
    page = page.specific_class.objects.get(pk=page.pk)
    for hook in hooks.get_hooks("after_publish_page"):
        response = hook(request, page)
        if hasattr(response, "status_code"):
            return response
    messages.success(request, f"Page '{page.get_admin_display_title()}' has been published.")
    next_url = get_valid_next_url_from_request(request)
    return redirect(next_url or reverse("wagtailadmin_explore", args=[page.get_parent().pk]))


NEW_PAGE_REASON = (
    "a new page has no medical sign-off; it was saved as a draft to submit for review."
)


@hooks.register("construct_page_action_menu")
def offer_publish_only_with_a_sign_off(menu_items, request, context):
    """On a reviewable page, "Publish" is offered only if the latest revision may go live."""
    page = context.get("page")
    if page is None or not is_medically_reviewed(page.specific_class):
        return
    revision = page.get_latest_revision()
    if revision is None or publish_refusal(revision) is not None:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def _bulk_publish_targets(objects, include_descendants: bool):
    for page in objects:
        yield page
        if include_descendants:
            yield from page.get_descendants().not_live().specific()


@hooks.register("before_bulk_action")
def refuse_unsigned_bulk_publish(request, action_type, objects, action):
    """Bulk publish (with or without descendants) publishes nothing if any page lacks a sign-off."""
    if action_type != "publish" or not objects or not isinstance(objects[0], Page):
        return None
    include = bool(action.cleaned_form.cleaned_data.get("include_descendants"))
    refusals = []
    for page in _bulk_publish_targets(objects, include):
        revision = page.get_latest_revision()
        if revision is None and is_medically_reviewed(page.specific_class):
            revision = page.specific.save_revision(user=request.user)
        refusal = publish_refusal(revision) if revision else None
        if refusal is not None:
            refusals.append(refusal)
    if not refusals:
        return None
    return _refuse(request, refusals, action.next_url)


def _copy_targets(page, with_subpages: bool):
    yield page
    if with_subpages:
        yield from page.get_descendants()


@hooks.register("before_copy_page")
def refuse_publishing_copies(request, page):
    """A copy is a new page with a new revision: it needs its own review before going live."""
    data = request.POST
    if request.method != "POST" or not data.get("publish_copies") or data.get("alias"):
        return None
    reviewed = [
        target
        for target in _copy_targets(page, bool(data.get("copy_subpages")))
        if target.live and is_medically_reviewed(target.specific_class)
    ]
    if not reviewed:
        return None
    for target in reviewed:
        log_refusal(
            MedicalSignOffRequired(
                target.specific,
                None,
                "a copy is a new page; it needs its own medical sign-off before it goes live.",
            ),
            user=request.user,
        )
    messages.error(
        request,
        "Not copied. Copies of medically reviewed pages start as drafts and need their own "
        "medical sign-off: untick 'Publish copies' and submit the copy for review.",
    )
    return redirect(reverse("wagtailadmin_pages:copy", args=[page.pk]))


register_permission_policy(MedicalSignOff, ReadOnlyPolicy(MedicalSignOff))
register_snippet(ReviewerProfileViewSet)
register_snippet(MedicalSignOffViewSet)


hooks.register("before_edit_page", take_decisions_outside_the_edit_form)
hooks.register("before_edit_page", cancel_without_saving)
hooks.register("before_edit_page", explain_withheld_approval)
hooks.register("before_edit_page", say_the_translation_is_outdated)
if apps.is_installed("wagtail_localize"):
    # Before wagtail-localize's own hook, which answers the edit screen of a translation with
    # its translation editor: that editor's "Publish" submits a reviewed page for review.
    hooks.register("before_edit_page", submit_translation_instead_of_publishing, order=-1)
hooks.register("construct_homepage_panels", homepage_panels)


@hooks.register("insert_global_admin_css")
def review_desk_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("review_workflow/css/review-desk.css")
    )


@hooks.register("insert_editor_js")
def stop_autosave_once_a_decision_is_submitted():
    return format_html('<script src="{}"></script>', static("review_workflow/js/decision-guard.js"))


@hooks.register("register_reports_menu_item")
def register_audit_trail_menu_item():
    return AdministratorsMenuItem(
        "Audit trail", reverse("review_workflow_audit_trail"), icon_name="history", order=60
    )


@hooks.register("before_edit_page")
def say_why_a_re_review_is_needed(request, page):
    """On the edit screen of a live article that needs another review, say why."""
    if request.method != "GET" or not is_medically_reviewed(page.specific_class):
        return None
    if page.workflow_in_progress:
        return None  # already submitted: the review under way is the re-review
    reasons = open_requests(page.pk)
    if reasons:
        messages.warning(
            request,
            "Re-review needed: " + "; ".join(reasons) + ". Readers still get the signed version "
            "until a new sign-off is published; submit this article for medical review.",
        )
    return None


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return MenuItem(
        "Reviews due", reverse("review_workflow_reviews_due"), icon_name="time", order=50
    )


@hooks.register("register_admin_urls")
def register_reviews_due_urls():
    return [
        path(
            "reports/reviews-due/", ReviewsDueReport.as_view(), name="review_workflow_reviews_due"
        ),
        path(
            "reports/reviews-due/results/",
            ReviewsDueReport.as_view(results_only=True),
            name="review_workflow_reviews_due_results",
        ),
        path("reports/audit-trail/", AuditTrailView.as_view(), name="review_workflow_audit_trail"),
        path(
            "pages/<int:page_id>/medical-review/changes/",
            ReviewChangesView.as_view(),
            name="review_workflow_review_changes",
        ),
        path(
            "pages/<int:page_id>/medical-review/assign/",
            AssignReviewersView.as_view(),
            name="review_workflow_assign_reviewers",
        ),
        path(
            "pages/<int:page_id>/medical-sign-offs/",
            SignOffHistoryView.as_view(),
            name="review_workflow_sign_off_history",
        ),
    ]


@hooks.register("register_page_header_buttons")
def sign_off_history_button(page, user, view_name, next_url=None):
    if is_medically_reviewed(page.specific_class):
        yield Button(
            "Medical sign-offs",
            reverse("review_workflow_sign_off_history", args=[page.pk]),
            icon_name="tick-inverse",
            priority=66,
        )


@hooks.register("register_page_header_buttons")
def review_desk_buttons(page, user, view_name, next_url=None):
    """On an article in medical review: "Review changes" (the reviewed content's diff) for
    everyone, and "Assign reviewers" for its submitter or a lead reviewer."""
    if not is_medically_reviewed(page.specific_class):
        return
    task_state = open_task_state(page)
    if task_state is None or not isinstance(task_state.task.specific, MedicalReviewTask):
        return
    yield Button(
        "Review changes",
        reverse("review_workflow_review_changes", args=[page.pk]),
        icon_name="doc-full",
        priority=64,
    )
    if may_assign(user, task_state.workflow_state):
        yield Button(
            "Assign reviewers",
            reverse("review_workflow_assign_reviewers", args=[page.pk]),
            icon_name="user",
            priority=65,
        )
