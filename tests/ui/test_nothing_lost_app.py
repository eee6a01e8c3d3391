"""Nothing typed gets lost, in the app: refused saves, quitting, resuming, temp files."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

from textual.widgets import Button

from byoip import autosave
from byoip.atomic import STALE_TEMP_AGE
from byoip.config import load_settings
from byoip.record import Record, load_record, save_record
from byoip.request import Request
from byoip.screens.wizard import WizardScreen
from byoip.screens.wizard_resume import ResumeScreen
from byoip.screens.wizard_save import ConflictScreen, DifferenceScreen, QuitScreen
from byoip.store import DraftStore
from tests.support.crash import crash_a_window
from tests.support.wizard_support import FIXED_NOW, async_test, make_app, type_text, wait_until

REQUEST = Request("123456789012", "eu-west-1", "Receipts for our SaaS, 2M a month.", "", "")


def shared_draft(folder: Path) -> Path:
    path = folder / "shared.toml"
    save_record(path, Record.new(REQUEST, now=FIXED_NOW))
    return path


def text_of(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector).render())


def shown(app, kind: type, selector: str) -> bool:  # type: ignore[no-untyped-def]
    """``kind`` is on top with ``selector`` composed (pushing a screen comes first)."""
    return isinstance(app.screen, kind) and bool(app.screen.query(selector))


@async_test
async def test_a_refused_save_offers_a_new_draft_and_the_difference() -> None:
    settings = load_settings()
    path = shared_draft(settings.drafts_dir)
    app = make_app(settings, open_path=path)
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        wizard.go_to("region")
        await pilot.pause()
        await pilot.press("ctrl+u")  # clear the field, as a person would
        await type_text(pilot, "eu-west-2")
        # Another window saves the same draft meanwhile.
        other = replace(load_record(path), request=replace(REQUEST, region="us-east-1"))
        time.sleep(0.01)
        save_record(path, other)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: shown(app, ConflictScreen, "#conflict-message"))
        message = text_of(app.screen, "#conflict-message")
        kept = [a for a in autosave.find(settings.drafts_dir) if a.path.name in message]
        assert kept and kept[0].record.request.region == "eu-west-2"  # the promise holds
        labels = [str(b.label) for b in app.screen.query(Button)]
        assert "Save as a new draft" in labels and "Show the difference" in labels

        await pilot.click("#show-difference")
        await wait_until(pilot, lambda: shown(app, DifferenceScreen, "#difference-text"))
        difference = text_of(app.screen, "#difference-text")
        assert '-region = "us-east-1"' in difference and '+region = "eu-west-2"' in difference
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is wizard)

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: shown(app, ConflictScreen, "#save-new"))
        await pilot.click("#save-new")
        await wait_until(pilot, lambda: len(DraftStore(settings.drafts_dir).paths()) == 2)
        assert wizard.session.path != path and not wizard.session.dirty
    assert load_record(path).request.region == "us-east-1"  # the other window's save stays


@async_test
async def test_quitting_with_unsaved_work_asks_and_says_where_it_is() -> None:
    settings = load_settings()
    app = make_app(settings, offer_resume=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await type_text(pilot, "123456789012")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: shown(app, QuitScreen, "#quit-notes"))
        notes = text_of(app.screen, "#quit-notes")
        kept = autosave.find(settings.drafts_dir)
        assert len(kept) == 1 and str(kept[0].path) in notes
        await pilot.press("escape")  # keep editing
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: shown(app, QuitScreen, "#quit-notes"))
        await pilot.click("#quit-yes")
        await wait_until(pilot, lambda: not app.is_running, what="the app to quit")


@async_test
async def test_quitting_after_a_failed_save_asks(tmp_path: Path) -> None:
    blocker = tmp_path / "drafts"
    blocker.write_text("a file where the drafts folder should be: every save fails")
    app = make_app(load_settings().with_overrides(drafts_dir=blocker), offer_resume=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await type_text(pilot, "123456789012")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: shown(app, QuitScreen, "#quit-notes"))
        notes = text_of(app.screen, "#quit-notes")
        assert "the last save failed" in notes and "NOT kept" in notes
        assert app.is_running


@async_test
async def test_saved_work_quits_at_once() -> None:
    settings = load_settings()
    app = make_app(settings, offer_resume=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await type_text(pilot, "123456789012")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(DraftStore(settings.drafts_dir).paths()))
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running, what="the app to quit")


@async_test
async def test_resuming_after_a_crash_saves_back_to_the_draft() -> None:
    settings = load_settings()
    path = shared_draft(settings.drafts_dir)
    crash_a_window(path)
    app = make_app(settings)
    async with app.run_test(size=(100, 32)) as pilot:
        # The screen is pushed before its children are mounted: wait for the summary itself.
        await wait_until(
            pilot,
            lambda: (
                isinstance(app.screen, ResumeScreen)
                and bool(app.screen.query("#resume-summary"))
                and bool(app.screen.query("#resume"))
            ),
            what="the resume dialog",
        )
        assert "shared.toml" in text_of(app.screen, "#resume-summary")
        await pilot.press("enter")  # "Resume" has the focus
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        assert app.screen.session.request.region == "eu-north-1"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not app.screen.session.dirty, what="the save")
    assert DraftStore(settings.drafts_dir).paths() == [path]
    assert load_record(path).request.region == "eu-north-1"
    assert autosave.find(settings.drafts_dir) == []


@async_test
async def test_temp_files_a_crash_left_are_removed_on_the_next_start() -> None:
    settings = load_settings()
    folder = Path(settings.drafts_dir)
    folder.mkdir(parents=True, exist_ok=True)
    left_over = folder / ".shared.toml.x8y7z6w5.tmp"
    left_over.write_text("half a record")
    old = time.time() - STALE_TEMP_AGE - 60
    os.utime(left_over, (old, old))
    app = make_app(settings, offer_resume=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_until(pilot, lambda: not left_over.exists(), what="the clean-up")
        await wait_until(
            pilot,
            lambda: any(".shared.toml.x8y7z6w5.tmp" in n.message for n in app._notifications),
            what="the note saying what was removed",
        )
