"""Snapshots of the drafts table (fixed size, fixed dates, relative paths, no blinking cursor)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input

from byoip.tui.app import ByoipApp
from tests.support.drafts_support import FIXED_NOW, review_folder, settings_for, wait_for_table

SIZE = (130, 34)


@pytest.fixture
def drafts_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ByoipApp:
    # A relative drafts folder keeps the machine's temp path out of the pictures.
    monkeypatch.chdir(tmp_path)
    review_folder(Path("drafts"))
    return ByoipApp(settings_for(Path("drafts")), start="drafts", clock=lambda: FIXED_NOW)


async def _ready(pilot: Any) -> None:
    screen = await wait_for_table(pilot)
    for field in screen.query(Input):
        field.cursor_blink = False


def test_drafts_table(drafts_app: ByoipApp, snap_compare: Any) -> None:
    assert snap_compare(drafts_app, terminal_size=SIZE, run_before=_ready)


def test_drafts_damaged_file_selected_and_sorted_by_errors(
    drafts_app: ByoipApp, snap_compare: Any
) -> None:
    async def run_before(pilot: Any) -> None:
        await _ready(pilot)
        await pilot.press("6", "6")  # errors, most first
        screen = pilot.app.screen
        table = screen.query_one(DataTable)
        table.move_cursor(row=[r.name for r in screen.shown].index("foxtrot"))
        await pilot.pause()

    assert snap_compare(drafts_app, terminal_size=SIZE, run_before=run_before)


def test_drafts_filtered_by_text(drafts_app: ByoipApp, snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _ready(pilot)
        await pilot.press("slash", *"185.54", "enter")
        await pilot.pause()

    assert snap_compare(drafts_app, terminal_size=SIZE, run_before=run_before)


def test_drafts_status_modal(drafts_app: ByoipApp, snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _ready(pilot)
        await pilot.press("down", "s")
        await pilot.pause()

    assert snap_compare(drafts_app, terminal_size=SIZE, run_before=run_before)


def test_drafts_delete_confirmation(drafts_app: ByoipApp, snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _ready(pilot)
        await pilot.press("down", "down", "delete")
        await pilot.pause()

    assert snap_compare(drafts_app, terminal_size=SIZE, run_before=run_before)
