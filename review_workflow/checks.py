"""System checks for the medical review's settings and database (registered in ``apps``).

A value the code cannot honour is refused when the project starts (``manage.py check`` runs
before ``runserver``, ``migrate`` and the tests), not discovered by readers later.
"""

from __future__ import annotations

from django.core import checks
from django.db import connections

from .conf import OVERDUE_POLICIES, review_settings

# The append-only record triggers and the search statements exist for these two only.
SUPPORTED_DATABASES = ("sqlite", "postgresql")


def check_overdue_policy(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """An unknown ``OVERDUE_POLICY`` is an error: the code would treat it as "flag"."""
    policy = review_settings.OVERDUE_POLICY
    if policy in OVERDUE_POLICIES:
        return []
    return [
        checks.Error(
            f"REVIEW_WORKFLOW['OVERDUE_POLICY'] is {policy!r}, which is no overdue policy.",
            hint=f"Use one of: {', '.join(OVERDUE_POLICIES)}.",
            obj="REVIEW_WORKFLOW",
            id="review_workflow.E001",
        )
    ]


def check_unknown_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A key of ``REVIEW_WORKFLOW`` that is no setting (a typo) is a warning."""
    return review_settings.unknown_keys_warnings("review_workflow.W001")


def check_database_vendor(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every configured database is SQLite or PostgreSQL (replicas included)."""
    return [
        checks.Error(
            f"Database {alias!r} is {connections[alias].vendor}; the medical review supports "
            f"{' and '.join(SUPPORTED_DATABASES)} only.",
            hint="Its append-only records are enforced by triggers written for these two.",
            obj=alias,
            id="review_workflow.E002",
        )
        for alias in connections
        if connections[alias].vendor not in SUPPORTED_DATABASES
    ]


def check_review_coverage(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """``migrate`` and ``check --database default``: every reviewed page (and every page they
    are created under) is covered by an active workflow; a database check, it reads pages."""
    if not databases or "default" not in databases:
        return []
    from django.db import DatabaseError

    from .admin.coverage import pages_without_review

    try:
        uncovered = pages_without_review()
    except DatabaseError:  # not migrated yet: migrate's own output says more
        return []
    return [
        checks.Warning(
            f"{page.title!r} (page {page.pk}) is under no review workflow: a Submit there "
            "never reaches a medical reviewer.",
            hint="Run manage.py setup_medical_review (or assign a workflow in the admin).",
            obj=page,
            id="review_workflow.W002",
        )
        for page in uncovered
    ]


# Wagtail's e-mail templates the review overrides (links on PUBLIC_BASE_URL, not the site's;
# medical review's words: "submitted for medical review", "changes requested", "signed off").
OVERRIDDEN_TEMPLATES = tuple(
    f"wagtailadmin/notifications/{name}"
    for state in ("task_state_submitted", "workflow_state_approved", "workflow_state_rejected")
    for name in (f"{state}.txt", f"{state}.html", f"{state}_subject.txt")
)


def check_template_overrides(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The review's versions of Wagtail's e-mail templates are the ones found: Django takes a
    template from the app listed first, so ``INSTALLED_APPS`` order decides."""
    from django.apps import apps
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    ours = apps.get_app_config("review_workflow").path
    found = []
    for name in OVERRIDDEN_TEMPLATES:
        try:
            origin = get_template(name).origin.name
        except TemplateDoesNotExist:
            continue
        if not str(origin).startswith(str(ours)):
            found.append(name)
    return [
        checks.Warning(
            f"{name} comes from another app than review_workflow: review e-mails would use "
            "Wagtail's generic words and link to the Wagtail site's address instead of "
            "PUBLIC_BASE_URL.",
            hint="List 'review_workflow' before 'wagtail.admin' in INSTALLED_APPS.",
            obj="INSTALLED_APPS",
            id="review_workflow.W003",
        )
        for name in found
    ]


def check_checkpoint_key(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``check --deploy``: the audit checkpoints are signed with a key of their own, not one
    derived from ``SECRET_KEY`` (which every app server, and so the database's neighbours,
    holds)."""
    if review_settings.AUDIT_CHECKPOINT_KEY:
        return []
    return [
        checks.Warning(
            "REVIEW_WORKFLOW['AUDIT_CHECKPOINT_KEY'] is not set: audit checkpoints are signed "
            "with a key derived from SECRET_KEY.",
            hint="Set it from a secret store (at least 32 random bytes) and keep a copy where "
            "the auditors verify exports; see docs/operations.md, 'The audit checkpoint key'.",
            obj="REVIEW_WORKFLOW",
            id="review_workflow.W004",
        )
    ]


def check_notifiers(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The review's submission notifiers hold Wagtail's places (``admin.notifications``):
    connected first, they win only while ``review_workflow`` comes before ``wagtail.admin``."""
    from .admin import notifications

    ours = {
        notifications.TASK_SUBMITTED_UID: notifications.task_submission_notifier,
        notifications.WORKFLOW_SUBMITTED_UID: notifications.workflow_submission_notifier,
    }
    found = notifications.connected_notifiers()
    return [
        checks.Warning(
            f"Wagtail's notifier holds {uid!r}: 'submitted' e-mails of a medical review would "
            "go to people who cannot decide it (lapsed licences, administrators).",
            hint="List 'review_workflow' before 'wagtail.admin' in INSTALLED_APPS.",
            obj="INSTALLED_APPS",
            id="review_workflow.W005",
        )
        for uid, notifier in ours.items()
        if found.get(uid) is not notifier
    ]


def check_translation_drafts(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """wagtail-localize publishes a new translation of a live page at once unless told not to
    (``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE``); an unsigned translation of a reviewed
    page cannot go live, so that publish is refused and translating fails."""
    from django.apps import apps
    from django.conf import settings

    if not apps.is_installed("wagtail_localize"):
        return []
    if not getattr(settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE", True):
        return []
    return [
        checks.Warning(
            "wagtail-localize publishes a new translation of a live page at once: translating "
            "a live medically reviewed article is refused (its translation has no sign-off).",
            hint="Set WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False: translations "
            "start as drafts and go live with their own medical sign-off.",
            obj="WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE",
            id="review_workflow.W006",
        )
    ]


def register() -> None:
    """Register the checks (``ReviewWorkflowConfig.ready``)."""
    for check in (check_overdue_policy, check_unknown_settings, check_database_vendor):
        checks.register(check, checks.Tags.compatibility)
    checks.register(check_template_overrides, checks.Tags.templates)
    checks.register(check_notifiers, checks.Tags.compatibility)
    checks.register(check_translation_drafts, checks.Tags.compatibility)
    checks.register(check_review_coverage, checks.Tags.database)
    checks.register(check_checkpoint_key, checks.Tags.security, deploy=True)
