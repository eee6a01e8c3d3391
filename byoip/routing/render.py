"""The routing check as a Rich panel (``lookup`` prints it; the UI can show it).

Values from the source are untrusted: they go into ``rich.text.Text`` (never
markup) and through ``clean_text`` again, since a result may come from the
cache or a recording.
"""

from __future__ import annotations

import urllib.parse

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from byoip.findings import Severity
from byoip.lookup_panels import failed_panel, findings_table, lookup_title
from byoip.recording import recording_words
from byoip.routing import VALIDITY_WORDS, RoaToCreate, RoutingResult, roas_to_create
from byoip.routing.parse import INVALID_ASN, INVALID_LENGTH, NOT_FOUND, VALID
from byoip.text import clean_text

VALIDITY_STYLE = {"valid": "green", "unknown": "yellow"}


def _plain(value: object, style: str = "", max_chars: int | None = 200) -> Text:
    return Text(clean_text(value, max_chars), style=style)


def verdict_text(validity: str) -> Text:
    """``✔ valid: a ROA authorizes it`` / ``✖ invalid: ...``: symbol and words, not colour alone."""
    mark = "✔" if validity == VALID else ("?" if validity == "unknown" else "✖")
    words = VALIDITY_WORDS.get(validity, validity)
    return _plain(f"{mark} {words}", VALIDITY_STYLE.get(validity, "bold red"))


#: Few words per validity, for a narrow panel (the findings below it say what to do).
SHORT_WORDS = {
    VALID: "✔ valid",
    INVALID_ASN: "✖ not in the ROA",
    INVALID_LENGTH: "✖ max length too short",
    NOT_FOUND: "✖ no ROA at all",
}


def short_verdict(validity: str, role: str = "") -> Text:
    """``✔ valid · Amazon``: the symbol and a few words (never colour alone)."""
    text = Text()
    words = SHORT_WORDS.get(validity, f"? {validity}")
    text.append_text(_plain(words, "green" if validity == VALID else "bold red", 60))
    if role:
        text.append_text(_plain(f" · {role}", "", 60))
    return text


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


def source_label(result: RoutingResult) -> str:
    """Where the answer came from and the date of its data; a recording says it is one."""
    routing = result.routing
    data_time = routing.data_time.replace("T", " ", 1) if routing and routing.data_time else None
    when = f"data of {data_time} UTC" if data_time else "no date given"
    if result.recorded:
        return clean_text(f"{recording_words(result.recorded_at)}, not a live answer ({when})", 160)
    # The host's name only: a port or a path says nothing to the person reading it.
    where = urllib.parse.urlsplit(result.source_url).hostname or "the routing source"
    cached = ", from the cache" if result.from_cache else ""
    return clean_text(f"{where} ({when}{cached})", 160)


def roa_text(
    cidr: str, region: str | None, result: RoutingResult | None, unchecked: str | None = None
) -> Text:
    """The ROA entries to enter at the registry, each with the live verdict beside it.

    For the wizard's proof step: prefix, max length and origin ASes exactly as a
    registry's ROA form asks for them, grouped by prefix (narrow columns);
    ``result`` None means not checked yet, and ``unchecked`` says why when known
    (the routing check turned off).
    """
    try:
        entries = roas_to_create(cidr, region, result)
    except ValueError:
        return Text("Enter a valid range first: the ROA is for that range.")
    text = Text("Create at your registry (one ROA entry per origin AS):\n", style="bold")
    if not entries:
        text.append("Which ASNs AWS announces from in this Region is not in our sources: ")
        text.append("ask AWS.\n")
    validity = {}
    if result is not None and result.ok:
        validity = {(v.prefix, v.asn): v.validity for v in result.asns + result.inside}
    groups: dict[tuple[str, int], list[RoaToCreate]] = {}
    for entry in entries:
        groups.setdefault((entry.prefix, entry.max_length), []).append(entry)
    for (prefix, max_length), group in groups.items():
        text.append_text(_plain(f"  Prefix      {prefix}", "bold"))
        text.append("\n")
        text.append_text(_plain(f"  Max length  /{max_length}", "bold"))
        text.append("\n  Origin AS:\n")
        for entry in group:
            text.append_text(_plain(f"    AS{entry.asn}  "))
            found = validity.get((entry.prefix, entry.asn))
            if found is None:
                text.append_text(_plain(f"· not checked yet · {entry.why}", "dim"))
            else:
                text.append_text(short_verdict(found, entry.why))
            text.append("\n")
    if result is None:
        if unchecked:
            text.append_text(_plain(unchecked, "dim", 300))
        return text
    if not result.ok:
        text.append_text(_plain(f"✖ {result.error or 'The routing check failed.'}", "red", 300))
        return text
    text.append_text(_plain(f"Routing data: {source_label(result)}.", "dim"))
    return text
