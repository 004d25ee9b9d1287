"""Review events that reach Wagtail's audit log from elsewhere, appended to the hash chain too.

Publish refusals are logged by the guard and unpublications by Wagtail itself; both write a
``PageLogEntry``. Appending from its ``post_save`` puts the chain entry in the same transaction
as the log entry, so a refusal that the guard rewrites after a rollback is chained once, and
an unpublication that fails leaves no entry. Sign-offs and change requests are appended by
``decisions`` directly.
"""

from __future__ import annotations

from wagtail.models import PageLogEntry

from ..contract import REFUSED_ACTION, is_medically_reviewed
from . import audit

MIRRORED = {
    REFUSED_ACTION: "publish_refused",
    "wagtail.unpublish": "unpublished",
    "wagtail.unpublish.scheduled": "unpublished",
}


def _about_reviewed_content(entry: PageLogEntry) -> bool:
    if entry.action == REFUSED_ACTION:
        return True
    model = entry.content_type.model_class() if entry.content_type_id else None
    return model is not None and is_medically_reviewed(model)


def mirror_log_entry(sender, instance: PageLogEntry, created: bool, **kwargs) -> None:
    """``post_save`` of ``PageLogEntry``: chain refusals and unpublications of reviewed pages."""
    if not created or instance.action not in MIRRORED or not _about_reviewed_content(instance):
        return
    data = {"title": instance.label, "log_entry_id": instance.pk, **(instance.data or {})}
    # Without a user: Wagtail's scheduled expiry (``*.scheduled``), or code that named none.
    actor = audit.SCHEDULED_GO_LIVE if instance.action.endswith(".scheduled") else audit.SCRIPT
    audit.append(
        MIRRORED[instance.action],
        page_id=instance.page_id,
        data=data,
        user=instance.user,
        actor=actor,
    )
