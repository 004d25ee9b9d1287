"""Who is credited with a published version: every approving reviewer, and its authors.

Readers are told who signed what they read (``ApprovalCredit``: each distinct approver of the
served revision's exact content, as recorded at signing time) and who wrote it
(``AuthorCredit``: the editors whose revisions make up the change the review covered). Both
come from the records, never from live profiles: a reviewer's later change of specialty or
name does not rewrite who signed. ``version_credits`` answers for a batch of publications in a
fixed number of queries, for the store that composes hundreds of articles at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from wagtail.models import Revision

from ..models import MedicalSignOff
from ..rules.specialties import specialty_label


@dataclass(frozen=True)
class ApprovalCredit:
    """One approving reviewer of a published version, as recorded when they signed.

    ``order`` is the approval's place among the version's approvals (1: the first to sign; the
    last one completed the review). ``conflict_declared`` says whether the reviewer declared a
    conflict of interest (None: not recorded, as for imported past reviews); the declaration's
    text stays internal.
    """

    order: int
    name: str
    credentials: str
    specialty: str  # the specialty's label, as readers read it ('Orthopaedics')
    signed_at: datetime
    conflict_declared: bool | None

    def as_data(self) -> dict[str, Any]:
        return {
            "order": self.order,
            "name": self.name,
            "credentials": self.credentials,
            "specialty": self.specialty,
            "signed_at": self.signed_at,
            "conflict_of_interest_declared": self.conflict_declared,
        }


@dataclass(frozen=True)
class AuthorCredit:
    """An editor who wrote the published version (a revision of the reviewed change)."""

    name: str

    def as_data(self) -> dict[str, Any]:
        return {"name": self.name, "type": "person"}


@dataclass(frozen=True)
class VersionCredits:
    """Everyone credited with one published version."""

    reviewers: tuple[ApprovalCredit, ...] = ()
    authors: tuple[AuthorCredit, ...] = ()


NO_CREDITS = VersionCredits()
DECLARED = {
    MedicalSignOff.ConflictOfInterest.DECLARED: True,
    MedicalSignOff.ConflictOfInterest.NONE: False,
}


def _approvals(proofs: dict[int, MedicalSignOff]) -> dict[int, tuple[ApprovalCredit, ...]]:
    """Per page: the distinct approvals of the proof's revision and fingerprint signed no later
    than the proof (the approvals that made the version publishable), oldest first."""
    revision_ids = {proof.revision_id for proof in proofs.values()}
    rows = list(MedicalSignOff.objects.approved().filter(revision_id__in=revision_ids))
    superseded = {row.supersedes_id for row in rows if row.supersedes_id}
    credits = {}
    for page_id, proof in proofs.items():
        candidates = [
            row
            for row in rows
            if row.revision_id == proof.revision_id
            and row.fingerprint == proof.fingerprint
            and row.signed_at <= proof.signed_at
            and (row.pk not in superseded or row.pk == proof.pk)
        ]
        by_signer: dict[str, MedicalSignOff] = {}
        for row in sorted(candidates, key=lambda r: (r.signed_at, r.pk)):
            by_signer[row.signer_key] = row  # a correction replaces the person's earlier record
        if proof.signer_key not in by_signer:
            by_signer[proof.signer_key] = proof
        ordered = sorted(by_signer.values(), key=lambda r: (r.signed_at, r.pk))
        credits[page_id] = tuple(
            ApprovalCredit(
                order=number,
                name=row.reviewer_name,
                credentials=row.reviewer_credentials,
                specialty=specialty_label(row.reviewer_specialty),
                signed_at=row.signed_at,
                conflict_declared=DECLARED.get(row.conflict_of_interest),
            )
            for number, row in enumerate(ordered, start=1)
        )
    return credits


def _display_name(user) -> str:
    return user.get_full_name().strip() or user.get_username()


def _authors(proofs: dict[int, MedicalSignOff]) -> dict[int, tuple[AuthorCredit, ...]]:
    """Per page: the editors of the revisions after the previous approved revision, up to the
    signed one (as ``rules.eligibility.authors_of_change`` counts them), in order of writing."""
    page_ids = list(proofs)
    approved = MedicalSignOff.objects.approved().filter(page_id__in=page_ids)
    approved_revisions: dict[int, set[int]] = {}
    for page_id, revision_id in approved.values_list("page_id", "revision_id"):
        approved_revisions.setdefault(page_id, set()).add(revision_id)
    revisions = (
        Revision.objects.page_revisions()
        .filter(object_id__in=[str(pk) for pk in page_ids])
        # Later drafts are not part of any served version.
        .filter(pk__lte=max(proof.revision_id for proof in proofs.values()))
        .exclude(user=None)
        .order_by("pk")
        .values_list("object_id", "pk", "user_id")
    )
    # The change a version's review covered starts after the page's previous approved revision.
    baselines = {
        pk: max((r for r in approved_revisions.get(pk, ()) if r < proof.revision_id), default=0)
        for pk, proof in proofs.items()
    }
    wanted: dict[int, list[int]] = {}
    for object_id, revision_id, user_id in revisions:
        page_id = int(object_id)
        proof = proofs.get(page_id)
        if proof is None or not baselines[page_id] < revision_id <= proof.revision_id:
            continue
        if user_id not in wanted.setdefault(page_id, []):
            wanted[page_id].append(user_id)
    users = get_user_model().objects.in_bulk({u for ids in wanted.values() for u in ids})
    return {
        page_id: tuple(AuthorCredit(_display_name(users[u])) for u in ids if u in users)
        for page_id, ids in wanted.items()
    }


def version_credits(sign_offs: dict[int, Any]) -> dict[int, VersionCredits]:
    """The credits of each page's published version, given the approving sign-off each is
    served under (``{page_id: sign_off}``). Four queries, whatever the number of pages."""
    proofs = {pk: proof for pk, proof in sign_offs.items() if proof is not None}
    if not proofs:
        return {}
    approvals = _approvals(proofs)
    authors = _authors(proofs)
    return {
        pk: VersionCredits(reviewers=approvals.get(pk, ()), authors=authors.get(pk, ()))
        for pk in proofs
    }
