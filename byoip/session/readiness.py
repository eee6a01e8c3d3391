"""Is the request ready to send?  What is still unmet or unknown, and the review step's state.

The review shows this at its top and export asks about it before writing
files (it never blocks: a draft may be exported to be finished elsewhere).
Each item comes from exactly one place: a requirement's verdict and the
finding that decides it (``byoip.requirements``), or a field's own error
that no requirement covers (host bits set, a typo in the account ID).
The requirements' statuses themselves are worked out here from a session
(``assess_session``, with what the folder's other drafts say: ``across_drafts``),
so the wizard's first frame loads none of the rules they need.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from byoip.findings import Finding, Severity
from byoip.request import FIELD_LABELS, FIELDS

if TYPE_CHECKING:
    from byoip.requirements import RequirementStatus
    from byoip.session.model import Progress, WizardSession

Kind = Literal["unmet", "unknown", "confirm"]


@dataclass(frozen=True)
class ReviewRow:
    """One field as the review lists it: its label, its value and its step's state."""

    label: str
    value: str
    progress: Progress


@dataclass(frozen=True, slots=True)
class Outstanding:
    """One thing between the request and AWS: what it is, and the sentence that says why."""

    kind: Kind
    #: A requirement's title or a field's label.
    label: str
    message: str
    #: The wizard step where the person acts on it.
    step: str
    #: A field's own error (its step shows it), not a requirement's verdict.
    from_field: bool = False


#: Shown with the words, so nothing depends on colour.
SYMBOLS: dict[Kind, str] = {"unmet": "✖", "unknown": "?", "confirm": "•"}


@dataclass(frozen=True)
class Readiness:
    unmet: tuple[Outstanding, ...] = ()
    unknown: tuple[Outstanding, ...] = ()
    #: What only the person can tell (no check exists for it here); never "unknown".
    to_confirm: tuple[Outstanding, ...] = ()

    @property
    def ready(self) -> bool:
        """Nothing unmet, nothing unknown (what only the person can confirm doesn't count)."""
        return not self.unmet and not self.unknown

    def headline(self) -> str:
        """One sentence for the top of the review and the export question."""
        if self.ready:
            return "✔ Every requirement that can be checked here is met."
        parts = []
        if self.unmet:
            parts.append(f"{len(self.unmet)} not met")
        if self.unknown:
            parts.append(f"{len(self.unknown)} not yet known")
        return f"! Not ready to send: {' and '.join(parts)}."


def assess_readiness(
    statuses: Sequence[RequirementStatus], field_findings: Mapping[str, Iterable[Finding]]
) -> Readiness:
    """Requirements not met or not known, and the fields' errors no requirement already names."""
    unmet: list[Outstanding] = []
    unknown: list[Outstanding] = []
    confirm: list[Outstanding] = []
    named: set[tuple[str, str]] = set()
    for status in statuses:
        requirement, finding = status.requirement, status.finding
        message = finding.message if finding is not None else "Nothing is known yet."
        word = status.verdict.word
        if word == "met":
            continue
        if not requirement.checked_here:
            confirm.append(Outstanding("confirm", requirement.title, message, requirement.step))
            continue
        kind: Kind = "unmet" if word == "not met" else "unknown"
        (unmet if kind == "unmet" else unknown).append(
            Outstanding(kind, requirement.title, message, requirement.step)
        )
        if finding is not None:
            named.add((finding.code, finding.message))
    field_errors = [
        Outstanding("unmet", FIELD_LABELS[name], finding.message, name, from_field=True)
        for name in FIELDS
        for finding in field_findings.get(name, ())
        if finding.severity is Severity.ERROR and (finding.code, finding.message) not in named
    ]
    return Readiness(tuple(field_errors + unmet), tuple(unknown), tuple(confirm))


def review_progress(readiness: Readiness, step_progress: Iterable[Progress]) -> Progress:
    """The review step's state: never "done" while a step is to do or anything is open.

    A field's error counts through its step's state, so an empty field not yet
    visited makes the review "to do", not wrong.
    """
    states = set(step_progress)
    if "error" in states or any(not item.from_field for item in readiness.unmet):
        return "error"
    if "todo" in states:
        return "todo"
    if readiness.unknown or "warning" in states:
        return "warning"
    return "done"


def assess_session(session: WizardSession) -> list[RequirementStatus]:
    """Every AWS requirement's status, from everything the session knows (no cache here:
    ``WizardSession.requirement_statuses`` keeps the last one)."""
    # The proof and the requirements: loaded when the requirements are first assessed.
    from byoip.proof import verdict_findings
    from byoip.requirements import assess

    field_findings = [f for check in session.checks.values() for f in check.findings]
    rdap, sweep, routing = session.rdap_result, session.sweep_result, session.routing_result
    return assess(
        session.request,
        field_findings,
        rdap_findings=list(rdap.findings) if rdap else None,
        reputation_findings=list(sweep.findings) if sweep else None,
        proof_findings=verdict_findings(session.proof_verdict),
        draft_findings=across_drafts(session),
        routing_findings=list(routing.findings) if routing else None,
    )


def across_drafts(session: WizardSession) -> list[Finding] | None:
    """What the folder's other drafts say about the session's request (None until read)."""
    if session.draft_entries is None:
        return None
    # Records, the rules across drafts: loaded once the folder has been read.
    from byoip.across import cross_draft_findings
    from byoip.fields import normalized_request
    from byoip.record import Record

    me = session.path or session.folder / "(this request).toml"
    base = session.record or Record.new(now=session.clock())
    record = replace(base, request=normalized_request(session.request))
    pairs = [(e.path, e.record) for e in session.draft_entries if e.path != me and e.record]
    try:
        return cross_draft_findings([*pairs, (me, record)]).get(me, [])
    except Exception:  # a draft the rules can't compare must not break the wizard
        return []
