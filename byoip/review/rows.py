"""The reviewer's view of a drafts folder: one typed row per file, sorting and filtering.

The drafts table (``screens/drafts.py``) only shows what this package computes.
Every rule comes from the core (``byoip.fields`` for one record,
``byoip.store`` across records, ``byoip.journey`` for the stage); nothing here
decides whether a request is valid.  A row is built in two parts: what depends
on its file alone and the clock (``own_row``: field rules, saved lookups, the
journey, the cleaned cells), which the row cache keeps between openings, and
the rules across drafts, merged in on every opening (``with_cross``).  A new
column is a new ``DraftRow`` field filled in ``own_row`` (or in ``with_cross``
when it depends on the other drafts); the cache picks it up by itself.
"""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from byoip.across import cross_draft_findings
from byoip.config import Settings
from byoip.fields import check_request
from byoip.findings import Finding, Severity, sort_findings
from byoip.journey import CalendarError, calendar_for, journey_status
from byoip.journey.due import due_text
from byoip.journey.status import next_step_across
from byoip.record import Record, RecordError, Status
from byoip.store import DraftEntry
from byoip.text import clean_text

#: Pseudo-status of a file that could not be read as a record.
DAMAGED = "damaged"

#: The columns of the table, in order: key -> heading.  What a reviewer scans first
#: (range, status, problems) comes first, so it stays visible in a narrow terminal.
COLUMNS: dict[str, str] = {
    "name": "Name",
    "ip_range": "Range",
    "status": "Stage",
    "next_step": "Next step",
    "due": "Due",
    "errors": "Errors",
    "warnings": "Warnings",
    "region": "Region",
    "account_id": "Account",
    "registry": "Registry",
    "updated": "Updated",
}
#: Statuses a reviewer can set (the record's own list, in its order).
STATUSES: tuple[str, ...] = tuple(str(s) for s in Status)
_STAGE_ORDER = {status: index for index, status in enumerate(STATUSES)}


class ReviewError(Exception):
    """An action that could not be done; the message is one sentence for the reviewer."""


@dataclass(frozen=True)
class DraftRow:
    """One file of the drafts folder as the table shows it.

    Every text field is already cleaned (``clean_text``): rows carry untrusted
    file contents, and the UI must be able to show them as they are.
    """

    path: Path
    name: str
    ip_range: str
    account_id: str
    region: str
    registry: str
    status: str
    errors: int
    warnings: int
    updated: str
    #: Modification time read together with the record (for ``save_record(expected_mtime=)``).
    mtime: int | None
    findings: tuple[Finding, ...] = ()
    #: Why the file couldn't be read as a record (None for a good record).
    problem: str | None = None
    #: The journey (``byoip.journey``), as of the clock the rows were made with: the next
    #: step, AWS's answer due date (``YYYY-MM-DD HH:MM`` UTC), whether it is overdue,
    #: whether the next step is the reviewer's, and the stage's checklist lines.
    next_step: str = ""
    due: str = ""
    #: ``due`` for people ("Mon 23 Nov 15:45", "end of Fri 13 Nov"), UTC.
    due_label: str = ""
    overdue: bool = False
    needs_me: bool = False
    checklist: tuple[str, ...] = ()

    @property
    def damaged(self) -> bool:
        return self.problem is not None

    @cached_property
    def haystack(self) -> str:
        """What the filter searches in, lower-cased: the name, stage and path, and the
        file's ``problem`` when it can't be read, else its range, account, Region and
        registry (``SEARCHED``).

        Made on the first filter, not with the row: a second opening of 2,000 drafts
        spent about 8% of its instructions making them for a filter not always used.
        """
        if self.problem is not None:
            parts: tuple[str, ...] = (self.problem,)
        else:
            parts = tuple(getattr(self, name) for name in SEARCHED)
        return "\n".join((self.name, self.status, str(self.path), *parts)).casefold()


@dataclass(frozen=True)
class ReviewSet:
    """Every row of a folder, computed in one pass."""

    folder: Path
    rows: tuple[DraftRow, ...]
    #: Why due dates skip weekends only (a holiday setting that can't be used), or "".
    calendar_problem: str = ""

    def by_path(self) -> dict[Path, DraftRow]:
        return {row.path: row for row in self.rows}


# --------------------------------------------------------------------------- loading


