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

The file is JSON lines: a head (format, versions, and the names of the files
in each chunk) and then one line per chunk of ``CHUNK`` files in name order, each
with its own tables of strings, lines and findings.  An opening reads the head,
and decodes a chunk only when the scan reaches its first file: a second opening
of 10,000 drafts shows its first rows after one chunk, not after the whole file.
The filter's ``haystack`` is not a field: a row makes it when first filtered.

The cache is only ever a shortcut.  It is written atomically (a reader sees
the old file or the new one), it is versioned by its format, by the code that
computes rows (a new release, a changed rule or a new column starts afresh)
and by the folder it describes; a damaged, foreign or unreadable cache is
ignored and rebuilt, and a cache that can't be written is skipped.  Strings
read from it are cleaned again before they can reach a screen.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from byoip.across import Claim
from byoip.atomic import atomic_write_bytes
from byoip.config import Settings
from byoip.findings import Finding
from byoip.review.cache_chunk import (
    CHUNK,
    CLAIM,
    CROSS,
    ROW,
    Chunk,
    Damaged,
    Tables,
    as_list,
    decoded,
    encode_chunk,
    head_of,
)
from byoip.review.row_shape import SHAPE
from byoip.review.rows import DraftRow
from byoip.store import FileKey

#: Bumped when the layout of the cache file changes.
CACHE_FORMAT = 5
#: A file changed more recently than this (2 s: the coarsest file-system clock in use,
#: FAT's) is read every time until it settles.
SETTLE_NS = 2_000_000_000
#: Where, under the cache folder, the row caches live.
CACHE_SUBFOLDER = "drafts-rows"


class CachedFile:
    """One draft as the cache keeps it: its key, its own row, its claim across drafts, and
    the findings the rules across drafts gave it when the cache was written.

    The row's journey columns hold from ``made_ns`` (when the row was made) until
    ``until_ns`` (the journey's horizon; None: until the file or the settings change).
    A file read back from the cache file (``stored``: its chunk and place there) is
    decoded part by part when first used, so an opening can show its first rows before
    the last chunk is decoded, and a claim is decoded only when the rules across drafts
    run; a damaged part raises ``CacheDamaged`` then.  ``cross`` (None: not kept) holds
    only while every file of the folder is the one the cache kept: ``byoip.review.scan``
    checks that before using it.
    """

    __slots__ = ("_claim", "_cross", "_entry", "_head", "_path", "_row", "_stored")

    def __init__(
        self,
        key: FileKey,
        row: DraftRow | None = None,
        claim: Claim | None = None,
        made_ns: int = 0,
        until_ns: int | None = None,
    ) -> None:
        self._head: tuple[FileKey, int, int | None] | None = (key, made_ns, until_ns)
        self._row = row
        self._claim = claim
        self._cross: tuple[Finding, ...] | None = None
        self._stored: tuple[Chunk, int] | None = None
        self._path: Path | None = None
        #: (its chunk's tables, its entry) once decoded.
        self._entry: tuple[Tables, list[Any]] | None = None

    @classmethod
    def stored(cls, chunk: Chunk, place: int, path: Path) -> CachedFile:
        """The file at ``place`` in ``chunk`` of the cache file, not decoded yet."""
        cached = cls.__new__(cls)
        cached._head = cached._entry = None
        cached._row = cached._claim = cached._cross = _UNREAD
        cached._stored, cached._path = (chunk, place), path
        return cached

    def _decode(self) -> tuple[Tables, list[Any]]:
        """(the chunk's tables, this file's entry, its key and instants checked)."""
        if self._entry is None:
            chunk, place = self._stored  # type: ignore[misc]
            tables, files = chunk.decoded()
            entry = decoded(as_list, files[place])
            self._head = decoded(head_of, entry)
            self._entry = (tables, entry)
        return self._entry

    @property
    def _parts(self) -> tuple[FileKey, int, int | None]:
        if self._head is None:
            self._decode()
        return self._head  # type: ignore[return-value]

    @property
    def key(self) -> FileKey:
        return self._parts[0]

    @property
    def made_ns(self) -> int:
        return self._parts[1]

    @property
    def until_ns(self) -> int | None:
        return self._parts[2]

    @property
    def row(self) -> DraftRow:
        if self._row is _UNREAD:
            tables, entry = self._decode()
            self._row = decoded(tables.row, self._path, entry[ROW])
        assert self._row is not None
        return self._row

    @property
    def claim(self) -> Claim | None:
        if self._claim is _UNREAD:
            tables, entry = self._decode()
            self._claim = decoded(tables.claim, self._path, entry[CLAIM])
        return self._claim

    @property
    def has_cross(self) -> bool:
        """Whether the cache kept this file's findings across drafts."""
        if self._cross is not _UNREAD:
            return self._cross is not None
        _tables, entry = self._decode()
        return entry[CROSS] is not None

    @property
    def cross(self) -> tuple[Finding, ...] | None:
        """The findings across drafts kept with this file (None: none kept)."""
        if self._cross is _UNREAD:
            tables, entry = self._decode()
            kept = entry[CROSS]
            self._cross = None if kept is None else decoded(tables.findings, kept)
        return self._cross

    def holds_at(self, now_ns: int) -> bool:
        """Whether the row's journey is still the one it would be at ``now_ns``."""
        _key, made_ns, until_ns = self._parts
        return made_ns <= now_ns and (until_ns is None or now_ns < until_ns)


