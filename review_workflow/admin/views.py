"""Admin screens: reviewer profiles, the read-only sign-off log (with its CSV/XLSX export), a
page's sign-off history and the "Reviews due" report. Dashboard panels are in ``dashboard``."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import DateField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import capfirst
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import InspectView, WagtailAdminTemplateMixin
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import MedicalSignOff, ReReviewRequest, ReviewAssignment, ReviewerProfile
from ..publishing.workflow import review_parents
from ..records.rereview import open_requests
from ..rules.due import LABELS, due_by, reviewable_page_models
from ..rules.due import review_state as date_state
from ..rules.review_status import due_window
from ..rules.review_status import today as review_clock
from .translations import outdated_translations

WRITE_ACTIONS = {"add", "change", "delete", "publish", "unpublish", "lock", "unlock"}


class ReviewerProfileViewSet(SnippetViewSet):
    """Reviewer profiles, edited by administrators (anyone with the model permissions)."""

    model = ReviewerProfile
    icon = "user"
    menu_label = "Reviewer profiles"
    list_display = [
        "display_name",
        "credentials",
        "specialty",
        "registration_number",
        "licence_expires",
        "is_active",
    ]
    list_filter = ["is_active", "specialty"]
    search_fields = ["display_name", "credentials", "registration_number"]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing only: sign-offs are append-only, so nobody adds, edits or deletes them here."""

    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def readable(value):
    """Reviewed content as people read it: keys as headings, lists as lists, text as text."""
    if isinstance(value, dict):
        rows = format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            (
                (capfirst(str(key).replace("_", " ")), readable(item))
                for key, item in value.items()
                if item not in (None, "", [], {})
            ),
        )
        return format_html('<dl class="reviewed-content">{}</dl>', rows)
    if isinstance(value, list):
        items = format_html_join("", "<li>{}</li>", ((readable(item),) for item in value))
        return format_html("<ol>{}</ol>", items)
    if isinstance(value, str) and value.lstrip().startswith("<"):
        return format_html("<div>{}</div>", strip_tags(value))  # rich text, read as text
    return str(value)


class MedicalSignOffInspectView(InspectView):
    """A sign-off as its reader needs it: the specialty by name, the statements as a list and
    the reviewed content readable (not a Python dict)."""

    def get_reviewer_specialty_display_value(self):
        return self.object.reviewer_specialty_name or "-"

    def get_statements_display_value(self):
        statements = self.object.statements or []
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((s,) for s in statements))
        )

    def get_reviewed_content_display_value(self):
        return readable(self.object.reviewed_content)


