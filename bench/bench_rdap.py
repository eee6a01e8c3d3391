"""Registry lookup: ses-byoip's ``lookup_rdap`` vs ipwhois' ``IPWhois(ip).lookup_rdap()``.

Both ask the same local RDAP server (tests/support/rdap_server.py, recorded answers)
that answers every request after 50 ms, for a /24 (RIPE NCC) and a /22 (ARIN),
in the same run.  Printed: mean wall time per lookup and HTTP requests per
lookup (counted by the server), and the ratios.

How ipwhois is pointed at 127.0.0.1 (it has no base-URL knob):
- its ASN step (normally Team Cymru over DNS, then whois port 43, then ARIN's
  REST API over HTTP) is limited to ``asn_methods=["http"]``, and
  ``ipwhois.net.ARIN`` (the REST URL) is patched to the local server, which
  answers with a minimal ARIN REST document naming the RIR. That keeps its
  usual two round trips (ASN, then RDAP) with the same 50 ms each;
- ``ipwhois.rdap.RIR_RDAP`` (each RIR's ip/entity URL) is patched to paths on
  the local server;
- ``inc_nir=False`` and ``get_asn_description=False``: no JPNIC/KRNIC or
  extra ASN queries; ``root_ent_check`` stays on (its default), but every
  recorded entity has its vCard so it fetches no entity.

ipwhois looks up one address.  To learn what ``lookup_rdap`` learns about a
/22 (the registration, and whether any /24 inside is registered to someone
else) it needs one lookup per /24: that row is shown as "ipwhois, per /24".

Run: ``python bench/bench_rdap.py`` (``--rounds N``, default 10).
"""

from __future__ import annotations

import argparse
import ipaddress
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from byoip.config import Settings  # noqa: E402
from byoip.rdap import lookup_rdap  # noqa: E402
from tests.support.rdap_server import RdapTestServer  # noqa: E402

DELAY = 0.050
CASES = (("/24", "185.54.121.0/24", "RIPE"), ("/22", "199.188.0.0/22", "ARIN"))
IPWHOIS_RIR = {"ARIN": "arin", "RIPE": "ripencc"}


def point_ipwhois_at(server: RdapTestServer) -> None:
    import ipwhois.net
    import ipwhois.rdap

    base = server.base_url
    ipwhois.net.ARIN = base + "arin-rest/nets;q={0}?showDetails=true&showARIN=true"
    for rir in ipwhois.rdap.RIR_RDAP:
        ipwhois.rdap.RIR_RDAP[rir] = {
            "ip_url": f"{base}{rir}/ip/{{0}}",
            "entity_url": f"{base}{rir}/entity/{{0}}",
        }


def ipwhois_lookup(address: str) -> None:
    from ipwhois import IPWhois

    result = IPWhois(address, timeout=5).lookup_rdap(
        asn_methods=["http"], inc_nir=False, get_asn_description=False, retry_count=0
    )
    assert result["network"]["handle"], result


def measure(server: RdapTestServer, rounds: int, action: Callable[[], None]) -> tuple[float, float]:
    """(mean seconds, HTTP requests) per call."""
    action()  # warm up imports and connections
    times = []
    before = server.count()
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.mean(times), (server.count() - before) / rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    with RdapTestServer(delay=DELAY) as server, tempfile.TemporaryDirectory() as cache:
        point_ipwhois_at(server)
        settings = Settings(
            cache_dir=Path(cache), rdap_base_url=server.base_url, rdap_timeout=5, rdap_retries=0
        )
        print(f"Local RDAP server answering after {DELAY * 1000:.0f} ms; {args.rounds} rounds.")
        header = f"{'range':<5} {'tool':<32} {'ms/lookup':>10} {'requests':>9}"
        print(header)
        print("-" * len(header))
        for label, cidr, rir in CASES:
            server.routes = {"/arin-rest/": {"nets": {"net": {"orgRef": {"@handle": rir}}}}}
            network = ipaddress.IPv4Network(cidr)

            def ours(cidr: str = cidr) -> None:
                result = lookup_rdap(cidr, settings, refresh=True)
                assert result.status == "ok", result.error

            def ours_cached(cidr: str = cidr) -> None:
                assert lookup_rdap(cidr, settings).from_cache

            def theirs_one(network: ipaddress.IPv4Network = network) -> None:
                ipwhois_lookup(str(network.network_address))

            def theirs_each(network: ipaddress.IPv4Network = network) -> None:
                for subnet in network.subnets(new_prefix=24):
                    ipwhois_lookup(str(subnet.network_address))

            rows = [
                ("ses-byoip lookup_rdap", measure(server, args.rounds, ours)),
                ("ses-byoip, from the disk cache", measure(server, args.rounds, ours_cached)),
                ("ipwhois IPWhois.lookup_rdap", measure(server, args.rounds, theirs_one)),
            ]
            if network.prefixlen < 24:
                rows.append(
                    ("ipwhois, per /24 (same coverage)", measure(server, args.rounds, theirs_each))
                )
            for name, (seconds, requests) in rows:
                print(f"{label:<5} {name:<32} {seconds * 1000:>10.1f} {requests:>9.1f}")
            base_time = rows[0][1][0]
            for name, (seconds, _requests) in rows[2:]:
                print(f"{label:<5}   ratio {name} / ses-byoip: {seconds / base_time:.2f}x time")
            print()


if __name__ == "__main__":
    main()
