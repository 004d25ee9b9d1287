"""What changed in the reviewed content: the content a sign-off binds to, part by part.

The fingerprint covers the page's reviewed content as one JSON value, outside parts included
(the source's attribution, images, the titles of related articles). To show a reviewer what
changed since the live, signed version, that value is laid out as labelled parts ("Source ·
attribution", "Body 2 · treatment tier · options 1 · description"), each a line of plain text,
and the parts of two versions are paired by label. Like ``fingerprint``, this module never
relies on what the content holds: any page type's reviewed content lays out the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.html import strip_tags
from django.utils.text import capfirst

# Keys that only identify a block within the stream; they change nothing a reader sees.
_BLOCK_IDENTITY = "id"


@dataclass(frozen=True)
class ReviewedPart:
    """One part of the reviewed content: where it is, and its text."""

    label: str
    text: str


@dataclass(frozen=True)
class PartChange:
    """A part as it is in the signed version (``before``) and under review (``after``);
    empty text where the part does not exist in that version."""

    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _words(key: str) -> str:
    return key.replace("_", " ")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    # Rich text as the words a reader reads, tags stripped, whitespace joined.
    return " ".join(strip_tags(str(value)).split())


def _walk(value: Any, label: str, parts: list[ReviewedPart]) -> None:
    if isinstance(value, dict):
        if "type" in value and "value" in value:  # a stream block: named by its type
            _walk(value["value"], f"{label} · {_words(str(value['type']))}", parts)
            return
        for key, item in value.items():
            _walk(item, f"{label} · {_words(key)}" if label else capfirst(_words(key)), parts)
    elif isinstance(value, list):
        if value and all(not isinstance(item, dict | list) for item in value):
            parts.append(ReviewedPart(label, ", ".join(_text(item) for item in value)))
            return
        for number, item in enumerate(value, start=1):
            _walk(item, f"{label} {number}", parts)
    else:
        parts.append(ReviewedPart(label or "Content", _text(value)))


def reviewed_parts(content: Any) -> list[ReviewedPart]:
    """The reviewed content laid out as labelled lines of text, in the content's order."""
    parts: list[ReviewedPart] = []
    if isinstance(content, dict):
        content = {key: value for key, value in content.items() if key != _BLOCK_IDENTITY}
    _walk(content, "", parts)
    return [part for part in parts if not part.label.endswith(f" · {_BLOCK_IDENTITY}")]


def compare_reviewed(before: Any | None, after: Any) -> list[PartChange]:
    """Every part of ``after`` beside the same part of ``before`` (``None``: nothing was
    signed before, the whole content is new), then the parts ``after`` no longer has."""
    old = {part.label: part.text for part in reviewed_parts(before)} if before is not None else {}
    new = reviewed_parts(after)
    changes = [PartChange(part.label, old.get(part.label, ""), part.text) for part in new]
    kept = {part.label for part in new}
    changes += [PartChange(label, text, "") for label, text in old.items() if label not in kept]
    return changes


def changed_labels(before: Any | None, after: Any) -> list[str]:
    """The labels of the parts that differ between two versions of the reviewed content."""
    return [change.label for change in compare_reviewed(before, after) if change.changed]
