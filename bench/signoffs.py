"""Approved medical sign-offs and publication records for seeded articles, in bulk.

The rows are what ``review_workflow`` writes when a credentialed reviewer approves a revision
and it is published: an approved ``MedicalSignOff`` bound to the revision and to the
fingerprint of its reviewed content, and version 1 of ``ArticlePublication``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from demo.loader import ensure_reviewer_profile
from review_workflow.models import ArticlePublication, MedicalSignOff

if TYPE_CHECKING:
    from .seeding import SeededArticle


class SignOffRecorder:
    """Records each seeded article's approved sign-off and its first publication."""

    def __init__(self, *, reviewer):
        self.reviewer = reviewer
        self.profile = ensure_reviewer_profile(reviewer)

    def record(self, seeded: list[SeededArticle], *, disclaimer_version) -> dict:
        """Bulk-create one approved sign-off and one publication (version 1) per article;
        returns the publications by page id."""
        sign_offs = MedicalSignOff.objects.bulk_create([self._sign_off(entry) for entry in seeded])
        publications = ArticlePublication.objects.bulk_create(
            [
                ArticlePublication(
                    page_id=entry.article.pk,
                    kind=ArticlePublication.Kind.PUBLISHED,
                    revision_id=entry.revision.pk,
                    sign_off=sign_off,
                    fingerprint=sign_off.fingerprint,
                    disclaimer_version_id=disclaimer_version.pk,
                    version=1,
                    published_at=entry.article.last_published_at,
                    last_updated=entry.article.last_updated,
                    last_reviewed=entry.article.last_reviewed,
                    next_review_due=entry.article.next_review_due,
                )
                for entry, sign_off in zip(seeded, sign_offs, strict=True)
            ]
        )
        return {publication.page_id: publication for publication in publications}

    def _sign_off(self, entry: SeededArticle) -> MedicalSignOff:
        return MedicalSignOff(
            page_id=entry.article.pk,
            page_title=entry.article.title,
            revision_id=entry.revision.pk,
            fingerprint=entry.fingerprint,
            reviewed_content=entry.reviewed_content,
            decision=MedicalSignOff.Decision.APPROVED,
            signed_at=entry.signed_at,
            reviewer=self.reviewer,
            reviewer_name=self.profile.display_name,
            reviewer_credentials=self.profile.credentials,
        )
