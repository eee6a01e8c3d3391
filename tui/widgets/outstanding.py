"""What is still open about a request (``byoip.session.readiness``), as a Rich renderable.

Used by the review step and by export's question, so both say it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text

from byoip.session.readiness import SYMBOLS, Outstanding
from byoip.text import clean_text


def outstanding_table(items: Iterable[Outstanding]) -> Table:
    """Symbol and sentence in two columns: a wrapped sentence hangs under its own start."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for item in items:
        table.add_row(SYMBOLS[item.kind], Text(clean_text(f"{item.label}: {item.message}", 600)))
    return table
