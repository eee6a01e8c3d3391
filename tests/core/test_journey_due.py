"""AWS's answer is due 48 business hours after sending: weekends and holidays skipped."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from byoip.journey import CalendarError, calendar_for, journey_status, reply_due
from byoip.journey.due import holiday_calendar
from byoip.record import Status
from tests.support.journey_support import SENT_BEFORE_CHRISTMAS, SETTINGS, at_stage, draft


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_a_weekday_request_is_due_two_business_days_later() -> None:
    # Tuesday 10:00 -> Thursday 10:00.
    assert reply_due(utc(2026, 11, 17, 10), calendar_for(SETTINGS)) == utc(2026, 11, 19, 10)


def test_the_weekend_is_skipped() -> None:
    # Friday 13 November 2026, 15:00: 9 hours on Friday, none on the weekend,
    # 24 on Monday, 15 on Tuesday.
    assert reply_due(utc(2026, 11, 13, 15), None) == utc(2026, 11, 17, 15)


def test_a_weekend_and_a_holiday_are_skipped() -> None:
    us = calendar_for(SETTINGS)
    # Thursday 24 December 10:00: Christmas (Friday) and the weekend don't count.
    assert reply_due(SENT_BEFORE_CHRISTMAS, us) == utc(2026, 12, 29, 10)
    # Without holidays only the weekend is skipped: due Monday.
    assert reply_due(SENT_BEFORE_CHRISTMAS, None) == utc(2026, 12, 28, 10)
    # Another country, another calendar: Germany also rests on 26 December (a Saturday
    # in 2026), so the same request is due as in the US; on 1 January both rest.
    de = holiday_calendar("DE")
    assert reply_due(utc(2026, 12, 31, 12), de) == utc(2027, 1, 5, 12)
    assert reply_due(utc(2026, 12, 31, 12), None) == utc(2027, 1, 4, 12)


def test_sent_on_a_holiday_starts_counting_the_next_business_day() -> None:
    # Thanksgiving (Thursday 26 November 2026) at 09:00 -> Friday 00:00 + 48 h -> Tuesday 00:00.
    assert reply_due(utc(2026, 11, 26, 9), calendar_for(SETTINGS)) == utc(2026, 12, 1, 0)


def test_an_unknown_country_is_one_clear_sentence() -> None:
    with pytest.raises(CalendarError, match="has no holiday calendar"):
        holiday_calendar("QQ")


def test_a_country_that_is_not_a_code_is_refused_when_the_config_is_read() -> None:
    from byoip.config import ConfigError, load_settings

    with pytest.raises(ConfigError, match="write a country code such as US"):
        load_settings(env={"SES_BYOIP_HOLIDAY_COUNTRY": "Germany"})
    bavaria = load_settings(
        env={"SES_BYOIP_HOLIDAY_COUNTRY": "de", "SES_BYOIP_HOLIDAY_SUBDIVISION": "BY"}
    )
    # Epiphany (6 January) is a holiday in Bavaria, not in Germany as a whole.
    assert reply_due(utc(2027, 1, 5, 12), calendar_for(bavaria)) == utc(2027, 1, 8, 12)
    assert reply_due(utc(2027, 1, 5, 12), holiday_calendar("DE")) == utc(2027, 1, 7, 12)
    with pytest.raises(CalendarError, match="DE/XX is not known"):
        holiday_calendar("DE", "XX")


def test_status_of_a_sent_request_before_and_after_it_is_due() -> None:
    record = at_stage(draft(), (Status.READY, SENT_BEFORE_CHRISTMAS, ""))
    record = at_stage(record, (Status.SENT, SENT_BEFORE_CHRISTMAS, "case 42"))
    us = calendar_for(SETTINGS)
    waiting = journey_status(record, utc(2026, 12, 28, 18), SETTINGS, us)
    assert waiting.due == utc(2026, 12, 29, 10) and not waiting.overdue and not waiting.needs_me
    assert waiting.next_step.startswith("Wait for AWS")
    late = journey_status(record, utc(2026, 12, 29, 10, 1), SETTINGS, us)
    assert late.overdue and late.needs_me and late.next_step.startswith("Send a reminder")
    assert late.checklists[0].items[0].state == "todo"
    # Answering AWS's questions sends it again: a new clock starts.
    again = at_stage(
        record,
        (Status.MORE_INFO, utc(2026, 12, 29, 9), "LOA please"),
        (Status.SENT, utc(2027, 1, 4, 9), "answered"),
    )
    assert journey_status(again, utc(2027, 1, 5), SETTINGS, us).due == utc(2027, 1, 6, 9)


def test_each_stage_says_its_next_step() -> None:
    now = utc(2026, 11, 20, 12)
    record = draft(now)
    status = journey_status(record, now, SETTINGS, None)
    assert status.needs_me and status.next_step.startswith("To do: Registration (RDAP)")
    asked = at_stage(
        record,
        (Status.SENT, now - timedelta(days=1), ""),
        (Status.MORE_INFO, now, "a letter of authorization"),
    )
    assert journey_status(asked, now, SETTINGS, None).next_step == (
        "Answer AWS: a letter of authorization"
    )
    approved = replace(asked, status=Status.APPROVED)
    assert "runbook" in journey_status(approved, now, SETTINGS, None).next_step
    rejected = at_stage(record, (Status.REJECTED, now, "poor reputation"))
    status = journey_status(rejected, now, SETTINGS, None)
    assert status.next_step == "Nothing (poor reputation)" and not status.needs_me


def test_the_next_step_says_fix_only_for_what_was_found_wrong() -> None:
    # A first-time user read "Fix: Registration (RDAP)" on a draft never looked up as
    # "something is broken" (issue 18): not run yet is "To do"; an error is "Fix".
    from byoip.record import Record
    from byoip.request import Request

    now = datetime(2026, 8, 3, 9, 30, tzinfo=UTC)
    good = Request("123456789012", "eu-west-1", "Receipts, 2M a month.", "185.54.121.0/24", "RIPE")
    fresh = journey_status(Record.new(good, now=now), now, SETTINGS, None)
    assert fresh.next_step.startswith("To do: ")
    bad = Record.new(good.with_field("account_id", "12"), now=now)
    assert journey_status(bad, now, SETTINGS, None).next_step.startswith("Fix: ")
