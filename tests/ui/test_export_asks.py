"""Export with unmet requirements asks first, writes on yes, and writes nothing on no (issue 18)."""

from __future__ import annotations

from pathlib import Path

from byoip.config import load_settings
from byoip.screens.export import ExportQuestion, ExportScreen, FolderPrompt
from byoip.tui.widgets.panels import plain_text
from tests.support.wizard_support import async_test, make_app, type_text, wait_until


def _app_in(folder: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """A new-request app whose offered export folder (the working folder) is ``folder``."""
    monkeypatch.chdir(folder)
    return make_app(load_settings(), offer_resume=False)


async def _open_export(pilot, app) -> ExportScreen:  # type: ignore[no-untyped-def]
    await type_text(pilot, "123456789012")
    await pilot.press("ctrl+o")
    await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))
    return app.screen


@async_test
async def test_export_with_unmet_requirements_asks_then_writes_on_yes(
    tmp_path: Path, monkeypatch
) -> None:
    app = _app_in(tmp_path, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        export = await _open_export(pilot, app)
        # Said at the top before anything is asked.
        banner = str(export.query_one("#export-readiness").render())
        assert "Not ready to send" in banner

        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportQuestion))
        question = app.screen
        listed = plain_text(question.query_one("#question-items").content, width=200)
        # What is unmet (no Region, no use case …) and what is not known (proof) is named.
        assert "✖ AWS Region: Enter the AWS Region" in listed
        assert "? Proof of ownership: Sign the authorization message" in listed
        assert not list(tmp_path.glob("*.toml"))  # nothing written while asking

        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, FolderPrompt))
        await pilot.press("enter")  # the offered folder: the working folder
        await wait_until(pilot, lambda: bool(export.written))
    assert sorted(p.suffix for p in tmp_path.iterdir() if p.is_file()) == [".eml", ".toml", ".txt"]


@async_test
async def test_export_cancelled_at_the_question_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    app = _app_in(tmp_path, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        export = await _open_export(pilot, app)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportQuestion))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is export)
        assert "Nothing exported" in str(export.query_one("#export-status").render())
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportQuestion))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is export)
        assert export.written == []
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".toml", ".eml", ".txt")]


@async_test
async def test_at_80x24_the_question_scrolls_its_list_and_keeps_its_buttons_in_view(
    tmp_path: Path, monkeypatch
) -> None:
    app = _app_in(tmp_path, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_export(pilot, app)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportQuestion))
        await pilot.pause()
        question = app.screen
        for button in ("#question-yes", "#question-no"):
            region = question.query_one(button).region
            assert region.height > 0 and region.bottom <= 24, (button, region)
        assert question.query_one("#question-list").max_scroll_y > 0  # the rest scrolls
