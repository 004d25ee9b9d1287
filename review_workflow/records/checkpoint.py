"""Signed checkpoints of the audit chain: its head, anchored outside the database.

A checkpoint says "the chain had ``entries`` entries ending in ``head`` at ``at``", signed with
HMAC-SHA256 under ``REVIEW_WORKFLOW["AUDIT_CHECKPOINT_KEY"]`` (kept away from the database:
whoever can rewrite the database should not hold it). Two uses:

- every export (``export_audit``, the admin download) ends with one, so ``verify_audit --file``
  finds a file whose tail was cut, whose checkpoint was altered, or that has none;
- the scheduler publishes the head (``publish_audit_head``): a log line and the
  ``audit_checkpoint`` signal (the content API sends it as the ``audit.checkpoint`` webhook) to
  someone outside, and ``verify_audit --expect-head HASH`` finds a chain that no longer contains
  a head published earlier (truncated, or rewound and rewritten).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from ..conf import review_settings
from ..models.audit import GENESIS_HASH, AuditChainHead
from ..signals import audit_checkpoint

logger = logging.getLogger("review_workflow.audit")
CHAIN = "audit"


def checkpoint_key() -> bytes:
    """The signing key: ``AUDIT_CHECKPOINT_KEY``, or (development only, system check
    ``review_workflow.W004`` warns in production) one derived from ``SECRET_KEY``."""
    configured = review_settings.AUDIT_CHECKPOINT_KEY
    if configured:
        return configured.encode()
    derived = f"review_workflow.audit_checkpoint:{settings.SECRET_KEY}"
    return hashlib.sha256(derived.encode()).digest()


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at a moment: its last hash and entry count, and when."""

    head: str
    entries: int
    at: str

    def signed_fields(self) -> dict:
        return {"head": self.head, "entries": self.entries, "at": self.at}

    def signature(self) -> str:
        message = json.dumps(self.signed_fields(), sort_keys=True, separators=(",", ":"))
        return hmac.new(checkpoint_key(), message.encode(), hashlib.sha256).hexdigest()

    def as_record(self) -> dict:
        """The export's last line: ``{"checkpoint": {head, entries, at, signature}}``."""
        return {"checkpoint": {**self.signed_fields(), "signature": self.signature()}}

    @classmethod
    def of(cls, head: str, entries: int, at: datetime | None = None) -> Checkpoint:
        return cls(head, entries, (at or timezone.now()).isoformat(timespec="seconds"))


def current() -> Checkpoint:
    """A checkpoint of the chain's head now."""
    head = AuditChainHead.objects.filter(name=CHAIN).first()
    if head is None:
        return Checkpoint.of(GENESIS_HASH, 0)
    return Checkpoint.of(head.last_hash, head.length)


def read(record: dict) -> tuple[Checkpoint | None, str | None]:
    """The checkpoint in an export's last line, and a problem if it is not a valid one."""
    fields = record.get("checkpoint") if isinstance(record, dict) else None
    if not isinstance(fields, dict):
        return None, "the file ends without a signed checkpoint (cut, or not an export)."
    try:
        checkpoint = Checkpoint(str(fields["head"]), int(fields["entries"]), str(fields["at"]))
    except (KeyError, TypeError, ValueError):
        return None, "the checkpoint is incomplete (altered)."
    if not hmac.compare_digest(checkpoint.signature(), str(fields.get("signature", ""))):
        return checkpoint, (
            "the checkpoint's signature does not match (altered, or signed with another key)."
        )
    return checkpoint, None


def publish_head() -> Checkpoint:
    """Publish the chain's head outside the database: a log line, and ``audit_checkpoint``
    (receivers send it on, e.g. the content API's ``audit.checkpoint`` webhook)."""
    checkpoint = current()
    signed = checkpoint.as_record()["checkpoint"]
    logger.info(
        "audit checkpoint: %s entries, head %s, at %s, signature %s",
        checkpoint.entries,
        checkpoint.head,
        checkpoint.at,
        signed["signature"],
        extra={"audit_checkpoint": signed},
    )
    audit_checkpoint.send(sender=Checkpoint, checkpoint=signed)
    return checkpoint
