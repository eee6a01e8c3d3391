"""Autosave: work in progress kept per window, so that no window's edit is lost.

Each wizard window (one process may open several, one after another) writes
its own file in the drafts folder, named after the process and the window:
``.autosave.<pid>.<process token>.<window>.toml``.  Two windows on one draft
therefore never share (or delete) each other's autosave.  The file is the
record as the window holds it, plus an ``[autosave]`` table naming the draft it
belongs to and that draft's modification time when the window read it, so a
resumed edit goes back to its own draft, and a conflict is still noticed.

An autosave is *orphaned* when the window that wrote it is gone: its process
has ended (a crash, or a quit with unsaved work), or, in this process, the
window has closed.  Only orphans are offered on the next start; the live work
of another window is left alone.  ``.autosave.toml`` (one file for every
window, written by earlier versions) is always an orphan.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from byoip.record import Record

#: The one autosave file of earlier versions (still offered, never written).
LEGACY_NAME = ".autosave.toml"
#: ``.autosave.<pid>.<token>.<window>.toml``
_NAME = re.compile(r"^\.autosave\.(?P<pid>\d+)\.(?P<token>[0-9a-f]+)\.(?P<window>\d+)\.toml$")
#: The table of an autosave file that says whose work it is (never part of a draft).
TABLE = "autosave"

#: Per process and random: a later process that gets a crashed one's pid is told apart.
PROCESS_TOKEN = os.urandom(4).hex()
_numbers = itertools.count(1)
_open_windows: set[WindowId] = set()
_lock = threading.Lock()


@dataclass(frozen=True)
class WindowId:
    """One wizard window: its process (pid and token) and its number in that process."""

    pid: int
    token: str
    number: int

    @classmethod
    def open(cls) -> WindowId:
        """A new window of this process, alive until ``close``."""
        with _lock:
            window = cls(os.getpid(), PROCESS_TOKEN, next(_numbers))
            _open_windows.add(window)
        return window

    def close(self) -> None:
        """The window is gone: its autosave (if any) is an orphan from now on."""
        with _lock:
            _open_windows.discard(self)

    @property
    def file_name(self) -> str:
        return f".autosave.{self.pid}.{self.token}.{self.number}.toml"

    @property
    def alive(self) -> bool:
        if self.pid == os.getpid() and self.token == PROCESS_TOKEN:
            with _lock:
                return self in _open_windows
        if self.pid == os.getpid():
            return False  # this pid, another token: an earlier process that had our pid
        return process_alive(self.pid)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (signal 0 checks without sending anything)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, and belongs to someone else
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Autosave:
    """One autosave file: the work in it (or why it can't be read) and whose it is."""

    path: Path
    record: Record | None
    #: Why the file can't be read (it is then left as it is).
    problem: str | None = None
    #: The draft the work belongs to (None: a request not saved yet).
    draft: Path | None = None
    #: The draft's modification time when the window read it (a change since is a conflict).
    draft_mtime: int | None = None
    window: WindowId | None = None

    @property
    def orphaned(self) -> bool:
        return self.window is None or not self.window.alive


def path_for(folder: Path, window: WindowId) -> Path:
    return Path(folder) / window.file_name


def write(
    folder: Path,
    window: WindowId,
    record: Record,
    draft: Path | None = None,
    draft_mtime: int | None = None,
) -> Path:
    """Write the window's work (atomically, like every save); returns the file."""
    from byoip.record import save_record  # records: not needed for a window's first frame

    table: dict[str, Any] = {"pid": window.pid, "window": window.number}
    if draft is not None:
        table["draft"] = str(draft)
    if draft_mtime is not None:
        table["draft_mtime"] = draft_mtime
    path = path_for(folder, window)
    save_record(path, replace(record, extra={**record.extra, TABLE: table}))
    return path


def read(path: Path) -> Autosave:
    """The autosave at ``path``; a damaged one carries its problem, never raises."""
    # Deferred: records are not needed for a window's first frame.
    from byoip.record import RecordError, load_record

    match = _NAME.match(path.name)
    window = None
    if match is not None:
        window = WindowId(int(match["pid"]), match["token"], int(match["window"]))
    try:
        record = load_record(path)
    except (RecordError, OSError) as exc:
        return Autosave(path, None, str(exc), window=window)
    table = record.extra.get(TABLE)
    record = replace(record, extra={k: v for k, v in record.extra.items() if k != TABLE})
    draft = draft_mtime = None
    if isinstance(table, dict):
        if isinstance(table.get("draft"), str) and table["draft"]:
            draft = Path(table["draft"])
        if isinstance(table.get("draft_mtime"), int):
            draft_mtime = table["draft_mtime"]
    return Autosave(path, record, None, draft, draft_mtime, window)


def is_autosave_name(name: str) -> bool:
    return name == LEGACY_NAME or _NAME.match(name) is not None


def find(folder: Path) -> list[Autosave]:
    """Every autosave file in ``folder``, the most recently written first."""
    try:
        paths = [p for p in Path(folder).iterdir() if is_autosave_name(p.name) and p.is_file()]
    except OSError:
        return []
    stamped = []
    for path in paths:
        with contextlib.suppress(OSError):
            stamped.append((path.stat().st_mtime_ns, path))
    return [read(path) for _, path in sorted(stamped, reverse=True)]


def orphans(folder: Path) -> list[Autosave]:
    """Autosaves whose window is gone (the ones to offer), most recent first."""
    return [found for found in find(folder) if found.orphaned]
