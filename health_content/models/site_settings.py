"""Per-site settings of the health content: which article parts are required."""

from __future__ import annotations

from django.db import models
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="warning")
class RequiredArticleParts(BaseSiteSetting):
    """The parts every treatment article on this site needs before review (all on by default).

    Checked when an article is submitted for medical review and again when it is signed off.
    """

    red_flags_callout = models.BooleanField(
        default=True,
        verbose_name="require a red-flags callout",
        help_text="A Callout block of kind 'Red flags' or 'When to see a doctor'.",
    )
    cited_reference = models.BooleanField(
        default=True,
        verbose_name="require a cited reference",
        help_text="At least one reference that a treatment option cites by its number.",
    )
    source = models.BooleanField(
        default=True,
        verbose_name="require a source",
        help_text="The content source shown in the attribution line.",
    )

    class Meta:
        verbose_name = "required article parts"
        verbose_name_plural = "required article parts"

    @classmethod
    def for_page(cls, page) -> RequiredArticleParts:
        """The settings of the page's site; the defaults (all required) for a page without one."""
        site = page.get_site() if getattr(page, "url_path", None) else None
        return cls.for_site(site) if site is not None else cls()
