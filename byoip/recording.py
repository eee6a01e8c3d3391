"""What a replayed answer says about itself: that it is a recording, and when it was made.

The demo, the samples and ``--*-recordings`` options replay answers through the
same code as live lookups.  A replayed answer must never pass for today's live
one, so every result made from a recording carries the recording's own date
(the ``recorded`` member of the recording file), and the words below say so.
A file that gives no date is "a recording (undated)", never today's date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

#: Stands for a recording whose file names no date.
UNDATED = "undated"


def recorded_stamp(value: object) -> str:
    """A recording file's ``recorded`` member as ISO 8601 UTC ("2026-11-26T12:00:00Z").

    Absent or unreadable dates give ``UNDATED``: a recording stays a recording.
    """
    moment = stamp_time(value)
    if moment is None:
        return UNDATED
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def stamp_time(value: object) -> datetime | None:
    """The moment a stamp names (a date alone is midnight UTC), or None."""
    if not isinstance(value, str) or not value.strip() or value == UNDATED:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def earliest(stamps: Iterable[str]) -> str:
    """The oldest of the stamps of the answers one lookup replayed (UNDATED if any is)."""
    seen = list(stamps)
    if not seen or UNDATED in seen:
        return UNDATED
    return min(seen, key=lambda stamp: stamp_time(stamp) or datetime.max.replace(tzinfo=UTC))


def recording_words(stamp: str) -> str:
    """ "a recording made on 2026-11-26" / "a recording (undated)": for sentences."""
    moment = stamp_time(stamp)
    if moment is None:
        return "a recording (undated)"
    return f"a recording made on {moment.date().isoformat()}"


__all__ = ["UNDATED", "earliest", "recorded_stamp", "recording_words", "stamp_time"]
