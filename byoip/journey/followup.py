"""Follow-up messages to AWS: a reply to their questions, a polite reminder when overdue.

Rendered like the first email (``byoip.email_draft``: plain text, ``.eml``,
``mailto:``), answering its subject with "Re: ", quoting the original
request's five items, and including the signed authorization message when it
verifies (``byoip.proof.proof_email_lines``).  What AWS asked is quoted from
the note of the record's latest "more-info" history entry; the answers are
left for the person to write (marked, so nothing half-written goes out
unnoticed).
"""

from __future__ import annotations

from collections.abc import Container
from datetime import UTC, date, datetime

from byoip.email_draft import (
    AWS_ADDRESS,
    REPLY_BUSINESS_HOURS,
    EmailDraft,
    email_subject,
    request_lines,
)
from byoip.journey.due import due_text, entered_at, reply_due
from byoip.proof import proof_email_lines
from byoip.record import Record, Status
from byoip.text import clean_text

KINDS = ("reply", "reminder")
#: Where the person writes; a reader of the draft sees at once what is still to do.
ANSWER_PLACEHOLDER = "[Write your answer here.]"


class FollowUpError(ValueError):
    """A follow-up that doesn't fit the request's stage; one sentence for the person."""


def _wrap(text: str) -> str:
    """One line per paragraph, as in the request's email (byoip.email_draft._wrap)."""
    return text


def _quoted(text: str) -> list[str]:
    lines = clean_text(text, 2000, keep_newlines=True).strip().splitlines()
    return ["> " + line if line else ">" for line in lines] or ["> (no details recorded)"]


def _reference(record: Record, status: Status) -> str:
    for entry in reversed(record.history):
        if entry.status is status:
            return clean_text(entry.note, 500).strip()
    return ""


def _original(record: Record, sent: datetime | None) -> list[str]:
    when = f" of {sent:%A %d %B %Y}" if sent else ""
    return [f"For reference, our request{when}:", "", *request_lines(record)]


def build_reply(record: Record, now: datetime | None = None) -> EmailDraft:
    """The answer to AWS's request for more (the record must be at "more-info")."""
    if record.status is not Status.MORE_INFO:
        raise FollowUpError(
            f"The request is {record.status}, not more-info: move it to more-info with what "
            "AWS asked as the note (ses-byoip stage FILE more-info --note ...) first."
        )
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    request = record.request
    asked_at = entered_at(record, Status.MORE_INFO)
    asked = _reference(record, Status.MORE_INFO)
    body = [
        "Hello,",
        "",
        _wrap(
            "Thank you for your message"
            + (f" of {asked_at:%A %d %B %Y}" if asked_at else "")
            + " about our request to bring our own IP address range to Amazon SES (BYOIP). "
            "You asked:"
        ),
        "",
        *_quoted(asked),
        "",
        ANSWER_PLACEHOLDER,
        *proof_email_lines(record.proof, request.account_id, request.ip_range, now),
        "",
        *_original(record, entered_at(record, Status.SENT)),
        "",
        "Thank you,",
        "",
    ]
    return EmailDraft(AWS_ADDRESS, "Re: " + email_subject(record), "\n".join(body))


def build_reminder(
    record: Record,
    calendar: Container[date] | None,
    now: datetime | None = None,
    force: bool = False,
) -> EmailDraft:
    """A polite reminder once AWS's answer is overdue (``force``: before that, too)."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    if record.status is not Status.SENT:
        raise FollowUpError(
            f"The request is {record.status}: a reminder is for a request sent and waiting "
            "for AWS's answer."
        )
    sent = entered_at(record, Status.SENT) or record.updated or now
    due = reply_due(sent, calendar)
    if now <= due and not force:
        raise FollowUpError(
            f"AWS's answer is not due until {due_text(due, long=True)}; a reminder before "
            "then would not be polite (force it if you must)."
        )
    request = record.request
    reference = _reference(record, Status.SENT)
    body = [
        "Hello,",
        "",
        _wrap(
            f"On {sent:%A %d %B %Y} we sent you a request to bring our own IP address range "
            "to Amazon SES (BYOIP)"
            + (f" (our reference: {reference})" if reference else "")
            + f". Your documentation says you respond within {REPLY_BUSINESS_HOURS} business "
            "hours, and we have not heard from you yet. Could you tell us where it stands, "
            "or whether you need anything more from us?"
        ),
        *proof_email_lines(record.proof, request.account_id, request.ip_range, now),
        "",
        *_original(record, sent),
        "",
        "Thank you,",
        "",
    ]
    return EmailDraft(AWS_ADDRESS, "Re: " + email_subject(record), "\n".join(body))
