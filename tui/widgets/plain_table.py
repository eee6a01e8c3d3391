"""A DataTable that draws rows of plain one-line text straight to segments.

``DataTable`` draws every cell through Rich (``Styled(Padding(text))`` rendered to
lines: generic wrapping, justifying and cropping, about a tenth of a millisecond a
cell), and for each row it draws works out the row's style, every column's width
and the filler's style again, each a walk over the widget's styles.  A filter key
that changes the drafts table's rows draws some 300 new cells: that was most of
the key's cost.

``PlainTable`` draws a body cell holding a ``Text`` without spans on one line
(``plain_cells.plain_cell_line``) directly, and works out the row styles and widths
once per look of the table; the heading, row labels, fixed rows and columns and
any other cell are drawn by DataTable itself.  The result is DataTable's, character
for character and style for style (``tests/ui/test_paged_table.py`` compares the
two on screen, focused or not, with the cursor and the mouse over rows); the
caches are DataTable's own, with the same keys.  textual is pinned exactly
(pyproject.toml): these overrides follow its 8.2.8 drawing code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.color import Color
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import RowKey

from byoip.tui.widgets.plain_cells import cell_styles, draw_plain, is_plain


@dataclass(frozen=True)
class _Look:
    """What every body row is drawn with while the table's look stays the same."""

    #: The style of even and odd rows (zebra stripes), or the table's own for both.
    row_styles: tuple[Style, Style]
    #: Each column's width with its padding, in order.
    widths: list[int]
    #: Blank cells right of the last column.
    remaining: int
    #: The background behind the table (the filler's colour is blended with it).
    background: Color


#: Cell styles kept (a screenful of cells in a few looks, cursor and hover included).
_CELL_STYLES_KEPT = 4096


