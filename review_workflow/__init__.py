"""Medical review: the review task, attested append-only sign-offs, review policies, the publish
guard, review-due reports and reminders, and the tamper-evident audit trail.

Knows pages only through the medical-review interface (``requires_medical_review``,
``get_reviewed_content()`` and, optionally, ``missing_required_parts()``; a reviewable page's
parent may provide ``review_policy()``), so it can guard any page type.
"""
