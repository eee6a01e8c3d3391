"""The journey on the command line: ``status``, ``stage``, ``followup``, ``runbook``, ``mailcheck``.

- ``status [--json] [PATH...]``: where each request stands and what is next (the
  drafts folder by default); one file: its checklists too.
- ``stage FILE STAGE [--note] [--override-reason]``: move a request; exit 1 with
  the blockers when a check blocks the move.
- ``followup FILE --kind reply|reminder [--format]``: the message to AWS.
- ``runbook FILE [--json]``: the SES v2 commands for an approved range.
- ``mailcheck FILE --domain D [--json]``: SPF and PTR, live through the resolver.

Exit codes as everywhere: 0 ok, 1 blocked / findings, 2 unreadable or bad usage.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from byoip import email_draft
from byoip.across import cross_draft_findings
from byoip.atomic import atomic_write_bytes
from byoip.cli import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNREADABLE,
    drafts_dir_option,
    fail,
    get_settings,
    parse_now,
    update_settings,
)
from byoip.cli.records import expand_paths
from byoip.findings import sort_findings
from byoip.journey import CalendarError, StageError, calendar_for, journey_status, parse_stage
from byoip.journey.due import calendar_label, due_text
from byoip.journey.followup import FollowUpError, build_reminder, build_reply
from byoip.journey.mailcheck import MailCheckError, run_mail_check
from byoip.journey.runbook import RunbookError, build_runbook, to_shell
from byoip.journey.status import next_step_across
from byoip.record import Record, RecordError, file_mtime, load_record
from byoip.reputation.resolvers import ResolverConfigError
from byoip.review import ReviewError, StageBlocked, change_status
from byoip.text import clean_text

now_option = click.option(
    "--now", "now_text", hidden=True, help="Pretend it is this time (tests, demos)."
)


def _now(value: str | None) -> datetime:

    return parse_now(value) or datetime.now(UTC).replace(microsecond=0)


def _calendar(settings: Any) -> Any:

    try:
        return calendar_for(settings)
    except CalendarError as exc:
        fail(str(exc))


def _load(path: Path) -> Any:

    try:
        return load_record(path)
    except RecordError as exc:
        fail(str(exc))


def _write(data: bytes, output: Path | None) -> None:

    if output is None or str(output) == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        atomic_write_bytes(output, data)
    except OSError as exc:
        fail(f"can't write {output} ({exc.strerror or exc}); choose another file.")


# --------------------------------------------------------------------------- status


def status_rows(
    paths: list[Path], settings: Any, now: datetime, calendar: Any
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """One JSON-ready row per readable record, and the paths that can't be read."""

    readable: list[tuple[Path, Record]] = []
    unreadable: list[dict[str, str]] = []
    for path, problem in expand_paths(tuple(paths)):
        if problem is not None:
            unreadable.append({"path": str(path), "reason": problem})
            continue
        try:
            readable.append((path, load_record(path)))
        except RecordError as exc:
            unreadable.append({"path": str(path), "reason": exc.reason})
    # The rules across the records given, as the drafts table runs them: a draft that
    # another one makes wrong says so as its next step, with the findings that say why.
    across = cross_draft_findings(readable)
    rows: list[dict[str, Any]] = []
    for path, record in readable:
        state = journey_status(record, now, settings, calendar).to_json()
        found = sort_findings(across.get(path, []))
        step = next_step_across(str(record.status), (f.code for f in found))
        if step is not None:
            state.update(next_step=step, needs_me=True)
        rows.append(
            {
                "path": str(path),
                "name": clean_text(path.stem, 80),
                "ip_range": clean_text(record.request.ip_range, 43),
                "region": clean_text(record.request.region, 30),
                **state,
                "across": [finding.to_dict() for finding in found],
            }
        )
    return rows, unreadable


