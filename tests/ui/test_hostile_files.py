"""Hostile draft files in the app (issue 10): each one sentence with its path, the rest works.

A few hundred bytes of ``[`` used to end tomllib in a RecursionError: it emptied the drafts
table, crashed ``open`` and stopped the app from starting when it was the autosave file.
A pipe or a folder named ``*.toml`` was skipped without a word.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import DataTable

from byoip.config import load_settings
from byoip.screens.drafts import DraftsScreen
from byoip.screens.wizard import WizardScreen
from byoip.screens.wizard_resume import ResumeScreen
from byoip.store import DraftStore
from byoip.tui.app import ByoipApp
from tests.support.drafts_support import (
    FIXED_NOW,
    make_record,
    settings_for,
    wait_for_table,
    write_records,
)
from tests.support.wizard_support import async_test, make_app

DEEP = "a = " + "[" * 2000 + "\n"


@async_test
async def test_the_drafts_table_lists_odd_files_with_a_sentence_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "d"
    write_records(folder, [("alpha", make_record("185.54.121.0/24"))])
    (folder / "deep.toml").write_text(DEEP)
    (folder / "bom.toml").write_bytes(b"\xef\xbb\xbf" + (folder / "alpha.toml").read_bytes())
    (folder / "sub.toml").mkdir()
    os.mkfifo(folder / "pipe.toml")
    app = ByoipApp(settings_for(folder), start="drafts", clock=lambda: FIXED_NOW)
    async with app.run_test(size=(130, 34)) as pilot:
        screen = await wait_for_table(pilot)
        assert isinstance(screen, DraftsScreen)
        rows = {row.name: row for row in screen.shown}
        assert sorted(rows) == ["alpha", "bom", "deep", "pipe", "sub"]
        assert not rows["alpha"].damaged  # the good draft still works
        assert rows["alpha"].ip_range == "185.54.121.0/24"
        problems = {name: str(row.problem) for name, row in rows.items() if name != "alpha"}
        assert "arrays or tables nested too deeply" in problems["deep"]
        assert "byte-order mark" in problems["bom"] and "without a BOM" in problems["bom"]
        assert "is a folder, not a record file" in problems["sub"]
        assert "not a regular file" in problems["pipe"]
        for name, problem in problems.items():
            assert rows[name].path == folder / f"{name}.toml" and "\n" not in problem
        assert screen.query_one("#drafts-table", DataTable).row_count == 5


@async_test
async def test_opening_a_deeply_nested_file_is_one_notification() -> None:
    settings = load_settings()
    path = settings.drafts_dir / "deep.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(DEEP)
    app = make_app(settings, open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        messages = [n.message for n in app._notifications]
        assert any(str(path) in m and "nested too deeply" in m for m in messages), messages
    assert path.read_text() == DEEP


@async_test
async def test_a_deeply_nested_autosave_does_not_stop_the_app_from_starting() -> None:
    settings = load_settings()
    store = DraftStore(settings.drafts_dir)
    store.folder.mkdir(parents=True, exist_ok=True)
    store.autosave_path.write_text(DEEP)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert "nested too deeply" in str(app.screen.found.problem)
    assert store.autosave_path.read_text() == DEEP
