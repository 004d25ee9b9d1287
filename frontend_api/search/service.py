"""Search as the article list offers it: a ranked page, counts per health center, and a
"did you mean" suggestion when the query finds little or nothing.

A request costs two queries on PostgreSQL (synonym groups; counts and page in one statement),
three on SQLite (counts and page apart), and when few articles are
found one or two more per word to suggest a correction. The counts per health center ignore
the ``health_center`` filter itself (a front end shows every center's count beside the one
chosen) but apply every other filter; the total is taken from them.

A suggestion replaces each word that finds nothing on its own with the indexed word most like
it that finds an article the requester is served right now: words only a draft, a withdrawn,
an expired or another site's article holds are never suggested. When the query found nothing
and the suggestion finds something, its results are returned instead, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models.expressions import RawSQL

from ..store import reading
from . import query as q
from .engine import CenterCount, Hit, engine
from .models import SynonymGroup

# Fewer results than this and a correction is looked for.
SUGGEST_BELOW = 3
# Words checked for a correction, at most (each costs a query or two).
MAX_CORRECTED_WORDS = 4


@dataclass(frozen=True)
class Suggestion:
    """A corrected query; ``searched``: the results are this query's (the reader's found none)."""

    query: str
    searched: bool


@dataclass
class SearchResult:
    """One page of a search, the number of matches, the counts per center, any suggestion."""

    hits: list[Hit] = field(default_factory=list)
    count: int = 0
    centers: list[CenterCount] = field(default_factory=list)
    suggestion: Suggestion | None = None


def synonym_groups(who: reading.Requester) -> list[list[str]]:
    """The synonym groups editors keep in the language searched, as lists of normalised
    phrases (the site's default locale, unless the requester names one)."""
    language, params = who.language()
    groups = SynonymGroup.objects.filter(language=RawSQL(language, params))
    return [group.phrases() for group in groups]


def _run(who, parsed, filters, ordering, offset, limit) -> SearchResult:
    center = filters.get("health_center")
    centers, hits = engine().results(who, parsed, filters, ordering, offset=offset, limit=limit)
    count = sum(c.count for c in centers if center is None or c.slug == center)
    return SearchResult(hits, count, centers)


def corrections(who: reading.Requester, parsed: q.SearchQuery) -> dict[str, str]:
    """Replacements for the words that find nothing the requester is served."""
    db = engine()
    prefix_word = parsed.prefix_word()
    replaced = {}
    for word in parsed.words()[:MAX_CORRECTED_WORDS]:
        if db.finds(who, word, prefix=word == prefix_word):
            continue
        closest = db.closest(who, word)
        if closest is not None:
            replaced[word] = closest
    return replaced


def search(
    who: reading.Requester,
    text: str,
    filters: dict[str, object],
    ordering: str | None,
    *,
    offset: int,
    limit: int,
) -> SearchResult:
    """The reader's search, as the article list answers it."""
    parsed = q.parse(text)
    if not parsed:
        return SearchResult()
    groups = synonym_groups(who)
    result = _run(who, q.expand(parsed, groups), filters, ordering, offset, limit)
    if result.count >= SUGGEST_BELOW:
        return result
    replaced = corrections(who, parsed)
    if not replaced:
        return result
    corrected = parsed.replaced(replaced)
    if result.count:
        result.suggestion = Suggestion(corrected.text(), searched=False)
        return result
    instead = _run(who, q.expand(corrected, groups), filters, ordering, offset, limit)
    if instead.count:
        instead.suggestion = Suggestion(corrected.text(), searched=True)
        return instead
    return result
