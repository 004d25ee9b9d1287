"""Medical review: the review contract, the review task, append-only sign-offs and publication
records, the publish guard, re-review requests and review-due reports.

Knows pages only through the review contract (``contract.MedicallyReviewedPage``), so it can
guard any page type that adopts it.
"""
