"""``ses-byoip check``: the records' findings, headless.

``check PATH...`` runs the five field rules on each record and the rules
across requests among all the records given (folders stand for their
``*.toml`` files).  Exit 0 when there is no error (warnings allowed), 1 when
any record has an error, 2 when a path can't be read or parsed (one line on
stderr each).  ``--json`` prints a list of
``{"path", "ok", "findings": [{"field", "severity", "code", "message"}]}``.

(``render`` is in ``byoip.cli.render``: ``check`` doesn't pay for compiling it.)

Imports of the core happen inside the commands so ``ses-byoip --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _string  # the C one, as json.dumps uses
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from byoip.across import cross_draft_findings
from byoip.cli import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    drafts_dir_option,
    fail,
    get_settings,
    recordings_option,
)
from byoip.config import load_settings
from byoip.fields import check_ip_range, check_region, check_registry, check_request
from byoip.findings import Severity, error, has_errors, sort_findings
from byoip.heap import collector_paused
from byoip.record import RecordError, load_record
from byoip.text import clean_text

if TYPE_CHECKING:
    from byoip.findings import Finding
    from byoip.record import Record


@dataclass
class _Checked:
    path: Path
    record: Record | None
    unreadable: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:

        return self.unreadable is None and not has_errors(self.findings)


def results_json(results: list[_Checked]) -> str:
    """The ``--json`` text: a list of ``{"path", "ok", "findings": [Finding.to_dict()]}``.

    Written as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes it, but directly:
    with an indent ``json.dumps`` runs its pure-Python encoder (the C one has none), a
    tenth of ``check --json`` over 1,000 records.  Strings go through json's own (C)
    encoder; tests/core/test_check_fast_paths.py compares the text with ``json.dumps``.
    """
    if not results:
        return "[]"
    records = []
    for checked in results:
        findings = "[]"
        if checked.findings:
            findings = (
                "[\n"
                + ",\n".join(
                    "      {\n"
                    f'        "field": {_string(finding.field)},\n'
                    f'        "severity": {_string(str(finding.severity))},\n'
                    f'        "code": {_string(finding.code)},\n'
                    f'        "message": {_string(finding.message)}\n'
                    "      }"
                    for finding in checked.findings
                )
                + "\n    ]"
            )
        records.append(
            "  {\n"
            f'    "path": {_string(str(checked.path))},\n'
            f'    "ok": {"true" if checked.ok else "false"},\n'
            f'    "findings": {findings}\n'
            "  }"
        )
    return "[\n" + ",\n".join(records) + "\n]"


def expand_paths(paths: tuple[Path, ...]) -> list[tuple[Path, str | None]]:
    """In the order given: each file to check (folders -> their ``*.toml``), or a path's problem.

    Duplicates are dropped; a problem is one sentence (missing path, empty folder).
    """

    items: list[tuple[Path, str | None]] = []
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            found = _folder_records(path)
            if not found:
                items.append((path, "folder has no .toml records"))
        elif path.exists():
            found = [(path, _resolved(path))]
        else:
            items.append((path, _missing_reason(path)))
            continue
        for candidate, key in found:
            if key not in seen:
                seen.add(key)
                items.append((candidate, None))
    return items


def _resolved(path: Path) -> str:
    """The path with its links followed: two names for one file are checked once.

    A string (``normcase``: one spelling per file where names ignore case), because
    hashing and joining strings is several times cheaper than ``Path`` objects.
    """
    try:
        return os.path.normcase(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop: load_record will say so
        return os.path.normcase(path.absolute())


def _folder_records(folder: Path) -> list[tuple[Path, str]]:
    """Every ``*.toml`` of ``folder`` (not dot-files), sorted, each with its resolved path.

    Every one is listed, also a folder or a pipe with that name: load_record then says
    what it is instead of it being skipped without a word.  The folder is resolved once
    and read once (a thousand records: a thousand ``resolve`` calls were a fifth of
    ``check``); only links are resolved one by one.
    """
    try:
        with os.scandir(folder) as listing:
            names = sorted(
                (entry.name, entry.is_symlink())
                for entry in listing
                if entry.name.endswith(".toml") and not entry.name.startswith(".")
            )
    except OSError:
        return []
    base = _resolved(folder)
    return [
        (folder / name, _resolved(folder / name) if link else os.path.join(base, name))
        for name, link in names
    ]


def _missing_reason(path: Path) -> str:
    """Why a path that doesn't exist can't be used: absent, a broken link, a file as a folder."""
    try:
        path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return "is a link to nothing (broken link); check where it points"
        return "no such file or folder; check the path"
    except NotADirectoryError:
        return "part of the path is a file, not a folder; check the path"
    except OSError as exc:
        return f"can't be read ({exc.strerror or exc}); check the path"
    return "no such file or folder; check the path"


def check_paths(
    paths: tuple[Path, ...] | list[Path],
    online: bool = False,
    settings: Any = None,
    rdap_recordings: Path | None = None,
    routing_recordings: Path | None = None,
) -> list[_Checked]:
    """Every record's findings: its fields, the rules across the records given, lookups if online.

    Online: the registration lookup (RDAP) and the routing check (ROAs). Each
    ``*_recordings`` folder answers its lookup from recorded responses instead
    (offline demos) and runs only that lookup.
    """

    # A burst of records, findings and parsed TOML that all live until the end: the
    # cycle collector, run every few hundred new objects, walked them again and again
    # (5% of checking 1,000 records); nothing made here forms cycles that must go early.
    with collector_paused():
        results, readable = _read_and_check(paths)
    if online or rdap_recordings is not None:
        _add_rdap_findings(readable, settings, rdap_recordings)
    if (online and _routing_enabled(settings)) or routing_recordings is not None:
        _add_routing_findings(readable, settings, routing_recordings)
    for checked in results:
        checked.findings = sort_findings(checked.findings)
    return results


def _read_and_check(paths: tuple[Path, ...] | list[Path]) -> tuple[list[_Checked], list[_Checked]]:
    """Every path's record and its findings alone and across the records: (all, readable)."""
    results: list[_Checked] = []
    readable: list[_Checked] = []
    for path, problem in expand_paths(tuple(Path(p) for p in paths)):
        if problem is not None:
            message = f"{path}: {problem}"
            results.append(
                _Checked(path, None, message, [error("file", "record.unreadable", message)])
            )
            continue
        try:
            record = load_record(path)
        except RecordError as exc:
            results.append(
                _Checked(path, None, str(exc), [error("file", "record.unreadable", str(exc))])
            )
            continue
        checked = _Checked(path, record, None, check_request(record.request))
        readable.append(checked)
        results.append(checked)

    across = cross_draft_findings([(c.path, c.record) for c in readable])
    for checked in readable:
        checked.findings.extend(across.get(checked.path, []))
    return results, readable


