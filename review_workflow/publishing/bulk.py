"""Wagtail's part of a batch publish: what ``PublishPageRevisionAction`` writes, for many pages
in a constant number of queries.

The batch publish service (``service.publish_signed_batch``) calls this, in its transaction,
after it has checked each page's proof and recorded each publication. For every page it writes
what Wagtail's action writes for a page going live now:

- the page row (``live``, ``live_revision``, ``has_unpublished_changes``, ``expired``,
  ``first_published_at``, ``last_published_at`` and the content of the revision), with one
  ``bulk_update`` per page type instead of a ``save()`` each;
- ``approved_go_live_at`` cleared on the pages' revisions;
- the page history: a ``wagtail.publish`` entry (and ``wagtail.rename`` when the title changed),
  as Wagtail's ``log()`` writes them;
- Wagtail's reference index and its search index (the admin's page search), each in one pass
  over the batch, where a ``save()`` would update them page by page.

``needs_wagtails_own_publish`` names the pages this does not cover, which the service then
publishes one by one through Wagtail's action: a page scheduled for later, one with aliases,
comments or a workflow in progress, one whose slug changes. The batch sends no
``page_published`` per page: its receivers are Wagtail's frontend-cache purge of the page URL
(readers get the store, whose CDN purge the store writer schedules) and the service's own
backstop for publishes that bypass it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
    WorkflowState,
)

logger = logging.getLogger(__name__)
# Columns of the page tree Wagtail's publish never writes (the page is built from its row).
TREE_FIELDS = frozenset({"id", "page_ptr", "path", "depth", "numchild"})


@dataclass(frozen=True)
class PageGoingLive:
    """One page of the batch: the page built from ``revision``, and who published it."""

    page: Any
    revision: Revision
    user: Any = None


def needs_wagtails_own_publish(pages: list[Any]) -> set[int]:
    """The pages of a batch Wagtail's action must publish itself (three queries, whatever the
    batch's size): scheduled for later, aliased, commented, in a workflow, or renamed in the
    URL (its descendants' paths change)."""
    ids = [page.pk for page in pages]
    now = timezone.now()
    own = {page.pk for page in pages if page.go_live_at and page.go_live_at > now}
    aliased = Page.objects.filter(alias_of_id__in=ids).values_list("alias_of_id", flat=True)
    own.update(aliased)
    comments = Page._meta.get_field(COMMENTS_RELATION_NAME).related_model
    own.update(comments.objects.filter(page_id__in=ids).values_list("page_id", flat=True))
    in_workflow = WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in ids],
    )
    own.update(int(pk) for pk in in_workflow.values_list("object_id", flat=True))
    slugs = dict(Page.objects.filter(pk__in=ids).values_list("pk", "slug"))
    own.update(page.pk for page in pages if slugs.get(page.pk) != page.slug)
    return own


def publish_in_bulk(going: list[PageGoingLive], *, log_action: bool | str = True) -> None:
    """Make these pages live as Wagtail's publish action would (see the module docstring)."""
    if not going:
        return
    now = timezone.now()
    titles = dict(Page.objects.filter(pk__in=[g.page.pk for g in going]).values_list("pk", "title"))
    earlier = _pages_with_earlier_revisions(going)
    for item in going:
        page = item.page
        page.live, page.expired = True, False
        page.has_unpublished_changes = page.latest_revision_id != item.revision.pk
        page.live_revision = item.revision
        page.last_published_at = now
        if page.first_published_at is None:
            page.first_published_at = now
    Revision.page_revisions.filter(
        object_id__in=[str(g.page.pk) for g in going], approved_go_live_at__isnull=False
    ).update(approved_go_live_at=None)
    for model, pages in _by_type(g.page for g in going).items():
        model.objects.bulk_update(pages, _changed_fields(model, pages))
    if log_action:
        _log(going, titles, earlier, log_action, now)
    update_reference_index([g.page for g in going])
    update_search_index([g.page for g in going])
    logger.info("Published %d pages in one batch.", len(going))


def _by_type(pages: Iterable[Any]) -> dict[type, list[Any]]:
    grouped: dict[type, list[Any]] = {}
    for page in pages:
        grouped.setdefault(type(page), []).append(page)
    return grouped


