"""The drafts table, driven by keyboard through Pilot."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, Input, Static

from byoip.record import Status, load_record, save_record
from byoip.screens.drafts import DraftsScreen
from byoip.screens.drafts_modals import ConfirmModal, OverrideModal, StatusModal, SummaryModal
from byoip.screens.wizard import WizardScreen
from byoip.tui.app import ByoipApp
from tests.support.drafts_support import (
    FIXED_NOW,
    async_test,
    make_record,
    review_folder,
    settings_for,
    wait_for_table,
    wait_until,
    write_records,
)

SIZE = (130, 34)


def drafts_app(folder: Path) -> ByoipApp:
    return ByoipApp(settings_for(folder), start="drafts", clock=lambda: FIXED_NOW)


def names(screen: DraftsScreen) -> list[str]:
    return [row.name for row in screen.shown]


def table_column(screen: DraftsScreen, key: str) -> list[str]:
    table = screen.query_one("#drafts-table", DataTable)
    return [str(cell) for cell in table.get_column(key)]


def detail(screen: DraftsScreen) -> str:
    return str(screen.query_one("#drafts-detail").render())


async def select(pilot, screen: DraftsScreen, name: str) -> None:  # type: ignore[no-untyped-def]
    table = screen.query_one("#drafts-table", DataTable)
    table.move_cursor(row=names(screen).index(name))
    await pilot.pause()


def summary_shown(app) -> bool:  # type: ignore[no-untyped-def]
    """The summary dialog is on top with its text composed (pushing it comes first)."""
    return isinstance(app.screen, SummaryModal) and bool(app.screen.query("#summary-text"))


@async_test
async def test_table_lists_every_file_sorted_by_name(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        assert names(screen) == ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"]
        # The table shows what the rows say (errors include the cross-draft rule).
        assert table_column(screen, "errors") == ["1", "0", "1", "0", "1", "1", "1"]
        assert table_column(screen, "status")[3] == "ready"
        assert table_column(screen, "updated")[0] == "2026-11-02 09:01"
        assert "7 of 7 files shown; 2 can't be read" in str(
            screen.query_one("#drafts-count").render()
        )
        assert app.focused is screen.query_one("#drafts-table")


@async_test
async def test_sort_by_any_column_with_number_keys(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        await pilot.press("2")  # range
        assert [r for r in table_column(screen, "ip_range") if r][:2] == [
            "10.0.0.0/24",
            "91.214.37.0/24",
        ]
        await pilot.press("2")  # again: reversed
        assert table_column(screen, "ip_range")[0] == "199.188.0.0/22"
        await pilot.press("3")  # stage, in the journey's order: ready after draft, damaged first
        assert table_column(screen, "status")[:2] == ["damaged", "damaged"]
        assert table_column(screen, "status")[-1] == "ready"
        await pilot.press("minus")
        assert table_column(screen, "status")[0] == "ready"
        labels = [str(c.label) for c in screen.query_one(DataTable).ordered_columns]
        assert labels[2] == "3 Stage ▼" and labels[0] == "1 Name  "


@async_test
async def test_filter_by_text_and_status(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        await pilot.press("slash")
        assert app.focused is screen.query_one("#drafts-filter", Input)
        await pilot.press(*"eu-central")
        await wait_until(pilot, lambda: names(screen) == ["bravo", "charlie"])
        await pilot.press("enter")  # back to the table
        assert app.focused is screen.query_one("#drafts-table")
        screen.query_one("#drafts-filter", Input).value = ""
        await wait_until(pilot, lambda: len(names(screen)) == 7)
        await pilot.press("t")  # status filter: draft
        await wait_until(pilot, lambda: "delta" not in names(screen))
        assert screen.status_filter == "draft"
        await pilot.press("t")  # ready
        await wait_until(pilot, lambda: names(screen) == ["delta"])
        for _ in range(7):  # sent, more-info, approved, in-use, rejected, withdrawn, damaged
            await pilot.press("t")
        await wait_until(pilot, lambda: names(screen) == ["foxtrot", "golf"])
        await pilot.press("t")  # all again
        await wait_until(pilot, lambda: len(names(screen)) == 7)


@async_test
async def test_change_status_writes_a_dated_history_entry(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        await select(pilot, screen, "bravo")
        await pilot.press("s")
        assert isinstance(app.screen, StatusModal)
        await pilot.press("down", "down", "enter")  # draft -> ready -> sent
        # Nothing was looked up and "ready" is skipped: the move is blocked, and says why.
        await wait_until(pilot, lambda: isinstance(app.screen, OverrideModal))
        blockers = str(app.screen.query_one("#override-blockers", Static).render())
        assert "draft is not followed by sent" in blockers and "Registration (RDAP)" in blockers
        await pilot.press("enter")  # an empty reason is refused
        assert isinstance(app.screen, OverrideModal)
        await pilot.press(*"mailed by hand", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await wait_until(pilot, lambda: table_column(screen, "status")[1] == "sent")
        record = load_record(tmp_path / "d" / "bravo.toml")
        assert record.status is Status.SENT
        assert (record.history[-1].status, record.history[-1].at) == (Status.SENT, FIXED_NOW)
        assert record.history[-1].override.startswith("mailed by hand (overrode stage.skipped")
        assert screen.highlighted_row().name == "bravo"
        # With a note: Tab to the note field, type, Enter takes the highlighted status.
        await pilot.press("s", "down", "tab", *"case 42", "enter")  # sent -> more-info
        await wait_until(
            pilot, lambda: load_record(tmp_path / "d" / "bravo.toml").status == "more-info"
        )
        record = load_record(tmp_path / "d" / "bravo.toml")
        assert record.history[-1].note == "case 42" and record.history[-1].override == ""
        # Esc on a blocked move leaves the request where it is.
        await pilot.press("s", "up", "up", "enter")  # more-info -> ready: blocked
        await wait_until(pilot, lambda: isinstance(app.screen, OverrideModal))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert load_record(tmp_path / "d" / "bravo.toml").status == "more-info"
        # Escape leaves everything as it was.
        await pilot.press("s")
        await pilot.press("escape")
        assert load_record(tmp_path / "d" / "bravo.toml") == record


@async_test
async def test_an_outside_edit_is_noticed_not_overwritten(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    path = tmp_path / "d" / "bravo.toml"
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        await select(pilot, screen, "bravo")
        loaded_mtime = screen.highlighted_row().mtime
        # Someone edits the file in another editor while the table is open.
        save_record(path, make_record("91.214.37.0/24", region="eu-west-2", minutes=40))
        os.utime(path, ns=(loaded_mtime + 10**9, loaded_mtime + 10**9))
        outside = path.read_bytes()
        await pilot.press("s", "down", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert path.read_bytes() == outside
        messages = [str(n.message) for n in app._notifications]
        assert any("changed outside the app" in m for m in messages)
        # The table was reloaded: it shows the outside edit, and a second try works.
        await wait_until(pilot, lambda: screen.highlighted_row().region == "eu-west-2")
        await pilot.press("s", "down", "enter")  # draft -> ready: re-checked, blocked
        await wait_until(pilot, lambda: isinstance(app.screen, OverrideModal))
        await pilot.press(*"looked up by hand", "enter")
        await wait_until(pilot, lambda: load_record(path).status is Status.READY)


@async_test
async def test_damaged_file_is_shown_with_its_reason_and_never_opened(tmp_path: Path) -> None:
    paths = review_folder(tmp_path / "d")
    damaged = tmp_path / "d" / "foxtrot.toml"
    content = damaged.read_bytes()
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        await select(pilot, screen, "foxtrot")
        text = detail(screen)
        assert str(damaged) in text
        assert "Can't be read: line 2: not valid TOML" in text
        await pilot.press("enter")
        assert app.screen is screen  # not opened in the wizard
        await pilot.press("s")
        assert app.screen is screen  # no status change for a file that can't be read
        assert damaged.read_bytes() == content
    assert all(p.exists() for p in paths)


@async_test
async def test_delete_asks_first_then_moves_to_the_trash(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    path = tmp_path / "d" / "charlie.toml"
    content = path.read_bytes()
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        await select(pilot, screen, "charlie")
        await pilot.press("delete")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("enter")  # the focused button is "No"
        assert app.screen is screen and path.exists()
        await pilot.press("x")
        await pilot.press("y")
        await wait_until(pilot, lambda: "charlie" not in names(screen))
        assert not path.exists()
        assert (tmp_path / "d" / ".trash" / "charlie.toml").read_bytes() == content
        # The other half of the two-Regions pair is clean now.
        assert table_column(screen, "errors")[0] == "0"


@async_test
async def test_duplicate_and_open_in_the_wizard(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        await select(pilot, screen, "delta")
        await pilot.press("d")
        await wait_until(pilot, lambda: len(names(screen)) == 8)
        copy = screen.highlighted_row()
        assert copy.path != tmp_path / "d" / "delta.toml" and copy.status == "draft"
        assert load_record(copy.path).created == FIXED_NOW
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        assert app.screen.session.path == copy.path
        assert app.screen.session.request.ip_range == "199.188.0.0/22"
        # Saved in the wizard (here: on disk), then back: the table reads the folder again.
        save_record(copy.path, make_record("199.188.0.0/22", region="eu-north-1", minutes=50))
        app.pop_screen()
        await wait_until(pilot, lambda: screen.highlighted_row().region == "eu-north-1")
        assert screen.highlighted_row().path == copy.path


@async_test
async def test_recheck_shows_a_summary_of_what_changed(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        write_records(tmp_path / "d", [("hotel", make_record("185.54.122.0/24", minutes=9))])
        (tmp_path / "d" / "echo.toml").unlink()
        await pilot.press("r")
        await wait_until(pilot, lambda: bool(summary_shown(app)))
        summary = str(app.screen.query_one("#summary-text").render())
        assert "Re-checked 7 files" in summary
        assert "hotel: new file (0 errors, 0 warnings)" in summary
        assert "echo: no longer in the folder" in summary
        await pilot.press("escape")
        assert app.screen is screen and "hotel" in names(screen)


@async_test
async def test_untrusted_text_is_shown_literally(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    write_records(
        folder,
        [("[red]x[bold]", make_record("185.54.121.0/24", registry="[b]RIPE[/b] NCC"))],
    )
    app = drafts_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        table = screen.query_one("#drafts-table", DataTable)
        cells = table.get_row_at(0)
        assert all(isinstance(cell, Text) for cell in cells)
        assert cells[0].plain == "[red]x[bold]" and cells[9].plain == "[b]RIPE[/b] NCC"
        assert "[red]x[bold].toml" in detail(screen)


@async_test
async def test_recheck_with_fresh_lookups_uses_the_apps_lookups(tmp_path: Path) -> None:
    from byoip.demo import recorded_fetcher, recorded_resolver
    from tests.support.paths import SAMPLES_DIR

    folder = tmp_path / "d"
    folder.mkdir()
    sample = folder / "person.toml"
    sample.write_bytes((SAMPLES_DIR / "20-rdap-person-registrant.toml").read_bytes())
    app = drafts_app(folder)
    app.rdap_fetcher = recorded_fetcher()
    app.dns_resolver = recorded_resolver(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        assert table_column(screen, "errors") == ["0"]
        await pilot.press("R")
        await wait_until(pilot, lambda: bool(summary_shown(app)), timeout=20)
        summary = str(app.screen.query_one("#summary-text").render())
        assert "Fresh lookups run for 1 record(s)." in summary
        assert "new rdap.registrant_person" in summary
        await pilot.press("escape")
        assert table_column(screen, "errors")[0] != "0"
    assert load_record(sample).rdap["registrant_kind"] == "person"
    assert any("23.150.164.0" in url for url in app.rdap_fetcher.requests)


@async_test
async def test_an_empty_or_missing_folder_says_so(tmp_path: Path) -> None:
    app = drafts_app(tmp_path / "nothing-here")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        assert "No drafts in" in str(screen.query_one("#drafts-count").render())
        await pilot.press("s", "d", "x", "enter")  # nothing selected: a message, no crash
        assert app.screen is screen
    assert not (tmp_path / "nothing-here").exists()


@async_test
async def test_a_long_detail_scrolls_instead_of_losing_lines(tmp_path: Path) -> None:
    """Every finding of a draft with many can be reached under the table (a fixed-height
    Static cut the text after five lines); a short detail needs no scrolling."""
    bad = make_record("10.0.0.7/25", account_id="12", region="mars-1", registry="FOO")
    write_records(tmp_path / "d", [("many", bad), ("zulu", make_record("185.54.121.0/24"))])
    app = drafts_app(tmp_path / "d")
    async with app.run_test(size=SIZE) as pilot:
        screen = await wait_for_table(pilot)
        await pilot.pause()
        pane = screen.query_one("#drafts-detail-pane")
        text = screen.query_one("#drafts-detail", Static)
        lines = detail(screen).splitlines()
        assert len(lines) > pane.scrollable_content_region.height
        assert text.size.height >= len(lines) and pane.max_scroll_y > 0
        pane.scroll_end(animate=False)
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y > 0
        await select(pilot, screen, "zulu")
        await pilot.pause()
        assert "zulu" in detail(screen) and pane.scroll_y == 0  # a new row starts at its top
        await select(pilot, screen, "many")
        await pilot.pause()
        assert text.size.height >= len(lines) and pane.scroll_y == 0
