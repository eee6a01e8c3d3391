"""Re-checking every draft of a folder, headless.

Fresh rules (and lookups), and a summary of what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from byoip.config import Settings
from byoip.fields import check_ip_range
from byoip.findings import Finding
from byoip.record import (
    ConflictError,
    Record,
    save_record,
)
from byoip.review import ReviewSet, load_for_write, load_review, review_now
from byoip.text import clean_text

# --------------------------------------------------------------------------- re-check


@dataclass(frozen=True)
class RowChange:
    """What changed for one file between two checks."""

    path: Path
    name: str
    before: tuple[int, int] | None  # (errors, warnings); None: file is new
    after: tuple[int, int] | None  # None: file is gone
    added: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()
    note: str = ""

    def describe(self) -> str:
        """One line for the summary."""
        if self.before is None:
            return f"{self.name}: new file ({_counts(self.after)})"
        if self.after is None:
            return f"{self.name}: no longer in the folder"
        parts = []
        if self.before != self.after:
            parts.append(f"{_counts(self.before)} -> {_counts(self.after)}")
        parts += [f"new {f.code}" for f in self.added]
        parts += [f"resolved {f.code}" for f in self.resolved]
        if self.note:
            parts.append(self.note)
        return f"{self.name}: " + "; ".join(parts)


def _counts(counts: tuple[int, int] | None) -> str:
    errors, warnings = counts or (0, 0)
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


@dataclass(frozen=True)
class RecheckSummary:
    review: ReviewSet
    changes: tuple[RowChange, ...]
    lookups_run: int = 0
    lookup_failures: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """The summary a reviewer reads: totals first, then one line per changed file."""
        rows = self.review.rows
        total_errors = sum(r.errors for r in rows)
        total_warnings = sum(r.warnings for r in rows)
        head = (
            f"Re-checked {len(rows)} file{'s' * (len(rows) != 1)}: "
            f"{total_errors} error{'s' * (total_errors != 1)}, "
            f"{total_warnings} warning{'s' * (total_warnings != 1)}."
        )
        lines = [head]
        if self.lookups_run:
            lines.append(f"Fresh lookups run for {self.lookups_run} record(s).")
        lines += self.lookup_failures
        if not self.changes:
            lines.append("Nothing changed since the last check.")
        else:
            lines.append(f"{len(self.changes)} file(s) changed:")
            lines += [change.describe() for change in self.changes]
        return lines


def _key(finding: Finding) -> tuple[str, str, str]:
    return (finding.field, finding.code, finding.message)


def diff_reviews(before: ReviewSet, after: ReviewSet) -> list[RowChange]:
    """Per file: counts before and after, findings added and resolved."""
    old, new = before.by_path(), after.by_path()
    changes: list[RowChange] = []
    for path in sorted(old.keys() | new.keys(), key=str):
        a, b = old.get(path), new.get(path)
        if a is None and b is not None:
            changes.append(RowChange(path, b.name, None, (b.errors, b.warnings)))
            continue
        if b is None and a is not None:
            changes.append(RowChange(path, a.name, (a.errors, a.warnings), None))
            continue
        assert a is not None and b is not None
        old_keys = {_key(f) for f in a.findings}
        new_keys = {_key(f) for f in b.findings}
        added = tuple(f for f in b.findings if _key(f) not in old_keys)
        resolved = tuple(f for f in a.findings if _key(f) not in new_keys)
        counts_before, counts_after = (a.errors, a.warnings), (b.errors, b.warnings)
        problem = ""
        if a.problem != b.problem:
            problem = f"now unreadable: {b.problem}" if b.problem else "readable again"
        if counts_before != counts_after or added or resolved or problem:
            changes.append(
                RowChange(path, b.name, counts_before, counts_after, added, resolved, problem)
            )
    return changes


#: ``refresh(path, record) -> (record, notes)``: fresh lookups for one record, returned
#: updated, with a sentence for each lookup that could not run.
LookupRefresher = Callable[[Path, Record], tuple[Record, list[str]]]


def lookup_refresher(
    settings: Settings, fetcher: Any = None, resolver: Any = None, routing_fetcher: Any = None
) -> LookupRefresher:
    """Fresh registration, routing and reputation lookups, through the wizard's code.

    ``fetcher`` / ``resolver`` / ``routing_fetcher``: None for the network, or
    the demo's replaying ones.  Lookups are imported here, when a re-check asks.
    """
    # Deferred: the lookups (asyncio, http.client, ssl) only for an online re-check.
    import asyncio

    from byoip.rdap import lookup_rdap
    from byoip.reputation import SweepRefused, sweep
    from byoip.routing import lookup_routing

    def refresh(path: Path, record: Record) -> tuple[Record, list[str]]:
        request = record.request
        if not check_ip_range(request.ip_range).ok:
            return record, []  # the range rule already says what is wrong; nothing to look up
        result = lookup_rdap(
            request.ip_range, settings, registry=request.registry, refresh=True, fetcher=fetcher
        )
        record = replace(record, rdap=result.snapshot())
        if settings.routing_enabled:  # off: the saved [routing] snapshot stays as it was
            routed = lookup_routing(
                request.ip_range,
                settings,
                region=request.region or None,
                refresh=True,
                fetcher=routing_fetcher,
            )
            record = replace(record, routing=routed.snapshot())
        try:
            swept = asyncio.run(sweep(request.ip_range, settings, resolver=resolver))
        except SweepRefused as exc:
            return record, [f"{clean_text(path.stem, 80)}: reputation not checked ({exc})"]
        return replace(record, reputation=swept.snapshot()), []

    return refresh


def recheck_all(
    before: ReviewSet,
    refresh: LookupRefresher | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> RecheckSummary:
    """Re-read the folder and re-run every rule; with ``refresh``, fresh lookups first.

    Fresh lookup results are written into each record (atomically, refusing
    to overwrite a file changed outside the app); a lookup that fails is
    listed in the summary and leaves its record as it was.
    """
    lookups_run = 0
    failures: list[str] = []
    if refresh is not None:
        for row in before.rows:
            if row.damaged:
                continue
            try:
                record, _mtime = load_for_write(row.path)
                updated, notes = refresh(row.path, record)
            except Exception as exc:  # one record's failure must not stop the others
                failures.append(f"{row.name}: lookups not run ({clean_text(exc, 200)}).")
                continue
            lookups_run += 1
            failures += notes
            if updated == record:
                continue
            try:
                save_record(
                    row.path, replace(updated, updated=review_now(now)), expected_mtime=row.mtime
                )
            except ConflictError:
                failures.append(f"{row.name}: changed outside the app; lookups not saved.")
    after = load_review(before.folder, now=now, settings=settings)
    return RecheckSummary(
        review=after,
        changes=tuple(diff_reviews(before, after)),
        lookups_run=lookups_run,
        lookup_failures=tuple(failures),
    )
