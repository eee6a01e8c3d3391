"""Where a request stands: its stage, the next step, when AWS's answer is due.

One ``JourneyStatus`` per record, for the drafts table and ``ses-byoip
status``.  "Needs me" means the next step is the person's, not AWS's: a draft
to finish, a ready request to send, AWS's questions to answer, an overdue
answer to chase, an approved range to put to use.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from byoip.config import Settings
from byoip.journey.checklist import Checklist, ItemState, checklists
from byoip.journey.due import entered_at, reply_due
from byoip.journey.stages import STAGE_LABELS
from byoip.record import Record, Status
from byoip.text import clean_text


@dataclass(frozen=True)
class JourneyStatus:
    stage: Status
    #: When the record entered its stage (None: no history for it).
    since: datetime | None
    next_step: str
    needs_me: bool
    due: datetime | None = None
    overdue: bool = False
    checklists: tuple[Checklist, ...] = field(default=(), repr=False)

    @property
    def label(self) -> str:
        return STAGE_LABELS[self.stage]

    def to_json(self) -> dict[str, Any]:
        return {
            "stage": str(self.stage),
            "since": _iso(self.since),
            "next_step": self.next_step,
            "needs_me": self.needs_me,
            "due": _iso(self.due),
            "overdue": self.overdue,
            "checklists": [checklist.to_json() for checklist in self.checklists],
        }


#: The next step of a request not yet sent that another draft makes wrong (the requirement
#: it breaks). The drafts table and ``status`` both say it: "To do: Registration (RDAP)"
#: beside an error the step did not mention sent people the wrong way.
CROSS_DRAFT_STEPS = {
    "cross.two_regions": "Fix: One Region (another draft)",
    "cross.too_many_ranges": "Fix: Five ranges per Region",
}


def next_step_across(stage: str, codes: Iterable[str]) -> str | None:
    """The next step when a finding across drafts (``codes``, most severe first) makes an
    unsent request wrong; None when none does, or the request has gone to AWS already."""
    if stage not in (Status.DRAFT, Status.READY):
        return None
    return next((CROSS_DRAFT_STEPS[code] for code in codes if code in CROSS_DRAFT_STEPS), None)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def _last_note(record: Record, status: Status) -> str:
    for entry in reversed(record.history):
        if entry.status is status:
            return clean_text(entry.note, 120)
    return ""


def journey_status(
    record: Record, now: datetime, settings: Settings, calendar: Container[date] | None
) -> JourneyStatus:
    """The record's stage, next step and due date (``calendar``: ``due.calendar_for``)."""
    stage = record.status
    since = entered_at(record, stage)
    lists = tuple(checklists(record, now, settings, calendar))
    due = overdue = None
    if stage in (Status.DRAFT, Status.READY):
        blockers = lists[0].blockers
        if blockers:
            first = blockers[0]
            # "Fix" only for what was found wrong: a lookup not run yet is to do, not broken.
            verb = (
                "Refresh" if first.state is ItemState.STALE else "Fix" if first.failed else "To do"
            )
            more = f" (+{len(blockers) - 1} more)" if len(blockers) > 1 else ""
            step = f"{verb}: {first.label}{more}"
        else:
            step = "Mark it ready" if stage is Status.DRAFT else "Send the email to AWS"
        return JourneyStatus(stage, since, step, True, checklists=lists)
    if stage is Status.SENT:
        sent = since or record.updated
        due = reply_due(sent, calendar) if sent else None
        overdue = due is not None and now > due
        # The due date has its own column (table, ``status``): the step stays short.
        step = "Send a reminder" if overdue else "Wait for AWS's answer"
        return JourneyStatus(stage, since, step, bool(overdue), due, bool(overdue), lists)
    if stage is Status.MORE_INFO:
        asked = _last_note(record, Status.MORE_INFO)
        step = f"Answer AWS: {asked}" if asked else "Answer AWS's questions"
        return JourneyStatus(stage, since, step, True, checklists=lists)
    if stage is Status.APPROVED:
        step = "Put the range to use (ses-byoip runbook)"
        return JourneyStatus(stage, since, step, True, checklists=lists)
    if stage is Status.IN_USE:
        return JourneyStatus(
            stage, since, "Nothing: in use (keep the ROA)", False, checklists=lists
        )
    reason = _last_note(record, stage)
    step = f"Nothing ({reason})" if reason else "Nothing"
    return JourneyStatus(stage, since, step, False, checklists=lists)
