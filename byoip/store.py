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

from byoip.fields import check_account_id, check_region, parse_ipv4_range
from byoip.findings import Finding, error, warning
from byoip.record import (
    Record,
    RecordError,
    file_mtime,
    load_record,
    save_record,
    utc_now,
)

#: Ranges one account may bring to one Region (AWS page, "Considerations").
MAX_RANGES_PER_REGION = 5
TRASH_FOLDER = ".trash"
AUTOSAVE_NAME = ".autosave.toml"


@dataclass(frozen=True)
class DraftEntry:
    """One file of the folder: its record, or why it can't be read."""

    path: Path
    record: Record | None
    error: RecordError | None = None
    #: ``file_mtime`` when it was read: pass it to ``save`` to detect concurrent edits.
    mtime: int | None = None

    @property
    def ok(self) -> bool:
        return self.record is not None


def read_entry(path: Path) -> DraftEntry:
    mtime = file_mtime(path)
    try:
        return DraftEntry(path, load_record(path), None, mtime)
    except RecordError as exc:
        return DraftEntry(path, None, exc, mtime)


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
        if not self.folder.is_dir():
            return []
        # Not only regular files: a folder or a pipe named *.toml is listed, and its
        # entry says what it is (load_record), rather than being skipped silently.
        return sorted(p for p in self.folder.glob("*.toml") if not p.name.startswith("."))

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
class _Claim:
    """A record that counts: whose range, in which Region."""

    path: Path
    account: str | None
    region: str | None
    network: ipaddress.IPv4Network
    created: datetime

    @property
    def first(self) -> int:
        return int(self.network.network_address)

    @property
    def last(self) -> int:
        return int(self.network.broadcast_address)


_LATEST = datetime.max.replace(tzinfo=UTC)


def _claims(entries: Iterable[DraftEntry | tuple[Path, Record]]) -> list[_Claim]:
    claims = []
    for entry in entries:
        path, record = (entry.path, entry.record) if isinstance(entry, DraftEntry) else entry
        if record is None or not record.counts:
            continue
        network = parse_ipv4_range(record.request.ip_range)
        if network is None:
            continue
        account = check_account_id(record.request.account_id)
        region = check_region(record.request.region)
        claims.append(
            _Claim(
                Path(path),
                account.value if account.ok else None,
                region.value if region.ok else None,
                network,
                record.created or _LATEST,
            )
        )
    return claims


def _overlapping_pairs(claims: list[_Claim]) -> Iterable[tuple[_Claim, _Claim]]:
    """Every pair of claims whose ranges overlap (a sweep: fast when few overlap)."""
    open_claims: list[_Claim] = []
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
            result[Path(path)] = []
    claims = _claims(entries)

    # Same or overlapping range in two Regions (any account); overlap inside one account.
    two_regions: dict[Path, list[_Claim]] = defaultdict(list)
    overlaps: dict[Path, list[_Claim]] = defaultdict(list)
    two_accounts: dict[Path, list[_Claim]] = defaultdict(list)
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
                f"{mine.network} (or a range overlapping it) is also requested in {where}; "
                "a range can be used in one Region only: withdraw one of the requests.",
            )
        )
    for path, others in overlaps.items():
        mine = by_path[path]
        result[path].append(
            warning(
                "ip_range",
                "cross.overlap",
                f"{mine.network} overlaps {', '.join(sorted({str(o.network) for o in others}))} "
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
                f"{mine.network} overlaps a range another AWS account requests "
                f"({_names(o.path for o in others)}); a range can be brought to one account only.",
            )
        )

    # At most five ranges per account per Region: the sixth and later (by creation) are errors.
    groups: dict[tuple[str, str], list[_Claim]] = defaultdict(list)
    for claim in claims:
        if claim.account and claim.region:
            groups[(claim.account, claim.region)].append(claim)
    for (account, region), members in groups.items():
        order: list[ipaddress.IPv4Network] = []
        for claim in sorted(members, key=lambda c: (c.created, c.path.name)):
            if claim.network not in order:
                order.append(claim.network)
        if len(order) <= MAX_RANGES_PER_REGION:
            continue
        allowed = set(order[:MAX_RANGES_PER_REGION])
        for claim in members:
            if claim.network in allowed:
                continue
            result[claim.path].append(
                error(
                    "region",
                    "cross.too_many_ranges",
                    f"Account {account} would have {len(order)} ranges in {region} "
                    f"(at most {MAX_RANGES_PER_REGION} per Region); {claim.network} is "
                    "beyond the fifth: use another Region or withdraw a request.",
                )
            )
    return result