def _stamp(value: object) -> str:
    """A timestamp as ``YYYY-MM-DD HH:MM`` UTC (what a reviewer needs to compare drafts)."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    text = clean_text(value, 40)
    return text.replace("T", " ")[:16] if text else ""


def _clean(value: object, max_chars: int) -> str:
    """``clean_text``, skipped for short printable ASCII (nothing to remove: most fields)."""
    short = isinstance(value, str) and len(value) <= max_chars
    if short and value.isascii() and value.isprintable():  # type: ignore[union-attr]
        return value  # type: ignore[return-value]
    return clean_text(value, max_chars)


#: The fields of a readable record's row the filter searches, besides name, stage, path.
SEARCHED = ("ip_range", "account_id", "region", "registry")


def _snapshot_findings(record: Record) -> list[Finding]:
    """Findings of the lookups saved in the record (registration, routing, reputation).

    They are the lookup code's own findings, kept in the file when the
    lookup ran; a damaged entry is skipped (the file's own problem, not a rule).
    """
    found: list[Finding] = []
    for snapshot in (record.rdap or {}, record.routing or {}):
        items = snapshot.get("findings")
        for item in items if isinstance(items, list) else ():
            try:
                found.append(Finding.from_dict(item))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
    if record.reputation:
        from byoip.reputation import SweepResult  # only records with a sweep need it

        with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
            found += SweepResult.from_snapshot(dict(record.reputation)).findings
    return found


@dataclass(frozen=True)
class Clock:
    """What the journey columns depend on: the time, the settings, the holiday calendar."""

    now: datetime
    settings: Settings
    calendar: Container[date] | None = None
    problem: str = ""

    @classmethod
    def of(cls, now: datetime | None = None, settings: Settings | None = None) -> Clock:

        settings = settings or Settings()
        moment = review_now(now)
        try:
            return cls(moment, settings, calendar_for(settings))
        except CalendarError as exc:
            return cls(moment, settings, None, f"{exc} Due dates skip weekends only.")


def _journey(record: Record, clock: Clock) -> dict[str, Any]:
    """The row's journey fields (``byoip.journey.journey_status`` as text)."""

    state = journey_status(record, clock.now, clock.settings, clock.calendar)
    marks = {"done": "[x]", "info": "[i]", "unknown": "[?]"}
    lines = tuple(
        f"{marks.get(str(item.state), '[ ]')} {item.label}: {clean_text(item.detail, 300)}"
        for checklist in state.checklists
        for item in checklist.items
    )
    return {
        "next_step": clean_text(state.next_step, 200),
        "due": _stamp(state.due) if state.due else "",
        "due_label": due_text(state.due).removesuffix(" UTC") if state.due else "",
        "overdue": state.overdue,
        "needs_me": state.needs_me,
        "checklist": lines,
    }


def own_row(path: Path, record: Record, mtime: int | None, clock: Clock) -> DraftRow:
    """The row for one readable record as its file alone decides it (and the clock):
    field rules, saved lookups, where it stands on its journey as of ``clock``."""
    request = record.request
    findings = tuple(sort_findings([*check_request(request), *_snapshot_findings(record)]))
    name = _clean(path.stem, 80)
    values = {
        "ip_range": _clean(request.ip_range, 60),
        "account_id": _clean(request.account_id, 40),
        "region": _clean(request.region, 40),
        "registry": _clean(request.registry, 40),
    }
    status = str(record.status)
    return DraftRow(
        path=path,
        name=name,
        status=status,
        errors=_count(findings, Severity.ERROR),
        warnings=_count(findings, Severity.WARNING),
        updated=_stamp(record.updated),
        mtime=mtime,
        findings=findings,
        **values,
        **_journey(record, clock),
    )


def with_cross(row: DraftRow, cross: Sequence[Finding]) -> DraftRow:
    """``row`` with the findings of the rules across drafts merged in (the same row if none).

    A request not yet sent that another draft makes wrong says so as its next step: the
    table showed "To do: Registration (RDAP)" beside an error it did not mention.
    """
    if not cross:
        return row
    findings = tuple(sort_findings([*row.findings, *cross]))
    step = next_step_across(row.status, (f.code for f in findings))
    return replace(
        row,
        findings=findings,
        errors=_count(findings, Severity.ERROR),
        warnings=_count(findings, Severity.WARNING),
        next_step=step or row.next_step,
        needs_me=row.needs_me or step is not None,
    )


def record_row(
    path: Path,
    record: Record,
    mtime: int | None,
    cross: Sequence[Finding] = (),
    clock: Clock | None = None,
) -> DraftRow:
    """The row for one readable record: field rules, cross-draft rules, saved lookups,
    and where it stands on its journey as of ``clock`` (default: now, default settings)."""
    return with_cross(own_row(path, record, mtime, clock or Clock.of()), cross)


def _count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity is severity)


