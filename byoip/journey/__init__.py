"""A request's journey after the email: stages, checklists, due dates, follow-ups, runbook.

- ``stages``: the stages and the moves between them (re-checked, overridable with a
  recorded reason);
- ``checklist``: each stage's checklist, computed from the record;
- ``due``: when AWS's answer is due (48 business hours, weekends and holidays skipped);
- ``status``: where a request stands and what is next (drafts table, ``ses-byoip status``);
- ``followup``: the reply to AWS's questions and the reminder when overdue;
- ``runbook``: the SES v2 commands that put an approved range to use;
- ``mailcheck``: SPF and PTR of the range, live through the configured resolver.

Headless: no Textual here (the drafts screen shows what these compute).
"""

from __future__ import annotations

from byoip.journey.checklist import Checklist, ChecklistItem, ItemState, checklists
from byoip.journey.due import CalendarError, calendar_for, reply_due
from byoip.journey.stages import (
    MOVES,
    STAGE_LABELS,
    MoveBlocked,
    MoveCheck,
    StageError,
    check_move,
    move,
    parse_stage,
)
from byoip.journey.status import JourneyStatus, journey_status

__all__ = [
    "MOVES",
    "STAGE_LABELS",
    "CalendarError",
    "Checklist",
    "ChecklistItem",
    "ItemState",
    "JourneyStatus",
    "MoveBlocked",
    "MoveCheck",
    "StageError",
    "calendar_for",
    "check_move",
    "checklists",
    "journey_status",
    "move",
    "parse_stage",
    "reply_due",
]
