"""The reputation panel: a Rich renderable for a sweep result (``lookup`` prints it).

Zone names, answer codes and TXT reasons come from the network or from draft
files, so every cell is a ``rich.text.Text`` built from plain strings: nothing
in them is ever read as markup.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from byoip.lookup_panels import lookup_title
from byoip.reputation import SweepResult
from byoip.reputation.diagnosis import SEE_RESOLVER
from byoip.text import clean_text

VERDICT_STYLE = {
    "listed": "bold red",
    "clean": "bold green",
    "incomplete": "bold yellow",
    "unrecorded": "bold yellow",
}
STATUS_STYLE = {
    "ok": "green",
    "refused": "yellow",
    "broken": "red",
    "timeout": "yellow",
    "unrecorded": "yellow",
}
VERDICT_WORDS = {
    "listed": "LISTED: some addresses are on a blocklist",
    "clean": "CLEAN: no address is listed on any blocklist checked",
    "incomplete": "INCOMPLETE: some blocklists could not be checked",
    "unrecorded": "NO RECORDING: this replay has no answers for the range, so nothing is known",
}
#: Listings shown in the panel; the JSON output and the record keep them all.
MAX_LISTINGS_SHOWN = 50


def _plain(value: object, max_chars: int | None = 200) -> Text:
    return Text(clean_text(value, max_chars))


def summary_line(result: SweepResult) -> Text:
    """One line: the verdict, how much was asked, how long it took, through what."""
    line = Text(VERDICT_WORDS[result.verdict], style=VERDICT_STYLE[result.verdict])
    line.append(
        f"\n{result.addresses:,} addresses x {len(result.zones)} blocklists = "
        f"{result.queries:,} queries in {result.seconds:.2f} s, {result.when_text}, via ",
        style="dim",
    )
    line.append_text(_plain(result.resolver or "unknown resolver"))
    return line


def zones_table(result: SweepResult) -> Table:
    blamed = result.resolver_blame is not None
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    table.add_column("blocklist", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("listed", justify="right", no_wrap=True)
    table.add_column("detail", ratio=1)
    for zone in result.zones:
        table.add_row(
            _plain(zone.zone),
            Text(zone.status, style=STATUS_STYLE.get(zone.status, "")),
            Text(str(len(zone.listed)) if zone.status == "ok" or zone.listed else "-"),
            _plain(SEE_RESOLVER if blamed else zone.detail, 400),
        )
    return table


def listings_table(result: SweepResult) -> Table | None:
    rows = [(zone.zone, item) for zone in result.zones for item in zone.listed]
    if not rows:
        return None
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, title="Listed addresses")
    table.add_column("address", no_wrap=True)
    table.add_column("blocklist", no_wrap=True)
    table.add_column("codes", no_wrap=True)
    table.add_column("meaning / reason", ratio=1)
    for zone_name, item in rows[:MAX_LISTINGS_SHOWN]:
        meaning = _plain(item.meaning)
        if item.reason:
            meaning.append("\n")
            meaning.append_text(_plain(item.reason))
        table.add_row(
            _plain(item.address, 64),
            _plain(zone_name),
            _plain(", ".join(item.codes), 100),
            meaning,
        )
    if len(rows) > MAX_LISTINGS_SHOWN:
        table.caption = f"... and {len(rows) - MAX_LISTINGS_SHOWN:,} more (see --json)"
    return table


def reputation_panel(result: SweepResult) -> RenderableType:
    """The whole reputation section: verdict, per-zone status, listed addresses."""
    parts: list[RenderableType] = [summary_line(result)]
    blame = result.resolver_blame
    if blame is not None:
        # Said once, above the table whose every row would otherwise blame its list.
        parts.append(Text("\n! " + clean_text(blame, 600), style="yellow"))
    parts.append(zones_table(result))
    listings = listings_table(result)
    if listings is not None:
        parts.append(listings)
    title = lookup_title("Reputation (DNS blocklists)", result.cidr, bool(result.recorded))
    return Panel(
        Group(*parts),
        title=title,
        title_align="left",
        border_style=VERDICT_STYLE[result.verdict].replace("bold ", ""),
    )
