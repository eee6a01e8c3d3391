"""The registration lookup as a Rich panel (``lookup`` prints it; the UI can show it).

Every value from RDAP is untrusted: it goes into ``rich.text.Text`` objects
(never parsed as markup) after ``clean_text`` in the parser.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from byoip.findings import Finding, Severity
from byoip.rdap import RdapResult

SEVERITY_STYLE: dict[Severity, tuple[str, str]] = {
    Severity.ERROR: ("✗", "bold red"),
    Severity.WARNING: ("!", "yellow"),
    Severity.INFO: ("·", "cyan"),
}


def findings_table(findings: list[Finding]) -> Table:
    """One row per finding: mark and severity, then the sentence (wrapped in its column)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    for finding in findings:
        mark, style = SEVERITY_STYLE[finding.severity]
        table.add_row(Text(f"{mark} {finding.severity.value}", style=style), Text(finding.message))
    return table


def rdap_panel(result: RdapResult) -> Panel:
    """A panel: RIR, network, holder, coverage, certificate, then the findings."""
    title = Text("Registration (RDAP) ")
    title.append(result.cidr, style="bold")
    if not result.ok:
        body: RenderableType = Group(
            Text(result.error or "The lookup failed.", style="red"),
        )
        return Panel(body, title=title, title_align="left", border_style="red")

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    rir = Text(result.rir or "unknown")
    if result.rir_evidence:
        rir.append(f"  ({result.rir_evidence})", style="dim")
    table.add_row("Registry", rir)
    if result.network:
        net = result.network
        table.add_row("Network", Text(f"{net.cidr}  {net.handle}"))
        table.add_row("Name", Text(net.name or "-"))
        table.add_row("Type", Text(", ".join(p for p in (net.type, *net.status) if p) or "-"))
    if result.registrant:
        holder = result.registrant
        who = Text(holder.name or "-")
        who.append(f"  {holder.handle}, kind {holder.kind}", style="dim")
        table.add_row("Holder", who)
    else:
        table.add_row("Holder", Text("not named", style="yellow"))
    table.add_row(
        "Covers range",
        Text("yes", style="green") if result.covers_range else Text("no", style="bold red"),
    )
    for item in result.more_specific:
        holder_name = item.registrant.name if item.registrant else "no named holder"
        line = Text(f"{item.network.cidr}  {item.network.handle}  {holder_name}")
        table.add_row("Inside", line)
    cert = result.certificate
    if cert:
        line = Text(cert.subject)
        line.append(f"\nuntil {cert.not_after[:10]}, SHA-256 {cert.sha256}", style="dim")
        table.add_row("Certificate", line)
    else:
        table.add_row("Certificate", Text("none in the remarks", style="dim"))
    source = Text(result.source_url or "-", style="dim")
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
