"""What the wizard's panels show, made from the session's values (words and layout only).

The panels themselves are mounted just after the first frame, so this module
(and ``tui.widgets.panels``) is imported then, not at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from byoip.findings import Finding
from byoip.rdap.holder import holder_label
from byoip.recording import recording_words
from byoip.screens.wizard_lookups import REPUTATION_GROUP, ROUTING_GROUP, Lookups
from byoip.screens.wizard_steps import PROGRESS_STATE, review_text
from byoip.session import WizardSession
from byoip.text import clean_text
from byoip.tui.widgets import StepList
from byoip.tui.widgets.field_row import FieldRow
from byoip.tui.widgets.panels import (
    CostPanel,
    LookupPanel,
    QuestionsPanel,
    RdapPanel,
    ReputationPanel,
    RequirementsPanel,
    RoutingPanel,
)

if TYPE_CHECKING:
    from byoip.rdap import RdapResult
    from byoip.reputation import SweepResult
    from byoip.requirements import RequirementStatus
    from byoip.routing import RoutingResult
    from byoip.screens.wizard_answers import WizardAnswers


#: Seconds without a key before held heights are fitted again (longer than a typist's pause
#: between two keys, so a burst of keys re-arranges the screen once, after it).
FIT_DELAY = 0.6

#: The panel each step scrolls into view (None: the top of the column).
_PANEL_FOR_STEP = {
    "use_case": "questions",
    "ip_range": "rdap",
    "registry": "rdap",
    "proof": "requirements",
    "review": "requirements",
}


@dataclass(frozen=True)
class WizardPanels:
    """The panels beside the wizard's steps, once mounted."""

    questions: QuestionsPanel
    rdap: RdapPanel
    reputation: ReputationPanel
    routing: RoutingPanel
    cost: CostPanel
    requirements: RequirementsPanel

    @classmethod
    def create(cls) -> WizardPanels:
        return cls(
            QuestionsPanel(id="questions-panel"),
            RdapPanel(id="rdap-panel"),
            ReputationPanel(id="reputation-panel"),
            RoutingPanel(id="routing-panel"),
            CostPanel(id="cost-panel"),
            RequirementsPanel(id="requirements-panel"),
        )

    def widgets(self) -> tuple[Widget, ...]:
        return (
            self.questions,
            self.rdap,
            self.reputation,
            self.routing,
            self.cost,
            self.requirements,
        )

    def hold_heights(self, hold: bool) -> None:
        """While a field is typed in, the panels keep their heights (see ``Panel.holding``)."""
        for panel in (self.rdap, self.reputation, self.routing, self.cost, self.requirements):
            panel.hold_height(hold)

    def fit_heights(self, rows: Iterable[Widget], *, later: bool = False) -> None:
        """The panels and the field's sentence take their own heights again: at once, or
        (``later``: while typing) once typing has paused a while (``FIT_DELAY``), so that
        a burst of keys re-arranges the screen once, after it."""
        timer = getattr(self, "_fit_timer", None)
        if timer is not None:
            timer.stop()

        def fit() -> None:
            for panel in (self.rdap, self.reputation, self.routing, self.cost, self.requirements):
                panel.fit_height()
            for row in rows:
                if isinstance(row, FieldRow) and row.is_attached:
                    row.fit_height()

        if later:
            object.__setattr__(self, "_fit_timer", self.requirements.set_timer(FIT_DELAY, fit))
        else:
            fit()

    def postpone_fit(self) -> None:
        """Another key: the held heights are fitted ``FIT_DELAY`` after this one instead."""
        timer = getattr(self, "_fit_timer", None)
        if timer is not None:
            timer.reset()

    def scroll_for(self, step: str, column: VerticalScroll) -> None:
        """Scroll the panel that matters on ``step`` to the top of the column."""
        target = _PANEL_FOR_STEP.get(step)
        if target is None:
            column.scroll_home(animate=False)
        else:
            panel = {"questions": self.questions, "rdap": self.rdap}.get(target, self.requirements)
            column.scroll_to_widget(panel, animate=False, top=True)

    def show_news(self, news: Lookups.News) -> None:
        """What a running lookup says: started, waiting for a yes, progress, failed."""
        if isinstance(news, Lookups.RdapStarted):
            self.rdap.show_loading(news.cidr)
        elif isinstance(news, Lookups.SweepStarted):
            self.reputation.show_started(news.total)
        elif isinstance(news, Lookups.SweepWaiting):
            self.reputation.show_waiting(
                f"{news.cidr} has {news.addresses:,} addresses: press ctrl+r to check "
                "them all against the blocklists."
            )
        elif isinstance(news, Lookups.SweepProgress):
            self.reputation.show_progress(news.done, news.total)
        elif isinstance(news, Lookups.RoutingStarted):
            self.routing.show_loading(news.cidr)
        elif isinstance(news, Lookups.Failed):
            by_group = {REPUTATION_GROUP: self.reputation, ROUTING_GROUP: self.routing}
            by_group.get(news.group, self.rdap).show_error(news.reason)

    def show_rdap(self, result: RdapResult) -> None:
        if result.ok:
            self.rdap.show_result(*rdap_view(result))
        else:
            _show_failure(self.rdap, result, "The registration lookup failed.")

    def show_routing(self, result: RoutingResult) -> None:
        if result.ok:
            self.routing.show_result(*routing_view(result))
        else:
            _show_failure(self.routing, result, "The routing check failed.")

    def show_sweep(self, result: SweepResult) -> None:
        self.reputation.show_result(*reputation_view(result))

    def show_cost(self, session: WizardSession, *, typing: bool = False) -> None:
        """The cost of a valid range; while typing it is filled in once typing pauses.

        Never the cost of another range, not even for a moment: that goes at once.
        """
        preview = session.cost()
        if not typing or preview is None:
            self.cost.show_cost(preview)
        elif not self.cost.shows(preview):
            self.cost.show_cost(None)  # filled by the panels' refresh after the pause

    def show_lookups(self, session: WizardSession, *, typing: bool = False) -> None:
        """Put what is known about the range into the panels (waiting, answers, cost)."""
        self.show_cost(session, typing=typing)
        if session.rdap_result is not None:
            self.show_rdap(session.rdap_result)
        else:
            self.rdap.show_waiting()
        if session.sweep_result is not None:
            self.show_sweep(session.sweep_result)
        else:
            self.reputation.show_waiting()
        if (off := session.routing_off()) is not None:
            self.routing.show_off(off)
        elif session.routing_result is not None:
            self.show_routing(session.routing_result)
        else:
            self.routing.show_waiting()


