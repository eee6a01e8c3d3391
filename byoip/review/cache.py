"""The row cache: each draft's own row kept between openings, so a second opening reads
only the files that changed.

One JSON file per drafts folder in the cache folder (``settings.cache_dir``).
A file's entry is trusted only while the file's key (size, modification and
change times in nanoseconds, inode) is exactly the one taken just before it
was read; any difference, a clock put back included, means it is read again.
An entry is kept only for a file whose last change is older than
``SETTLE_NS``: a file written in the same clock tick as it was read could be
written again within that tick without its key moving (git's "racily clean"
problem).  The journey columns depend on the clock too: an entry keeps the
instant its row was made and the journey's horizon (``byoip.journey.horizon``),
and is used only between the two (a clock put back, or a due date passed,
reads the file again); the settings the journey used are part of the cache's
version.

The cache is only ever a shortcut.  It is written atomically (a reader sees
the old file or the new one), it is versioned by its format, by the code that
computes rows (a new release, a changed rule or a new column starts afresh)
and by the folder it describes; a damaged, foreign or unreadable cache is
ignored and rebuilt, and a cache that can't be written is skipped.  Strings
read from it are cleaned again before they can reach a screen.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from byoip.atomic import atomic_write_bytes
from byoip.config import Settings
from byoip.findings import Finding, Severity
from byoip.review.row_shape import ALLOWED, LINES, SHAPE
from byoip.review.rows import DraftRow
from byoip.store import Claim, FileKey
from byoip.text import clean_text

#: Bumped when the layout of the cache file changes.
CACHE_FORMAT = 4
#: A file changed more recently than this (2 s: the coarsest file-system clock in use,
#: FAT's) is read every time until it settles.
SETTLE_NS = 2_000_000_000
#: Where, under the cache folder, the row caches live.
CACHE_SUBFOLDER = "drafts-rows"


class _Damaged(Exception):
    """The cache file is not what this version writes: ignore all of it."""


class CacheDamaged(Exception):
    """The cache turned out damaged while a kept row was read back: read without it."""


class CachedFile:
    """One draft as the cache keeps it: its key, its own row, its claim across drafts, and
    the findings the rules across drafts gave it when the cache was written.

    The row's journey columns hold from ``made_ns`` (when the row was made) until
    ``until_ns`` (the journey's horizon; None: until the file or the settings change).
    A file read back from the cache file (``stored``: its entry there) is decoded part
    by part when first used, so an opening can show its first rows before the last is
    decoded, and a claim is decoded only when the rules across drafts run; a damaged
    part raises ``CacheDamaged`` then.  ``cross`` (None: not kept) holds only while
    every file of the folder is the one the cache kept: ``byoip.review.scan`` checks
    that before using it.
    """

    __slots__ = ("_claim", "_cross", "_row", "_stored", "key", "made_ns", "until_ns")

    def __init__(
        self,
        key: FileKey,
        row: DraftRow | None = None,
        claim: Claim | None = None,
        made_ns: int = 0,
        until_ns: int | None = None,
        *,
        stored: tuple[_Tables, Path, dict[str, Any]] | None = None,
    ) -> None:
        self.key = key
        self.made_ns = made_ns
        self.until_ns = until_ns
        self._row = row
        self._claim = claim
        self._cross: tuple[Finding, ...] | None = None
        self._stored = stored
        if stored is not None:
            self._row = self._claim = self._cross = _UNREAD  # type: ignore[assignment]

    @property
    def row(self) -> DraftRow:
        if self._row is _UNREAD:
            tables, path, entry = self._stored  # type: ignore[misc]
            self._row = _decoded(tables.row, path, entry["row"])
        assert self._row is not None
        return self._row

    @property
    def claim(self) -> Claim | None:
        if self._claim is _UNREAD:
            tables, path, entry = self._stored  # type: ignore[misc]
            self._claim = _decoded(tables.claim, path, entry["claim"])
        return self._claim

    @property
    def has_cross(self) -> bool:
        """Whether the cache kept this file's findings across drafts."""
        if self._cross is not _UNREAD:
            return self._cross is not None
        return self._stored is not None and self._stored[2].get("cross") is not None

    @property
    def cross(self) -> tuple[Finding, ...] | None:
        """The findings across drafts kept with this file (None: none kept)."""
        if self._cross is _UNREAD:
            tables, _path, entry = self._stored  # type: ignore[misc]
            kept = entry.get("cross")
            self._cross = None if kept is None else _decoded(tables.findings, kept)
        return self._cross

    def holds_at(self, now_ns: int) -> bool:
        """Whether the row's journey is still the one it would be at ``now_ns``."""
        return self.made_ns <= now_ns and (self.until_ns is None or now_ns < self.until_ns)


#: A part of a ``CachedFile`` not yet decoded.
_UNREAD: Any = object()


_T = typing.TypeVar("_T")


def _decoded(load: Callable[..., _T], *args: Any) -> _T:
    """``load(*args)``, any sign of a damaged cache file raised as ``CacheDamaged``."""
    try:
        return load(*args)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, _Damaged):
        raise CacheDamaged from None


