"""The email draft: order of the AWS page, reply time, .eml and mailto:, no header injection."""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from byoip.config import load_settings
from byoip.email_draft import (
    AWS_ADDRESS,
    add_business_hours,
    build_email,
    mailto_link,
    reply_reminder,
    to_eml,
    to_text,
)
from byoip.record import Record, RecordError, record_from_toml, record_to_toml
from byoip.request import Request

NOW = datetime(2026, 11, 26, 11, 30, tzinfo=UTC)  # a Thursday
REQUEST = Request(
    account_id="1234-5678-9012",
    region="ap-south-1",
    use_case="Order receipts and password resets.\nAbout 2M messages a month.",
    ip_range="193.0.0.0/24",
    registry="ripe",
)


def draft(request: Request = REQUEST):  # type: ignore[no-untyped-def]
    return build_email(Record.new(request, now=NOW), now=NOW)


def test_subject_and_recipient() -> None:
    d = draft()
    assert d.to == AWS_ADDRESS == "ses-byoip-request@amazon.com"
    for part in ("193.0.0.0/24", "ap-south-1", "123456789012"):
        assert part in d.subject


def test_body_lists_the_five_items_in_the_aws_order() -> None:
    body = draft().body
    markers = [
        "1. AWS account ID: 123456789012",
        "2. AWS Region: ap-south-1 (Asia Pacific (Mumbai))",
        "3. Use case:",
        "   Order receipts and password resets.\n   About 2M messages a month.",
        "4. IP range: 193.0.0.0/24 (256 addresses)",
        "5. Internet registry: RIPE NCC",
    ]
    positions = [body.index(m) for m in markers]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Thursday 11:30 -> Thu 12.5 h + Fri 24 h + Mon 11.5 h = 48 h.
        (datetime(2026, 11, 26, 11, 30), datetime(2026, 11, 30, 11, 30)),
        # Monday 09:00 -> Wednesday 09:00 (no weekend in between).
        (datetime(2026, 11, 23, 9, 0), datetime(2026, 11, 25, 9, 0)),
        # Saturday: the clock starts on Monday 00:00.
        (datetime(2026, 11, 28, 15, 0), datetime(2026, 12, 2, 0, 0)),
        # Friday 23:00 -> 1 h Friday, 47 h from Monday 00:00 = Tuesday 23:00.
        (datetime(2026, 11, 27, 23, 0), datetime(2026, 12, 1, 23, 0)),
    ],
)
def test_business_hours_skip_weekends(start: datetime, expected: datetime) -> None:
    assert add_business_hours(start.replace(tzinfo=UTC), 48) == expected.replace(tzinfo=UTC)


def test_the_email_states_no_deadline_the_reminder_is_the_persons() -> None:
    body = draft().body.replace("\n", " ")
    assert "2026" not in body and "business hours" not in body
    reminder = reply_reminder(NOW)
    assert "Monday 30 November 2026, 11:30 UTC" in reminder and "not part of the email" in reminder


def test_the_email_ends_with_the_sender() -> None:
    record = replace(
        Record.new(REQUEST, now=NOW), sender_name="Jane Example", sender_organization=""
    )
    body = build_email(record, now=NOW, sender_organization="Example Mail GmbH").body
    assert body.rstrip().endswith("Kind regards,\n\nJane Example\nExample Mail GmbH")
    assert "Thank you," not in body
    # Nothing known: visible placeholders, never a bare closing.
    assert draft().body.rstrip().endswith("[your name]\n[your organization]")


def test_sender_round_trips_through_the_record_file() -> None:
    record = replace(Record.new(REQUEST, now=NOW), sender_name="Jane", sender_organization="Ex")
    text = record_to_toml(record)
    assert '[sender]\nname = "Jane"\norganization = "Ex"' in text
    again = record_from_toml(text)
    assert (again.sender_name, again.sender_organization) == ("Jane", "Ex")
    with pytest.raises(RecordError):
        record_from_toml(text.replace('name = "Jane"', "name = 5"))


def test_sender_defaults_come_from_the_config_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config.toml"
    config.write_text('[sender]\nname = "Jane Example"\norganization = "Example BV"\n')
    settings = load_settings(config, env={})
    assert (settings.sender_name, settings.sender_organization) == ("Jane Example", "Example BV")


