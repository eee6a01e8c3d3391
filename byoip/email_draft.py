"""The email to AWS: plain text, a .eml file, and a mailto: link.

The body lists the five items in the order of the AWS page.  Nothing a person
types reaches a header unfiltered: header values are built from cleaned,
single-line text (``clean_text``), and ``email.policy`` refuses line breaks in
headers anyway, so a use case with ``\\r\\nBcc: ...`` stays in the body.
"""

from __future__ import annotations

import textwrap
from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from urllib.parse import quote

from byoip.fields import check_fields, parse_ipv4_range
from byoip.proof import proof_email_lines
from byoip.record import Record
from byoip.regions import REGIONS
from byoip.request import FIELD_LABELS, Request
from byoip.text import clean_text

AWS_ADDRESS = "ses-byoip-request@amazon.com"
_POLICY = SMTP.clone(max_line_length=998)
#: "We'll respond to your request within 48 business hours" (the SES BYOIP page, verbatim).
REPLY_BUSINESS_HOURS = 48


def add_business_hours(
    start: datetime, hours: float, holidays: Container[date] | None = None
) -> datetime:
    """``start`` + ``hours`` counted on business days only, around the clock.

    A business day is a weekday that is not in ``holidays`` (any container of
    dates, such as a ``holidays`` library calendar; None skips weekends only).
    Counting whole days, not office hours, is our reading: AWS's page defines
    neither business hours nor a time zone (FACTS.md).  Dates are taken in
    ``start``'s time zone.
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


@dataclass(frozen=True)
class EmailDraft:
    to: str
    subject: str
    body: str


def _wrap(paragraph: str) -> str:
    return textwrap.fill(paragraph, width=76)


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
    """The five items, numbered in the order of the AWS page (the first email and follow-ups)."""
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


def build_email(record: Record, now: datetime | None = None) -> EmailDraft:
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    request = record.request
    reply_by = add_business_hours(now, REPLY_BUSINESS_HOURS)
    body = "\n".join(
        [
            "Hello,",
            "",
            "We would like to bring our own IP address range to Amazon SES (BYOIP).",
            "",
            *request_lines(record),
            "",
            _wrap(
                "We understand that the whole range is transferred to SES. We can provide a "
                "signed authorization message and documents that prove our ownership of the range."
            ),
            *proof_email_lines(record.proof, request.account_id, request.ip_range, now),
            "",
            _wrap(
                f"Your documentation says you respond within {REPLY_BUSINESS_HOURS} business "
                f"hours, so we look forward to your answer by {reply_by:%A %d %B %Y, %H:%M} UTC."
            ),
            "",
            "Thank you,",
            "",
        ]
    )
    return EmailDraft(AWS_ADDRESS, email_subject(record), body)


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
