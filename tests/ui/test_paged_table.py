"""PagedTable: the rows of a DataTable filled with add_rows, a page at a time, drawn alike."""

from __future__ import annotations

import itertools
from functools import partial
from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.widgets import DataTable

from byoip.tui.widgets import paged_table
from byoip.tui.widgets.paged_table import PagedTable
from byoip.tui.widgets.plain_cells import plain_cell_line
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
        # A page at once (rows made up to a first page past the cursor), the rest later.
        assert paged.row_count == paged_table.PAGE
        assert paged.pending == len(rows) - paged_table.PAGE
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


# --------------------------------------------------------------------------- drawing

#: Cells of every kind the drafts table holds, and a few it doesn't (drawn the generic way).
_TEXTS = [
    "",
    "   ",
    "a",
    "draft-00017",
    "exactly8",
    "longer than the column",
    "trailing   ",
    "  lead",
]
_TEXTS += ["東京の範囲", "x東京yz", "e\u0301t\u0301e\u0301", "emoji 🙂 wide", "cut…here"]
_STYLES: list[Any] = ["", "bold red", "dim", "yellow", "bold", Style(italic=True, bgcolor="blue")]
_STYLES += [Style(link="https://example.com/"), Style(meta={"row": -5, "note": "own"})]


def _cells() -> list[Text]:
    """Every text in every style and justification, with one of the overflows."""
    kinds = itertools.product(_TEXTS, _STYLES, (None, "right", "left", "default"))
    return [
        Text(plain, style=style, justify=justify, overflow=(None, "ellipsis", "crop")[index % 3])
        for index, (plain, style, justify) in enumerate(kinds)
    ]


class DrawnTable(App[None]):
    CSS = "PagedTable { height: 30; }"

    def __init__(self, cursor_type: Any, zebra_stripes: bool) -> None:
        super().__init__()
        self.table_options = {"cursor_type": cursor_type, "zebra_stripes": zebra_stripes}

    def compose(self) -> ComposeResult:
        yield PagedTable(id="paged", **self.table_options)

    def on_mount(self) -> None:
        table = self.query_one(PagedTable)
        for key, width in (("a", 8), ("b", 1), ("c", 12), ("d", 3)):
            table.add_column(key, key=key, width=width)


def _drawn(table: PagedTable) -> list[list[Segment]]:
    """Every line on screen as its segments (text and style: what a terminal or SVG shows)."""
    table._clear_caches()
    return [list(strip) for strip in table.render_lines(Region(0, 0, *table.size))]


@pytest.mark.parametrize(
    ("cursor_type", "zebra_stripes"), [("row", True), ("cell", False), ("column", True)]
)
@async_test
async def test_plain_rows_are_drawn_as_the_generic_datatable_draws_them(
    cursor_type: str, zebra_stripes: bool
) -> None:
    cells = _cells()
    rows = [tuple(cells[(i + n) % len(cells)] for n in range(4)) for i in range(len(cells))]
    app = DrawnTable(cursor_type, zebra_stripes)
    async with app.run_test(size=(60, 34)) as pilot:
        table = app.query_one(PagedTable)
        table.show_rows(len(rows), rows.__getitem__, cursor=3)
        await wait_until(pilot, lambda: table.pending == 0, what="every row")
        table.move_cursor(row=3, column=2)
        await pilot.hover(PagedTable, offset=(5, 6))  # a hover row, as well as the cursor's
        await pilot.pause()
        generic = {
            "_render_cell": partial(DataTable._render_cell, table),
            "_render_line_in_row": partial(DataTable._render_line_in_row, table),
            "render_line": partial(DataTable.render_line, table),
        }

        async def compare(what: str) -> None:
            for first in range(0, len(rows), 25):  # every row on screen once
                table.scroll_to(y=first, animate=False)
                await pilot.pause()
                fast = _drawn(table)
                vars(table).update(generic)
                try:
                    assert fast == _drawn(table), f"rows from {first}, {what}"
                finally:
                    for name in generic:
                        delattr(table, name)

        for focused in (True, False):
            if focused:
                table.focus()
            else:
                table.blur()
            await pilot.pause()
            await compare(f"focused {focused}")
        # Other rows at the places drawn before (a filter key): the styles the table kept
        # for those places (PlainTable._cell_styles) still draw what DataTable draws.
        table.focus()
        others = rows[7:] + rows[:7]
        table.show_rows(len(others), others.__getitem__, cursor=1)
        await wait_until(pilot, lambda: table.pending == 0, what="the other rows")
        await compare("after a new fill")
        table.zebra_stripes = not zebra_stripes  # the rows' own look changes at every place
        await pilot.pause()
        await compare("zebra stripes switched")


