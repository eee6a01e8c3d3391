"""Notifications are shown literally: names, paths and file contents never become markup.

These tests run with notifications on (``run_test`` turns them off by default),
so a toast that would crash while rendering fails the test.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets._toast import Toast

from byoip.config import load_settings
from tests.support.drafts_support import async_test, review_folder, wait_for_table, wait_until
from tests.support.wizard_support import make_app
from tests.ui.test_drafts import drafts_app, names, select

HOSTILE = [
    "q[link='x.toml",  # unbalanced markup: MarkupError if parsed
    "[@click=app.quit]click me[/] [reverse]x",  # an action and a style if parsed
    "bell\x07 and \x1b]0;title\x1b\\ escape",  # control characters and an OSC sequence
]


def toast_texts(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(toast.render()) for toast in app.screen.query(Toast)]


@async_test
async def test_hostile_messages_show_literally_and_the_app_keeps_running() -> None:
    app = make_app(load_settings())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        for text in HOSTILE:
            app.notify(text, severity="error")
            app.notify(Text(text), title=text)
        await wait_until(pilot, lambda: len(app.screen.query(Toast)) >= 6, what="the toasts")
        await pilot.pause()
        shown = "\n".join(toast_texts(app))
        assert app.is_running
    assert "q[link='x.toml" in shown
    assert "[@click=app.quit]click me[/]" in shown
    assert "\x1b" not in shown and "\x07" not in shown


@async_test
async def test_duplicating_a_draft_notifies_without_crashing(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=(130, 34), notifications=True) as pilot:
        screen = await wait_for_table(pilot)
        await select(pilot, screen, "delta")
        await pilot.press("d")
        await wait_until(pilot, lambda: len(names(screen)) == 8, what="the copy")
        await wait_until(pilot, lambda: bool(toast_texts(app)), what="the toast")
        await pilot.pause()
        assert app.is_running
        assert any("Duplicated as" in text for text in toast_texts(app))
