"""The published-article store: the bytes readers get, and its one writer.

The writer (``writer``) composes the stored documents (``documents``, ``linked_data``)
from a sign-off's snapshot, where the article sits (``placing``) and which changes
reach it (``receivers``); ``reading`` reads it in one statement per request, and
``verification`` (with its admin report, ``admin``) checks it against the records.
"""
