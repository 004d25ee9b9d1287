"""Review policy: how many distinct people must approve, and which specialties among them.

A page that holds reviewable pages (a health center) states the policy for its children by
adopting ``ReviewPolicyMixin``; ``policy_for(page)`` reads it from the reviewable page's parent
and falls back to one approval by any specialty. Every approval binds the same revision and
fingerprint; a person counts once however many tasks they decide. The publish guard asks
``approvals_complete`` before anything goes live, so the rule holds on every publish path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import capfirst
from wagtail.admin.panels import FieldPanel

from .specialties import SPECIALTIES, specialty_label, specialty_list

MAX_APPROVALS = 3


@dataclass(frozen=True)
class ReviewPolicy:
    """What a revision needs before it may go live: N distinct approvers covering specialties."""

    required_approvals: int = 1
    required_specialties: tuple[str, ...] = ()

    @property
    def needs_one_approval(self) -> bool:
        """Whether any one valid approval is enough (the default policy)."""
        return self.required_approvals <= 1 and not self.required_specialties


DEFAULT_POLICY = ReviewPolicy()


@dataclass(frozen=True)
class ApprovalProgress:
    """The distinct approvals a revision has for one fingerprint, measured against a policy."""

    policy: ReviewPolicy
    approvals: tuple = field(default=())

    @property
    def covered_specialties(self) -> set[str]:
        return {approval.reviewer_specialty for approval in self.approvals}

    @property
    def missing_specialties(self) -> tuple[str, ...]:
        return tuple(
            s for s in self.policy.required_specialties if s not in self.covered_specialties
        )

    @property
    def remaining(self) -> int:
        """How many more distinct approvals are needed (at least one per missing specialty)."""
        by_count = self.policy.required_approvals - len(self.approvals)
        return max(by_count, len(self.missing_specialties), 0)

    @property
    def complete(self) -> bool:
        return self.remaining == 0

    def specialty_refusal(self, specialty: str) -> str | None:
        """Why one more approval by someone of ``specialty`` cannot lead to a complete review."""
        still_missing = [s for s in self.missing_specialties if s != specialty]
        slots_after = max(self.policy.required_approvals - len(self.approvals) - 1, 0)
        if len(still_missing) <= slots_after:
            return None
        return (
            f"this health center needs an approval from a specialist in "
            f"{specialty_list(still_missing)}, and your profile's specialty is "
            f"{specialty_label(specialty) or 'not set'}."
        )


def policy_for(page) -> ReviewPolicy:
    """The review policy that applies to ``page``: its parent's, or one approval by anyone."""
    if hasattr(page, "review_parent"):  # a reviewed page looks its parent up once
        parent = page.review_parent
    else:
        found = page.get_parent() if getattr(page, "path", None) else None
        parent = found.specific if found is not None else None
    provider = getattr(parent, "review_policy", None)
    return provider() if callable(provider) else DEFAULT_POLICY


def policy_for_revision(revision_id: int) -> ReviewPolicy:
    """The policy for the page a revision belongs to (as the page is placed now)."""
    from wagtail.models import Page, Revision

    object_id = Revision.objects.filter(pk=revision_id).values_list("object_id", flat=True).first()
    page = Page.objects.filter(pk=object_id).first() if object_id else None
    return policy_for(page) if page is not None else DEFAULT_POLICY


def distinct_approvals(revision_id: int, fingerprint: str) -> list:
    """Approved sign-offs of this revision for exactly this content, one per person, newest
    first."""
    from ..models import MedicalSignOff

    approvals, seen = [], set()
    rows = MedicalSignOff.objects.approved().filter(
        revision_id=revision_id, fingerprint=fingerprint
    )
    # With their content: the newest is the proof a publish stores readers' documents from.
    for approval in rows.order_by("-signed_at", "-pk"):
        if approval.signer_key not in seen:
            seen.add(approval.signer_key)
            approvals.append(approval)
    return approvals


def approval_progress(revision_id: int, fingerprint: str, policy: ReviewPolicy) -> ApprovalProgress:
    """How far this revision's approvals for ``fingerprint`` go towards ``policy``."""
    return ApprovalProgress(
        policy=policy, approvals=tuple(distinct_approvals(revision_id, fingerprint))
    )


def approvals_complete(
    revision_id: int | None, fingerprint: str, policy: ReviewPolicy
) -> list | None:
    """The distinct approved sign-offs (newest first) that together satisfy ``policy`` for this
    revision and fingerprint, or None while they do not."""
    if revision_id is None:
        return None
    progress = approval_progress(revision_id, fingerprint, policy)
    return list(progress.approvals) if progress.complete else None


def shortfall(revision_id: int, fingerprint: str, policy: ReviewPolicy) -> str | None:
    """Words for what a revision with some approvals still lacks, or None if it has none."""
    progress = approval_progress(revision_id, fingerprint, policy)
    if not progress.approvals or progress.complete:
        return None
    text = f"it has {len(progress.approvals)} of {policy.required_approvals} required approvals"
    if progress.missing_specialties:
        text += f" and needs one from {specialty_list(progress.missing_specialties)}"
    return text


class SpecialtiesField(models.JSONField):
    """A list of specialty keys, edited as checkboxes from the specialty vocabulary."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # Migrations of the apps adopting the contract import it from the contract, the one
        # module of this app they may import.
        name, _, args, kwargs = super().deconstruct()
        return name, "review_workflow.contract.SpecialtiesField", args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=SPECIALTIES,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class ReviewPolicyMixin(models.Model):
    """Adopted by pages that hold reviewable pages (health centers): their review policy.

    The reviewable pages' parent provides ``review_policy()``; ``policy_for`` reads it.
    """

    required_approvals = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_APPROVALS)],
        help_text="How many different medical reviewers must approve an article here before it "
        "goes live (1 to 3).",
    )
    required_specialties = SpecialtiesField(
        blank=True,
        help_text="Specialties that must be among the approvers, e.g. Cardiology for heart "
        "articles. Each needs its own approval slot.",
    )

    review_policy_panels = [FieldPanel("required_approvals"), FieldPanel("required_specialties")]

    class Meta:
        abstract = True

    def review_policy(self) -> ReviewPolicy:
        return ReviewPolicy(
            required_approvals=self.required_approvals or 1,
            required_specialties=tuple(self.required_specialties or ()),
        )

    def clean(self) -> None:
        super().clean()
        specialties = self.required_specialties or []
        unknown = [s for s in specialties if s not in dict(SPECIALTIES)]
        if unknown:
            raise ValidationError({"required_specialties": f"Unknown specialties: {unknown}."})
        if len(specialties) > (self.required_approvals or 1):
            raise ValidationError(
                {
                    "required_approvals": (
                        f"{len(specialties)} specialties are required, so at least "
                        f"{len(specialties)} approvals are needed (one per specialty)."
                    )
                }
            )
