"""Snippets shared by many articles: the medical disclaimer (with its versions) and the source."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index

from ..signals import disclaimer_changed

# The text of the disclaimer created when none exists (a migration, or every one was deleted):
# no article is ever served without one.
DEFAULT_DISCLAIMER_TITLE = "Standard medical disclaimer"
DEFAULT_DISCLAIMER_TEXT = (
    "This article is general information, not medical advice for you. It does not replace a "
    "consultation with a doctor or other qualified health professional, who can take your own "
    "history and circumstances into account. If you think you may have a medical emergency, "
    "call your local emergency number."
)


class Disclaimer(TranslatableMixin, index.Indexed, models.Model):
    """Legal text shown under every article, edited in the admin.

    Each change of its words is kept as a new ``DisclaimerVersion`` (the old text stays), and
    readers get the newest version without a new medical sign-off: it is not medical content.

    Translatable (Wagtail's locales): each language's translation is a disclaimer of its own
    with its own versions, and an article shows the translation in its own language of the
    disclaimer it chose (or of the site default), falling back to the default locale's.
    The site default is flagged once per locale.
    """

    title = models.CharField(max_length=255, help_text="Internal name, e.g. 'Standard medical'.")
    text = models.TextField(help_text="The words readers see under the article.")
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Increases automatically when the text changes."
    )
    is_site_default = models.BooleanField(
        default=False,
        help_text="Shown on every article that does not choose a disclaimer. Only one can be the "
        "default; choosing this one unsets the others.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("title"), FieldPanel("text"), FieldPanel("is_site_default")]
    search_fields = [index.SearchField("title"), index.SearchField("text")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "is_site_default"],
                condition=models.Q(is_site_default=True),
                name="one_site_default_disclaimer_per_locale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            previous = self._previous()
            became_default = self.is_site_default and not (previous and previous["is_site_default"])
            if previous and (previous["text"], previous["title"]) != (self.text, self.title):
                self.version = previous["version"] + 1
            if self.is_site_default:
                if self.locale_id is None:
                    self.locale = self.get_default_locale()
                Disclaimer.objects.filter(is_site_default=True, locale_id=self.locale_id).exclude(
                    pk=self.pk
                ).update(is_site_default=False)
            super().save(*args, **kwargs)
            if previous is None or previous["version"] != self.version:
                DisclaimerVersion.objects.create(
                    disclaimer_id=self.pk, number=self.version, title=self.title, text=self.text
                )
            new_version = previous is not None and previous["version"] != self.version
            if new_version or previous is None or became_default:
                disclaimer_changed.send(sender=Disclaimer, disclaimer=self, new_version=new_version)

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            disclaimer_changed.send(sender=Disclaimer, disclaimer=self, new_version=False)
        return result

    def clean(self) -> None:
        if not self.text.strip():
            raise ValidationError({"text": "A disclaimer needs text."})

    def _previous(self) -> dict | None:
        if self.pk is None:
            return None
        fields = ("text", "title", "version", "is_site_default")
        return Disclaimer.objects.filter(pk=self.pk).values(*fields).first()

    def current_version(self) -> DisclaimerVersion:
        """The version readers get now (every save that changes the words writes it; a read
        never does)."""
        return DisclaimerVersion.objects.get(disclaimer_id=self.pk, number=self.version)

    @classmethod
    def site_default(cls) -> Disclaimer:
        """The default disclaimer: the flagged one (the default locale's first), else the
        oldest. There always is one: a migration creates the standard one, and deleting the
        last one creates it again."""
        flagged = cls.objects.filter(is_site_default=True).order_by(
            models.Case(
                models.When(locale__language_code=default_language_code(), then=0), default=1
            ),
            "pk",
        )
        return flagged.first() or cls.objects.order_by("pk").get()

    @classmethod
    def effective_version(
        cls, chosen_id: int | None, language: str | None = None
    ) -> DisclaimerVersion:
        """What an article in ``language`` (None: the default locale's) that chose disclaimer
        ``chosen_id`` (None: the site default) shows now: that disclaimer's translation in
        the article's language, else the disclaimer itself."""
        if language and language != default_language_code():
            return cls._translated_version(chosen_id, language)
        which = (
            models.Q(disclaimer_id=chosen_id)
            if chosen_id
            else models.Q(disclaimer__is_site_default=True)
        )
        current = DisclaimerVersion.objects.filter(which, number=models.F("disclaimer__version"))
        if not chosen_id:
            current = current.filter(disclaimer__locale__language_code=default_language_code())
        found = current.first()  # the common case, in one query
        if found is not None:
            return found
        chosen = cls.objects.filter(pk=chosen_id).first() if chosen_id else None
        return (chosen or cls.site_default()).current_version()

    @classmethod
    def _translated_version(cls, chosen_id: int | None, language: str) -> DisclaimerVersion:
        base = cls.objects.filter(pk=chosen_id).first() if chosen_id else None
        base = base or cls.site_default()
        translated = cls.objects.filter(
            translation_key=base.translation_key, locale__language_code=language
        ).first()
        return (translated or base).current_version()


def keep_a_disclaimer(sender, **kwargs) -> None:
    """``post_delete`` receiver: when the last disclaimer is deleted, the standard one is
    created in the same transaction, so reading what an article shows never writes."""
    if not Disclaimer.objects.exists():
        standard = Disclaimer(title=DEFAULT_DISCLAIMER_TITLE, text=DEFAULT_DISCLAIMER_TEXT)
        standard.is_site_default = True
        standard.save()


def default_language_code() -> str:
    """The default locale's language code (Wagtail's, from ``LANGUAGE_CODE``)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


class DisclaimerVersion(models.Model):
    """One wording of a disclaimer, kept for good: what readers were shown, and when.

    Never changed or deleted (publication records point at it by id); a new wording is a new
    version. Outlives its disclaimer, so the link has no database constraint.
    """

    disclaimer = models.ForeignKey(
        Disclaimer,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=255)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["disclaimer_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["disclaimer", "number"], name="one_disclaimer_version_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ValidationError("Disclaimer versions are kept as they were: add a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Disclaimer versions are kept as they were.")

    def as_data(self) -> dict:
        """The disclaimer as readers get it."""
        return {"title": self.title, "text": self.text, "version": self.number}


class ContentSource(index.Indexed, models.Model):
    """Who an article's content comes from, for the attribution line readers see."""

    name = models.CharField(max_length=255, unique=True)
    attribution = models.CharField(
        max_length=500, help_text="The line shown to readers, e.g. 'Reviewed content from ...'."
    )
    url = models.URLField(
        "URL",
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Optional link to the source organisation.",
    )

    panels = [FieldPanel("name"), FieldPanel("attribution"), FieldPanel("url")]
    search_fields = [index.SearchField("name"), index.SearchField("attribution")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
