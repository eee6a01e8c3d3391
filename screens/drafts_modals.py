"""Small modal screens used by the drafts table: confirm, pick a status, read a summary.

Every text they show may come from a draft file, so it is passed as
``rich.text.Text`` (never parsed as markup).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from byoip.text import clean_text

MODAL_CSS = """
ConfirmModal, StatusModal, SummaryModal, OverrideModal {
    align: center middle;
}
ConfirmModal > Vertical, StatusModal > Vertical, SummaryModal > Vertical,
OverrideModal > Vertical {
    width: 72;
    max-width: 95%;
    height: auto;
    max-height: 90%;
    border: thick $accent;
    background: $surface;
    padding: 1 2;
}
.modal-title {
    text-style: bold;
    margin-bottom: 1;
}
.modal-buttons {
    height: auto;
    align-horizontal: right;
    margin-top: 1;
}
.modal-buttons Button {
    margin-left: 2;
}
#status-options {
    height: auto;
    max-height: 10;
}
#summary-body {
    height: auto;
    max-height: 20;
}
"""


class ConfirmModal(ModalScreen[bool]):
    """Ask a yes/no question; dismisses with True only on an explicit yes."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, question: Text | str, yes_label: str = "Yes") -> None:
        super().__init__()
        self._title = title
        self._question = question if isinstance(question, Text) else Text(question)
        self._yes_label = yes_label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self._title), classes="modal-title")
            yield Static(self._question, id="confirm-question")
            with Horizontal(classes="modal-buttons"):
                yield Button("No (n)", id="confirm-no")
                yield Button(f"{self._yes_label} (y)", id="confirm-yes", variant="error")

    def on_mount(self) -> None:
        # The safe answer has focus: Enter alone never deletes anything.
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class StatusModal(ModalScreen[tuple[str, str] | None]):
    """Pick a new status, with an optional note; dismisses with (status, note) or None."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="status.cancel")]

    def __init__(self, name: Text, current: str, statuses: Sequence[str]) -> None:
        super().__init__()
        self._name_text = name
        self._current = current
        self._statuses = tuple(statuses)

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Change the status of ")
            title.append_text(self._name_text)
            yield Static(title, classes="modal-title")
            yield OptionList(
                *(
                    Option(f"{status}  (current)" if status == self._current else status, id=status)
                    for status in self._statuses
                ),
                id="status-options",
            )
            yield Input(
                placeholder="Note for the history (optional), e.g. the AWS case number",
                id="status-note",
            )
            yield Static(
                "Enter sets the status and adds a dated entry to the record's history "
                "(Tab: add a note first); Esc cancels.",
                classes="modal-hint",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self._current in self._statuses:
            options.highlighted = self._statuses.index(self._current)
        options.focus()

    def _choose(self, status: str | None) -> None:
        if status is not None:
            self.dismiss((status, self.query_one("#status-note", Input).value))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._choose(self._statuses[options.highlighted])

    def action_cancel(self) -> None:
        self.dismiss(None)


class OverrideModal(ModalScreen[str | None]):
    """A stage change a check blocks: say why, and ask for a reason to move anyway.

    Dismisses with the reason (recorded in the history) or None (Esc: nothing changes).
    An empty reason is not accepted: nothing moves silently past an unmet requirement.
    """

    DEFAULT_CSS = MODAL_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="override.cancel")]

    def __init__(self, title: Text, blockers: Sequence[str]) -> None:
        super().__init__()
        self._title = title
        self._blockers = tuple(blockers)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self._title, classes="modal-title")
            body = Text("Blocked by:")
            for blocker in self._blockers:
                body.append("\n  • ")
                body.append(blocker)
            yield VerticalScroll(Static(body, id="override-blockers"), id="summary-body")
            yield Input(
                placeholder="Why move anyway? (recorded in the history)", id="override-reason"
            )
            yield Static(
                "Enter moves anyway with this reason; Esc leaves the request where it is.",
                classes="modal-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#override-reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        reason = event.value.strip()
        if not reason:
            self.notify("Give a reason, or press Esc to leave it.", severity="warning")
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SummaryModal(ModalScreen[None]):
    """Show a summary (lines of plain text) until the person closes it."""

    DEFAULT_CSS = MODAL_CSS
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="summary.close")]

    def __init__(self, title: str, lines: Sequence[str]) -> None:
        super().__init__()
        self._title = title
        self._lines = tuple(lines)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self._title), classes="modal-title")
            with VerticalScroll(id="summary-body"):
                # The lines quote draft files (names, findings): cleaned, never a control.
                lines = (clean_text(line, None) for line in self._lines)
                yield Static(Text("\n".join(lines)), id="summary-text")
            with Horizontal(classes="modal-buttons"):
                yield Button("Close (Esc)", id="summary-close")

    def on_mount(self) -> None:
        self.query_one("#summary-close", Button).focus()

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
