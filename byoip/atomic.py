"""Atomic file writes: temp file in the same folder, fsync, rename.

A reader never sees a half-written file, and a crash leaves either the old
file or the new one, never a mixture.  Replacing a file keeps its permission
bits (and its group, where the process may set it), so a draft in a team
folder stays shared after a save.  A new file is private to its owner (0600).

Temp files are named ``.<name>.<8 random characters>.tmp``; ``stale_temp_files``
finds the ones a crash left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

#: The names ``atomic_write_bytes`` gives its temp files (``tempfile`` adds 8 characters).
TEMP_NAME = re.compile(r"^\.(?P<target>.+\.toml)\.[a-z0-9_]{8}\.tmp$")
#: Seconds after which a temp file is a crash's left-over: a write renames its own at once.
STALE_TEMP_AGE = 3600.0


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            _keep_mode_and_group(handle.fileno(), path)
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _fsync_directory(path.parent)


def _keep_mode_and_group(fd: int, path: Path) -> None:
    """Give the temp file the permission bits and group of the file it replaces."""
    try:
        old = os.stat(path)
    except FileNotFoundError:
        return  # a new file: mkstemp's 0600
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    if old.st_gid != os.fstat(fd).st_gid:
        # Only a group the process belongs to (or root) may be set; otherwise the
        # file keeps the process's group, and its mode bits still say who may read it.
        with contextlib.suppress(PermissionError):
            os.fchown(fd, -1, old.st_gid)
        # Set-group-ID bits are cleared by a group change: apply the mode once more.
        os.fchmod(fd, stat.S_IMODE(old.st_mode))


def stale_temp_files(folder: Path, older_than: float, now: float | None = None) -> list[Path]:
    """Temp files of atomic writes in ``folder`` (ours by name) not touched for ``older_than`` s.

    A crash between writing a temp file and renaming it leaves it behind; a
    write in progress touches its temp file moments before renaming it, so only
    old ones are left-overs.
    """
    now = time.time() if now is None else now
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not TEMP_NAME.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
            found.append(Path(entry.path))
    return sorted(found)


def remove_stale_temp_files(folder: Path, older_than: float = STALE_TEMP_AGE) -> list[Path]:
    """Remove ``stale_temp_files`` (the next start after a crash does); returns those removed."""
    removed = []
    for path in stale_temp_files(folder, older_than):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _fsync_directory(folder: Path) -> None:
    # Makes the rename itself durable; not every platform allows opening a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
