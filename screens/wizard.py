"""The wizard: one screen that walks a person through the five items of the request.

Left: the step list (symbol and word per step).  Middle: the current step's
field, checked on every keystroke with the rule's sentence under it.  Right:
the panels (registration, reputation, routing, cost, requirements) that update
as the range and the Region change (their answers are handled in
``wizard_answers.WizardAnswers``, this screen's base class).  Enter moves on
when the step is valid, escape goes back; ctrl+s saves a draft from any step,
and work in progress is autosaved.

The request and everything known about it live in ``byoip.session.WizardSession``;
this screen shows the session and sends it the person's input.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Input, Static

from byoip.heap import freeze_long_lived, thaw
from byoip.screens.wizard_answers import WizardAnswers
from byoip.screens.wizard_lookups import Lookups
from byoip.screens.wizard_steps import (
    FIELD_STEPS,
    HINTS,
    PROGRESS_STATE,
    STEP_IDS,
    STEPS,
    USE_CASE_QUESTIONS,
    WIZARD_BINDINGS,
    build_step,
    review_text,
)
from byoip.session import WizardSession
from byoip.tui.widgets import FieldRow, StepList
from byoip.tui.widgets.clean_input import CleanInput

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from byoip.autosave import Autosave
    from byoip.record import Record
    from byoip.screens.wizard_proof import ProofStep
    from byoip.screens.wizard_save import ConflictChoice
    from byoip.screens.wizard_views import WizardPanels
    from byoip.session.draft_file import SaveOutcome

#: Seconds of quiet after a change before work in progress is autosaved.
AUTOSAVE_DELAY = 1.0


class WizardScreen(WizardAnswers):
    """The request, step by step, with the lookup panels beside it."""

    BINDINGS = WIZARD_BINDINGS

    def __init__(
        self,
        record: Record | None = None,
        path: Path | None = None,
        *,
        resumed: Autosave | None = None,
    ) -> None:
        """A new request, a saved ``record`` from ``path``, or work a closed window left."""
        super().__init__()
        # Fixed at opening: a demo wizard replays into its temporary folder, a real one never.
        app = self.app
        self.session = WizardSession(app.settings, app.clock, record, path, resumed=resumed)
        #: Demo data in the demo's temporary folder: nothing of it is kept.
        self.demo = app.demo
        self.step = STEP_IDS[0]
        self.panels: WizardPanels | None = None
        self._autosave_timer: Timer | None = None
        self._requirements_timer: Timer | None = None
        self._loading = True
        self._mounted_steps: set[str] = set()
        #: In set_field: the steps' states and the requirements wait for its end.
        self._keying = False
        #: The account, range and Region the proof step was built for.
        self._proof_for: str | None = None
        #: A resumed wizard took this one's place (the app's first screen stays under it).
        self.replaced = False
        self.lookups: Lookups

    # --- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        app = self.app
        # A one-line title (cheaper at start-up than Header, and it says what matters).
        yield Static(Text(f"{app.title} — {app.sub_title}"), id="title-bar", markup=False)
        with Vertical(id="steps-column"):
            yield StepList(STEPS, id="step-list")
            if self.demo:
                yield Static("DEMO DATA", id="demo-badge")
        # First frame: the first step only; other steps, the panels' column (empty until
        # then, and a scrolling container costs start-up time) and the footer follow it.
        with ContentSwitcher(initial="step-account_id", id="step-switcher"):
            yield build_step(STEP_IDS[0], visible=True)
        routing = None if self.session.routing_off() else self.session.routing_region
        self.lookups = Lookups(
            app.settings, app.rdap_fetcher, app.dns_resolver, app.routing_fetcher, routing
        )
        yield self.lookups

    def on_mount(self) -> None:
        self._mounted_steps.add(STEP_IDS[0])
        self._load_step(STEP_IDS[0])
        for name in FIELD_STEPS:
            self.refresh_field(name)
        self._range_changed(self.session.range_changed(), typing=False)
        self.go_to(STEP_IDS[0])
        to_fix = self.session.first_step_to_fix()
        if to_fix is not None and to_fix != STEP_IDS[0]:
            self.go_to(to_fix)  # an opened draft starts at its first wrong field
        self._loading = False
        self.call_after_refresh(self._mount_footer)
        self.call_after_refresh(self._mount_panels)
        self.call_after_refresh(self._mount_steps, STEP_IDS[1:])
        self.call_after_refresh(self._built)
        self.call_after_refresh(self._read_drafts)
        if self.session.proof:
            self.call_after_refresh(self.lookups.check_saved_proof, self.session.verify_saved_proof)

    def _built(self) -> None:
        """Painted and built: what the wizard is made of lives as long as it, and the
        collector the app held for its start runs again (see byoip/heap.py)."""
        freeze_long_lived()
        self.app.started()

    async def _mount_footer(self) -> None:
        from textual.widgets import Footer  # not part of the first frame

        if self.is_attached and not self.query(Footer):
            await self.mount(Footer())
            # The footer shows keys once told the bindings changed (it missed the first time).
            self.refresh_bindings()

    async def _mount_panels(self) -> None:
        if not self.is_attached or self.panels is not None:
            return  # e.g. the app is already closing
        from byoip.screens.wizard_views import WizardPanels  # not part of the first frame

        panels = WizardPanels.create()
        panels.questions.display = self.step == "use_case"
        column = VerticalScroll(*panels.widgets(), id="panels")
        await self.mount(column, after=self.query_one(ContentSwitcher))
        if not column.is_attached:
            return
        self.panels = panels
        self.on_descendant_focus()
        panels.questions.show(Text("\n".join(USE_CASE_QUESTIONS)), "use case")
        panels.show_lookups(self.session)
        self.refresh_requirements(now=True)
        self._scroll_panels()

    async def _mount_steps(self, steps: tuple[str, ...] | list[str]) -> None:
        new = [step for step in steps if step not in self._mounted_steps]
        switcher = self.query_one(ContentSwitcher)
        if not new or not switcher.is_attached:  # e.g. the app is already closing
            return
        self._mounted_steps.update(new)
        built = [build_step(s) for s in new]
        await switcher.mount(*built)
        if not all(container.is_attached for container in built):  # the app stopped meanwhile
            return
        for step in new:
            self._load_step(step)

    def _load_step(self, step: str) -> None:
        """Put the request's value into a freshly built step and show its rule's sentence."""
        if step in FIELD_STEPS:
            self._show_value(step)
            self.refresh_field(step)
            editor = self.editor(step)
            if isinstance(editor, CleanInput):
                # The key's echo and what it changed are painted together (see listen).
                editor.listen(partial(self.set_field, step))

    def _show_value(self, name: str) -> None:
        """The editor shows the session's value (without echoing it back as an edit)."""
        if name not in self._mounted_steps:
            return
        value = self.session.value(name)
        editor = self.editor(name)
        if isinstance(editor, Input):
            if editor.value != value:
                with editor.prevent(Input.Changed):
                    editor.value = value
        elif editor.text != value:  # the use case's TextArea
            with editor.prevent(type(editor).Changed):
                editor.load_text(value)

    async def _mount_then_go(self, step: str) -> None:
        await self._mount_steps([step])
        self.go_to(step)

    # --- fields ---------------------------------------------------------------------------

    def editor(self, name: str) -> Input | TextArea:
        """The field's editor: an Input, or the use case's TextArea."""
        return cast("Input | TextArea", self.query_one(f"#{name}-input"))

    def field_row(self, name: str) -> FieldRow:
        return self.query_one(f"#{name}-row", FieldRow)

    def on_descendant_focus(self) -> None:
        if self.panels is not None:  # while a field is typed in, the panels keep their heights
            self.panels.hold_heights(isinstance(getattr(self.app.focused, "parent", 0), FieldRow))

    on_descendant_blur = on_descendant_focus

    def refresh_field(self, name: str) -> None:
        """Show the field's rule's sentence under the field, and the steps' states."""
        if name in self._mounted_steps:
            hint = "" if self.session.value(name).strip() else HINTS[name]  # empty fields only
            self.field_row(name).show_findings(self.session.field_findings(name), hint=hint)
            if name == "region":
                lines = [f"  {code:<15} {place}" for code, place in self.session.region_choices()]
                self.query_one("#region-matches", Static).update(Text("\n".join(lines)))
        if not self._keying:  # set_field refreshes them once, after all its fields
            self._refresh_step_states()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removesuffix("-input")
        listened = isinstance(event.input, CleanInput) and event.input.listened
        # A listened field was told at once; its message may be older than the value now.
        if name in FIELD_STEPS and not listened:
            self.set_field(name, event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # By handler name: TextArea is imported only when the use-case step is built.
        if event.text_area.id == "use_case-input":
            self.set_field("use_case", event.text_area.text)

    def set_field(self, name: str, value: str) -> None:
        change = self.session.set_field(name, value)
        if change is None:
            return
        # One layout and one paint for everything a keystroke changes; the steps' states
        # and the requirements' timer once, after every field it rechecked.
        self._keying = True
        try:
            with self.app.batch_update():
                if change.range_changed:
                    self._range_changed(change.lookup_cidr, typing=True)
                if change.routing_cidr:  # another partition: Amazon's ASNs are others
                    self.lookups.start_routing(change.routing_cidr)
                for field in change.rechecked:
                    if field != name:  # the editor typed into is ahead of its (queued) events
                        self._show_value(field)
                    self.refresh_field(field)
                self._refresh_step_states()
                self.refresh_requirements()  # the Region and the range decide some of them
                if not self._loading:
                    self.changed()
        finally:
            self._keying = False

    def _range_changed(self, cidr: str | None, *, typing: bool) -> None:
        """Cancel what ran for the old range; schedule the lookups for the new one."""
        self.lookups.cancel()
        if self.panels is not None:
            self.panels.show_lookups(self.session, typing=typing)
        if cidr is not None:
            self.lookups.schedule(cidr, self.session.registry_hint)
        self._show_value("registry")  # prefilled from IANA's map
        self.refresh_field("registry")
        if not self._keying:  # set_field asks once, after all its fields
            self.refresh_requirements()

    # --- steps ----------------------------------------------------------------------------

    def _refresh_step_states(self) -> None:
        steps = self.query_one(StepList)
        for name in FIELD_STEPS:
            steps.set_state(name, PROGRESS_STATE[self.session.field_progress(name)])
        # The review's state comes with the requirements (WizardAnswers._assess_now).
        steps.set_state("proof", PROGRESS_STATE[self.session.proof_progress()])

    def go_to(self, step: str) -> None:
        if step not in self._mounted_steps:
            self.call_next(self._mount_then_go, step)
            return
        self.step = step
        self.query_one(ContentSwitcher).current = f"step-{step}"
        self.query_one(StepList).set_current(step)
        if self.panels is not None:
            self.panels.questions.display = step == "use_case"
        if step == "proof":
            self._mount_proof()
        if step == "review":
            self.query_one("#review-summary", Static).update(review_text(self.session))
        # Focus now (keys right after Enter) and after the refresh (widgets this step mounts).
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
        if self.panels is not None:
            self.panels.scroll_for(self.step, self.query_one("#panels", VerticalScroll))

    def action_next_step(self) -> None:
        if not self.session.step_ok(self.step):
            self.session.visit(self.step)
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
        elif len(self.app.own_screens()) > 1:
            # Opened from the drafts table or the demo: escape returns there.
            self.dismiss()

    def _normalise(self, name: str) -> None:
        """Moving on writes the value in its normal form (e.g. dashes out of the account ID)."""
        normal = self.session.normal_value(name)
        editor = self.editor(name)
        if isinstance(editor, Input) and normal is not None and normal != editor.value:
            editor.value = normal  # posts Changed -> set_field

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if (event.input.id or "").removesuffix("-input") == self.step:
            event.stop()
            self.action_next_step()

    @on(StepList.Selected)
    def _step_clicked(self, event: StepList.Selected) -> None:
        self.go_to(event.step)

    @on(Button.Pressed, "#review-export")
    def _export_pressed(self) -> None:
        self.action_export()

    def action_use_suggestion(self) -> None:
        if self.step not in FIELD_STEPS:
            return
        suggestion = self.session.suggestion(self.step)
        editor = self.editor(self.step)
        if suggestion is not None and isinstance(editor, Input):
            editor.value = suggestion
            editor.cursor_position = len(editor.value)

    # --- proof ----------------------------------------------------------------------------

    def _mount_proof(self) -> None:
        holder = self.query_one("#proof-holder")
        checks = self.session.checks
        key = f"{checks['account_id'].value} {checks['ip_range'].value} {checks['region'].value}"
        if self._proof_for == key and holder.children:
            return  # built for this account, range and Region
        # Deferred: the panels and the proof step are not part of the first frame.
        from byoip.screens.wizard_views import proof_widget

        holder.remove_children()
        self._proof_for = key
        holder.mount(proof_widget(self.session))

    def on_proof_step_changed(self, event: ProofStep.Changed) -> None:
        # By handler name: the proof step is imported only when first visited.
        self.session.set_proof(event.proof, event.verdict)
        self._refresh_step_states()
        self.refresh_requirements(now=True)
        self.changed()

    @on(Lookups.SavedProofChecked)
    def _saved_proof_checked(self, message: Lookups.SavedProofChecked) -> None:
        if self.session.accept_saved_proof_verdict(message.verdict):
            self._refresh_step_states()
            self.refresh_requirements(now=True)

    # --- saving ---------------------------------------------------------------------------

    def changed(self, *, autosave_only: bool = False) -> None:
        """Something the record holds changed: autosave it after a moment of quiet."""
        if not self.session.changed(autosave_only=autosave_only):
            return
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self.autosave)

    def autosave(self) -> Path | None:
        self._autosave_timer = None
        outcome = self.session.autosave()
        if outcome is None:
            return None  # saved since the timer was set: there is nothing left to keep
        if outcome.problem is not None:
            self.notify(outcome.problem, severity="error", timeout=8)
        return outcome.path

    def action_save(self) -> SaveOutcome:
        return self._after_save(self.session.save())

    def _after_save(self, outcome: SaveOutcome) -> SaveOutcome:
        if outcome.conflict:
            # Deferred: only when a save is refused (not part of the first frame).
            from byoip.screens.wizard_save import ConflictScreen

            self.app.push_screen(ConflictScreen(outcome.message), self._conflict_answered)
            return outcome
        if not outcome.ok:
            self.notify(outcome.message, title="Not saved", severity="error", timeout=12)
            return outcome
        if self._autosave_timer is not None:
            # A pending autosave would only bring back a "resume?" offer for saved work.
            self._autosave_timer.stop()
            self._autosave_timer = None
        self.notify(outcome.message, title="Draft saved")
        self.session.saved()
        self._read_drafts()
        return outcome

    def _conflict_answered(self, choice: ConflictChoice | None) -> None:
        if choice == "save-new":
            self._after_save(self.session.save_as_new())
        elif choice == "show-difference":
            # Deferred: only when a save is refused (not part of the first frame).
            from byoip.screens.wizard_save import DifferenceScreen

            self.app.push_screen(DifferenceScreen(self.session.difference()))

    def action_export(self) -> None:
        # Deferred: only when exporting (not part of the first frame).
        from byoip.screens.export import ExportScreen

        self.app.push_screen(ExportScreen.for_session(self.session, self.app.clock))

    def flush_autosave(self) -> None:
        """Write pending work in progress now (quitting must not lose the last keystrokes)."""
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        self.autosave()

    def on_unmount(self) -> None:
        thaw()  # the closed wizard's widgets can be collected
        self.lookups.cancel()
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None
        self.session.close()  # unsaved work stays in this window's autosave