def _add_rdap_findings(
    readable: list[_Checked], settings: Any, recordings: Path | None = None
) -> None:
    """Registry lookups for every record with a readable range (a few at a time)."""

    # Deferred: threads only for lookups; plain ``check`` starts faster without them.
    from concurrent.futures import ThreadPoolExecutor

    try:
        # Deferred: the registry lookup (http.client, ssl) only with --online.
        from byoip.rdap import RecordedFetcher, lookup_rdap
    except ImportError:
        fail("--online needs the registry lookup (byoip.rdap), which this install lacks.")
    if settings is None:
        settings = load_settings()
    # Deferred: the registry lookup (http.client, ssl) only with --online.
    from byoip.rdap import UrllibFetcher

    # One replaying fetcher per lookup: it records the URLs it was asked (not thread-safe).
    # The network one is shared, so that ctrl+c can cancel every lookup in flight.
    network = UrllibFetcher()
    make_fetcher = (lambda: RecordedFetcher(recordings)) if recordings else (lambda: network)

    def lookup(checked: _Checked) -> None:
        assert checked.record is not None
        request = checked.record.request
        # A range the offline rules refuse (special-purpose, host bits, too specific) is
        # not looked up: the registry can't make it acceptable, and it would only add noise.
        ip_range = check_ip_range(request.ip_range)
        if not ip_range.ok:
            return
        registry = check_registry(request.registry)
        result = lookup_rdap(
            ip_range.value, settings, registry=registry.value or None, fetcher=make_fetcher()
        )
        checked.findings.extend(result.findings)

    pool = ThreadPoolExecutor(max_workers=4)
    try:
        list(pool.map(lookup, readable))
    except KeyboardInterrupt:
        # Without this, leaving the pool would wait for every lookup to run its course.
        network.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


