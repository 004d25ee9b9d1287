"""How reviewers and editors read a change in the admin's compare view.

Wagtail compares a block it has no special comparison for by the text of its basic HTML: a
choice shows its stored value (``red_flags``) and a list runs its items together
("RestIce"). Blocks offer Wagtail a ``get_comparison_class()``; these classes show a choice by
the label editors picked and a list as a numbered list, one item per line.
"""

from __future__ import annotations

from django.utils.html import escape, format_html, format_html_join
from wagtail.admin.compare import (
    CharBlockComparison,
    ListBlockComparison,
    diff_text,
    get_comparison_class_for_block,
)


class ChoiceLabelComparison(CharBlockComparison):
    """A choice compared by its label ("Red flags"), not its stored value."""

    def label(self, value) -> str:
        return str(dict(self.block.field.choices).get(value, value or ""))

    def htmlvalue(self, val):
        return escape(self.label(val))

    def htmldiff(self):
        return diff_text(self.label(self.val_a), self.label(self.val_b)).to_html()


class ItemListComparison(ListBlockComparison):
    """A list shown one item per line; changes are still compared item by item."""

    def htmlvalue(self, val):
        child = self.block.child_block
        comparison_class = get_comparison_class_for_block(child)
        items = [comparison_class(child, True, True, item, item).htmlvalue(item) for item in val]
        return format_html(
            "<ol>{}</ol>", format_html_join("", "<li>{}</li>", ((i,) for i in items))
        )
