"""What the lookups' Rich panels share (registration, reputation, routing): the findings
table, the title with its replay mark, the failure panel, and literal untrusted text.

Every value here may come from a server, a cache, a recording or a draft: it goes into
``rich.text.Text`` objects, never parsed as markup, cleaned with ``clean_text``.
"""

from __future__ import annotations

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from byoip.findings import Finding, Severity
from byoip.text import clean_text

SEVERITY_STYLE: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("✗", "bold red"),
    Severity.WARNING: ("!", "yellow"),
    Severity.INFO: ("·", "cyan"),
}


def literal_text(value: object, style: str = "", max_chars: int | None = None) -> Text:
    """Untrusted text as a literal ``Text``: control characters and escapes removed."""
    return Text(clean_text(value, max_chars, keep_newlines=True), style=style)


def findings_table(findings: list[Finding]) -> Table:
    """One row per finding: mark and severity, then the sentence (wrapped in its column)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    for finding in findings:
        mark, style = SEVERITY_STYLE[finding.severity]
        severity = Text(f"{mark} {finding.severity.value}", style=style)
        table.add_row(severity, literal_text(finding.message))
    return table


def lookup_title(name: str, cidr: str, recorded: bool) -> Text:
    """A lookup panel's title: what, for which range, and whether it is a replay."""
    title = Text(f"{name} ")
    title.append_text(literal_text(cidr, "bold", 64))
    if recorded:
        title.append(" — a recording, not a live answer", style="yellow")
    return title


def failed_panel(title: Text, error: str) -> Panel:
    """A lookup that gave no answer: its one sentence, in red."""
    return Panel(literal_text(error, "red"), title=title, title_align="left", border_style="red")