def _print_status(rows: list[dict[str, Any]], detailed: bool) -> None:

    for row in rows:
        due = row["due"]
        row["_due"] = ""
        if due:
            moment = datetime.fromisoformat(due.replace("Z", "+00:00"))
            row["_due"] = ("OVERDUE " if row["overdue"] else "") + due_text(moment)
    widths = {"name": 4, "ip_range": 5, "stage": 5, "_due": 3}
    for row in rows:
        for key in widths:
            widths[key] = min(max(widths[key], len(row[key] or "")), 30)
    head = f"{'NAME':<{widths['name']}}  {'RANGE':<{widths['ip_range']}}  "
    head += f"{'STAGE':<{widths['stage']}}  {'DUE':<{widths['_due']}}  NEXT STEP"
    click.echo(head)
    for row in rows:
        flag = "* " if row["needs_me"] else ""
        click.echo(
            f"{row['name']:<{widths['name']}}  {row['ip_range']:<{widths['ip_range']}}  "
            f"{row['stage']:<{widths['stage']}}  {row['_due']:<{widths['_due']}}  "
            f"{flag}{clean_text(row['next_step'], None)}"
        )
        # What another request makes wrong, and why (warnings only in --json: a team's
        # folder has many, and the table is for what stands in the way).
        for finding in row["across"]:
            if finding["severity"] == "error":
                click.echo(f"    {finding['severity']}: {clean_text(finding['message'], None)}")
        if detailed:
            for checklist in row["checklists"]:
                click.echo(f"    {checklist['title']}:")
                for item in checklist["items"]:
                    mark = {"done": "x", "info": "i", "unknown": "?"}.get(item["state"], " ")
                    detail = clean_text(item["detail"], None)
                    click.echo(f"      [{mark}] {item['label']}: {detail}")
    needs = sum(1 for row in rows if row["needs_me"])
    late = sum(1 for row in rows if row["overdue"])
    total = len(rows)
    click.echo(
        f"{total} request{'s' * (total != 1)}: {needs} need{'s' * (needs == 1)} you "
        f"(marked *), {late} overdue."
    )


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@click.option("--stage", "stage_filter", help="Only requests at this stage (e.g. sent).")
@click.option("--needs-me", is_flag=True, help="Only requests whose next step is yours.")
@click.option("-v", "--checklists", "detailed", is_flag=True, help="Show each checklist.")
@now_option
@drafts_dir_option
def status(
    paths: tuple[Path, ...],
    as_json: bool,
    stage_filter: str | None,
    needs_me: bool,
    detailed: bool,
    now_text: str | None,
) -> None:
    """Where each request stands: stage, next step, when AWS's answer is due.

    PATHS are record files or folders (default: the drafts folder). With a single
    file, its checklists are shown too. Exit 0; 2 when a path can't be read.
    """

    settings = get_settings()
    if not paths:
        paths = (settings.drafts_dir,)
    wanted = None
    if stage_filter:
        try:
            wanted = str(parse_stage(stage_filter))
        except StageError as exc:
            fail(str(exc))
    now = _now(now_text)
    rows, unreadable = status_rows(list(paths), settings, now, _calendar(settings))
    rows = [
        row
        for row in rows
        if (wanted is None or row["stage"] == wanted) and (not needs_me or row["needs_me"])
    ]
    for item in unreadable:
        click.echo(f"Error: {clean_text(item['path'], None)}: {item['reason']}", err=True)
    if as_json:
        document = {
            "now": now.isoformat().replace("+00:00", "Z"),
            "calendar": calendar_label(settings),
            "requests": rows,
            "unreadable": unreadable,
        }
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        single = len(paths) == 1 and Path(paths[0]).is_file()
        _print_status(rows, detailed or single)
        click.echo(f"Due dates: 48 business hours, {calendar_label(settings)}.")
    sys.exit(EXIT_UNREADABLE if unreadable else EXIT_OK)


# --------------------------------------------------------------------------- stage


@click.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("stage_name", metavar="STAGE")
@click.option("--note", default="", help="What happened: an AWS case number, what they asked.")
@click.option(
    "--override-reason",
    default="",
    help="Move although a check blocks it; the reason is recorded in the history.",
)
@now_option
def stage(
    path: Path, stage_name: str, note: str, override_reason: str, now_text: str | None
) -> None:
    """Move a request to another STAGE (draft, ready, sent, more-info, approved, in-use,
    rejected, withdrawn), dated in its history.

    Moving to ready or sent re-checks the request. Exit 0: moved; 1: blocked (the
    reasons are listed; --override-reason moves anyway); 2: unreadable or bad usage.
    """

    if not path.is_file():
        _load(path)  # says why in one sentence (missing, a folder, ...)
    try:
        record = change_status(
            path,
            stage_name,
            file_mtime(path),
            note=note,
            now=_now(now_text),
            override_reason=override_reason,
            settings=get_settings(),
        )
    except StageBlocked as exc:
        click.echo(f"{clean_text(path, None)}: can't move to {exc.check.target}:", err=True)
        for blocker in exc.check.blockers:
            click.echo(f"  - {clean_text(blocker.sentence, None)}", err=True)
        click.echo("Fix these, or move anyway with --override-reason TEXT.", err=True)
        sys.exit(EXIT_INVALID)
    except ReviewError as exc:
        fail(str(exc))
    last = record.history[-1] if record.history else None
    click.echo(f"{clean_text(path, None)}: now {record.status}.")
    if last is not None and last.override:
        click.echo(f"  Override recorded: {clean_text(last.override, None)}")
    sys.exit(EXIT_OK)


