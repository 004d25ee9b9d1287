"""What a reviewer attests when signing off, and the form that asks for it.

The statements are kept word for word in each sign-off, so a later change of wording never
changes what an earlier reviewer signed. The form is the "Approve" action's task form (the
modal in the editor); ``Attestation.from_data`` checks the same rules again on the server,
whichever way the data arrived.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from wagtail.forms import TaskStateCommentForm

# (form field, statement): the reviewer ticks each one.
STATEMENTS: tuple[tuple[str, str], ...] = (
    (
        "reviewed_whole_content",
        "I reviewed the whole article, exactly as previewed, including its references.",
    ),
    (
        "evidence_current",
        "To the best of my knowledge the evidence it cites is current and supports what it says.",
    ),
)
NO_CONFLICT = "none"
DECLARED_CONFLICT = "declared"
CONFLICT_CHOICES = (
    (NO_CONFLICT, "I have no conflict of interest with this content"),
    (DECLARED_CONFLICT, "I declare a conflict of interest (described below)"),
)


class AttestationIncomplete(ValueError):
    """Raised when a sign-off arrives without every statement affirmed or interests declared."""


@dataclass(frozen=True)
class Attestation:
    """The statements a reviewer affirmed and the interests they declared."""

    statements: tuple[str, ...]
    conflict_of_interest: str
    conflict_details: str = ""

    @classmethod
    def affirmed(cls, *, conflict_details: str = "") -> Attestation:
        """Every statement affirmed; a conflict is declared when ``conflict_details`` is given."""
        conflict = DECLARED_CONFLICT if conflict_details.strip() else NO_CONFLICT
        return cls(tuple(text for _, text in STATEMENTS), conflict, conflict_details.strip())

    @classmethod
    def from_data(cls, data: Mapping) -> Attestation:
        """Build from submitted values (the form's cleaned data), refusing anything incomplete."""
        missing = [text for name, text in STATEMENTS if data.get(name) is not True]
        if missing:
            raise AttestationIncomplete("Tick every statement to sign off: " + " ".join(missing))
        conflict = data.get("conflict_of_interest")
        details = str(data.get("conflict_details") or "").strip()
        if conflict not in (NO_CONFLICT, DECLARED_CONFLICT):
            raise AttestationIncomplete("Say whether you have a conflict of interest.")
        if conflict == DECLARED_CONFLICT and not details:
            raise AttestationIncomplete("Describe the conflict of interest you declare.")
        declared = conflict == DECLARED_CONFLICT
        return cls(tuple(text for _, text in STATEMENTS), conflict, details if declared else "")


class SignOffForm(TaskStateCommentForm):
    """The "Approve (medical sign-off)" form: statements, conflicts of interest, a comment."""

    reviewed_whole_content = forms.BooleanField(label=STATEMENTS[0][1], required=True)
    evidence_current = forms.BooleanField(label=STATEMENTS[1][1], required=True)
    conflict_of_interest = forms.ChoiceField(
        label="Conflicts of interest",
        choices=CONFLICT_CHOICES,
        widget=forms.RadioSelect,
        required=True,
    )
    conflict_details = forms.CharField(
        label="Conflict of interest declared",
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text="Required if you declare a conflict: who or what, and how it relates.",
    )
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        widget=forms.Textarea({"rows": 2}),
        help_text="Shown in the article's history and the sign-off record.",
    )
    field_order = [
        "reviewed_whole_content",
        "evidence_current",
        "conflict_of_interest",
        "conflict_details",
        "comment",
    ]

    def clean(self):
        cleaned = super().clean()
        declared = cleaned.get("conflict_of_interest") == DECLARED_CONFLICT
        if declared and not (cleaned.get("conflict_details") or "").strip():
            raise ValidationError({"conflict_details": "Describe the conflict you declare."})
        if not declared:
            cleaned["conflict_details"] = ""
        return cleaned
