"""On start, offer to resume work in progress that a closed or crashed window left.

Only orphaned autosaves are offered (``byoip.autosave.orphans``): another
window's live work is never touched.  Resumed work goes back to the draft it
came from; "Start new" moves the autosave to the drafts folder's trash.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from byoip.autosave import Autosave
from byoip.config import Settings
from byoip.store import DraftStore
from byoip.text import clean_text
from byoip.tui import DIALOGS_CSS
from byoip.tui.app_screen import AppModal


class ResumeScreen(AppModal[Autosave | None]):
    """Resume the autosaved request, or start a new one (the autosave goes to the trash)."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("escape", "fresh", "Start new", id="resume.fresh", tooltip="Start a new request"),
    ]

    def __init__(self, found: Autosave, settings: Settings) -> None:
        super().__init__()
        self.found = found
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-dialog", classes="dialog"):
            yield Static("Resume your request?", classes="dialog-title")
            yield Static(self._summary(), id="resume-summary")
            with Horizontal(classes="dialog-buttons"):
                if self.found.record is not None:
                    yield Button("Resume", id="resume", variant="primary")
                yield Button("Start new", id="fresh")

    def _summary(self) -> Text:
        record = self.found.record
        if record is None:
            problem = clean_text(self.found.problem or "", 300)
            return Text(f"The autosaved work could not be read ({problem}); it is left as it is.")
        request = record.request
        shown = [
            ("Account", request.account_id),
            ("Region", request.region),
            ("Range", request.ip_range),
            ("Registry", request.registry),
        ]
        lines = ["The last session left work in progress:"]
        lines += [f"  {label:<9} {clean_text(value, 40) or '—'}" for label, value in shown]
        if self.found.draft is not None:
            lines.append(f"Resume saves it back to {clean_text(self.found.draft.name, 80)}.")
        lines.append("Start new keeps a copy in the drafts folder's trash.")
        return Text("\n".join(lines))

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        self.dismiss(self.found)

    @on(Button.Pressed, "#fresh")
    def action_fresh(self) -> None:
        if self.found.record is not None:
            try:
                DraftStore(self.settings.drafts_dir).trash(self.found.path)
            except OSError as exc:
                self.notify(f"Could not move the autosave to the trash: {exc}", severity="error")
        self.dismiss(None)
