"""The drafts table: review every saved record of a folder, keyboard first.

Everything shown is computed by ``byoip.review`` (rows, findings, summaries);
this screen only lays it out and calls the app (``app.open_wizard``) or the
review actions.  File contents are untrusted: every cell is a
``rich.text.Text`` built from already-cleaned text, never markup.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Select, Static

from byoip import recheck, review
from byoip.config import Settings
from byoip.review import (
    COLUMNS,
    DAMAGED,
    STATUSES,
    DraftRow,
    ReviewError,
    ReviewSet,
    StageBlocked,
)
from byoip.screens.drafts_modals import ConfirmModal, OverrideModal, StatusModal, SummaryModal
from byoip.screens.drafts_view import (
    DRAFTS_BINDINGS,
    MAX_WIDTHS,
    NUMBERED_COLUMNS,
    row_cells,
    row_detail,
)
from byoip.text import clean_text
from byoip.tui.app_screen import AppScreen

#: Worker groups: one per kind of job, so a refresh replaces a refresh.
LOAD_GROUP = "drafts-load"
RECHECK_GROUP = "drafts-recheck"

_COLUMN_KEYS = tuple(COLUMNS)

#: Seconds of quiet in the filter field before the table is rebuilt.
FILTER_DELAY = 0.15


class DraftsScreen(AppScreen[None]):
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
    DraftsScreen #drafts-detail {
        height: 6;
        padding: 0 1;
        border-top: solid $primary;
        overflow-y: auto;
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

        def __init__(self, review_set: ReviewSet, keep: Path | None = None) -> None:
            super().__init__()
            self.review_set = review_set
            #: The file to keep selected (the one just changed), if any.
            self.keep = keep

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
        self._filter_timer: Timer | None = None
        self._all_cells: dict[Path, tuple[Text, ...]] | None = None
        self._reload_on_resume = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        title = Text("Drafts in ")
        title.append(clean_text(str(self.folder), 200))
        yield Static(title, id="drafts-title")
        with Horizontal(id="drafts-bar"):
            yield Input(
                placeholder="Filter: words in name, range, account, Region, registry…",
                id="drafts-filter",
            )
            yield Select[str](
                [(status, status) for status in (*STATUSES, DAMAGED)],
                prompt="All stages",
                id="drafts-status-filter",
            )
        table: DataTable[Any] = DataTable(id="drafts-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="drafts-count")
        yield Static(id="drafts-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#drafts-table", DataTable)
        self._set_columns(table, [])
        table.focus()
        self.query_one("#drafts-count", Static).update(Text("Loading…"))
        self.load()

    # ------------------------------------------------------------------ loading

    @work(thread=True, group=LOAD_GROUP, exclusive=True, name="load drafts", exit_on_error=False)
    def load(self, keep: Path | None = None) -> None:
        """Read the folder in a thread; the table fills when ``Loaded`` arrives."""
        try:
            review_set = review.load_review(self.folder, now=self._now(), settings=self.settings)
        except Exception as exc:  # a failure is one sentence on screen, never a traceback
            self.post_message(self.Failed(LOAD_GROUP, exc))
            return
        self.post_message(self.Loaded(review_set, keep))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._set_review(message.review_set)
        self._fill(keep=message.keep)

    def on_screen_resume(self) -> None:
        # Back from the wizard: the draft may have been saved there, so read the folder again.
        if self._reload_on_resume:
            self._reload_on_resume = False
            self.load(keep=self.highlighted_path())

    def _set_review(self, review_set: ReviewSet) -> None:
        self.review_set = review_set
        self._all_cells = None  # the cells are made once per load, not per keystroke

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

    def _column_label(self, key: str, arrow: str | None = None) -> Text:
        """ "3 Account ▲": the key that sorts by it, the heading, the sort direction."""
        number = _COLUMN_KEYS.index(key) + 1
        if arrow is None:
            arrow = "  " if key != self.sort_column else " ▼" if self.sort_reverse else " ▲"
        prefix = f"{number} " if number <= NUMBERED_COLUMNS else ""
        return Text(f"{prefix}{COLUMNS[key]}{arrow}")

    def _set_columns(self, table: DataTable[Any], cells: list[tuple[Text, ...]]) -> None:
        """(Re)create the columns with widths measured here, over every row of the folder.

        Fixed widths: the table never re-measures after painting (which can leave
        stale lines on screen), and columns don't jump as the filter changes.
        """
        table.clear(columns=True)
        for index, key in enumerate(COLUMNS):
            label = self._column_label(key, arrow=" ▲")  # room for the sort arrow
            widest = max((row[index].cell_len for row in cells), default=0)
            width = min(max(widest, label.cell_len), MAX_WIDTHS.get(key, 40))
            table.add_column(self._column_label(key), key=key, width=width)

    def _visible_rows(self) -> list[DraftRow]:
        rows = self.review_set.rows if self.review_set else ()
        kept = review.filter_rows(rows, self.filter_text, self.status_filter, self.needs_me)
        return review.sort_rows(kept, self.sort_column, self.sort_reverse)

    def _fill(self, keep: Path | None = None) -> None:
        """Rebuild the table from the current review, filter and sort."""
        table = self.query_one("#drafts-table", DataTable)
        current = keep or self.highlighted_path()
        self.shown = self._visible_rows()
        if self._all_cells is None and self.review_set is not None:
            self._all_cells = {row.path: row_cells(row) for row in self.review_set.rows}
        cells = self._all_cells or {}
        self._set_columns(table, list(cells.values()))
        table.add_rows(cells[row.path] for row in self.shown)
        # add_rows gives generated keys; remember which path each index is.
        if current is not None:
            for index, row in enumerate(self.shown):
                if row.path == current:
                    table.move_cursor(row=index, animate=False)
                    break
        self._update_count()
        self._show_detail()

    def _update_count(self) -> None:
        total = len(self.review_set.rows) if self.review_set else 0
        damaged = sum(1 for r in self.review_set.rows if r.damaged) if self.review_set else 0
        if total == 0:
            self.query_one("#drafts-count", Static).update(
                Text(
                    f"No drafts in {clean_text(str(self.folder), 200)} yet: "
                    "save one from the wizard (ctrl+s)."
                )
            )
            return
        text = f"{len(self.shown)} of {total} file{'s' * (total != 1)} shown"
        if self.needs_me:
            text += " (only those that need you: m shows all)"
        if damaged:
            text += f"; {damaged} can't be read (status {DAMAGED})"
        overdue = sum(1 for r in self.review_set.rows if r.overdue) if self.review_set else 0
        if overdue:
            text += f"; {overdue} overdue"
        if self.review_set is not None and self.review_set.calendar_problem:
            text += f"; {self.review_set.calendar_problem}"
        self.query_one("#drafts-count", Static).update(Text(text))

    def highlighted_row(self) -> DraftRow | None:
        table = self.query_one("#drafts-table", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def highlighted_path(self) -> Path | None:
        row = self.highlighted_row()
        return row.path if row else None

    def _show_detail(self) -> None:
        self.query_one("#drafts-detail", Static).update(row_detail(self.highlighted_row()))

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
        # Rebuilding 2,000 rows costs a visible moment: wait until typing pauses.
        self.filter_text = event.value
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._fill)

    @on(Input.Submitted, "#drafts-filter")
    def _filter_submitted(self, _event: Input.Submitted) -> None:
        if self._filter_timer is not None:  # Enter applies the filter at once
            self._filter_timer.stop()
            self._filter_timer = None
            self._fill()
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
        elif len(self.app.screen_stack) > 2:  # never pop the app's last real screen
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

    def _now(self) -> datetime | None:
        """The app's clock (tests and screenshots fix it); None: the wall clock."""
        return self.app.clock()

    def _selected_or_say(self) -> DraftRow | None:
        row = self.highlighted_row()
        if row is None:
            self.notify("No draft is selected.", severity="warning")
        return row

    def action_open(self) -> None:
        row = self._selected_or_say()
        if row is None:
            return
        if row.damaged:
            message = Text(f"{row.path} can't be opened: {row.problem}. Fix the file and refresh.")
            self.notify(message, severity="error", markup=False, timeout=8)
            return
        self._reload_on_resume = True
        self.app.open_wizard(path=row.path)

    def action_duplicate(self) -> None:
        row = self._selected_or_say()
        if row is None:
            return
        try:
            new_path = review.duplicate(row.path, self.folder, now=self._now())
        except ReviewError as exc:
            self.notify(Text(str(exc)), severity="error", markup=False, timeout=8)
            return
        self.notify(Text(f"Duplicated as {new_path.name}."), markup=False)
        self.load(keep=new_path)

    def action_change_status(self) -> None:
        row = self._selected_or_say()
        if row is None:
            return
        if row.damaged:
            self.notify(
                Text(f"{row.path} can't be read, so its status can't be changed."),
                severity="error",
                markup=False,
            )
            return

        def apply(status: str, note: str, override_reason: str = "") -> None:
            try:
                review.change_status(
                    row.path,
                    status,
                    expected_mtime=row.mtime,
                    note=note,
                    now=self._now(),
                    override_reason=override_reason,
                    settings=self.settings,
                )
            except StageBlocked as exc:
                title = Text(f"{row.name}: can't move to {status} yet")
                blockers = [blocker.sentence for blocker in exc.check.blockers]

                def overridden(reason: str | None) -> None:
                    if reason:
                        apply(status, note, reason)

                self.app.push_screen(OverrideModal(title, blockers), overridden)
                return
            except ReviewError as exc:
                self.notify(Text(str(exc)), severity="error", markup=False, timeout=10)
                self.load(keep=row.path)
                return
            self.notify(Text(f"{row.name}: status {row.status} -> {status}."), markup=False)
            self.load(keep=row.path)

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None or choice[0] == row.status:
                return
            apply(*choice)

        self.app.push_screen(StatusModal(Text(row.name), row.status, STATUSES), chosen)

    def action_delete(self) -> None:
        row = self._selected_or_say()
        if row is None:
            return
        question = Text("Move ")
        question.append(clean_text(str(row.path), 300))
        trash = clean_text(str(self.folder / ".trash"), 300)
        question.append(f" to the trash folder {trash}? Nothing is erased.")

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                moved = review.delete(row.path, self.folder)
            except ReviewError as exc:
                self.notify(Text(str(exc)), severity="error", markup=False, timeout=8)
                return
            self.notify(Text(f"Moved to {moved}."), markup=False)
            self.load()

        self.app.push_screen(ConfirmModal("Delete draft", question, "Move to trash"), answered)

    def action_recheck(self, lookups: bool = False) -> None:
        if self.review_set is None:
            self.notify("The drafts are still loading.", severity="warning")
            return
        self.notify(
            "Re-checking with fresh lookups…" if lookups else "Re-checking every draft…",
            timeout=2,
        )
        self.recheck(self.review_set, lookups)

    @work(thread=True, group=RECHECK_GROUP, exclusive=True, name="re-check", exit_on_error=False)
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
        self._fill()
        self.app.push_screen(SummaryModal("Re-check", message.summary.lines()))