def _code_fingerprint() -> str:
    """Changes whenever the code that computes rows may have changed.

    The row's fields and types, the cache format, Python's version, and the size and
    modification time of every file of the ``byoip`` package (a few dozen ``stat``).
    """
    digest = hashlib.sha256()
    shape = [(name, sorted(t.__name__ for t in allowed or ())) for name, allowed in SHAPE]
    digest.update(repr((CACHE_FORMAT, sys.version, shape)).encode())
    package = Path(__file__).resolve().parent.parent
    for folder, subfolders, files in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(files):
            with contextlib.suppress(OSError):
                stat = os.stat(os.path.join(folder, name))
                where = os.path.relpath(os.path.join(folder, name), package)
                digest.update(f"{where}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


# --------------------------------------------------------------------------- the cache file


class RowCache:
    """The cache file for one drafts folder."""

    def __init__(
        self,
        file: Path,
        folder: Path,
        now: Callable[[], int] = time.time_ns,
        settings: Settings | None = None,
    ) -> None:
        self.file = Path(file)
        #: The folder as the store names it (rows read back get paths under it).
        self.folder = Path(folder).expanduser()
        #: The wall clock in nanoseconds (tests move it to see what a later opening does).
        self.now = now
        self._code: str | None = None
        #: What the journey columns depend on besides the file and the clock.
        self.settings_print = _settings_print(settings or Settings())
        #: Every file name the cache file held when last read (to tell whether it is stale).
        self.names_read: frozenset[str] = frozenset()

    @classmethod
    def for_folder(
        cls,
        cache_dir: Path,
        folder: Path,
        now: Callable[[], int] = time.time_ns,
        settings: Settings | None = None,
    ) -> RowCache:
        """The cache of ``folder``, named by a hash of its absolute path."""
        name = hashlib.sha256(_identity(Path(folder)).encode("utf-8", "surrogatepass"))
        file = Path(cache_dir) / CACHE_SUBFOLDER / f"{name.hexdigest()[:24]}.json"
        return cls(file, folder, now, settings)

    @property
    def code(self) -> str:
        if self._code is None:
            self._code = _code_fingerprint()
        return self._code

    def settled(self, key: FileKey) -> bool:
        """Whether a file with this key is old enough for its row to be kept."""
        newest = max(key.mtime_ns, key.ctime_ns)
        return self.now() - newest > SETTLE_NS

    def read(self, paths: Mapping[str, Path]) -> dict[str, CachedFile]:
        """File name -> what was kept for it, for the files in ``paths`` (name -> path).

        Empty when there is no usable cache.
        """
        self.names_read = frozenset()
        try:
            data = json.loads(self.file.read_bytes())
            return self._decode(data, paths)
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, _Damaged):
            return {}

    def write(
        self,
        files: Mapping[str, CachedFile],
        across: Mapping[str, Sequence[Finding]] | None = None,
    ) -> bool:
        """Replace the cache with ``files`` (atomically); False when it can't be written.

        ``across``: file name -> its findings across drafts, given only when ``files`` is
        the whole folder as it was read (a name missing from it had none).
        """
        try:
            data = self._encode(files, across)
            data = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            atomic_write_bytes(self.file, data.encode("utf-8", "surrogatepass"))
        except (OSError, ValueError, TypeError):
            return False
        return True

    # ----------------------------------------------------------------- encoding

    def _encode(
        self, files: Mapping[str, CachedFile], across: Mapping[str, Sequence[Finding]] | None
    ) -> dict[str, Any]:
        # Rows repeat most of their text (Regions, stages, checklist lines): each string,
        # list of lines and finding is kept once, in a table, and rows hold its index.
        findings: dict[Finding, int] = {}
        strings: dict[str, int] = {}
        lines: dict[tuple[str, ...], int] = {}

        def text(value: str) -> int:
            return strings.setdefault(value, len(strings))

        entries: dict[str, Any] = {}
        for name, cached in files.items():
            row = cached.row
            values: list[Any] = []
            for field_name, allowed in SHAPE:
                value = getattr(row, field_name)
                if allowed is None:
                    value = [findings.setdefault(f, len(findings)) for f in value]
                elif allowed is LINES:
                    value = lines.setdefault(value, len(lines))
                elif type(value) is str:
                    value = text(value)
                values.append(value)
            claim = cached.claim
            entries[name] = {
                "key": list(cached.key),
                "journey": [cached.made_ns, cached.until_ns],
                "row": values,
                "cross": None
                if across is None
                else [findings.setdefault(f, len(findings)) for f in across.get(name, ())],
                "claim": None
                if claim is None
                else [
                    claim.account,
                    claim.region,
                    claim.cidr,
                    claim.first,
                    claim.last,
                    claim.created.isoformat(),
                ],
            }
        line_groups = [[text(line) for line in group] for group in lines]  # before "strings"
        return {
            "format": CACHE_FORMAT,
            "code": self.code,
            "folder": _identity(self.folder),
            "settings": self.settings_print,
            "strings": list(strings),
            "lines": line_groups,
            "findings": [[f.field, str(f.severity), f.code, f.message] for f in findings],
            "files": entries,
        }

    def _decode(self, data: Any, paths: Mapping[str, Path]) -> dict[str, CachedFile]:
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            raise _Damaged
        if data.get("code") != self.code or data.get("folder") != _identity(self.folder):
            raise _Damaged  # another release's rules, or another folder's cache
        if data.get("settings") != self.settings_print:
            raise _Damaged  # the journey was worked out under other settings
        tables = _Tables(data)
        files = data["files"]
        if not isinstance(files, dict):
            raise _Damaged
        self.names_read = frozenset(files)
        result: dict[str, CachedFile] = {}
        for name, entry in files.items():
            path = paths.get(name)
            if path is None:
                continue  # no longer in the folder
            if not isinstance(entry, dict):
                raise _Damaged
            key = _list(entry["key"])
            if len(key) != len(FileKey._fields) or not all(type(n) is int for n in key):
                raise _Damaged
            made, until = _list(entry["journey"])
            if type(made) is not int or not (until is None or type(until) is int):
                raise _Damaged
            if "row" not in entry or "claim" not in entry:
                raise _Damaged
            stored = (tables, path, entry)
            result[name] = CachedFile(FileKey(*key), None, None, made, until, stored=stored)
        return result


