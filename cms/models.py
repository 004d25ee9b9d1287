"""The host project's own table: the lease that keeps scheduled jobs to one machine at a time."""

from django.db import models


class ScheduledJobLease(models.Model):
    """Who runs the scheduled jobs now, and until when.

    Taken and given back with single conditional UPDATE statements, which are atomic on
    PostgreSQL and SQLite alike; a lease that outlives a crashed holder simply expires.
    """

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=200, blank=True)
    held_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "scheduled job lease"

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder or 'nobody'} until {self.held_until}"