# --------------------------------------------------------------------------- follow-up


@click.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--kind",
    type=click.Choice(("reply", "reminder")),
    required=True,
    help="reply: answer AWS's questions (stage more-info); reminder: AWS's answer is overdue.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("email", "eml", "mailto")),
    default="email",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file.")
@click.option("--force", is_flag=True, help="A reminder even before the answer is due.")
@now_option
def followup(
    path: Path, kind: str, fmt: str, output: Path | None, force: bool, now_text: str | None
) -> None:
    """Write a follow-up message to AWS: a reply to their questions, or a polite reminder.

    Exit 0: written; 1: the request's stage doesn't call for it (says why); 2: unreadable.
    """

    record = _load(path)
    now = _now(now_text)
    try:
        if kind == "reply":
            draft = build_reply(record, now)
        else:
            draft = build_reminder(record, _calendar(get_settings()), now, force=force)
    except FollowUpError as exc:
        fail(str(exc), EXIT_INVALID)
    if fmt == "eml":
        data = email_draft.to_eml(draft)
    elif fmt == "mailto":
        data = (email_draft.mailto_link(draft) + "\n").encode("utf-8")
    else:
        data = email_draft.to_text(draft).encode("utf-8")
    _write(data, output)


# --------------------------------------------------------------------------- runbook


@click.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--pool", help="Dedicated IP pool name (default: byoip-<range>).")
@click.option("--configuration-set", help="Configuration set name (default: the pool's).")
@click.option("--json", "as_json", is_flag=True, help="The steps as JSON instead of a script.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file.")
def runbook(
    path: Path,
    pool: str | None,
    configuration_set: str | None,
    as_json: bool,
    output: Path | None,
) -> None:
    """The SES v2 commands that put an approved range to use: a dedicated IP pool, the
    addresses moved into it, a configuration set that sends from it.

    Written for review, never run. Exit 0; 1: names SES would refuse or a bad range;
    2: unreadable. A request not approved yet gets a warning on stderr.
    """

    record = _load(path)
    try:
        book = build_runbook(record, pool, configuration_set)
    except RunbookError as exc:
        fail(str(exc), EXIT_INVALID)
    if book.warning:
        click.echo(f"Warning: {book.warning}", err=True)
    data = json.dumps(book.to_json(), indent=2) + "\n" if as_json else to_shell(book)
    _write(data.encode("utf-8"), output)


# --------------------------------------------------------------------------- mail side


@click.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option("--domain", required=True, help="The sending domain whose SPF record to check.")
@click.option("--range", "ip_range", help="The range to check (default: the record's).")
@click.option("--resolver", help="DNS resolver host[:port] (default: the configured one).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="One line per address, not only problems.")
def mailcheck(
    path: Path | None,
    domain: str,
    ip_range: str | None,
    resolver: str | None,
    as_json: bool,
    verbose: bool,
) -> None:
    """Check the mail side of a range, live: the domain's SPF covers it (or names SES), and
    each address has a PTR whose name resolves back to it.

    Exit 0: every address passes; 1: some don't; 2: bad input.
    """

    if ip_range is None:
        if path is None:
            fail("give a record FILE or --range CIDR to check.")
        ip_range = _load(path).request.ip_range
    settings = update_settings(resolver=resolver) if resolver else get_settings()
    try:
        result = run_mail_check(ip_range, domain, settings)
    except (MailCheckError, ResolverConfigError) as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(f"{result.ip_range} sending as {result.domain} ({result.resolver}):")
        for report in result.addresses:
            if verbose or not report.ok:
                name = f" {report.ptr_name}" if report.ptr_name else ""
                detail = f" ({report.detail})" if report.detail else ""
                click.echo(
                    f"  {report.address:<15} spf {report.spf:<9} ptr {report.ptr}{name}{detail}"
                )
        for line in result.summary():
            click.echo(clean_text(line, None))
    sys.exit(EXIT_OK if result.ok else EXIT_INVALID)
