"""Template tags of the review's admin screens."""

from __future__ import annotations

from django import template

from ..rules.readability import Readability, readability

register = template.Library()


@register.simple_tag
def reading_level_of(revision) -> Readability:
    """The reading grade of a revision's reviewed content, against its site's target."""
    return readability(revision.as_object())
