"""The AWS page's limits across requests, over every record given (``cross_draft_findings``).

At most five ranges per account per Region; a range (or an overlapping one) only
ever in one Region; overlapping ranges inside one account flagged.  Withdrawn
drafts don't count.  Apart from ``byoip.store`` (the drafts folder) so that
``check`` loads the rules without the folder's machinery.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from byoip.fields import check_account_id, check_region, parse_ipv4_range
from byoip.findings import Finding, error, warning
from byoip.record import Record

#: Ranges one account may bring to one Region (AWS page, "Considerations").
MAX_RANGES_PER_REGION = 5


class Entry(Protocol):
    """A file of the drafts folder (``byoip.store.DraftEntry``): its path and record."""

    @property
    def path(self) -> Path: ...

    @property
    def record(self) -> Record | None: ...


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


def _claims(entries: Iterable[Entry | tuple[Path, Record]]) -> list[Claim]:
    claims = []
    for entry in entries:
        path, record = entry if isinstance(entry, tuple) else (entry.path, entry.record)
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
    entries: Iterable[Entry | tuple[Path, Record]],
) -> dict[Path, list[Finding]]:
    """Findings from the limits across requests, for every readable record given.

    ``entries``: ``DraftEntry`` items (from ``DraftStore.entries``) or ``(path, record)``
    pairs.  Every readable record's path is a key (with an empty list when all is well).
    """
    entries = list(entries)
    result: dict[Path, list[Finding]] = {}
    for entry in entries:
        path, record = entry if isinstance(entry, tuple) else (entry.path, entry.record)
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