def _settings_print(settings: Settings) -> str:
    """A digest of the settings (the journey's ages, holidays and hours depend on them)."""
    return hashlib.sha256(repr(settings).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _identity(folder: Path) -> str:
    """The folder's absolute path as written (rows keep paths spelled this way)."""
    return str(folder.expanduser().absolute())


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _Damaged
    return value


def _text(value: Any) -> str:
    """A cached string, cleaned again (the cache is a file like any other)."""
    if not isinstance(value, str):
        raise _Damaged
    # isprintable() is False for every control and format character (escape included):
    # only text that has one needs the full cleaning.
    if value.isprintable() or value.replace("\n", "").isprintable():
        return value
    return clean_text(value, None, keep_newlines=True)


_SEVERITIES = {str(s): s for s in Severity}


def _finding(item: Any) -> Finding:
    field, severity, code, message = _list(item)
    if type(message) is not str:
        raise _Damaged
    # Finding cleans its message itself: only the field and the code are cleaned here.
    return Finding(_text(field), _SEVERITIES[severity], _text(code), message)


def _index(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise _Damaged
    return value


class _Tables:
    """The cache file's shared tables.

    Every string is cleaned once, when the file is read (most are a single row's: a
    lazy read would clean each anyway); lists of lines and findings are read back
    when first used.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        # isprintable(): the fast path of _text, inline (tens of thousands of strings).
        self._strings = [
            text if type(text) is str and text.isprintable() else _text(text)
            for text in _list(data["strings"])
        ]
        self._lines = _list(data["lines"])
        self._findings = _list(data["findings"])
        self._groups: dict[int, tuple[str, ...]] = {}
        self._found: dict[int, Finding] = {}

    def text(self, index: Any) -> str:
        return self._strings[_index(index)]

    def group(self, index: Any) -> tuple[str, ...]:
        group = self._groups.get(_index(index))
        if group is None:
            group = self._groups[index] = tuple(map(self.text, _list(self._lines[index])))
        return group

    def finding(self, index: Any) -> Finding:
        if type(index) is not int or index < 0:  # _index, inline: one call per finding
            raise _Damaged
        found = self._found.get(index)
        if found is None:
            found = self._found[index] = _finding(self._findings[index])
        return found

    def claim(self, path: Path, claim: Any) -> Claim | None:
        """One kept file's claim (``_Damaged``, IndexError …: a damaged cache)."""
        return None if claim is None else _claim(path, _list(claim))

    def findings(self, indices: Any) -> tuple[Finding, ...]:
        return tuple(map(self.finding, _list(indices)))

    def row(self, path: Path, values: Any) -> DraftRow:
        """A row from its values (indices into the tables for text, lines and findings)."""
        if len(_list(values)) != len(SHAPE):
            raise _Damaged
        strings = self._strings
        decoded: list[Any] = [path]
        for value, allowed in zip(values, ALLOWED, strict=True):
            kind = type(value)
            if allowed is None:
                value = tuple(map(self.finding, _list(value)))
            elif allowed is LINES:
                value = self.group(value)
            elif kind is int and str in allowed:
                if value < 0:
                    raise _Damaged
                value = strings[value]
            elif kind not in allowed or kind is str:
                raise _Damaged
            decoded.append(value)
        return DraftRow(*decoded)


def _claim(path: Path, values: list[Any]) -> Claim:
    account, region, cidr, first, last, created = values
    if not (type(first) is int and type(last) is int and first <= last):
        raise _Damaged
    when = datetime.fromisoformat(_text(created))
    if when.tzinfo is None:  # the rules compare dates: all of them carry their zone
        raise _Damaged
    return Claim(
        path,
        None if account is None else _text(account),
        None if region is None else _text(region),
        _text(cidr),
        first,
        last,
        when,
    )
