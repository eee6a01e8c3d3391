"""The record: one TOML file per request, schema-versioned.

Layout (``schema_version = 1``)::

    schema_version = 1
    status = "draft"                      # a stage: draft | ready | sent | more-info | approved
                                          # | in-use | rejected | withdrawn (byoip.journey)
    created = 2026-11-26T09:00:00Z
    updated = 2026-11-26T09:30:00Z

    [request]                             # exactly the five items of the AWS page
    account_id = "123456789012"
    region = "eu-west-1"
    use_case = "..."
    ip_range = "193.0.0.0/24"
    registry = "RIPE NCC"

    [[history]]                           # every status change, dated
    status = "draft"
    at = 2026-11-26T09:00:00Z
    note = "AWS case 1234"                # optional: what happened (a reference, a question)
    override = "..."                      # optional: why a blocked move was made anyway

    [sender]                              # optional: who signs the email
    name = "Jane Example"
    organization = "Example Mail GmbH"

    [rdap] / [reputation] / [routing] / [cost] / [proof]   # optional snapshots of lookups

Written with tomli-w (atomically), read with tomllib.  A file that can't be
used raises ``RecordError`` with its path, line and reason; nothing here ever
writes over a file it could not read.  Unknown top-level keys are kept in
``extra`` and written back, so a newer tool's additions survive a save.
"""

from __future__ import annotations

import os
import re
import stat as stat_module
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from byoip.request import FIELDS, Request
from byoip.tomltext import TomlProblem, parse_toml

SCHEMA_VERSION = 1
#: A record is a few kilobytes (lookup snapshots included); anything this big is not one.
MAX_RECORD_BYTES = 16 * 2**20
SNAPSHOT_TABLES: tuple[str, ...] = ("rdap", "reputation", "routing", "cost", "proof")
_KNOWN_TOP = {"schema_version", "status", "created", "updated", "request", "history", "sender"}
#: The ``[sender]`` table's keys -> Record fields (both optional).
SENDER_KEYS: dict[str, str] = {"name": "sender_name", "organization": "sender_organization"}
_REQUEST_KEYS: dict[str, str] = {name: name for name in FIELDS}  # [request]: the five, as named


class Status(StrEnum):
    """The stages of a request (their meaning and moves: ``byoip.journey``).

    ``more-info`` and ``in-use`` were added after the first release; records that
    don't use them read and write exactly as before.
    """

    DRAFT = "draft"
    READY = "ready"
    SENT = "sent"
    MORE_INFO = "more-info"
    APPROVED = "approved"
    IN_USE = "in-use"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class RecordError(Exception):
    """A record file that can't be read or used: where, and why (one sentence)."""

    def __init__(self, path: Path | str | None, line: int | None, reason: str) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.reason = reason
        #: The file's ``stat`` taken before it was read (None when it couldn't be opened):
        #: what a cache of verdicts keys a damaged file by.
        self.stat: os.stat_result | None = None
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "record"
        if self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.reason}"