def _show_failure(panel: LookupPanel, result: RdapResult | RoutingResult, fallback: str) -> None:
    """A failed lookup's sentence; a replay without a recording for the range is no fault
    (nothing to retry: ``*.no_recording``)."""
    reason = result.error or fallback
    if any(f.code.endswith(".no_recording") for f in result.findings):
        panel.show_unrecorded(reason)
    else:
        panel.show_error(reason)


def show_readiness(screen: WizardAnswers, statuses: list[RequirementStatus]) -> None:
    """The review step's state in the step list and, when shown, its summary (both
    decided by the session from the requirements just assessed)."""

    session = screen.session
    readiness = session.readiness(statuses)
    progress = session.review_progress(readiness)
    screen.query_one(StepList).set_state("review", PROGRESS_STATE[progress])
    if screen.step == "review":
        screen.query_one("#review-summary", Static).update(review_text(session, readiness))


def proof_widget(session: WizardSession) -> Widget:
    """The proof step's widget, or a sentence when it is not in this build."""
    try:
        # Optional: a build without cryptography has no proof step (ImportError below).
        from byoip.screens.wizard_proof import ProofStep
    except ImportError:
        return Static(
            Text("The proof-of-ownership step is not available in this build; ctrl+n goes on."),
            id="proof-missing",
        )
    return ProofStep(
        session.checks["account_id"].value,
        session.checks["ip_range"].value,
        session.proof,
        region=session.checks["region"].value or None,
        today=session.clock().date(),
        routing=session.routing_result,
        routing_off=session.routing_off(),
    )


def routing_view(result: RoutingResult) -> tuple[list[tuple[str, object]], list[Finding]]:
    """Rows for the routing panel: who announces the range, the verdict per ASN, the source."""
    # Deferred: byoip.routing loads the HTTP stack; only when its answer is shown.
    from byoip.routing.render import short_verdict, source_label

    origins = ", ".join(f"AS{a}" for a in result.origins)
    rows: list[tuple[str, object]] = [("Origin", origins or "none (not announced as such)")]
    seen = result.visibility()
    if seen:
        peers = f"{seen['ris_peers_seeing']} of {seen['total_ris_peers']} RIS peers"
        rows.append(("Seen by", peers))
    for check in result.asns:
        roles = " and ".join(_ROLE_WORDS[role] for role in result.roles(check.asn))
        rows.append((f"AS{check.asn}", short_verdict(check.validity, roles)))
    rows.append(("Source", source_label(result)))
    # The source's date is the row above; the findings say what to do.
    return rows, [f for f in result.findings if f.code != "routing.source_date"]


_ROLE_WORDS = {"amazon": "Amazon", "origin": "origin today"}


def rdap_view(result: RdapResult) -> tuple[list[tuple[str, object]], list[Finding]]:
    """Rows for the registration panel: RIR, organisation and its kind, network, type, coverage."""
    rows: list[tuple[str, object]] = [("RIR", result.rir or "unknown")]
    if result.recorded:
        rows.insert(0, ("Answer", f"{recording_words(result.recorded)}, not live"))
    registrant = result.registrant
    if registrant is not None:
        # Why that kind, and where the name came from: in the finding below the rows.
        rows.append(("Holder", holder_label(registrant) or "not named"))
        rows.append(("Kind", registrant.kind))
    else:
        rows.append(("Holder", "none named"))
    network = result.network
    if network is not None:
        rows.append(("Network", f"{network.cidr} {network.name}".strip()))
        rows.append(("Type", network.type or "not given"))
    rows.append(("Coverage", "whole range" if result.covers_range else "not the whole range"))
    return rows, list(result.findings)


_ZONE_WORDS = {
    "ok": "✔ ok",
    "refused": "✖ refused",
    "broken": "✖ broken",
    "timeout": "! time-out",
    "unrecorded": "? no recording",
}
_VERDICT_MARKS = {"clean": "✔", "listed": "✖", "incomplete": "!", "unrecorded": "?"}
_VERDICT_WORDS = {"unrecorded": "no recording"}


def reputation_view(
    result: SweepResult,
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
    word = _VERDICT_WORDS.get(result.verdict, result.verdict)
    verdict = Text(f"{_VERDICT_MARKS.get(result.verdict, '?')} {word}", style="bold")
    verdict.append(
        f" · {result.addresses:,} addresses × {len(result.zones)} lists", style="not bold"
    )
    if result.recorded and result.verdict != "unrecorded":
        verdict.append(f" · {result.when_text}, not live", style="not bold")
    for finding in result.findings[:1]:
        # (600: the resolver note names the flag, the variable and the config key in full.)
        verdict.append("\n" + clean_text(finding.message, max_chars=600), style="not bold")
    return verdict, listings, zones, word
