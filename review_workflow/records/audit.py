"""The audit trail as a hash chain: append events, verify the chain, export it as JSON Lines.

Other code records an event with one call::

    from review_workflow import audit
    audit.append("published", page_id=page.pk, data={...}, user=user)
    audit.append("withdrawn", page_id=page.pk, data={...}, actor=audit.STORE)

The entry joins the caller's transaction (a rolled-back publish leaves no entry) and takes the
chain head's row lock first, so concurrent appends on PostgreSQL are serialised and each entry
links to the one before it. ``verify`` recomputes every hash and link and reports the first
entry where the chain was edited, cut or extended out of turn.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ..models.audit import GENESIS_HASH, AuditChainHead, AuditEntry

CHAIN = "audit"
HASHED_FIELDS = (
    "position",
    "event",
    "page_id",
    "user_id",
    "username",
    "data",
    "recorded_at",
    "previous_hash",
)


def _plain(data: dict) -> dict:
    # What the JSON column gives back on every database: dates as text, tuples as lists.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(fields: dict) -> str:
    """SHA-256 over the canonical JSON of an entry's hashed fields (its own hash excluded)."""
    canonical = {name: fields[name] for name in HASHED_FIELDS}
    if isinstance(canonical["recorded_at"], datetime):
        canonical["recorded_at"] = _timestamp(canonical["recorded_at"])
    encoded = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(name=CHAIN).first()
    if head is None:  # the chain's first entry
        AuditChainHead.objects.get_or_create(name=CHAIN)
        head = AuditChainHead.objects.select_for_update().get(name=CHAIN)
    return head


# The actors of entries no person made: named system jobs. A colon never appears in a Django
# username (its validator allows letters, digits and @.+-_), so these cannot be mistaken for one.
SCHEDULED_GO_LIVE = "system:publish_scheduled"  # Wagtail's scheduled go-live and expiry
STORE = "system:store"  # the store's reissues and withdrawals that follow another change
REREVIEW_WATCH = "system:rereview"  # re-review requests raised when reviewed content changed
SCRIPT = "system:script"  # code that acted without naming a user (a shell, a command)
IMPORT = "system:import"  # past sign-offs brought in from elsewhere


def actor_of(user=None, actor: str | None = None) -> tuple[int | None, str]:
    """The ``user_id`` and ``username`` an entry records: the user's, or a named system job's
    (``system:...``) with no user id. Every entry names one."""
    if user is not None:
        return user.pk, user.get_username()
    if not actor or not actor.startswith("system:"):
        raise ValueError(f"An audit entry names its actor: a user or a system job, not {actor!r}.")
    return None, actor


@transaction.atomic(savepoint=False)  # an entry that fails takes its caller's change with it
def append(
    event: str, *, page_id: int | None, data: dict, user=None, actor: str | None = None
) -> AuditEntry:
    """Append one event to the chain, linked to the entry before it (in the caller's
    transaction, after locking the chain head). ``user`` made it, or else the system job
    ``actor`` (one of the ``system:...`` names above)."""
    user_id, username = actor_of(user, actor)
    head = _locked_head()
    fields = {
        "position": head.length + 1,
        "event": event,
        "page_id": page_id,
        "user_id": user_id,
        "username": username,
        "data": _plain(data),
        "recorded_at": timezone.now(),
        "previous_hash": head.last_hash,
    }
    entry = AuditEntry.objects.create(**fields, entry_hash=entry_hash(fields))
    head.length, head.last_hash = entry.position, entry.entry_hash
    head.save(update_fields=["length", "last_hash"])
    return entry


@dataclass(frozen=True)
class Event:
    """One event to append with ``append_many``: as ``append``'s arguments."""

    event: str
    page_id: int | None
    data: dict
    user: object = None
    actor: str | None = None


@transaction.atomic(savepoint=False)
def append_many(events: Iterable[Event]) -> list[AuditEntry]:
    """Append several events to the chain in the given order, each linked to the one before
    it, exactly as that many ``append`` calls would, in a constant number of queries (one
    lock of the head, one insert, one update of the head): a batch publish's entries."""
    events = list(events)
    if not events:
        return []
    head = _locked_head()
    position, previous_hash = head.length, head.last_hash
    entries = []
    for item in events:
        user_id, username = actor_of(item.user, item.actor)
        position += 1
        fields = {
            "position": position,
            "event": item.event,
            "page_id": item.page_id,
            "user_id": user_id,
            "username": username,
            "data": _plain(item.data),
            "recorded_at": timezone.now(),
            "previous_hash": previous_hash,
        }
        previous_hash = entry_hash(fields)
        entries.append(AuditEntry(**fields, entry_hash=previous_hash))
    created = AuditEntry.objects.bulk_create(entries)
    head.length, head.last_hash = position, previous_hash
    head.save(update_fields=["length", "last_hash"])
    return created


