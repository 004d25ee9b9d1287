"""Append-only history: medical sign-offs and the publications they allowed.

Both records outlive what they point at. Page, revision, task-state and user links are kept as
ids without database constraints (``DO_NOTHING``), so deleting a page, purging revisions or
deleting a reviewer's user never removes or rewrites who signed what, with which credentials,
when; the signed content itself is kept as a snapshot.

Append-only is enforced twice: here for the ORM (a clear error), and by database triggers
(``record_triggers``, installed by a migration) for everything else: raw SQL, another client,
``_base_manager``. The one supported correction is a new record: a sign-off that supersedes an
earlier one (``MedicalSignOff.supersedes``), or a new publication of the page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SignOffRecordError(Exception):
    """Raised on any attempt to change or delete an append-only review record."""


class AppendOnlyQuerySet(models.QuerySet):
    """A queryset that can add and read rows, never change or remove them."""

    def update(self, **kwargs):
        raise SignOffRecordError(f"{self.model.__name__} records are append-only.")

    def delete(self):
        raise SignOffRecordError(f"{self.model.__name__} records are append-only.")

    update.queryset_only = True
    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    """Base for records that are written once."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise SignOffRecordError(f"{type(self).__name__} records are append-only.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise SignOffRecordError(f"{type(self).__name__} records are append-only.")


class SignOffQuerySet(AppendOnlyQuerySet):
    """Queries over sign-offs."""

    def approved(self) -> SignOffQuerySet:
        return self.filter(decision=MedicalSignOff.Decision.APPROVED)


def _untracked_link(to: str, **kwargs) -> models.ForeignKey:
    # A link that never cascades and has no database constraint: the record outlives its target.
    return models.ForeignKey(
        to, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", **kwargs
    )


def default_language_code() -> str:
    """The site's default content language (the default locale's code): the language of
    originals, and of every record made before locales were on."""
    from wagtail.coreutils import get_content_languages, get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)
    except LookupError:
        return next(iter(get_content_languages()))


class TranslatedVersionFields(models.Model):
    """What a record says about the language of what it covers: the page's locale and, for a
    translation, the version of its original (a publication and that version's fingerprint)
    the translation was made from, or follows."""

    locale = models.CharField(
        max_length=10,
        default=default_language_code,
        help_text="Language code of the page's locale, e.g. 'en' or 'es'.",
    )
    original_publication = _untracked_link(
        "review_workflow.ArticlePublication",
        null=True,
        blank=True,
        help_text="For a translation: the original's published version it was made from "
        "(empty for an original).",
    )
    original_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text="For a translation: the fingerprint of the original's version it follows.",
    )

    class Meta:
        abstract = True

    @property
    def is_translation(self) -> bool:
        return self.original_publication_id is not None


