"""Medical review: the review contract pages adopt, the review task, attested append-only
sign-offs and publication records, review policies, the publish guard, re-review requests,
review-due reports and reminders, and the tamper-evident audit trail.

Knows pages only through the review contract (``contract.MedicallyReviewedPage``: the reviewed
content, dependencies, disclaimer, review interval and required parts; a reviewable page's
parent may provide ``review_policy()``), so it can guard any page type that adopts it.
"""
