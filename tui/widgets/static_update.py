"""Update a ``Static`` without re-arranging the whole screen when its height stays the same.

``Static.update`` asks for a layout by default, and a layout re-arranges and
repaints every widget on the screen.  Most updates while a person types (a
field's sentence, a panel's state) keep the widget's height: those only need
the widget itself repainted.

While a person types, a widget may also be asked to keep its height when its
content gets shorter (``keep_height``): blank lines fill the rest, so that a
message or a panel that flips between a long and a short text on every key
doesn't re-arrange the screen on every key.  The caller lets it shrink when
typing is over (an update without ``keep_height``).
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static


def displayed(widget: Widget) -> bool:
    """False when the widget or a container above it is hidden (``display: none``)."""
    node: Any = widget
    while isinstance(node, Widget):
        if not node.display:
            return False
        node = node.parent
    return True


def update_static(static: Static, content: Any, *, keep_height: bool = False) -> bool:
    """``static.update(content)``, with a layout only when its height changes.

    A hidden widget is laid out anyway when it is shown again (showing it is a
    layout change), so it never needs one here.  ``keep_height``: content shorter
    than the widget is padded with blank lines rather than shrinking it.  True when
    the content shown was padded.
    """
    if not static.is_attached or not displayed(static):
        static.update(content, layout=False)
        return False
    width = static.content_size.width
    before = static.content_size.height
    if width <= 0 or before <= 0:
        static.update(content)  # not laid out yet (or empty): let the layout size it
        return False
    static.update(content, layout=False)
    after = static.get_content_height(static.container_size, static.app.size, width)
    padded = False
    if keep_height and after < before:
        static.update(_padded(content, before - after), layout=False)
        after = static.get_content_height(static.container_size, static.app.size, width)
        padded = True
    if after != before:
        static.refresh(layout=True)
    return padded


#: Padded messages already made, by (id of the content, blank lines): (content, padded).
#: A Content keeps its measured height, so one that comes back is not measured again.
_PADDED: dict[tuple[int, int], tuple[Content, Content]] = {}


def _padded(content: Any, lines: int) -> Any:
    """``content`` and ``lines`` blank lines under it."""
    if isinstance(content, Content):  # stays a Content: measured and drawn as one
        kept = _PADDED.get((id(content), lines))
        if kept is not None and kept[0] is content:
            return kept[1]
        padded = content + "\n" * lines
        if len(_PADDED) >= 16:
            del _PADDED[next(iter(_PADDED))]
        _PADDED[id(content), lines] = (content, padded)
        return padded
    # n blank lines: a Text of n - 1 newlines renders as n lines.
    return Group(content, Text("\n" * (lines - 1)))