def test_the_email_carries_the_evidence_the_person_has() -> None:
    record = replace(
        Record.new(REQUEST, now=NOW),
        rdap={
            "status": "ok",
            "checked_at": "2026-11-25T10:00:00Z",
            "cidr": "193.0.0.0/24",
            "rir": "RIPE NCC",
            "registrant_handle": "ORG-EX1-RIPE",
            "registrant_kind": "organization",
            "registrant_name": "Example Mail GmbH",
        },
        reputation={
            "verdict": "clean",
            "cidr": "193.0.0.0/24",
            "time": "2026-11-25T10:05:00Z",
            "resolver": "system resolver",
            "zones": [{"zone": "zen.spamhaus.org"}, {"zone": "bl.spamcop.net"}],
        },
    )
    body = build_email(record, now=NOW).body.replace("\n", " ")
    assert (
        "names its holder as Example Mail GmbH (ORG-EX1-RIPE) (RDAP lookup of 2026-11-25)" in body
    )
    assert "On 2026-11-25 we checked every address" in body
    assert "zen.spamhaus.org, bl.spamcop.net. None of them listed any address." in body
    # Recorded answers (demo, samples) and lookups of another range are no evidence.
    recorded = replace(record, rdap={**record.rdap, "recorded": True}, reputation=None)
    assert "names its holder" not in build_email(recorded, now=NOW).body
    other = replace(record, reputation={**record.reputation, "cidr": "193.0.1.0/24"})
    assert "we checked every address" not in build_email(other, now=NOW).body
    replayed = replace(record, reputation={**record.reputation, "resolver": "recording x.json"})
    assert "we checked every address" not in build_email(replayed, now=NOW).body


def test_eml_opens_as_a_message_with_the_same_content() -> None:
    d = draft()
    raw = to_eml(d)
    assert b"\r\n" in raw
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == AWS_ADDRESS
    assert message["Subject"] == d.subject
    assert message.get_content_type() == "text/plain"
    assert message.get_content().replace("\r\n", "\n") == d.body


INJECTIONS = [
    "Receipts.\r\nBcc: attacker@example.com\r\n\r\nfake body",
    "Receipts.\nBcc: attacker@example.com",
    "Receipts.\rBcc: attacker@example.com",
    "Receipts.\u2028Bcc: attacker@example.com\x85Cc: x@example.com",
]


@pytest.mark.parametrize("use_case", INJECTIONS)
def test_nothing_typed_can_add_a_header(use_case: str) -> None:
    hostile = Request(
        account_id="123456789012\r\nBcc: a@example.com",
        region="eu-west-1\nCc: b@example.com",
        use_case=use_case,
        ip_range="193.0.0.0/24\r\nReply-To: c@example.com",
        registry="RIPE\r\nX-Evil: 1",
    )
    d = draft(hostile)
    assert "\n" not in d.subject and "\r" not in d.subject
    message = email.message_from_bytes(to_eml(d), policy=email.policy.default)
    assert sorted(message.keys()) == sorted(
        ["To", "Subject", "X-Unsent", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]
    )
    assert message["To"] == AWS_ADDRESS
    assert "attacker@example.com" in message.get_content()  # kept as body text, harmlessly
    query = parse_qs(urlsplit(mailto_link(d)).query)
    assert set(query) == {"subject", "body"}


def test_mailto_link_round_trips() -> None:
    d = draft()
    link = mailto_link(d)
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and parts.path == AWS_ADDRESS
    query = parse_qs(parts.query)
    assert query["subject"] == [d.subject]
    assert query["body"][0] == d.body.replace("\n", "\r\n")
    assert " " not in link and "\n" not in link


def test_plain_text_has_headers_on_top() -> None:
    text = to_text(draft())
    assert text.startswith(f"To: {AWS_ADDRESS}\nSubject: SES BYOIP request: ")


def test_empty_record_still_drafts() -> None:
    d = build_email(Record.new(now=NOW), now=NOW)
    assert "(no range)" in d.subject and "(none given)" in d.body


def test_prose_paragraphs_are_one_line_each_so_they_wrap_once() -> None:
    # Hard breaks at 76 columns, wrapped again by a narrower pane or mail window,
    # left ragged lines (issue 18): the reader's window does the wrapping.
    body = draft().body
    assert (
        "We understand that the whole range is transferred to SES. We can provide a signed "
        "authorization message and documents that prove our ownership of the range.\n"
    ) in body
    # The person's own line breaks in the use case stay.
    assert "   Order receipts and password resets.\n   About 2M messages a month." in body
    eml = email.message_from_bytes(to_eml(draft()), policy=email.policy.default)
    assert eml.get_content().replace("\r\n", "\n").strip() == body.strip()
