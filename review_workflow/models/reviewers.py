"""Who may sign off: a credentialed reviewer profile attached to a user."""

from __future__ import annotations

from django.conf import settings
from django.db import models

REVIEWERS_GROUP = "Medical reviewers"


class ReviewerProfile(models.Model):
    """A medical reviewer's public identity and credentials, edited by administrators.

    Only an active profile whose user is in the "Medical reviewers" group may sign off.
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
    specialty = models.CharField(max_length=255, blank=True)
    registration_number = models.CharField(
        max_length=100, blank=True, help_text="Professional registration or licence number."
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop this reviewer signing off; past sign-offs stay."
    )

    panels = [
        "user",
        "display_name",
        "credentials",
        "specialty",
        "registration_number",
        "is_active",
    ]

    class Meta:
        verbose_name = "reviewer profile"
        ordering = ["display_name"]

    def __str__(self) -> str:
        return f"{self.display_name}, {self.credentials}"

    @classmethod
    def for_signing(cls, user) -> ReviewerProfile | None:
        """The user's profile if it may sign off now: active and in the reviewers group."""
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        profile = cls.objects.filter(user=user, is_active=True).first()
        if profile is None or not user.groups.filter(name=REVIEWERS_GROUP).exists():
            return None
        return profile
