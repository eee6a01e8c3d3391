"""An ``Input`` that never shows a control sequence (see ``clean_text_area`` for why)."""

from __future__ import annotations

from textual.geometry import Size
from textual.widgets import Input

from byoip.text import clean_text


class CleanInput(Input):
    """A one-line ``Input`` whose value never holds a control character.

    Whatever sets the value (a draft being loaded, a paste) goes through
    ``byoip.text.clean_text``: an escape sequence in a saved field never reaches the terminal.
    """

    def validate_value(self, value: str) -> str:
        return clean_text(value, None)

    def _watch_value(self, value: str) -> None:
        # Input's own watcher sets ``virtual_size`` (a reactive that asks for a layout) to
        # the text's width, so every key re-arranged the whole screen: in the wizard, with
        # its panels, that was most of a key's cost.  The width only bounds the horizontal
        # scroll, which needs no layout; set it quietly first, so the watcher finds it
        # unchanged.  (An input sized by its content still gets its layout: see Input.)
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
