"""A labelled field with one message line under it (the rule's sentence).

The message line shows the most serious finding for the field: an error says
what is wrong and how to fix it, a warning what to check, an info a hint such
as "256 addresses".  The symbol in front says the severity, so colour is never
the only signal.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from byoip.findings import Finding, Severity, sort_findings
from byoip.text import clean_text
from byoip.tui.widgets.clean_input import CleanInput
from byoip.tui.widgets.kept_static import KeptStatic
from byoip.tui.widgets.static_update import displayed, update_static

#: Severity -> (symbol, word); the word is read by screen readers and people alike.
SEVERITY_MARKS: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("✖", "error"),
    Severity.WARNING: ("!", "warning"),
    Severity.INFO: ("i", "info"),
}


def finding_text(finding: Finding, *, max_chars: int = 400) -> Text:
    """One finding as literal text with its severity symbol (never parsed as markup)."""
    symbol, _word = SEVERITY_MARKS[finding.severity]
    text = Text(f"{symbol} ", style="bold")
    text.append(clean_text(finding.message, max_chars=max_chars))
    return text


#: The message line's colour for the most serious finding (the line's own colour, muted,
#: is an info's or a hint's).  In the text, not a class on the line: a class change
#: re-applies the stylesheet to the widget, on every key that flips valid and invalid.
_SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.ERROR: "$text-error",
    Severity.WARNING: "$text-warning",
}

#: Messages a field row keeps ready (a range flipping valid and invalid shows two in turn).
_KEPT_MESSAGES = 8


def message_content(findings: tuple[Finding, ...], hint: str) -> Content:
    """The message line: up to three findings (sorted, errors first), or ``hint``."""
    if not findings:
        return Content(hint)
    # Bold as a whole, as ``finding_text`` draws a finding (its style is the text's own).
    style = f"bold {_SEVERITY_COLOURS.get(findings[0].severity, '')}".strip()
    lines = []
    for finding in findings:
        symbol, _word = SEVERITY_MARKS[finding.severity]
        message = clean_text(finding.message, max_chars=400)
        lines.append(Content.styled(f"{symbol} {message}", style))
    return Content("\n").join(lines)


class FieldRow(Vertical):
    """Label, the editing widget, and a message line under it."""

    DEFAULT_CSS = """
    FieldRow { height: auto; }
    FieldRow > .field-label { padding: 0 1; }
    FieldRow > .field-message { padding: 0 1; height: auto; color: $text-muted; }
    """

    def __init__(
        self, label: str | None, editor: Widget, *, field: str, id: str | None = None
    ) -> None:
        """``label`` None: the label is drawn by a widget above the row (the wizard's step head)."""
        super().__init__(id=id, classes="field-row")
        self.label = label
        self.editor = editor
        self.field = field
        #: Messages made for (findings, hint), newest last: one that comes back is the same
        #: object, which keeps its measured height and painted lines.
        self._kept: dict[tuple[tuple[Finding, ...], str], Content] = {}

    def compose(self) -> ComposeResult:
        if self.label is not None:
            yield Label(self.label, classes="field-label")
        yield self.editor
        # Kept lines: a message that comes back (valid, invalid, valid) is not painted again.
        yield KeptStatic("", classes="field-message", markup=False)

    def show_findings(self, findings: Iterable[Finding], *, hint: str = "") -> None:
        """Show every finding (errors first), or ``hint`` when there are none.

        While the person types in the field, the message line keeps its height when
        the sentence gets shorter (a range that flips between valid and invalid on
        every key would otherwise re-arrange the screen on every key); it takes its
        own height when the field loses the focus.
        """
        ordered = sort_findings(findings)
        key = (tuple(ordered[:3]), hint if not ordered else "")
        if key == getattr(self, "_shown", None):
            return  # nothing changed: no repaint, no layout
        self._shown = key
        kept = self._kept
        text = kept.pop(key, None) or message_content(*key)
        kept[key] = text  # the newest last
        if len(kept) > _KEPT_MESSAGES:
            del kept[next(iter(kept))]
        self._text = text
        self._severity = ordered[0].severity if ordered else None
        # A field on a step not shown (the registry, while the range is typed) is drawn
        # when its step is shown: drawing a hidden widget rebuilds the screen's map.
        self._pending = not displayed(self)
        if not self._pending:
            self._draw()

    def on_input_changed(self, event: Input.Changed) -> None:
        # A listened editor's screen heard the change in the same turn (CleanInput.listen):
        # its message goes no further (each container above would be woken for nothing).
        if isinstance(event.input, CleanInput) and event.input.listened:
            event.stop()

    def on_show(self) -> None:
        if getattr(self, "_pending", False):
            self._pending = False
            self._draw()

    def _draw(self) -> None:
        message = self.query_one(".field-message", Static)
        # A layout only when the sentence's height changes (and, while typing, grows).
        self._padded = update_static(message, self._text, keep_height=self.editor.has_focus)
        # The class sits on the editor, not on the row: a class change re-applies the
        # styles of the widget and everything inside it.
        invalid = self._severity is Severity.ERROR
        if isinstance(self.editor, CleanInput):
            self.editor.set_invalid(invalid)  # restyles the input, not its parts
        else:
            self.editor.set_class(invalid, "-invalid")

    def fit_height(self) -> None:
        """The sentence's own height again (typing paused, or the field left)."""
        if getattr(self, "_padded", False):
            self._padded = update_static(self.query_one(".field-message", Static), self._text)

    on_descendant_blur = fit_height

    @property
    def message(self) -> str:
        """The message line as plain text (tests read it)."""
        text = getattr(self, "_text", None)
        return text.plain if text is not None else ""
