"""The drafts folder: every record in it, saving, the trash, autosave.

The folder is ``settings.drafts_dir`` (a per-user data folder from platformdirs,
or ``--drafts-dir`` / ``$SES_BYOIP_DRAFTS_DIR``).  Every ``*.toml`` in it is a
draft; dot-files (the autosave, the ``.trash`` folder, temp files of atomic
writes) are not.  A damaged file is listed with its error and never rewritten.

The AWS page's limits across requests live in ``byoip.across`` (``check`` loads
them without the folder's machinery).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple

from byoip.across import cross_draft_findings
from byoip.findings import Finding
from byoip.record import (
    Record,
    RecordError,
    file_mtime,
    load_record,
    read_record,
    save_record,
    utc_now,
)

TRASH_FOLDER = ".trash"
AUTOSAVE_NAME = ".autosave.toml"


class FileKey(NamedTuple):
    """What says a file is unchanged since it was read: a new write moves at least one.

    ``ctime_ns`` moves on every write, even when a tool puts the modification
    time back; ``inode`` changes when the file is replaced (atomic saves, editors).
    """

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, stat: os.stat_result) -> FileKey:
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


@dataclass(frozen=True)
class DraftEntry:
    """One file of the folder: its record, or why it can't be read."""

    path: Path
    record: Record | None
    error: RecordError | None = None
    #: ``file_mtime`` when it was read: pass it to ``save`` to detect concurrent edits.
    mtime: int | None = None
    #: The file's key taken just before it was read (None: it couldn't be opened).
    key: FileKey | None = None

    @property
    def ok(self) -> bool:
        return self.record is not None


def read_entry(path: Path) -> DraftEntry:
    try:
        record, stat = read_record(path)
    except RecordError as exc:
        stat = exc.stat
        mtime = stat.st_mtime_ns if stat is not None else file_mtime(path)
        return DraftEntry(path, None, exc, mtime, FileKey.of(stat) if stat is not None else None)
    return DraftEntry(path, record, None, stat.st_mtime_ns, FileKey.of(stat))


class DraftStore:
    """A folder of request records."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder).expanduser()

    @classmethod
    def from_settings(cls, settings: object) -> DraftStore:
        return cls(settings.drafts_dir)  # type: ignore[attr-defined]

    @property
    def autosave_path(self) -> Path:
        """Where work in progress is autosaved (not listed as a draft)."""
        return self.folder / AUTOSAVE_NAME

    @property
    def trash_folder(self) -> Path:
        return self.folder / TRASH_FOLDER

    def paths(self) -> list[Path]:
        """Every draft file of the folder, sorted by name (one directory read, no globbing).

        Not only regular files: a folder or a pipe named *.toml is listed, and its entry
        says what it is (load_record), rather than being skipped silently.
        """
        return [path for path, _key in self.keyed_paths()]

    def keyed_paths(self) -> list[tuple[Path, FileKey | None]]:
        """Every draft file with its key now, sorted by name.

        The key is None for anything but a regular file (a folder, a pipe, a broken
        link: never cached, its row says what it is).  Raises ``OSError`` when the
        folder exists but can't be read.
        """
        return [(path, key) for _name, path, key in self.named_paths()]

    def named_paths(self) -> list[tuple[str, Path, FileKey | None]]:
        """``keyed_paths`` with each file's name first (a Path works its name out per call)."""
        found: list[tuple[str, FileKey | None]] = []
        try:
            with os.scandir(self.folder) as listing:
                for item in listing:
                    if not item.name.endswith(".toml") or item.name.startswith("."):
                        continue
                    try:
                        stat = item.stat()  # follows links
                    except OSError:
                        found.append((item.name, None))
                        continue
                    found.append((item.name, FileKey.of(stat) if S_ISREG(stat.st_mode) else None))
        except (FileNotFoundError, NotADirectoryError):
            return []
        child = _child_maker(self.folder)
        return [(name, child(name), key) for name, key in sorted(found)]

    def entries(self) -> list[DraftEntry]:
        """Every draft, sorted by file name; damaged files carry their error."""
        return [read_entry(path) for path in self.paths()]

    def save(
        self,
        record: Record,
        path: Path | None = None,
        expected_mtime: int | float | None = None,
        now: datetime | None = None,
    ) -> Path:
        """Save ``record`` (stamping ``updated``) under ``path`` or a new name; returns the path.

        Raises ``ConflictError`` when ``expected_mtime`` is given and the file changed since.
        """
        now = now or utc_now()
        record = replace(record, created=record.created or now, updated=now)
        if path is None:
            path = self.new_path(record)
        save_record(path, record, expected_mtime=expected_mtime)
        return Path(path)

    def new_path(self, record: Record) -> Path:
        """A file name that says what the request is, not yet taken in the folder."""
        request = record.request
        parts = [request.account_id, request.region, request.ip_range.replace("/", "_")]
        stem = _slug("-".join(p for p in parts if p.strip()))
        if not stem:
            stem = "draft-" + (record.created or utc_now()).strftime("%Y%m%d-%H%M%S")
        return _unique(self.folder / f"{stem}.toml")

    def trash(self, path: Path | str) -> Path:
        """Move a draft into ``<folder>/.trash/`` (never over another file); returns where."""
        path = Path(path)
        self.trash_folder.mkdir(parents=True, exist_ok=True)
        target = _unique(self.trash_folder / path.name)
        os.replace(path, target)
        return target

    def restore(self, trashed: Path | str) -> Path:
        """Move a file back from the trash into the folder (under a free name)."""
        trashed = Path(trashed)
        target = _unique(self.folder / trashed.name)
        os.replace(trashed, target)
        return target

    # Autosave: the wizard's work in progress, kept across crashes.
    def write_autosave(self, record: Record) -> Path:
        save_record(self.autosave_path, record)
        return self.autosave_path

    def read_autosave(self) -> Record | None:
        """The autosaved record, or None when there is none (or it is damaged)."""
        if not self.autosave_path.exists():
            return None
        try:
            return load_record(self.autosave_path)
        except RecordError:
            return None

    def clear_autosave(self) -> None:
        self.autosave_path.unlink(missing_ok=True)

    def cross_draft_findings(self) -> dict[Path, list[Finding]]:
        return cross_draft_findings(self.entries())


def _child_maker(folder: Path) -> Callable[[str], Path]:
    """``folder / name`` for names read from the folder (no separator in them), made fast.

    ``Path.__truediv__`` parses the name as a path (4 ms for 2,000 files, 5% of a second
    opening); pathlib's own directory listing (``iterdir``) uses
    ``_make_child_relpath``, which only appends it.  Used where it is there and makes
    the same path; otherwise, the documented way.
    """
    child = getattr(folder, "_make_child_relpath", None)
    if child is not None:
        try:
            if child("a.toml") == folder / "a.toml" and str(child("a.toml")) == str(
                folder / "a.toml"
            ):
                return child  # type: ignore[no-any-return]
        except (TypeError, ValueError):
            pass
    return folder.joinpath


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:120]


def _unique(path: Path) -> Path:
    if not path.exists():
        return path
    for n in range(2, 10_000):
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(path)
