"""The drafts table: review every saved record of a folder, keyboard first.

Everything shown is computed by ``byoip.review`` (rows, findings, summaries);
this screen only lays it out and calls the app (``app.open_wizard``) or the
review actions; how a row is drawn lives in ``drafts_view``.  Fast at any size:
the folder is read in a worker through the row cache (a second opening reads
only the files that changed), and the table takes its rows a page at a time
(``PagedTable``), so the filter answers each key at once.  The row cache is
written once every row is in the table and painted: its writing (tens of
milliseconds at 2,000 drafts, holding the interpreter's lock in stretches) no
longer competes with the first paint.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.dom import DOMNode
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from byoip import recheck, review
from byoip.config import Settings
from byoip.review import (
    COLUMNS,
    DAMAGED,
    STATUSES,
    DraftRow,
    FolderScan,
    ReviewError,
    ReviewSet,
)
from byoip.screens.drafts_actions import DraftsActions
from byoip.screens.drafts_modals import SummaryModal
from byoip.screens.drafts_view import (
    DRAFTS_BINDINGS,
    column_label,
    column_widths,
    count_line,
    row_cells,
    row_detail,
)
from byoip.text import clean_text
from byoip.tui.widgets.clean_input import CleanInput
from byoip.tui.widgets.detail_pane import DetailPane
from byoip.tui.widgets.paged_table import PagedTable
from byoip.tui.widgets.quiet_footer import QuietFooter

#: Worker groups: one per kind of job, so a refresh replaces a refresh.
LOAD_GROUP = "drafts-load"
RECHECK_GROUP = "drafts-recheck"
SAVE_GROUP = "drafts-save-cache"


def _save_cache_in(node: DOMNode, scan: FolderScan) -> None:
    """Write ``scan``'s row cache in a thread worker of ``node``.

    Described here: Textual describes a worker by the repr of what it runs (a reading
    of 2,000 rows: 60 ms of the UI's time).
    """
    node.run_worker(
        scan.save_cache,
        name="save row cache",
        group=SAVE_GROUP,
        description="save row cache",
        exit_on_error=False,
        thread=True,
    )


class DraftsScreen(DraftsActions):
    """Every record of ``settings.drafts_dir`` in a sortable, filterable table."""

    DEFAULT_CSS = """
    DraftsScreen #drafts-title {
        height: 1;
        padding: 0 1;
        background: $panel;
        text-style: bold;
    }
    DraftsScreen #drafts-bar {
        height: auto;
    }
    DraftsScreen #drafts-filter {
        width: 1fr;
    }
    DraftsScreen #drafts-status-filter {
        width: 28;
    }
    DraftsScreen #drafts-table {
        height: 1fr;
    }
    DraftsScreen #drafts-detail-pane {
        height: 6;
        padding: 0 1;
        border-top: solid $primary;
    }
    DraftsScreen #drafts-count {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS = DRAFTS_BINDINGS

    class Loaded(Message):
        """A review of the folder is ready (posted from the loading worker)."""

        def __init__(
            self,
            review_set: ReviewSet,
            keep: Path | None = None,
            reading: tuple[int, int] | None = None,
            scan: FolderScan | None = None,
        ) -> None:
            super().__init__()
            self.review_set = review_set
            #: The file to keep selected (the one just changed), if any.
            self.keep = keep
            #: The columns' widths over every row (measured in the worker, not the UI).
            self.widths = column_widths(review_set.rows)
            #: (files read, files in all) while the folder is still being read; None when done.
            self.reading = reading
            #: The finished reading, whose row cache is to be written.
            self.scan = scan

    class Rechecked(Message):
        """A re-check finished; carries its summary."""

        def __init__(self, summary: recheck.RecheckSummary) -> None:
            super().__init__()
            self.summary = summary

    class Failed(Message):
        """Loading (``LOAD_GROUP``) or re-checking (``RECHECK_GROUP``) raised ``error``."""

        def __init__(self, group: str, error: Exception) -> None:
            super().__init__()
            self.group = group
            self.error = error

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.folder = Path(settings.drafts_dir)
        self.review_set: ReviewSet | None = None
        self.sort_column = "name"
        self.sort_reverse = False
        self.filter_text = ""
        self.status_filter: str | None = None
        #: Only the rows whose next step is the reviewer's.
        self.needs_me = False
        #: The rows in the table, in its order (filtered and sorted).
        self.shown: list[DraftRow] = []
        #: Each row's cells, made when the row first goes into the table.
        self._cells: dict[Path, tuple[Text, ...]] = {}
        #: The rows in the current order, and that order (column, reverse).
        self._sorted: tuple[tuple[object, ...], list[DraftRow]] = ((), [])
        self._reload_on_resume = False
        #: (files read, files in all) while a first reading of a big folder goes on.
        self.reading: tuple[int, int] | None = None
        #: A finished reading whose row cache is not written yet.
        self._unsaved: FolderScan | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        title = Text("Drafts in ")
        title.append(clean_text(str(self.folder), 200))
        yield Static(title, id="drafts-title")
        with Horizontal(id="drafts-bar"):
            yield CleanInput(  # no layout of the screen per key (see CleanInput)
                placeholder="Filter: words in name, range, account, Region, registry…",
                id="drafts-filter",
            )
            yield Select[str](
                [(status, status) for status in (*STATUSES, DAMAGED)],
                prompt="All stages",
                id="drafts-status-filter",
            )
        yield PagedTable(id="drafts-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="drafts-count")
        yield DetailPane(id="drafts-detail-pane", text_id="drafts-detail")
        yield QuietFooter()

    def on_mount(self) -> None:
        self._set_columns(column_widths(()))
        self.query_one("#drafts-table", PagedTable).focus()
        self.query_one("#drafts-count", Static).update(Text("Loading…"))
        self.load()

    # ------------------------------------------------------------------ loading

    @work(thread=True, group=LOAD_GROUP, exclusive=True, name="load drafts", exit_on_error=False)
    def load(self, keep: Path | None = None) -> None:
        """Read the folder in a thread (through the row cache); the table fills on ``Loaded``."""
        settings = self.settings
        cache = review.RowCache.for_folder(settings.cache_dir, self.folder, settings=settings)

        def progress(rows: ReviewSet, done: int, total: int) -> None:
            # A big folder read for the first time: its rows so far, to look at meanwhile.
            self.post_message(self.Loaded(rows, keep, reading=(done, total)))

        try:
            clock = review.Clock.of(self._now(), settings)
            scan = review.scan_folder(self.folder, cache, progress, clock)
        except Exception as exc:  # a failure is one sentence on screen, never a traceback
            self.post_message(self.Failed(LOAD_GROUP, exc))
            return
        self.post_message(self.Loaded(scan.review_set, keep, scan=scan))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.reading = message.reading
        if message.scan is not None and message.scan.changed:
            self._unsaved = message.scan  # written once these rows are in and painted
        self._set_review(message.review_set)
        self._set_columns(message.widths)
        self._fill(keep=message.keep)

    @on(PagedTable.Filled, "#drafts-table")
    def _table_filled(self, _message: PagedTable.Filled) -> None:
        if self._unsaved is not None:
            self.call_after_refresh(self._save_cache)

    def _save_cache(self) -> None:
        scan, self._unsaved = self._unsaved, None
        if scan is not None:
            _save_cache_in(self, scan)

    def on_unmount(self) -> None:
        # Closed before its rows were all in: the reading is still worth keeping.
        scan, self._unsaved = self._unsaved, None
        if scan is not None:
            _save_cache_in(self.app, scan)

    def on_screen_resume(self) -> None:
        # Back from the wizard: the draft may have been saved there, so read the folder again.
        if self._reload_on_resume:
            self._reload_on_resume = False
            self.load(keep=self.highlighted_path())

    def _set_review(self, review_set: ReviewSet) -> None:
        self.review_set = review_set
        self._cells = {}  # made again, row by row, as rows go into the table
        self._sorted = ((), [])

    @on(Failed)
    def _work_failed(self, message: Failed) -> None:
        # One handler for every worker group: an error becomes one sentence, never a traceback.
        error = message.error
        if isinstance(error, ReviewError):
            sentence = str(error)
        else:
            what = "loading the drafts" if message.group == LOAD_GROUP else "re-checking"
            sentence = f"Failed while {what}: {error}"
        if message.group == LOAD_GROUP:
            self.query_one("#drafts-count", Static).update(Text(sentence))
        self.notify(Text(sentence), severity="error", markup=False, timeout=8)

    # ------------------------------------------------------------------ table

    def _set_columns(self, widths: dict[str, int]) -> None:
        """(Re)create the columns with fixed widths (``drafts_view.column_widths``)."""
        table = self.query_one("#drafts-table", PagedTable)
        if widths == {str(col.key.value): col.width for col in table.ordered_columns}:
            return  # the same columns: the rows shown stay (a folder read in parts)
        table.clear(columns=True)
        for key in COLUMNS:
            label = column_label(key, self.sort_column, self.sort_reverse)
            table.add_column(label, key=key, width=widths[key])

    def _visible_rows(self) -> list[DraftRow]:
        # Sorted once per order (a filter keeps the order of what it keeps), filtered per key.
        order = (self.sort_column, self.sort_reverse)
        if self._sorted[0] != order:
            rows = self.review_set.rows if self.review_set else ()
            self._sorted = (order, review.sort_rows(rows, *order))
        kept = self._sorted[1]
        return review.filter_rows(kept, self.filter_text, self.status_filter, self.needs_me)

    def _fill(self, keep: Path | None = None) -> None:
        """Show the current review, filtered and sorted: the first page now, the rest after."""
        table = self.query_one("#drafts-table", PagedTable)
        current = keep or self.highlighted_path()
        shown = self.shown = self._visible_rows()
        cursor = next((i for i, row in enumerate(shown) if row.path == current), None)
        for key, column in table.columns.items():
            column.label = column_label(str(key.value), self.sort_column, self.sort_reverse)
        cells = self._cells_of
        table.show_rows(len(shown), lambda index: cells(shown[index]), cursor=cursor, same_as=shown)
        self._update_count()
        self._show_detail()

    def _cells_of(self, row: DraftRow) -> tuple[Text, ...]:
        made = self._cells.get(row.path)
        if made is None:
            made = self._cells[row.path] = row_cells(row)
        return made

    def _update_count(self) -> None:
        line = count_line(
            self.review_set, len(self.shown), self.folder, self.needs_me, self.reading
        )
        # One line high (CSS): a layout (the whole screen re-arranged) is never needed.
        self.query_one("#drafts-count", Static).update(line, layout=False)

    def highlighted_row(self) -> DraftRow | None:
        table = self.query_one("#drafts-table", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def highlighted_path(self) -> Path | None:
        row = self.highlighted_row()
        return row.path if row else None

    def _show_detail(self) -> None:
        self.query_one(DetailPane).show(row_detail(self.highlighted_row()))

    @on(DataTable.RowHighlighted, "#drafts-table")
    def _row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#drafts-table")
    def _row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

    @on(DataTable.HeaderSelected, "#drafts-table")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.action_sort(str(event.column_key.value))

    # ------------------------------------------------------------------ filter and sort

    @on(Input.Changed, "#drafts-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # At once: a fill costs a page of rows, the others follow between keys.
        self.filter_text = event.value
        self._fill()

    @on(Input.Submitted, "#drafts-filter")
    def _filter_submitted(self, _event: Input.Submitted) -> None:
        self.action_focus_table()

    @on(Select.Changed, "#drafts-status-filter")
    def _status_filter_changed(self, event: Select.Changed) -> None:
        value = event.value
        self.status_filter = None if value is Select.NULL else str(value)
        self._fill()

    def action_toggle_needs_me(self) -> None:
        """Show only the requests whose next step is the reviewer's, or all of them again."""
        self.needs_me = not self.needs_me
        self._fill()

    def action_focus_filter(self) -> None:
        self.query_one("#drafts-filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#drafts-table", DataTable).focus()

    def action_back(self) -> None:
        """Esc: from the filters back to the table; from the table back to the screen below."""
        table = self.query_one("#drafts-table", DataTable)
        if self.app.focused is not table:
            table.focus()
        elif len(self.app.own_screens()) > 1:  # never pop the app's last own screen
            self.app.pop_screen()

    def action_cycle_status(self) -> None:
        """Next status filter: all -> draft -> ready -> … -> damaged -> all."""
        choices: list[str | None] = [None, *STATUSES, DAMAGED]
        following = choices[(choices.index(self.status_filter) + 1) % len(choices)]
        select = self.query_one("#drafts-status-filter", Select)
        if following is None:
            select.clear()
        else:
            select.value = following

    def action_sort(self, column: str) -> None:
        """Sort by ``column``; the same column again reverses the order."""
        if column not in COLUMNS:
            return
        if column == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        self._fill()

    def action_reverse(self) -> None:
        self.action_sort(self.sort_column)

    # ------------------------------------------------------------------ actions

    def action_refresh(self) -> None:
        self.load()

    def action_recheck(self, lookups: bool = False) -> None:
        if self.review_set is None:
            self.notify("The drafts are still loading.", severity="warning")
            return
        self.notify(
            "Re-checking with fresh lookups…" if lookups else "Re-checking every draft…",
            timeout=2,
        )
        self.recheck(self.review_set, lookups)

    # Described: Textual's default description is the repr of the arguments (every row).
    @work(
        thread=True,
        group=RECHECK_GROUP,
        exclusive=True,
        name="re-check",
        description="re-check",
        exit_on_error=False,
    )
    def recheck(self, before: ReviewSet, lookups: bool) -> None:
        refresher = None
        try:
            if lookups:
                refresher = recheck.lookup_refresher(
                    self.settings,
                    fetcher=self.app.rdap_fetcher,
                    resolver=self.app.dns_resolver,
                    routing_fetcher=self.app.routing_fetcher,
                )
            summary = recheck.recheck_all(
                before, refresher, now=self._now(), settings=self.settings
            )
        except Exception as exc:  # a failure is one sentence on screen, never a traceback
            self.post_message(self.Failed(RECHECK_GROUP, exc))
            return
        self.post_message(self.Rechecked(summary))

    @on(Rechecked)
    def _rechecked(self, message: Rechecked) -> None:
        self._set_review(message.summary.review)
        self._set_columns(column_widths(message.summary.review.rows))
        self._fill()
        self.app.push_screen(SummaryModal("Re-check", message.summary.lines()))
