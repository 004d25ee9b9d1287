"""Full-text search for the article list: which articles match, best first.

Matching goes through Wagtail's search backend (PostgreSQL full-text search, SQLite FTS5); what
readers get for each hit comes from the published-article store, so a draft, an expired or an
unsigned article is never returned whatever the index holds.
"""

from __future__ import annotations

import re

from wagtail.search.backends import get_search_backend

from health_content.models import TreatmentArticlePage

WORDS = re.compile(r"\w+")
MAX_HITS = 1000


def search_hits(query: str, max_hits: int = MAX_HITS) -> list[int]:
    """Ids of live articles matching ``query``, most relevant first."""
    # Wagtail's SQLite backend quotes each term for FTS5 but does not escape a double quote
    # inside one, so an unbalanced quote would be a database error rather than no match.
    terms = " ".join(query.replace('"', " ").split())
    if not WORDS.search(terms):
        return []
    results = get_search_backend().search(
        terms, TreatmentArticlePage.objects.live(), order_by_relevance=True
    )
    return [hit.pk for hit in results[:max_hits]]
