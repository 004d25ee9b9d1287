"""A site's own page type under medical review: a product safety notice.

Not health content: it adopts the review contract (``review_workflow.contract``) and says what
a reviewer signs off; the plugin's guard, sign-off, publication records and content API then
work for it.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from review_workflow.contract import MedicallyReviewedPage


class SafetyNoticePage(MedicallyReviewedPage, Page):
    """A notice about a product's safe use, reviewed by a clinician before it goes live."""

    product = models.CharField(max_length=255)
    advice = RichTextField()

    content_panels = [*Page.content_panels, FieldPanel("product"), FieldPanel("advice")]

    def get_reviewed_content(self) -> dict:
        return {
            "id": self.pk,
            "title": self.title,
            "slug": self.slug,
            "summary": f"Safety notice: {self.product}",
            "body": [{"type": "section", "value": {"heading": "", "text": self.advice}}],
        }
