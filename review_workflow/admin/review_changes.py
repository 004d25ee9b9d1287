"""What a reviewer sees of the change under review: the reviewed content of the live, signed
version beside the content under review, changed words marked, and, when the content changed
while the review was in progress, whose approvals no longer count and why.

Shown in the sign-off form, on the "Review changes" screen linked from the dashboard and the
editor, for every page type that adopts the review contract. Words are compared as Wagtail's
own compare view does (``wagtail.admin.compare.diff_text``, difflib over words), over the
reviewed content laid out by ``rules.reviewed_changes``, so a change outside the page (the
source's attribution, a replaced image, a related article's new title) shows like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import TemplateView
from wagtail.admin.compare import diff_text
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page, TaskState

from ..contract import is_medically_reviewed
from ..models import ArticlePublication, MedicalSignOff
from ..records.review_facts import live_signed_version
from ..rules.eligibility import Candidate
from ..rules.reviewed_changes import PartChange, changed_labels, compare_reviewed
from .assignments import assignment_context
from .editor import open_task_state


def _marked(changes, keep: str, tag: str) -> SafeString:
    # One side of a word diff: equal words, and this side's own changes marked with <ins>/<del>.
    return mark_safe(  # noqa: S308  every value is escaped here
        "".join(
            escape(value)
            if kind == "equal"
            else f'<{tag} class="{keep}">{escape(value)}</{tag}>'
            if kind == keep
            else ""
            for kind, value in changes
        )
    )


@dataclass(frozen=True)
class ChangeRow:
    """One part of the reviewed content, each side with its changed words marked."""

    label: str
    before: SafeString
    after: SafeString
    changed: bool

    @classmethod
    def of(cls, change: PartChange) -> ChangeRow:
        words = diff_text(change.before, change.after).changes
        return cls(
            change.label,
            _marked(words, "deletion", "del"),
            _marked(words, "addition", "ins"),
            change.changed,
        )


@dataclass
class ReviewedChanges:
    """The reviewed content under review compared with the live, signed version."""

    publication: object | None  # the ArticlePublication compared against, None if first
    rows: list[ChangeRow] = field(default_factory=list)

    @property
    def first_publication(self) -> bool:
        return self.publication is None

    @property
    def changed(self) -> list[ChangeRow]:
        return [row for row in self.rows if row.changed]

    @property
    def unchanged(self) -> list[ChangeRow]:
        return [row for row in self.rows if not row.changed]


def reviewed_changes(candidate: Candidate) -> ReviewedChanges:
    """The candidate's reviewed content beside the live signed version's (its sign-off's
    snapshot: exactly what was signed); the whole content for a first publication."""
    publication = live_signed_version(candidate.page.pk)
    signed = publication.sign_off.reviewed_content if publication is not None else None
    rows = [ChangeRow.of(change) for change in compare_reviewed(signed, candidate.content)]
    return ReviewedChanges(publication, rows)


@dataclass(frozen=True)
class SupersededApproval:
    """An approval given in this review to content that has since changed."""

    sign_off: MedicalSignOff
    changed_parts: list[str]
    task_state_id: int


def _approvals_since_last_publication(task_state: TaskState, candidate: Candidate):
    """Approvals given in medical reviews of this page since it last went live (none of them
    went live), newest first."""
    page_id = candidate.page.pk
    rows = MedicalSignOff.objects.approved().filter(page_id=page_id, task_state__isnull=False)
    latest = ArticlePublication.objects.filter(page_id=page_id).order_by("-version").first()
    if latest is not None:
        rows = rows.filter(signed_at__gt=latest.published_at)
    return rows.order_by("-signed_at", "-pk")


def superseded_approvals(task_state: TaskState, candidate: Candidate) -> list[SupersededApproval]:
    """Approvals that no longer count towards the content under review: given, since the
    article last went live, to other content (a source or image changed mid-review) or to an
    earlier version (a new draft was resubmitted), one per person who has not yet decided the
    current content, newest first."""
    decided_now = set(
        MedicalSignOff.objects.filter(
            task_state_id=task_state.pk, fingerprint=candidate.fingerprint
        ).values_list("reviewer_id", flat=True)
    )
    superseded, seen = [], set()
    for sign_off in _approvals_since_last_publication(task_state, candidate):
        counts = (
            sign_off.revision_id == candidate.revision.pk
            and sign_off.fingerprint == candidate.fingerprint
        )
        if counts or sign_off.reviewer_id in decided_now or sign_off.signer_key in seen:
            continue
        seen.add(sign_off.signer_key)
        parts = changed_labels(sign_off.reviewed_content, candidate.content)
        superseded.append(SupersededApproval(sign_off, parts, sign_off.task_state_id))
    return superseded


def superseded_notice(task_state: TaskState, candidate: Candidate) -> str | None:
    """Why approvals given earlier no longer count, in one sentence each."""
    superseded = superseded_approvals(task_state, candidate)
    if not superseded:
        return None
    sentences = []
    for item in superseded:
        what = "this review" if item.task_state_id == task_state.pk else "an earlier version"
        changed = ", ".join(item.changed_parts) or "a new version was submitted"
        sentences.append(
            f"{item.sign_off.reviewer_name} approved {what} on "
            f"{item.sign_off.signed_at:%Y-%m-%d %H:%M} UTC, but the reviewed content has "
            f"changed since ({changed})."
        )
    return (
        " ".join(sentences) + " Approvals of the earlier content no longer count; each "
        "reviewer may approve the content as it is now."
    )


def review_context(task_state: TaskState) -> dict:
    """Everything the sign-off form and the "Review changes" screen show of the change."""
    from .translations import original_changes

    candidate = Candidate.of(task_state.revision)
    return {
        "reviewed_changes": reviewed_changes(candidate),
        "superseded_notice": superseded_notice(task_state, candidate),
        "original_changes": original_changes(candidate.page),
    }


class ReviewChangesView(WagtailAdminTemplateMixin, TemplateView):
    """A reviewer's view of the change under review: the reviewed content, outside parts
    included, of the live signed version beside the version under review."""

    template_name = "review_workflow/review_changes.html"
    page_title = "Review changes"
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        page = get_object_or_404(Page, pk=self.kwargs["page_id"]).specific
        if not is_medically_reviewed(type(page)):
            raise PermissionDenied
        task_state = open_task_state(page)
        permissions = page.permissions_for_user(self.request.user)
        in_groups = task_state is not None and task_state.task.specific._user_in_groups(
            self.request.user
        )
        if not (permissions.can_edit() or in_groups):
            raise PermissionDenied
        self.page_subtitle = page.get_admin_display_title()
        context = super().get_context_data(**kwargs)
        context["page"] = page
        context["task_state"] = task_state
        if task_state is not None:
            context.update(review_context(task_state))
            context.update(assignment_context(task_state.workflow_state))
        elif page.latest_revision_id:
            from .translations import original_changes

            latest = page.get_latest_revision()
            context["reviewed_changes"] = reviewed_changes(Candidate.of(latest))
            context["original_changes"] = original_changes(page)
        return context
