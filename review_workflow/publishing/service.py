"""The publish service: the one way a reviewed version goes live.

``publish_signed_revision`` runs, in this order (steps 3 to 6 inside one ``transaction.atomic()``,
the caller's if it has one):

1. Wagtail's permission check for the publishing user (unless the caller skips it);
2. the proof (``guard.SignedVersion``): given by a caller that has just recorded the sign-off,
   else checked here, rendering the reviewed content once;
3. the publication record (``publication.record_publication``) with the disclaimer version the
   page shows, and the review facts set on the page about to be saved;
4. Wagtail's own publish (``PublishPageRevisionAction``): the live row, its log entry and
   ``page_published``; the ``pre_save`` guard sees the record and does not render again;
5. the page's open re-review requests resolved and its reviewed dependencies recorded;
6. the registered store writer (``writer.store_writer``): the documents readers get;
7. for an original, its live translations that now follow an older version (read with the
   page's history in step 3, no query of their own):
   withdrawn at once under the "withdraw" translation policy, and announced after commit
   (``translation_outdated``).

A failure at any step leaves nothing live and nothing recorded. A revision scheduled for later
is only scheduled (Wagtail's action); it passes through here again when it goes live.

``record_bypassed_publish`` is the backstop for a publish that did not come through here
(Wagtail's admin API, code calling ``PublishPageRevisionAction`` directly): the guard has checked
it, and it is recorded and stored once its ``page_published`` arrives.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.models import Revision

from ..conf import WITHDRAW
from ..contract import SCHEDULED_PUBLISH, is_medically_reviewed
from ..models import ArticlePublication
from ..records import audit
from ..records.translations import OutdatedTranslation, translation_policy
from ..signals import article_published, translation_outdated
from .guard import SignedVersion, signed_version
from .publication import (
    History,
    record_dependencies,
    record_publication,
    resolve_rereview_requests,
    withdraw,
)
from .writer import store_writer

logger = logging.getLogger(__name__)


def publish_signed_revision(
    revision: Revision,
    *,
    user: Any = None,
    proof: SignedVersion | None = None,
    changed: bool = True,
    log_action: bool | str = True,
    previous_revision: Revision | None = None,
    skip_permission_checks: bool = False,
    page: Any = None,
) -> Any:
    """Make ``revision`` of a reviewed page live, all or nothing; return its publication record
    (None when the revision is only scheduled for a later go-live).

    ``proof``: the sign-off covering exactly this revision's content, when the caller has just
    recorded it (the content is then not rendered again); ``page``: ``revision.as_object()``,
    when the caller has built it already (it is then not built again). Raises
    ``guard.MedicalSignOffRequired`` when no sign-off covers it. The other arguments are
    Wagtail's ``publish`` arguments.
    """
    if proof is not None and proof.revision_id != revision.pk:
        raise ValueError(f"The proof is of revision {proof.revision_id}, not {revision.pk}.")
    options = {"user": user, "changed": changed, "log_action": log_action}
    action = _wagtails_action(revision, page, previous_revision=previous_revision, **options)
    action.check(skip_permission_checks=skip_permission_checks)
    going_live = action.object
    if _scheduled_for_later(going_live):
        with transaction.atomic():
            _wagtails_publish(action)
        return None
    # Checked before anything is written, so a refusal leaves a caller's transaction usable.
    proof = proof if proof is not None else signed_version(going_live, revision.pk)
    # No savepoint of its own: inside a caller's transaction, a failure here fails it whole.
    with transaction.atomic(savepoint=False):
        disclaimer = going_live.get_disclaimer_version()
        history = _history(going_live, proof)
        publication = record_publication(
            going_live,
            revision,
            proof,
            disclaimer=disclaimer,
            row_saved=False,
            user=user,
            actor=audit.SCHEDULED_GO_LIVE if log_action == SCHEDULED_PUBLISH else audit.SCRIPT,
            history=history,
        )
        _wagtails_publish(action)
        _after_going_live(going_live, publication, proof, disclaimer, history)
    return publication


def record_bypassed_publish(sender, instance, revision=None, alias=False, **kwargs) -> None:
    """``page_published`` receiver: record and store a reviewed publish that bypassed the service.

    The guard checked the row as it was saved; here the proof is checked again (a render) and
    the record and the store are written in one transaction, which is the row's own only when
    the caller opened one.
    """
    if alias or revision is None or not instance.live or not is_medically_reviewed(instance):
        return
    if _already_recorded(instance.pk, revision.pk):
        return  # published through the service
    with transaction.atomic():
        proof = signed_version(instance, revision.pk)
        disclaimer = instance.get_disclaimer_version()
        history = _history(instance, proof)
        # ``page_published`` names no user: this is code that published without the service
        # (the admin API's publish goes through it, ``admin.api_publish``).
        publication = record_publication(
            instance,
            revision,
            proof,
            disclaimer=disclaimer,
            row_saved=True,
            actor=audit.SCRIPT,
            history=history,
        )
        _after_going_live(instance, publication, proof, disclaimer, history)


def _wagtails_action(revision, page, **options) -> PublishPageRevisionAction:
    # Wagtail builds the page it will save (``revision.as_object()``) here, unless given it.
    if page is None:
        return PublishPageRevisionAction(revision, **options)
    return PublishBuiltPage(revision, page, **options)


class PublishBuiltPage(PublishPageRevisionAction):
    """Wagtail's publish of ``revision`` for the page a caller already built from it (a sign-off
    built and rendered it), instead of building it a second time.

    Its ``__init__`` is ``PublishRevisionAction.__init__`` (Wagtail 8.0) with the page given:
    compare them when upgrading Wagtail.
    """

    def __init__(self, revision, page, *, user, changed, log_action, previous_revision):
        from wagtail.actions.base import BaseAction
        from wagtail.permissions import policy_registry

        BaseAction.__init__(self, page, user=user)
        self.revision = revision
        self.object = page
        self.permission_policy = policy_registry.get(page)
        self.changed = changed
        self.log_action = log_action
        self.previous_revision = previous_revision


def _wagtails_publish(action: PublishPageRevisionAction) -> None:
    # Wagtail's own part: the live row, its search and reference indexes, its log entry,
    # ``page_published`` and the aliases; the guard sees the record and lets it through.
    action.execute(skip_permission_checks=True)


def _scheduled_for_later(page) -> bool:
    return bool(page.go_live_at and page.go_live_at > timezone.now())


def _history(page, proof: SignedVersion) -> History:
    """The page's publication history; for an original (its sign-off follows no original's
    version), with its live translations' newest records, in the same query."""
    original = proof.sign_off.original_publication_id is None
    return History.of(page.pk, translation_key=page.translation_key if original else None)


