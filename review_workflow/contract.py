"""The review contract: what a page type adopts to be medically reviewed.

This is the one seam between the review workflow and the content apps. A page type becomes
medically reviewed by inheriting ``MedicallyReviewedPage`` (before ``Page``) and implementing
``get_reviewed_content()``; the publish guard, the sign-off, the publication records and the
published-article store then work for it without knowing anything else about it. A page type
that holds reviewed pages (a health center) may adopt ``ReviewPolicyMixin``: how many distinct
reviewers, of which specialties, approve what is published below it.

Other apps import this module and nothing else of ``review_workflow`` (an import-linter contract
in pyproject.toml holds them to it): besides the mixins it re-exports the facts they read, one
definition each (the review and draft statuses, the review clock ``today()``, the review-fact
fields, the fingerprint), the plugin's settings convention (``AppSettings``), and what the API's
store needs of the publish path: the writer registration, the publication records it writes
from, the signals it hears, the refusal it answers.
"""

from __future__ import annotations

import logging
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models

from .conf import FLAG, NOINDEX, TRANSLATION_POLICIES, WITHDRAW, AppSettings, review_settings
from .publishing.writer import StoreWriter, register_store_writer
from .rules.fingerprint import digest
from .rules.policy import ReviewPolicyMixin, SpecialtiesField
from .rules.readability import plain_text
from .rules.review_status import (
    CURRENT,
    DRAFT_STATUSES,
    DUE_SOON,
    NOT_SUBMITTED,
    OVERDUE,
    PUBLISHED,
    REVIEW_STATUSES,
    began_on,
    due_soon_days,
    due_window,
    overdue_beyond_grace,
    review_status,
    today,
    withdrawn_before,
)
from .signals import (
    article_published,
    audit_checkpoint,
    rereview_needed,
    sign_off_corrected,
    translation_outdated,
)
from .stored_documents import StoredDocument, register_stored_documents

# Public names of modules that import this one, or the models: they are loaded on first use
# (``from review_workflow.contract import reissue`` works as usual), not with the contract,
# which content models import while Django is still loading the apps.
_LOADED_ON_FIRST_USE = {
    "ReadabilityPanel": "review_workflow.admin.readability",
    "ArticlePublication": "review_workflow.models",
    "MedicalSignOffRequired": "review_workflow.publishing.guard",
    "log_refusal": "review_workflow.publishing.guard",
    # What an import of historic reviews calls (health_content's import_articles).
    "ReviewRefused": "review_workflow.publishing.decisions",
    "import_signed_off": "review_workflow.publishing.decisions",
    "import_signed_off_batch": "review_workflow.publishing.decisions",
    "ImportedReview": "review_workflow.publishing.decisions",
    "BatchRefused": "review_workflow.publishing.service",
    "reissue": "review_workflow.publishing.publication",
    "signed_publications": "review_workflow.publishing.publication",
    "withdraw": "review_workflow.publishing.publication",
    "draft_review_status": "review_workflow.records.review_facts",
    "published_versions": "review_workflow.records.review_facts",
    "request_rereview": "review_workflow.records.rereview",
    "version_credits": "review_workflow.records.credits",
    "VersionCredits": "review_workflow.records.credits",
    # Translations: the original a page translates, the original's version it follows.
    "CURRENT_TRANSLATION": "review_workflow.records.translations",
    "OUTDATED_TRANSLATION": "review_workflow.records.translations",
    "TRANSLATION_STATUSES": "review_workflow.records.translations",
    "TranslationFollows": "review_workflow.records.translations",
    "translation_follows": "review_workflow.records.translations",
    "translations_follow": "review_workflow.records.translations",
    "translation_original": "review_workflow.records.translations",
    "translation_policy": "review_workflow.records.translations",
    "default_language_code": "review_workflow.models.records",
}


