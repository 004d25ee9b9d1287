"""The record that keeps reminder e-mails to one per person per day."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReminderDigest(models.Model):
    """One reminder digest sent to one person on one day.

    The row is written in the same transaction that sends the e-mail, under a unique
    (recipient, day) constraint: a second scheduler, a restart or a rerun that day finds the
    row (or waits for the first transaction and then finds it) and sends nothing.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    sent_at = models.DateTimeField()
    items = models.PositiveIntegerField(help_text="How many articles the digest listed.")

    class Meta:
        verbose_name = "reminder digest"
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="one_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"Reminder to user {self.recipient_id} on {self.day}"
