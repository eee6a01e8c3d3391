"""The drafts table's columns, keys, cells and detail pane: what the screen draws per row."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding, BindingType

from byoip.findings import Finding
from byoip.review import COLUMNS, DAMAGED, DraftRow, ReviewSet
from byoip.text import clean_text

_COLUMN_KEYS = tuple(COLUMNS)

#: Widest a column gets (cells beyond are cut; the panel under the table shows the file).
MAX_WIDTHS: dict[str, int] = {
    "name": 32,
    "ip_range": 20,
    "region": 16,
    "account_id": 14,
    "next_step": 38,
    "due": 26,
}

#: Widest any other column gets.
MAX_WIDTH = 40

#: Columns with a number key to sort by (1-9); the others sort by a click on the heading.
NUMBERED_COLUMNS = 9


def column_label(key: str, sort_column: str, reverse: bool) -> Text:
    """ "3 Account ▲": the key that sorts by it, the heading, the sort direction."""
    number = _COLUMN_KEYS.index(key) + 1
    arrow = "  " if key != sort_column else " ▼" if reverse else " ▲"
    prefix = f"{number} " if number <= NUMBERED_COLUMNS else ""
    return Text(f"{prefix}{COLUMNS[key]}{arrow}")


def column_widths(rows: Sequence[DraftRow]) -> dict[str, int]:
    """Each column's width, measured once over every row of the folder (in the worker).

    Fixed widths: the table never re-measures after painting (which can leave
    stale lines on screen), and columns don't jump as the filter changes.
    """
    widths: dict[str, int] = {}
    for key in COLUMNS:
        heading = column_label(key, key, False).cell_len  # with room for the arrow
        limit = MAX_WIDTHS.get(key, MAX_WIDTH)
        widest = max((_cell_width(_cell_text(row, key)) for row in rows), default=0)
        widths[key] = min(max(widest, heading), limit)
    return widths


def _cell_text(row: DraftRow, key: str) -> str:
    """The text of one cell (``row_cells`` draws it)."""
    if key == "due":
        return ("OVERDUE " if row.overdue else "") + row.due_label
    return str(getattr(row, key))


def _cell_width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _sort_binding(index: int, column: str) -> Binding:
    return Binding(
        str(index + 1),
        f"sort('{column}')",
        f"Sort by {COLUMNS[column].lower()}",
        show=False,
        id=f"drafts.sort.{column}",
    )


#: The table's keys (the footer shows the main ones).
DRAFTS_BINDINGS: list[BindingType] = [
    Binding("enter,o", "open", "Open", id="drafts.open", tooltip="Open in the wizard"),
    Binding("d", "duplicate", "Duplicate", id="drafts.duplicate"),
    Binding("s", "change_status", "Status", id="drafts.status"),
    Binding("r", "recheck", "Re-check", id="drafts.recheck", tooltip="Re-check every rule"),
    Binding(
        "R",
        "recheck(True)",
        "Re-check + lookups",
        show=False,
        id="drafts.recheck_lookups",
        tooltip="Re-check with fresh RDAP and reputation lookups",
    ),
    Binding("delete,x", "delete", "Delete", id="drafts.delete", tooltip="Move to the trash"),
    Binding("f5,ctrl+r", "refresh", "Refresh", id="drafts.refresh"),
    Binding("slash", "focus_filter", "Filter", id="drafts.filter"),
    Binding("t", "cycle_status", "Stage filter", id="drafts.status_filter"),
    Binding(
        "m",
        "toggle_needs_me",
        "Needs me",
        id="drafts.needs_me",
        tooltip="Only the requests whose next step is yours (not waiting for AWS)",
    ),
    Binding("minus", "reverse", "Reverse sort", show=False, id="drafts.reverse"),
    Binding("escape", "back", "Back", id="drafts.back", tooltip="Leave the filter, then the table"),
    *(_sort_binding(i, column) for i, column in enumerate(_COLUMN_KEYS[:NUMBERED_COLUMNS])),
]


def row_cells(row: DraftRow) -> tuple[Text, ...]:
    """One table row, in the order of COLUMNS; Text (not str): nothing is read as markup."""
    cells = {
        "name": Text(row.name),
        "ip_range": Text(row.ip_range),
        "status": Text(row.status, style="bold red" if row.damaged else ""),
        "next_step": Text(
            row.next_step,
            style="bold red" if row.overdue else ("bold" if row.needs_me else "dim"),
        ),
        "due": Text(_cell_text(row, "due"), style="bold red" if row.overdue else ""),
        "errors": Text(str(row.errors), style="bold red" if row.errors else "", justify="right"),
        "warnings": Text(
            str(row.warnings), style="yellow" if row.warnings else "", justify="right"
        ),
        "region": Text(row.region),
        "account_id": Text(row.account_id),
        "registry": Text(row.registry),
        "updated": Text(row.updated),
    }
    return tuple(cells[key] for key in COLUMNS)


def row_detail(row: DraftRow | None) -> Text:
    """The panel under the table: the highlighted file's path and what is wrong with it."""
    if row is None:
        return Text("No draft selected.")
    text = Text()
    text.append(clean_text(str(row.path), 300), style="bold")
    if row.problem is not None:
        text.append("\nCan't be read: ", style="bold red")
        text.append(row.problem)
        text.append("\nThe file is left exactly as it is; fix it in an editor, then refresh (F5).")
        return text
    # The pane is a few lines high (it scrolls): what is wrong first, then the stage and
    # its next step, then the informational findings.
    if not row.findings:
        text.append("\nNo findings: every rule passes.")
    serious = [f for f in row.findings if str(f.severity) in ("error", "warning")]
    for finding in serious:
        _append_finding(text, finding)
    if row.next_step:
        text.append(f"\nStage {row.status}: ", style="bold")
        text.append(row.next_step)
        for line in row.checklist:
            text.append("\n  " + line)
    for finding in row.findings:
        if finding not in serious:
            _append_finding(text, finding)
    return text


def _append_finding(text: Text, finding: Finding) -> None:
    severity = str(finding.severity)
    style = {"error": "bold red", "warning": "yellow"}.get(severity, "")
    text.append(f"\n{severity:<8}", style=style)
    text.append(f"{finding.field}: ")
    text.append(finding.message)


def count_line(
    review_set: ReviewSet | None,
    shown: int,
    folder: Path,
    needs_me: bool,
    reading: tuple[int, int] | None,
) -> Text:
    """The line under the table: how many files are shown, and what to know about the rest."""
    rows = review_set.rows if review_set else ()
    if not rows:
        folder_name = clean_text(str(folder), 200)
        return Text(f"No drafts in {folder_name} yet: save one from the wizard (ctrl+s).")
    total = len(rows)
    text = f"{shown} of {total} file{'s' * (total != 1)} shown"
    if needs_me:
        text += " (only those that need you: m shows all)"
    damaged = sum(1 for r in rows if r.damaged)
    if damaged:
        text += f"; {damaged} can't be read (status {DAMAGED})"
    overdue = sum(1 for r in rows if r.overdue)
    if overdue:
        text += f"; {overdue} overdue"
    if review_set is not None and review_set.calendar_problem:
        text += f"; {review_set.calendar_problem}"
    if reading is not None:
        done, everything = reading
        text += f"; reading the folder ({done:,} of {everything:,}), the rules across follow"
    return Text(text)
