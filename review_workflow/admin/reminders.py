"""Daily reminder digests: one e-mail per person per day, at most, whoever runs the job.

Reviewers hear about articles awaiting their medical review that they may approve; editors
(the owner, the submitter, the latest author) about their articles in review, sent back with
changes requested, due for review soon, or overdue. A ``ReminderDigest`` row per person per
day, written in the same transaction as the sending, keeps this to once a day across
scheduler restarts and several servers: a second runner waits on the row's unique index and
then finds it. If sending fails, the row rolls back with it and the next run tries again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState

from ..models import MedicalReviewTask, ReminderDigest, ReviewAssignment, ReviewerProfile
from ..rules.due import due_pages, review_state
from ..rules.eligibility import sign_off_refusal
from ..rules.review_status import CHANGES_REQUESTED, IN_REVIEW, today


@dataclass(frozen=True)
class DigestItem:
    """One article in a digest, and why it is there."""

    title: str
    why: str
    url: str


def _admin_url(page) -> str:
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("wagtailadmin_pages:edit", args=[page.pk])


def editors_of(page) -> set[int]:
    """People responsible for an article: its owner, its latest author, its submitter."""
    people = {page.owner_id}
    latest = page.get_latest_revision()
    if latest is not None:
        people.add(latest.user_id)
    state = page.current_workflow_state
    if state is not None:
        people.add(state.requested_by_id)
    return people - {None}


def _reviewers_of(task_state: TaskState) -> list:
    task = task_state.task.specific
    users = get_user_model().objects.filter(groups__in=task.groups.all(), is_active=True)
    return [user for user in users.distinct() if sign_off_refusal(task_state, user) is None]


def _awaiting_review(items: dict, today: date) -> None:
    assigned = {
        (assignment.workflow_state_id, assignment.reviewer_id): assignment
        for assignment in ReviewAssignment.objects.open()
    }
    open_states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, task__in=MedicalReviewTask.objects.filter(active=True)
    ).select_related("revision", "workflow_state")
    for state in open_states:
        page = Page.objects.filter(pk=state.revision.object_id).first()
        if page is None:
            continue
        since = f"since {state.started_at:%Y-%m-%d}"
        for user in _reviewers_of(state.specific):
            assignment = assigned.get((state.workflow_state_id, user.pk))
            why = f"awaiting your review {since}"
            if assignment is not None:
                why = _assigned_why(assignment, today) + f", {why}"
            items[user.pk].append(DigestItem(page.title, why, _admin_url(page)))
        for user_id in editors_of(page.specific):
            items[user_id].append(DigestItem(page.title, f"{IN_REVIEW} {since}", _admin_url(page)))


def _assigned_why(assignment, today: date) -> str:
    if assignment.is_overdue(today):
        return f"assigned to you, overdue: due {assignment.due}"
    return f"assigned to you, due {assignment.due}"


def _overdue_assignments(items: dict, today: date) -> None:
    """Overdue assignments, for the article's editors (who submitted it, own it, wrote it)
    and for the lead reviewers: someone must chase or reassign them."""
    leads = list(
        ReviewerProfile.objects.filter(is_lead=True, is_active=True).values_list(
            "user_id", flat=True
        )
    )
    overdue = ReviewAssignment.objects.overdue(today).select_related("page", "reviewer")
    for assignment in overdue:
        page = assignment.page
        who = assignment.reviewer.get_full_name() or assignment.reviewer.get_username()
        why = f"review assigned to {who} is overdue: due {assignment.due}"
        people = (editors_of(page.specific) | set(leads)) - {assignment.reviewer_id}
        for user_id in people:
            items[user_id].append(DigestItem(page.title, why, _admin_url(page)))


def _sent_back(items: dict) -> None:
    for state in WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES):
        task_state = state.current_task_state
        page = Page.objects.filter(pk=state.object_id).first()
        if page is None or task_state is None:
            continue
        if isinstance(task_state.task.specific, MedicalReviewTask):
            for user_id in editors_of(page.specific):
                items[user_id].append(DigestItem(page.title, CHANGES_REQUESTED, _admin_url(page)))


def _due(items: dict, today: date) -> None:
    for page in due_pages(today):
        state = review_state(page.next_review_due, today).lower()
        why = f"{state}: review due {page.next_review_due}"
        for user_id in editors_of(page):
            items[user_id].append(DigestItem(page.title, why, _admin_url(page)))


def digests(today: date) -> dict:
    """Each person's reminder items for ``today``, keyed by user id."""
    items: dict[int, list[DigestItem]] = defaultdict(list)
    _awaiting_review(items, today)
    _overdue_assignments(items, today)
    _sent_back(items)
    _due(items, today)
    return items


def _message(user, day: date, items: list[DigestItem]) -> tuple[str, str]:
    count = len(items)
    subject = f"Medical review: {count} article{'s' if count != 1 else ''} for you ({day})"
    lines = [f"Hello {user.get_full_name() or user.get_username()},", ""]
    lines += [f"- {item.title}: {item.why}\n  {item.url}" for item in items]
    lines += ["", "You receive at most one of these reminders a day."]
    return subject, "\n".join(lines)


def _send_once(user, day: date, items: list[DigestItem], now) -> bool:
    """Claim (user, day) and send, in one transaction; False if already claimed."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReminderDigest.objects.create(
                    recipient=user, day=day, sent_at=now, items=len(items)
                )
        except IntegrityError:
            return False
        subject, body = _message(user, day, items)
        send_mail(subject, body, None, [user.email])
    return True


@dataclass(frozen=True)
class ReminderRun:
    """What one run did: digests sent, and people skipped because theirs went out today."""

    sent: int
    already_sent: int


def send_reminders(now=None) -> ReminderRun:
    """Send today's digests to everyone with something to hear about, once per person per day."""
    now = now or timezone.now()
    day = today(now)
    todo = digests(day)
    users = get_user_model().objects.in_bulk(list(todo))
    sent = already = 0
    for user_id, items in todo.items():
        user = users.get(user_id)
        if user is None or not user.is_active or not user.email:
            continue
        if ReminderDigest.objects.filter(recipient=user, day=day).exists():
            already += 1
        elif _send_once(user, day, _dedupe(items), now):
            sent += 1
        else:
            already += 1
    return ReminderRun(sent=sent, already_sent=already)


def _dedupe(items: list[DigestItem]) -> list[DigestItem]:
    return list(dict.fromkeys(items))
