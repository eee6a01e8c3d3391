"""The email to AWS: plain text, a .eml file, and a mailto: link.

The body lists the five items in the order of the AWS page, then only the
evidence the person has: the holder as the registry's record names it, the
blocklist verdict with its date and the lists asked, and the signed
authorization message when it verifies.  Recorded answers (demo, samples) are
not evidence about a real range, so they never reach the email.  It states no
deadline to AWS: the 48-business-hour date (``reply_reminder``) is the
person's own reminder, shown in the app.  It ends with the sender's name and
organization (the record's ``[sender]``, else the config file's).  Nothing a person
types reaches a header unfiltered: header values are built from cleaned,
single-line text (``clean_text``), and ``email.policy`` refuses line breaks in
headers anyway, so a use case with ``\\r\\nBcc: ...`` stays in the body.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from typing import Any
from urllib.parse import quote

from byoip.fields import check_fields, parse_ipv4_range
from byoip.proof import proof_email_lines
from byoip.record import Record
from byoip.regions import REGIONS
from byoip.request import FIELD_LABELS, Request
from byoip.text import clean_text

AWS_ADDRESS = "ses-byoip-request@amazon.com"
REPLY_BUSINESS_HOURS = 48
_POLICY = SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class EmailDraft:
    to: str
    subject: str
    body: str


def add_business_hours(
    start: datetime, hours: float, holidays: Container[date] | None = None
) -> datetime:
    """``start`` + ``hours`` counted on business days only, around the clock.

    A business day is a weekday that is not in ``holidays`` (any container of
    dates, such as a ``holidays`` library calendar; None skips weekends only).
    Counting whole days, not office hours, is our reading: AWS's page defines
    neither business hours nor a time zone (docs/SOURCES.md).
    """

    def closed(moment: datetime) -> bool:
        return moment.weekday() >= 5 or (holidays is not None and moment.date() in holidays)

    remaining = timedelta(hours=hours)
    moment = start
    while remaining > timedelta(0):
        midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        next_midnight = midnight + timedelta(days=1)
        if closed(moment):  # a weekend day or a holiday: jump to the next day's 00:00
            moment = next_midnight
            continue
        step = min(remaining, next_midnight - moment)
        moment += step
        remaining -= step
    return moment


def _wrap(paragraph: str) -> str:
    """A paragraph stays one line: the reader's mail client (and the app's review pane)
    wraps it to its own width.  Hard breaks at 76 columns were wrapped a second time
    by any narrower window, leaving ragged half-empty lines."""
    return paragraph


def _one_line(value: str, max_chars: int = 80) -> str:
    return clean_text(value, max_chars=max_chars).strip()


def _shown(request: Request) -> Request:
    """Normal forms where the rules could read a field, else the cleaned input."""
    checks = check_fields(request)
    return Request(**{name: check.value for name, check in checks.items()})


def email_subject(record: Record) -> str:
    """The first email's subject (a follow-up answers it with "Re: ")."""
    request = _shown(record.request)
    ip_range = _one_line(request.ip_range, 43)
    region = _one_line(request.region, 30)
    account = _one_line(request.account_id, 20)
    return (
        f"SES BYOIP request: {ip_range or '(no range)'}, {region or '(no Region)'}, "
        f"account {account or '(no account ID)'}"
    )


def request_lines(record: Record) -> list[str]:
    """The five items, numbered in the order of the AWS page (quoted by follow-ups)."""
    request = _shown(record.request)
    use_case = clean_text(request.use_case, max_chars=None, keep_newlines=True).strip()
    indented = "\n".join("   " + line if line else "" for line in use_case.splitlines())
    region_name = REGIONS.get(request.region)
    network = parse_ipv4_range(request.ip_range)
    size = network.num_addresses if network is not None else 0
    ip_range = _one_line(request.ip_range, 43)
    region = _one_line(request.region, 30)
    labels = FIELD_LABELS
    return [
        f"1. {labels['account_id']}: {_one_line(request.account_id, 20)}",
        f"2. {labels['region']}: {region}" + (f" ({region_name})" if region_name else ""),
        f"3. {labels['use_case']}:",
        indented or "   (none given)",
        f"4. {labels['ip_range']}: {ip_range}" + (f" ({size:,} addresses)" if size else ""),
        f"5. {labels['registry']}: {_one_line(request.registry, 40)}",
    ]


