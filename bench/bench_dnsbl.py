"""Benchmark: the reputation sweep vs pydnsbl, against the same slow DNS server.

Starts bench/slow_dns_server.py in its own process (every answer 30 ms after
the query, five working lists, x.x.x.7 listed everywhere), then for a /24 and
a /20 over the five default zones prints, from the same run:

* ours: ``byoip.reputation.sweep`` (self-test, sweep, TXT reasons for listings);
* pydnsbl 1.1.7 (aiodns, concurrency 200) asked the same addresses x zones;
* the latency bound ceil(queries / concurrency) x delay;
* ours / bound and pydnsbl / ours;
* the CPU time each spent in this (the client) process.

Each figure is the median of --repeat runs, the two tools alternating.

    pip install -e '.[bench]'
    python bench/bench_dnsbl.py            # --repeat 3 --delay 0.03 --concurrency 200
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

import aiodns
from pydnsbl import DNSBLIpChecker
from pydnsbl.providers import Provider

from byoip.config import DEFAULT_ZONES, Settings
from byoip.reputation import sweep

SERVER = Path(__file__).with_name("slow_dns_server.py")
RANGES = ("203.0.113.0/24", "198.18.0.0/20")


def start_server(delay: float) -> tuple[subprocess.Popen[str], int]:
    command = [sys.executable, str(SERVER), "--delay", str(delay)]
    for zone in DEFAULT_ZONES:
        command += ["--zone", zone]
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline().split()
    if len(line) != 2 or line[0] != "PORT":
        process.kill()
        raise SystemExit(f"the slow DNS server did not start (said {line!r})")
    return process, int(line[1])


async def ours(cidr: str, port: int, concurrency: int) -> tuple[float, float, set[str], int]:
    settings = Settings(
        resolver=f"127.0.0.1:{port}",
        zones=DEFAULT_ZONES,
        dns_concurrency=concurrency,
        dns_timeout=2.0,
        dns_deadline=120.0,
    )
    start, cpu = time.perf_counter(), time.process_time()
    result = await sweep(cidr, settings, confirm_large=True)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if result.verdict != "listed" or any(zone.status != "ok" for zone in result.zones):
        raise SystemExit(f"unexpected sweep result: {result.to_json()}")
    return seconds, cpu, set(result.listed_addresses), result.sent


async def pydnsbl(cidr: str, port: int, concurrency: int) -> tuple[float, float, set[str]]:
    loop = asyncio.get_running_loop()
    checker = DNSBLIpChecker(
        providers=[Provider(zone) for zone in DEFAULT_ZONES],
        timeout=2,
        tries=2,
        concurrency=concurrency,
        loop=loop,
    )
    # pydnsbl always uses the system resolver; point its own aiodns resolver
    # (same options) at the bench server instead.
    checker._resolver = aiodns.DNSResolver(
        nameservers=["127.0.0.1"], udp_port=port, tcp_port=port, timeout=2, tries=2, loop=loop
    )
    addresses = [str(a) for a in ipaddress.ip_network(cidr)]
    start, cpu = time.perf_counter(), time.process_time()
    results = await asyncio.gather(*(checker.check_async(a) for a in addresses))
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    await checker._resolver.close()
    if any(r.failed_providers for r in results):
        raise SystemExit("pydnsbl had failed queries; the comparison would be unfair")
    return seconds, cpu, {r.addr for r in results if r.blacklisted}


async def bench(port: int, args: argparse.Namespace) -> None:
    print(
        f"slow DNS server on 127.0.0.1:{port}, answers after {args.delay * 1000:g} ms; "
        f"{len(DEFAULT_ZONES)} zones; concurrency {args.concurrency}; "
        f"median of {args.repeat} runs\n"
    )
    header = (
        f"{'range':<16} {'queries':>8} {'bound s':>8} {'ours s':>8} {'pydnsbl s':>10} "
        f"{'ours/bound':>11} {'pydnsbl/ours':>13}"
    )
    print(header)
    print("-" * len(header))
    for cidr in RANGES:
        queries = ipaddress.ip_network(cidr).num_addresses * len(DEFAULT_ZONES)
        bound = math.ceil(queries / args.concurrency) * args.delay
        our_times, their_times, our_cpu, their_cpu = [], [], [], []
        sent = 0
        for run in range(args.repeat):
            order = (0, 1) if run % 2 == 0 else (1, 0)
            for which in order:
                if which == 0:
                    seconds, cpu, our_listed, sent = await ours(cidr, port, args.concurrency)
                    our_times.append(seconds)
                    our_cpu.append(cpu)
                else:
                    seconds, cpu, their_listed = await pydnsbl(cidr, port, args.concurrency)
                    their_times.append(seconds)
                    their_cpu.append(cpu)
        if our_listed != their_listed:
            raise SystemExit(f"the two tools disagree on {cidr}: {our_listed ^ their_listed}")
        mine, theirs = statistics.median(our_times), statistics.median(their_times)
        print(
            f"{cidr:<16} {queries:>8,} {bound:>8.3f} {mine:>8.3f} {theirs:>10.3f} "
            f"{mine / bound:>10.2f}x {theirs / mine:>12.2f}x"
        )
        print(
            f"{'':<16} client CPU: ours {statistics.median(our_cpu):.3f} s, pydnsbl "
            f"{statistics.median(their_cpu):.3f} s"
        )
        print(
            f"{'':<16} ours sent {sent:,} queries (incl. {2 * len(DEFAULT_ZONES)} self-test "
            f"and {len(our_listed) * len(DEFAULT_ZONES)} TXT); both found "
            f"{len(our_listed)} listed addresses"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description="reputation sweep vs pydnsbl")
    parser.add_argument("--delay", type=float, default=0.03, help="server delay in seconds")
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    process, port = start_server(args.delay)
    try:
        asyncio.run(bench(port, args))
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


if __name__ == "__main__":
    main()