#: A part of a ``CachedFile`` not yet decoded.
_UNREAD: Any = object()


@functools.cache
def _code_fingerprint() -> str:
    """Changes whenever the code that computes rows may have changed.

    The row's fields and types, the cache format, Python's version, and the size and
    modification time of every file of the ``byoip`` package (a few dozen ``stat``).
    Worked out once per process: the code running is the one imported, whatever is
    installed over it meanwhile (a millisecond per opening, 2% of a second opening).
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

        Only the head of the cache file is decoded here, each chunk when first used.
        Empty when there is no usable cache.
        """
        self.names_read = frozenset()
        try:
            head, *chunks = self.file.read_bytes().split(b"\n")
            return self._decode(json.loads(head), chunks, paths)
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError, Damaged):
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
            names = list(files)
            chunks = [names[start : start + CHUNK] for start in range(0, len(names), CHUNK)]
            head = {
                "format": CACHE_FORMAT,
                "code": self.code,
                "folder": _identity(self.folder),
                "settings": self.settings_print,
                "chunks": chunks,
            }
            lines = [_dumps(head)]
            lines += (
                _dumps(encode_chunk([(n, files[n]) for n in chunk], across)) for chunk in chunks
            )
            atomic_write_bytes(self.file, "\n".join(lines).encode("utf-8", "surrogatepass"))
        except (OSError, ValueError, TypeError):
            return False
        return True

    def _decode(
        self, head: Any, chunks: list[bytes], paths: Mapping[str, Path]
    ) -> dict[str, CachedFile]:
        if not isinstance(head, dict) or head.get("format") != CACHE_FORMAT:
            raise Damaged
        if head.get("code") != self.code or head.get("folder") != _identity(self.folder):
            raise Damaged  # another release's rules, or another folder's cache
        if head.get("settings") != self.settings_print:
            raise Damaged  # the journey was worked out under other settings
        names_by_chunk = as_list(head["chunks"])
        if len(names_by_chunk) != len(chunks):
            raise Damaged  # a line missing or added
        result: dict[str, CachedFile] = {}
        names: set[str] = set()
        for raw, chunk_names in zip(chunks, names_by_chunk, strict=True):
            chunk = Chunk(raw, len(as_list(chunk_names)))
            for place, name in enumerate(chunk_names):
                if type(name) is not str or name in names:
                    raise Damaged
                names.add(name)
                path = paths.get(name)
                if path is not None:  # else no longer in the folder
                    result[name] = CachedFile.stored(chunk, place, path)
        self.names_read = frozenset(names)
        return result


def _dumps(data: Any) -> str:
    # JSON escapes every control character: a line of the file never holds a newline.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _settings_print(settings: Settings) -> str:
    """A digest of the settings (the journey's ages, holidays and hours depend on them)."""
    return hashlib.sha256(repr(settings).encode("utf-8", "surrogatepass")).hexdigest()[:24]


def _identity(folder: Path) -> str:
    """The folder's absolute path as written (rows keep paths spelled this way)."""
    return str(folder.expanduser().absolute())
