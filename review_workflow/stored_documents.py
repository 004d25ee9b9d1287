"""The stored-documents seam: what the published-article store serves, for the audit checks.

``review_workflow`` never imports the app that keeps the store (as with the store writer,
``publishing.writer``). That app registers, from its ``AppConfig.ready``, a function that lists
its stored documents with the records they were written from; ``verify_audit`` checks each
against the audit chain (``records.vouching``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class StoredDocument:
    """One document readers get, as the store says it was written: for which page, from which
    publication record and sign-off, and the fingerprint of the signed content it serves."""

    page_id: int
    title: str
    publication_id: int
    sign_off_id: int
    fingerprint: str


StoredDocuments = Callable[[], Iterable[StoredDocument]]
_registered: list[StoredDocuments] = []


def register_stored_documents(source: StoredDocuments) -> None:
    """Register the store's listing (once; registering the same function again is a no-op)."""
    if _registered and _registered[0] is not source:
        raise RuntimeError(f"A stored-documents source is already registered: {_registered[0]!r}.")
    _registered[:] = [source]


def stored_documents() -> Iterable[StoredDocument]:
    """Every stored document, from the registered source (none without one)."""
    return _registered[0]() if _registered else ()
