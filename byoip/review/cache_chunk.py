"""One chunk of the row cache file: up to ``CHUNK`` files' entries and the tables
of text they share, written and read back (``byoip.review.cache`` has the file).

Everything read back is checked as it is decoded: a value of another type, an
index past a table's end, a key or instant that is not an integer all raise
``CacheDamaged`` (the opening then reads the folder afresh), and every string is
cleaned again before it can reach a screen.
"""

from __future__ import annotations

import json
import operator
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from byoip.across import Claim
from byoip.findings import Finding, Severity
from byoip.review.row_shape import ALLOWED, LINES, SHAPE
from byoip.review.rows import DraftRow
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
            found = self._found[index] = self._new_finding(self._findings[index])
        return found

    def _new_finding(self, parts: Any) -> Finding:
        """A finding from its four string indices (field, severity, code, message).

        Most findings are one row's (their message names its range): this runs once
        per finding of the chunk, so the indices are checked inline, and the finding is
        made without ``Finding.__init__``: its message is already cleaned exactly as
        ``Finding.__post_init__`` would (every string of the table was, with the same
        ``clean_text(..., None, keep_newlines=True)``, which leaves its own output as it is).
        """
        if type(parts) is not list or len(parts) != 4:
            raise Damaged
        strings = self._strings
        for place in parts:
            if type(place) is not int or place < 0:
                raise Damaged
        field, severity, code, message = [strings[place] for place in parts]
        found = _new(Finding)
        _set(found, "field", field)
        _set(found, "severity", _SEVERITIES[severity])
        _set(found, "code", code)
        _set(found, "message", message)
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
        if type(values) is not list or len(values) != len(SHAPE):
            raise Damaged
        # Most fields are an index into strings and nothing else: checked and looked up
        # together (a type other than int, a bool included, or a negative index: damaged;
        # past the end: IndexError, damaged too).
        places = _pick_text(values)
        if set(map(type, places)) != _INT_ONLY or min(places) < 0:
            raise Damaged
        strings = self._strings
        fields = dict(zip(_TEXT_NAMES, map(strings.__getitem__, places), strict=True))
        for name, place, kind, allowed in _OTHERS:
            value = values[place]
            if kind is _FINDINGS:
                value = tuple(map(self.finding, as_list(value)))
            elif kind is _LINES:
                value = self.group(value)
            elif kind is _TEXT and type(value) is int:  # text or None (the file's problem)
                if value < 0:
                    raise Damaged
                value = strings[value]
            elif type(value) not in allowed or type(value) is str:  # a number, bool, None
                raise Damaged
            fields[name] = value
        fields["path"] = path
        # DraftRow's own __init__ sets each of its frozen fields through object.__setattr__
        # (half the cost of a row read back): the same fields are set at once.
        row = _new(DraftRow)
        _set(row, "__dict__", fields)
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
#: The fields kept as an index into the strings table and nothing else (most of a row) ...
_TEXT_ONLY = tuple(place for place, allowed in enumerate(ALLOWED) if allowed == frozenset({str}))
_TEXT_NAMES = tuple(SHAPE[place][0] for place in _TEXT_ONLY)
if len(_TEXT_ONLY) < 2:  # itemgetter of one place gives the value, not a tuple
    raise TypeError("the row cache expects several text fields in DraftRow")
_pick_text = operator.itemgetter(*_TEXT_ONLY)
_INT_ONLY = {int}
#: ... and the others: (field, place in the kept values, kind, JSON types allowed).
_OTHERS = tuple(
    (SHAPE[place][0], place, kind, allowed)
    for place, (kind, allowed) in enumerate(_KINDS)
    if place not in _TEXT_ONLY
)
_new = object.__new__
_set = object.__setattr__
