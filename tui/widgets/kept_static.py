"""A ``Static`` that keeps its painted lines for the last few contents it showed.

``Static`` paints its whole content again after every ``update``: wrapping the text,
styling each piece.  A field's message flips between two sentences while a range
flips between valid and invalid, one key after the other; painting a sentence it has
already painted, at the same size and in the same style, gives the same lines.  This
widget keeps them (by the content object itself, its size and the widget's style), so
the message that comes back costs nothing to paint.

Give it the same content object for the same text (``FieldRow`` keeps its messages):
a new object is painted, even when it holds the same text.  Between two changes, the
lines of the last pass are handed out as they are (Textual asks for them a line at a
time, and working out the widget's size and selection for each line cost more than
the line itself).
"""

from __future__ import annotations

from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Static

#: Contents kept per widget (their lines at one size each).
KEPT = 8


class KeptStatic(Static):
    """``Static``, whose lines are painted once per content, size and style."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        #: (id of the visual, width, height, style) -> (the visual, its lines).
        self._kept: dict[tuple[object, ...], tuple[Visual, list[Strip]]] = {}
        #: The lines shown now (made again when Textual marks the widget dirty).
        self._lines: list[Strip] = []
        #: How many times lines were painted rather than taken from ``_kept`` (tests).
        self.paints = 0

    def render_line(self, y: int) -> Strip:
        # Textual marks the widget dirty when anything it shows may have changed (an update,
        # a new size, a style, a mouse selection): the same sign its own render cache
        # follows (Widget.render_line).  Otherwise the lines of the last pass are shown.
        if self._dirty_regions:
            self._dirty_regions.clear()
            self._lines = self._make_lines()
        lines = self._lines
        return (
            lines[y]
            if y < len(lines)
            else Strip.blank(self.size.width, self.visual_style.rich_style)
        )

    def _make_lines(self) -> list[Strip]:
        visual = self.visual
        width, height = self.size
        style = self.visual_style
        if self.text_selection is not None:  # a mouse selection is drawn on the lines
            return Visual.to_strips(self, visual, width, height, style)
        key = (id(visual), width, height, style)
        kept = self._kept.get(key)
        if kept is None or kept[0] is not visual:
            self.paints += 1
            lines = Visual.to_strips(self, visual, width, height, style)
            if len(self._kept) >= KEPT:
                del self._kept[next(iter(self._kept))]  # the oldest
            self._kept[key] = kept = (visual, lines)
        return kept[1]
