"""The draft behind one wizard: its record, file, modification time and dirty flag.

Saving writes the file the record was opened from (refusing when someone else
changed it since: ``ConflictError``) or a new file; autosave keeps work in
progress in the drafts folder's autosave file.  Every outcome is a value with
one sentence for the person, never an exception, so the screen only shows it.

``byoip.record`` and ``byoip.store`` are imported when first needed: the
wizard's first frame does not need them.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from byoip.text import clean_text

if TYPE_CHECKING:
    from byoip.record import Record
    from byoip.store import DraftStore


@dataclass(frozen=True)
class SaveOutcome:
    """What became of a save: the path written, or why nothing was written."""

    path: Path | None
    #: One sentence for the person when nothing was written.
    problem: str | None = None
    #: The file changed (or vanished) on disk since it was opened: someone else saved it.
    conflict: bool = False

    @property
    def ok(self) -> bool:
        return self.path is not None

    @property
    def message(self) -> str:
        """What to tell the person (saved where, or why not)."""
        if self.path is not None:
            return f"Saved as {self.path.name} in the drafts folder."
        return self.problem or "The draft was not saved."


@dataclass(frozen=True)
class AutosaveOutcome:
    """Where work in progress was kept, or why it could not be."""

    path: Path | None
    problem: str | None = None


def file_mtime_of(path: Path | None) -> int | None:
    if path is None:
        return None
    from byoip.record import file_mtime  # not needed for the first frame

    return file_mtime(path)


class DraftFile:
    """The record a wizard edits and the file it belongs to."""

    def __init__(self, folder: Path, record: Record | None, path: Path | None) -> None:
        self.folder = Path(folder)
        #: The record as opened or last saved (None: a request started in this wizard).
        self.record = record
        #: A request started here: its record (creation time, history) made once, on first build.
        self.new_record: Record | None = None
        self.path = path
        #: The file's modification time when opened/saved: a change on disk since is a conflict.
        self.mtime: int | None = file_mtime_of(path)
        #: Something the person typed is not in the file yet.
        self.dirty = False

    def store(self) -> DraftStore:
        from byoip.store import DraftStore  # not needed for the first frame

        return DraftStore(self.folder)

    def base(self, now: datetime) -> Record:
        """The record the next build starts from (made once for a new request)."""
        if self.record is not None:
            return self.record
        if self.new_record is None:
            from byoip.record import Record  # not needed for the first frame

            self.new_record = Record.new(now=now)
        return self.new_record

    @property
    def autosave_path(self) -> Path:
        return self.store().autosave_path

    def save(self, record: Record, now: datetime) -> SaveOutcome:
        """Save ``record`` to its file (or a new one); the autosave goes once it is saved."""
        from byoip.record import ConflictError, RecordError

        try:
            path = self.store().save(record, path=self.path, expected_mtime=self.mtime, now=now)
        except ConflictError as exc:
            return SaveOutcome(
                None,
                f"{clean_text(str(exc), 300)} Your changes are kept in the autosave file.",
                conflict=True,
            )
        except (OSError, RecordError) as exc:
            return SaveOutcome(None, f"Could not save the draft: {clean_text(str(exc), 300)}")
        self.path = Path(path)
        self.mtime = file_mtime_of(self.path)
        self.record = record
        self.dirty = False
        self.discard_autosave()
        return SaveOutcome(self.path)

    def autosave(self, record: Record) -> AutosaveOutcome:
        """Write work in progress to the autosave file; a failure is a sentence, not an error."""
        store = self.store()
        try:
            return AutosaveOutcome(store.write_autosave(record))
        except OSError as exc:
            return AutosaveOutcome(
                None, f"Could not autosave to {store.autosave_path}: {exc.strerror or exc}."
            )

    def discard_autosave(self) -> None:
        with contextlib.suppress(OSError):
            self.store().clear_autosave()
