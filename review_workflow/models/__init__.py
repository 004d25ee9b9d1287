"""Models of the medical review app.

A package because reviewers, the append-only sign-off and publication records, re-review
requests, the audit chain, reminder bookkeeping and the workflow task each carry their own
rules; import from here, not from the submodules.
"""

from .assignments import ReviewAssignment
from .audit import AuditChainHead, AuditEntry
from .readability import ReadingLevel
from .records import ArticlePublication, MedicalSignOff, SignOffRecordError
from .reminders import ReminderDigest
from .rereview import ReReviewRequest, ReviewedDependency
from .reviewers import ReviewerProfile
from .tasks import MedicalReviewTask
from .translations import TranslationPolicy

__all__ = [
    "ArticlePublication",
    "AuditChainHead",
    "AuditEntry",
    "MedicalReviewTask",
    "MedicalSignOff",
    "ReadingLevel",
    "ReReviewRequest",
    "ReviewAssignment",
    "ReviewedDependency",
    "ReminderDigest",
    "ReviewerProfile",
    "SignOffRecordError",
    "TranslationPolicy",
]
