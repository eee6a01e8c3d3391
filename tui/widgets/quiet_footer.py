"""A Footer that is rebuilt only when the keys it shows change.

Textual's ``Footer`` rebuilds itself (a widget per key, each styled) after every
"bindings updated" signal, one rebuild per signal even when several arrive before
the next refresh, and even when the keys shown are the same: a focus change, a
screen resumed, a reactive with bindings all send one.  Opening the drafts screen
sent five, rebuilding the footer five times with the same twelve keys (about 70 ms
of the UI's time, a fifth of a second opening of 2,000 drafts).

``QuietFooter`` rebuilds at most once per refresh, and only when what ``compose``
shows (each shown binding, whether it is enabled, its tooltip, the command palette's
key) differs from the last rebuild.  What it draws is ``Footer``'s own.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class QuietFooter(Footer):
    """``Footer``, rebuilt only when the keys it shows change (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: A rebuild is waiting for the next refresh.
        self._rebuild_due = False
        #: What the last rebuild showed (None: never rebuilt).
        self._shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # Footer.bindings_changed, with one rebuild however many signals come before it.
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_due:
            self._rebuild_due = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_due = False
        if not self.is_attached:
            return
        shown = self._keys_shown()
        if shown == self._shown:
            return  # the same keys: Footer's rebuild would make the same widgets again
        self._shown = shown
        await self.recompose()

    def _keys_shown(self) -> tuple[Any, ...]:
        """Everything of the screen's bindings that ``Footer.compose`` reads."""
        active = self.screen.active_bindings
        shown = tuple(
            (binding, enabled, tooltip)
            for _node, binding, enabled, tooltip in active.values()
            if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        palette_key = None if palette is None else palette[1:]
        return (
            shown,
            palette_key,
            self.show_command_palette,
            self.app.ENABLE_COMMAND_PALETTE,
        )
