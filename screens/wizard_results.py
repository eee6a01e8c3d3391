"""Glue between the wizard's state and the core: records, drafts, cost, lookups, requirements.

Kept apart from the screen so the screen is only about layout and keys; every
decision is still made in ``byoip``.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from byoip.findings import Finding
from byoip.text import clean_text
from byoip.tui.widgets import StepState

if TYPE_CHECKING:
    from byoip.config import Settings
    from byoip.requirements import RequirementStatus
    from byoip.screens.wizard import WizardScreen


# --- cost ------------------------------------------------------------------------------


def cost_of(cidr: str, settings: Settings) -> Any | None:
    from byoip.pricing import cost_preview

    return cost_preview(cidr, settings.pricing)


# --- proof -----------------------------------------------------------------------------


def proof_widget(screen: WizardScreen, proof: dict[str, Any] | None) -> Widget:
    """The proof engineer's step widget, or a sentence when it is not in this build."""
    try:
        from byoip.screens.wizard_proof import ProofStep
    except ImportError:
        return Static(
            Text("The proof-of-ownership step is not available in this build; ctrl+n goes on."),
            id="proof-missing",
        )
    return ProofStep(
        screen.checks["account_id"].value,
        screen.checks["ip_range"].value,
        proof,
        region=screen.checks["region"].value or None,
        today=screen.app.clock().date(),
    )


def proof_state(verdict: Any | None) -> StepState:
    if verdict is None or getattr(verdict, "code", "") == "incomplete":
        return StepState.TODO  # nothing pasted yet: still to do, not wrong
    return StepState.DONE if getattr(verdict, "ok", False) else StepState.ERROR


def proof_findings(verdict: Any | None) -> list[Finding] | None:
    """The proof verdict as findings the requirements understand (None: no proof yet)."""
    from byoip.proof import verdict_findings  # decided in the core

    return verdict_findings(verdict)


# --- registration (RDAP) ---------------------------------------------------------------


def rdap_view(result: Any) -> tuple[list[tuple[str, object]], list[Finding]]:
    """Rows for the registration panel: RIR, organisation and its kind, network, type, coverage."""
    rows: list[tuple[str, object]] = [("RIR", result.rir or "unknown")]
    registrant = result.registrant
    if registrant is not None:
        rows.append(("Holder", f"{registrant.name or registrant.handle} ({registrant.handle})"))
        rows.append(("Kind", registrant.kind))
    else:
        rows.append(("Holder", "none named"))
    network = result.network
    if network is not None:
        rows.append(("Network", f"{network.cidr} {network.name}".strip()))
        rows.append(("Type", network.type or "not given"))
    rows.append(("Coverage", "whole range" if result.covers_range else "not the whole range"))
    return rows, list(result.findings)


def rdap_failed(result: Any) -> str | None:
    """The reason when the lookup got no usable answer (None when it did)."""
    return None if result.ok else (result.error or "The registration lookup failed.")


# --- reputation ------------------------------------------------------------------------

_ZONE_WORDS = {"ok": "✔ ok", "refused": "✖ refused", "broken": "✖ broken", "timeout": "! time-out"}
_VERDICT_MARKS = {"clean": "✔", "listed": "✖", "incomplete": "!"}


def reputation_view(
    result: Any,
) -> tuple[Text, list[tuple[str, str, str, str]], list[tuple[str, object]], str]:
    """Verdict, listed addresses (address, zone, code, meaning), zone status, state word."""
    listings: list[tuple[str, str, str, str]] = []
    zones: list[tuple[str, object]] = []
    for zone in result.zones:
        for listing in zone.listed:
            listings.append((listing.address, zone.zone, ", ".join(listing.codes), listing.meaning))
        status = _ZONE_WORDS.get(zone.status, f"? {zone.status}")
        if zone.status == "ok" and zone.listed:
            status = f"✖ {len(zone.listed)} listed"
        zones.append((clean_text(zone.zone, 60), status))
    word = result.verdict
    verdict = Text(f"{_VERDICT_MARKS.get(word, '?')} {word}", style="bold")
    verdict.append(
        f" · {result.addresses:,} addresses × {len(result.zones)} lists", style="not bold"
    )
    for finding in result.findings[:1]:
        verdict.append("\n" + clean_text(finding.message, max_chars=300), style="not bold")
    return verdict, listings, zones, word


# --- requirements ----------------------------------------------------------------------


