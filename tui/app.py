"""The Textual App (placeholder until the wizard lands)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from byoip.config import Settings


class ByoipApp(App[None]):
    TITLE = "ses-byoip"

    def __init__(
        self, settings: Settings, open_path: Path | None = None, start: str = "new"
    ) -> None:
        super().__init__()
        self.settings = settings
        self.open_path = open_path
        self.start = start

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The wizard is on its way. Until then, use `ses-byoip check` and `render`.")
        yield Footer()
