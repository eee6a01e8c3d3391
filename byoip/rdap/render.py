"""The registration lookup as a Rich panel (``lookup`` prints it; the UI can show it).

Every value from RDAP is untrusted: it goes into ``rich.text.Text`` objects
(never parsed as markup), cleaned here again with ``clean_text`` even though the
parser cleans what it keeps: a result can also come from the cache or a recording,
and error sentences can quote what a server sent.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from byoip.findings import Severity
from byoip.lookup_panels import failed_panel, findings_table, lookup_title
from byoip.lookup_panels import literal_text as _plain
from byoip.rdap import RdapResult
from byoip.rdap.holder import name_origin


def rdap_panel(result: RdapResult) -> Panel:
    """A panel: RIR, network, holder, coverage, certificate, then the findings."""
    title = lookup_title("Registration (RDAP)", result.cidr, bool(result.recorded))
    if not result.ok:
        return failed_panel(title, result.error or "The lookup failed.")

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    rir = _plain(result.rir or "unknown")
    if result.rir_evidence:
        rir.append_text(_plain(f"  ({result.rir_evidence})", "dim"))
    table.add_row("Registry", rir)
    if result.network:
        net = result.network
        table.add_row("Network", _plain(f"{net.cidr}  {net.handle}"))
        table.add_row("Name", _plain(net.name or "-"))
        table.add_row("Type", _plain(", ".join(p for p in (net.type, *net.status) if p) or "-"))
    if result.registrant:
        holder = result.registrant
        who = _plain(holder.name or "-")
        who.append_text(_plain(f"  {holder.handle or 'no handle'}, {holder.kind}", "dim"))
        who.append_text(_plain(f"\n{holder.evidence}; {name_origin(holder)}", "dim"))
        table.add_row("Holder", who)
    else:
        table.add_row("Holder", Text("not named", style="yellow"))
    table.add_row(
        "Covers range",
        Text("yes", style="green") if result.covers_range else Text("no", style="bold red"),
    )
    for item in result.more_specific:
        holder_name = item.registrant.name if item.registrant else "no named holder"
        line = _plain(f"{item.network.cidr}  {item.network.handle}  {holder_name}")
        table.add_row("Inside", line)
    cert = result.certificate
    if cert:
        line = _plain(cert.subject)
        line.append_text(_plain(f"\nuntil {cert.not_after[:10]}, SHA-256 {cert.sha256}", "dim"))
        table.add_row("Certificate", line)
    else:
        table.add_row("Certificate", Text("none in the remarks", style="dim"))
    source = _plain(result.source_url or "-", "dim")
    source.append(f"\n{result.checked_at_iso}", style="dim")
    if result.from_cache:
        source.append(" (cached; --refresh to ask again)", style="dim")
    table.add_row("Source", source)

    worst = next((f.severity for f in result.findings), None)
    border = {Severity.ERROR: "red", Severity.WARNING: "yellow"}.get(worst, "green")  # type: ignore[arg-type]
    parts: list[RenderableType] = [table]
    if result.findings:
        parts += [Text(""), findings_table(result.findings)]
    return Panel(Group(*parts), title=title, title_align="left", border_style=border)
