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


# What credits read of a sign-off (never its snapshot: a page may have many large ones).
CREDIT_FIELDS = ("id", "page_id", "revision_id", "fingerprint", "decision", "signed_at",
                 "reviewer_id", "reviewer_name", "reviewer_credentials", "reviewer_specialty",
                 "reviewer_registration_body", "reviewer_registration_number",
                 "conflict_of_interest", "supersedes_id")  # fmt: skip


def _approvals(proofs: dict[int, MedicalSignOff], rows: list) -> dict[int, tuple]:
    """Per page: the distinct approvals of the proof's revision and fingerprint signed no later
    than the proof (the approvals that made the version publishable), oldest first."""
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
        by_signer.setdefault(proof.signer_key, proof)
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


def _authors(proofs: dict[int, MedicalSignOff], rows: list) -> dict[int, tuple]:
    """Per page: the editors of the revisions after the previous approved revision, up to the
    signed one (as ``rules.eligibility.authors_of_change`` counts them), in order of writing."""
    # The change a version's review covered starts after the page's previous approved revision.
    baselines = {
        pk: max(
            (r.revision_id for r in rows if r.page_id == pk and r.revision_id < proof.revision_id),
            default=0,
        )
        for pk, proof in proofs.items()
    }
    revisions = (
        Revision.objects.page_revisions()
        .filter(object_id__in=[str(pk) for pk in proofs])
        # Later drafts are not part of any served version.
        .filter(pk__lte=max(proof.revision_id for proof in proofs.values()))
        .exclude(user=None)
        .select_related("user")
        .only("pk", "object_id", "user")
        .order_by("pk")
    )
    wanted: dict[int, dict[int, AuthorCredit]] = {}
    for revision in revisions:
        page_id = int(revision.object_id)
        proof = proofs.get(page_id)
        if proof is None or not baselines[page_id] < revision.pk <= proof.revision_id:
            continue
        names = wanted.setdefault(page_id, {})
        names.setdefault(revision.user_id, AuthorCredit(_display_name(revision.user)))
    return {page_id: tuple(names.values()) for page_id, names in wanted.items()}


def version_credits(sign_offs: dict[int, Any]) -> dict[int, VersionCredits]:
    """The credits of each page's published version, given the approving sign-off each is
    served under (``{page_id: sign_off}``). Two queries, whatever the number of pages."""
    proofs = {pk: proof for pk, proof in sign_offs.items() if proof is not None}
    if not proofs:
        return {}
    rows = list(
        MedicalSignOff.objects.approved().filter(page_id__in=list(proofs)).only(*CREDIT_FIELDS)
    )
    approvals = _approvals(proofs, rows)
    authors = _authors(proofs, rows)
    return {
        pk: VersionCredits(reviewers=approvals.get(pk, ()), authors=authors.get(pk, ()))
        for pk in proofs
    }
