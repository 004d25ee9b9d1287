"""The site's target reading grade (a site setting)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="doc-full")
class ReadingLevel(BaseSiteSetting):
    """The reading grade articles aim at: above it, editors and reviewers see a warning
    (never a block)."""

    target_grade = models.PositiveSmallIntegerField(
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(18)],
        help_text=(
            "US school grade (Flesch-Kincaid) that articles should not exceed. Consumer health "
            "content aims at grade 6 to 8."
        ),
    )

    class Meta:
        verbose_name = "reading level"
        verbose_name_plural = "reading level"
