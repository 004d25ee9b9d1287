"""Models of the medical review app.

A package because reviewers, the append-only sign-off and publication records, re-review
requests and the workflow task each carry their own rules; import from here, not from the
submodules.
"""

from .records import ArticlePublication, MedicalSignOff, SignOffRecordError
from .rereview import ReReviewRequest, ReviewedDependency
from .reviewers import ReviewerProfile
from .tasks import MedicalReviewTask

__all__ = [
    "ArticlePublication",
    "MedicalReviewTask",
    "MedicalSignOff",
    "ReReviewRequest",
    "ReviewedDependency",
    "ReviewerProfile",
    "SignOffRecordError",
]
