"""Models of the health content app.

A package because the page models, the snippets and the review-fact helpers each have their own
concerns, as do the per-site settings; import from here, not from the submodules.
"""

from .imports import ImportedArticle
from .pages import HealthCenterPage, HealthHomePage, TreatmentArticlePage
from .site_settings import RequiredArticleParts
from .snippets import ContentSource, Disclaimer, DisclaimerVersion

__all__ = [
    "ContentSource",
    "Disclaimer",
    "DisclaimerVersion",
    "HealthCenterPage",
    "HealthHomePage",
    "ImportedArticle",
    "RequiredArticleParts",
    "TreatmentArticlePage",
]
