"""The reading grade in the page editor: a panel showing the figure of the saved version
against the site's target (``rules.readability``). A warning to act on, never a block."""

from __future__ import annotations

from wagtail.admin.panels import Panel

from ..rules.readability import Readability, readability, target_grade


class ReadabilityPanel(Panel):
    """Shows editors (and reviewers opening the editor) the article's reading grade.

    A page type adopting the review contract adds it to its panels
    (``review_workflow.contract.ReadabilityPanel``); the text measured is the page's
    ``get_reader_text()``."""

    def __init__(self, heading: str = "Reading level", **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "review_workflow/panels/readability.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            if page.pk is None:  # a new page: nothing written yet; its parent gives the site
                site_page = getattr(self.form, "parent_page", None) or page
                context["readability"] = Readability(None, target_grade(site_page))
            else:
                # The last saved version, as the panel says: a form shown again with errors
                # holds unsaved changes, which are not measured.
                saved = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
                context["readability"] = readability(saved)
            return context
