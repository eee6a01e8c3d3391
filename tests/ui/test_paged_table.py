"""PagedTable: the same rows as a DataTable filled with add_rows, a page at a time."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from byoip.tui.widgets import paged_table
from byoip.tui.widgets.paged_table import PagedTable
from tests.support.drafts_support import async_test, wait_until


def _rows(count: int) -> list[tuple[Text, ...]]:
    return [(Text(f"row {i}"), Text(str(i * 7)), Text("x" * (i % 5))) for i in range(count)]


class TwoTables(App[None]):
    CSS = "DataTable { height: 8; }"  # a fixed size, as in the drafts screen: no resizes

    def compose(self) -> ComposeResult:
        yield PagedTable(id="paged")
        yield DataTable(id="plain")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            for key in ("a", "b", "c"):
                table.add_column(key, key=key, width=8)


def _content(table: DataTable[Any]) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


@async_test
async def test_pages_hold_what_add_rows_holds() -> None:
    rows = _rows(2 * paged_table.PAGE + 17)
    app = TwoTables()
    async with app.run_test(size=(60, 20)) as pilot:
        paged = app.query_one("#paged", PagedTable)
        plain = app.query_one("#plain", DataTable)
        plain.add_rows(rows)
        paged.show_rows(len(rows), rows.__getitem__, cursor=5)
        # The cursor's first page (a first page past the cursor) at once, the rest later.
        assert paged.row_count == paged_table.FIRST_PAGE + 5
        assert paged.pending == len(rows) - paged_table.FIRST_PAGE - 5
        drawn = paged._update_count
        await wait_until(pilot, lambda: paged.pending == 0, what="every page")
        await pilot.pause()
        # Pages below the first keep the rows drawn (the table's caches go by this count).
        assert paged._update_count == drawn
        assert _content(paged) == _content(plain)
        assert paged.cursor_row == 5
        assert paged.virtual_size.height == plain.virtual_size.height
        # The cursor moves over every row, as in any DataTable.
        paged.focus()
        await pilot.press("ctrl+end")
        assert paged.cursor_row == len(rows) - 1


@async_test
async def test_a_newer_fill_drops_the_pages_of_the_older_one() -> None:
    app = TwoTables()
    async with app.run_test(size=(60, 20)) as pilot:
        paged = app.query_one("#paged", PagedTable)
        many = _rows(3 * paged_table.PAGE)
        paged.show_rows(len(many), many.__getitem__)
        few = _rows(3)
        paged.show_rows(len(few), few.__getitem__)
        await pilot.pause(0.05)
        assert paged.pending == 0
        assert _content(paged) == [[str(cell) for cell in row] for row in few]


@async_test
async def test_the_same_rows_again_are_not_put_in_again() -> None:
    app = TwoTables()
    async with app.run_test(size=(60, 20)) as pilot:
        paged = app.query_one("#paged", PagedTable)
        rows = _rows(50)
        paged.show_rows(len(rows), rows.__getitem__, same_as=list(rows))
        await pilot.pause()
        drawn = paged._update_count
        paged.show_rows(len(rows), rows.__getitem__, cursor=7, same_as=list(rows))
        assert paged._update_count == drawn and paged.cursor_row == 7  # only the cursor moved
        fewer = rows[:10]
        paged.show_rows(len(fewer), fewer.__getitem__, same_as=list(fewer))
        assert paged.row_count == 10
        paged.clear()  # whatever clears the table, the next fill puts its rows in
        paged.show_rows(len(fewer), fewer.__getitem__, same_as=list(fewer))
        assert paged.row_count == 10


@async_test
async def test_rows_that_extend_those_shown_go_in_below() -> None:
    # A folder shown while it is read: each report begins with the rows shown before.
    app = TwoTables()
    async with app.run_test(size=(60, 20)) as pilot:
        paged = app.query_one("#paged", PagedTable)
        rows = _rows(paged_table.FIRST_PAGE + 40)
        first = rows[:30]
        paged.show_rows(len(first), first.__getitem__, same_as=list(first))
        await pilot.pause()
        drawn = paged._update_count
        paged.show_rows(len(rows), rows.__getitem__, cursor=3, same_as=list(rows))
        await wait_until(pilot, lambda: paged.pending == 0, what="the rest")
        assert paged._update_count == drawn  # the rows on screen were not put in again
        assert _content(paged) == [[str(cell) for cell in row] for row in rows]
        assert paged.cursor_row == 3
        other = list(reversed(rows))  # not an extension: every row goes in again
        paged.show_rows(len(other), other.__getitem__, same_as=other)
        await wait_until(pilot, lambda: paged.pending == 0, what="the new rows")
        assert _content(paged) == [[str(cell) for cell in row] for row in other]
