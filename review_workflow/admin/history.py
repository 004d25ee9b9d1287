"""How medical decisions read in a page's History: who, with which credentials, what they
attested, and their comment."""

from __future__ import annotations

from wagtail.log_actions import LogFormatter

from ..rules.specialties import specialty_label


def _who(data: dict) -> str:
    parts = [data.get("reviewer", "")]
    if data.get("specialty"):
        parts.append(specialty_label(data["specialty"]))
    if data.get("registration"):
        parts.append(data["registration"])
    return "; ".join(part for part in parts if part)


class SignOffFormatter(LogFormatter):
    """'Medical sign-off recorded: Dr X, MD (Cardiology; GMC 123)' with the attestation."""

    label = "Medical sign-off"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("imported"):
            # A past review brought in from elsewhere: dated when it was made, not now.
            signed = (data.get("signed_at") or "")[:10]
            return f"Imported medical sign-off (signed {signed}): {_who(data)}"
        return f"Medical sign-off recorded: {_who(data)}"

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        parts = list(data.get("statements") or [])
        conflict = data.get("conflict_of_interest")
        if conflict == "declared":
            parts.append(
                f"Conflict of interest declared: {data.get('conflict_of_interest_details')}"
            )
        elif conflict == "none":
            parts.append("No conflict of interest.")
        if data.get("comment"):
            parts.append(f"Comment: {data['comment']}")
        return " ".join(parts)


class ChangesRequestedFormatter(LogFormatter):
    """'Medical reviewer requested changes' with the reviewer and the comment."""

    label = "Medical changes requested"

    def format_message(self, log_entry):
        return f"Medical reviewer requested changes: {_who(log_entry.data or {})}"

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")
