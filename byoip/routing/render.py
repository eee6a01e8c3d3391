"""The routing check as a Rich panel (``lookup`` prints it; the UI can show it).

Values from the source are untrusted: they go into ``rich.text.Text`` (never
markup) and through ``clean_text`` again, since a result may come from the
cache or a recording.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from byoip.findings import Severity
from byoip.rdap.render import failed_panel, findings_table, lookup_title
from byoip.routing import VALIDITY_WORDS, RoutingResult, roas_to_create
from byoip.routing.parse import VALID
from byoip.text import clean_text

VALIDITY_STYLE = {"valid": "green", "unknown": "yellow"}


def _plain(value: object, style: str = "", max_chars: int | None = 200) -> Text:
    return Text(clean_text(value, max_chars), style=style)


def verdict_text(validity: str) -> Text:
    """``✔ valid: a ROA authorizes it`` / ``✖ invalid: ...``: symbol and words, not colour alone."""
    mark = "✔" if validity == VALID else ("?" if validity == "unknown" else "✖")
    words = VALIDITY_WORDS.get(validity, validity)
    return _plain(f"{mark} {words}", VALIDITY_STYLE.get(validity, "bold red"))


def roa_table(result: RoutingResult | None, cidr: str, region: str | None) -> Table:
    """The ROA entries to create at the registry: prefix, origin AS, max length, seen today."""
    table = Table(box=None, padding=(0, 2), show_edge=False)
    for column in ("Prefix", "Origin", "Max length", "Why", "Seen"):
        table.add_column(column, no_wrap=True)
    for entry in roas_to_create(cidr, region, result):
        seen = (
            Text("not checked", style="dim")
            if entry.exists is None
            else (Text("✔ yes", style="green") if entry.exists else Text("✖ no", style="red"))
        )
        table.add_row(entry.prefix, f"AS{entry.asn}", f"/{entry.max_length}", entry.why, seen)
    return table


def routing_panel(result: RoutingResult) -> Panel:
    """A panel: announcements, the verdict per ASN with its ROAs, the ROAs to create, findings."""
    title = lookup_title("Routing (ROA)", result.cidr, result.recorded)
    if not result.ok:
        return failed_panel(title, result.error or "The routing check failed.")

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    origins = ", ".join(f"AS{a}" for a in result.origins)
    table.add_row("Announced by", _plain(origins or "nobody (as its own prefix)"))
    visibility = result.visibility()
    if visibility:
        seen = f"{visibility['ris_peers_seeing']} of {visibility['total_ris_peers']} RIS peers"
        table.add_row("Seen by", _plain(seen))
    routing = result.routing
    if routing and routing.less_specifics and not result.origins:
        cover = routing.less_specifics[0]
        table.add_row("Inside", _plain(f"{cover.prefix} from AS{cover.origin}"))
    for check in result.inside:
        line = _plain(f"{check.prefix} from AS{check.asn}  ")
        line.append_text(verdict_text(check.validity))
        table.add_row("Part announced", line)
    for check in result.asns:
        role = " and ".join(
            {"amazon": "Amazon", "origin": "today's origin"}[r] for r in result.roles(check.asn)
        )
        line = verdict_text(check.validity)
        for roa in check.roas[:4]:
            line.append("\n")
            mark = "✔" if roa.validity == VALID else "·"
            line.append_text(_plain(f"  {mark} ROA {roa.describe()}", "dim"))
        table.add_row(f"AS{check.asn} ({role})", line)
    source = _plain(result.source_url or "-", "dim")
    when = routing.data_time if routing and routing.data_time else "no date given"
    source.append("\n")
    source.append(f"data from {clean_text(when, 40)}; checked {result.checked_at_iso}", "dim")
    if result.from_cache:
        source.append(" (cached; --refresh to ask again)", style="dim")
    table.add_row("Source", source)

    worst = next((f.severity for f in result.findings), None)
    border = {Severity.ERROR: "red", Severity.WARNING: "yellow"}.get(worst, "green")  # type: ignore[arg-type]
    parts: list[RenderableType] = [
        table,
        Text(""),
        Text("ROAs to create at your registry", style="bold"),
        roa_table(result, result.cidr, result.region),
    ]
    if result.findings:
        parts += [Text(""), findings_table(result.findings)]
    return Panel(Group(*parts), title=title, title_align="left", border_style=border)
