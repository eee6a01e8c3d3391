"""The journey samples: one made-up request at each stage (``sample_requests/journey/``).

Their dates are counted back from ``ANCHOR`` (the fixed clock of the tests and
screenshots).  The demo copies them with every date moved forward by the time since
ANCHOR, so that "sent yesterday" and "overdue" still hold on the day it runs (the
demo says so).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from byoip.atomic import atomic_write_text
from byoip.record import Record, load_record, record_to_toml
from byoip.samples import SAMPLES_DIR

JOURNEY_DIR = SAMPLES_DIR / "journey"
#: Friday 20 November 2026, 15:45 UTC: "now" for the samples as written.
ANCHOR = datetime(2026, 11, 20, 15, 45, tzinfo=UTC)


def since_anchor(now: datetime) -> timedelta:
    """Whole minutes from ANCHOR to ``now``: how far the demo moves the dates."""
    return timedelta(minutes=(now - ANCHOR) // timedelta(minutes=1))


def _moved(value: Any, delta: timedelta) -> Any:
    """A stored time (datetime or ISO text) moved by ``delta``; anything else unchanged."""
    if isinstance(value, datetime):
        return value + delta
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        return (moment + delta).isoformat().replace("+00:00", "Z")
    return value


def shift_dates(record: Record, delta: timedelta) -> Record:
    """``record`` with every date it keeps (history, lookups) moved by ``delta``."""

    def table(data: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
        if data is None or key not in data:
            return data
        return {**data, key: _moved(data[key], delta)}

    return replace(
        record,
        created=_moved(record.created, delta),
        updated=_moved(record.updated, delta),
        history=tuple(replace(entry, at=entry.at + delta) for entry in record.history),
        rdap=table(record.rdap, "checked_at"),
        reputation=table(record.reputation, "time"),
    )


def copy_journey(into: Path, now: datetime) -> list[Path]:
    """Copy the journey samples into ``into``, dates moved to ``now``; the new paths."""
    delta = since_anchor(now)
    written = []
    for source in sorted(JOURNEY_DIR.glob("*.toml")):
        record = shift_dates(load_record(source), delta)
        target = into / f"journey-{source.name}"
        atomic_write_text(target, record_to_toml(record))
        written.append(target)
    return written
