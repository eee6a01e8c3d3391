"""The draft behind one wizard: its record, file, modification time and dirty flag.

Saving writes the file the record was opened from (refusing when someone else
changed it since: ``ConflictError``) or a new file; autosave keeps work in
progress in this window's own autosave file (``byoip.autosave``), which only
this window's save removes.  A refused save writes that autosave at once, so
"your changes are kept" is true, and offers a new draft or the difference.
Every outcome is a value with one sentence for the person, never an
exception, so the screen only shows it.

``byoip.record`` and ``byoip.store`` are imported when first needed: the
wizard's first frame does not need them.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from byoip import autosave
from byoip.autosave import WindowId
from byoip.text import clean_text

if TYPE_CHECKING:
    from byoip.autosave import Autosave
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
    """The record a wizard edits, the file it belongs to, and this window's autosave."""

    def __init__(
        self,
        folder: Path,
        record: Record | None,
        path: Path | None,
        *,
        resumed: Autosave | None = None,
    ) -> None:
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
        self.window = WindowId.open()
        #: An orphaned autosave this window took over (removed once this window's work is kept).
        self.adopted: Path | None = None
        #: The last autosave's outcome (where the work is kept, or why it could not be).
        self.last_autosave: AutosaveOutcome | None = None
        #: Why the last save failed (None: it did not, or nothing was saved yet).
        self.save_problem: str | None = None
        if resumed is not None:
            # Work a crashed (or closed) window left: it goes back to its own draft,
            # compared with the draft as that window read it.
            self.record = resumed.record
            self.path = resumed.draft
            self.mtime = resumed.draft_mtime
            self.adopted = resumed.path
            self.dirty = True

    def close(self) -> None:
        """The window is gone: its autosave, if any, is offered on the next start."""
        self.window.close()

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
        """This window's autosave file."""

        return autosave.path_for(self.folder, self.window)

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else "the new request"

    def save(self, record: Record, now: datetime) -> SaveOutcome:
        """Save ``record`` to its file (or a new one); this window's autosave goes once saved."""
        # Deferred: records are not needed for the first frame.
        from byoip.record import ConflictError, RecordError

        try:
            path = self.store().save(record, path=self.path, expected_mtime=self.mtime, now=now)
        except ConflictError as exc:
            kept = self.autosave(record)
            where = (
                f"Your changes are kept in {kept.path}; save them as a new draft, "
                "or see the difference."
                if kept.path is not None
                else f"{kept.problem} Save your changes as a new draft."
            )
            self.save_problem = f"{clean_text(str(exc), 300)} {where}"
            return SaveOutcome(None, self.save_problem, conflict=True)
        except (OSError, RecordError) as exc:
            self.autosave(record)
            self.save_problem = f"Could not save the draft: {clean_text(str(exc), 300)}"
            return SaveOutcome(None, self.save_problem)
        self._saved(record, Path(path))
        return SaveOutcome(self.path)

    def save_as_new(self, record: Record, now: datetime) -> SaveOutcome:
        """Save under a new name in the drafts folder (the other draft is left as it is)."""
        # Deferred: records are not needed for the first frame.
        from byoip.record import RecordError

        store = self.store()
        try:
            path = store.save(record, path=store.new_path(record), now=now)
        except (OSError, RecordError) as exc:
            self.save_problem = f"Could not save the draft: {clean_text(str(exc), 300)}"
            return SaveOutcome(None, self.save_problem)
        self._saved(record, Path(path))
        return SaveOutcome(self.path)

    def _saved(self, record: Record, path: Path) -> None:
        self.path = path
        self.mtime = file_mtime_of(path)
        self.record = record
        self.dirty = False
        self.save_problem = None
        self.discard_autosave()

    def difference(self, record: Record) -> str:
        """What this window would write, against the draft on disk (a unified diff)."""
        import difflib  # only after a refused save

        # Deferred: records are not needed for the first frame.
        from byoip.record import record_to_toml

        ours = record_to_toml(record).splitlines(keepends=True)
        if self.path is None:
            return "".join(ours)
        try:
            theirs = self.path.read_text(encoding="utf-8").splitlines(keepends=True)
        except (OSError, UnicodeDecodeError) as exc:
            return f"{self.path} can't be read ({exc}); this window's version:\n" + "".join(ours)
        lines = difflib.unified_diff(
            theirs, ours, fromfile=f"{self.path} (on disk)", tofile="this window"
        )
        return "".join(lines) or "No difference: the draft on disk holds the same record."

    def autosave(self, record: Record) -> AutosaveOutcome:
        """Write work in progress to this window's autosave; a failure is a sentence."""

        try:
            path = autosave.write(self.folder, self.window, record, self.path, self.mtime)
        except OSError as exc:
            problem = f"Could not autosave to {self.autosave_path}: {exc.strerror or exc}."
            self.last_autosave = AutosaveOutcome(None, problem)
            return self.last_autosave
        if self.adopted is not None and self.adopted != path:
            # This window's file now holds the adopted work and more: one copy is enough.
            with contextlib.suppress(OSError):
                self.adopted.unlink()
            self.adopted = None
        self.last_autosave = AutosaveOutcome(path)
        return self.last_autosave

    def discard_autosave(self) -> None:
        for path in (self.autosave_path, self.adopted):
            if path is not None:
                with contextlib.suppress(OSError):
                    path.unlink(missing_ok=True)
        self.adopted = None
        self.last_autosave = None

    def unsaved_note(self) -> str | None:
        """For quitting: None when everything is saved, else where the unsaved work is."""
        if not self.dirty:
            return None
        failed = f" (the last save failed: {self.save_problem})" if self.save_problem else ""
        kept = self.last_autosave
        if kept is not None and kept.path is not None:
            return f"Unsaved changes to {self.name}{failed} are kept in {kept.path}."
        if kept is None and self.adopted is not None:  # resumed, not autosaved again yet
            return f"Unsaved changes to {self.name}{failed} are kept in {self.adopted}."
        reason = kept.problem if kept is not None else "it was not autosaved"
        return f"Unsaved changes to {self.name}{failed} are NOT kept anywhere: {reason}"
