"""The wizard's side of its lookups: answers into the session, the panels, the requirements.

``WizardScreen`` (``screens/wizard.py``) is built on this class: the lookups
(``screens/wizard_lookups.Lookups``) report by typed messages, handled here
with ``@on``; the session decides whether an answer still counts (it may be
about a range, or a Region's partition, the person has since changed), the
panels and the proof step only show it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.timer import Timer

from byoip.screens.wizard_lookups import Lookups
from byoip.session import WizardSession
from byoip.tui.app_screen import AppScreen

if TYPE_CHECKING:
    from byoip.screens.wizard_views import WizardPanels


class WizardAnswers(AppScreen[None]):
    """The lookups' answers and the requirements they decide (the wizard's base class)."""

    session: WizardSession
    panels: WizardPanels | None
    lookups: Lookups
    step: str
    _requirements_timer: Timer | None

    if TYPE_CHECKING:  # the wizard's own, used here

        def _show_value(self, name: str) -> None: ...
        def refresh_field(self, name: str) -> None: ...
        def _scroll_panels(self) -> None: ...
        def changed(self, *, autosave_only: bool = False) -> None: ...

    # --- lookups --------------------------------------------------------------------------

    def action_retry_lookups(self) -> None:
        cidr = self.session.valid_range()
        if cidr is None:
            self.notify("Enter a valid range first.", severity="warning")
            return
        self.session.lookup_cidr = cidr
        self.lookups.cancel()
        self.lookups.start(cidr, self.session.registry_hint(), confirmed=True)

    @on(Lookups.News)
    def _lookup_news(self, message: Lookups.News) -> None:
        if self.panels is None or message.cidr != self.session.lookup_cidr:
            return  # not shown yet, or about a range the person has since changed
        self.panels.show_news(message)
        if isinstance(message, Lookups.Failed):
            self.refresh_requirements(now=True)

    @on(Lookups.RoutingDone)
    def _routing_done(self, message: Lookups.RoutingDone) -> None:
        if not self.session.accept_routing(message.cidr, message.result):
            return  # about a range (or a partition) the person has since changed
        result = self.session.routing_result
        if self.panels is not None and result is not None:
            self.panels.show_routing(result)
        for proof in self.query("ProofStep"):  # the ROA to create, with the live verdict
            proof.show_routing(result)  # type: ignore[attr-defined]
        self.refresh_requirements(now=True)
        self.changed(autosave_only=True)

    @on(Lookups.RdapDone)
    def _rdap_done(self, message: Lookups.RdapDone) -> None:
        if not self.session.accept_rdap(message.cidr, message.result):
            return  # an answer about a range the person has since changed
        result = self.session.rdap_result
        if self.panels is not None and result is not None:
            self.panels.show_rdap(result)
        self._show_value("registry")  # the answer may name the registry
        self.refresh_field("registry")
        self.refresh_requirements(now=True)
        self.call_after_refresh(self._scroll_panels)  # the answer grew the panel: show its top
        self.changed(autosave_only=True)

    @on(Lookups.SweepDone)
    def _sweep_done(self, message: Lookups.SweepDone) -> None:
        if not self.session.accept_sweep(message.cidr, message.result):
            return
        result = self.session.sweep_result
        if self.panels is not None and result is not None:
            self.panels.show_sweep(result)
        self.refresh_requirements(now=True)
        self.changed(autosave_only=True)

    # --- requirements and the other drafts ------------------------------------------------

    @on(Lookups.DraftsRead)
    def _drafts_read(self, message: Lookups.DraftsRead) -> None:
        self.session.draft_entries = message.entries
        self.refresh_requirements(now=True)

    @on(Lookups.DraftsUnreadable)
    def _drafts_unreadable(self, _message: Lookups.DraftsUnreadable) -> None:
        self.session.draft_entries = []

    def _read_drafts(self) -> None:
        self.lookups.read_drafts(self.session.read_drafts)

    def refresh_requirements(self, *, now: bool = False) -> None:
        """Re-assess the requirements and fill in the cost: at once, or (typing) after
        150 ms without a change, so that a burst of keys re-arranges the panels once."""
        if self._requirements_timer is not None:
            self._requirements_timer.stop()
            self._requirements_timer = None
        if now or self.panels is None:
            self._assess_now()
        else:
            self.panels.postpone_fit()  # a key: typing goes on, the heights stay held
            self._requirements_timer = self.set_timer(0.15, lambda: self._assess_now(typing=True))

    def _assess_now(self, *, typing: bool = False) -> None:
        self._requirements_timer = None
        if self.panels is None:
            return
        statuses = self.session.requirement_statuses()
        from byoip.screens.wizard_views import show_readiness  # loaded with the panels

        with self.app.batch_update():  # one layout for both panels (and the held heights)
            self.panels.show_cost(self.session)
            self.panels.requirements.show_statuses(statuses)
            self.panels.fit_heights(self.query(f"#{self.step}-row"), later=typing)
            show_readiness(self, statuses)  # the review step's state and summary
