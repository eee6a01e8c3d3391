"""The wizard's model, headless: one request being prepared, everything known about it.

``WizardSession`` holds the request as typed, each field's check, the lookup
answers (registration, reputation, routing) for the current range, the proof and its
verdict, the other drafts of the folder, and the draft file (record, path,
modification time, dirty flag).  The wizard screen (``screens/wizard.py``)
shows it and sends it the person's input; every decision is made here or in
the modules this one calls, so it is tested without a terminal.

The lookups themselves run in the screen's workers (they need an event loop);
the session says which range they are about (``lookup_cidr``) and keeps only
answers about that range.

What the wizard's first frame does not need (the field rules, requirements, pricing,
proof, records, the draft file) is imported where it is used: a new request's first
frame runs no rule (empty fields not yet visited), so the checks are made on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from byoip.findings import Finding, Severity, worst
from byoip.request import FIELD_LABELS, FIELDS, Request

if TYPE_CHECKING:
    from byoip.autosave import Autosave
    from byoip.config import Settings
    from byoip.fields import FieldCheck
    from byoip.pricing import CostPreview
    from byoip.proof import ProofVerdict
    from byoip.rdap import RdapResult
    from byoip.record import Record
    from byoip.reputation import SweepResult
    from byoip.requirements import RequirementStatus
    from byoip.routing import RoutingResult
    from byoip.session.change import FieldChange
    from byoip.session.draft_file import AutosaveOutcome, DraftFile, SaveOutcome
    from byoip.session.readiness import Readiness, ReviewRow
    from byoip.store import DraftEntry

#: How far a step has come, as the step list shows it (a symbol and a word per state).
Progress = Literal["todo", "done", "warning", "error"]

_SEVERITY_PROGRESS: dict[Severity | None, Progress] = {
    None: "done",
    Severity.INFO: "done",
    Severity.WARNING: "warning",
    Severity.ERROR: "error",
}


def _same(before: tuple[object, ...], now: tuple[object, ...]) -> bool:
    """The request equal, every other input the very same object (answers are replaced whole,
    never changed in place; the settings and the clock's date don't move within a session)."""
    return before[0] == now[0] and all(a is b for a, b in zip(before[1:], now[1:], strict=True))


class WizardSession:
    """One request being prepared in the wizard (see the module's docstring)."""

    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], datetime],
        record: Record | None = None,
        path: Path | None = None,
        *,
        resumed: Autosave | None = None,
    ) -> None:
        """``resumed``: an orphaned autosave to carry on with (it goes back to its draft)."""
        self.settings = settings
        #: The time source for records (tests and screenshots inject a fixed one).
        self.clock = clock
        self.folder = Path(settings.drafts_dir)  # this request's drafts and the others
        #: The draft file (record, path, mtime, this window's autosave): for a new request it is
        #: made when first needed, so the first frame does without its code.
        self._draft: DraftFile | None = None
        self._opening = (record, path, resumed)
        if record is not None or path is not None or resumed is not None:
            record = self.draft.record  # a resumed autosave's record is its own
        self.request = record.request if record is not None else Request()
        self._checks: dict[str, FieldCheck] | None = None  # worked out on first use
        #: Fields the person has been to (an empty field is "to do" until then).
        self.visited: set[str] = {name for name in FIELDS if getattr(self.request, name)}
        #: The registry value the app filled in (replaced when the range changes, unless edited).
        self.prefilled_registry: str | None = None
        self.proof: dict[str, str] | None = (
            dict(record.proof) if record is not None and record.proof else None
        )
        self.proof_verdict: ProofVerdict | None = None
        self.rdap_result: RdapResult | None = None
        self.sweep_result: SweepResult | None = None
        self.routing_result: RoutingResult | None = None
        #: The range the running (or last) lookups are about; answers about others are dropped.
        self.lookup_cidr: str | None = None
        #: Every readable draft of the folder (None until read: rules across drafts).
        self.draft_entries: list[DraftEntry] | None = None
        #: The last requirement statuses and what they were worked out from.
        self._assessed: tuple[tuple[object, ...], tuple[RequirementStatus, ...]] | None = None

    # --- the draft file -------------------------------------------------------------------

    @property
    def draft(self) -> DraftFile:
        if self._draft is None:
            from byoip.session.draft_file import DraftFile  # not part of the first frame

            record, path, resumed = self._opening
            self._draft = DraftFile(self.folder, record, path, resumed=resumed)
        return self._draft

    @property
    def record(self) -> Record | None:
        return self._draft.record if self._draft is not None else None

    @property
    def path(self) -> Path | None:
        return self._draft.path if self._draft is not None else None

    @property
    def dirty(self) -> bool:
        return self._draft is not None and self._draft.dirty

    # --- fields ---------------------------------------------------------------------------

    @property
    def checks(self) -> dict[str, FieldCheck]:
        """Each field's check, kept up to date by ``set_field``; made on first use."""
        if self._checks is None:
            from byoip.fields import check_fields  # the first check's, not the first frame's

            self._checks = check_fields(self.request)
        return self._checks

    def value(self, name: str) -> str:
        return str(getattr(self.request, name))

    def check(self, name: str) -> FieldCheck:
        """One field's rule (what ``check_fields`` says for it), without running the others."""
        from byoip.fields import FIELD_CHECKS, check_registry  # the first check's, not at start

        if name == "registry":
            return check_registry(self.request.registry, self.request.ip_range)
        return FIELD_CHECKS[name](self.value(name))

    def _recheck(self, name: str) -> None:
        self.checks[name] = self.check(name)

    def set_field(self, name: str, value: str) -> FieldChange | None:
        """The person typed ``value`` into ``name``; None when nothing changed."""
        if self.value(name) == value:
            return None
        from byoip.session.change import FieldChange  # the first keystroke, not the first frame

        self.request = self.request.with_field(name, value)
        self.visited.add(name)
        if name == "registry" and value != self.prefilled_registry:
            self.prefilled_registry = None  # the person's own choice from now on
        partition_before = self._partition() if name == "region" else None
        self._recheck(name)
        if name == "region" and self._partition() != partition_before:
            return FieldChange((name,), routing_cidr=self._routing_again())
        if name != "ip_range":
            return FieldChange((name,))
        cidr = self.range_changed()
        self._recheck("registry")  # the IANA cross-check depends on the range
        return FieldChange(("ip_range", "registry"), range_changed=True, lookup_cidr=cidr)

    def visit(self, name: str) -> None:
        self.visited.add(name)

    def field_findings(self, name: str) -> tuple[Finding, ...]:
        """What to show under a field: nothing for an empty field not yet visited."""
        if not self.value(name).strip() and name not in self.visited:
            return ()
        findings = self.checks[name].findings
        if name == "registry" and self.rdap_result is not None and self.request.registry.strip():
            # The registration lookup's word on the registry belongs under this field.
            findings += tuple(f for f in self.rdap_result.findings if f.field == "registry")
        return findings

    def field_progress(self, name: str) -> Progress:
        """The step's state, from exactly what is shown under its field."""
        if not self.value(name).strip() and name not in self.visited:
            return "todo"
        return _SEVERITY_PROGRESS[worst(self.field_findings(name))]

    def proof_progress(self) -> Progress:
        verdict = self.proof_verdict
        if verdict is None or verdict.code == "incomplete":
            return "todo"  # nothing pasted yet: still to do, not wrong
        return "done" if verdict.ok else "error"

    def first_step_to_fix(self) -> str | None:
        """The first field whose value is wrong (an opened draft starts there), else None.

        An empty field is to do, not wrong: a new request still starts at the account.
        """
        return next((name for name in FIELDS if self.field_progress(name) == "error"), None)

    def fields_ok(self) -> bool:
        return all(self.checks[name].ok for name in FIELDS)

    def step_ok(self, step: str) -> bool:
        """Whether the person may move on from ``step`` (only the fields have rules)."""
        return step not in FIELDS or self.checks[step].ok

    def normal_value(self, name: str) -> str | None:
        """The field's normal form when it differs from what was typed (moving on writes it)."""
        check = self.checks[name]
        return check.value if check.ok and check.value != self.value(name) else None

    def suggestion(self, name: str) -> str | None:
        """The value the rule suggests for ``name`` (ctrl+f), best first."""
        from byoip.regions import region_matches  # when asked, not for the first frame

        suggestions = self.checks[name].suggestions
        if not suggestions and name == "region":
            suggestions = tuple(region_matches(self.request.region))
        return suggestions[0] if suggestions else None

    def region_choices(self) -> list[tuple[str, str]]:
        """Regions matching what is typed (code, place), none once a code is typed exactly."""
        from byoip.regions import REGIONS, region_matches  # when asked, not at start

        typed = self.request.region
        if typed.strip().lower() in REGIONS:
            return []
        return [(code, REGIONS.get(code, "")) for code in region_matches(typed)]

    def review_rows(self) -> list[ReviewRow]:
        from byoip.session.readiness import ReviewRow  # the review: not the first frame

        rows = []
        for name in FIELDS:
            check = self.checks[name]
            progress = _SEVERITY_PROGRESS[worst(check.findings)] if check.value else "todo"
            rows.append(ReviewRow(FIELD_LABELS[name], check.value or "—", progress))
        return rows

    def problems(self) -> list[Finding]:
        """Every warning and error of the fields (the review lists them)."""
        return [f for c in self.checks.values() for f in c.findings if f.severity != Severity.INFO]

    # --- the range and its lookups --------------------------------------------------------

    def valid_range(self) -> str | None:
        if not self.request.ip_range.strip():
            return None  # never valid (and a new request's first frame runs no rule)
        from byoip.fields import parse_ipv4_range  # the first check's, not the first frame's

        check = self.checks["ip_range"]
        network = parse_ipv4_range(check.value) if check.ok else None
        return str(network) if network is not None else None

    def range_changed(self) -> str | None:
        """The range changed: drop the old answers, prefill the registry; the range to look up."""
        self.rdap_result = None
        self.sweep_result = None
        self.routing_result = None
        cidr = self.valid_range()
        self.lookup_cidr = cidr
        if cidr is not None:
            # The rules and IANA's map: loaded by the first range, not by the first frame.
            from byoip.fields import parse_ipv4_range
            from byoip.registries import iana_registry_for

            network = parse_ipv4_range(cidr)
            if network is not None:
                self.prefill_registry(iana_registry_for(network))
        return cidr

    def prefill_registry(self, registry: str | None) -> bool:
        """Fill in the registry unless the person chose one; True when it was filled in."""
        current = self.request.registry
        if registry is None or (current and current != self.prefilled_registry):
            return False
        self.prefilled_registry = registry
        self.request = self.request.with_field("registry", registry)
        self._recheck("registry")
        return True

    def registry_hint(self) -> str | None:
        """The registry to ask first (the field's value when it is valid)."""
        check = self.checks.get("registry")
        return check.value if check is not None and check.ok else None

    def accept_rdap(self, cidr: str, result: RdapResult) -> bool:
        """Keep a registration answer about the current range (False: about an old one)."""
        if cidr != self.lookup_cidr:
            return False
        # Stamped by the session's clock: records and screenshots don't depend on the wall clock.
        self.rdap_result = replace(result, checked_at=self.clock().timestamp())
        if result.ok and result.rir:
            self.prefill_registry(result.rir)
        self._recheck("registry")
        return True

    def accept_sweep(self, cidr: str, result: SweepResult) -> bool:
        """Keep a blocklist sweep about the current range (False: about an old one)."""
        if cidr != self.lookup_cidr:
            return False
        self.sweep_result = replace(result, time=self.clock())
        return True

    def routing_off(self) -> str | None:
        """Why the routing check does not run (turned off in the settings), or None."""
        if self.settings.routing_enabled:
            return None
        return (
            "The routing check is turned off ([routing] enabled = false or "
            "$SES_BYOIP_ROUTING_ENABLED); the ROA requirement stays not yet known."
        )

    def routing_region(self) -> str | None:
        """The Region the routing check asks Amazon's ASNs for (None: not valid yet)."""
        if not self.request.region.strip():
            return None  # never valid (and a new request's first frame runs no rule)
        check = self.checks["region"]
        return check.value if check.ok else None

    def _partition(self) -> str:
        from byoip.regions import partition  # a Region key's, not the first frame's

        return partition(self.routing_region())

    def routing_amazon(self) -> tuple[int, ...]:
        """Amazon's ASNs for the Region's partition (commercial until a Region is valid)."""
        # Deferred: the routing package (http, thread pools) is not needed for the first frame.
        from byoip.routing import amazon_asns

        return tuple(amazon_asns(self.routing_region()) or ())

    def _routing_again(self) -> str | None:
        """The Region's partition changed: the old answer is void; the range to check again."""
        self.routing_result = None
        return self.lookup_cidr if self.routing_off() is None else None

    def accept_routing(self, cidr: str, result: RoutingResult) -> bool:
        """Keep a routing answer about the current range and partition (False: an old one)."""
        if cidr != self.lookup_cidr or (result.ok and result.amazon != self.routing_amazon()):
            return False
        # Stamped by the session's clock, except a recording: it keeps its own date.
        stamp = result.checked_at if result.recorded else self.clock().timestamp()
        self.routing_result = replace(result, checked_at=stamp)
        return True

    # --- proof ----------------------------------------------------------------------------

    def set_proof(self, proof: dict[str, str] | None, verdict: ProofVerdict | None) -> None:
        """The proof step's table and verdict (kept for the record and the requirements)."""
        self.proof = proof
        self.proof_verdict = verdict

    def verify_saved_proof(self) -> ProofVerdict | None:
        """The verdict on the proof the record was opened with (crypto: call it in a thread)."""
        if not self.proof:
            return None
        from byoip.proof import assess_proof  # cryptography: never for the first frame

        account, cidr = self.checks["account_id"].value, self.checks["ip_range"].value
        return assess_proof(self.proof, account or None, cidr or None, self.clock())

    def accept_saved_proof_verdict(self, verdict: ProofVerdict) -> bool:
        """Keep the saved proof's verdict unless the proof step has said something newer."""
        if self.proof_verdict is not None:
            return False
        self.proof_verdict = verdict
        return True

    # --- cost, requirements, other drafts -------------------------------------------------

    def cost(self) -> CostPreview | None:
        """The cost of the range, when it is valid."""
        cidr = self.valid_range()
        if cidr is None:
            return None
        from byoip.pricing import cost_preview  # not needed for the first frame

        return cost_preview(self.checks["ip_range"].value, self.settings.pricing)

    def requirement_statuses(self) -> list[RequirementStatus]:
        """Where the request stands on every AWS requirement, from everything known
        (worked out again only when one of its inputs changed: a lookup's news costs nothing).
        """
        answers = (self.rdap_result, self.sweep_result, self.routing_result, self.proof_verdict)
        inputs = (self.request, *answers, self.draft_entries, self.record, self.path)
        last = self._assessed
        if last is not None and _same(last[0], inputs):
            return list(last[1])
        statuses = self._assess()
        self._assessed = (inputs, tuple(statuses))
        return statuses

    def _assess(self) -> list[RequirementStatus]:
        from byoip.session.readiness import assess_session  # not the first frame

        return assess_session(self)

    def readiness(self, statuses: list[RequirementStatus] | None = None) -> Readiness:
        """What is unmet and what is not yet known (the review's top, export's question)."""
        if statuses is None:
            statuses = self.requirement_statuses()
        findings = {name: self.checks[name].findings for name in FIELDS}
        from byoip.session.readiness import assess_readiness  # the review: not the first frame

        return assess_readiness(statuses, findings)

    def review_progress(self, readiness: Readiness) -> Progress:
        """The review step's state: from every other step and every requirement."""
        steps = [self.field_progress(name) for name in FIELDS]
        from byoip.session.readiness import review_progress  # the review: not the first frame

        return review_progress(readiness, [*steps, self.proof_progress()])

    def read_drafts(self) -> list[DraftEntry]:
        """Every readable draft in the folder (it touches the disk: call it in a thread)."""
        from byoip.store import DraftStore  # not needed for the first frame

        return [entry for entry in DraftStore(self.folder).entries() if entry.ok]

    def draft_findings(self) -> list[Finding] | None:
        """What the other drafts say about this one (None until the folder has been read)."""
        from byoip.session.readiness import across_drafts  # not the first frame

        return across_drafts(self)

    # --- the record and saving ------------------------------------------------------------

    def build_record(self) -> Record:
        """The record the wizard holds now (partial drafts are fine: they are drafts)."""
        from byoip.fields import normalized_request  # saving: not the first frame

        now = self.clock()
        request = normalized_request(self.request)
        base = self.draft.base(now)
        preview = self.cost()
        # A lookup saved with the record stays only while it is about the same range.
        same_range = base.request.ip_range == request.ip_range
        kept_rdap = base.rdap if same_range else None
        kept_reputation = base.reputation if same_range else None
        kept_routing = base.routing if same_range else None
        return replace(
            base,
            request=request,
            updated=now,
            rdap=self.rdap_result.snapshot() if self.rdap_result else kept_rdap,
            reputation=self.sweep_result.snapshot() if self.sweep_result else kept_reputation,
            routing=self.routing_result.snapshot() if self.routing_result else kept_routing,
            cost=preview.to_dict() if preview is not None else None,
            proof=self.proof,
        )

    def changed(self, *, autosave_only: bool = False) -> bool:
        """Something the record holds changed; True when there is work to autosave.

        ``autosave_only``: a lookup answer, worth keeping with unsaved work but not a
        reason on its own to call the draft changed.
        """
        if not autosave_only:
            self.draft.dirty = True
        return self.draft.dirty

    def save(self) -> SaveOutcome:
        """ctrl+s: save the draft (a new file, or the file it was opened from)."""
        return self.draft.save(self.build_record(), now=self.clock())

    def autosave(self) -> AutosaveOutcome | None:
        """Keep unsaved work in the autosave file (None: nothing unsaved to keep)."""
        if not self.dirty:
            return None
        return self.draft.autosave(self.build_record())

    def save_as_new(self) -> SaveOutcome:
        """Save under a new name (after a conflict: the other window's draft stays as it is)."""
        return self.draft.save_as_new(self.build_record(), now=self.clock())

    def difference(self) -> str:
        """What a save would change in the draft on disk, as a unified diff."""
        return self.draft.difference(self.build_record())

    def unsaved_note(self) -> str | None:
        """For quitting: None when all is saved, else a sentence saying where the work is."""
        return self._draft.unsaved_note() if self._draft is not None else None

    def close(self) -> None:
        """The window closes: keep its unsaved work, and let the next start offer it."""
        self.autosave()
        if self._draft is not None:
            self._draft.close()

    def saved(self) -> None:
        """After a save: the folder changed, so the rules across drafts read it again."""
        self.draft_entries = None
