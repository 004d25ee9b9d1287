"""Wagtail's editor messages in medical review's words on a reviewed page.

Wagtail's edit and create views say "Page 'X' has been submitted for moderation." after a
Submit, then run ``after_edit_page`` / ``after_create_page``. For a reviewed page these hooks
reword the queued message: the article was submitted for *medical review*.
"""

from __future__ import annotations

from django.contrib import messages
from django.utils.safestring import SafeString, mark_safe

from ..contract import is_medically_reviewed

# Wagtail's words (its edit and create views) and ours.
REWORDED = (
    ("has been submitted for moderation.", "has been submitted for medical review."),
    ("created and submitted for moderation.", "created and submitted for medical review."),
)


def reworded(text: str) -> str:
    for wagtails, ours in REWORDED:
        text = text.replace(wagtails, ours)
    return text


def say_submitted_for_medical_review(request, page) -> None:
    """``after_edit_page`` / ``after_create_page``: reword the queued "submitted" message."""
    if not is_medically_reviewed(page.specific_class) or "action-submit" not in request.POST:
        return None
    storage = messages.get_messages(request)
    # Reading the storage marks every message read (none is kept) ; each goes back, reworded.
    queued = list(storage)
    for message in queued:
        text = message.message
        new = reworded(str(text))
        if isinstance(text, SafeString):
            new = mark_safe(new)  # noqa: S308 - Wagtail's own escaped message, words replaced
        messages.add_message(request, message.level, new, extra_tags=message.extra_tags)
    return None
