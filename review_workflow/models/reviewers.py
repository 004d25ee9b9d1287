"""Who may sign off: a credentialed reviewer profile attached to a user."""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.db import models
from django.utils.text import capfirst

from ..rules.review_status import today as review_clock
from ..rules.specialties import SPECIALTIES, specialty_label

REVIEWERS_GROUP = "Medical reviewers"


def content_language_choices() -> list[tuple[str, str]]:
    """The site's content languages (``WAGTAIL_CONTENT_LANGUAGES``), as form choices."""
    from wagtail.coreutils import get_content_languages

    return list(get_content_languages().items())


def default_review_languages() -> list[str]:
    """A new reviewer reviews in the site's default language."""
    from .records import default_language_code

    return [default_language_code()]


def language_name(code: str) -> str:
    """A content language's name ("Spanish"), or its code when the site no longer has it."""
    return dict(content_language_choices()).get(code, code)


class LanguagesField(models.JSONField):
    """A list of content-language codes, edited as checkboxes of the site's languages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", default_review_languages)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=content_language_choices,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class ReviewerProfile(models.Model):
    """A medical reviewer's public identity and credentials, edited by administrators.

    Only an active profile whose user is in the "Medical reviewers" group may decide a review,
    and only while the licence is in date. Every sign-off copies these fields, so a later
    edit here never changes what a past sign-off says.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile"
    )
    display_name = models.CharField(
        max_length=255, help_text="As readers see it, e.g. 'Dr Rosa Okafor'."
    )
    credentials = models.CharField(
        max_length=255, help_text="Degrees and fellowships, e.g. 'MD, FACP'."
    )
    specialty = models.CharField(
        max_length=50,
        choices=SPECIALTIES,
        help_text="Matched against the specialties a health center's review policy requires.",
    )
    registration_body = models.CharField(
        max_length=255,
        help_text="Who registers or licenses this reviewer, e.g. 'General Medical Council (UK)'.",
    )
    registration_number = models.CharField(
        max_length=100, help_text="Professional registration or licence number."
    )
    licence_expires = models.DateField(
        null=True,
        help_text="The last day the licence is valid. After it, this reviewer cannot sign off.",
    )
    languages = LanguagesField(
        "review languages",
        blank=True,
        help_text="The languages this reviewer reads well enough to sign off medical content "
        "in. A translation can only be signed off by a reviewer with its language. None "
        "ticked: the site's default language.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop this reviewer signing off; past sign-offs stay."
    )
    is_lead = models.BooleanField(
        "lead reviewer",
        default=False,
        help_text="A lead reviewer may assign medical reviews to named reviewers, with a due date.",
    )

    panels = [
        "user",
        "display_name",
        "credentials",
        "specialty",
        "registration_body",
        "registration_number",
        "licence_expires",
        "languages",
        "is_active",
        "is_lead",
    ]

    class Meta:
        verbose_name = "reviewer profile"
        ordering = ["display_name"]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}"

    def clean(self) -> None:
        super().clean()
        # Every reviewer reviews in at least one language: by default the site's.
        if not self.languages:
            self.languages = default_review_languages()

    @property
    def specialty_name(self) -> str:
        return specialty_label(self.specialty)

    def licence_refusal(self, today: date | None = None) -> str | None:
        """Why this licence does not allow signing today, or None while it is in date."""
        today = today or review_clock()
        if self.licence_expires is None:
            return (
                "your reviewer profile has no licence expiry date; an administrator must add it "
                "before you can sign off."
            )
        if self.licence_expires < today:
            return (
                f"your licence expired on {self.licence_expires:%d %B %Y}; an administrator must "
                "record the renewed licence before you can sign off."
            )
        return None

    def reviews_in(self, language_code: str) -> bool:
        """Whether this reviewer reviews content in ``language_code``."""
        return language_code in (self.languages or [])

    def language_refusal(self, language_code: str) -> str | None:
        """Why this reviewer cannot sign content in ``language_code``, or None if they can."""
        if self.reviews_in(language_code):
            return None
        return (
            f"this article is in {language_name(language_code)}, which is not among your "
            "review languages; a reviewer who reads it must sign it off (an administrator can "
            "add the language to your reviewer profile)."
        )

    @classmethod
    def for_signing(cls, user) -> ReviewerProfile | None:
        """The user's profile if it may decide reviews: active and in the reviewers group.

        The licence is checked separately (``licence_refusal``) so the reviewer can be told
        that it is the licence that stops them.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        profile = cls.objects.filter(user=user, is_active=True).first()
        if profile is None or not user.groups.filter(name=REVIEWERS_GROUP).exists():
            return None
        # Linked as ``select_related`` would: the decision that asked reads
        # ``user.reviewer_profile`` again to copy it into the record, without a query.
        profile.user = user
        return profile
