"""The wizard: one screen that walks a person through the five items of the request.

Left: the step list (symbol and word per step).  Middle: the current step's
field, checked on every keystroke by ``byoip.fields`` with the rule's sentence
under it.  Right: the panels (registration, reputation, cost, requirements)
that update as the range changes.  Enter moves on when the step is valid,
escape goes back; ctrl+s saves a draft from any step, and work in progress is
autosaved to the drafts folder.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Input, Static

from byoip.fields import FIELD_CHECKS, FieldCheck, check_fields, check_registry, parse_ipv4_range
from byoip.findings import Finding, Severity, worst
from byoip.regions import region_matches
from byoip.registries import iana_registry_for
from byoip.request import FIELD_LABELS, FIELDS, Request
from byoip.screens.wizard_lookups import (
    REPUTATION_GROUP,
    LookupsMixin,
    RdapDone,
    SweepDone,
    SweepProgress,
)
from byoip.screens.wizard_steps import (
    FIELD_STEPS,
    HINTS,
    STEP_IDS,
    STEPS,
    USE_CASE_QUESTIONS,
    compose_proof_placeholder,
    compose_review,
    compose_step,
    review_lines,
)
from byoip.text import clean_text
from byoip.tui.widgets import FieldRow, StepList, StepState


def _results() -> ModuleType:
    """``screens.wizard_results``, imported when first needed (not for the first frame)."""
    from byoip.screens import wizard_results

    return wizard_results


class _NotYet:
    """Stands in for a panel before the panels are mounted: every call does nothing."""

    def __getattr__(self, _name: str) -> Any:
        return lambda *args, **kwargs: None


_NOT_YET = _NotYet()

#: Seconds of quiet after a change before work in progress is autosaved.
AUTOSAVE_DELAY = 1.0

_SEVERITY_STATE = {
    None: StepState.DONE,
    Severity.INFO: StepState.DONE,
    Severity.WARNING: StepState.WARNING,
    Severity.ERROR: StepState.ERROR,
}


class WizardScreen(LookupsMixin, Screen[None]):
    """The request, step by step, with the lookup panels beside it."""

    BINDINGS = [
        Binding(
            "ctrl+n",
            "next_step",
            "Next",
            id="wizard.next",
            tooltip="Go to the next step (Enter does the same in a one-line field).",
        ),
        Binding(
            "escape",
            "previous_step",
            "Back",
            id="wizard.back",
            tooltip="Go back one step; nothing you typed is lost.",
        ),
        Binding(
            "ctrl+f",
            "use_suggestion",
            "Fix",
            id="wizard.fix",
            tooltip="Replace the field with the value the rule suggests.",
        ),
        Binding(
            "ctrl+r",
            "retry_lookups",
            "Lookups",
            id="wizard.retry",
            tooltip="Run the registration and reputation lookups again (also large ranges).",
        ),
        Binding(
            "ctrl+o",
            "export",
            "Export",
            id="wizard.export",
            tooltip="Review the TOML record and the email, and export them.",
        ),
    ]

    def __init__(self, record: Any | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.record = record
        #: A request started here: its record (creation time, history) made on the first save.
        self.new_record: Any | None = None
        self.path = path
        #: The file's modification time when opened/saved: a change on disk since is a conflict.
        self.path_mtime: int | None = None
        if path is not None:
            from byoip.record import file_mtime

            self.path_mtime = file_mtime(path)
        self._draft_entries: list[Any] | None = None
        self.request = record.request if record is not None else Request()
        self.proof: dict[str, Any] | None = dict(record.proof) if record and record.proof else None
        self.proof_verdict: Any | None = None
        self.rdap_result: Any | None = None
        self.sweep_result: Any | None = None
        self.step = STEP_IDS[0]
        self.checks: dict[str, FieldCheck] = check_fields(self.request)
        self.visited: set[str] = {name for name in FIELDS if getattr(self.request, name)}
        #: The registry value the app filled in (replaced when the range changes, unless edited).
        self._prefilled_registry: str | None = None
        self._autosave_timer: Timer | None = None
        self.dirty = False
        self._loading = True
        self._panels_ready = False
        self._requirements_timer: Timer | None = None
        self._mounted_steps: set[str] = set()

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # What this wizard reads and writes is fixed when it opens: a demo wizard
        # keeps replaying recordings into its temporary folder, a real one never does.
        app = self.app
        self.settings = app.settings
        self.demo = bool(getattr(app, "demo", False))
        self.rdap_fetcher = getattr(app, "rdap_fetcher", None)
        self.dns_resolver = getattr(app, "dns_resolver", None)
        # A one-line title (cheaper at start-up than Header, and it says what matters).
        title = f"{app.title} — {app.sub_title}"
        # The title is docked at the top and the screen lays out its columns side by
        # side (app.tcss): no wrapping container, one widget less to mount and paint.
        yield Static(Text(title), id="title-bar", markup=False)
        with Vertical(id="steps-column"):
            yield StepList(STEPS, id="step-list")
            if self.demo:
                yield Static("DEMO DATA", id="demo-badge")
        # Only the first step is built for the first frame; the others are
        # mounted right after it (start-up time), or when first visited.
        with ContentSwitcher(initial="step-account_id", id="step-switcher"):
            yield self._build_step(STEP_IDS[0], visible=True)
        # The panels are mounted just after the first frame (start-up time).
        yield VerticalScroll(id="panels")
        # The footer (keys) is mounted with the panels, just after the first frame.

    def on_mount(self) -> None:
        self._mounted_steps.add(STEP_IDS[0])
        self._load_step(STEP_IDS[0])
        for name in FIELD_STEPS:
            self.refresh_field(name)
        self.range_changed(initial=True)
        self.go_to(STEP_IDS[0])
        self._loading = False
        self.call_after_refresh(self._mount_footer)
        self.call_after_refresh(self._mount_panels)
        self.call_after_refresh(self._mount_steps, STEP_IDS[1:])
        self.call_after_refresh(self._read_drafts)
        self.call_after_refresh(self._check_saved_proof)

    def _check_saved_proof(self) -> None:
        """A record opened with a proof: verify it (in a thread: crypto) for the requirements."""
        proof = self.proof
        if not proof:
            return  # nothing saved: nothing to check
        account, cidr = self.checks["account_id"].value, self.checks["ip_range"].value
        today = self.app.clock()

        def verify() -> Any:
            from byoip.proof import assess_proof

            return assess_proof(proof, account or None, cidr or None, today)

        self.run_worker(verify, name="saved proof", group="proof", thread=True, exit_on_error=False)

    def _read_drafts(self) -> None:
        """Read the drafts folder (rules across drafts) in a thread, after the first frame."""
        self.run_worker(
            lambda: _results().draft_entries(self.settings),
            name="read drafts",
            group="drafts",
            thread=True,
            exit_on_error=False,
        )

    # --- building the panels and steps ----------------------------------------------------

    def panel(self, name: str) -> Any:
        """The panel ``#<name>-panel`` (``tui.widgets.panels``), or a stand-in that
        ignores calls until the panels exist."""
        if not self._panels_ready:
            return _NOT_YET
        return self.query_one(f"#{name}-panel")

    async def _mount_footer(self) -> None:
        from textual.widgets import Footer  # not part of the first frame

        if self.is_attached and not self.query(Footer):
            await self.mount(Footer())
            # The footer shows keys once told the bindings changed (it missed the first time).
            self.refresh_bindings()

    async def _mount_panels(self) -> None:
        column = self.query_one("#panels", VerticalScroll)
        if not column.is_attached or self._panels_ready:
            return
        # Imported here: the panels are not part of the first frame.
        from byoip.tui.widgets.panels import (
            CostPanel,
            QuestionsPanel,
            RdapPanel,
            ReputationPanel,
            RequirementsPanel,
        )

        questions = QuestionsPanel(id="questions-panel")
        questions.display = self.step == "use_case"
        await column.mount(
            questions,
            RdapPanel(id="rdap-panel"),
            ReputationPanel(id="reputation-panel"),
            CostPanel(id="cost-panel"),
            RequirementsPanel(id="requirements-panel"),
        )
        self._panels_ready = True
        questions.show(Text("\n".join(USE_CASE_QUESTIONS)), "use case")
        self._show_lookup_state()
        self.refresh_requirements(now=True)
        self._scroll_panels()

    def _show_lookup_state(self, *, typing: bool = False) -> None:
        """Put what is known about the range into the panels (waiting, answers, cost)."""
        self._show_cost(typing=typing)
        if self.rdap_result is not None:
            self._show_rdap(self.rdap_result)
        else:
            self.panel("rdap").show_waiting()
        if self.sweep_result is not None:
            self.panel("reputation").show_result(*_results().reputation_view(self.sweep_result))
        else:
            self.panel("reputation").show_waiting()

    def _show_cost(self, *, typing: bool = False) -> None:
        """The cost of a valid range; while typing it is filled in once typing pauses.

        Never the cost of another range, not even for a moment: that goes at once.
        """
        check = self.checks["ip_range"]
        network = parse_ipv4_range(check.value) if check.ok else None
        preview = _results().cost_of(check.value, self.settings) if network else None
        panel = self.panel("cost")
        if not typing or preview is None:
            panel.show_cost(preview)
        elif not panel.shows(preview):
            panel.show_cost(None)  # filled by the panels' refresh after the pause

    # --- building steps -------------------------------------------------------------------

    def _build_step(self, step: str, *, visible: bool = False) -> Vertical:
        if step in FIELD_STEPS:
            children = list(compose_step(step))
        elif step == "proof":
            children = list(compose_proof_placeholder())
        else:
            children = list(compose_review())
        container = Vertical(*children, id=f"step-{step}", classes="step")
        container.display = visible
        return container

    async def _mount_steps(self, steps: tuple[str, ...] | list[str]) -> None:
        new = [step for step in steps if step not in self._mounted_steps]
        switcher = self.query_one(ContentSwitcher)
        if not new or not switcher.is_attached:  # e.g. the app is already closing
            return
        self._mounted_steps.update(new)
        await switcher.mount(*(self._build_step(s) for s in new))
        for step in new:
            self._load_step(step)

    def _load_step(self, step: str) -> None:
        """Put the request's value into a freshly built step and show its rule's sentence."""
        if step not in FIELD_STEPS:
            return
        value = getattr(self.request, step)
        editor = self.editor(step)
        if step == "use_case":  # a TextArea (imported only when that step is built)
            with editor.prevent(type(editor).Changed):
                editor.load_text(value)
        else:
            with editor.prevent(Input.Changed):
                editor.value = value
        self.refresh_field(step)

    async def _mount_then_go(self, step: str) -> None:
        await self._mount_steps([step])
        self.go_to(step)

    # --- fields ---------------------------------------------------------------------------

    def editor(self, name: str) -> Any:
        """The field's editor: an Input, or the use case's TextArea."""
        return self.query_one(f"#{name}-input")  # type: ignore[return-value]

    def field_row(self, name: str) -> FieldRow:
        return self.query_one(f"#{name}-row", FieldRow)

    def refresh_field(self, name: str) -> FieldCheck:
        """Run the field's rule and show its sentence under the field."""
        check = self._check(name)
        self.checks[name] = check
        if name not in self._mounted_steps:
            self._refresh_step_states()
            return check
        row = self.field_row(name)
        empty = not getattr(self.request, name).strip()
        if empty and name not in self.visited:
            row.show_findings((), hint=HINTS[name])
        else:
            row.show_findings(check.findings, hint=HINTS[name])
        if name == "registry" and self.rdap_result is not None:
            # The registration lookup's word on the registry belongs under this field.
            extra = [f for f in self.rdap_result.findings if f.field == "registry"]
            if extra and self.request.registry.strip():
                row.show_findings((*check.findings, *extra), hint=HINTS[name])
        if name == "region":
            self._show_region_matches()
        self._refresh_step_states()
        return check

    def _check(self, name: str) -> FieldCheck:
        """One field's rule (what ``check_fields`` says for it), without running the others."""
        if name == "registry":
            return check_registry(self.request.registry, self.request.ip_range)
        return FIELD_CHECKS[name](getattr(self.request, name))

    def _show_region_matches(self) -> None:
        from byoip.regions import REGIONS

        typed = self.request.region
        matches = region_matches(typed) if typed.strip().lower() not in REGIONS else []
        lines = [f"  {code:<15} {REGIONS.get(code, '')}" for code in matches]
        self.query_one("#region-matches", Static).update(Text("\n".join(lines)))

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removesuffix("-input")
        if name in FIELD_STEPS:
            self.set_field(name, event.value)

    def on_text_area_changed(self, event: Any) -> None:
        """``TextArea.Changed`` (by handler name: TextArea is imported only when needed)."""
        if event.text_area.id == "use_case-input":
            self.set_field("use_case", event.text_area.text)

    def set_field(self, name: str, value: str) -> None:
        if getattr(self.request, name) == value:
            return
        # One layout and one paint for everything a keystroke changes.
        with self.app.batch_update():
            self._set_field(name, value)

    def _set_field(self, name: str, value: str) -> None:
        self.request = self.request.with_field(name, value)
        self.visited.add(name)
        if name == "registry" and value != self._prefilled_registry:
            self._prefilled_registry = None  # the person's own choice from now on
        self.refresh_field(name)
        if name == "ip_range":
            self.range_changed()
            self.refresh_field("registry")  # the IANA cross-check depends on the range
        if not self._loading:
            self.changed()

    def range_changed(self, *, initial: bool = False) -> None:
        """Cancel what ran for the old range; prefill the registry; schedule the lookups."""
        check = self.checks["ip_range"]
        self.cancel_lookups()
        self.rdap_result = None
        self.sweep_result = None
        self._show_lookup_state(typing=not initial)
        network = parse_ipv4_range(check.value) if check.ok else None
        if network is not None:
            self._prefill_registry(iana_registry_for(network))
            self.schedule_lookups(str(network))
        self.refresh_requirements()

    def _prefill_registry(self, registry: str | None) -> None:
        current = self.request.registry
        if registry is None or (current and current != self._prefilled_registry):
            return
        self._prefilled_registry = registry
        self.request = self.request.with_field("registry", registry)
        if "registry" in self._mounted_steps:
            editor = self.editor("registry")
            with editor.prevent(Input.Changed):
                editor.value = registry
        self.refresh_field("registry")

    # --- steps ----------------------------------------------------------------------------

    def _refresh_step_states(self) -> None:
        steps = self.query_one(StepList)
        for name in FIELD_STEPS:
            check = self.checks[name]
            if not getattr(self.request, name).strip() and name not in self.visited:
                steps.set_state(name, StepState.TODO)
            else:
                steps.set_state(name, _SEVERITY_STATE[worst(check.findings)])
        proof = StepState.TODO if self.proof_verdict is None else None
        steps.set_state("proof", proof or _results().proof_state(self.proof_verdict))
        all_ok = all(self.checks[name].ok for name in FIELD_STEPS)
        steps.set_state("review", StepState.DONE if all_ok else StepState.TODO)

    def go_to(self, step: str) -> None:
        if step not in self._mounted_steps:
            self.call_next(self._mount_then_go, step)
            return
        self.step = step
        self.query_one(ContentSwitcher).current = f"step-{step}"
        self.query_one(StepList).set_current(step)
        if self._panels_ready:
            self.query_one("#questions-panel").display = step == "use_case"
        if step == "proof":
            self._mount_proof()
        if step == "review":
            self._refresh_review()
        # Focus now (keys typed right after Enter go to the new field) and once more
        # after the refresh, for widgets mounted by this step (the proof step).
        self.focus_step()
        self.call_after_refresh(self.focus_step)
        self._scroll_panels()

    def focus_step(self) -> None:
        """The first field of the step gets focus."""
        if self.step in FIELD_STEPS:
            self.editor(self.step).focus()
        elif self.step == "review":
            self.query_one("#review-export").focus()
        else:
            self.focus_next("#step-proof *")

    def _scroll_panels(self) -> None:
        target = {
            "use_case": "#questions-panel",
            "ip_range": "#rdap-panel",
            "registry": "#rdap-panel",
            "proof": "#requirements-panel",
            "review": "#requirements-panel",
        }.get(self.step)
        if not self._panels_ready:
            return
        panels = self.query_one("#panels", VerticalScroll)
        if target is None:
            panels.scroll_home(animate=False)
        else:
            panels.scroll_to_widget(self.query_one(target), animate=False, top=True)

    def step_ok(self, step: str) -> bool:
        return step not in FIELD_STEPS or self.checks[step].ok

    def action_next_step(self) -> None:
        if not self.step_ok(self.step):
            self.visited.add(self.step)
            self.refresh_field(self.step)
            self.app.bell()
            return
        if self.step in FIELD_STEPS:
            self._normalise(self.step)
        index = STEP_IDS.index(self.step)
        if index + 1 < len(STEP_IDS):
            self.go_to(STEP_IDS[index + 1])
        else:
            self.action_export()

    def action_previous_step(self) -> None:
        index = STEP_IDS.index(self.step)
        if index > 0:
            self.go_to(STEP_IDS[index - 1])
        elif len(self.app.screen_stack) > 2:
            # Opened from the drafts table or the demo: escape returns there.
            self.dismiss()

    def _normalise(self, name: str) -> None:
        """Moving on writes the value in its normal form (e.g. dashes out of the account ID)."""
        check = self.checks[name]
        editor = self.editor(name)
        if isinstance(editor, Input) and check.ok and check.value != editor.value:
            editor.value = check.value  # posts Changed -> set_field

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if (event.input.id or "").removesuffix("-input") == self.step:
            event.stop()
            self.action_next_step()

    @on(StepList.Selected)
    def _step_clicked(self, event: StepList.Selected) -> None:
        self.go_to(event.step)

    def on_button_pressed(self, event: Any) -> None:
        if event.button.id == "review-export":
            self.action_export()

    def action_use_suggestion(self) -> None:
        if self.step not in FIELD_STEPS:
            return
        suggestions = self.checks[self.step].suggestions
        if not suggestions and self.step == "region":
            suggestions = tuple(region_matches(self.request.region))
        editor = self.editor(self.step)
        if suggestions and isinstance(editor, Input):
            editor.value = suggestions[0]
            editor.cursor_position = len(editor.value)

    # --- proof ----------------------------------------------------------------------------

    def _mount_proof(self) -> None:
        holder = self.query_one("#proof-holder")
        key = (
            self.checks["account_id"].value,
            self.checks["ip_range"].value,
            self.checks["region"].value,
        )
        if getattr(holder, "_for", None) == key and holder.children:
            return
        holder.remove_children()
        holder._for = key  # type: ignore[attr-defined]
        holder.mount(_results().proof_widget(self, self.proof))

    def on_proof_step_changed(self, event: Any) -> None:
        """``ProofStep.Changed``: keep the proof table and its verdict for the record."""
        self.proof = event.proof
        self.proof_verdict = event.verdict
        self._refresh_step_states()
        self.refresh_requirements(now=True)
        self.changed()

    # --- panels ---------------------------------------------------------------------------

    def registry_hint(self) -> str | None:
        check = self.checks.get("registry")
        return check.value if check is not None and check.ok else None

    def on_rdap_started(self, cidr: str) -> None:
        self.panel("rdap").show_loading(cidr)

    def on_sweep_started(self, cidr: str, total: int) -> None:
        self.panel("reputation").show_started(total)

    def on_sweep_needs_confirmation(self, cidr: str, addresses: int) -> None:
        self.panel("reputation").show_waiting(
            f"{cidr} has {addresses:,} addresses: press ctrl+r to check them all "
            "against the blocklists."
        )

    def on_lookup_failed(self, group: str, reason: str) -> None:
        panel = self.panel("reputation" if group == REPUTATION_GROUP else "rdap")
        panel.show_error(reason)
        self.refresh_requirements(now=True)

    def on_rdap_done(self, message: RdapDone) -> None:
        if message.cidr != self.lookup_cidr:
            return  # an answer about a range the person has since changed
        # Stamped by the app's clock: records and screenshots don't depend on the wall clock.
        result = replace(message.result, checked_at=self.app.clock().timestamp())
        self.rdap_result = result
        self._show_rdap(result)
        if result.ok and result.rir:
            self._prefill_registry(result.rir)
        self.refresh_field("registry")
        self.refresh_requirements(now=True)
        self.call_after_refresh(self._scroll_panels)  # the answer grew the panel: show its top
        self.changed(autosave_only=True)

    def _show_rdap(self, result: Any) -> None:
        failed = _results().rdap_failed(result)
        if failed is not None:
            self.panel("rdap").show_error(failed)
        else:
            self.panel("rdap").show_result(*_results().rdap_view(result))

    def on_sweep_progress(self, message: SweepProgress) -> None:
        if message.cidr == self.lookup_cidr:
            self.panel("reputation").show_progress(message.done, message.total)

    def on_sweep_done(self, message: SweepDone) -> None:
        if message.cidr != self.lookup_cidr:
            return
        self.sweep_result = replace(message.result, time=self.app.clock())
        self.panel("reputation").show_result(*_results().reputation_view(self.sweep_result))
        self.refresh_requirements(now=True)
        self.changed(autosave_only=True)

    def action_retry_lookups(self) -> None:
        check = self.checks["ip_range"]
        network = parse_ipv4_range(check.value) if check.ok else None
        if network is None:
            self.notify("Enter a valid range first.", severity="warning")
            return
        self.cancel_lookups()
        self.start_lookups(str(network), confirmed=True)

    def on_worker_state_changed(self, event: Any) -> None:
        worker = event.worker
        if worker.group == "proof" and event.state.name == "SUCCESS":
            if self.proof_verdict is None:  # the proof step hasn't said anything newer
                self.proof_verdict = worker.result
                self._refresh_step_states()
                self.refresh_requirements(now=True)
        elif worker.group == "drafts" and event.state.name == "SUCCESS":
            self._draft_entries = worker.result
            self.refresh_requirements(now=True)
        elif worker.group == "drafts" and event.state.name == "ERROR":
            self._draft_entries = []
        else:
            super().on_worker_state_changed(event)

    def draft_findings(self) -> list[Finding] | None:
        """Findings across the drafts folder for this request (None until it has been read)."""
        if self._draft_entries is None:
            return None
        return _results().cross_findings(self, self._draft_entries)

    def saved(self, path: Path) -> None:
        self.notify(f"Saved as {path.name} in the drafts folder.", title="Draft saved")
        self._draft_entries = None
        self._read_drafts()

    def refresh_requirements(self, *, now: bool = False) -> None:
        """Re-assess the requirements and fill in the cost: at once, or (typing) after
        150 ms without a change, so that a burst of keys re-arranges the panels once."""
        if self._requirements_timer is not None:
            self._requirements_timer.stop()
            self._requirements_timer = None
        if now or not self._panels_ready:
            self._assess_now()
        else:
            self._requirements_timer = self.set_timer(0.15, self._assess_now)

    def _assess_now(self) -> None:
        self._requirements_timer = None
        if not self._panels_ready:
            return
        statuses = _results().assess_request(self)
        with self.app.batch_update():  # one layout for both panels
            self._show_cost()
            self.panel("requirements").show_statuses(statuses)

    def _refresh_review(self) -> None:
        rows = []
        for name in FIELDS:
            check = self.checks[name]
            state = _SEVERITY_STATE[worst(check.findings)] if check.value else StepState.TODO
            value = clean_text(check.value or "—", max_chars=40)
            rows.append((FIELD_LABELS[name], value, f"{state.symbol} {state.word}"))
        problems: list[Finding] = [
            f for c in self.checks.values() for f in c.findings if f.severity != Severity.INFO
        ]
        text = review_lines(rows)
        if problems:
            text += "\n\n" + "\n".join(
                f"{'✖' if f.severity == Severity.ERROR else '!'} {clean_text(f.message, 300)}"
                for f in problems
            )
        self.query_one("#review-summary", Static).update(Text(text))

    # --- saving ---------------------------------------------------------------------------

    def build_record(self) -> Any:
        return _results().build_record(self)

    def changed(self, *, autosave_only: bool = False) -> None:
        """Something the record holds changed: autosave it after a moment of quiet."""
        if not autosave_only:
            self.dirty = True
        if not self.dirty:
            return
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self.autosave)

    def autosave(self) -> Path | None:
        self._autosave_timer = None
        if not self.dirty:
            return None  # saved since the timer was set: there is nothing left to keep
        return _results().autosave(self)

    def action_save(self) -> Path | None:
        path = _results().save_draft(self)
        if path is not None and self._autosave_timer is not None:
            # The draft on disk now holds everything: a pending autosave would only
            # bring back a "resume?" offer for work that is already saved.
            self._autosave_timer.stop()
            self._autosave_timer = None
        return path

    def action_export(self) -> None:
        from byoip.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.build_record(), clock=self.app.clock))

    def flush_autosave(self) -> None:
        """Write pending work in progress now (quitting must not lose the last keystrokes)."""
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        if self.dirty:
            self.autosave()

    def on_unmount(self) -> None:
        self.cancel_lookups()
        self.flush_autosave()
