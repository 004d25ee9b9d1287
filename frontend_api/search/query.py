"""A reader's search query, parsed once and written for each database without their syntax.

Readers type what web search engines taught them (PostgreSQL's ``websearch_to_tsquery``
syntax): words, ``"quoted phrases"``, ``-word`` or ``-"a phrase"`` to leave out, and ``or``
between two alternatives. The last bare word also matches as a prefix (``physio`` finds
physiotherapy) so a search-as-you-type front end works. Anything else is punctuation.

The parsed query keeps only words made of letters and digits, so writing it as a PostgreSQL
``tsquery`` or an SQLite FTS5 expression can never produce a syntax error, whatever the reader
typed: quotes, brackets, ``*``, ``:``, ``NEAR`` and ``AND`` are just text here.

Synonym groups (``SynonymGroup``) expand a word or phrase into the alternatives of its group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

WORD = re.compile(r"[^\W_]+")
# A quoted phrase (closed or running to the end), or a run of anything but space and quote.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+?)(?=\s|"|$)')
MAX_ITEMS = 16
MAX_SYNONYM_WORDS = 4
# Prefix matching on shorter words would match most of the index.
MIN_PREFIX = 3


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in order (one word: a term); the last may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class SearchQuery:
    """What to find: every group (one of its alternatives each), none of the exclusions."""

    groups: tuple[tuple[Phrase, ...], ...] = ()
    excluded: tuple[Phrase, ...] = ()
    expanded: bool = field(default=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def words(self) -> list[str]:
        """The words the reader asked for (not excluded ones, not synonyms), once each."""
        seen: dict[str, None] = {}
        for group in self.groups:
            for word in group[0].words:
                seen.setdefault(word, None)
        return list(seen)

    def prefix_word(self) -> str | None:
        for group in self.groups:
            if group[0].prefix:
                return group[0].words[-1]
        return None

    def replaced(self, corrections: dict[str, str]) -> SearchQuery:
        """The same query with some words replaced (a "did you mean" suggestion)."""
        groups = tuple(
            tuple(
                Phrase(tuple(corrections.get(w, w) for w in phrase.words), phrase.prefix)
                for phrase in group
            )
            for group in self.groups
        )
        return SearchQuery(groups, self.excluded)

    def text(self) -> str:
        """The query written back in reader syntax (for a suggestion)."""
        parts = []
        for group in self.groups:
            parts.append(" or ".join(_written(phrase) for phrase in group))
        parts.extend(f"-{_written(phrase)}" for phrase in self.excluded)
        return " ".join(parts)


def _written(phrase: Phrase) -> str:
    return f'"{phrase.text()}"' if len(phrase.words) > 1 else phrase.text()


def _items(text: str) -> list[tuple[bool, bool, Phrase]]:
    """(negated, quoted, phrase) of each token with at least one word, in order."""
    items = []
    for match in TOKEN.finditer(text):
        negated, quoted, bare = match.group(1), match.group(2), match.group(3)
        if quoted is not None:
            words = WORD.findall(quoted.lower())
            is_negated, is_quoted = bool(negated), True
        else:
            is_negated = bare.startswith("-") and len(bare) > 1
            words = WORD.findall(bare.lower())
            is_quoted = False
        if words:
            items.append((is_negated, is_quoted, Phrase(tuple(words))))
    return items[:MAX_ITEMS]


def parse(text: str) -> SearchQuery:
    """The reader's query as groups of alternatives and exclusions."""
    groups: list[list[Phrase]] = []
    excluded: list[Phrase] = []
    joining = after_word = False
    last_bare: int | None = None
    for negated, quoted, phrase in _items(text):
        if negated:
            excluded.append(phrase)
            joining = after_word = False
            continue
        if not quoted and phrase.words == ("or",):
            joining = after_word  # "or" joins two words; anywhere else it is ignored
            continue
        after_word = True
        if joining:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        joining = False
        last_bare = None if quoted or len(phrase.words) > 1 else len(groups) - 1
    if last_bare is not None and last_bare == len(groups) - 1:
        last = groups[-1][-1]
        if len(last.words[-1]) >= MIN_PREFIX:
            groups[-1][-1] = replace(last, prefix=True)
    return SearchQuery(tuple(tuple(group) for group in groups), tuple(excluded))


