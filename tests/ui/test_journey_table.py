"""The drafts table tells each request's journey: stage, next step, due date, overdue.

Pilot tests and a snapshot over ``sample_requests/journey/`` (one made-up request at
each stage) with the app's clock fixed at the samples' own "now" (``ANCHOR``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from byoip.journey.samples import ANCHOR, JOURNEY_DIR
from byoip.record import Status, load_record
from byoip.screens.drafts import DraftsScreen
from byoip.screens.drafts_modals import OverrideModal, StatusModal
from byoip.tui.app import ByoipApp
from tests.support.drafts_support import async_test, settings_for, wait_for_table
from tests.support.wizard_support import wait_until

SIZE = (150, 36)


def journey_folder(target: Path) -> Path:
    shutil.copytree(JOURNEY_DIR, target)
    return target


def app_for(folder: Path) -> ByoipApp:
    return ByoipApp(settings_for(folder), start="drafts", clock=lambda: ANCHOR)


def column(screen: DraftsScreen, key: str) -> dict[str, str]:
    table = screen.query_one("#drafts-table", DataTable)
    return dict(zip((r.name for r in screen.shown), map(str, table.get_column(key)), strict=True))


@async_test
async def test_each_stage_shows_its_next_step_and_the_overdue_request(tmp_path: Path) -> None:
    app = app_for(journey_folder(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        stages = column(screen, "status")
        assert stages == {
            "1-draft": "draft",
            "2-ready": "ready",
            "3-sent": "sent",
            "4-sent-overdue": "sent",
            "5-more-info": "more-info",
            "6-approved": "approved",
            "7-in-use": "in-use",
            "8-rejected": "rejected",
            "9-withdrawn": "withdrawn",
        }
        steps = column(screen, "next_step")
        assert steps["1-draft"].startswith("To do: Registration (RDAP)")
        assert steps["2-ready"] == "Send the email to AWS"
        assert steps["3-sent"] == "Wait for AWS's answer"
        assert steps["4-sent-overdue"] == "Send a reminder"
        assert steps["5-more-info"].startswith("Answer AWS: Please confirm who signed")
        assert "runbook" in steps["6-approved"]
        due = column(screen, "due")
        # Sent Wednesday 11 November (Veterans Day, a US holiday): due by the end of Friday.
        assert due["4-sent-overdue"] == "OVERDUE end of Fri 13 Nov"
        assert due["3-sent"] == "Mon 23 Nov 15:45"
        assert "1 overdue" in str(screen.query_one("#drafts-count", Static).render())
        # "Needs me": what waits on the reviewer, not on AWS, and not finished.
        await pilot.press("m")
        await wait_until(pilot, lambda: len(screen.shown) == 5)
        assert [r.name for r in screen.shown] == [
            "1-draft",
            "2-ready",
            "4-sent-overdue",
            "5-more-info",
            "6-approved",
        ]
        await pilot.press("m")
        await wait_until(pilot, lambda: len(screen.shown) == 9)
        # The stage filter: sent only.
        screen.status_filter = "sent"
        screen._fill()
        assert [r.name for r in screen.shown] == ["3-sent", "4-sent-overdue"]


@async_test
async def test_changing_the_stage_from_the_table(tmp_path: Path) -> None:
    folder = journey_folder(tmp_path / "d")
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        table = screen.query_one("#drafts-table", DataTable)
        # The ready request passes every check: sending it is allowed at once.
        table.move_cursor(row=[r.name for r in screen.shown].index("2-ready"))
        await pilot.pause()
        await pilot.press("s")
        assert isinstance(app.screen, StatusModal)
        await pilot.press("down", "tab", *"case 31", "enter")  # ready -> sent, with a note
        await wait_until(pilot, lambda: load_record(folder / "2-ready.toml").status == "sent")
        entry = load_record(folder / "2-ready.toml").history[-1]
        assert (entry.at, entry.note, entry.override) == (ANCHOR, "case 31", "")
        await wait_until(pilot, lambda: column(screen, "next_step")["2-ready"].startswith("Wait"))
        # Sent Friday 20 November 15:45: the weekend doesn't count, due Tuesday.
        assert column(screen, "due")["2-ready"] == "Tue 24 Nov 15:45"
        # The draft is blocked: the modal says why, the reason is recorded.
        table.move_cursor(row=[r.name for r in screen.shown].index("1-draft"))
        await pilot.pause()
        await pilot.press("s", "down", "enter")  # draft -> ready
        await wait_until(pilot, lambda: isinstance(app.screen, OverrideModal))
        blockers = str(app.screen.query_one("#override-blockers", Static).render())
        assert "Registration (RDAP): Not looked up yet" in blockers
        assert "Signed authorization message" in blockers
        await pilot.press(*"checked with the registry by phone", "enter")
        await wait_until(pilot, lambda: load_record(folder / "1-draft.toml").status == "ready")
        override = load_record(folder / "1-draft.toml").history[-1].override
        assert override.startswith("checked with the registry by phone (overrode check.")
        assert load_record(folder / "1-draft.toml").status is Status.READY


@pytest.fixture
def journey_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ByoipApp:
    monkeypatch.chdir(tmp_path)  # a relative folder keeps the temp path out of the picture
    journey_folder(Path("drafts"))
    return app_for(Path("drafts"))


def test_journey_table_snapshot(journey_app: ByoipApp, snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        screen = await wait_for_table(pilot)
        for field in screen.query(Input):
            field.cursor_blink = False
        table = screen.query_one("#drafts-table", DataTable)
        table.move_cursor(row=3)  # the overdue request: its checklist below the table
        await pilot.pause()

    assert snap_compare(journey_app, terminal_size=SIZE, run_before=run_before)


@async_test
async def test_the_demo_tells_the_journey_on_any_day(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from byoip.config import load_settings

    today = datetime(2027, 3, 10, 11, 0, tzinfo=UTC)  # long after the samples were written
    real_drafts = load_settings().drafts_dir
    app = ByoipApp(load_settings(), start="demo", clock=lambda: today, offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DemoScreen")
        await pilot.press("j")
        screen = await wait_for_table(pilot)
        assert screen.folder == app.settings.drafts_dir != real_drafts
        steps = column(screen, "next_step")
        assert len(steps) == 9 and all(name.startswith("journey-") for name in steps)
        # Dates moved to today: the story holds (sent yesterday waits, nine days ago is late).
        assert steps["journey-3-sent"] == "Wait for AWS's answer"
        assert steps["journey-4-sent-overdue"] == "Send a reminder"
        assert steps["journey-2-ready"] == "Send the email to AWS"  # lookups still fresh
        sent = load_record(screen.folder / "journey-3-sent.toml").history[-1].at
        assert sent == datetime(2027, 3, 9, 11, 0, tzinfo=UTC)
    assert not real_drafts.exists() or not any(real_drafts.iterdir())
