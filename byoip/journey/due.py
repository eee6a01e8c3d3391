"""When AWS's answer is due: 48 business hours after the request was sent.

AWS's page says it responds "within 48 business hours" and defines neither
business hours nor a time zone (docs/SOURCES.md).  Our reading, an assumption the
person can change: business days are weekdays that are not public holidays of
a configurable country (``Settings.holiday_country``, the ``holidays``
library's calendar, never a hand-made table), counted around the clock in UTC.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import UTC, date, datetime, timedelta

from byoip.config import Settings
from byoip.email_draft import REPLY_BUSINESS_HOURS, add_business_hours
from byoip.record import Record, Status


class CalendarError(ValueError):
    """A holiday setting that can't be used; the message is one sentence for the person."""


def holiday_calendar(country: str, subdivision: str | None = None) -> Container[date] | None:
    """The public holidays of ``country`` (ISO 3166 code), or None for "weekends only"."""
    if not country:
        return None
    import holidays  # only when a due date is computed (the library loads many calendars)

    try:
        return holidays.country_holidays(country.upper(), subdiv=subdivision or None)
    except NotImplementedError as exc:
        if subdivision:
            raise CalendarError(
                f"The holiday calendar {country}/{subdivision} is not known ({exc}); set "
                "holiday_subdivision in [journey] of the config file to a known one, or remove it."
            ) from None
        raise CalendarError(
            f"The country {country!r} has no holiday calendar; set holiday_country in "
            '[journey] of the config file to a code such as US, DE or GB ("" for none).'
        ) from None


def calendar_for(settings: Settings) -> Container[date] | None:
    return holiday_calendar(settings.holiday_country, settings.holiday_subdivision)


def reply_due(sent_at: datetime, calendar: Container[date] | None) -> datetime:
    """``sent_at`` + 48 business hours (UTC), skipping weekends and ``calendar``'s holidays."""
    start = sent_at.astimezone(UTC) if sent_at.tzinfo else sent_at.replace(tzinfo=UTC)
    return add_business_hours(start, REPLY_BUSINESS_HOURS, calendar)


def due_text(due: datetime, long: bool = False) -> str:
    """A due date for people: one that falls at midnight is the end of the day before.

    ``Sat 14 Nov 00:00`` reads as "a weekend"; the answer was due by the end of Friday.
    """
    if due.hour == 0 and due.minute == 0:
        day = due - timedelta(days=1)
        return f"end of {day:%A %d %B %Y} UTC" if long else f"end of {day:%a %d %b} UTC"
    return f"{due:%A %d %B %Y, %H:%M} UTC" if long else f"{due:%a %d %b %H:%M} UTC"


def entered_at(record: Record, status: Status) -> datetime | None:
    """When the record last moved to ``status`` (its latest history entry for it)."""
    for entry in reversed(record.history):
        if entry.status is status:
            return entry.at
    if record.status is status:
        return record.updated  # a hand-edited file with no history entry for it
    return None


def calendar_label(settings: Settings) -> str:
    """Words for where the holidays come from, shown beside a due date."""
    if not settings.holiday_country:
        return "weekends skipped, no public holidays (assumption; set holiday_country)"
    where = settings.holiday_country
    if settings.holiday_subdivision:
        where += f"-{settings.holiday_subdivision}"
    return f"weekends and {where} public holidays skipped, UTC (our assumption: AWS names neither)"