def _after_going_live(
    page, publication, proof: SignedVersion, disclaimer, history: History
) -> None:
    resolve_rereview_requests(page.pk, publication)
    record_dependencies(page)
    writer = store_writer()
    if writer is not None:
        writer.store(page, publication=publication, sign_off=proof.sign_off, disclaimer=disclaimer)
    outdated = history.translations_outdated_by(publication)
    outdate_translations(page, publication, outdated, policy=history.translation_policy)
    article_published.send(
        sender=type(page), page=page, publication=publication, sign_off=proof.sign_off
    )


OUTDATED_REASON = "translation out of date: its original was published again (version {})"


def outdate_translations(
    page, publication, outdated: list[OutdatedTranslation], *, policy: str | None = None
) -> list[int]:
    """The live translations of ``page`` that ``publication`` (a new version of the original)
    leaves following an older version (``outdated``): under the "withdraw" translation policy
    (``policy``, read here when not given) withdrawn now, in this transaction, through the
    store's withdrawal path; each announced after commit. Returns their page ids."""
    if not outdated:
        return []
    ids = [translation.translation_page_id for translation in outdated]
    if (policy or translation_policy()) == WITHDRAW:
        reason = OUTDATED_REASON.format(publication.version)
        writer = store_writer()
        if writer is not None:
            writer.withdraw(ids, reason=reason)  # records the withdrawal of what it stored
        # Any not in the store still get their withdrawal record (none is recorded twice).
        withdraw(ids, reason=reason)
    for translation in outdated:
        transaction.on_commit(
            lambda translation=translation: translation_outdated.send(
                sender=type(page),
                translation_page_id=translation.translation_page_id,
                original_page_id=page.pk,
                followed_version=translation.followed_version,
                original_version=publication.version,
            )
        )
    return ids


def _already_recorded(page_id: int, revision_id: int) -> bool:
    newest = (
        ArticlePublication.objects.filter(page_id=page_id)
        .order_by("-version")
        .values_list("kind", "revision_id")
        .first()
    )
    return newest == (ArticlePublication.Kind.PUBLISHED, revision_id)
