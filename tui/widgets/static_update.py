"""Update a ``Static`` without re-arranging the whole screen when its height stays the same.

``Static.update`` asks for a layout by default, and a layout re-arranges and
repaints every widget on the screen.  Most updates while a person types (a
field's sentence, a panel's state) keep the widget's height: those only need
the widget itself repainted.
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from textual.widgets import Static


def _displayed(widget: Widget) -> bool:
    """False when the widget or a container above it is hidden (``display: none``)."""
    node: Any = widget
    while isinstance(node, Widget):
        if not node.display:
            return False
        node = node.parent
    return True


def update_static(static: Static, content: Any) -> None:
    """``static.update(content)``, with a layout only when its height changes.

    A hidden widget is laid out anyway when it is shown again (showing it is a
    layout change), so it never needs one here.
    """
    if not static.is_attached or not _displayed(static):
        static.update(content, layout=False)
        return
    width = static.content_size.width
    before = static.content_size.height
    if width <= 0 or before <= 0:
        static.update(content)  # not laid out yet (or empty): let the layout size it
        return
    static.update(content, layout=False)
    after = static.get_content_height(static.container_size, static.app.size, width)
    if after != before:
        static.refresh(layout=True)
