"""The sweep itself: RFC 5782 self-tests, then every address x every zone through the resolver.

See the package's docstring for how it asks and what it trusts.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Literal

from byoip.config import Settings
from byoip.recording import stamp_time
from byoip.reputation.codes import (
    TEST_LISTED,
    TEST_NOT_LISTED,
    ZoneConfigError,
    error_meaning,
    is_error_code,
    is_listing_code,
    listing_meaning,
    silence_note,
    zones_for,
)
from byoip.reputation.resolvers import (
    AresResolver,
    DnsAnswer,
    Resolver,
    ResolverConfigError,
)
from byoip.reputation.result import Listing, SweepResult, ZoneReport, ZoneStatus
from byoip.text import clean_text

Progress = Callable[[int, int], None]

#: How many times at most ``progress`` is called during one sweep (a bar needs no more).
PROGRESS_STEPS = 200


class SweepRefused(ValueError):
    """The sweep did not start: the message is one sentence saying why and what to do."""


def parse_range(cidr: str) -> ipaddress.IPv4Network:
    """The IPv4 network to sweep ("203.0.113.0/24"; host bits are ignored)."""
    try:
        network = ipaddress.ip_network(str(cidr).strip(), strict=False)
    except ValueError:
        raise SweepRefused(
            f"{cidr!r} is not an IPv4 range; write it like 203.0.113.0/24."
        ) from None
    if not isinstance(network, ipaddress.IPv4Network):
        raise SweepRefused(f"{cidr} is an IPv6 range; SES BYOIP and this check are IPv4 only.")
    return network


def needs_confirmation(cidr: str, settings: Settings) -> bool:
    """Whether sweeping ``cidr`` needs an explicit yes: blocklist operators limit free use."""
    return parse_range(cidr).num_addresses > settings.sweep_confirm_above


def query_count(cidr: str, zones: Sequence[str]) -> int:
    """Queries a sweep of ``cidr`` over ``zones`` sends (addresses x zones, before self-tests)."""
    return parse_range(cidr).num_addresses * len(zones)


def _names(address: int) -> tuple[str, str]:
    """(dotted address, reversed octets) for an IPv4 address given as an integer."""
    octets = (address >> 24, (address >> 16) & 255, (address >> 8) & 255, address & 255)
    return ".".join(map(str, octets)), ".".join(map(str, reversed(octets)))


def _sorted_codes(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values), key=lambda v: ipaddress.IPv4Address(v)))


class _Zone:
    """A zone's running state during one sweep."""

    def __init__(self, display: str, query: str, planned: int) -> None:
        self.display = display
        self.query = query
        self.planned = planned
        self.status: ZoneStatus = "ok"
        self.detail = ""
        #: How it failed, in one word shared by every zone failing the same way (result.CAUSES).
        self.cause = ""
        #: False once the zone refused us or gave answers no working list gives.
        self.trusted = True
        self.self_test: dict[str, DnsAnswer] = {}
        self.answered = 0
        self.skipped = 0
        self.timeouts = 0
        self.errors: dict[str, int] = {}
        self.listed: dict[str, Listing] = {}

    def fail(self, status: ZoneStatus, detail: str, cause: str) -> None:
        """Stop trusting this zone (first reason wins): it will list nothing."""
        if self.trusted:
            self.status, self.detail, self.trusted = status, detail, False
            self.cause = cause

    def report(self) -> ZoneReport:
        listed = (
            []
            if not self.trusted
            else sorted(self.listed.values(), key=lambda item: ipaddress.IPv4Address(item.address))
        )
        return ZoneReport(self.display, self.status, self.detail, listed, self.cause)


