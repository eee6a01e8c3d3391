"""How long a record's journey stays as computed: what lets the drafts' row cache keep it.

``journey_status(record, now, ...)`` depends on the clock in a few places
only: a saved lookup turns stale (and then says how many days old it is), the
answer AWS owes becomes overdue, a signed proof's message or certificate runs
out.  ``journey_horizon`` gives the first instant after ``now`` at which any
of these may change what the journey says, or ``now`` itself when it can't
promise anything (a saved proof: its dates are the certificate's).  Between
``now`` and the horizon the journey is the same for the same record and
settings, so a cache may show it without reading the file again.

Every use of the clock in ``checklist`` and ``status`` must be reflected here;
``tests/core/test_journey_horizon.py`` compares the journey at ``now`` with
the journey at many instants before the horizon.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Container
from datetime import date, datetime, timedelta

from byoip.config import Settings
from byoip.journey.checklist import _moment
from byoip.journey.due import entered_at, reply_due
from byoip.record import Record, Status

#: No change ahead that the clock alone could bring.
NEVER = datetime.max.replace(tzinfo=None)
_DAY = timedelta(days=1)


def journey_horizon(
    record: Record, now: datetime, settings: Settings, calendar: Container[date] | None
) -> datetime:
    """The first instant after ``now`` at which the record's journey may read differently.

    ``now`` itself when no promise can be made; a naive ``datetime.max`` when the
    clock alone changes nothing (only an edit of the file or the settings does).
    """
    status = record.status
    if status in (Status.DRAFT, Status.READY):
        proof = record.proof or {}
        if any(proof.get(key) for key in ("message", "signature", "certificate")):
            return now  # the proof's verdict has the certificate's dates: no promise
        ahead = [_lookup_horizon(when, now, settings) for when in _lookup_times(record)]
        return min(ahead, default=NEVER, key=_comparable)
    if status in (Status.SENT, Status.MORE_INFO):
        sent = entered_at(record, Status.SENT)
        if sent is not None:
            due = reply_due(sent, calendar)
            if now <= due:
                return due  # from then on "overdue", and it stays so
    return NEVER


def _comparable(moment: datetime) -> float:
    return math.inf if moment is NEVER else moment.timestamp()


def _lookup_times(record: Record) -> list[datetime]:
    """When the saved registration and reputation lookups ran (the ones the checklist ages)."""
    times: list[datetime] = []
    rdap = record.rdap
    if rdap:
        when = _moment(rdap.get("checked_at"))
        if when is not None:
            times.append(when)
    if record.reputation:
        # Deferred: byoip.reputation loads asyncio; only records with a sweep need it.
        from byoip.reputation import SweepResult

        with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
            sweep = SweepResult.from_snapshot(dict(record.reputation))
            if sweep.time.timestamp() > 0:
                times.append(sweep.time)
    return times


def _lookup_horizon(when: datetime, now: datetime, settings: Settings) -> datetime:
    """Until when a lookup made at ``when`` reads the same (fresh, or "n days ago").

    Fresh until ``when`` + the allowed age; once stale, the rounded number of days
    changes at most on every half day after ``when`` (those instants are taken).
    """
    limit = when + timedelta(days=settings.lookup_max_age_days)
    if now <= limit:
        return limit
    halves = (now - when) / (_DAY / 2)
    if halves == int(halves):
        return now  # exactly on a rounding edge: no promise
    return when + (_DAY / 2) * (int(halves) + 1)
