"""The store writer seam: the one object that writes what readers get, registered once.

``review_workflow`` never imports the app that keeps the published-article store; that app
registers its writer here from its ``AppConfig.ready`` and the publish service calls it with
everything it needs as arguments. Without a registered writer a publish records the sign-off
and publication only (a site that serves pages some other way).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol


class StoreWriter(Protocol):
    """What the publish service and the withdrawal paths ask of the store."""

    def store(self, page: Any, *, publication: Any, sign_off: Any, disclaimer: Any) -> None:
        """Write what readers get for ``publication`` (just recorded, in this transaction)."""

    def store_batch(
        self, pages: list[Any], *, publications: list[Any], sign_offs: list[Any],
        disclaimers: list[Any],
    ) -> None:  # fmt: skip
        """``store`` for a batch publish: the lists are in the batch's order; the result is
        what storing them one by one, in that order, leaves."""

    def withdraw(self, page_ids: list[int], *, reason: str, at: datetime | None = None) -> None:
        """Stop serving these articles, recording why (unpublished, expired, moved, deleted)."""


_registered: list[StoreWriter] = []


def register_store_writer(writer: StoreWriter) -> None:
    """Register the store writer (once; registering the same writer again is a no-op)."""
    if _registered and _registered[0] is not writer:
        raise RuntimeError(f"A store writer is already registered: {_registered[0]!r}.")
    _registered[:] = [writer]


def store_writer() -> StoreWriter | None:
    """The registered store writer, if any."""
    return _registered[0] if _registered else None
