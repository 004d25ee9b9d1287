"""The periodic jobs every deployment runs, and the lease that keeps them to one runner.

``run_scheduled_jobs`` (the ``scheduler`` process) calls :func:`run_due_jobs` once a minute
on every machine that runs it; only the one holding the lease does the work, so running the
scheduler on two machines is safe. Each job is idempotent on its own, so a run repeated after
a crash does no harm.
"""

from __future__ import annotations

import io
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import ScheduledJobLease

logger = logging.getLogger("cms.scheduled_jobs")
LEASE_NAME = "scheduled-jobs"
DEFAULT_JOBS = (
    "cms.scheduled_jobs.publish_scheduled_pages",
    "cms.scheduled_jobs.purge_expired_previews",
    "cms.scheduled_jobs.report_due_reviews",
    "cms.scheduled_jobs.verify_published_daily",
    "cms.scheduled_jobs.announce_article_changes",
    "cms.scheduled_jobs.refresh_stored_translations",
    "cms.scheduled_jobs.requeue_webhooks",
    "cms.scheduled_jobs.send_review_reminders",
    "cms.scheduled_jobs.publish_audit_head",
)
# The published-documents check runs once in this many hours.
VERIFY_EVERY = timedelta(hours=24)


def this_runner() -> str:
    """A name for this process that is unique across machines and restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def take_lease(holder: str, *, seconds: int, name: str = LEASE_NAME) -> bool:
    """Take the lease if nobody holds it (or the holder's time ran out); True when taken."""
    try:
        ScheduledJobLease.objects.get_or_create(name=name)
    except IntegrityError:  # another runner created the row a moment ago: fine
        pass
    now = timezone.now()
    free = Q(held_until__isnull=True) | Q(held_until__lt=now) | Q(holder=holder)
    taken = ScheduledJobLease.objects.filter(free, name=name).update(
        holder=holder, held_until=now + timedelta(seconds=seconds)
    )
    return taken == 1


def give_back_lease(holder: str, *, name: str = LEASE_NAME) -> None:
    """Release the lease, but only if this runner still holds it."""
    ScheduledJobLease.objects.filter(name=name, holder=holder).update(holder="", held_until=None)


@dataclass(frozen=True)
class JobResult:
    """What one job did: ``outcome`` is 'done', 'not installed' or 'failed'."""

    job: str
    outcome: str
    output: str = ""


def run_command_if_installed(command: str, *args: str) -> str | None:
    """Run a management command and return its output, or None when no app provides it."""
    if command not in get_commands():
        return None
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=out)
    return out.getvalue().strip()


def publish_scheduled_pages() -> str | None:
    """Wagtail's go-live and expiry of scheduled pages (through the medical review guard)."""
    return run_command_if_installed("publish_scheduled")


def purge_expired_previews() -> str | None:
    """Delete draft-preview tokens past their expiry (the content API's command)."""
    return run_command_if_installed("purge_expired_previews")


def report_due_reviews() -> str | None:
    """Report articles whose medical review is due (the review workflow's command)."""
    return run_command_if_installed("review_due")


def verify_published_daily() -> str | None:
    """Once a day, check every stored article against its sign-off (``verify_published``).

    A mismatch fails the job (its log line names each article), which is what operators alert on.
    """
    if "verify_published" not in get_commands():
        return None
    from frontend_api.models import VerificationRun

    last = VerificationRun.objects.values_list("finished_at", flat=True).first()
    if last is not None and timezone.now() - last < VERIFY_EVERY:
        return f"last check {last.isoformat()}; next after {(last + VERIFY_EVERY).isoformat()}"
    return run_command_if_installed("verify_published")


def announce_article_changes() -> str | None:
    """Webhook events that time alone causes: reviews due soon or overdue, lost moves."""
    return run_command_if_installed("announce_article_changes")


def refresh_stored_translations() -> str | None:
    """Articles that name a translation readers no longer get (it expired, or is withdrawn as
    overdue) are composed again without it."""
    return run_command_if_installed("refresh_stored_translations")


def requeue_webhooks() -> str | None:
    """Queue webhook deliveries whose task was lost again; prune the old delivery log."""
    return run_command_if_installed("requeue_webhooks")


def send_review_reminders() -> str | None:
    """E-mail the day's review reminders (the review workflow's command; once per person a day)."""
    return run_command_if_installed("send_review_reminders")


def publish_audit_head() -> str | None:
    """Publish the audit chain's signed head outside the database: a log line and the
    ``audit.checkpoint`` webhook (sent once per head), for ``verify_audit --expect-head``."""
    return run_command_if_installed("publish_audit_head")


def configured_jobs() -> list[tuple[str, Callable[[], str | None]]]:
    """The jobs from ``CMS_SCHEDULED_JOBS`` (dotted paths), in order."""
    paths = getattr(settings, "CMS_SCHEDULED_JOBS", DEFAULT_JOBS)
    return [(path.rsplit(".", 1)[-1], import_string(path)) for path in paths]


def run_job(name: str, job: Callable[[], str | None]) -> JobResult:
    """Run one job; a failure is logged and reported, and never stops the other jobs."""
    try:
        output = job()
    except Exception:
        logger.exception("scheduled job failed", extra={"job": name, "outcome": "failed"})
        return JobResult(name, "failed")
    outcome = "not installed" if output is None else "done"
    logger.info(
        "scheduled job %s", outcome, extra={"job": name, "outcome": outcome, "output": output}
    )
    return JobResult(name, outcome, output or "")


def run_due_jobs(*, lease_seconds: int = 600) -> list[JobResult] | None:
    """Run every configured job if this runner gets the lease; None when another runner has it."""
    holder = this_runner()
    if not take_lease(holder, seconds=lease_seconds):
        logger.info("scheduled jobs skipped: another runner holds the lease")
        return None
    try:
        return [run_job(name, job) for name, job in configured_jobs()]
    finally:
        give_back_lease(holder)
