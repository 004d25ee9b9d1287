"""Ask for a new medical review when reviewed content changes outside the page.

Page types declare which models their reviewed content draws on, and which fields of them
matter (``MedicallyReviewedPage.reviewed_dependency_fields``). When a saved instance of such a
model changed one of those fields, or was deleted, every live article whose current version
was built from it gets an open ``ReReviewRequest``. What readers get does not change: it is the
stored document, written from the sign-off. Other apps may also raise requests (the API's store
does when a related article is renamed) through ``request_rereview``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page

from ..contract import dependency_fields
from ..models import ReReviewRequest, ReviewedDependency
from ..signals import rereview_needed
from . import audit

_BEFORE = "_reviewed_fields_before"


def request_rereview(page_ids: Iterable[int], reason: str) -> list[int]:
    """Open a re-review request for each live page that has none with this reason yet.

    Returns the page ids that got a new request.
    """
    live = set(Page.objects.filter(pk__in=list(page_ids), live=True).values_list("pk", flat=True))
    already = set(
        ReReviewRequest.objects.open()
        .filter(page_id__in=live, reason=reason)
        .values_list("page_id", flat=True)
    )
    new = sorted(live - already)

    ReReviewRequest.objects.bulk_create(
        [ReReviewRequest(page_id=page_id, reason=reason) for page_id in new]
    )
    for page_id in new:
        audit.append(
            "review_flagged", page_id=page_id, data={"reason": reason}, actor=audit.REREVIEW_WATCH
        )
        rereview_needed.send(sender=ReReviewRequest, page_id=page_id, reason=reason)
    return new


def open_requests(page_id: int) -> list[str]:
    """The reasons a page needs another review, oldest first."""
    requests = ReReviewRequest.objects.open().filter(page_id=page_id).order_by("raised_at", "pk")
    return list(requests.values_list("reason", flat=True))


def dependents(obj) -> list[int]:
    """Pages whose live version's reviewed content was built from ``obj``."""
    content_type = ContentType.objects.get_for_model(obj)
    rows = ReviewedDependency.objects.filter(content_type=content_type, object_id=str(obj.pk))
    return list(rows.values_list("page_id", flat=True))


def _describe(obj) -> str:
    return f"{obj._meta.verbose_name} '{obj}'"


def _remember_fields(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    fields = sorted(dependency_fields().get(sender, ()))
    before = sender._base_manager.filter(pk=instance.pk).values(*fields).first()
    setattr(instance, _BEFORE, before)


def _changed_fields(sender, instance) -> list[str]:
    before = instance.__dict__.pop(_BEFORE, None)
    if not before:
        return []
    return [name for name, value in before.items() if _field_value(instance, name) != value]


def _field_value(instance, name: str):
    value = getattr(instance, instance._meta.get_field(name).attname)
    return getattr(value, "name", value)  # a file field compares by its stored name


def _saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw or created:
        return
    changed = _changed_fields(sender, instance)
    if changed:
        reason = f"{_describe(instance)} changed ({', '.join(changed)})"
        request_rereview(dependents(instance), reason)


def _deleted(sender, instance, **kwargs) -> None:
    request_rereview(dependents(instance), f"{_describe(instance)} was deleted")


def connect() -> None:
    """Watch every model that reviewed content draws on (called from ``apps.ready``)."""
    for model in dependency_fields():
        uid = f"review_workflow.rereview.{model._meta.label_lower}"
        pre_save.connect(_remember_fields, sender=model, dispatch_uid=f"{uid}.pre")
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}.deleted")
