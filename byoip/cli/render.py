"""``ses-byoip render PATH --format email|eml|toml|mailto [-o OUT]``: the record in one of
those forms, printed or written atomically.

Apart from ``check`` (``byoip.cli.records``) so that checking a folder never compiles or
imports what rendering needs.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from byoip.cli import EXIT_INVALID, fail, get_settings, parse_now
from byoip.fields import check_request
from byoip.findings import Severity
from byoip.record import Record, RecordError, load_record, record_to_toml

FORMATS = ("email", "eml", "toml", "mailto")


def render_record(
    record: Record, fmt: str, now: datetime | None = None, settings: Any = None
) -> bytes:
    """The record in ``fmt`` (one of ``FORMATS``) as bytes ready to write.

    ``settings`` give the email's sender when the record names none ([sender] in the config).
    """
    # Deferred: only render writes the email; check never needs it.
    from byoip import email_draft

    if fmt == "toml":
        return record_to_toml(record).encode("utf-8")
    draft = email_draft.build_email(
        record,
        now=now,
        sender_name=getattr(settings, "sender_name", None),
        sender_organization=getattr(settings, "sender_organization", None),
    )
    if fmt == "eml":
        return email_draft.to_eml(draft)
    if fmt == "mailto":
        return (email_draft.mailto_link(draft) + "\n").encode("utf-8")
    return email_draft.to_text(draft).encode("utf-8")


@click.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="email",
    show_default=True,
    help="email: plain text; eml: a message file for a mail client; toml: the record; "
    "mailto: a link.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file (atomically) instead of standard output.",
)
@click.option("--now", "now_text", hidden=True, help="Pretend it is this time (reply date).")
def render(path: Path, fmt: str, output: Path | None, now_text: str | None) -> None:
    """Render a request record as the email to AWS, an .eml file, TOML or a mailto: link.

    The output is produced even when the request has errors, but then the exit
    code is 1 and stderr says which: fix them before sending.
    """

    now = parse_now(now_text)
    try:
        record = load_record(path)
    except RecordError as exc:
        fail(str(exc))
    data = render_record(record, fmt, now, get_settings())
    if output is None or str(output) == "-":
        # Bytes straight to stdout's buffer (click.get_binary_stream is deprecated);
        # flush the text layer first so nothing printed before comes out after.
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            from byoip.atomic import atomic_write_bytes  # deferred: only render -o writes

            atomic_write_bytes(output, data)
        except (FileExistsError, NotADirectoryError):
            # mkdir of the parent met a file where a folder should be.
            fail(f"can't write {output}: part of its path is a file, not a folder.")
        except OSError as exc:
            fail(f"can't write {output} ({exc.strerror or exc}); choose another file.")
    errors = sorted({f.code for f in check_request(record.request) if f.severity is Severity.ERROR})
    if errors:
        fail(
            f"{path} has errors ({', '.join(errors)}); fix them before sending "
            f"(see: ses-byoip check {path}).",
            EXIT_INVALID,
        )
    if fmt != "toml":
        # The 48-business-hour date is the person's reminder, never part of the email.
        from byoip.email_draft import reply_reminder

        click.echo(reply_reminder(now), err=True)
