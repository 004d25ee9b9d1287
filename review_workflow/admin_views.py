"""Admin screens: reviewer profiles, the read-only sign-off log, the reviewer's dashboard panel,
a page's sign-off history and the "Reviews due" report."""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import DateField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page, TaskState
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from .conf import review_setting
from .contract import reviewed_page_models
from .models import MedicalReviewTask, MedicalSignOff, ReReviewRequest, ReviewerProfile
from .rereview import open_requests
from .workflow import review_parents

WRITE_ACTIONS = {"add", "change", "delete", "publish", "unpublish", "lock", "unlock"}


class ReviewerProfileViewSet(SnippetViewSet):
    """Reviewer profiles, edited by administrators (anyone with the model permissions)."""

    model = ReviewerProfile
    icon = "user"
    menu_label = "Medical reviewers"
    list_display = ["display_name", "credentials", "specialty", "user", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["display_name", "credentials", "specialty"]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing only: sign-offs are append-only, so nobody adds, edits or deletes them here."""

    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class MedicalSignOffViewSet(SnippetViewSet):
    """The sign-off log, read-only, with the inspect view for each record."""

    model = MedicalSignOff
    icon = "tick-inverse"
    menu_label = "Medical sign-offs"
    inspect_view_enabled = True
    list_display = ["page_title", "decision", "reviewer_name", "reviewer_credentials", "signed_at"]
    list_filter = ["decision"]
    search_fields = ["page_title", "reviewer_name", "comment"]


def medical_review_states_for(user):
    """In-progress medical review task states this user may decide, oldest first."""
    states = TaskState.objects.none()
    for task in MedicalReviewTask.objects.filter(active=True):
        states = states | task.get_task_states_user_can_moderate(user)
    return states.select_related("revision", "workflow_state").order_by("started_at")


class AwaitingMedicalReviewPanel(Component):
    """Dashboard panel: articles awaiting the current user's medical review, with their age."""

    name = "awaiting_medical_review"
    template_name = "review_workflow/awaiting_medical_review.html"
    order = 90

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        now = timezone.now()
        items = []
        for state in medical_review_states_for(request.user):
            page = Page.objects.filter(pk=state.revision.object_id).first()
            if page is not None:
                items.append({"page": page, "state": state, "age": now - state.started_at})
        return {"items": items, "request": request}


class SignOffHistoryView(WagtailAdminTemplateMixin, TemplateView):
    """Every medical decision on one page, newest first, from the append-only log."""

    template_name = "review_workflow/sign_off_history.html"
    page_title = "Medical sign-off history"
    header_icon = "tick-inverse"

    def get_context_data(self, **kwargs):
        page = get_object_or_404(Page, pk=self.kwargs["page_id"])
        if not page.permissions_for_user(self.request.user).can_edit():
            raise PermissionDenied
        self.page_subtitle = page.get_admin_display_title()
        context = super().get_context_data(**kwargs)
        context["page"] = page
        context["sign_offs"] = MedicalSignOff.objects.filter(page_id=page.pk)
        return context


def reviewable_page_models() -> list:
    """Page models under medical review (each carries ``next_review_due``)."""
    return reviewed_page_models()


def _review_date(field: str):
    values = [
        Subquery(model.objects.filter(pk=OuterRef("pk")).values(field)[:1])
        for model in reviewable_page_models()
    ]
    if len(values) == 1:
        return values[0]
    return Coalesce(*values, output_field=DateField())


def _health_center_choices(request):
    return Page.objects.filter(pk__in=[page.pk for page in review_parents()]).order_by("title")


class ReviewsDueFilterSet(WagtailFilterSet):
    """Filter the report by health center (any page holding reviewable pages)."""

    health_center = django_filters.ModelChoiceFilter(
        label="Health center", queryset=_health_center_choices, method="filter_health_center"
    )

    class Meta:
        model = Page
        fields = []

    def filter_health_center(self, queryset, name, value):
        return queryset.descendant_of(value) if value else queryset


class ReviewsDueReport(PageReportView):
    """Live reviewed pages whose review is overdue or due within the coming days (30 by
    default), soonest first; exportable as CSV or XLSX like Wagtail's own reports."""

    page_title = "Reviews due"
    header_icon = "time"
    results_template_name = "review_workflow/reviews_due_results.html"
    filterset_class = ReviewsDueFilterSet
    index_url_name = "review_workflow_reviews_due"
    index_results_url_name = "review_workflow_reviews_due_results"
    list_export = ["title", "health_center", "last_reviewed", "next_review_due", "review_state"]
    export_headings = {
        "title": "Title",
        "health_center": "Health center",
        "last_reviewed": "Last reviewed",
        "next_review_due": "Next review due",
        "review_state": "Review",
    }
    any_permission_required = ["add", "change", "publish"]

    def due_by(self):
        days = review_setting("DUE_SOON_DAYS")
        return timezone.localdate() + timedelta(days=days)

    def get_queryset(self):
        models = reviewable_page_models()
        if not models:
            return Page.objects.none()
        flagged = ReReviewRequest.objects.open().filter(page_id=OuterRef("pk"))
        self.queryset = (
            Page.objects.type(*models)
            .live()
            .annotate(next_review_due=_review_date("next_review_due"))
            .annotate(last_reviewed=_review_date("last_reviewed"))
            .annotate(rereview_needed=Exists(flagged))
            .filter(Q(next_review_due__lte=self.due_by()) | Q(rereview_needed=True))
            .order_by("next_review_due", "title")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, queryset):
        today = timezone.localdate()
        for page in queryset:
            parent = page.get_parent()
            page.health_center = parent.title if parent else ""
            page.review_state = review_state(page, today)
        return queryset


def review_state(page, today) -> str:
    """How the report describes a page's review: re-review reasons first, then the dates."""
    states = []
    if getattr(page, "rereview_needed", False):
        states.append("Re-review needed: " + "; ".join(open_requests(page.pk)))
    if page.next_review_due and page.next_review_due < today:
        states.append("Overdue")
    elif page.next_review_due and page.next_review_due <= today + timedelta(
        days=review_setting("DUE_SOON_DAYS")
    ):
        states.append("Due soon")
    return ". ".join(states)


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
