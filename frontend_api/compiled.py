"""Queries compiled to SQL once per process and shape, then run with each request's values.

Building the servable-articles queryset (subqueries for the health center, view restrictions
and the sign-off) and compiling it to SQL costs several milliseconds of Python per request,
about ten times what the database needs to answer it. The SQL depends only on the query's
shape (which filters, which ordering) and the site's root, so it is compiled once with
sentinel values and run with the request's values in their place. Nothing about content is
kept here: every run asks the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Slot:
    """A value filled in per run: the sentinel compiled in, and how the database wants it."""

    sentinel: Any
    adapt: Callable[[Any], Any] = lambda value: value

    def prepared(self, value: Any) -> Any:
        return self.adapt(value)


def date_slot(sentinel) -> Slot:
    """A date parameter, adapted the way the database backend adapts dates."""
    return Slot(sentinel, lambda value: connection.ops.adapt_datefield_value(value))


@dataclass(frozen=True)
class CompiledQuery:
    """SQL and parameters of a queryset, with the positions of its slots."""

    model: type[Model]
    sql: str
    params: tuple
    positions: dict[str, tuple[Slot, tuple[int, ...]]]

    @classmethod
    def compile(cls, queryset: QuerySet, **slots: Slot) -> CompiledQuery:
        sql, params = queryset.query.sql_with_params()
        positions = {}
        for name, slot in slots.items():
            marker = slot.prepared(slot.sentinel)
            found = tuple(i for i, param in enumerate(params) if param == marker)
            if not found:
                raise ValueError(f"Slot {name!r} does not appear in the compiled query")
            positions[name] = (slot, found)
        return cls(queryset.model, sql, tuple(params), positions)

    def _params(self, values: dict[str, Any]) -> list:
        params = list(self.params)
        for name, (slot, found) in self.positions.items():
            for index in found:
                params[index] = slot.prepared(values[name])
        return params

    def instances(self, *, limit: int | None = None, offset: int = 0, **values) -> list:
        """Model instances (with annotations as attributes), optionally one page of them."""
        sql, params = self.sql, self._params(values)
        if limit is not None:
            sql, params = f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset]
        return list(self.model._default_manager.raw(sql, params))

    def rows(self, **values) -> list[tuple]:
        """Plain rows, for ``values_list`` querysets."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self._params(values))
            return cursor.fetchall()
