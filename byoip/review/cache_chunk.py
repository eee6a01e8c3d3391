"""One chunk of the row cache file: up to ``CHUNK`` files' entries and the tables
of text they share, written and read back (``byoip.review.cache`` has the file).

Everything read back is checked as it is decoded: a value of another type, an
index past a table's end, a key or instant that is not an integer all raise
``CacheDamaged`` (the opening then reads the folder afresh), and every string is
cleaned again before it can reach a screen.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from byoip.across import Claim
from byoip.findings import Finding, Severity
from byoip.review.row_shape import ALLOWED, FIELD_AT, HAYSTACK_AT, LINES, SHAPE
from byoip.review.rows import SEARCHED, DraftRow, row_haystack
from byoip.store import FileKey
from byoip.text import clean_text

if TYPE_CHECKING:  # typing only: cache imports this module
    from byoip.review.cache import CachedFile

#: Files per chunk (one line of the cache file, decoded when first used).
CHUNK = 500
#: Where each part of a file's entry is (a JSON list, in its chunk's "files").
KEY, MADE, UNTIL, ROW, CROSS, CLAIM = range(6)


class Damaged(Exception):
    """The cache file is not what this version writes: ignore all of it."""


class CacheDamaged(Exception):
    """The cache turned out damaged while a kept row was read back: read without it."""


_T = typing.TypeVar("_T")


def decoded(load: Callable[..., _T], *args: Any) -> _T:
    """``load(*args)``, any sign of a damaged cache file raised as ``CacheDamaged``."""
    try:
        return load(*args)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, Damaged):
        raise CacheDamaged from None


def head_of(entry: list[Any]) -> tuple[FileKey, int, int | None]:
    """An entry's key and journey instants, checked (``Damaged``: not what was written)."""
    if len(entry) != CLAIM + 1:
        raise Damaged
    key, made, until = as_list(entry[KEY]), entry[MADE], entry[UNTIL]
    if len(key) != len(FileKey._fields) or not all(type(n) is int for n in key):
        raise Damaged
    if type(made) is not int or not (until is None or type(until) is int):
        raise Damaged
    return FileKey(*key), made, until


class Chunk:
    """One line of the cache file: up to ``CHUNK`` files, decoded when first used."""

    __slots__ = ("_count", "_decoded", "_raw")

    def __init__(self, raw: bytes, count: int) -> None:
        self._raw = raw
        self._count = count
        self._decoded: tuple[Tables, list[Any]] | None = None

    def decoded(self) -> tuple[Tables, list[Any]]:
        """(tables, entries); ``CacheDamaged`` if the line is not what was written."""
        if self._decoded is None:
            self._decoded = decoded(self._decode)
            self._raw = b""
        return self._decoded

    def _decode(self) -> tuple[Tables, list[Any]]:
        data = json.loads(self._raw)
        if not isinstance(data, dict):
            raise Damaged
        files = as_list(data["files"])
        if len(files) != self._count:
            raise Damaged
        return Tables(data), files


def encode_chunk(
    files: list[tuple[str, CachedFile]], across: Mapping[str, Sequence[Finding]] | None
) -> dict[str, Any]:
    """One chunk: its files' entries, with the text they repeat kept once in its tables.

    Rows repeat most of their text (Regions, stages, checklist lines, findings' fields
    and codes): each string, list of lines and finding is kept once, and entries hold
    its index.
    """
    findings: dict[Finding, int] = {}
    strings: dict[str, int] = {}
    lines: dict[tuple[str, ...], int] = {}

    def text(value: str) -> int:
        return strings.setdefault(value, len(strings))

    def finding(item: Finding) -> int:
        return findings.setdefault(item, len(findings))

    entries: list[Any] = []
    for name, cached in files:
        row = cached.row
        values: list[Any] = []
        for field_name, allowed in SHAPE:
            value = getattr(row, field_name)
            if allowed is None:
                value = [finding(f) for f in value]
            elif allowed is LINES:
                value = lines.setdefault(value, len(lines))
            elif type(value) is str:
                value = text(value)
            values.append(value)
        claim = cached.claim
        entry: list[Any] = [None] * (CLAIM + 1)
        entry[KEY], entry[MADE], entry[UNTIL] = list(cached.key), cached.made_ns, cached.until_ns
        entry[ROW] = values
        entry[CROSS] = None if across is None else [finding(f) for f in across.get(name, ())]
        entry[CLAIM] = None
        if claim is not None:
            entry[CLAIM] = [
                None if claim.account is None else text(claim.account),
                None if claim.region is None else text(claim.region),
                text(claim.cidr),
                claim.first,
                claim.last,
                text(claim.created.isoformat()),
            ]
        entries.append(entry)
    # Before "strings" is listed: lines and findings add their strings to it.
    line_groups = [[text(line) for line in group] for group in lines]
    found = [
        [text(f.field), text(str(f.severity)), text(f.code), text(f.message)] for f in findings
    ]
    return {"strings": list(strings), "lines": line_groups, "findings": found, "files": entries}