def damaged_row(path: Path, problem: RecordError | str, mtime: int | None) -> DraftRow:
    """The row for a file that is not a readable record: listed, never hidden or rewritten."""
    name = clean_text(path.stem, 80)
    if isinstance(problem, RecordError):
        where = f"line {problem.line}: " if problem.line is not None else ""
        reason = where + problem.reason
    else:
        reason = str(problem)
    reason = clean_text(reason, 300) or "can't be read as a record"
    return DraftRow(
        path=path,
        name=name,
        ip_range="",
        account_id="",
        region="",
        registry="",
        status=DAMAGED,
        errors=1,
        warnings=0,
        updated="",
        mtime=mtime,
        problem=reason,
    )


def rows_for(entries: Sequence[DraftEntry], clock: Clock | None = None) -> list[DraftRow]:
    """Rows for entries already read (``DraftStore.entries()``), cross-draft rules included."""
    cross = cross_draft_findings(entries)
    clock = clock or Clock.of()
    rows: list[DraftRow] = []
    for entry in entries:
        path = Path(entry.path)
        if entry.record is None:
            rows.append(damaged_row(path, entry.error or "can't be read", entry.mtime))
        else:
            rows.append(record_row(path, entry.record, entry.mtime, cross.get(path, ()), clock))
    return rows


# --------------------------------------------------------------------------- sort and filter


@lru_cache(maxsize=65536)  # a sort by range parses each range once, not once per sort
def _range_key(text: str) -> tuple[int, int, str]:
    # Ranges sort as networks (10.0.0.0/8 before 9.0.0.0/8 would be wrong as text).
    try:
        net = ipaddress.ip_network(text, strict=False)
        return (0, int(net.network_address) * 64 + net.prefixlen, "")
    except ValueError:
        return (1, 0, text.casefold())


_SORT_KEYS: dict[str, Callable[[DraftRow], Any]] = {
    "name": lambda r: r.name.casefold(),
    "ip_range": lambda r: _range_key(r.ip_range),
    "account_id": lambda r: r.account_id,
    "region": lambda r: r.region.casefold(),
    "registry": lambda r: r.registry.casefold(),
    # The journey's order (draft, ready, sent, ...), files that can't be read first.
    "status": lambda r: _STAGE_ORDER.get(r.status, -1),
    "errors": lambda r: r.errors,
    "warnings": lambda r: r.warnings,
    "updated": lambda r: r.updated,
    "next_step": lambda r: r.next_step.casefold(),
    "due": lambda r: r.due,
}


def sort_rows(rows: Iterable[DraftRow], column: str, reverse: bool = False) -> list[DraftRow]:
    """Rows sorted by one column (ties keep name order, so the order is stable)."""
    if column not in _SORT_KEYS:
        raise ValueError(f"unknown column {column!r}; use one of {', '.join(COLUMNS)}")
    key = _SORT_KEYS[column]
    ordered = sorted(rows, key=lambda r: (r.name.casefold(), str(r.path)))
    # Empty cells (a damaged file has no range) go last in either direction.
    filled = [r for r in ordered if getattr(r, column) != ""]
    empty = [r for r in ordered if getattr(r, column) == ""]
    return sorted(filled, key=key, reverse=reverse) + empty


def filter_rows(
    rows: Iterable[DraftRow], text: str = "", status: str | None = None, needs_me: bool = False
) -> list[DraftRow]:
    """Rows whose text contains every word of ``text`` and whose status is ``status``.

    ``status`` None (or "") keeps every status; ``"damaged"`` keeps the files
    that could not be read.  ``needs_me`` keeps the requests whose next step is
    the reviewer's (``byoip.journey``: not waiting for AWS, not finished).
    """
    words = text.casefold().split()
    return [
        row
        for row in rows
        if (not status or row.status == status)
        and (not needs_me or row.needs_me)
        and all(word in row.haystack for word in words)
    ]


def review_now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).replace(microsecond=0)
