"""A few lines under a table that show the highlighted item's details, scrolled when longer.

A ``Static`` of fixed height crops its text: a draft with many findings lost all but
its first five lines, with nothing saying more were there.  Here the text sits in a
scrolling container, so every line can be reached (a scroll bar shows there are more).

The text changes on every cursor move and on every filter key: it is redrawn only
when it differs, and the screen is re-arranged (a layout) only when its height does
(``update_static``).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from byoip.tui.widgets.static_update import update_static


class DetailPane(VerticalScroll, can_focus=False):
    """Scrolls with the mouse wheel; the keys stay with the table above it."""

    DEFAULT_CSS = """
    DetailPane > Static {
        height: auto;
    }
    """

    def __init__(self, *, id: str, text_id: str) -> None:
        super().__init__(id=id)
        self._text_id = text_id
        self._shown: Text | None = None

    def compose(self) -> ComposeResult:
        yield Static(id=self._text_id)

    def show(self, text: Text) -> None:
        """Show ``text`` from its first line (nothing done when it is what is shown)."""
        if self._shown is not None and text == self._shown:
            return
        self._shown = text
        update_static(self.query_one(f"#{self._text_id}", Static), text)
        self.scroll_home(animate=False)
