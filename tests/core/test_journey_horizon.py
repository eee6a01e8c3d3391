"""The journey's horizon is a promise: the journey reads the same at every instant before it.

The row cache (``byoip.review.cache``) shows a kept journey until its horizon,
so a horizon that came too late would show a wrong next step or due date.
Each record here is checked at many instants between ``now`` and its horizon,
and just after it (where the tests also see that something does change).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from byoip.journey import calendar_for, journey_status
from byoip.journey.horizon import NEVER, journey_horizon
from byoip.record import Record, Status
from tests.support.drafts_support import make_record
from tests.support.journey_support import CIDR, NOW, SETTINGS, rdap_table, reputation_table

CALENDAR = calendar_for(SETTINGS)


def _sent(at: datetime) -> Record:
    record = make_record(CIDR)
    return record.with_status(Status.READY, now=at).with_status(Status.SENT, now=at)


def _looked_up(days_ago: float) -> Record:
    when = NOW - timedelta(days=days_ago)
    return replace(
        make_record(CIDR), rdap=rdap_table(when, None), reputation=reputation_table(when)
    )


CASES = {
    "draft, nothing looked up": make_record(CIDR),
    "draft, fresh lookups": _looked_up(1),
    "draft, lookups about to go stale": _looked_up(6.99),
    "draft, stale lookups": _looked_up(9.3),
    "sent, due in two days": _sent(NOW - timedelta(hours=1)),
    "sent, overdue": _sent(NOW - timedelta(days=10)),
    "approved": _sent(NOW - timedelta(days=3)).with_status(Status.APPROVED, now=NOW),
}


def _journey(record: Record, at: datetime) -> object:
    return journey_status(record, at, SETTINGS, CALENDAR)


@pytest.mark.parametrize("name", CASES)
def test_the_journey_holds_until_its_horizon(name: str) -> None:
    record = CASES[name]
    horizon = journey_horizon(record, NOW, SETTINGS, CALENDAR)
    assert horizon is NEVER or horizon > NOW
    end = NOW + timedelta(days=40) if horizon is NEVER else horizon
    then = _journey(record, NOW)
    steps = 400
    for step in range(steps):
        at = NOW + (end - NOW) * step / steps
        assert _journey(record, at) == then, f"{name}: changed at {at}, before {end}"
    if horizon is not NEVER:
        # The horizon is not far beyond the change it announces: a minute later differs
        # (due dates and ages are exact; "n days ago" moves on the half day).
        later = [_journey(record, horizon + timedelta(minutes=m)) for m in (1, 60 * 12)]
        assert any(journey != then for journey in later), name


def test_a_saved_proof_promises_nothing() -> None:
    record = replace(make_record(CIDR), proof={"message": "1|aws|x", "signature": "s"})
    assert journey_horizon(record, NOW, SETTINGS, CALENDAR) == NOW
