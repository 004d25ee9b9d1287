"""What the store serves, listed for the review workflow's audit checks (``verify_audit``).

Registered with ``review_workflow.contract.register_stored_documents`` from the app's
``ready``: each stored document with the publication record and sign-off it was written from and
the fingerprint it serves, which ``verify_audit`` compares with the audit chain.
"""

from __future__ import annotations

from collections.abc import Iterator

from review_workflow.contract import StoredDocument

from ..models import PublishedArticle


def stored_documents() -> Iterator[StoredDocument]:
    """Every stored article, as the store recorded writing it."""
    rows = PublishedArticle.objects.order_by("pk").values_list(
        "pk", "title", "publication_id", "sign_off_id", "fingerprint"
    )
    for page_id, title, publication_id, sign_off_id, fingerprint in rows.iterator(chunk_size=2000):
        yield StoredDocument(page_id, title, publication_id, sign_off_id, fingerprint)