class ConflictError(Exception):
    """The file changed on disk since it was read: saving would lose someone's work."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class HistoryEntry:
    status: Status
    at: datetime
    note: str = ""
    #: Why the change was made although a check blocked it ("" when nothing blocked it).
    override: str = ""


@dataclass(frozen=True)
class Record:
    request: Request = field(default_factory=Request)
    status: Status = Status.DRAFT
    created: datetime | None = None
    updated: datetime | None = None
    history: tuple[HistoryEntry, ...] = ()
    rdap: dict[str, Any] | None = None
    reputation: dict[str, Any] | None = None
    #: The routing check (``byoip.routing.RoutingResult.snapshot``): ROAs and announcements.
    routing: dict[str, Any] | None = None
    cost: dict[str, Any] | None = None
    proof: dict[str, Any] | None = None
    schema_version: int = SCHEMA_VERSION
    #: Who signs the email to AWS (``[sender]``); empty: the config file's defaults.
    sender_name: str = ""
    sender_organization: str = ""
    #: Top-level keys this version doesn't know, kept so a save doesn't drop them.
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def new(cls, request: Request | None = None, now: datetime | None = None) -> Record:
        """A fresh draft, its creation in the history."""
        now = now or utc_now()
        return cls(
            request=request or Request(),
            created=now,
            updated=now,
            history=(HistoryEntry(Status.DRAFT, now),),
        )

    def with_status(
        self,
        status: Status | str,
        now: datetime | None = None,
        note: str = "",
        override: str = "",
    ) -> Record:
        """The record moved to ``status``, the change appended to the history.

        No rule is checked here: ``byoip.journey.move`` decides whether a move is allowed.
        """
        now = now or utc_now()
        status = Status(status)
        entry = HistoryEntry(status, now, note, override)
        return replace(self, status=status, updated=now, history=(*self.history, entry))

    def with_request(self, request: Request, now: datetime | None = None) -> Record:
        return replace(self, request=request, updated=now or utc_now())

    @property
    def counts(self) -> bool:
        """Whether the record takes part in the per-account limits (withdrawn ones don't)."""
        return self.status is not Status.WITHDRAWN


def _without_none(value: Any) -> Any:
    """TOML has no null: drop None values (and tuples become lists)."""
    if isinstance(value, Mapping):
        return {str(k): _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_without_none(v) for v in value if v is not None]
    return value


def record_to_dict(record: Record) -> dict[str, Any]:
    data: dict[str, Any] = {"schema_version": record.schema_version, "status": str(record.status)}
    if record.created is not None:
        data["created"] = record.created
    if record.updated is not None:
        data["updated"] = record.updated
    data["request"] = record.request.to_dict()
    if record.history:
        data["history"] = [
            {
                "status": str(h.status),
                "at": h.at,
                **({"note": h.note} if h.note else {}),
                **({"override": h.override} if h.override else {}),
            }
            for h in record.history
        ]
    sender = {key: getattr(record, field) for key, field in SENDER_KEYS.items()}
    if any(sender.values()):
        data["sender"] = {key: value for key, value in sender.items() if value}
    for name in SNAPSHOT_TABLES:
        table = getattr(record, name)
        if table is not None:
            data[name] = _without_none(table)
    for key, value in record.extra.items():
        if key not in data:
            data[key] = _without_none(value)
    return data


def record_to_toml(record: Record) -> str:
    header = f"# ses-byoip request record (schema {record.schema_version})\n"
    data = record_to_dict(record)
    # Multi-line strings keep a long use case readable in the file, but a TOML reader
    # turns a literal CR LF inside them into LF: text with a CR is written escaped.
    multiline = not _has_carriage_return(data)
    import tomli_w  # deferred: only writing needs it; reading (``check``) starts without it

    text = header + tomli_w.dumps(data, multiline_strings=multiline)
    # A lone surrogate (undecodable bytes smuggled in by surrogateescape, e.g. from a
    # non-UTF-8 terminal) is not Unicode text: TOML can't hold it and encoding the file
    # would raise, losing the whole save.  It becomes U+FFFD, the replacement character.
    return _LONE_SURROGATE.sub("\ufffd", text)


def _has_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, Mapping):
        return any(_has_carriage_return(k) or _has_carriage_return(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_carriage_return(v) for v in value)
    return False


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def record_from_toml(text: str, path: Path | str | None = None) -> Record:
    """Parse and validate a record; raises ``RecordError`` saying where and why."""
    try:
        data = parse_toml(text)
    except TomlProblem as problem:
        fix = problem.fix or "fix the file by hand"
        raise RecordError(path, problem.line, f"{problem.reason}; {fix}") from None
    return record_from_dict(data, path=path, text=text)


def record_from_dict(
    data: Mapping[str, Any], path: Path | str | None = None, text: str = ""
) -> Record:
    def fail(reason: str, key: str | None = None) -> RecordError:
        return RecordError(path, _line_of(text, key) if key else None, reason)

    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail(
            f"schema_version must be a whole number such as {SCHEMA_VERSION}", "schema_version"
        )
    if version > SCHEMA_VERSION:
        raise fail(
            f"written by a newer ses-byoip (schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}); upgrade ses-byoip to open it",
            "schema_version",
        )

    raw_status = data.get("status", Status.DRAFT.value)
    try:
        status = Status(raw_status)
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise fail(f"status {raw_status!r} is not one of {allowed}", "status") from None

    table = data.get("request")
    if not isinstance(table, Mapping):
        raise fail("there is no [request] table with the five fields; add one", None)
    values = _strings(table, "request", _REQUEST_KEYS, fail)

    history = tuple(_history(data.get("history", []), fail))
    snapshots: dict[str, dict[str, Any] | None] = {}
    for name in SNAPSHOT_TABLES:
        value = data.get(name)
        if value is not None and not isinstance(value, Mapping):
            raise fail(f"{name} must be a table ([{name}])", name)
        snapshots[name] = dict(value) if value is not None else None

    sender = data.get("sender", {})
    if not isinstance(sender, Mapping):
        raise fail('sender must be a table ([sender] with name = "..." and organization)', "sender")
    senders = _strings(sender, "sender", SENDER_KEYS, fail)

    return Record(
        request=Request(**values),
        status=status,
        created=_when(data.get("created"), "created", fail),
        updated=_when(data.get("updated"), "updated", fail),
        history=history,
        schema_version=version,
        extra={k: v for k, v in data.items() if k not in _KNOWN_TOP and k not in SNAPSHOT_TABLES},
        **senders,
        **snapshots,
    )


def _strings(
    table: Mapping[str, Any], name: str, keys: Mapping[str, str], fail: Any
) -> dict[str, str]:
    """A table of strings ([request], [sender]): its keys, renamed by ``keys``, checked."""
    unknown = sorted(table.keys() - keys.keys())
    if unknown:
        raise fail(
            f"[{name}] has an unknown key {unknown[0]!r}; the keys are {', '.join(keys)}",
            unknown[0],
        )
    values: dict[str, str] = {}
    for key, field_name in keys.items():
        value = table.get(key, "")
        if not isinstance(value, str):
            raise fail(
                f'{key} in [{name}] must be a quoted string ({key} = "..."), '
                f"not {type(value).__name__}",
                key,
            )
        values[field_name] = value
    return values


def _when(value: Any, key: str, fail: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise fail(f"{key} must be a date and time such as 2026-11-26T09:00:00Z", key) from None
    if not isinstance(value, datetime):
        raise fail(f"{key} must be a date and time such as 2026-11-26T09:00:00Z", key)
    # A local date-time (no offset) is read as UTC, the zone we write.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _history(value: Any, fail: Any) -> list[HistoryEntry]:
    if not isinstance(value, list):
        raise fail("history must be a list of [[history]] tables", "history")
    entries = []
    for item in value:
        if not isinstance(item, Mapping):
            raise fail("each [[history]] entry must be a table with status and at", "history")
        try:
            status = Status(item.get("status"))
        except ValueError:
            raise fail(
                f"history status {item.get('status')!r} is not a known status", "history"
            ) from None
        at = _when(item.get("at"), "at", fail)
        if at is None:
            raise fail("each [[history]] entry needs a date: at = 2026-11-26T09:00:00Z", "history")
        entries.append(
            HistoryEntry(status, at, str(item.get("note", "")), str(item.get("override", "")))
        )
    return entries


def _line_of(text: str, key: str) -> int | None:
    """The first line that assigns ``key`` (or opens a table of that name), for messages."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith(("[" + key + "]", "[[" + key + "]]")):
            return number
        name = stripped.split("=", 1)[0].strip().strip("\"'")
        if "=" in stripped and name == key:
            return number
    return None


def load_record(path: Path | str) -> Record:
    """Read a record file; ``RecordError`` (path, line, reason) when it can't be used."""
    return read_record(path)[0]


def read_record(path: Path | str) -> tuple[Record, os.stat_result]:
    """The record and the file's ``stat``, taken on the open file just before reading it.

    The stat (size, modification time, inode) describes the content read or an
    older one, never a newer one: a cache keyed by it can only miss a change
    made while the file was being read if the modification time did not move.
    """
    path = path if isinstance(path, Path) else Path(path)  # Path(a Path) parses it again
    raw, stat = _read_regular_file(path)
    try:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise RecordError(path, line, "is not UTF-8 text; save it as UTF-8") from None
        return record_from_toml(text, path), stat
    except RecordError as exc:
        exc.stat = stat
        raise


_A_FOLDER = (
    "is a folder, not a record file; give a record file, or rename the folder "
    "so that its name doesn't end in .toml"
)


def _read_regular_file(path: Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes (at most ``MAX_RECORD_BYTES`` + 1) and its stat, in one open."""
    try:
        # Non-blocking: opening a FIFO must not wait for a writer; only regular files are
        # read (a FIFO would wait forever, /dev/zero never ends).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        if path.is_symlink():
            raise RecordError(
                path, None, "is a link to nothing (broken link); check where it points"
            ) from None
        raise RecordError(path, None, "no such file; check the path") from None
    except IsADirectoryError:
        raise RecordError(path, None, _A_FOLDER) from None
    except OSError as exc:
        if path.is_dir():  # Windows refuses to open a folder with EACCES
            raise RecordError(path, None, "is a folder, not a record file") from None
        raise RecordError(path, None, f"can't be read ({exc.strerror or exc})") from None
    try:
        stat = os.fstat(fd)
        if stat_module.S_ISDIR(stat.st_mode):
            raise RecordError(path, None, _A_FOLDER)
        if not stat_module.S_ISREG(stat.st_mode):
            raise RecordError(
                path,
                None,
                "is not a regular file (a pipe or device, which could make reading wait "
                "forever); give a record file, or move it out of the folder",
            )
        if stat.st_size > MAX_RECORD_BYTES:
            raise _too_big(path)
        # fstat's size + 1, not the limit (a read of 16 MiB allocates 16 MiB first: five times
        # the cost of a 1 KB record); read on while there is more (grown since; /proc files).
        chunks, total, want = [], 0, stat.st_size + 1
        try:
            while total <= MAX_RECORD_BYTES and (chunk := os.read(fd, want)):
                chunks.append(chunk)
                total, want = total + len(chunk), 2**16
        except OSError as exc:
            raise RecordError(path, None, f"can't be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > MAX_RECORD_BYTES:
        raise _too_big(path)
    return raw, stat


def _too_big(path: Path) -> RecordError:
    return RecordError(
        path,
        None,
        f"is over {MAX_RECORD_BYTES:,} bytes, far more than a record needs; is it the right file?",
    )


def file_mtime(path: Path | str) -> int | None:
    """The file's modification time in nanoseconds (pass it back as ``expected_mtime``)."""
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return None


def save_record(path: Path | str, record: Record, expected_mtime: int | float | None = None) -> int:
    """Write ``record`` atomically; returns the new ``file_mtime``.

    With ``expected_mtime`` (from ``file_mtime`` when the file was read), raises
    ``ConflictError`` instead of writing when the file changed or vanished since.
    """
    path = Path(path)
    if expected_mtime is not None:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            raise ConflictError(
                path, "was moved or deleted since it was opened; save it under a new name"
            ) from None
        current = stat.st_mtime_ns if isinstance(expected_mtime, int) else stat.st_mtime
        if current != expected_mtime:
            raise ConflictError(
                path,
                "changed on disk since it was opened (someone else saved it); "
                "reload it or save under a new name",
            )
    from byoip.atomic import atomic_write_text  # deferred: only saving writes files

    atomic_write_text(path, record_to_toml(record))
    return os.stat(path).st_mtime_ns
