"""``ses-byoip lookup CIDR``: registration (RDAP), reputation (DNS blocklists), routing (ROAs).

The lookups run at the same time (RDAP and routing in threads, the blocklist
sweep on the event loop).  Heavy modules are imported inside the command so that
``ses-byoip --help`` stays fast.

Exit codes: 0 no error findings; 1 the lookup found errors (or failed);
2 bad input or unusable arguments.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from byoip.cli import EXIT_INVALID, EXIT_OK, fail, recordings_option, update_settings
from byoip.config.sources import http_url_problem
from byoip.fields import SPECIAL_PURPOSE, check_ip_range
from byoip.findings import has_errors
from byoip.rdap import RecordedFetcher, UrllibFetcher, lookup_rdap, parse_range
from byoip.rdap.render import rdap_panel
from byoip.regions import OTHER_PARTITION_REGIONS, REGIONS, suggest_regions
from byoip.registries import RIRS, national_registry, normalize_registry
from byoip.reputation import SweepRefused, needs_confirmation, query_count, sweep
from byoip.reputation.render import reputation_panel
from byoip.routing import RecordedRoutingFetcher, lookup_routing
from byoip.routing.render import routing_panel


def _parse_cidr(raw: str) -> ipaddress.IPv4Network:

    try:
        return parse_range(raw)
    except ValueError as exc:
        fail(str(exc))


def _refuse_special(network: ipaddress.IPv4Network) -> None:
    """A special-purpose range is in no registry and on no blocklist: say so, ask no one."""

    if any(network.subnet_of(block) for block, _what in SPECIAL_PURPOSE):
        findings = check_ip_range(str(network)).findings
        fail(next(f.message for f in findings if f.code == "ip_range.special"), EXIT_INVALID)


def _check_registry(raw: str | None) -> None:
    if raw is None:
        return

    if not normalize_registry(raw) and not national_registry(raw):
        fail(f"--registry {raw!r} is not a registry; use one of {', '.join(RIRS)}.")


def _check_url(raw: str | None, flag: str = "--rdap-url") -> None:
    if raw is None:
        return

    problem = http_url_problem(raw)
    if problem:
        example = (
            "https://stat.ripe.net/data/"
            if flag == "--routing-url"
            else "https://rdap.arin.net/registry/"
        )
        fail(f"{flag} {raw!r} is not an http(s) URL ({problem}); e.g. {example}.")


def _check_region(raw: str | None) -> None:
    if raw is None:
        return

    code = raw.strip().lower()
    if code not in REGIONS and code not in OTHER_PARTITION_REGIONS:
        hint = suggest_regions(raw)
        fail(
            f"--region {raw!r} is not an SES Region"
            + (f"; did you mean {hint[0]}?" if hint else "; e.g. eu-west-1.")
        )


def _zones(raw: str | None) -> tuple[str, ...] | None:
    if raw is None:
        return None
    zones = tuple(z.strip().rstrip(".") for z in raw.split(",") if z.strip())
    if not zones:
        fail("--zones is empty; give blocklist zones separated by commas.")
    return zones


@click.command()
@click.argument("cidr")
@click.option("--registry", help="The registry the request names (checked against RDAP).")
@click.option(
    "--rdap-url",
    help="One RDAP base URL replacing every registry's (proxy, mirror); $SES_BYOIP_RDAP_URL.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.05, max=300),
    help="Seconds per RDAP request (default 5, or $SES_BYOIP_RDAP_TIMEOUT).",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    help="Retries after a time-out or a server error (default 1, or $SES_BYOIP_RDAP_RETRIES).",
)
@click.option("--refresh", is_flag=True, help="Ask the registry again instead of the cache.")
@click.option("--no-reputation", is_flag=True, help="Skip the blocklist sweep.")
@click.option("--no-rdap", is_flag=True, help="Skip the registration lookup.")
@click.option("--no-routing", is_flag=True, help="Skip the routing check (ROAs, announcements).")
@click.option(
    "--region",
    help="The SES Region: decides Amazon's ASNs for the ROA (default: commercial Regions).",
)
@click.option(
    "--routing-url",
    help="Base URL of a RIPEstat-shaped Data API (mirror, local validator); "
    "$SES_BYOIP_ROUTING_URL.",
)
@recordings_option("routing", "the routing check (ROAs)")
@click.option("--resolver", help="DNS resolver for blocklists, HOST[:PORT] (default: system's).")
@click.option("--zones", help="Blocklist zones, comma separated (default: the built-in list).")
@click.option("--yes", is_flag=True, help="Sweep a range larger than the confirmation limit.")
@recordings_option("rdap", "the registry lookup (RDAP)")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def lookup(
    cidr: str,
    registry: str | None,
    rdap_url: str | None,
    timeout: float | None,
    retries: int | None,
    refresh: bool,
    no_reputation: bool,
    no_rdap: bool,
    no_routing: bool,
    region: str | None,
    routing_url: str | None,
    routing_recordings: Path | None,
    resolver: str | None,
    zones: str | None,
    yes: bool,
    rdap_recordings: Path | None,
    as_json: bool,
) -> None:
    """Look up who holds CIDR (RDAP), whether it is on blocklists (DNS), and its ROAs (routing)."""
    if no_rdap and no_reputation and no_routing:
        fail("--no-rdap, --no-reputation and --no-routing leave nothing to look up; drop one.")
    network = _parse_cidr(cidr)
    _refuse_special(network)
    _check_registry(registry)
    _check_region(region)
    _check_url(rdap_url)
    _check_url(routing_url, "--routing-url")
    settings = update_settings(
        routing_base_url=routing_url,
        rdap_base_url=rdap_url,
        rdap_timeout=timeout,
        rdap_retries=retries,
        resolver=resolver,
        zones=_zones(zones),
    )

    if not no_reputation and needs_confirmation(str(network), settings) and not yes:
        try:
            queries = query_count(str(network), settings.zones)
        except Exception:
            queries = network.num_addresses * len(settings.zones)
        fail(
            f"{network} has {network.num_addresses:,} addresses: the sweep would send "
            f"{queries:,} blocklist queries (operators limit free use); add --yes to go "
            "ahead, or --no-reputation to skip it."
        )

    # [routing] enabled = false is --no-routing, unless recordings are asked for by name.
    if not settings.routing_enabled and routing_recordings is None:
        no_routing = True
        if no_rdap and no_reputation:
            fail(
                "The routing check is turned off ([routing] enabled = false or "
                "$SES_BYOIP_ROUTING_ENABLED), so --no-rdap and --no-reputation leave nothing "
                "to look up; drop one."
            )
    routing_task = None
    if not no_routing:
        routing_task = _start_routing(str(network), settings, region, refresh, routing_recordings)
    rdap_result, sweep_result, refused = asyncio.run(
        _run(
            str(network),
            settings,
            registry,
            refresh,
            no_rdap,
            no_reputation,
            yes,
            rdap_recordings,
            show_progress=not as_json,
        )
    )
    routing_result = routing_task.result() if routing_task is not None else None
    if refused:
        fail(refused)

    if as_json:
        payload = {
            "rdap": rdap_result.to_json() if rdap_result is not None else None,
            "reputation": sweep_result.to_json() if sweep_result is not None else None,
            "routing": routing_result.to_json() if routing_result is not None else None,
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print_panels(rdap_result, sweep_result, routing_result)

    findings = list(rdap_result.findings) if rdap_result is not None else []
    if sweep_result is not None:
        findings += sweep_result.findings
    if routing_result is not None:
        findings += routing_result.findings
    sys.exit(EXIT_INVALID if has_errors(findings) else EXIT_OK)


def _start_routing(
    cidr: str, settings: Any, region: str | None, refresh: bool, recordings: Path | None
) -> Any:
    """The routing check in a thread of its own, started before the other lookups."""

    fetcher = RecordedRoutingFetcher(recordings) if recordings else None
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(lookup_routing, cidr, settings, region, refresh, fetcher)
    pool.shutdown(wait=False)
    return future


async def _run(
    cidr: str,
    settings: Any,
    registry: str | None,
    refresh: bool,
    no_rdap: bool,
    no_reputation: bool,
    yes: bool,
    recordings: Path | None,
    show_progress: bool,
) -> tuple[Any, Any, str | None]:
    """(RDAP result, sweep result, refusal sentence); both lookups at once."""
    rdap_task = None
    fetcher: Any = None
    if not no_rdap:
        fetcher = RecordedFetcher(recordings) if recordings else UrllibFetcher()
        rdap_task = asyncio.ensure_future(
            asyncio.to_thread(lookup_rdap, cidr, settings, registry, refresh, fetcher)
        )
    sweep_result = None
    refused = None
    try:
        if not no_reputation:
            with _progress(show_progress) as progress:
                try:
                    sweep_result = await sweep(cidr, settings, progress=progress, confirm_large=yes)
                except SweepRefused as exc:
                    refused = str(exc)
        rdap_result = await rdap_task if rdap_task is not None else None
    except asyncio.CancelledError:
        # ctrl+c: asyncio.run cancels us, then waits for the lookup's thread before it
        # raises KeyboardInterrupt.  Cancelling the fetcher ends that thread at once.
        if hasattr(fetcher, "cancel"):
            fetcher.cancel()
        raise
    return rdap_result, sweep_result, refused


class _progress:
    """A transient progress bar on stderr while the sweep runs (only on a terminal)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None

        self._bar = Progress(
            TextColumn("Blocklists"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("sweep", total=None)

        def update(done: int, total: int) -> None:
            self._bar.update(self._task, completed=done, total=total)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def _print_panels(rdap_result: Any, sweep_result: Any, routing_result: Any = None) -> None:

    console = Console(highlight=False)
    if rdap_result is not None:
        console.print(rdap_panel(rdap_result))
    if sweep_result is not None:
        console.print(reputation_panel(sweep_result))
    if routing_result is not None:
        console.print(routing_panel(routing_result))