def reply_reminder(now: datetime | None = None) -> str:
    """The person's reminder (never in the email): when AWS's 48 business hours end."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    due = add_business_hours(now, REPLY_BUSINESS_HOURS)
    return (
        f"Your reminder, not part of the email: AWS says \"We'll respond to your request "
        f'within {REPLY_BUSINESS_HOURS} business hours"; sent now, that is by '
        f"{due:%A %d %B %Y, %H:%M} UTC (weekends skipped, public holidays not known)."
    )


def build_email(
    record: Record,
    now: datetime | None = None,
    *,
    sender_name: str | None = None,
    sender_organization: str | None = None,
) -> EmailDraft:
    """The email for ``record``; ``sender_*`` are the defaults (config file) for a record
    that names no sender of its own."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    request = _shown(record.request)
    ip_range = _one_line(request.ip_range, 43)
    region = _one_line(request.region, 30)
    account = _one_line(request.account_id, 20)
    subject = (
        f"SES BYOIP request: {ip_range or '(no range)'}, {region or '(no Region)'}, "
        f"account {account or '(no account ID)'}"
    )

    use_case = clean_text(request.use_case, max_chars=None, keep_newlines=True).strip()
    indented = "\n".join("   " + line if line else "" for line in use_case.splitlines())
    region_name = REGIONS.get(request.region)
    network = parse_ipv4_range(request.ip_range)
    size = network.num_addresses if network is not None else 0
    labels = FIELD_LABELS
    evidence = [
        *_holder_lines(record.rdap, request.ip_range),
        *_reputation_lines(record.reputation, request.ip_range),
    ]
    name = _one_line(record.sender_name or sender_name or "", 80) or "[your name]"
    organization = (
        _one_line(record.sender_organization or sender_organization or "", 120)
        or "[your organization]"
    )
    body = "\n".join(
        [
            "Hello,",
            "",
            "We would like to bring our own IP address range to Amazon SES (BYOIP).",
            "",
            f"1. {labels['account_id']}: {account}",
            f"2. {labels['region']}: {region}" + (f" ({region_name})" if region_name else ""),
            f"3. {labels['use_case']}:",
            indented or "   (none given)",
            f"4. {labels['ip_range']}: {ip_range}" + (f" ({size:,} addresses)" if size else ""),
            f"5. {labels['registry']}: {_one_line(request.registry, 40)}",
            *(["", *evidence] if evidence else []),
            "",
            _wrap(
                "We understand that the whole range is transferred to SES. We can provide a "
                "signed authorization message and documents that prove our ownership of the range."
            ),
            *proof_email_lines(record.proof, request.account_id, request.ip_range, now),
            "",
            "Kind regards,",
            "",
            name,
            organization,
            "",
        ]
    )
    return EmailDraft(AWS_ADDRESS, subject, body)


def _snapshot_for(table: Mapping[str, Any] | None, ip_range: str) -> Mapping[str, Any] | None:
    """A lookup snapshot that is about this range and from a live answer, else None."""
    if not isinstance(table, Mapping) or table.get("recorded"):
        return None
    wanted = parse_ipv4_range(ip_range)
    if wanted is None or parse_ipv4_range(str(table.get("cidr", ""))) != wanted:
        return None  # a lookup of another range (the range changed since)
    return table


def _holder_lines(rdap: Mapping[str, Any] | None, ip_range: str) -> list[str]:
    """The holder as the registry's record names it (an organization only: a person's
    name is not kept, and a range held by a person is refused anyway)."""
    table = _snapshot_for(rdap, ip_range)
    if table is None or table.get("status") != "ok" or table.get("registrant_kind") == "person":
        return []
    name = _one_line(str(table.get("registrant_name", "")), 120)
    handle = _one_line(str(table.get("registrant_handle", "")), 60)
    if not name and not handle:
        return []
    holder = f"{name} ({handle})" if name and handle and name != handle else name or handle
    rir = _one_line(str(table.get("rir", "")), 20) or "the registry"
    when = _one_line(str(table.get("checked_at", "")), 20)[:10]
    return [
        _wrap(
            f"The {rir} record of the range names its holder as {holder}"
            + (f" (RDAP lookup of {when})." if when else ".")
        )
    ]


def _reputation_lines(reputation: Mapping[str, Any] | None, ip_range: str) -> list[str]:
    """The blocklist verdict with its date and the lists asked; nothing when incomplete."""
    table = _snapshot_for(reputation, ip_range)
    if table is None or str(table.get("resolver", "")).startswith("recording"):
        return []
    zones = [
        _one_line(str(zone.get("zone", "")), 80)
        for zone in table.get("zones") or []
        if isinstance(zone, Mapping)
    ]
    zones = [zone for zone in zones if zone]
    verdict = table.get("verdict")
    when = _one_line(str(table.get("time", "")), 20)[:10]
    if not zones or not when or verdict not in ("clean", "listed"):
        return []
    asked = ", ".join(zones)
    if verdict == "clean":
        return [
            _wrap(
                f"On {when} we checked every address of the range against these DNS "
                f"blocklists: {asked}. None of them listed any address."
            )
        ]
    return [
        _wrap(
            f"On {when} we checked every address of the range against these DNS "
            f"blocklists: {asked}. At least one address was listed on one of them then."
        )
    ]


def to_text(draft: EmailDraft) -> str:
    """The draft as plain text with its headers on top (to paste into any mail client)."""
    return f"To: {draft.to}\nSubject: {draft.subject}\n\n{draft.body}"


def to_eml(draft: EmailDraft, now: datetime | None = None) -> bytes:
    """An RFC 5322 message (CRLF line ends) that mail clients open as an unsent draft."""
    # No folding of the Subject: CPython's folder can break right after "Subject:",
    # which readers then show with a leading space (998 is RFC 5322's hard limit).
    message = EmailMessage(policy=_POLICY)
    message["To"] = draft.to
    # Header values from clean single-line text; the policy raises on CR/LF regardless.
    message["Subject"] = _one_line(draft.subject, 200)
    message["X-Unsent"] = "1"  # Outlook and others open it ready to send
    message.set_content(draft.body)
    return message.as_bytes()


def mailto_link(draft: EmailDraft) -> str:
    """A ``mailto:`` URI (RFC 6068): line breaks as %0D%0A, everything else percent-encoded."""
    subject = quote(_one_line(draft.subject, 200), safe="")
    body = quote(draft.body.replace("\r\n", "\n").replace("\n", "\r\n"), safe="")
    return f"mailto:{draft.to}?subject={subject}&body={body}"
