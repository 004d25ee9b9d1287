"""Signals of the health content app.

``disclaimer_changed``: a disclaimer got a new version (``new_version``), was created, became
the site default, or was deleted (``disclaimer``); sent inside the transaction that saved it.
The published-article store reissues the documents that show it.
"""

from django.dispatch import Signal

disclaimer_changed = Signal()