def __getattr__(name: str) -> Any:
    if name in _LOADED_ON_FIRST_USE:
        return getattr(import_module(_LOADED_ON_FIRST_USE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


REVIEW_FACT_FIELDS = ("last_reviewed", "next_review_due", "last_updated")
# The log action Wagtail's ``publish_scheduled`` command publishes with.
SCHEDULED_PUBLISH = "wagtail.publish.scheduled"
# The log action of a publish the guard refused (page history, the audit chain's mirror).
REFUSED_ACTION = "review_workflow.publish_refused"
logger = logging.getLogger(__name__)


class MedicallyReviewedPage(models.Model):
    """Abstract mixin for page types whose reader-visible content needs a medical sign-off.

    It brings the review facts (written only by the publication of a signed revision, never by
    editors) and the hooks the review workflow calls:

    - ``get_reviewed_content()``: the reader-visible content a reviewer signs off, as plain,
      JSON-ready data. Its SHA-256 (``fingerprint.digest``) is what a sign-off binds to.
    - ``get_reviewed_dependencies()``: objects outside the page whose content is part of it
      (an image, a content source); changing one marks the article "re-review needed".
    - ``get_disclaimer_version()``: the legal notice readers get with the article.
    - ``get_review_interval_months()``: how long a sign-off stays current.
    - ``missing_required_parts()``: the parts the site requires that the content lacks (a
      red-flags callout, a cited reference...), named for editors; submitting for review and
      signing off are refused while any is missing.
    - ``get_reader_text()``: the prose readers read, for the reading grade (``ReadabilityPanel``
      in the editor, the sign-off form and the sign-off record).
    """

    requires_medical_review = True
    # Models whose instances can be reviewed dependencies, with the fields whose change alters
    # reviewed content: {"app_label.Model": ("field", ...)}. Saving other fields needs no review.
    reviewed_dependency_fields: dict[str, tuple[str, ...]] = {}

    last_reviewed = models.DateField(null=True, blank=True, editable=False, db_index=True)
    next_review_due = models.DateField(null=True, blank=True, editable=False, db_index=True)
    last_updated = models.DateField(null=True, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def get_reviewed_content(self) -> dict[str, Any]:
        raise NotImplementedError(f"{type(self).__name__} must say what a reviewer signs off.")

    def get_reviewed_dependencies(self) -> list[models.Model]:
        return []

    def missing_required_parts(self) -> list[str]:
        return []

    def get_reader_text(self, content: dict[str, Any] | None = None) -> str:
        """The reader-facing prose of the reviewed content (``content`` when already
        rendered), as plain sentences: what the reading grade measures. Empty: no figure."""
        return ""

    def get_disclaimer_version(self) -> models.Model | None:
        """The disclaimer version (a saved row with a ``pk``) shown with this content."""
        return None

    def get_review_interval_months(self) -> int:
        """Months a sign-off stays current: the parent page's ``review_interval_months``, else
        the site default (``REVIEW_WORKFLOW["DEFAULT_INTERVAL_MONTHS"]``)."""
        interval = getattr(self.review_parent, "review_interval_months", None)
        return interval or review_settings.DEFAULT_INTERVAL_MONTHS

    @property
    def review_parent(self) -> Any:
        """The page above this one (specific), looked up once per instance and place: the
        review policy, the review interval and the page's own validation all ask for it during
        one publish. Looked up again once the page has moved."""
        remembered = self.__dict__.get("_review_parent")
        if remembered is None or remembered[0] != self.path:
            parent = self.get_parent() if self.path else None
            remembered = (self.path, parent.specific if parent is not None else None)
            self.__dict__["_review_parent"] = remembered
        return remembered[1]

    def publish(
        self,
        revision,
        user=None,
        changed=True,
        log_action=True,
        previous_revision=None,
        skip_permission_checks=False,
    ):
        """Wagtail's publish, through the publish service (``publishing.publish_signed_revision``):
        the proof, the publication record, the live row and the stored documents in one
        transaction. Every Wagtail path that publishes a revision of a page ends here (bulk
        publish, scheduled go-live, the workflow's finish, ``revision.publish()``).

        A refusal is logged once the transaction has unwound (it would take the entry with it,
        see ``guard.log_refusal``). Scheduled go-live (``publish_scheduled``) publishes many
        revisions in a loop: there a refused one is logged and unscheduled, not raised, so the
        others still go live.
        """
        from .publishing.guard import MedicalSignOffRequired, log_refusal
        from .publishing.service import publish_signed_revision

        try:
            return publish_signed_revision(
                revision,
                user=user,
                changed=changed,
                log_action=log_action,
                previous_revision=previous_revision,
                skip_permission_checks=skip_permission_checks,
            )
        except MedicalSignOffRequired as refusal:
            log_refusal(refusal, user=user)
            if log_action != SCHEDULED_PUBLISH:
                raise
            type(revision)._default_manager.filter(pk=revision.pk).update(approved_go_live_at=None)
            logger.warning("Not published: %s", refusal.args[0])
            return None

    def save_revision(self, *args, overwrite_revision=None, **kwargs):
        """Wagtail's ``save_revision``; but a signed or live revision is never overwritten.

        Wagtail 8's autosave posts ``overwrite_revision_id`` to update the user's latest
        revision in place. A revision a reviewer decided on (a sign-off or a change request
        names it) or the live one is history: the edit is saved as a new revision instead, and
        the autosave answers with that revision's id.
        """
        if overwrite_revision is not None and _is_kept_revision(self, overwrite_revision):
            overwrite_revision = None
        return super().save_revision(*args, overwrite_revision=overwrite_revision, **kwargs)

    def with_content_json(self, content):
        # Review facts belong to the page, not to a revision: a draft made before a review must
        # not carry stale dates back into the live page when it is published.
        obj = super().with_content_json(content)
        for field in REVIEW_FACT_FIELDS:
            setattr(obj, field, getattr(self, field))
        return obj


def _is_kept_revision(page, revision) -> bool:
    """Whether ``revision`` of ``page`` must stay as it is: live, or named by a sign-off."""
    from .models import MedicalSignOff

    if revision.pk == page.live_revision_id:
        return True
    return MedicalSignOff.objects.filter(revision_id=revision.pk).exists()


def is_medically_reviewed(page_or_class) -> bool:
    """Whether a page (instance or class, specific or not) is under medical review."""
    if isinstance(page_or_class, type):
        return issubclass(page_or_class, MedicallyReviewedPage)
    if isinstance(page_or_class, MedicallyReviewedPage):
        return True
    specific_class = getattr(page_or_class, "specific_class", None)
    return specific_class is not None and issubclass(specific_class, MedicallyReviewedPage)


def reviewed_page_models() -> list[type[MedicallyReviewedPage]]:
    """Every concrete page model that adopts the contract."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, MedicallyReviewedPage) and not model._meta.abstract
    ]


def reviewed_pages():
    """Pages of every type under medical review, as plain ``Page`` rows (one query to use)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    types = ContentType.objects.get_for_models(*reviewed_page_models()).values()
    return Page.objects.filter(content_type__in=[t.pk for t in types])


def dependency_fields() -> dict[type[models.Model], set[str]]:
    """Models whose saved fields can change reviewed content, across all reviewed page types."""
    watched: dict[type[models.Model], set[str]] = {}
    for page_model in reviewed_page_models():
        for label, fields in page_model.reviewed_dependency_fields.items():
            model = _model(label)
            watched.setdefault(model, set()).update(fields)
    return watched


def _model(label: str) -> type[models.Model]:
    if label == "wagtailimages.Image":
        from wagtail.images import get_image_model

        return get_image_model()
    return apps.get_model(label)


__all__ = [
    *_LOADED_ON_FIRST_USE,
    "AppSettings",
    "CURRENT",
    "DRAFT_STATUSES",
    "DUE_SOON",
    "FLAG",
    "MedicallyReviewedPage",
    "NOINDEX",
    "NOT_SUBMITTED",
    "OVERDUE",
    "PUBLISHED",
    "REFUSED_ACTION",
    "REVIEW_FACT_FIELDS",
    "REVIEW_STATUSES",
    "ReviewPolicyMixin",
    "plain_text",
    "SpecialtiesField",
    "StoreWriter",
    "StoredDocument",
    "TRANSLATION_POLICIES",
    "WITHDRAW",
    "article_published",
    "audit_checkpoint",
    "began_on",
    "dependency_fields",
    "digest",
    "due_soon_days",
    "due_window",
    "is_medically_reviewed",
    "overdue_beyond_grace",
    "register_store_writer",
    "register_stored_documents",
    "rereview_needed",
    "review_settings",
    "reviewed_page_models",
    "review_status",
    "reviewed_pages",
    "sign_off_corrected",
    "today",
    "translation_outdated",
    "withdrawn_before",
]