def expand(query: SearchQuery, synonym_groups: Iterable[list[str]]) -> SearchQuery:
    """The query with every word or phrase of a synonym group OR-ed with the group's others.

    Consecutive single-word groups are matched longest first, so "back pain" as two words is
    found as the phrase of a group.
    """
    alternatives: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for phrases in synonym_groups:
        keyed = [tuple(WORD.findall(phrase)) for phrase in phrases]
        for key in keyed:
            if key:
                others = [other for other in keyed if other and other != key]
                alternatives.setdefault(key, []).extend(others)
    if not alternatives or not query:
        return query
    groups = list(query.groups)
    result: list[tuple[Phrase, ...]] = []
    expanded = False
    index = 0
    while index < len(groups):
        group = groups[index]
        span, found = _longest_synonym(groups, index, alternatives)
        if found:
            words = tuple(w for g in groups[index : index + span] for w in g[0].words)
            prefix = groups[index + span - 1][0].prefix and span == 1
            result.append(
                (Phrase(words, prefix), *(Phrase(other) for other in alternatives[words]))
            )
            expanded = True
            index += span
            continue
        result.append(group)
        index += 1
    return SearchQuery(tuple(result), query.excluded, expanded)


def _longest_synonym(groups, index, alternatives) -> tuple[int, bool]:
    if len(groups[index]) > 1:  # already an "or" group: left as the reader wrote it
        return 1, False
    for span in range(min(MAX_SYNONYM_WORDS, len(groups) - index), 0, -1):
        chunk = groups[index : index + span]
        if any(len(g) > 1 for g in chunk):
            continue
        if span > 1 and any(len(g[0].words) > 1 for g in chunk):
            continue
        words = tuple(w for g in chunk for w in g[0].words)
        if words in alternatives:
            return span, True
    return 1, False


def all_words(query: SearchQuery) -> list[str]:
    """Every word the query looks for, synonyms included (to place an excerpt)."""
    seen: dict[str, None] = {}
    for group in query.groups:
        for phrase in group:
            for word in phrase.words:
                seen.setdefault(word, None)
    return list(seen)


# -- PostgreSQL ---------------------------------------------------------------------------


def _ts_phrase(phrase: Phrase) -> str:
    words = [f"'{word}'" for word in phrase.words]
    if phrase.prefix:
        words[-1] += ":*"
    return words[0] if len(words) == 1 else "(" + " <-> ".join(words) + ")"


def tsquery(query: SearchQuery) -> str:
    """``to_tsquery`` input: words are letters and digits only, quoted, so always valid."""
    parts = []
    for group in query.groups:
        alternatives = [_ts_phrase(phrase) for phrase in group]
        joined = f"({' | '.join(alternatives)})"
        parts.append(alternatives[0] if len(alternatives) == 1 else joined)
    parts.extend(f"!{_ts_phrase(phrase)}" for phrase in query.excluded)
    return " & ".join(parts)


def ts_word(word: str, *, prefix: bool = False) -> str:
    """One word as ``to_tsquery`` input."""
    return _ts_phrase(Phrase((word,), prefix))


# -- SQLite FTS5 --------------------------------------------------------------------------


def _fts_phrase(phrase: Phrase) -> str:
    return f'"{phrase.text()}"' + ("*" if phrase.prefix else "")


def fts5(query: SearchQuery) -> str:
    """An FTS5 match expression: words in double quotes (never FTS5 syntax), then operators."""
    parts = []
    for group in query.groups:
        alternatives = [_fts_phrase(phrase) for phrase in group]
        joined = f"({' OR '.join(alternatives)})"
        parts.append(alternatives[0] if len(alternatives) == 1 else joined)
    expression = " AND ".join(parts)
    if query.excluded:
        left_out = " OR ".join(_fts_phrase(phrase) for phrase in query.excluded)
        expression = f"({expression}) NOT ({left_out})"
    return expression


def fts5_word(word: str, *, prefix: bool = False) -> str:
    return _fts_phrase(Phrase((word,), prefix))