class MedicalSignOffViewSet(SnippetViewSet):
    """The sign-off log, read-only, with the inspect view and a CSV/XLSX export of every field
    an accreditor asks for (``list_export``: without it Wagtail exported empty rows)."""

    model = MedicalSignOff
    icon = "tick-inverse"
    menu_label = "Medical sign-offs"
    inspect_view_enabled = True
    inspect_view_class = MedicalSignOffInspectView
    list_display = ["page_title", "decision", "reviewer_name", "reviewer_credentials", "signed_at"]
    list_filter = ["decision"]
    search_fields = ["page_title", "reviewer_name", "comment"]
    list_export = [
        "pk",
        "signed_at",
        "page_id",
        "page_title",
        "revision_id",
        "get_decision_display",
        "reviewer_name",
        "reviewer_credentials",
        "reviewer_specialty_name",
        "reviewer_registration_body",
        "reviewer_registration_number",
        "reviewer_licence_expires",
        "statements_text",
        "get_conflict_of_interest_display",
        "conflict_of_interest_details",
        "comment",
        "reading_grade",
        "fingerprint",
    ]
    export_headings = {
        "pk": "Sign-off",
        "signed_at": "Signed at (UTC)",
        "page_id": "Page",
        "page_title": "Title",
        "revision_id": "Revision",
        "get_decision_display": "Decision",
        "reviewer_name": "Reviewer",
        "reviewer_credentials": "Credentials",
        "reviewer_specialty_name": "Specialty",
        "reviewer_registration_body": "Registration body",
        "reviewer_registration_number": "Registration number",
        "reviewer_licence_expires": "Licence expires",
        "statements_text": "Statements signed",
        "get_conflict_of_interest_display": "Conflict of interest",
        "conflict_of_interest_details": "Conflict declared",
        "comment": "Comment",
        "reading_grade": "Reading grade",
        "fingerprint": "Content fingerprint (SHA-256)",
    }
    export_filename = "medical-sign-offs"


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
    """Filter the report by health center (any page holding reviewable pages) and by due
    state: the dashboard's "1 overdue" and "1 due within 30 days" open it filtered."""

    health_center = django_filters.ModelChoiceFilter(
        label="Health center", queryset=_health_center_choices, method="filter_health_center"
    )
    due = django_filters.ChoiceFilter(
        label="Review", choices=list(LABELS.items()), method="filter_due", empty_label="Any"
    )

    class Meta:
        model = Page
        fields = []

    def filter_health_center(self, queryset, name, value):
        return queryset.descendant_of(value) if value else queryset

    def filter_due(self, queryset, name, value):
        """Pages whose next review date is in the status's window (``review_status``)."""
        if value not in LABELS:
            return queryset
        first, last = due_window(value, review_clock())
        if first is not None:
            queryset = queryset.filter(next_review_due__gte=first)
        return queryset.filter(next_review_due__lte=last) if last is not None else queryset


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
        return due_by()

    def get_queryset(self):
        models = reviewable_page_models()
        if not models:
            return Page.objects.none()
        flagged = ReReviewRequest.objects.open().filter(page_id=OuterRef("pk"))
        late = ReviewAssignment.objects.overdue(review_clock()).filter(page_id=OuterRef("pk"))
        self.outdated = {item.page.pk: item.follows for item in outdated_translations()}
        self.queryset = (
            Page.objects.type(*models)
            .annotate(next_review_due=_review_date("next_review_due"))
            .annotate(last_reviewed=_review_date("last_reviewed"))
            .annotate(rereview_needed=Exists(flagged))
            .annotate(assignment_overdue=Exists(late))
            .filter(
                Q(live=True, next_review_due__lte=self.due_by())
                | Q(live=True, rereview_needed=True)
                # An assigned review past its due date, live article or first publication.
                | Q(assignment_overdue=True)
                # A live translation whose original has been published again since.
                | Q(live=True, pk__in=list(self.outdated))
            )
            .order_by("next_review_due", "title")
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, queryset):
        today = review_clock()
        for page in queryset:
            parent = page.get_parent()
            page.health_center = parent.title if parent else ""
            page.review_state = review_state(page, today, self.outdated.get(page.pk))
        return queryset


def review_state(page, today, translation_follows=None) -> str:
    """How the report describes a page's review: re-review reasons first, then the dates;
    for an outdated translation (``translation_follows``), the original's version it follows."""
    states = []
    if translation_follows is not None and translation_follows.is_outdated:
        states.append(outdated_translation_text(translation_follows))
    if getattr(page, "rereview_needed", False):
        states.append("Re-review needed: " + "; ".join(open_requests(page.pk)))
    if page.live and page.next_review_due and page.next_review_due <= due_by(today):
        states.append(date_state(page.next_review_due, today))
    if getattr(page, "assignment_overdue", False):
        states.append("Assigned review overdue: " + overdue_assignments_text(page.pk, today))
    return ". ".join(states)


def outdated_translation_text(follows) -> str:
    """'Translation out of date: follows version 1 of the original; version 2 published on
    2026-12-01'."""
    return (
        f"Translation out of date: follows version {follows.original_version} of the "
        f"original; version {follows.latest_original_version} published on "
        f"{follows.outdated_since:%Y-%m-%d}"
    )


def overdue_assignments_text(page_id: int, today) -> str:
    """'Dr Sam Lindqvist (due 2026-12-01)' for each overdue assignment of the page's review."""
    overdue = ReviewAssignment.objects.overdue(today).filter(page_id=page_id)
    return "; ".join(
        f"{a.reviewer.get_full_name() or a.reviewer.get_username()} (due {a.due})"
        for a in overdue.select_related("reviewer")
    )
