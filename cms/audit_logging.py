"""Mirror the audit entries that matter for medical safety into the JSON logs.

Wagtail's audit log (``PageLogEntry``) is the record editors see; operators watch logs. Every
refused publish, medical decision and publish or unpublish written to the audit log is also
written as a structured log line with page, revision and user, so a log search or an alert
finds it. Refusals are logged at once: the attempt happened even if a surrounding transaction
later rolls back. Decisions and publications are logged once they commit, so the logs never
claim a sign-off that was rolled back.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import PageLogEntry

logger = logging.getLogger("cms.audit")

LOGGED_AT_ONCE = {"review_workflow.publish_refused": logging.WARNING}
LOGGED_ON_COMMIT = {
    "review_workflow.sign_off": logging.INFO,
    "review_workflow.changes_requested": logging.INFO,
    "wagtail.publish": logging.INFO,
    "wagtail.publish.scheduled": logging.INFO,
    "wagtail.unpublish": logging.INFO,
    "wagtail.unpublish.scheduled": logging.INFO,
}


def log_entry_fields(entry: PageLogEntry) -> dict:
    """The fields of a log line: what happened, to which page and revision, by whom."""
    data = entry.data or {}
    return {
        "action": entry.action,
        "page_id": entry.page_id,
        "page_title": entry.label,
        "revision_id": entry.revision_id or data.get("revision_id"),
        "user_id": entry.user_id,
        "username": entry.user.get_username() if entry.user_id else None,
        **{key: data[key] for key in ("reason", "sign_off_id", "reviewer") if key in data},
    }


@receiver(post_save, sender=PageLogEntry)
def mirror_audit_entry(sender, instance: PageLogEntry, created: bool, **kwargs) -> None:
    if not created:
        return
    fields = log_entry_fields(instance)
    if instance.action in LOGGED_AT_ONCE:
        logger.log(LOGGED_AT_ONCE[instance.action], instance.action, extra=fields)
    elif instance.action in LOGGED_ON_COMMIT:
        level = LOGGED_ON_COMMIT[instance.action]
        transaction.on_commit(lambda: logger.log(level, instance.action, extra=fields))
