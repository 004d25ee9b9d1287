"""How hard an article is to read: a US school grade (Flesch-Kincaid, by ``textstat``) of its
reader-facing text, and the site's target.

Consumer health content is written for a 6th to 8th grade reading level (Healthwise; the PIF
TICK's criterion 6). The figure is a warning, never a block: editors see it as they write,
reviewers when they sign, and the sign-off records the figure of what was signed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import textstat

DEFAULT_TARGET_GRADE = 8
# Below this many words a grade says little (a stub, a title only): no figure is given.
MINIMUM_WORDS = 20

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|div)>", re.IGNORECASE)


def plain_text(html: str) -> str:
    """Rich text as sentences: tags out, every paragraph or list item ending a sentence."""
    text = _BLOCK_END.sub(". ", html or "")
    return " ".join(unescape(_TAG.sub(" ", text)).split())


def reading_grade(text: str) -> float | None:
    """The Flesch-Kincaid grade of ``text``, to one decimal; None for too little text."""
    if textstat.lexicon_count(text) < MINIMUM_WORDS:
        return None
    return round(max(textstat.flesch_kincaid_grade(text), 0.0), 1)


@dataclass(frozen=True)
class Readability:
    """A page's reading grade against the site's target."""

    grade: float | None
    target: int

    @property
    def above_target(self) -> bool:
        return self.grade is not None and self.grade > self.target

    def sentence(self) -> str:
        """'Reading grade 9.4: above the site's target of grade 8 ...' as the admin says it."""
        if self.grade is None:
            return "Reading grade: not enough text yet to measure."
        if self.above_target:
            return (
                f"Reading grade {self.grade}: above the site's target of grade {self.target}. "
                "Shorter sentences and everyday words bring it down."
            )
        return f"Reading grade {self.grade}: within the site's target of grade {self.target}."


def target_grade(page) -> int:
    """The target grade of the page's site (``ReadingLevel``), else the default."""
    from ..models import ReadingLevel

    site = page.get_site() if getattr(page, "url_path", None) else None
    # Read, never created here (``for_site`` would write a row while a page is only shown).
    target = ReadingLevel.objects.filter(site=site).values_list("target_grade", flat=True)
    return (target.first() if site is not None else None) or DEFAULT_TARGET_GRADE


def readability(page, content=None) -> Readability:
    """The page's reading grade (of ``content``, its reviewed content, when already rendered)
    and its site's target."""
    return Readability(reading_grade(page.get_reader_text(content)), target_grade(page))
