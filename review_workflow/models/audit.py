"""The tamper-evident audit trail: a hash chain of review events, and the head that orders it.

Each entry carries the hash of the entry before it and a hash of itself over its own fields
and that link, so editing, deleting or inserting any entry breaks the chain where it happened
(``review_workflow.records.audit.verify``). Entries keep ids, not links: they outlive pages and
users.
"""

from __future__ import annotations

from django.db import models

from .records import AppendOnlyModel

GENESIS_HASH = "0" * 64


class AuditEntry(AppendOnlyModel):
    """One event in the audit chain (a sign-off, a refusal, a publication...), written once."""

    position = models.PositiveBigIntegerField(unique=True, help_text="1 for the first entry.")
    event = models.CharField(max_length=64, db_index=True)
    page_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    username = models.CharField(max_length=150, blank=True)
    data = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(db_index=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        ordering = ["position"]

    def __str__(self) -> str:
        return f"#{self.position} {self.event} (page {self.page_id})"


class AuditChainHead(models.Model):
    """The chain's last position and hash: one row, locked by every append.

    Appends lock this row (``select_for_update``), so concurrent appends on PostgreSQL take
    their turns and each links to the one before it; ``verify`` also compares the chain's end
    with it, which catches a deleted last entry.
    """

    name = models.CharField(max_length=50, primary_key=True)
    length = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = "audit chain head"

    def __str__(self) -> str:
        return f"{self.name}: {self.length} entries"
