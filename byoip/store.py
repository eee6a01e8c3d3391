"""The drafts folder: every record in it, saving, the trash, autosave, and the rules across drafts.

The folder is ``settings.drafts_dir`` (a per-user data folder from platformdirs,
or ``--drafts-dir`` / ``$SES_BYOIP_DRAFTS_DIR``).  Every ``*.toml`` in it is a
draft; dot-files (the autosave, the ``.trash`` folder, temp files of atomic
writes) are not.  A damaged file is listed with its error and never rewritten.

The AWS page's limits across requests (``cross_draft_findings``):
at most five ranges per account per Region; a range (or an overlapping one)
only ever in one Region; overlapping ranges inside one account flagged.
Withdrawn drafts don't count.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple

from byoip.fields import check_account_id, check_region, parse_ipv4_range
from byoip.findings import Finding, error, warning
from byoip.record import (
    Record,
    RecordError,
    file_mtime,
    load_record,
    read_record,
    save_record,
    utc_now,
)

#: Ranges one account may bring to one Region (AWS page, "Considerations").
MAX_RANGES_PER_REGION = 5
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
        return [(self.folder / name, key) for name, key in sorted(found)]

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


# --- rules across drafts ---------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """A record that counts in the limits across requests: whose range, in which Region.

    Only what the rules need, in normal form, so it can be kept in a cache and the
    rules run again without reading the record.
    """

    path: Path
    account: str | None
    region: str | None
    #: The range in normal form (``str(network)``).
    cidr: str
    first: int
    last: int
    created: datetime

    @property
    def network(self) -> ipaddress.IPv4Network:
        return ipaddress.IPv4Network(self.cidr)


_LATEST = datetime.max.replace(tzinfo=UTC)


def claim_of(path: Path, record: Record) -> Claim | None:
    """The claim ``record`` makes (None: withdrawn, or no readable range)."""
    if not record.counts:
        return None
    network = parse_ipv4_range(record.request.ip_range)
    if network is None:
        return None
    account = check_account_id(record.request.account_id)
    region = check_region(record.request.region)
    first = int(network.network_address)
    return Claim(
        path if isinstance(path, Path) else Path(path),  # Path(a Path) parses it again
        account.value if account.ok else None,
        region.value if region.ok else None,
        str(network),
        first,
        first | (0xFFFFFFFF >> network.prefixlen),  # the last address, without building it
        record.created or _LATEST,
    )


def _claims(entries: Iterable[DraftEntry | tuple[Path, Record]]) -> list[Claim]:
    claims = []
    for entry in entries:
        path, record = (entry.path, entry.record) if isinstance(entry, DraftEntry) else entry
        claim = claim_of(path, record) if record is not None else None
        if claim is not None:
            claims.append(claim)
    return claims


def _overlapping_pairs(claims: list[Claim]) -> Iterable[tuple[Claim, Claim]]:
    """Every pair of claims whose ranges overlap (a sweep: fast when few overlap)."""
    open_claims: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.first, c.last)):
        open_claims = [c for c in open_claims if c.last >= claim.first]
        for other in open_claims:
            yield other, claim
        open_claims.append(claim)


def _names(paths: Iterable[Path]) -> str:
    names = sorted({p.name for p in paths})
    shown = ", ".join(names[:4])
    return shown + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def cross_draft_findings(
    entries: Iterable[DraftEntry | tuple[Path, Record]],
) -> dict[Path, list[Finding]]:
    """Findings from the limits across requests, for every readable record given.

    ``entries``: ``DraftEntry`` items (from ``DraftStore.entries``) or ``(path, record)``
    pairs.  Every readable record's path is a key (with an empty list when all is well).
    """
    entries = list(entries)
    result: dict[Path, list[Finding]] = {}
    for entry in entries:
        path, record = (entry.path, entry.record) if isinstance(entry, DraftEntry) else entry
        if record is not None:
            result[path if isinstance(path, Path) else Path(path)] = []
    for path, found in findings_across(_claims(entries)).items():
        result[path] = found
    return result


def findings_across(claims: Iterable[Claim]) -> dict[Path, list[Finding]]:
    """The limits across requests over ``claims``: only paths with a finding are keys."""
    claims = list(claims)
    result: dict[Path, list[Finding]] = defaultdict(list)

    # Same or overlapping range in two Regions (any account); overlap inside one account.
    two_regions: dict[Path, list[Claim]] = defaultdict(list)
    overlaps: dict[Path, list[Claim]] = defaultdict(list)
    two_accounts: dict[Path, list[Claim]] = defaultdict(list)
    for a, b in _overlapping_pairs(claims):
        if a.region and b.region and a.region != b.region:
            two_regions[a.path].append(b)
            two_regions[b.path].append(a)
        elif a.account and a.account == b.account:
            overlaps[a.path].append(b)
            overlaps[b.path].append(a)
        elif a.account and b.account and a.account != b.account:
            two_accounts[a.path].append(b)
            two_accounts[b.path].append(a)
    by_path = {c.path: c for c in claims}
    for path, others in two_regions.items():
        mine = by_path[path]
        where = ", ".join(sorted({f"{o.region} ({o.path.name})" for o in others}))
        result[path].append(
            error(
                "region",
                "cross.two_regions",
                f"{mine.cidr} (or a range overlapping it) is also requested in {where}; "
                "a range can be used in one Region only: withdraw one of the requests.",
            )
        )
    for path, others in overlaps.items():
        mine = by_path[path]
        result[path].append(
            warning(
                "ip_range",
                "cross.overlap",
                f"{mine.cidr} overlaps {', '.join(sorted({o.cidr for o in others}))} "
                f"requested by the same account in {_names(o.path for o in others)}; "
                "keep one request per range.",
            )
        )
    for path, others in two_accounts.items():
        mine = by_path[path]
        result[path].append(
            warning(
                "ip_range",
                "cross.two_accounts",
                f"{mine.cidr} overlaps a range another AWS account requests "
                f"({_names(o.path for o in others)}); a range can be brought to one account only.",
            )
        )

    # At most five ranges per account per Region: the sixth and later (by creation) are errors.
    groups: dict[tuple[str, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.account and claim.region:
            groups[(claim.account, claim.region)].append(claim)
    for (account, region), members in groups.items():
        order: dict[str, None] = {}  # ranges in order of first request (cidr: normal form)
        for claim in sorted(members, key=lambda c: (c.created, c.path.name)):
            order.setdefault(claim.cidr)
        if len(order) <= MAX_RANGES_PER_REGION:
            continue
        allowed = set(list(order)[:MAX_RANGES_PER_REGION])
        for claim in members:
            if claim.cidr in allowed:
                continue
            result[claim.path].append(
                error(
                    "region",
                    "cross.too_many_ranges",
                    f"Account {account} would have {len(order)} ranges in {region} "
                    f"(at most {MAX_RANGES_PER_REGION} per Region); {claim.cidr} is "
                    "beyond the fifth: use another Region or withdraw a request.",
                )
            )
    return dict(result)