def assess_request(screen: WizardScreen) -> list[RequirementStatus]:
    from byoip.requirements import assess  # not needed for the first frame

    field_findings = [f for check in screen.checks.values() for f in check.findings]
    return assess(
        screen.request,
        field_findings,
        rdap_findings=list(screen.rdap_result.findings) if screen.rdap_result else None,
        reputation_findings=list(screen.sweep_result.findings) if screen.sweep_result else None,
        proof_findings=proof_findings(screen.proof_verdict),
        draft_findings=screen.draft_findings(),
    )


# --- records and drafts ----------------------------------------------------------------


def build_record(screen: WizardScreen) -> Any:
    """The record the wizard holds now (partial drafts are fine: they are drafts)."""
    from byoip.fields import normalized_request
    from byoip.record import Record

    now = screen.app.clock()
    request = normalized_request(screen.request)
    if screen.record is None and screen.new_record is None:
        screen.new_record = Record.new(request, now=now)  # created (and its history) once
    base = screen.record if screen.record is not None else screen.new_record
    cost = None
    if screen.checks["ip_range"].ok:
        preview = cost_of(screen.checks["ip_range"].value, screen.settings)
        cost = preview.to_dict() if preview is not None else None
    # A lookup saved with the record stays only while it is about the same range.
    same_range = base.request.ip_range == request.ip_range
    return replace(
        base,
        request=request,
        updated=now,
        rdap=(
            screen.rdap_result.snapshot()
            if screen.rdap_result
            else (base.rdap if same_range else None)
        ),
        reputation=(
            screen.sweep_result.snapshot()
            if screen.sweep_result
            else (base.reputation if same_range else None)
        ),
        cost=cost,
        proof=screen.proof,
    )


def _store(screen: WizardScreen) -> Any:
    from byoip.store import DraftStore

    return DraftStore(screen.settings.drafts_dir)


def autosave(screen: WizardScreen) -> Path | None:
    """Write work in progress to the drafts folder's autosave file; report, never raise."""
    store = _store(screen)
    try:
        return store.write_autosave(build_record(screen))
    except OSError as exc:
        screen.notify(
            f"Could not autosave to {store.autosave_path}: {exc.strerror or exc}.",
            severity="error",
            timeout=8,
        )
        return None


def save_draft(screen: WizardScreen) -> Path | None:
    """ctrl+s: save the draft (a new file, or the file it was opened from)."""
    from byoip.record import ConflictError, RecordError

    store = _store(screen)
    record = build_record(screen)
    try:
        path = store.save(
            record, path=screen.path, expected_mtime=screen.path_mtime, now=screen.app.clock()
        )
    except ConflictError as exc:
        screen.notify(
            f"{clean_text(str(exc), 300)} Your changes are kept in the autosave file.",
            title="Not saved",
            severity="error",
            timeout=12,
        )
        return None
    except (OSError, RecordError) as exc:
        screen.notify(f"Could not save the draft: {clean_text(str(exc), 300)}", severity="error")
        return None
    from byoip.record import file_mtime

    screen.path = Path(path)
    screen.path_mtime = file_mtime(path)
    screen.record = record
    screen.dirty = False
    discard_autosave(screen)
    screen.saved(Path(path))
    return Path(path)


def discard_autosave(screen: WizardScreen) -> None:
    with contextlib.suppress(OSError):
        _store(screen).clear_autosave()


def draft_entries(settings: Settings) -> list[Any]:
    """Every readable draft in the folder (read in a worker: it touches the disk)."""
    from byoip.store import DraftStore

    return [entry for entry in DraftStore(settings.drafts_dir).entries() if entry.ok]


def cross_findings(screen: WizardScreen, entries: list[Any]) -> list[Finding]:
    """What the other drafts say about this one (same range elsewhere, five per Region)."""
    from byoip.fields import normalized_request
    from byoip.store import cross_draft_findings

    me = screen.path or Path(screen.settings.drafts_dir) / "(this request).toml"
    record = replace(
        screen.record or _blank_record(screen), request=normalized_request(screen.request)
    )
    pairs = [(e.path, e.record) for e in entries if e.path != me] + [(me, record)]
    try:
        return cross_draft_findings(pairs).get(me, [])
    except Exception:  # a draft the rules can't compare must not break the wizard
        return []


def _blank_record(screen: WizardScreen) -> Any:
    from byoip.record import Record

    return Record.new(now=screen.app.clock())
