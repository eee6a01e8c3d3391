"""Editors that never show a control sequence: what a draft loads or a paste brings is cleaned.

A draft file is untrusted input.  ``Input`` and ``TextArea`` draw their text as
it is, so an escape sequence in a saved use case (OSC 52 clipboard write, a
window title, a screen clear) went straight to the terminal.  These editors pass
everything they are given through ``byoip.text.clean_editor_text`` (newlines,
tabs and any script stay; escapes, C0/C1 controls and bidi overrides go).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import TextArea

from byoip.text import clean_editor_text


class CleanTextArea(TextArea):
    """A ``TextArea`` that cleans the text it starts with, loads, and is pasted into it."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(clean_editor_text(text), **kwargs)

    def load_text(self, text: str) -> None:
        super().load_text(clean_editor_text(text))

    def _on_paste(self, event: events.Paste) -> None:
        # Textual calls every class's _on_paste along the MRO, this one first: cleaning
        # the event is enough (calling super() here would insert the text twice).
        event.text = clean_editor_text(event.text)
