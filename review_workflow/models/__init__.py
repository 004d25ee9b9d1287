"""Models of the medical review app.

A package because reviewers, the append-only sign-off and publication records, and the workflow
task each carry their own rules; import from here, not from the submodules.
"""

from .records import ArticlePublication, MedicalSignOff, SignOffRecordError
from .reviewers import ReviewerProfile
from .tasks import MedicalReviewTask

__all__ = [
    "ArticlePublication",
    "MedicalReviewTask",
    "MedicalSignOff",
    "ReviewerProfile",
    "SignOffRecordError",
]