def test_plain_cells_take_the_direct_way() -> None:
    # The comparison above would pass if every cell went the generic way: the cells the
    # drafts table holds must not.
    style = Style(bold=True)
    for text in (Text("draft-00017"), Text("0", style="bold red", justify="right")):
        assert plain_cell_line(text, 12, 1, style, Style.null(), Style.parse) is not None
    for text in (Text("a\tb"), Text("two\nlines"), Text("mid", justify="center")):
        assert plain_cell_line(text, 12, 1, style, Style.null(), Style.parse) is None
    spans = Text("a")
    spans.append("b", style="bold")
    assert plain_cell_line(spans, 12, 1, style, Style.null(), Style.parse) is None


@async_test
async def test_rows_hold_their_cells_through_every_datatable_change() -> None:
    # Rows keep their cells in their tuple (RowCells): DataTable's own changes to a row's
    # cells (update, a column added or removed, sorting, a row removed) work as on a dict.
    app = TwoTables()
    async with app.run_test(size=(60, 20)) as pilot:
        paged = app.query_one("#paged", PagedTable)
        plain = app.query_one("#plain", DataTable)
        rows = _rows(30)
        plain.add_rows(rows)
        paged.show_rows(len(rows), rows.__getitem__)
        await pilot.pause()
        for table in (paged, plain):
            table.update_cell_at(Coordinate(4, 1), Text("changed"))
            table.add_column("d", key="d", width=4, default=Text("-"))
            table.sort("c", "a", key=lambda cells: [str(cell) for cell in cells], reverse=True)
            table.remove_row(table.coordinate_to_cell_key(Coordinate(2, 0)).row_key)
            table.remove_column("b")
            table.sort(key=lambda cells: [str(cell) for cell in cells])  # every cell of a row
        await pilot.pause()
        assert _content(paged) == _content(plain)
        assert [str(c) for c in paged.get_column("d")] == [str(c) for c in plain.get_column("d")]
        assert "changed" not in str(_content(paged))  # column b is gone, with the change
        paged.update_cell_at(Coordinate(0, 0), Text("first"))
        assert str(paged.get_cell_at(Coordinate(0, 0))) == "first"
        with pytest.raises(ValueError):  # as add_row: a row must fill every column
            paged.show_rows(1, lambda _index: (Text("too few"),))


@async_test
async def test_rows_of_later_pages_are_made_only_when_read() -> None:
    app = TwoTables()
    async with app.run_test(size=(60, 20)) as pilot:
        paged = app.query_one("#paged", PagedTable)
        rows = _rows(2 * paged_table.PAGE)
        made: list[int] = []

        def cells(index: int) -> tuple[Text, ...]:
            made.append(index)
            return rows[index]

        paged.show_rows(len(rows), cells)
        await wait_until(pilot, lambda: paged.pending == 0, what="every page")
        await pilot.pause()
        # The first page now; of the others, none yet (nothing on screen needs them).
        assert sorted(made) == list(range(paged_table.FIRST_PAGE))
        last = len(rows) - 1
        assert [str(c) for c in paged.get_row_at(last)] == [str(c) for c in rows[last]]
        assert made[-1] == last and made.count(last) == 1  # made once, when read
        paged.move_cursor(row=last)  # on screen: drawn from the rows made then
        await pilot.pause()
        assert paged.cursor_row == last and len(made) < paged_table.FIRST_PAGE + 40
        assert _content(paged) == [[str(cell) for cell in row] for row in rows]
