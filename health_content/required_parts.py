"""The parts a safe treatment article must have before it is reviewed, and which are missing.

Each site chooses which parts it requires (``RequiredArticleParts``, all on by default). The
article's admin form checks them whenever the editor asks for more than a draft (submitting
for review, publishing), and the medical review asks the article again before a sign-off
(``TreatmentArticlePage.missing_required_parts``). The messages name what to add and where.
"""

from __future__ import annotations

from .blocks import cited_reference_numbers

RED_FLAG_KINDS = ("red_flags", "see_doctor")
RED_FLAGS = "a red-flags callout (a Callout block of kind 'Red flags' or 'When to see a doctor')"
CITED_REFERENCE = (
    "a cited reference (a reference on the References tab whose number a treatment option "
    "cites, e.g. 1)"
)
SOURCE = "a source (choose one under Attribution on the Content tab)"


def has_red_flags(body) -> bool:
    return any(
        child.block_type == "callout" and child.value.get("kind") in RED_FLAG_KINDS
        for child in body or []
    )


def has_cited_reference(body, references) -> bool:
    available = len(references or [])
    return any(1 <= number <= available for _, number in cited_reference_numbers(body or []))


def missing_parts(*, body, references, source, required) -> list[str]:
    """What the article lacks of the parts ``required`` (a ``RequiredArticleParts``) asks for."""
    missing = []
    if required.red_flags_callout and not has_red_flags(body):
        missing.append(RED_FLAGS)
    if required.cited_reference and not has_cited_reference(body, references):
        missing.append(CITED_REFERENCE)
    if required.source and source is None:
        missing.append(SOURCE)
    return missing
