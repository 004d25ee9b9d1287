"""The published-content generation: read it per request, move it after every relevant change.

Whole API responses are cached per generation (``response_cache``), so the generation must move
on every change that can alter any public response: a page saved, published, unpublished, moved
or deleted; a site, disclaimer, source, sign-off, publication record, reviewer, view restriction
or image saved or deleted. Draft-only saves (a new revision, a lock, a workflow state) leave it
alone, because the API never shows drafts.

The move is registered with ``transaction.on_commit``: a worker that sees the new generation
therefore also sees every write of the transaction that moved it, and a rolled-back change moves
nothing. Only a process killed between its commit and the move can leave a response stale, and
then only until ``RESPONSE_CACHE_TIMEOUT``. Writes that bypass the ORM (raw SQL) must call
``content_changed()`` themselves.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import NamedTuple

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.db.models.functions import Now
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import ContentGeneration

logger = logging.getLogger(__name__)

# Page columns a save may touch without changing anything the API serves (drafts, locks,
# workflow bookkeeping). A save limited to these does not move the generation.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_id",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "locked_by_id",
    }
)


class Generation(NamedTuple):
    """When the counter last moved (database time) and its value; ordered in time.

    The time makes a generation unique even when a database restored from a backup brings
    back an older counter: a worker never mistakes the new "generation 500" for the one it
    kept responses of before the restore.
    """

    changed_at: object  # a datetime (or SQLite's text for one): compared, never shown
    number: int


def current() -> Generation | None:
    """The generation now, or None when cached responses must stand aside.

    They stand aside when the row is missing, and when this connection holds uncommitted
    content changes: it sees content that no generation describes yet (a request that writes
    and then reads, or a test inside one transaction).
    """
    if uncommitted_changes():
        return None
    with connection.cursor() as cursor:
        cursor.execute(_read_sql(), [ContentGeneration.SINGLETON_PK])
        row = cursor.fetchone()
    return Generation(*row) if row else None


@cache
def _read_sql() -> str:
    table = connection.ops.quote_name(ContentGeneration._meta.db_table)
    return f"SELECT changed_at, generation FROM {table} WHERE id = %s"


def uncommitted_changes() -> bool:
    """Whether this connection's open transaction changed content (a move is waiting)."""
    return connection.in_atomic_block and any(
        entry[1] is _advance_after_commit for entry in connection.run_on_commit
    )


def advance() -> None:
    """Move the generation now (in its own statement); recreate the row if it went missing."""
    moved = ContentGeneration.objects.filter(pk=ContentGeneration.SINGLETON_PK).update(
        generation=F("generation") + 1, changed_at=Now()
    )
    if not moved:
        ContentGeneration.objects.get_or_create(pk=ContentGeneration.SINGLETON_PK)


def content_changed() -> None:
    """Move the generation once the current transaction commits (at once outside one)."""
    # Each change registers its own move: a publish costs a few one-row UPDATEs, and no
    # bookkeeping can go wrong when a savepoint rolls back.
    transaction.on_commit(_advance_after_commit)


def _advance_after_commit() -> None:
    try:
        advance()
    except DatabaseError:
        # The content is committed; failing the request now would not undo it. Responses
        # built before stay until RESPONSE_CACHE_TIMEOUT, which is what the log says.
        logger.exception("Could not move the published-content generation")


def _page_saved(sender, instance, update_fields=None, **kwargs) -> None:
    # post_save is sent with the concrete class as sender, so page types are matched here.
    if not isinstance(instance, Page):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    content_changed()


def _changed(sender, **kwargs) -> None:
    content_changed()


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        content_changed()


def _watched_models() -> list[type]:
    from health_content.models import ContentSource, Disclaimer
    from review_workflow.models import ArticlePublication, MedicalSignOff, ReviewerProfile

    return [
        Site,
        Disclaimer,
        ContentSource,
        MedicalSignOff,
        ArticlePublication,
        ReviewerProfile,
        PageViewRestriction,
        get_image_model(),
    ]


def connect() -> None:
    """Connect the receivers (from ``FrontendApiConfig.ready``)."""
    post_save.connect(_page_saved, dispatch_uid="frontend_api.generation.page_saved")
    post_delete.connect(_page_deleted, dispatch_uid="frontend_api.generation.page_deleted")
    post_page_move.connect(_changed, dispatch_uid="frontend_api.generation.page_moved")
    # Wagtail's publish is not one transaction: the page row is saved (a move at once, in
    # autocommit), then ``page_published`` receivers write the review dates and the last-updated
    # stamp. This app's receiver is connected after theirs (INSTALLED_APPS order), so this move
    # comes after those writes and no worker keeps a response built between them.
    page_published.connect(_changed, dispatch_uid="frontend_api.generation.page_published")
    page_unpublished.connect(_changed, dispatch_uid="frontend_api.generation.page_unpublished")
    for model in _watched_models():
        uid = f"frontend_api.generation.{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.deleted")