def _changed_fields(model, pages: list[Any]) -> list[str]:
    """The columns whose value differs from the stored row for any of the pages (one query):
    what each page's ``save()`` would change. Writing only those keeps the batch's UPDATE
    small (an import's rows already hold the content; only going live changes them)."""
    stored = model._base_manager.in_bulk([page.pk for page in pages])
    fields = [f for f in model._meta.concrete_fields if f.name not in TREE_FIELDS]
    changed = []
    for field in fields:
        for page in pages:
            row = stored.get(page.pk)
            if row is None or _column(field, page) != _column(field, row):
                changed.append(field.name)
                break
    return changed


def _column(field, obj) -> Any:
    return field.get_db_prep_save(field.value_from_object(obj), connection)


def _pages_with_earlier_revisions(going: list[PageGoingLive]) -> set[int]:
    # Wagtail logs a rename against the revision before the one going live, if there is one.
    revisions = Revision.page_revisions.filter(object_id__in=[str(g.page.pk) for g in going])
    first = {}
    for object_id, pk in revisions.values_list("object_id", "pk"):
        first[int(object_id)] = min(pk, first.get(int(object_id), pk))
    return {g.page.pk for g in going if first.get(g.page.pk, g.revision.pk) < g.revision.pk}


def page_log_entry(page, action: str, *, user=None, data=None, revision=None,
                   content_changed: bool = False, timestamp=None) -> PageLogEntry:  # fmt: skip
    """The page history entry Wagtail's ``log()`` writes, unsaved (for one bulk insert; no
    ``post_save``: the audit mirror chains only refusals and unpublications, never these)."""
    context = get_active_log_context()
    return PageLogEntry(
        content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
        label=page.get_admin_display_title(),
        page_id=page.pk,
        action=action,
        data=data or {},
        user=user or context.user,
        uuid=context.uuid,
        revision=revision,
        content_changed=content_changed,
        timestamp=timestamp or timezone.now(),
    )


def _log(going, titles, earlier, log_action, now) -> None:
    """The page history entries Wagtail's publish writes for each page, in one insert."""
    action = log_action if isinstance(log_action, str) else "wagtail.publish"
    entries = []
    for item in going:
        page = item.page
        common = {"user": item.user, "revision": item.revision, "timestamp": now}
        old_title = titles.get(page.pk)
        data = {}
        if page.pk in earlier and old_title is not None and old_title != str(page):
            data = {"title": {"old": old_title, "new": str(page)}}
            entries.append(page_log_entry(page, "wagtail.rename", data=data, **common))
        entries.append(page_log_entry(page, action, data=data, content_changed=True, **common))
    PageLogEntry.objects.bulk_create(entries)


def update_reference_index(pages: list[Any]) -> None:
    """Wagtail's reference index of these pages, as ``ReferenceIndex.create_or_update_for_object``
    leaves it, in one read, one delete and one insert for the batch."""
    if not pages:
        return
    base = ContentType.objects.get_for_model(Page)
    wanted = {}
    for page in pages:
        content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
        references = set(ReferenceIndex._extract_references_from_object(page))
        wanted[str(page.pk)] = (content_type, references)
    existing = ReferenceIndex.objects.filter(base_content_type=base, object_id__in=list(wanted))
    stale, present = [], set()
    for pk, object_id, *reference in existing.values_list(
        "pk", "object_id", "to_content_type", "to_object_id", "model_path", "content_path"
    ):
        if tuple(reference) in wanted[object_id][1]:
            present.add((object_id, *reference))
        else:
            stale.append(pk)
    if stale:
        ReferenceIndex.objects.filter(pk__in=stale).delete()
    options = {"ignore_conflicts": True} if connection.features.supports_ignore_conflicts else {}
    ReferenceIndex.objects.bulk_create(
        [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base,
                object_id=object_id,
                to_content_type_id=to_type,
                to_object_id=to_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for object_id, (content_type, references) in wanted.items()
            for to_type, to_id, model_path, content_path in references
            if (object_id, to_type, to_id, model_path, content_path) not in present
        ],
        **options,
    )


def update_search_index(pages: list[Any]) -> None:
    """Wagtail's search index (the admin's page search) of these pages, one bulk add per page
    type and backend."""
    from modelsearch.backends import get_search_backends
    from modelsearch.index import class_is_indexed

    for model, batch in _by_type(pages).items():
        if not class_is_indexed(model) or not getattr(model, "search_auto_update", True):
            continue
        # The pages as just saved (their content is parsed already), among those the model
        # indexes at all (one query), as Wagtail's own index task checks.
        kept = set(model.get_indexed_objects().filter(pk__in=[p.pk for p in batch]).values_list(
            "pk", flat=True))  # fmt: skip
        indexed = [page.get_indexed_instance() for page in batch if page.pk in kept]
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, [page for page in indexed if page is not None])
