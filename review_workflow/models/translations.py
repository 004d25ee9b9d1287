"""What readers get of a translation while it is out of date (a site setting)."""

from __future__ import annotations

from django.db import models
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from ..conf import FLAG, NOINDEX, WITHDRAW


@register_setting(icon="globe")
class TranslationPolicy(BaseSiteSetting):
    """The site's policy for outdated translations: a translation whose original has been
    published again with other content since the version it was signed off against."""

    class OutdatedTranslations(models.TextChoices):
        FLAG = FLAG, "Keep serving it, flagged 'translation out of date'"
        NOINDEX = NOINDEX, "Keep serving it, flagged, and ask search engines not to index it"
        WITHDRAW = WITHDRAW, "Withdraw it until a reviewer signs off an updated translation"

    outdated_translations = models.CharField(
        max_length=10,
        choices=OutdatedTranslations.choices,
        default=FLAG,
        help_text="What readers get of a translation once its original has changed, until "
        "the updated translation is signed off.",
    )

    class Meta:
        verbose_name = "translation policy"
        verbose_name_plural = "translation policy"