class MedicalSignOff(TranslatedVersionFields, AppendOnlyModel):
    """One medical reviewer's decision on one revision, bound to a fingerprint of its content.

    An approval allows exactly that content to go live: the fingerprint (SHA-256 of the page's
    reviewed content) must equal the fingerprint of whatever is about to be published.
    """

    # Wagtail indexes references of every snippet as it is saved; a sign-off's only links
    # (page, revision, reviewer) are columns of their own, queried directly.
    wagtail_reference_index_ignore = True

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    class ConflictOfInterest(models.TextChoices):
        NONE = "none", "None"
        DECLARED = "declared", "Declared"
        # Sign-offs recorded outside the review workflow (imports of past reviews) carry none.
        NOT_RECORDED = "", "Not recorded"

    page = _untracked_link("wagtailcore.Page")
    page_title = models.CharField(max_length=255)
    revision = _untracked_link("wagtailcore.Revision")
    task_state = _untracked_link("wagtailcore.TaskState", null=True, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    reviewed_content = models.JSONField(help_text="The content the reviewer saw, as rendered.")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    comment = models.TextField(blank=True)
    signed_at = models.DateTimeField(default=timezone.now, db_index=True)
    imported = models.BooleanField(
        default=False,
        help_text="A past review brought in from elsewhere, dated when it was made.",
    )
    reviewer = _untracked_link(settings.AUTH_USER_MODEL, null=True, blank=True)
    reviewer_name = models.CharField(max_length=255)
    reviewer_credentials = models.CharField(max_length=255)
    # The rest of the reviewer's profile as it was at signing time.
    reviewer_specialty = models.CharField(max_length=50, blank=True)
    reviewer_registration_body = models.CharField(max_length=255, blank=True)
    reviewer_registration_number = models.CharField(max_length=100, blank=True)
    reviewer_licence_expires = models.DateField(null=True, blank=True)
    # The attestation: the statements signed, word for word, and the declared interests.
    statements = models.JSONField(default=list, blank=True)
    reading_grade = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Reading grade (Flesch-Kincaid) of the reviewed content's reader-facing text.",
    )
    conflict_of_interest = models.CharField(
        max_length=10, choices=ConflictOfInterest.choices, blank=True
    )
    conflict_of_interest_details = models.TextField(blank=True)
    compared_with = models.ForeignKey(
        "ArticlePublication",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The live, signed version this content was shown against when it was "
        "decided (empty: nothing was live, the whole content was shown).",
    )
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The earlier record this one corrects (the earlier one is kept).",
    )

    objects = SignOffQuerySet.as_manager()

    class Meta:
        verbose_name = "medical sign-off"
        ordering = ["-signed_at", "-pk"]
        indexes = [models.Index(fields=["revision", "decision"])]
        constraints = [
            # Backstop for the row lock: a person decides the content under review once. A
            # policy may ask several distinct people to approve within one task state, and when
            # the reviewed content changes mid-review (a new fingerprint: an edited source, a
            # replaced image) each of them decides the new content again.
            models.UniqueConstraint(
                fields=["task_state", "reviewer", "fingerprint"],
                condition=models.Q(task_state__isnull=False),
                name="one_decision_per_reviewer_per_content",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_decision_display()}: {self.page_title} (revision {self.revision_id}) "
            f"by {self.reviewer_name}, {self.reviewer_credentials}"
        )

    @property
    def is_approval(self) -> bool:
        return self.decision == self.Decision.APPROVED

    @property
    def reviewer_specialty_name(self) -> str:
        from ..rules.specialties import specialty_label

        return specialty_label(self.reviewer_specialty)

    @property
    def statements_text(self) -> str:
        return " | ".join(self.statements or [])

    @property
    def signer_key(self) -> str:
        """Who signed, for counting distinct people: the user, or the registration if deleted."""
        if self.reviewer_id is not None:
            return f"user:{self.reviewer_id}"
        if self.reviewer_registration_number:
            body, number = self.reviewer_registration_body, self.reviewer_registration_number
            return f"registration:{body}:{number}"
        return f"sign-off:{self.pk}"


class ArticlePublication(TranslatedVersionFields, AppendOnlyModel):
    """One change of what readers get for a page, in order: "what did a reader see on date X"
    is the newest record of the page at X.

    ``published``: a signed revision went live. ``reissued``: the same signed content with a new
    disclaimer version (legal text outside medical review). ``withdrawn``: readers get nothing
    (unpublished, expired, deleted, made private); revision and sign-off are then empty.
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published"
        REISSUED = "reissued", "Reissued with a new disclaimer"
        WITHDRAWN = "withdrawn", "Withdrawn"

    page = _untracked_link("wagtailcore.Page")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PUBLISHED)
    revision = _untracked_link("wagtailcore.Revision", null=True, blank=True)
    sign_off = models.ForeignKey(
        MedicalSignOff, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fingerprint = models.CharField(max_length=64, blank=True)
    disclaimer_version_id = models.BigIntegerField(
        null=True, blank=True, help_text="The disclaimer version readers got with it."
    )
    reason = models.CharField(max_length=255, blank=True)
    version = models.PositiveIntegerField()
    published_at = models.DateTimeField(default=timezone.now)
    last_updated = models.DateField(null=True, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "article publication"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["page", "version"], name="one_publication_per_version")
        ]

    def __str__(self) -> str:
        return (
            f"Page {self.page_id} version {self.version}: {self.kind} (revision {self.revision_id})"
        )

    @property
    def is_withdrawal(self) -> bool:
        return self.kind == self.Kind.WITHDRAWN