class PlainTable(DataTable[Any]):
    """A DataTable whose plain one-line cells are drawn directly (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._looks: dict[tuple[Any, ...], _Look] = {}  # before: DataTable clears caches
        #: A plain cell's (padding, text) styles by what they are made of (``_plain_line``).
        self._cell_styles: dict[tuple[Any, ...], tuple[Style, Style]] = {}
        #: The widget's style while it paints (see ``render_lines``).
        self._paint_style: Style | None = None
        super().__init__(*args, **kwargs)

    def render_lines(self, crop: Region) -> list[Strip]:
        # DataTable.render_line asks for the widget's style (a walk over its ancestors'
        # styles) once per line: once per paint is enough, it can't change meanwhile.
        self._paint_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._paint_style = None

    def render_line(self, y: int) -> Strip:
        base_style = self._paint_style
        if base_style is None or self.fixed_rows:
            return super().render_line(y)
        # DataTable.render_line, with the style of this paint and no fixed rows.
        scroll_x, scroll_y = self.scroll_offset
        header_height = self.get_row_height(self._header_row_key) if self.show_header else 0
        if y >= header_height:
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, base_style)

    def _render_line_in_row(
        self,
        row_key: RowKey,
        line_no: int,
        base_style: Style,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> tuple[SegmentLines, SegmentLines]:
        # DataTable works out the row's style, every column's width and the filler's style
        # again for each row it draws (each walks the widget's styles): a tenth of a
        # millisecond a row.  Here they are worked out once per look of the table
        # (``_look``), for body rows of one line without labels or fixed columns; the
        # result is the same (the cache key and the segments are DataTable's own).
        row_index = self._row_locations.get(row_key)
        if (
            row_index is None  # the heading
            or line_no
            or row_index < self.fixed_rows
            or self.fixed_columns
            or (self._labelled_row_exists and self.show_row_labels)
        ):
            return super()._render_line_in_row(
                row_key, line_no, base_style, cursor_location, hover_location
            )
        cursor_type = self.cursor_type
        cache_key = (
            row_key,
            line_no,
            base_style,
            cursor_location,
            hover_location,
            cursor_type,
            self.show_cursor,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        look = self._look(base_style)
        row_style = look.row_styles[row_index % 2]
        highlight = self._should_highlight
        render_cell = self._render_cell
        scrollable_row: list[list[Segment]] = []
        for column_index, width in enumerate(look.widths):
            cell = Coordinate(row_index, column_index)
            scrollable_row.append(
                render_cell(
                    row_index,
                    column_index,
                    row_style,
                    width,
                    cursor=highlight(cursor_location, cell, cursor_type),
                    hover=highlight(hover_location, cell, cursor_type),
                )[line_no]
            )
        scrollable_row.append(
            [
                Segment(
                    " " * look.remaining,
                    self._filler_style(
                        row_index, row_style, look.background, cursor_location, hover_location
                    ),
                )
            ]
        )
        row_pair: tuple[SegmentLines, SegmentLines] = ([], scrollable_row)
        self._row_render_cache[cache_key] = row_pair
        return row_pair

    def _look(self, base_style: Style) -> _Look:
        """The styles and widths every body row is drawn with, as the table looks now."""
        key = (
            self._update_count,
            self.size.width,
            self._pseudo_class_state,
            base_style,
            self.zebra_stripes,
            len(self.columns),
        )
        look = self._looks.get(key)
        if look is None:
            if len(self._looks) > 8:
                self._looks.clear()
            widths = [column.get_render_width(self) for column in self.ordered_columns]
            look = self._looks[key] = _Look(
                row_styles=(self._get_row_style(0, base_style), self._get_row_style(1, base_style)),
                widths=widths,
                remaining=max(0, self.size.width - sum(widths) - self._row_label_column_width),
                background=self.background_colors[1],
            )
        return look

    def _filler_style(
        self,
        row_index: int,
        row_style: Style,
        background: Color,
        cursor_location: Coordinate,
        hover_location: Coordinate,
    ) -> Style:
        """The style of the blank right of the last column (as DataTable._render_line_in_row)."""
        if self.cursor_type == "row":
            extend_style, _ = self._get_styles_to_render_cell(
                False,
                False,
                False,
                self._should_highlight(hover_location, Coordinate(row_index, 0), "row"),
                row_index == cursor_location.row,
                self.show_cursor,
                self._show_hover_cursor,
                False,
                False,
            )
            extend_style = row_style + extend_style
        elif row_style.bgcolor is not None:
            faded = Color.from_rich_color(row_style.bgcolor).blend(background, factor=0.25)
            extend_style = Style.from_color(color=row_style.color, bgcolor=faded.rich_color)
        else:
            extend_style = Style.from_color(row_style.color, row_style.bgcolor)
        return extend_style + Style.from_meta(
            {"row": row_index, "column": 0, "out_of_bounds": True}
        )

    def notify_style_update(self) -> None:
        self._looks.clear()
        self._cell_styles.clear()
        super().notify_style_update()

    def _clear_caches(self) -> None:
        # (Not the cell styles: every fill clears the caches, and the styles don't depend
        # on the rows, only on the look and the place, both part of their key.)
        self._looks.clear()
        super()._clear_caches()

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        # A body cell of plain one-line text is drawn straight to segments (see
        # plain_cells): the generic Rich path was most of a filter key's cost.  The
        # heading, fixed rows and columns, and any other cell go the generic way.
        if row_index >= max(self.fixed_rows, 0) and column_index >= max(self.fixed_columns, 0):
            row_key = self._row_locations.get_key(row_index)
            row = self.rows.get(row_key) if row_key is not None else None
            if row is not None and row.height == 1:
                column_key = self._column_locations.get_key(column_index)
                cell = self._data[row_key].get(column_key) if column_key is not None else None
                if type(cell) is Text:
                    line = self._plain_line(
                        cell, row_index, column_index, base_style, width, cursor, hover
                    )
                    if line is not None:
                        return [line]
        return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)

    def _plain_line(
        self,
        cell: Text,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> list[Any] | None:
        """The cell's line drawn directly, with the styles DataTable._render_cell gives it."""
        padding = self.cell_padding
        if not is_plain(cell, width, padding):
            return None
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        # The cell's two styles are a handful of Rich sums and a meta style (its place, for
        # clicks), made again for each cell drawn: a filter key draws 300 cells, mostly at
        # places and in styles drawn before.  Kept by what they are made of.
        key = (base_style, component_style, post_style, cell.style, row_index, column_index)
        styles = self._cell_styles.get(key)
        if styles is None:
            if len(self._cell_styles) >= _CELL_STYLES_KEPT:
                self._cell_styles.clear()
            styles = self._cell_styles[key] = cell_styles(
                cell,
                base_style + component_style,  # DataTable's: the row's, then the cursor's
                post_style,
                self.app.console.get_style,
                Style.from_meta({"row": row_index, "column": column_index}),
            )
        return draw_plain(cell, width, padding, *styles)
