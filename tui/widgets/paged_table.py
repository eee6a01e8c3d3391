"""A DataTable that takes thousands of rows without holding up a keystroke.

Three costs of a plain ``DataTable`` grow with the rows and land on the UI's
event loop at once: every cell of every new row is measured (even for columns
of fixed width, where the measure is thrown away), ``add_row`` does its
bookkeeping (a reactive cursor update, an idle check) once per row, and
``add_rows`` adds them all in one go.  With every column of fixed width and
rows of one line, ``PagedTable`` measures nothing, adds a page of rows with
the bookkeeping done once, and ``show_rows`` puts the first page in at once
and the rest a page per turn of the event loop, so that keys typed meanwhile
are handled between pages; a newer ``show_rows`` drops the pages still to come.
Only the rows drawn (or read) have their cells made.

The page insert writes the table's own row maps, as ``DataTable.add_row``
does, with each row's cells left in their tuple (``RowCells``) rather than a dict
per row; a change of the number of rows that keeps the scroll bars needs no layout
of the screen (``_resize_quietly``); rows are drawn by ``PlainTable``.  textual is
pinned exactly (pyproject.toml), and tests check that the table holds and shows
the same rows as a DataTable after ``add_rows``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from typing import Any

from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable
from textual.widgets._data_table import ColumnKey, Row, RowKey

from byoip.heap import collector_paused
from byoip.tui.widgets.plain_table import PlainTable

#: Rows added per turn of the event loop.  A page added below the rows already in
#: keeps the table's caches (keyed by its update count), so the rows on screen are not
#: drawn again.
PAGE = 2000
#: Rows after the cursor's row whose cells are made at once: a screenful and more, so
#: that the person sees and moves through rows while the others go in.
FIRST_PAGE = 200

CellsFor = Callable[[int], tuple[Any, ...]]


class RowCells(MutableMapping[ColumnKey, Any]):
    """One row's cells by column key, read from the row's own tuple.

    ``DataTable`` keeps a dict per row; building it hashes every column key of every
    row (a Python-level hash), while only the rows on screen are ever read.  A row
    of a later page is made (``cells_for(index)``) only when first read: drawn, sorted,
    looked up.  Written to (``update_cell``, a column added or removed) the row gets
    its own dict.
    """

    __slots__ = ("_cells", "_cells_for", "_columns", "_index", "_own")

    def __init__(
        self,
        cells: tuple[Any, ...] | None,
        columns: dict[ColumnKey, int],
        cells_for: CellsFor | None = None,
        index: int = 0,
    ) -> None:
        self._cells = cells
        #: Column key -> place in ``cells``; shared by a page of rows, never changed.
        self._columns = columns
        self._cells_for, self._index = cells_for, index
        self._own: dict[ColumnKey, Any] | None = None

    @property
    def cells(self) -> tuple[Any, ...]:
        if self._cells is None:
            self._cells = _checked(self._cells_for(self._index), self._columns)  # type: ignore[misc]
            self._cells_for = None
        return self._cells

    def __getitem__(self, key: ColumnKey) -> Any:
        if self._own is not None:
            return self._own[key]
        return self.cells[self._columns[key]]

    def _owned(self) -> dict[ColumnKey, Any]:
        if self._own is None:
            self._own = dict(zip(self._columns, self.cells, strict=True))
        return self._own

    def __setitem__(self, key: ColumnKey, value: Any) -> None:
        self._owned()[key] = value

    def __delitem__(self, key: ColumnKey) -> None:
        del self._owned()[key]

    def __iter__(self) -> Iterator[ColumnKey]:
        return iter(self._own if self._own is not None else self._columns)

    def __len__(self) -> int:
        return len(self._own if self._own is not None else self._columns)


def _checked(cells: tuple[Any, ...], columns: dict[ColumnKey, int]) -> tuple[Any, ...]:
    if len(cells) != len(columns):  # as DataTable.add_row: a row fills every column
        raise ValueError(f"{len(cells)} cells for {len(columns)} columns")
    return cells


class PagedTable(PlainTable):
    """A DataTable filled a page at a time; columns of fixed width are never re-measured."""

    class Filled(Message):
        """Every row of the last ``show_rows`` is in the table."""

        def __init__(self, table: PagedTable) -> None:
            super().__init__()
            self.table = table

        @property
        def control(self) -> PagedTable:
            return self.table

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._generation = 0
        #: Rows of the last ``show_rows`` not yet in the table.
        self.pending = 0
        self._showing: list[Any] | None = None

    def show_rows(
        self,
        count: int,
        cells: CellsFor,
        cursor: int | None = None,
        same_as: list[Any] | None = None,
    ) -> None:
        """Replace every row with ``count`` rows (``cells(i)``: the cells of row ``i``).

        The rows up to the cursor's page go in now, the others later; ``pending``
        counts those still to come and ``Filled`` is posted when there are none.
        ``same_as``: what the rows stand for; when it is what the table already
        shows (a filter key that keeps the same rows), only the cursor moves.
        """
        if same_as is not None and same_as == self._showing and not self.pending:
            if cursor is not None and 0 <= cursor < count:
                self.move_cursor(row=cursor, animate=False)
            self.post_message(self.Filled(self))
            return
        if self._extends(same_as):
            # The rows in the table begin the new ones (a folder shown as it is read):
            # only the rest goes in, below, without drawing the rows on screen again.
            self._generation += 1
            self._showing = same_as
            start = self.row_count
            self.pending = count - start
            if cursor is not None and 0 <= cursor < start:
                self.move_cursor(row=cursor, animate=False)
            if self.pending:
                self._next_page(self._generation, start, count, cells)
            else:
                self.post_message(self.Filled(self))
            return
        self._generation += 1
        self.clear()
        self._showing = same_as
        # Rows up to the cursor's first page are made now (they are drawn at once); a
        # whole page goes in, so that a table of up to PAGE rows is filled, sized and
        # painted once (the others' cells are made when first read: see RowCells).
        first = min(count, max((cursor or 0) + FIRST_PAGE, PAGE))
        self._add_page(cells, 0, first, made=(cursor or 0) + FIRST_PAGE)
        self.pending = count - first
        if cursor is not None and 0 <= cursor < first:
            self.move_cursor(row=cursor, animate=False)
        if self.pending:
            self._next_page(self._generation, first, count, cells)
        else:
            self.post_message(self.Filled(self))

    def _extends(self, rows: list[Any] | None) -> bool:
        """Whether ``rows`` begins with every row the table shows or is putting in."""
        shown = self._showing
        if rows is None or shown is None or not self.row_count or len(rows) <= len(shown):
            return False
        return rows[: len(shown)] == shown

    def clear(self, columns: bool = False) -> PagedTable:
        self._showing = None  # whatever was shown is gone
        # DataTable.clear works out every row's offset (to empty that list): with no rows
        # left first, there is nothing to work out.
        self.rows.clear()
        super().clear(columns)
        return self

    def _next_page(self, generation: int, start: int, count: int, cells: CellsFor) -> None:
        def add() -> None:
            if generation != self._generation:
                return  # a newer fill replaced these rows
            end = min(count, start + PAGE)
            self._add_page(cells, start, end, below=True)
            self.pending = count - end
            if self.pending:
                self._next_page(generation, end, count, cells)
            else:
                self.post_message(self.Filled(self))

        # A timer, not call_later: keys and repaints waiting in the queue go first.
        self.set_timer(0.001, add)

    def _fixed_widths(self) -> bool:
        return bool(self.columns) and not any(c.auto_width for c in self.columns.values())

    def _add_page(
        self, cells: CellsFor, start: int, end: int, below: bool = False, made: int = 0
    ) -> None:
        """``add_rows`` of rows ``start`` to ``end``, the per-row bookkeeping done once.

        ``below``: the rows go under the ones already in, which stay as they are: the
        table's caches of drawn rows are kept (only its row offsets are worked out
        again).  The cells of rows before ``made`` are made now, the others' when first
        read (``RowCells``).
        """
        # A page is a burst of objects (a key, a row and its cells per row) that live until
        # the next fill: the cycle collector is held meanwhile (byoip/heap.py).  Left to
        # it, a filter key at 2,000 drafts spent a quarter of its CPU in collections,
        # full ones among them, walking every row and widget of the app.
        with collector_paused():
            self._add_rows_of_page(cells, start, end, below, made)

    def _add_rows_of_page(
        self, cells: CellsFor, start: int, end: int, below: bool, made: int
    ) -> None:
        if not self._fixed_widths():
            self.add_rows(map(cells, range(start, end)))
            return
        # Each row's cells stay in their tuple, read by column through one index shared
        # by the page (a dict per row hashed every column key: half the page's cost).
        columns = {column.key: place for place, column in enumerate(self.ordered_columns)}
        was_empty = self.row_count == 0
        index = self.row_count
        forward, reverse = self._row_locations._forward, self._row_locations._reverse
        data, rows_by_key = self._data, self.rows
        for number in range(start, end):
            key = RowKey()
            forward[key] = index
            reverse[index] = key
            if number < made:
                data[key] = RowCells(_checked(cells(number), columns), columns)  # type: ignore[assignment]
            else:
                data[key] = RowCells(None, columns, cells, number)  # type: ignore[assignment]
            rows_by_key[key] = Row(key, 1)
            index += 1
        # What add_row does after each row, once: resize, keep the cursor valid, repaint.
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.row_count and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        if below:
            self._offset_cache.clear()  # the row offsets: the only cache the new rows change
        else:
            self._update_count += 1
        self.check_idle()

    @property
    def ordered_rows(self) -> list[Row]:
        # DataTable's, with each row found in one comprehension: DataTable calls a method
        # per row, and every fill that changes the rows works this out again.
        cache_key = (self.row_count, self._update_count)
        ordered = self._ordered_row_cache.get(cache_key)
        if ordered is None:
            reverse, rows = self._row_locations._reverse, self.rows
            ordered = [rows[reverse[index]] for index in range(len(rows))]
            self._ordered_row_cache[cache_key] = ordered
        return ordered

    @property
    def _y_offsets(self) -> list[tuple[RowKey, int]]:
        # DataTable's (a (row key, line in the row) pair per line of the table), built in
        # one comprehension instead of a list added to the result per row.
        offsets = self._offset_cache.get(self._update_count)
        if offsets is None:
            offsets = [(row.key, y) for row in self.ordered_rows for y in range(row.height)]
            self._offset_cache[self._update_count] = offsets
        return offsets

    def _update_dimensions(self, new_rows: Iterable[Any]) -> None:
        # Textual measures every cell of every new row to size auto-width columns.
        # With every width fixed (and rows of one line, no labels) nothing it measures
        # is used: size the table without measuring.
        if self._fixed_widths():
            new_rows = ()
            self._resize_quietly()
        super()._update_dimensions(new_rows)

    def _resize_quietly(self) -> None:
        """Set the new virtual size without a layout when the scroll bars stay as they are.

        ``virtual_size`` asks for a layout of the whole screen (and so a repaint of every
        widget) whenever it changes: on every filter key that changes the number of rows.
        While the table is taller than its window before and after, and as wide, only the
        scroll bar's thumb and the table itself change: those are refreshed here, and
        ``DataTable._update_dimensions`` then finds the size unchanged.
        """
        header = self.header_height if self.show_header else 0
        width = sum(column.get_render_width(self) for column in self.columns.values())
        new = Size(width + self._row_label_column_width, self._total_row_height + header)
        old, window = self.virtual_size, self.container_size.height
        if new == old or new.width != old.width or not self.show_vertical_scrollbar:
            return
        if min(new.height, old.height) <= window:  # the vertical scroll bar comes or goes
            return
        self.set_reactive(DataTable.virtual_size, new)
        # Widget._scroll_update, for the vertical bar only: the horizontal one, the bars
        # shown and the width are the same (checked above), and each bar drawn costs
        # about as much as a dozen rows.
        bar = self.vertical_scrollbar
        bar.window_virtual_size = new.height
        bar.window_size = window - self.scrollbar_size_horizontal
        bar.refresh()
        self.scroll_y = self.validate_scroll_y(self.scroll_y)
        self.refresh()
