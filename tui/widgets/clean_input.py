"""An ``Input`` that never shows a control sequence (see ``clean_text_area`` for why)."""

from __future__ import annotations

from textual.widgets import Input

from byoip.text import clean_text


class CleanInput(Input):
    """A one-line ``Input`` whose value never holds a control character.

    Whatever sets the value (a draft being loaded, a paste) goes through
    ``byoip.text.clean_text``: an escape sequence in a saved field never reaches the terminal.
    """

    def validate_value(self, value: str) -> str:
        return clean_text(value, None)
