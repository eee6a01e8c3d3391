"""When every blocklist fails alike, the resolver is blamed once (issue 18).

Real DNS on 127.0.0.1: a server that knows no zone answers NXDOMAIN for every
name (as a filtering or captive resolver does), and a closed port stands for a
resolver that is not there (time-outs well under a second).
"""

from __future__ import annotations

import asyncio
import json
import socket

import pytest
from click.testing import CliRunner
from rich.console import Console

from byoip.cli import main
from byoip.config import DEFAULT_ZONES, load_settings
from byoip.reputation import SweepResult, sweep
from byoip.reputation.render import reputation_panel
from byoip.request import Request
from byoip.requirements import Verdict, assess
from tests.support.dns_server import BlocklistDnsServer
from tests.support.fixtures_dns import DnsServerFixture

RANGE = "203.0.113.0/30"


@pytest.fixture
def nxdomain_server() -> BlocklistDnsServer:
    """A resolver that says "no such name" to everything (it knows no zone)."""
    server = BlocklistDnsServer().start()
    yield server  # type: ignore[misc]
    server.stop()


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_sweep(resolver: str, timeout: float = 0.3) -> SweepResult:
    settings = load_settings().with_overrides(
        resolver=resolver, dns_timeout=timeout, dns_deadline=10.0, zones=DEFAULT_ZONES
    )
    return asyncio.run(sweep(RANGE, settings))


def rendered(result: SweepResult) -> str:
    console = Console(width=120, record=True)
    console.print(reputation_panel(result))
    return flat(console.export_text())


def flat(text: str) -> str:
    """Panel text as one line (borders and wrapping out), to look for a sentence in it."""
    return " ".join(text.replace("│", " ").split())


def test_nxdomain_for_everything_blames_the_resolver_once(
    nxdomain_server: BlocklistDnsServer,
) -> None:
    result = run_sweep(nxdomain_server.address, timeout=1.0)

    assert {zone.cause for zone in result.zones} == {"test_unlisted"}
    blame = result.resolver_blame
    assert blame is not None
    assert f"127.0.0.1:{nxdomain_server.port}" in blame
    assert "NXDOMAIN" in blame
    for way in ("--resolver HOST[:PORT]", "SES_BYOIP_RESOLVER", "[dnsbl]"):
        assert way in blame
    # Once: no per-list "the list may have shut down" next to it.
    codes = [finding.code for finding in result.findings]
    assert codes == ["reputation.resolver"]
    assert result.to_json()["resolver_blame"] == blame
    text = rendered(result)
    assert text.count("likely cause is the") == 1
    assert "may have shut down" not in text


def test_an_unreachable_resolver_is_blamed_too() -> None:
    result = run_sweep(f"127.0.0.1:{closed_port()}", timeout=0.3)

    causes = {zone.cause for zone in result.zones}
    assert len(causes) == 1 and causes <= {"unreachable", "timeout"}
    assert result.resolver_blame is not None
    assert [f.code for f in result.findings] == ["reputation.resolver"]


def test_lists_failing_differently_are_reported_one_by_one(dns_server: DnsServerFixture) -> None:
    dns_server.zones.clear()
    dns_server.add_zone("good.test")
    dns_server.add_zone("nolist.test", rfc5782=False)
    dns_server.add_zone("sf.test", rcode="SERVFAIL")
    settings = dns_server.settings(zones=("good.test", "nolist.test", "sf.test"))
    result = asyncio.run(sweep(RANGE, settings))

    assert result.resolver_blame is None
    codes = sorted(f.code for f in result.findings)
    assert codes == ["reputation.zone_broken", "reputation.zone_broken"]


def test_one_list_alone_is_not_enough_to_blame_the_resolver(
    nxdomain_server: BlocklistDnsServer,
) -> None:
    settings = load_settings().with_overrides(
        resolver=nxdomain_server.address, dns_timeout=1.0, zones=("zen.spamhaus.org",)
    )
    result = asyncio.run(sweep(RANGE, settings))
    assert result.zones[0].cause == "test_unlisted"
    assert result.resolver_blame is None


def test_the_blame_survives_a_saved_draft_and_leaves_clean_history_open(
    nxdomain_server: BlocklistDnsServer,
) -> None:
    result = run_sweep(nxdomain_server.address, timeout=1.0)
    snapshot = result.snapshot()
    assert "resolver_blame" not in snapshot  # derived, and TOML has no null
    again = SweepResult.from_snapshot(json.loads(json.dumps(snapshot)))
    assert again.resolver_blame == result.resolver_blame

    statuses = assess(Request(ip_range=RANGE), reputation_findings=again.findings)
    clean = next(s for s in statuses if s.requirement.id == "clean_history")
    assert clean.verdict is Verdict.UNKNOWN
    assert clean.finding is not None and clean.finding.code == "reputation.resolver"


def test_lookup_says_it_in_text_and_json(nxdomain_server: BlocklistDnsServer) -> None:
    resolver = nxdomain_server.address
    args = ["lookup", "185.54.121.0/30", "--no-rdap", "--no-routing", "--resolver", resolver]
    as_json = CliRunner().invoke(main, [*args, "--json"])
    data = json.loads(as_json.stdout)
    assert "likely cause is the" in data["reputation"]["resolver_blame"]

    as_text = CliRunner().invoke(main, args)
    assert flat(as_text.output).count("likely cause is the") == 1, as_text.output
