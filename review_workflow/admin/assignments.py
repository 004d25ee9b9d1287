"""Assigning a medical review to named reviewers, with a due date.

Whoever submitted the review, or a lead reviewer (``ReviewerProfile.is_lead``), picks reviewers
from those who may approve it and a due date. Each newly assigned reviewer gets an e-mail and
sees "Assigned to you" on their dashboard; the others in the reviewing groups can still act,
since an assignment names who is expected, not who is allowed. Overdue assignments appear in
the reminder digest and the "Reviews due" report; every change is in the audit trail
(``records.assignments``).
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.utils import get_admin_base_url
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page, WorkflowState

from ..contract import is_medically_reviewed
from ..models import ReviewAssignment, ReviewerProfile
from ..records.assignments import set_assignments
from ..rules.eligibility import conflicted_users, decision_refusal, submitters
from ..rules.review_status import today as review_clock
from .editor import open_task_state

DEFAULT_DAYS = 7


def is_lead_reviewer(user) -> bool:
    return ReviewerProfile.objects.filter(user=user, is_active=True, is_lead=True).exists()


def may_assign(user, workflow_state: WorkflowState) -> bool:
    """Whoever submitted the review, or a lead reviewer, may assign it."""
    return user.pk in submitters(workflow_state) or is_lead_reviewer(user)


def assignable_reviewers(task_state):
    """The people the review may be assigned to: members of the task's groups who may decide
    reviews and did not write or submit the change."""
    task = task_state.task.specific
    conflicted = conflicted_users(task_state)
    users = (
        get_user_model()
        .objects.filter(groups__in=task.groups.all(), is_active=True)
        .exclude(pk__in=conflicted)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    return [user for user in users if decision_refusal(user) is None]


def assignment_context(workflow_state: WorkflowState | None) -> dict:
    """The review's assignments for display, each flagged when overdue."""
    if workflow_state is None:
        return {"assignments": []}
    today = review_clock()
    assignments = list(
        ReviewAssignment.objects.filter(workflow_state=workflow_state).select_related("reviewer")
    )
    for assignment in assignments:
        assignment.overdue = assignment.is_overdue(today)
    return {"assignments": assignments}


class ReviewerChoiceField(forms.ModelMultipleChoiceField):
    """Reviewers by name and credentials, as their profile shows them."""

    def label_from_instance(self, user):
        profile = getattr(user, "reviewer_profile", None)
        return str(profile) if profile is not None else user.get_username()


class AssignReviewersForm(forms.Form):
    """Who is asked to review, and by when."""

    reviewers = ReviewerChoiceField(
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Each gets an e-mail and sees the review as assigned to them. Others in the "
        "reviewing group can still decide it. Leave all unticked to remove the assignment.",
    )
    due = forms.DateField(
        label="Due date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the assigned reviewers' decisions are due.",
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = get_user_model().objects.filter(
            pk__in=[user.pk for user in choices]
        )

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due < review_clock():
            raise forms.ValidationError("The due date cannot be in the past.")
        return due


def _mail_assigned(assignment: ReviewAssignment, page, by) -> None:
    reviewer = assignment.reviewer
    if not reviewer.email:
        return
    url = (get_admin_base_url() or "").rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )
    by_name = by.get_full_name() or by.get_username()
    send_mail(
        f"Medical review assigned to you: {page.title} (due {assignment.due:%Y-%m-%d})",
        f"Hello {reviewer.get_full_name() or reviewer.get_username()},\n\n"
        f"{by_name} assigned you the medical review of “{page.title}”, due "
        f"{assignment.due:%Y-%m-%d}.\n\nReview the changes and decide:\n{url}\n",
        None,
        [reviewer.email],
    )


class AssignReviewersView(WagtailAdminTemplateMixin, FormView):
    """Assign the medical review in progress on a page to named reviewers, with a due date."""

    template_name = "review_workflow/assign_reviewers.html"
    form_class = AssignReviewersForm
    page_title = "Assign medical review"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not is_medically_reviewed(type(self.page)):
            raise PermissionDenied
        self.task_state = open_task_state(self.page)
        if self.task_state is None:
            messages.error(request, "This article is not in medical review: nothing to assign.")
            return redirect("wagtailadmin_pages:edit", self.page.pk)
        self.workflow_state = self.task_state.workflow_state
        if not may_assign(request.user, self.workflow_state):
            raise PermissionDenied
        self.page_subtitle = self.page.get_admin_display_title()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": assignable_reviewers(self.task_state)}

    def get_initial(self):
        current = ReviewAssignment.objects.filter(workflow_state=self.workflow_state)
        first = current.first()
        due = first.due if first else review_clock() + timedelta(days=DEFAULT_DAYS)
        return {"reviewers": [a.reviewer_id for a in current], "due": due}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "page": self.page}

    def form_valid(self, form):
        due: date = form.cleaned_data["due"]
        changes = set_assignments(
            self.workflow_state,
            reviewers=form.cleaned_data["reviewers"],
            due=due,
            by=self.request.user,
        )
        for assignment in changes.added:
            transaction.on_commit(
                lambda a=assignment: _mail_assigned(a, self.page, self.request.user)
            )
        names = ", ".join(
            a.reviewer.get_full_name() or a.reviewer.get_username()
            for a in ReviewAssignment.objects.filter(workflow_state=self.workflow_state)
        )
        messages.success(
            self.request,
            f"Medical review of “{self.page.title}” assigned to {names}, due {due:%Y-%m-%d}."
            if names
            else f"Medical review of “{self.page.title}” is no longer assigned.",
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)
