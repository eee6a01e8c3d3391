"""The wizard's dialogs about saving: a refused save, the difference, quitting with unsaved work.

Their sentences come from ``byoip.session`` (where the work is kept, why a save
failed); the difference is a draft file's text, so everything is shown
literally and cleaned of control characters.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from byoip.text import clean_text
from byoip.tui import DIALOGS_CSS
from byoip.tui.app_screen import AppModal

#: What the person chose after a refused save.
ConflictChoice = Literal["save-new", "show-difference", "keep-editing"]


def _literal(text: str, max_chars: int = 2000) -> Text:
    return Text(clean_text(text, max_chars, keep_newlines=True))


class ConflictScreen(AppModal[ConflictChoice]):
    """The draft changed on disk since this window read it: a new draft, or the difference."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS = [
        Binding(
            "escape",
            "keep_editing",
            "Keep editing",
            id="conflict.keep",
            tooltip="Close; your changes stay in this window and its autosave.",
        ),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-dialog", classes="dialog"):
            yield Static("Not saved: the draft changed on disk", classes="dialog-title")
            yield Static(_literal(self.message), id="conflict-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save as a new draft", id="save-new", variant="primary")
                yield Button("Show the difference", id="show-difference")
                yield Button("Keep editing", id="keep-editing")

    def on_mount(self) -> None:
        self.query_one("#save-new", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice: ConflictChoice = "keep-editing"
        if event.button.id == "save-new":
            choice = "save-new"
        elif event.button.id == "show-difference":
            choice = "show-difference"
        self.dismiss(choice)

    def action_keep_editing(self) -> None:
        self.dismiss("keep-editing")


class DifferenceScreen(AppModal[None]):
    """The draft on disk against this window's version, as a unified diff."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS = [
        Binding("escape", "close", "Close", id="difference.close", tooltip="Close the difference")
    ]

    def __init__(self, difference: str) -> None:
        super().__init__()
        self.difference = difference

    def compose(self) -> ComposeResult:
        with Vertical(id="difference-dialog", classes="dialog"):
            yield Static("The draft on disk (-) and this window (+)", classes="dialog-title")
            with VerticalScroll(id="difference-scroll"):
                yield Static(_literal(self.difference, 20_000), id="difference-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", id="difference-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#difference-close", Button).focus()

    @on(Button.Pressed, "#difference-close")
    def action_close(self) -> None:
        self.dismiss(None)


class QuitScreen(AppModal[bool]):
    """Unsaved work: say where it is kept, and quit only on an explicit yes."""

    CSS_PATH = DIALOGS_CSS
    BINDINGS = [
        Binding(
            "escape",
            "answer(False)",
            "Keep editing",
            id="quit.keep",
            tooltip="Go back to the request",
        ),
    ]

    def __init__(self, notes: list[str]) -> None:
        super().__init__()
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-dialog", classes="dialog"):
            yield Static("Quit with unsaved work?", classes="dialog-title")
            yield Static(_literal("\n".join(self.notes)), id="quit-notes")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep editing", id="quit-keep", variant="primary")
                yield Button("Quit", id="quit-yes", variant="error")

    def on_mount(self) -> None:
        # The safe answer has focus: Enter alone never quits.
        self.query_one("#quit-keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit-yes")

    def action_answer(self, quit_: bool) -> None:
        self.dismiss(quit_)
