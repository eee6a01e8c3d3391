"""Follow-up messages (reply, reminder) and the runbook after approval."""

from __future__ import annotations

import email
import json
import shlex
from datetime import UTC, datetime, timedelta
from email.policy import default

import pytest

from byoip.email_draft import mailto_link, to_eml, to_text
from byoip.journey.followup import (
    ANSWER_PLACEHOLDER,
    FollowUpError,
    build_reminder,
    build_reply,
)
from byoip.journey.runbook import RunbookError, build_runbook, default_name, to_shell
from byoip.record import Status
from tests.support.fixtures_proof import Identity
from tests.support.journey_support import (
    SENT_BEFORE_CHRISTMAS,
    at_stage,
    complete,
    draft,
    long_lived,
)

US_HOLIDAYS = __import__("byoip.journey.due", fromlist=["x"]).holiday_calendar("US")


@pytest.fixture(scope="module")
def signer(identity: Identity) -> Identity:
    return long_lived(identity)


def _sent(signer: Identity) -> object:
    return at_stage(
        complete(signer, now=SENT_BEFORE_CHRISTMAS),
        (Status.READY, SENT_BEFORE_CHRISTMAS, ""),
        (Status.SENT, SENT_BEFORE_CHRISTMAS, "case 1234"),
    )


def test_reply_quotes_what_aws_asked_and_the_original_request(signer: Identity) -> None:
    asked_at = datetime(2026, 12, 28, 9, tzinfo=UTC)
    record = at_stage(
        _sent(signer), (Status.MORE_INFO, asked_at, "Please send a letter of authorization.")
    )
    draft_ = build_reply(record, now=asked_at + timedelta(hours=2))
    assert draft_.to == "ses-byoip-request@amazon.com"
    assert (
        draft_.subject == "Re: SES BYOIP request: 192.198.0.0/24, us-east-1, account 123456789012"
    )
    body = draft_.body
    assert "Thank you for your message of Monday 28 December 2026" in body
    assert "> Please send a letter of authorization." in body
    assert ANSWER_PLACEHOLDER in body
    assert "For reference, our request of Thursday 24 December 2026:" in body
    assert "4. IP range: 192.198.0.0/24 (256 addresses)" in body
    # The signed message verifies, so it is included, whole, on one line.
    assert "   Message:   1|aws|123456789012|192.198.0.0/24|20351231|SHA256|RSAPSS" in body
    # Rendered like the first email.
    parsed = email.message_from_bytes(to_eml(draft_), policy=default)
    assert parsed["Subject"] == draft_.subject and "> Please send" in parsed.get_content()
    assert mailto_link(draft_).startswith("mailto:ses-byoip-request@amazon.com?subject=Re%3A%20SES")
    assert to_text(draft_).startswith("To: ses-byoip-request@amazon.com\nSubject: Re: ")


def test_a_proof_that_does_not_verify_is_left_out(signer: Identity) -> None:
    record = at_stage(draft(), (Status.SENT, SENT_BEFORE_CHRISTMAS, ""))
    record = at_stage(record, (Status.MORE_INFO, SENT_BEFORE_CHRISTMAS, "who are you?"))
    assert "Message:" not in build_reply(record, now=SENT_BEFORE_CHRISTMAS).body


def test_reply_needs_the_more_info_stage(signer: Identity) -> None:
    with pytest.raises(FollowUpError, match="not more-info"):
        build_reply(_sent(signer))


def test_reminder_only_once_overdue(signer: Identity) -> None:
    record = _sent(signer)
    early = datetime(2026, 12, 28, 12, tzinfo=UTC)
    with pytest.raises(FollowUpError, match="not due until Tuesday 29 December 2026, 10:00"):
        build_reminder(record, US_HOLIDAYS, now=early)
    assert build_reminder(record, US_HOLIDAYS, now=early, force=True).subject.startswith("Re: ")
    late = build_reminder(record, US_HOLIDAYS, now=datetime(2026, 12, 30, 9, tzinfo=UTC))
    assert "On Thursday 24 December 2026 we sent you a request" in late.body
    assert "(our reference: case 1234)" in late.body
    assert "within 48 business hours" in late.body
    assert "5. Internet registry: ARIN" in late.body
    assert "Signature:" in late.body
    with pytest.raises(FollowUpError, match="waiting"):
        build_reminder(draft(), US_HOLIDAYS)


def test_runbook_for_an_approved_range(signer: Identity) -> None:
    record = at_stage(_sent(signer), (Status.APPROVED, SENT_BEFORE_CHRISTMAS, ""))
    book = build_runbook(record)
    assert book.pool == book.configuration_set == "byoip-192-198-0-0-24" and not book.warning
    assert len(book.addresses) == 256 and len(book.steps) == 258
    script = to_shell(book)
    lines = [line for line in script.splitlines() if line.startswith("aws ")]
    assert lines[0] == (
        "aws sesv2 create-dedicated-ip-pool --pool-name byoip-192-198-0-0-24 --region us-east-1"
    )
    assert lines[1] == (
        "aws sesv2 put-dedicated-ip-in-pool --ip 192.198.0.0 "
        "--destination-pool-name byoip-192-198-0-0-24 --region us-east-1"
    )
    assert lines[-1] == (
        "aws sesv2 create-configuration-set --configuration-set-name byoip-192-198-0-0-24 "
        "--delivery-options SendingPoolName=byoip-192-198-0-0-24 --region us-east-1"
    )
    assert "set -euo pipefail" in script
    data = json.loads(json.dumps(book.to_json()))
    assert data["steps"][0]["argv"] == shlex.split(lines[0])
    assert data["addresses"][-1] == "192.198.0.255"


def test_runbook_names_follow_ses_rules(signer: Identity) -> None:
    record = at_stage(_sent(signer), (Status.APPROVED, SENT_BEFORE_CHRISTMAS, ""))
    book = build_runbook(record, pool="marketing_pool-1", configuration_set="Marketing-Set_1")
    assert (book.pool, book.configuration_set) == ("marketing_pool-1", "Marketing-Set_1")
    for bad_pool in ("Marketing", "pool name", "x" * 65, "", "pool;rm -rf /"):
        with pytest.raises(RunbookError, match="pool name"):
            build_runbook(record, pool=bad_pool)
    for bad_set in ("set.name", "x" * 65, "", "$(whoami)"):
        with pytest.raises(RunbookError, match="configuration set name"):
            build_runbook(record, configuration_set=bad_set)
    assert default_name("10.1.2.0/24") == "byoip-10-1-2-0-24"


def test_runbook_warns_before_approval_and_refuses_a_bad_range(signer: Identity) -> None:
    assert "not approved" in build_runbook(_sent(signer)).warning
    broken = draft()
    broken = broken.with_request(
        broken.request.__class__(**{**broken.request.to_dict(), "ip_range": "nonsense"})
    )
    with pytest.raises(RunbookError, match="IP range is not valid"):
        build_runbook(broken)
