"""The drafts table's columns, keys, cells and detail pane: what the screen draws per row."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding, BindingType

from byoip.findings import Finding
from byoip.review import (
    COLUMNS,
    DraftRow,
)
from byoip.text import clean_text

#: Worker groups: one per kind of job, so a refresh replaces a refresh.

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

#: Columns with a number key to sort by (1-9); the others sort by a click on the heading.
NUMBERED_COLUMNS = 9


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
        "due": Text(
            ("OVERDUE " if row.overdue else "") + row.due_label,
            style="bold red" if row.overdue else "",
        ),
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
