"""Medical review: the review task, append-only sign-offs, the publish guard, review-due reports.

Knows pages only through the medical-review interface (``requires_medical_review`` and
``get_reviewed_content()``), so it can guard any page type.
"""
