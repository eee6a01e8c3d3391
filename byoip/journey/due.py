"""When AWS's answer is due: 48 business hours after the request was sent.

AWS's page says it responds "within 48 business hours" and defines neither
business hours nor a time zone (FACTS.md).  Our reading, an assumption the
person can change: business days are weekdays that are not public holidays of
a configurable country (``Settings.holiday_country``, the ``holidays``
library's calendar, never a hand-made table), counted around the clock in UTC.
"""

from __future__ import annotations

from collections.abc import Container
from datetime import UTC, date, datetime, timedelta

from byoip.config import Settings
from byoip.record import Record, Status

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