def as_list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise Damaged
    return value


def _text(value: Any) -> str:
    """A cached string, cleaned again (the cache is a file like any other)."""
    if not isinstance(value, str):
        raise Damaged
    # isprintable() is False for every control and format character (escape included):
    # only text that has one needs the full cleaning.
    if value.isprintable() or value.replace("\n", "").isprintable():
        return value
    return clean_text(value, None, keep_newlines=True)


_SEVERITIES = {str(s): s for s in Severity}


def _index(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise Damaged
    return value


class Tables:
    """The cache file's shared tables.

    Every string is cleaned once, when the file is read (most are a single row's: a
    lazy read would clean each anyway); lists of lines and findings are read back
    when first used.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        # isprintable(): the fast path of _text, inline (tens of thousands of strings).
        self._strings = [
            text if type(text) is str and text.isprintable() else _text(text)
            for text in as_list(data["strings"])
        ]
        self._lines = as_list(data["lines"])
        self._findings = as_list(data["findings"])
        self._groups: dict[int, tuple[str, ...]] = {}
        self._found: dict[int, Finding] = {}

    def text(self, index: Any) -> str:
        return self._strings[_index(index)]

    def group(self, index: Any) -> tuple[str, ...]:
        group = self._groups.get(_index(index))
        if group is None:
            group = self._groups[index] = tuple(map(self.text, as_list(self._lines[index])))
        return group

    def finding(self, index: Any) -> Finding:
        if type(index) is not int or index < 0:  # _index, inline: one call per finding
            raise Damaged
        found = self._found.get(index)
        if found is None:
            field, severity, code, message = map(self.text, as_list(self._findings[index]))
            found = self._found[index] = Finding(field, _SEVERITIES[severity], code, message)
        return found

    def claim(self, path: Path, claim: Any) -> Claim | None:
        """One kept file's claim (``Damaged``, IndexError …: a damaged cache)."""
        if claim is None:
            return None
        account, region, cidr, first, last, created = as_list(claim)
        if not (type(first) is int and type(last) is int and first <= last):
            raise Damaged
        when = datetime.fromisoformat(self.text(created))
        if when.tzinfo is None:  # the rules compare dates: all of them carry their zone
            raise Damaged
        return Claim(
            path,
            None if account is None else self.text(account),
            None if region is None else self.text(region),
            self.text(cidr),
            first,
            last,
            when,
        )

    def findings(self, indices: Any) -> tuple[Finding, ...]:
        return tuple(map(self.finding, as_list(indices)))

    def row(self, path: Path, values: Any) -> DraftRow:
        """A row from its values (indices into the tables for text, lines and findings)."""
        if len(as_list(values)) != len(SHAPE):
            raise Damaged
        strings, finding = self._strings, self.finding
        decoded: list[Any] = [path]
        append = decoded.append
        for value, (kind, allowed) in zip(values, _KINDS, strict=True):
            if kind is _TEXT and type(value) is int:  # most fields: an index into strings
                if value < 0:
                    raise Damaged
                append(strings[value])
            elif kind is _FINDINGS:
                append(tuple(map(finding, as_list(value))))
            elif kind is _LINES:
                append(self.group(value))
            elif type(value) in allowed and type(value) is not str:  # a number, bool, None
                append(value)
            else:
                raise Damaged
        at = FIELD_AT
        searched = [decoded[at[name]] for name in SEARCHED]
        haystack = row_haystack(
            path, decoded[at["name"]], decoded[at["status"]], decoded[at["problem"]], searched
        )
        decoded.insert(HAYSTACK_AT, haystack)
        # DraftRow's own __init__ sets each of its frozen fields through object.__setattr__
        # (half the cost of a row read back): the same fields are set at once.
        row = _new(DraftRow)
        row.__dict__.update(zip(_FIELD_NAMES, decoded, strict=True))
        return row


#: How each kept field is read back: (kind, the JSON types its value may have).
_TEXT, _FINDINGS, _LINES, _PLAIN = "text", "findings", "lines", "plain"
_KINDS = tuple(
    (_FINDINGS, frozenset())
    if allowed is None
    else (_LINES, frozenset())
    if allowed is LINES
    else (_TEXT if str in allowed else _PLAIN, allowed)
    for allowed in ALLOWED
)
_FIELD_NAMES = tuple(item.name for item in dataclasses.fields(DraftRow))
_new = object.__new__
