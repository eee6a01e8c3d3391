"""An ``Input`` that never shows a control sequence (see ``clean_text_area`` for why)."""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Size
from textual.widgets import Input

from byoip.text import clean_text


class CleanInput(Input):
    """A one-line ``Input`` whose value never holds a control character.

    Whatever sets the value (a draft being loaded, a paste) goes through
    ``byoip.text.clean_text``: an escape sequence in a saved field never reaches the terminal.
    """

    #: Told every change of the value at once (see ``listen``).
    _listener: Callable[[str], None] | None = None
    #: While ``set_invalid`` restyles the input: its parts keep their styles.
    _parts_kept = False

    def listen(self, listener: Callable[[str], None]) -> None:
        """Call ``listener(value)`` on every change of the value, in the same turn.

        ``Input.Changed`` climbs to the screen through the field's containers one
        message queue at a time, and the screen paints the key's echo before it
        arrives, then paints again for what the change did (the rule's sentence, the
        step list, the panels): two paints a key.  A listener updates all of it
        before the first paint.  Changes made under ``prevent(Input.Changed)`` are
        not told, just as they post no message.  ``Input.Changed`` is still posted.
        """
        self._listener = listener

    @property
    def listened(self) -> bool:
        """Whether a listener hears this input's changes (its Changed messages are late)."""
        return self._listener is not None

    def set_invalid(self, invalid: bool) -> None:
        """Show the value as invalid (the ``-invalid`` class: a red border) or not.

        A class change re-applies the stylesheet to the input and then to each of its
        parts (cursor, selection, placeholder, suggestion): five passes over the rules,
        on every key that turns a range valid or invalid.  No rule for the parts depends
        on validity (tests/ui/test_clean_input.py checks the stylesheet), so the parts
        keep the styles they have and only the input itself is restyled.
        """
        if self.has_class("-invalid") == invalid:
            return
        self._parts_kept = bool(self._component_styles)  # styled once already
        try:
            self.set_class(invalid, "-invalid")
        finally:
            self._parts_kept = False

    def _get_component_classes(self) -> frozenset[str]:  # type: ignore[override]
        # The stylesheet restyles the parts this names after the input itself (see above).
        return frozenset() if self._parts_kept else super()._get_component_classes()

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
        if self._listener is not None and not self._is_prevented(Input.Changed):
            self._listener(value)
