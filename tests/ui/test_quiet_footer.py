"""QuietFooter: rebuilt once per refresh, and only when the keys it shows change.

Textual's ``Footer`` rebuilds itself after every "bindings updated" signal; opening
the drafts screen sent five with the same keys.  ``QuietFooter`` must still follow
every real change (a key enabled or disabled, another widget's keys) and show what
``Footer`` shows.
"""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from byoip.tui.widgets.quiet_footer import QuietFooter
from tests.support.drafts_support import async_test


class _Host(App[None]):
    BINDINGS = [
        Binding("f2", "save", "Save"),
        Binding("f3", "hidden", "Hidden", show=False),
    ]

    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer = footer
        self.can_save = True

    def compose(self) -> ComposeResult:
        yield Input(id="field")
        yield self.footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save":
            return True if self.can_save else None  # None: shown, greyed out
        return True

    def action_save(self) -> None:
        pass


def _keys(app: App[Any]) -> list[tuple[str, str, bool]]:
    return [(key.key, key.description, key.has_class("-disabled")) for key in app.query(FooterKey)]


async def _settled(footer: type[Footer], changes: list[str]) -> tuple[list[Any], int]:
    """The keys shown after ``changes`` ("same", "disable", "focus"), and the rebuilds."""
    app = _Host(footer)
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.pause()
        rebuilds = 0
        widget = app.query_one(footer)
        original = widget.recompose

        async def counting() -> None:
            nonlocal rebuilds
            rebuilds += 1
            await original()

        widget.recompose = counting  # type: ignore[method-assign]
        for change in changes:
            if change == "disable":
                app.can_save = False
            elif change == "focus":
                app.query_one(Input).focus()
            for _ in range(3):  # several signals before one refresh
                app.refresh_bindings()
            await pilot.pause()
            await pilot.pause()
        return _keys(app), rebuilds


@async_test
async def test_the_same_keys_are_not_rebuilt_and_a_change_is() -> None:
    keys, rebuilds = await _settled(QuietFooter, ["same", "same"])
    assert rebuilds == 0 and ("f2", "Save", False) in keys
    keys, rebuilds = await _settled(QuietFooter, ["same", "disable", "same"])
    assert rebuilds == 1 and ("f2", "Save", True) in keys  # greyed out, as Footer shows it


@async_test
async def test_it_shows_what_footer_shows() -> None:
    for changes in (["same"], ["focus"], ["disable"], ["focus", "disable"]):
        quiet, quiet_rebuilds = await _settled(QuietFooter, changes)
        plain, plain_rebuilds = await _settled(Footer, changes)
        assert quiet == plain and quiet  # every key Footer shows, in its order
        assert quiet_rebuilds <= len(changes) < plain_rebuilds
