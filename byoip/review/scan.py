"""Reading a drafts folder into rows, through the row cache when there is one.

A file whose key (``store.FileKey``) is the one the cache kept, and whose
journey the cache says still holds at this clock, is not read: its own row and
its claim come from the cache.  Every other file is read and checked.  The
rules across drafts depend only on every file's claim (its path and content), so
their findings are kept too, and used only when the folder holds exactly the
files the cache was written for, each with the key it had then; any file added,
removed or changed (a change in one file can change another file's findings)
runs them again over every claim.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from byoip.across import Claim, claim_of, findings_across
from byoip.config import Settings
from byoip.findings import Finding
from byoip.heap import collector_paused
from byoip.journey.horizon import NEVER, journey_horizon
from byoip.review.cache import CachedFile, RowCache
from byoip.review.cache_chunk import CacheDamaged
from byoip.review.rows import (
    Clock,
    DraftRow,
    ReviewError,
    ReviewSet,
    damaged_row,
    own_row,
    with_cross,
)
from byoip.store import DraftStore, FileKey, read_entry

#: ``progress(rows so far, files done, files in all)``: the rows of the files done (read,
#: or read back from the cache), in name order, before the rules across drafts (they
#: need every file).
Progress = Callable[[ReviewSet, int, int], None]
#: Files read before the first progress report (a small folder is shown in one piece);
#: each later report waits for twice as many files as the one before (so that showing
#: every report costs at most about twice showing the folder once) ...
PROGRESS_AFTER = 500
#: ... and for this many seconds since it.
PROGRESS_EVERY = 0.25
#: Seconds of reading before the first report: a folder read sooner is shown once.  A
#: report costs the table a fill and a paint (and the columns' widths may change with
#: the next one): a second opening of 2,000 drafts (60 ms) took twice as long to show
#: with one report at 500 files; a first reading of 10,000 still shows rows early.
PROGRESS_FIRST = 0.4


@dataclass
class FolderScan:
    """One reading of a folder: its rows, and what the cache should keep afterwards."""

    review_set: ReviewSet
    #: Files read (parsed and checked) this time; the others came from the cache.
    read: int = 0
    cache: RowCache | None = None
    keep: dict[str, CachedFile] = field(default_factory=dict)
    #: Whether ``keep`` differs from what the cache held (else there is nothing to write).
    changed: bool = False
    #: File name -> its findings across drafts (only names with some); None when ``keep``
    #: is not the whole folder (a file not kept) and so can't vouch for them later.
    across: dict[str, tuple[Finding, ...]] | None = None
    #: Whether the findings across drafts came from the cache (the rules didn't run).
    across_kept: bool = False

    def save_cache(self) -> bool:
        """Write the cache if it changed (atomically; False when it couldn't be written)."""
        if self.cache is None or not self.changed:
            return False
        return self.cache.write(self.keep, self.across)


def scan_folder(
    folder: Path,
    cache: RowCache | None = None,
    progress: Progress | None = None,
    clock: Clock | None = None,
) -> FolderScan:
    """Every file of ``folder`` as a row; files unchanged since the cache kept them aren't read.

    The journey columns are as of ``clock`` (default: now, default settings).
    ``progress`` is called now and then while many files are being read, so that a
    first opening of a big folder can show its rows before the last file is read.
    """
    clock = clock or Clock.of()
    store = DraftStore(folder)
    with collector_paused():  # a burst of rows (see byoip/heap.py), the listing's included
        try:
            named = store.named_paths()
        except OSError as exc:
            raise ReviewError(
                f"{folder} can't be read ({exc.strerror}); check the folder."
            ) from None
        names = [name for name, _path, _key in named]
        listing = [(path, key) for _name, path, key in named]
        paths = {name: path for name, path, _key in named}
        kept = cache.read(paths) if cache is not None else {}
        try:
            return _scan(Path(folder), names, listing, cache, kept, progress, clock)
        except CacheDamaged:  # found while a kept row was read back: without the cache, then
            return _scan(Path(folder), names, listing, cache, {}, progress, clock, forget=True)


def _scan(
    folder: Path,
    names: list[str],
    listing: list[tuple[Path, FileKey | None]],
    cache: RowCache | None,
    kept: dict[str, CachedFile],
    progress: Progress | None,
    clock: Clock,
    forget: bool = False,
) -> FolderScan:
    now_ns = _ns(clock.now)
    keep: dict[str, CachedFile] = {}
    owns: list[DraftRow] = []
    claims: list[Claim | CachedFile] = []  # a kept file's claim is decoded only if needed
    # The findings across drafts can come from the cache only if every file is the one it
    # kept (same name, same key) and no other file was kept with them.
    same_files = bool(kept) and cache is not None and cache.names_read == kept.keys()
    read = 0
    # The first report once PROGRESS_AFTER files are done and PROGRESS_FIRST seconds gone.
    reported, report_at = time.monotonic() + PROGRESS_FIRST - PROGRESS_EVERY, PROGRESS_AFTER
    for done, (name, (path, key)) in enumerate(zip(names, listing, strict=True), start=1):
        cached = kept.get(name)
        unchanged = cached is not None and key is not None and cached.key == key
        same_files = same_files and unchanged and cached is not None and cached.has_cross
        claim: Claim | CachedFile | None
        if cached is not None and unchanged and cached.holds_at(now_ns):
            own, claim = cached.row, cached
            keep[name] = cached
        else:
            read += 1
            entry = read_entry(path)
            until: int | None = None
            if entry.record is None:
                own = damaged_row(path, entry.error or "can't be read", entry.mtime)
                claim = None
            else:
                own = own_row(path, entry.record, entry.mtime, clock)
                claim = claim_of(path, entry.record)
                until = _until_ns(
                    journey_horizon(entry.record, clock.now, clock.settings, clock.calendar)
                )
            lasts = until is None or until > now_ns  # a journey about to change: not kept
            if cache is not None and entry.key is not None and cache.settled(entry.key) and lasts:
                keep[name] = CachedFile(entry.key, own, claim, now_ns, until)
        owns.append(own)
        if claim is not None:
            claims.append(claim)
        if progress is not None and done >= report_at and done < len(listing):
            now = time.monotonic()
            if now - reported >= PROGRESS_EVERY:
                progress(ReviewSet(folder, tuple(owns), clock.problem), done, len(listing))
                reported, report_at = now, 2 * done
    across: dict[str, tuple[Finding, ...]] = {}
    if same_files:  # claims unchanged: so are the findings across drafts
        for name, cached in kept.items():
            if cross := cached.cross:
                across[name] = cross
    else:
        found = findings_across(_claims(claims))
        across = {path.name: tuple(items) for path, items in found.items() if items}
    rows = (
        tuple(with_cross(own, across.get(name, ())) for name, own in zip(names, owns, strict=True))
        if across
        else tuple(owns)  # no file has findings across drafts: every row is its own
    )
    changed = forget or read > 0 or (cache is not None and keep.keys() != cache.names_read)
    whole = keep.keys() == set(names)  # can vouch for across
    changed = changed or (whole and not same_files)  # findings across to keep
    return FolderScan(
        review_set=ReviewSet(folder=folder, rows=rows, calendar_problem=clock.problem),
        read=read,
        cache=cache,
        keep=keep,
        changed=cache is not None and changed,
        across=across if whole else None,
        across_kept=same_files,
    )


def _claims(items: list[Claim | CachedFile]) -> Iterator[Claim]:
    for item in items:
        claim = item.claim if isinstance(item, CachedFile) else item
        if claim is not None:
            yield claim


def _ns(moment: datetime) -> int:
    return int(moment.timestamp()) * 1_000_000_000 + moment.microsecond * 1000


def _until_ns(horizon: datetime) -> int | None:
    return None if horizon is NEVER else _ns(horizon)


def load_review(
    folder: Path,
    now: datetime | None = None,
    settings: Settings | None = None,
    cache: RowCache | None = None,
) -> ReviewSet:
    """Read every record of ``folder`` and compute its row (through ``cache``, then updating it).

    Each row carries the modification time taken when its file was read, so a
    later save notices an edit made outside the app in between.  The journey
    columns (next step, due, overdue) are as of ``now`` under ``settings``.
    """
    scan = scan_folder(folder, cache, clock=Clock.of(now, settings))
    scan.save_cache()
    return scan.review_set
