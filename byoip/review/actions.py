"""What a reviewer does to a draft: change its stage, duplicate it, move it to the trash.

Each write is atomic and conditional on the file's modification time when its
row was read, so an edit made outside the app is noticed, never overwritten.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from byoip.config import Settings
from byoip.journey import MoveBlocked, StageError, move, parse_stage
from byoip.record import (
    ConflictError,
    HistoryEntry,
    Record,
    RecordError,
    Status,
    file_mtime,
    load_record,
    save_record,
)
from byoip.review.rows import STATUSES, ReviewError, review_now
from byoip.store import DraftStore
from byoip.text import clean_text

if TYPE_CHECKING:
    from byoip.journey.stages import MoveCheck


def load_for_write(path: Path) -> tuple[Record, int | None]:
    """The record and the modification time it was read at."""
    mtime = file_mtime(path)
    try:
        return load_record(path), mtime
    except RecordError as exc:
        raise ReviewError(f"{exc}; the file was left as it is.") from None


def _conflict(path: Path) -> ReviewError:
    return ReviewError(
        f"{path} was changed outside the app since the list was loaded; "
        "nothing was written over it: refresh (F5) and try again."
    )


class StageBlocked(ReviewError):
    """A stage change that a check blocks; ``check`` lists why (the table asks for an override)."""

    def __init__(self, message: str, check: MoveCheck) -> None:
        super().__init__(message)
        self.check = check


def change_status(
    path: Path,
    new_status: str,
    expected_mtime: int | None,
    note: str = "",
    now: datetime | None = None,
    *,
    override_reason: str = "",
    settings: Settings | None = None,
) -> Record:
    """Move a record to another stage and add a dated entry to its history.

    The move follows the journey's rules (``byoip.journey.move``): moving to
    ready or sent re-checks the request, and a blocked move raises
    ``StageBlocked`` unless ``override_reason`` says why (it is recorded).
    The write is atomic and conditional: when the file changed on disk since
    ``expected_mtime`` (when the row was read), nothing is written and a
    ReviewError says so.
    """

    try:
        target = parse_stage(new_status)
    except StageError:
        names = ", ".join(STATUSES)
        raise ReviewError(f"{new_status!r} is not a status; use one of {names}.") from None
    if expected_mtime is not None and file_mtime(path) != expected_mtime:
        raise _conflict(path)
    record, mtime = load_for_write(path)
    if record.status is target:
        return record
    try:
        updated, _check = move(
            record,
            target,
            settings or Settings(),
            note=note,
            override_reason=override_reason,
            now=review_now(now),
        )
    except MoveBlocked as exc:
        raise StageBlocked(str(exc), exc.check) from None
    except StageError as exc:
        raise ReviewError(str(exc)) from None
    try:
        save_record(path, updated, expected_mtime=expected_mtime if expected_mtime else mtime)
    except ConflictError:
        raise _conflict(path) from None
    return updated


def duplicate(path: Path, folder: Path, now: datetime | None = None) -> Path:
    """Copy a record into a new draft (status draft, fresh history); returns the new file.

    The copy says where it came from in its first history entry.
    """
    record, _mtime = load_for_write(path)
    at = review_now(now)
    copy = replace(
        record,
        status=Status.DRAFT,
        created=at,
        updated=at,
        history=(HistoryEntry(Status.DRAFT, at, clean_text(f"duplicated from {path.name}")),),
    )
    try:
        return DraftStore(folder).save(copy, now=at)
    except OSError as exc:
        raise ReviewError(f"{folder}: the copy can't be written ({exc.strerror}).") from None


def delete(path: Path, folder: Path) -> Path:
    """Move a file (record or damaged) into the trash folder beside the drafts; nothing is lost."""
    try:
        return DraftStore(folder).trash(path)
    except OSError as exc:
        raise ReviewError(f"{path}: can't be moved to the trash ({exc.strerror}).") from None
