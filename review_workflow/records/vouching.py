"""The audit chain vouches for the records: every sign-off, publication record and stored
document agrees with the chain entry that recorded it, and every record has one.

The chain is hash-linked (``records.audit``), the records are append-only in the database
(``records.triggers``); but a database superuser can turn the triggers off and rewrite a
record, and copy its new fingerprint into the publication and the store. Such a record no
longer agrees with the chain entry written when it was made (which they cannot rewrite without
breaking the chain's hashes), and that is what ``check_records`` finds, naming the article.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.dateparse import parse_datetime

from ..models import ArticlePublication, AuditEntry, MedicalSignOff
from ..rules.fingerprint import digest
from ..stored_documents import stored_documents

SIGN_OFF_EVENTS = ("sign_off", "changes_requested", "sign_off_corrected")
PUBLICATION_EVENTS = tuple(ArticlePublication.Kind.values)


Entry = tuple[str, int | None, int | None, dict]  # event, page id, user id, data


def _entries(events: tuple[str, ...], key: str) -> dict[int, Entry]:
    """The chain's entries of these events by the record id they name (``data[key]``)."""
    rows = AuditEntry.objects.filter(event__in=events).values_list(
        "event", "page_id", "user_id", "data"
    )
    found = {}
    for event, page_id, user_id, data in rows.iterator(chunk_size=2000):
        record_id = (data or {}).get(key)
        if record_id is not None:
            found[record_id] = (event, page_id, user_id, data)
    return found


def _named(page_id, title: str = "") -> str:
    return f"article {page_id} '{title}'" if title else f"article {page_id}"


def _same_moment(recorded: str | None, value) -> bool:
    moment = parse_datetime(recorded) if recorded else None
    return moment is not None and value is not None and moment == value


def _sign_off_problems(entries: dict) -> Iterator[str]:
    for sign_off in MedicalSignOff.objects.order_by("pk").iterator(chunk_size=500):
        name = f"{_named(sign_off.page_id, sign_off.page_title)}: sign-off {sign_off.pk}"
        if digest(sign_off.reviewed_content) != sign_off.fingerprint:
            yield f"{name}: its reviewed content does not match its fingerprint (rewritten)."
        entry = entries.pop(sign_off.pk, None)
        if entry is None:
            yield f"{name}: no audit entry records it (added outside the review workflow)."
            continue
        event, page_id, user_id, data = entry
        differs = [
            label
            for label, recorded, actual in (
                ("page", page_id, sign_off.page_id),
                ("fingerprint", data.get("fingerprint"), sign_off.fingerprint),
                ("revision", data.get("revision_id"), sign_off.revision_id),
                ("decision", data.get("decision"), sign_off.decision),
                ("imported", data.get("imported", False), sign_off.imported),
                (
                    "reviewer",
                    data.get("reviewer"),
                    f"{sign_off.reviewer_name}, {sign_off.reviewer_credentials}",
                ),
            )
            if recorded != actual
        ]
        if event != "sign_off_corrected" and user_id != sign_off.reviewer_id:
            differs.append("reviewer")
        if not _same_moment(data.get("signed_at"), sign_off.signed_at):
            differs.append("signed_at")
        if differs:
            yield (
                f"{name}: its {', '.join(dict.fromkeys(differs))} differ from the audit "
                "entry that recorded it (the record was rewritten)."
            )


def _publication_problems(entries: dict) -> Iterator[str]:
    for record in ArticlePublication.objects.order_by("pk").iterator(chunk_size=500):
        name = f"{_named(record.page_id)}: publication {record.pk} (version {record.version})"
        entry = entries.pop(record.pk, None)
        if entry is None:
            yield f"{name}: no audit entry records it (added outside the publish service)."
            continue
        event, page_id, _user_id, data = entry
        differs = [
            label
            for label, recorded, actual in (
                ("kind", event, record.kind),
                ("page", page_id, record.page_id),
                ("fingerprint", data.get("fingerprint"), record.fingerprint),
                ("revision", data.get("revision_id"), record.revision_id),
                ("sign-off", data.get("sign_off_id"), record.sign_off_id),
                ("version", data.get("version"), record.version),
            )
            if recorded != actual
        ]
        if differs:
            yield (
                f"{name}: its {', '.join(differs)} differ from the audit entry that recorded "
                "it (the record was rewritten)."
            )


def _stored_problems(sign_offs: dict, publications: dict) -> Iterator[str]:
    for document in stored_documents():
        name = f"{_named(document.page_id, document.title)}: the stored document"
        published = publications.get(document.publication_id)
        signed = sign_offs.get(document.sign_off_id)
        if published is None or signed is None:
            yield f"{name} names a publication or sign-off that no audit entry records."
            continue
        if published[1] != document.page_id:
            yield f"{name} was written from another page's publication record."
        if published[3].get("fingerprint") != document.fingerprint:
            yield f"{name}: its fingerprint differs from its publication's audit entry."
        elif signed[3].get("fingerprint") != document.fingerprint:
            yield f"{name}: its fingerprint differs from its sign-off's audit entry."


def check_records() -> tuple[str, ...]:
    """Every disagreement between the records, the store and the audit chain, one line each."""
    sign_off_entries = _entries(SIGN_OFF_EVENTS, "sign_off_id")
    publication_entries = _entries(PUBLICATION_EVENTS, "publication_id")
    problems: list[str] = list(_stored_problems(sign_off_entries, publication_entries))
    unmatched_sign_offs = dict(sign_off_entries)
    unmatched_publications = dict(publication_entries)
    problems += _sign_off_problems(unmatched_sign_offs)
    problems += _publication_problems(unmatched_publications)
    for record_id, (event, page_id, _user, _data) in sorted(unmatched_sign_offs.items()):
        problems.append(
            f"{_named(page_id)}: the audit entry of {event} {record_id} has no sign-off "
            "record any more (deleted)."
        )
    for record_id, (event, page_id, _user, _data) in sorted(unmatched_publications.items()):
        problems.append(
            f"{_named(page_id)}: the audit entry of {event} record {record_id} has no "
            "publication record any more (deleted)."
        )
    return tuple(problems)