class _Sweep:
    def __init__(
        self,
        network: ipaddress.IPv4Network,
        zones: list[tuple[str, str]],
        resolver: Resolver,
        settings: Settings,
        progress: Progress | None,
    ) -> None:
        self.network = network
        self.resolver = resolver
        self.settings = settings
        self.progress = progress
        self.zones = [_Zone(display, name, network.num_addresses) for display, name in zones]
        self.total = network.num_addresses * len(self.zones)
        self.done = 0
        self.reported = -1
        self.step = max(1, -(-self.total // PROGRESS_STEPS))  # ceil: at most ~200 calls
        self.sent = 0
        self.deadline_hit = False

    # -- progress -----------------------------------------------------------------
    def _advance(self, count: int = 1) -> None:
        self.done += count
        if self.progress and (self.done - self.reported >= self.step or self.done == self.total):
            self.reported = self.done
            self.progress(self.done, self.total)

    # -- one query, one retry on a time-out -----------------------------------------
    async def _ask(self, name: str, qtype: Literal["A", "TXT"]) -> DnsAnswer:
        self.sent += 1
        answer = await self.resolver.query(name, qtype)
        if answer.outcome == "timeout":
            self.sent += 1
            answer = await self.resolver.query(name, qtype)
        return answer

    async def _pool(self, jobs: Iterator[Any], count: int, handle: Callable[[Any], Any]) -> None:
        """Run ``handle(job)`` for every job with at most dns_concurrency in flight.

        Workers share one iterator (safe: only one coroutine runs at a time), so a
        /20 costs ``concurrency`` tasks, not one task per query.
        """

        async def worker() -> None:
            for job in jobs:
                await handle(job)

        workers = max(1, min(self.settings.dns_concurrency or 1, count))
        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(workers):
                    group.create_task(worker())
        except BaseExceptionGroup as failed:
            # A worker raised (e.g. the caller's progress callback): the other
            # workers are cancelled by now; give the caller that exception, not a group.
            raise failed.exceptions[0] from None

    # -- RFC 5782 self-test ------------------------------------------------------------
    async def _self_test_one(self, zone: _Zone, test_address: str) -> None:
        reversed_name = ".".join(reversed(test_address.split(".")))
        zone.self_test[test_address] = await self._ask(f"{reversed_name}.{zone.query}", "A")
        if len(zone.self_test) == 2:
            self._judge_self_test(zone)

    def _judge_self_test(self, zone: _Zone) -> None:
        listed = zone.self_test.get(TEST_LISTED)
        unlisted = zone.self_test.get(TEST_NOT_LISTED)
        if listed is None or unlisted is None:
            return  # the deadline ran out first: reported as such at the end
        for answer in (listed, unlisted):
            errors = [v for v in answer.values if is_error_code(v)]
            if answer.outcome == "answer" and errors:
                reason, fix = error_meaning(errors[0])
                zone.fail("refused", f"{reason} (answer {errors[0]}); {fix}.", "error_code")
                return
        for answer in (listed, unlisted):
            if answer.outcome not in ("answer", "nxdomain", "nodata"):
                status, detail = self._no_answer(answer, "the self-test query")
                zone.fail(status, detail + silence_note(zone.query), answer.outcome)
                return
        if listed.outcome != "answer" or not any(is_listing_code(v) for v in listed.values):
            zone.fail(
                "broken",
                "the RFC 5782 test entry 127.0.0.2 is not listed, so the zone does not work "
                "as a blocklist here; check the zone name (the list may have shut down).",
                "test_unlisted",
            )
        elif any(not is_listing_code(v) for v in listed.values):
            zone.fail("broken", self._rewritten(listed.values), "rewritten")
        elif unlisted.outcome == "answer":
            zone.fail(
                "broken",
                "the zone lists 127.0.0.1, which no working blocklist does (RFC 5782); your "
                "resolver probably rewrites answers: use another one (--resolver HOST[:PORT]).",
                "rewritten",
            )

    def _no_answer(self, answer: DnsAnswer, what: str) -> tuple[ZoneStatus, str]:
        where = self.resolver.description
        if answer.outcome == "timeout":
            return (
                "timeout",
                f"{what} got no answer from the {where} within {self.settings.dns_timeout:g} s, "
                "twice; try again, raise the DNS timeout or use another resolver.",
            )
        if answer.outcome == "unreachable":
            return (
                "timeout",
                f"nothing answers DNS at the {where}; check it is running or set "
                "--resolver HOST[:PORT].",
            )
        if answer.outcome == "refused":
            return (
                "refused",
                f"the {where} refused the query (DNS REFUSED); use a resolver that answers "
                "recursive queries for you (--resolver HOST[:PORT]).",
            )
        return (
            "broken",
            f"{what} failed ({answer.outcome.upper()}{': ' if answer.detail else ''}"
            f"{clean_text(answer.detail, 80)}); the list or the resolver is not working, "
            "try again later or use another resolver.",
        )

    @staticmethod
    def _rewritten(values: Sequence[str]) -> str:
        odd = next((v for v in values if not is_listing_code(v)), values[0])
        return (
            f"the answer {clean_text(odd, 64)} is outside 127.0.0.0/8, which no blocklist sends; "
            "your resolver probably rewrites answers: use another one (--resolver HOST[:PORT])."
        )

    # -- the sweep itself --------------------------------------------------------------
    async def _check(self, job: tuple[str, str, _Zone]) -> None:
        address, reversed_name, zone = job
        if not reversed_name:  # a self-test job (see _jobs)
            await self._self_test_one(zone, address)
            return
        if not zone.trusted:  # failed its self-test or refused mid-sweep: stop asking it
            zone.skipped += 1
            self._advance()
            return
        name = f"{reversed_name}.{zone.query}"
        answer = await self._ask(name, "A")
        outcome = answer.outcome
        if outcome == "answer":
            errors = [v for v in answer.values if is_error_code(v)]
            if errors:
                reason, fix = error_meaning(errors[0])
                detail = f"during the sweep {reason} (answer {errors[0]}); {fix}."
                zone.fail("refused", detail, "error_code")
            elif any(not is_listing_code(v) for v in answer.values):
                zone.fail("broken", self._rewritten(answer.values), "rewritten")
            else:
                zone.answered += 1
                codes = _sorted_codes(answer.values)
                reason = ""
                txt = await self._ask(name, "TXT")
                if txt.outcome == "answer":
                    reason = clean_text(" ".join(txt.values))
                zone.listed[address] = Listing(
                    address, codes, listing_meaning(zone.query, codes), reason
                )
        elif outcome in ("nxdomain", "nodata"):
            zone.answered += 1
        elif outcome in ("timeout", "unreachable"):
            zone.timeouts += 1
        else:
            zone.errors[outcome] = zone.errors.get(outcome, 0) + 1
        self._advance()

    def _jobs(self) -> Iterator[tuple[str, str, _Zone]]:
        # The self-test queries go first, and the sweep follows without waiting
        # for their answers: that saves a round trip (a /24 over five lists is
        # only seven round trips at concurrency 200).  A zone's answers count
        # only once its self-test passed (_Zone.report), and as soon as it fails
        # the zone's remaining queries are skipped.
        for zone in self.zones:
            for test_address in (TEST_LISTED, TEST_NOT_LISTED):
                yield test_address, "", zone
        # Address-major order spreads the load over the lists instead of
        # sending one list hundreds of queries in a row.
        first = int(self.network.network_address)
        count = self.network.num_addresses
        for index, number in enumerate(range(first, first + count)):
            if not any(zone.trusted for zone in self.zones):
                # Every list failed (self-test, refusal): what is left would only be
                # skipped, without one await, so on a large range the deadline could
                # never interrupt the loop.  Count it as done and stop.
                self._advance((count - index) * len(self.zones))
                return
            address, reversed_name = _names(number)
            for zone in self.zones:
                yield address, reversed_name, zone

    def _finish(self) -> None:
        timeout = f"{self.settings.dns_timeout:g} s"
        for zone in self.zones:
            if not zone.trusted:
                continue
            if len(zone.self_test) < 2:
                zone.status = "timeout"
                zone.detail = (
                    f"the overall deadline of {self.settings.dns_deadline:g} s ran out during "
                    "the self-test; raise the deadline or use a faster resolver."
                )
                zone.trusted = False
                zone.cause = "deadline"
            elif zone.timeouts:
                zone.status = "timeout"
                zone.detail = (
                    f"{zone.timeouts} of {zone.planned} queries got no answer within {timeout} "
                    "(asked twice), so those addresses were not checked; try again, raise the "
                    "DNS timeout or use a closer resolver." + silence_note(zone.query)
                )
            elif zone.errors:
                failed = sum(zone.errors.values())
                kinds = ", ".join(kind.upper() for kind in sorted(zone.errors))
                zone.status = "broken"
                zone.detail = (
                    f"{failed} of {zone.planned} queries failed ({kinds}), so those addresses "
                    "were not checked; try again later or use another resolver."
                )
            elif self.deadline_hit and zone.answered < zone.planned:
                zone.status = "timeout"
                zone.detail = (
                    f"the overall deadline of {self.settings.dns_deadline:g} s ran out after "
                    f"{zone.answered} of {zone.planned} queries; raise the deadline or the "
                    "concurrency."
                )

    async def run(self) -> SweepResult:
        started = datetime.now(UTC)
        clock = time.perf_counter()
        if self.progress:
            self.progress(0, self.total)
            self.reported = 0
        deadline = self.settings.dns_deadline
        try:
            async with asyncio.timeout(deadline if deadline and deadline > 0 else None):
                count = self.total + 2 * len(self.zones)
                await self._pool(self._jobs(), count, self._check)
        except TimeoutError:
            self.deadline_hit = True
        self._finish()
        if self.progress and self.reported != self.total:
            self.progress(self.total, self.total)
        return SweepResult(
            cidr=str(self.network),
            addresses=self.network.num_addresses,
            queries=self.total,
            seconds=time.perf_counter() - clock,
            zones=[zone.report() for zone in self.zones],
            resolver=self.resolver.description,
            time=started,
            sent=self.sent,
        )


async def sweep(
    cidr: str,
    settings: Settings,
    progress: Progress | None = None,
    resolver: Resolver | None = None,
    confirm_large: bool = False,
) -> SweepResult:
    """Check every address of ``cidr`` against ``settings.zones``.

    ``progress(done, total)`` is called as queries complete (at most about
    200 times, last with done == total).  ``resolver`` None means the real one
    (``settings.resolver``, else the system's); pass a ``RecordedResolver`` to
    replay a recording.  Ranges above ``settings.sweep_confirm_above``
    addresses need ``confirm_large=True``.  Raises ``SweepRefused`` (one
    sentence) when the sweep can't start; never for what the network does.
    """
    network = parse_range(cidr)
    try:
        zones = zones_for(settings.zones, settings.spamhaus_dqs_key)
    except ZoneConfigError as exc:
        raise SweepRefused(str(exc)) from None
    addresses = network.num_addresses
    if needs_confirmation(cidr, settings) and not confirm_large:
        queries = addresses * len(zones)
        raise SweepRefused(
            f"{network} has {addresses:,} addresses, so the sweep would send {queries:,} "
            f"queries to {len(zones)} blocklists (operators limit free use); ranges above "
            f"{settings.sweep_confirm_above:,} addresses need an explicit yes."
        )
    # A replay answers only for the ranges its recordings cover: anything else was
    # never asked, and NXDOMAIN from a recording must not read as "not listed".
    recording_of = getattr(resolver, "recording_of", None)
    stamp = recording_of(network) if recording_of is not None else None
    if recording_of is not None and stamp is None:
        return _unrecorded(network, zones, resolver)
    owned = resolver is None
    if resolver is None:
        try:
            resolver = AresResolver(settings.resolver, settings.dns_timeout)
        except ResolverConfigError as exc:
            raise SweepRefused(str(exc)) from None
    try:
        result = await _Sweep(network, zones, resolver, settings, progress).run()
    finally:
        if owned:
            await resolver.aclose()
    if stamp is not None:
        result.recorded = stamp
        result.time = stamp_time(stamp) or datetime.fromtimestamp(0, UTC)
    return result


def _unrecorded(
    network: ipaddress.IPv4Network, zones: Sequence[tuple[str, str]], resolver: Any
) -> SweepResult:
    """The result of replaying a range that no recording covers: nothing asked, nothing known."""
    detail = f"no recording has answers for {network}"
    return SweepResult(
        cidr=str(network),
        addresses=network.num_addresses,
        queries=0,
        seconds=0.0,
        zones=[ZoneReport(name, "unrecorded", detail) for name, _query in zones],
        resolver=getattr(resolver, "description", "a recording"),
        time=datetime.fromtimestamp(0, UTC),
        recorded="undated",
    )