def _routing_enabled(settings: Any) -> bool:
    """``[routing] enabled = false`` keeps ``--online`` from asking the routing source."""
    if settings is None:
        settings = load_settings()
    return bool(settings.routing_enabled)


def _add_routing_findings(
    readable: list[_Checked], settings: Any, recordings: Path | None = None
) -> None:
    """The routing check (ROAs, announcements) for every record with a usable range."""

    # Deferred: threads and the routing check (http.client, ssl) only with --online.
    from concurrent.futures import ThreadPoolExecutor

    from byoip.routing import RecordedRoutingFetcher, lookup_routing

    if settings is None:
        settings = load_settings()
    fetcher = RecordedRoutingFetcher(recordings) if recordings else None

    def lookup(checked: _Checked) -> None:
        assert checked.record is not None
        request = checked.record.request
        ip_range = check_ip_range(request.ip_range)
        if not ip_range.ok:
            return  # the range rule already says what is wrong
        region = check_region(request.region)
        result = lookup_routing(
            ip_range.value, settings, region=region.value or None, fetcher=fetcher
        )
        checked.findings.extend(result.findings)

    # One record at a time: each check already makes up to six calls at once, and
    # RIPEstat allows eight concurrent requests per address.
    with ThreadPoolExecutor(max_workers=1) as pool:
        list(pool.map(lookup, readable))


def _print_human(results: list[_Checked], verbose: bool) -> None:

    counts = {"ok": 0, "errors": 0, "unreadable": 0}
    for checked in results:
        if checked.unreadable is not None:
            counts["unreadable"] += 1
            click.echo(f"{clean_text(checked.path, None)}: unreadable")
            continue
        errors = sum(f.severity is Severity.ERROR for f in checked.findings)
        warnings = sum(f.severity is Severity.WARNING for f in checked.findings)
        counts["ok" if not errors else "errors"] += 1
        verdict = f"{errors} error{'s' * (errors != 1)}" if errors else "ok"
        if warnings:
            verdict += f" ({warnings} warning{'s' * (warnings != 1)})"
        click.echo(f"{clean_text(checked.path, None)}: {verdict}")
        for finding in checked.findings:
            if finding.severity is Severity.INFO and not verbose:
                continue
            message = clean_text(finding.message, None)
            click.echo(f"  {finding.severity:<8} {finding.code:<26} {message}")
    total = len(results)
    click.echo(
        f"{total} record{'s' * (total != 1)}: {counts['ok']} ok, "
        f"{counts['errors']} with errors, {counts['unreadable']} unreadable."
    )


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option(
    "--online",
    is_flag=True,
    help="Also look up each range's registration (RDAP) and ROAs (routing check; network).",
)
@recordings_option("rdap", "the registry lookup (RDAP; like --online for RDAP only)")
@recordings_option("routing", "the routing check (ROAs)")
@click.option("-v", "--verbose", is_flag=True, help="Also show informational findings.")
@drafts_dir_option
def check(
    paths: tuple[Path, ...],
    as_json: bool,
    online: bool,
    rdap_recordings: Path | None,
    routing_recordings: Path | None,
    verbose: bool,
) -> None:
    """Check request records (files or folders of *.toml), alone and against each other.

    With no PATHS, checks the drafts folder.

    Exit 0: no errors (warnings allowed); 1: some record has errors;
    2: a path can't be read or parsed.
    """

    if not paths:
        drafts = get_settings().drafts_dir
        if not drafts.is_dir():
            what = "is a file, not a folder" if drafts.exists() else "doesn't exist yet"
            fail(
                f"the drafts folder {drafts} {what}; give record files to check, or "
                "set --drafts-dir / $SES_BYOIP_DRAFTS_DIR to your drafts folder."
            )
        paths = (drafts,)
    lookups = online or rdap_recordings is not None or routing_recordings is not None
    settings = get_settings() if lookups else None
    results = check_paths(
        paths,
        online=online,
        settings=settings,
        rdap_recordings=rdap_recordings,
        routing_recordings=routing_recordings,
    )
    for checked in results:
        if checked.unreadable is not None:
            click.echo(f"Error: {clean_text(checked.unreadable, None)}", err=True)
    if as_json:
        click.echo(results_json(results))
    else:
        _print_human(results, verbose)
    if any(c.unreadable is not None for c in results):
        sys.exit(EXIT_UNREADABLE)
    sys.exit(EXIT_OK if all(c.ok for c in results) else EXIT_INVALID)
