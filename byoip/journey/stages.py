"""The stages of a request and the moves between them.

draft -> ready (every requirement the app can check is met, lookups fresh)
-> sent -> more-info (AWS asked for more) -> sent again (answered) -> approved
-> in-use; or withdrawn / rejected, each with a reason.  Moving to "ready" or
"sent" re-checks the request (``checklist.before_sending``); a move that a
check blocks, or that skips a stage, happens only with an override reason,
which is recorded in the history beside the blockers it overrode.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from byoip.config import Settings
from byoip.journey.checklist import ChecklistItem, before_sending
from byoip.record import Record, Status
from byoip.text import clean_text

#: Words for each stage, shown to the person.
STAGE_LABELS: dict[Status, str] = {
    Status.DRAFT: "draft",
    Status.READY: "ready to send",
    Status.SENT: "sent to AWS",
    Status.MORE_INFO: "AWS asked for more",
    Status.APPROVED: "approved",
    Status.IN_USE: "in use",
    Status.REJECTED: "rejected",
    Status.WITHDRAWN: "withdrawn",
}

#: The moves that follow the journey; any other move needs an override reason.
MOVES: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.READY, Status.WITHDRAWN}),
    Status.READY: frozenset({Status.DRAFT, Status.SENT, Status.WITHDRAWN}),
    Status.SENT: frozenset({Status.MORE_INFO, Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}),
    # Answering AWS's questions sends the request again (a new 48-hour clock).
    Status.MORE_INFO: frozenset({Status.SENT, Status.APPROVED, Status.REJECTED, Status.WITHDRAWN}),
    Status.APPROVED: frozenset({Status.IN_USE, Status.WITHDRAWN}),
    Status.IN_USE: frozenset({Status.WITHDRAWN}),
    # Starting over: back to a draft to fix and send again.
    Status.REJECTED: frozenset({Status.DRAFT}),
    Status.WITHDRAWN: frozenset({Status.DRAFT}),
}
#: Moving here re-checks the request first.
CHECKED: frozenset[Status] = frozenset({Status.READY, Status.SENT})
#: Moving here needs a note saying why (AWS's reason, or ours).
NEEDS_REASON: frozenset[Status] = frozenset({Status.REJECTED, Status.WITHDRAWN})
MAX_NOTE = 500


class StageError(ValueError):
    """A move that can't be made as asked; the message is one sentence for the person."""


@dataclass(frozen=True)
class Blocker:
    code: str
    sentence: str


@dataclass(frozen=True)
class MoveCheck:
    """What stands between the record and ``target``."""

    current: Status
    target: Status
    blockers: tuple[Blocker, ...]
    #: Items the app can't check (shown, never blocking).
    unknown: tuple[ChecklistItem, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.blockers

    def sentence(self) -> str:
        """Why the move is blocked, in one paragraph (empty when it is allowed)."""
        if self.allowed:
            return ""
        reasons = "; ".join(b.sentence.rstrip(".") for b in self.blockers)
        return (
            f"Can't move from {self.current} to {self.target}: {reasons}. Fix it first, or "
            "give an override reason to move anyway (it is recorded)."
        )


class MoveBlocked(StageError):
    def __init__(self, check: MoveCheck) -> None:
        self.check = check
        super().__init__(check.sentence())


def parse_stage(value: str) -> Status:
    """A stage from its name (``more-info``, ``more_info`` and ``in use`` all work)."""
    key = value.strip().lower().replace("_", "-").replace(" ", "-")
    try:
        return Status(key)
    except ValueError:
        names = ", ".join(s.value for s in Status)
        raise StageError(f"{value!r} is not a stage; use one of {names}.") from None


def check_move(record: Record, target: Status, now: datetime, settings: Settings) -> MoveCheck:
    """The blockers of a move: one outside the journey, and unmet checks for ready/sent."""
    blockers: list[Blocker] = []
    current = record.status
    if target not in MOVES[current]:
        allowed = ", ".join(sorted(s.value for s in MOVES[current]))
        blockers.append(
            Blocker(
                "stage.skipped",
                f"{current} is not followed by {target} (from {current}: {allowed})",
            )
        )
    unknown: tuple[ChecklistItem, ...] = ()
    if target in CHECKED:
        checklist = before_sending(record, now, settings)
        blockers += [
            Blocker(f"check.{item.key}", f"{item.label}: {item.detail}")
            for item in checklist.blockers
        ]
        unknown = tuple(item for item in checklist.items if item.state == "unknown")
    return MoveCheck(current, target, tuple(blockers), unknown)


def move(
    record: Record,
    target: Status | str,
    settings: Settings,
    *,
    note: str = "",
    override_reason: str = "",
    now: datetime | None = None,
) -> tuple[Record, MoveCheck]:
    """The record moved to ``target``, dated in its history, with the check that allowed it.

    Raises ``MoveBlocked`` (with the blockers) unless nothing blocks the move or
    ``override_reason`` says why to move anyway; ``StageError`` for a move to
    the stage it is at, or to rejected/withdrawn without a note saying why.
    """
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    target = parse_stage(target) if isinstance(target, str) else target
    note = clean_text(note, MAX_NOTE).strip()
    override_reason = clean_text(override_reason, MAX_NOTE).strip()
    if target is record.status:
        raise StageError(f"The request is already {target}; nothing to change.")
    if target in NEEDS_REASON and not note:
        raise StageError(f"Say why it is {target} in the note (AWS's reason or yours).")
    check = check_move(record, target, now, settings)
    override = ""
    if not check.allowed:
        if not override_reason:
            raise MoveBlocked(check)
        codes = ", ".join(b.code for b in check.blockers)
        override = f"{override_reason} (overrode {codes})"
    return record.with_status(target, now=now, note=note, override=override), check
