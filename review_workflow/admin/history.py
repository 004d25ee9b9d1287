"""How medical decisions read in a page's History: who, with which credentials, what they
attested, and their comment; and Wagtail's workflow entries in medical review's words on a
reviewed page ("Submitted for medical review", "Changes requested", "Signed off")."""

from __future__ import annotations

from wagtail.log_actions import LogFormatter

from ..contract import is_medically_reviewed
from ..rules.specialties import specialty_label


def _who(data: dict) -> str:
    parts = [data.get("reviewer", "")]
    if data.get("specialty"):
        parts.append(specialty_label(data["specialty"]))
    if data.get("registration"):
        parts.append(data["registration"])
    return "; ".join(part for part in parts if part)


def attestation_text(data: dict) -> str:
    """What the reviewer attested: the statements and the conflict-of-interest declaration."""
    parts = list(data.get("statements") or [])
    conflict = data.get("conflict_of_interest")
    if conflict == "declared":
        parts.append(f"Conflict of interest declared: {data.get('conflict_of_interest_details')}")
    elif conflict == "none":
        parts.append("No conflict of interest.")
    return " ".join(parts)


class SignOffFormatter(LogFormatter):
    """'Signed off (medical review): Dr X, MD (Cardiology; GMC 123). Attested: ...'; the
    reviewer's own comment, and only that, is the entry's comment."""

    label = "Medical sign-off"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        attested = attestation_text(data)
        if data.get("imported"):
            # A past review brought in from elsewhere: dated when it was made, not now.
            signed = (data.get("signed_at") or "")[:10]
            message = f"Imported medical sign-off (signed {signed}): {_who(data)}"
        else:
            message = f"Signed off (medical review): {_who(data)}"
        return f"{message}. Attested: {attested}" if attested else message

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")


class ChangesRequestedFormatter(LogFormatter):
    """'Medical reviewer requested changes' with the reviewer and the comment."""

    label = "Medical changes requested"

    def format_message(self, log_entry):
        return f"Changes requested (medical review): {_who(log_entry.data or {})}"

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("comment", "")


def _medical(log_entry) -> bool:
    page = getattr(log_entry, "page", None)
    return page is not None and is_medically_reviewed(page.specific_class)


def _task(log_entry) -> str:
    try:
        return log_entry.data["workflow"]["task"]["title"]
    except (KeyError, TypeError):
        return ""


def _in_task(log_entry) -> str:
    task = _task(log_entry)
    return f" at '{task}'" if task else ""


# Wagtail's workflow actions as a reviewed page's History says them.
MEDICAL_WORKFLOW_WORDS = {
    "wagtail.workflow.start": ("Submitted for medical review", lambda e: ""),
    "wagtail.workflow.resume": ("Resubmitted for medical review", lambda e: ""),
    "wagtail.workflow.reject": ("Changes requested", _in_task),
    "wagtail.workflow.approve": ("Signed off", _in_task),
    "wagtail.workflow.cancel": ("Medical review cancelled", _in_task),
}


def medical_workflow_formatter(action: str, wagtails: LogFormatter) -> type[LogFormatter]:
    """Wagtail's formatter of ``action``, in medical review's words on a reviewed page (and
    Wagtail's own words on any other)."""
    words, where = MEDICAL_WORKFLOW_WORDS[action]

    class MedicalWorkflowFormatter(LogFormatter):
        label = words

        def format_message(self, log_entry):
            if not _medical(log_entry):
                return wagtails.format_message(log_entry)
            return words + where(log_entry)

        def format_comment(self, log_entry):
            return wagtails.format_comment(log_entry)

    MedicalWorkflowFormatter.__doc__ = f"'{words}' in the History of a reviewed page."
    return MedicalWorkflowFormatter