def as_record(entry: AuditEntry) -> dict:
    """One entry as plain data: a line of the export, everything ``verify`` needs."""
    return {
        "position": entry.position,
        "event": entry.event,
        "page_id": entry.page_id,
        "user_id": entry.user_id,
        "username": entry.username,
        "data": entry.data,
        "recorded_at": _timestamp(entry.recorded_at),
        "previous_hash": entry.previous_hash,
        "hash": entry.entry_hash,
    }


def parse_since(raw: str) -> datetime:
    """'2025-01-31' (from that day's start, UTC) or an ISO date-time with its zone."""
    day = parse_date(raw)
    if day is not None:
        return datetime.combine(day, time.min, tzinfo=UTC)
    moment = parse_datetime(raw)
    if moment is None:
        raise ValueError(f"expected a date (2025-01-31) or an ISO date-time; got {raw!r}.")
    if moment.tzinfo is None:
        raise ValueError("a date-time needs its time zone, e.g. 2025-01-31T09:00:00Z.")
    return moment


def export_lines(since: datetime | None = None) -> Iterator[str]:
    """The chain (from ``since``, if given) as JSON Lines, oldest first, and last a signed
    checkpoint of the entry it ends with (``records.checkpoint``): a cut tail shows."""
    from .checkpoint import Checkpoint, current

    entries = AuditEntry.objects.order_by("position")
    if since is not None:
        entries = entries.filter(recorded_at__gte=since)
    last = None
    for entry in entries.iterator(chunk_size=500):
        last = entry
        yield json.dumps(as_record(entry), sort_keys=True, ensure_ascii=False)
    if last is not None:
        checkpoint = Checkpoint.of(last.entry_hash, last.position)
    elif since is not None:  # nothing since then: the chain's head as it is
        checkpoint = current()
    else:
        checkpoint = Checkpoint.of(GENESIS_HASH, 0)
    yield json.dumps(checkpoint.as_record(), sort_keys=True)


@dataclass(frozen=True)
class Verification:
    """The outcome of checking a chain: how many entries, and the problems found."""

    entries: int
    last_hash: str
    problems: tuple[str, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_records(records: Iterable[dict], *, expect_start: bool = True) -> Verification:
    """Check hashes, links and positions of exported records, in order.

    ``expect_start`` says the records begin at position 1 (a whole chain, not a ``--since``
    slice, whose first link cannot be checked here).
    """
    problems: list[str] = []
    previous_hash, expected_position, count = None, None, 0
    for record in records:
        count += 1
        position = record.get("position")
        if expected_position is None:
            expected_position = 1 if expect_start else position
            previous_hash = GENESIS_HASH if expect_start else record.get("previous_hash")
        if position != expected_position:
            problems.append(
                f"entry {position}: expected position {expected_position} "
                "(an entry was deleted or inserted)."
            )
        if record.get("previous_hash") != previous_hash:
            problems.append(
                f"entry {position}: does not link to the entry before it "
                "(an entry was deleted, inserted or changed)."
            )
        if entry_hash(record) != record.get("hash"):
            problems.append(f"entry {position}: its content does not match its hash (edited).")
        previous_hash, expected_position = record.get("hash"), (position or 0) + 1
    return Verification(count, previous_hash or GENESIS_HASH, tuple(problems))


def verify_export(records: list[dict], *, expect_start: bool = True) -> Verification:
    """Check an export: its entries (``verify_records``), then its last line, the signed
    checkpoint, which must be intact and name the entry the file ends with."""
    from .checkpoint import read

    checkpoint, problem = read(records[-1] if records else {})
    entries = records[:-1] if checkpoint is not None else records
    result = verify_records(entries, expect_start=expect_start)
    problems = list(result.problems)
    if problem:
        problems.append(problem)
    if checkpoint is not None and (entries or expect_start):
        last_position = entries[-1].get("position") if entries else 0
        if (checkpoint.head, checkpoint.entries) != (result.last_hash, last_position or 0):
            problems.append(
                f"the file ends at entry {last_position or 0}, but its checkpoint says the chain "
                f"had {checkpoint.entries} entries ending in {checkpoint.head[:12]}… "
                "(entries at the end were cut)."
            )
    return Verification(result.entries, result.last_hash, tuple(problems))


def contains_head(head: str) -> bool:
    """Whether the chain in the database still holds an entry with this hash (a head published
    earlier: a truncated or rewound chain no longer does)."""
    return head == GENESIS_HASH or AuditEntry.objects.filter(entry_hash=head).exists()


def verify() -> Verification:
    """Check the whole chain in the database, and that it ends where the head says."""
    entries = AuditEntry.objects.order_by("position").iterator(chunk_size=500)
    result = verify_records(as_record(entry) for entry in entries)
    head = AuditChainHead.objects.filter(name=CHAIN).first()
    length, last = (head.length, head.last_hash) if head else (0, GENESIS_HASH)
    problems = list(result.problems)
    if (length, last) != (result.entries, result.last_hash):
        problems.append(
            f"the chain ends at entry {result.entries}, but {length} entries were appended "
            "(entries at the end were deleted or added outside append())."
        )
    return Verification(result.entries, result.last_hash, tuple(problems))
