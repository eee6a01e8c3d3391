"""The shape of a cached row: which JSON types each ``DraftRow`` field may have.

Worked out once from ``DraftRow``'s type hints, so a new field or a changed type is
either cached exactly or refused (never a row read back wrong).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from byoip.findings import Finding
from byoip.review.rows import DraftRow

#: Field types a cached row may hold, checked on every value read back (exact types: a
#: bool is not taken for an int).
_PLAIN: dict[Any, tuple[type, ...]] = {str: (str,), int: (int,), float: (int, float), bool: (bool,)}
#: The shape of a field holding lines of text (``tuple[str, ...]``, kept as a JSON list).
LINES: frozenset[type] = frozenset({tuple})


def _row_shape() -> tuple[tuple[str, frozenset[type] | None], ...]:
    """(field, the JSON types its value may have) for every DraftRow field but ``path``.

    ``None`` stands for the findings (kept as indices into a shared table), ``LINES``
    for lines of text.  A field of any other type makes the cache refuse rows (never a
    wrong one): extend here.
    """
    hints = typing.get_type_hints(DraftRow)
    shape: list[tuple[str, frozenset[type] | None]] = []
    fields = dataclasses.fields(DraftRow)
    if fields[0].name != "path":
        raise TypeError("DraftRow.path must stay the first field (rows are rebuilt in order)")
    for item in fields[1:]:
        hint = hints[item.name]
        if hint == tuple[Finding, ...]:
            shape.append((item.name, None))
            continue
        if hint == tuple[str, ...]:
            shape.append((item.name, LINES))
            continue
        parts = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        allowed: tuple[type, ...] = ()
        for part in parts:
            if part is type(None):
                allowed += (type(None),)
            elif part in _PLAIN:
                allowed += _PLAIN[part]
            else:
                raise TypeError(f"DraftRow.{item.name}: {hint} can't be cached; extend _row_shape")
        if str in allowed and int in allowed:  # text is kept as an index: it would be ambiguous
            raise TypeError(f"DraftRow.{item.name}: {hint} can't be cached; extend _row_shape")
        shape.append((item.name, frozenset(allowed)))
    return tuple(shape)


SHAPE = _row_shape()
#: The JSON types of each field's value, in order (see ``_row_shape``).
ALLOWED = tuple(allowed for _name, allowed in SHAPE)
