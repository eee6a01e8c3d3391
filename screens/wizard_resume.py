"""On start, offer to resume the work in progress the last session autosaved."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from byoip.config import Settings
from byoip.text import clean_text
from byoip.tui import DIALOGS_CSS

if TYPE_CHECKING:
    from byoip.record import Record


def find_autosave(settings: Settings) -> tuple[Record | None, str | None] | None:
    """(record, None), or (None, reason) for a damaged autosave, or None when there is none."""
    from byoip.record import RecordError, load_record
    from byoip.store import DraftStore

    path = Path(DraftStore(settings.drafts_dir).autosave_path)
    if not path.exists():
        return None
    try:
        return load_record(path), None
    except (RecordError, OSError) as exc:
        return None, clean_text(str(exc), 300)


class ResumeScreen(ModalScreen["Record | None"]):
    """Resume the autosaved request, or start a new one (the autosave goes to the trash)."""

    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("escape", "fresh", "Start new", id="resume.fresh", tooltip="Start a new request"),
    ]

    def __init__(self, record: Record | None, problem: str | None, settings: Settings) -> None:
        super().__init__()
        self.record = record
        self.problem = problem
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Vertical(id="resume-dialog", classes="dialog"):
            yield Static("Resume your request?", classes="dialog-title")
            yield Static(self._summary(), id="resume-summary")
            with Horizontal(classes="dialog-buttons"):
                if self.record is not None:
                    yield Button("Resume", id="resume", variant="primary")
                yield Button("Start new", id="fresh")

    def _summary(self) -> Text:
        if self.record is None:
            return Text(
                f"The autosaved work could not be read ({self.problem}); it is left as it is."
            )
        request = self.record.request
        shown = [
            ("Account", request.account_id),
            ("Region", request.region),
            ("Range", request.ip_range),
            ("Registry", request.registry),
        ]
        lines = ["The last session left work in progress:"]
        lines += [f"  {label:<9} {clean_text(value, 40) or '—'}" for label, value in shown]
        lines.append("Start new keeps a copy in the drafts folder's trash.")
        return Text("\n".join(lines))

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed, "#resume")
    def action_resume(self) -> None:
        self.dismiss(self.record)

    @on(Button.Pressed, "#fresh")
    def action_fresh(self) -> None:
        if self.record is not None:
            from byoip.store import DraftStore

            store = DraftStore(self.settings.drafts_dir)
            try:
                store.trash(Path(store.autosave_path))
            except OSError as exc:
                self.notify(f"Could not move the autosave to the trash: {exc}", severity="error")
        self.dismiss(None)
