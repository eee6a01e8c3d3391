"""Routing check: ses-byoip's ``lookup_routing`` (calls at once) vs the same calls one by one.

Both ask the same local RIPEstat-shaped server (tests/support/routing_server.py)
that answers every request after 50 ms, for a /24 (announced by one origin: 4 calls,
routing-status plus rpki-validation for AS16509, AS14618 and the origin) and a /22
(announced whole and as four /24s: 8 calls), in the same run, with the cache off.
The baseline is the same code with one worker: the same requests, one after another.
Printed: mean wall time per check, HTTP requests per check (counted by the
server), and the ratio.

Run: ``python bench/bench_routing.py`` (``--rounds N``, default 10).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from byoip.config import Settings  # noqa: E402
from byoip.routing import WORKERS, lookup_routing  # noqa: E402
from tests.support.routing_server import RoutingTestServer  # noqa: E402

DELAY = 0.050
CASES = (("/24", "45.137.20.0/24"), ("/22", "45.137.28.0/22"))


def measure(server: RoutingTestServer, settings: Settings, cidr: str, workers: int, rounds: int):
    times, requests = [], []
    for _ in range(rounds):
        before = server.count()
        started = time.perf_counter()
        result = lookup_routing(cidr, settings, "eu-west-1", refresh=True, workers=workers)
        times.append(time.perf_counter() - started)
        requests.append(server.count() - before)
        if not result.ok:
            raise SystemExit(f"the check failed: {result.error}")
    return statistics.mean(times), statistics.mean(requests)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache, RoutingTestServer(delay=DELAY) as server:
        settings = Settings(routing_base_url=server.base_url, cache_dir=Path(cache))
        lookup_routing("45.137.20.0/24", settings, refresh=True)  # warm up imports
        print(f"Local server answering after {DELAY * 1000:.0f} ms; {args.rounds} rounds each.")
        print(f"{'range':<6} {'how':<28} {'requests':>9} {'mean time':>10} {'ratio':>7}")
        for label, cidr in CASES:
            one_by_one = measure(server, settings, cidr, 1, args.rounds)
            at_once = measure(server, settings, cidr, WORKERS, args.rounds)
            assert at_once[1] == one_by_one[1], "both make the same requests"
            print(
                f"{label:<6} {'one after another':<28} {one_by_one[1]:>9.0f} "
                f"{one_by_one[0] * 1000:>8.0f} ms {'1.00':>7}"
            )
            print(
                f"{label:<6} {f'ses-byoip ({WORKERS} at a time)':<28} {at_once[1]:>9.0f} "
                f"{at_once[0] * 1000:>8.0f} ms {one_by_one[0] / at_once[0]:>6.2f}x"
            )


if __name__ == "__main__":
    main()
