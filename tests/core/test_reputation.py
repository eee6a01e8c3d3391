"""The reputation sweep against a real DNS server on 127.0.0.1 (tests/support/dns_server.py)."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import time

import pytest

from byoip.config import DEFAULT_ZONES, Settings
from byoip.findings import Severity
from byoip.reputation import SweepRefused, SweepResult, query_count, sweep
from tests.support.fixtures_dns import DnsServerFixture

RANGE = "203.0.113.0/28"  # 16 addresses: small and quick


def open_sockets() -> set[str]:
    """This process's open sockets, by identity ("socket:[inode]"; fd numbers get reused)."""
    found = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed meanwhile (e.g. the listing's own descriptor)
            continue
        if target.startswith("socket:"):
            found.add(target)
    return found


async def sockets_left_open(before: set[str], timeout: float = 10.0) -> set[str]:
    """Sockets opened since ``before`` that are still open once ``timeout`` has passed.

    pycares closes a channel's sockets on its own background thread, a moment
    after the channel is closed (pycares.Channel.close), so wait for them, with
    a deadline generous enough for a loaded machine; a leak never closes.
    """
    deadline = time.monotonic() + timeout
    while (left := open_sockets() - before) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return left


def run(cidr: str, settings, **kwargs) -> SweepResult:  # type: ignore[no-untyped-def]
    return asyncio.run(sweep(cidr, settings, **kwargs))


def zone_of(result: SweepResult, name: str):  # type: ignore[no-untyped-def]
    return next(zone for zone in result.zones if zone.zone == name)


def test_a_clean_range_over_the_default_zones(dns_server: DnsServerFixture) -> None:
    result = run(RANGE, dns_server.settings())

    assert result.verdict == "clean"
    data = result.to_json()
    assert data["verdict"] == "clean"
    assert data["addresses"] == 16
    assert data["queries"] == 16 * 5 == query_count(RANGE, DEFAULT_ZONES)
    assert [z["zone"] for z in data["zones"]] == list(DEFAULT_ZONES)
    assert all(z["status"] == "ok" and z["listed"] == [] for z in data["zones"])
    # Every address was asked of every zone, after the two RFC 5782 test queries.
    asked = dns_server.asked("bl.spamcop.net")
    assert asked[:2] == ["2.0.0.127.bl.spamcop.net", "1.0.0.127.bl.spamcop.net"]
    assert {f"{i}.113.0.203.bl.spamcop.net" for i in range(16)} <= set(asked)
    assert [f.code for f in result.findings] == ["reputation.clean"]


def test_a_listing_with_several_codes_is_explained(dns_server: DnsServerFixture) -> None:
    dns_server.list_address(
        "zen.spamhaus.org",
        "203.0.113.5",
        codes=["127.0.0.4", "127.0.0.2"],
        txt="see https://check.spamhaus.org/ \x1b[31m[bold]now[/bold]",
    )
    dns_server.list_address("bl.spamcop.net", "203.0.113.9")

    result = run(RANGE, dns_server.settings())

    assert result.verdict == "listed"
    assert result.listed_addresses == ["203.0.113.5", "203.0.113.9"]
    zen = zone_of(result, "zen.spamhaus.org").listed
    assert len(zen) == 1
    assert zen[0].codes == ("127.0.0.2", "127.0.0.4")
    assert "SBL" in zen[0].meaning and "XBL" in zen[0].meaning
    # The TXT reason arrives cleaned: no escape sequence, markup-like text kept as text.
    assert zen[0].reason == "see https://check.spamhaus.org/ [bold]now[/bold]"
    spamcop = zone_of(result, "bl.spamcop.net").listed
    assert [(item.address, item.meaning) for item in spamcop] == [("203.0.113.9", "listed")]
    listed_json = result.to_json()["zones"][0]["listed"][0]
    assert listed_json["address"] == "203.0.113.5"
    assert listed_json["codes"] == ["127.0.0.2", "127.0.0.4"]
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == ["reputation.listed"]
    assert "2 addresses" in errors[0].message and errors[0].field == "reputation"


def test_spamhaus_refusal_makes_the_zone_refused_never_listed(
    dns_server: DnsServerFixture,
) -> None:
    # A public resolver: Spamhaus answers 127.255.255.254 to everything, test entry included.
    dns_server.add_zone("zen.spamhaus.org", answer_all="127.255.255.254")

    result = run("203.0.113.0/25", dns_server.settings(dns_concurrency=20))

    zen = zone_of(result, "zen.spamhaus.org")
    assert zen.status == "refused"
    assert zen.listed == []
    assert "public or open resolver" in zen.detail and "DQS" in zen.detail
    assert result.verdict == "incomplete"
    # Once refused, the zone is not asked any further: at most what was already in
    # flight (20 queries over five zones), not its 128 addresses.
    assert len(dns_server.asked("zen.spamhaus.org")) <= 2 + 20
    codes = {f.code for f in result.findings}
    assert "reputation.zone_refused" in codes and "reputation.clean" not in codes


def test_a_rate_limit_answer_mid_sweep_refuses_the_zone(dns_server: DnsServerFixture) -> None:
    dns_server.add_zone("bl.test")
    dns_server.list_address("bl.test", "203.0.113.1", codes=["127.0.0.2"])
    dns_server.list_address("bl.test", "203.0.113.3", codes=["127.255.255.255"])
    settings = dns_server.settings(zones=("bl.test",), dns_concurrency=1)

    result = run(RANGE, settings)

    zone = result.zones[0]
    assert zone.status == "refused"
    assert "too many queries" in zone.detail
    assert zone.listed == []  # the listing seen before the refusal is not trusted
    assert result.verdict == "incomplete"
    # With one query in flight the order is fixed: nothing asked after the refusal.
    assert dns_server.asked("bl.test")[-1] == "3.113.0.203.bl.test"


def test_a_zone_failing_its_self_test_is_broken(dns_server: DnsServerFixture) -> None:
    dns_server.add_zone("gone.test", rfc5782=False)  # 127.0.0.2 not listed
    dns_server.list_address("gone.test", "203.0.113.7")
    dns_server.add_zone("liar.test")
    dns_server.list_address("liar.test", "127.0.0.1")  # lists what no list lists
    dns_server.list_address("liar.test", "203.0.113.7")
    settings = dns_server.settings(zones=("gone.test", "liar.test", "bl.spamcop.net"))

    result = run(RANGE, settings)

    gone, liar, spamcop = result.zones
    assert (gone.status, liar.status, spamcop.status) == ("broken", "broken", "ok")
    assert "127.0.0.2 is not listed" in gone.detail
    assert "127.0.0.1" in liar.detail and "rewrites" in liar.detail
    assert gone.listed == [] and liar.listed == []
    assert result.verdict == "incomplete"


def test_answers_outside_127_8_are_not_listings(dns_server: DnsServerFixture) -> None:
    dns_server.add_zone("hijack.test")
    dns_server.list_address("hijack.test", "203.0.113.2", codes=["192.0.2.80"])

    result = run(RANGE, dns_server.settings(zones=("hijack.test",)))

    assert result.zones[0].status == "broken"
    assert "outside 127.0.0.0/8" in result.zones[0].detail
    assert result.verdict == "incomplete"


def test_servfail_zone_and_servfail_address(dns_server: DnsServerFixture) -> None:
    dns_server.add_zone("sf.test", rcode="SERVFAIL")
    dns_server.add_zone("flaky.test")
    dns_server.list_address("flaky.test", "203.0.113.4")
    dns_server.break_address("flaky.test", "203.0.113.8", rcode="SERVFAIL")
    settings = dns_server.settings(zones=("sf.test", "flaky.test"))

    result = run(RANGE, settings)

    servfail, flaky = result.zones
    assert servfail.status == "broken" and "SERVFAIL" in servfail.detail
    assert flaky.status == "broken"
    assert "1 of 16 queries failed (SERVFAIL)" in flaky.detail
    # The zone works: what it did list is real, so the range is listed.
    assert [item.address for item in flaky.listed] == ["203.0.113.4"]
    assert result.verdict == "listed"


def test_a_zone_that_never_answers_times_out_quickly(dns_server: DnsServerFixture) -> None:
    dns_server.add_zone("dead.test", silent=True)
    settings = dns_server.settings(
        zones=("dead.test", "bl.spamcop.net"), dns_timeout=0.2, dns_deadline=2.0
    )

    result = run(RANGE, settings)

    dead, spamcop = result.zones
    assert dead.status == "timeout"
    assert "self-test" in dead.detail and "no answer" in dead.detail  # not the deadline
    assert spamcop.status == "ok"
    assert result.verdict == "incomplete"
    # One retry on a time-out: each test query asked exactly twice.
    assert dns_server.asked("dead.test").count("2.0.0.127.dead.test") == 2


def test_one_silent_address_is_retried_once_then_reported(dns_server: DnsServerFixture) -> None:
    dns_server.add_zone("bl.test")
    dns_server.break_address("bl.test", "203.0.113.6", rcode=None)
    settings = dns_server.settings(zones=("bl.test",), dns_timeout=0.2)

    result = run(RANGE, settings)

    assert result.zones[0].status == "timeout"
    assert "1 of 16 queries got no answer" in result.zones[0].detail
    assert dns_server.asked("bl.test").count("6.113.0.203.bl.test") == 2
    assert result.verdict == "incomplete"


def test_the_overall_deadline_stops_the_sweep(dns_server: DnsServerFixture) -> None:
    dns_server.delay = 0.05
    settings = dns_server.settings(
        zones=("bl.spamcop.net",), dns_concurrency=2, dns_timeout=1.0, dns_deadline=0.3
    )
    seen: list[tuple[int, int]] = []

    result = run(RANGE, settings, progress=lambda done, total: seen.append((done, total)))

    zone = result.zones[0]
    assert zone.status == "timeout" and "deadline" in zone.detail
    assert result.verdict == "incomplete"
    assert seen[-1] == (16, 16)  # the bar still ends


def test_nothing_listening_at_the_resolver(dns_server: DnsServerFixture) -> None:
    # Port 9 on loopback (the hermetic default): connection refused at once.
    settings = dns_server.settings(resolver="127.0.0.1:9", zones=("bl.spamcop.net",))

    result = run(RANGE, settings)

    assert result.zones[0].status == "timeout"
    assert "nothing answers DNS at the resolver 127.0.0.1:9" in result.zones[0].detail
    assert result.verdict == "incomplete"


def test_progress_is_monotonic_and_ends_at_the_total(dns_server: DnsServerFixture) -> None:
    seen: list[tuple[int, int]] = []
    settings = dns_server.settings(zones=DEFAULT_ZONES[:2])

    run("203.0.113.0/24", settings, progress=lambda done, total: seen.append((done, total)))

    total = query_count("203.0.113.0/24", DEFAULT_ZONES[:2])
    assert seen[0] == (0, total)
    assert seen[-1] == (total, total)
    dones = [done for done, _ in seen]
    assert dones == sorted(dones)
    assert {t for _, t in seen} == {total}
    assert 10 < len(seen) <= 210  # a bar's worth of updates, not one per query


def test_progress_counts_the_queries_a_broken_zone_skips(dns_server: DnsServerFixture) -> None:
    dns_server.add_zone("gone.test", rfc5782=False)
    seen: list[tuple[int, int]] = []
    settings = dns_server.settings(zones=("gone.test", "bl.spamcop.net"))

    run(RANGE, settings, progress=lambda done, total: seen.append((done, total)))

    assert seen[-1] == (32, 32)


def test_cancelling_leaves_no_task_behind(dns_server: DnsServerFixture) -> None:
    dns_server.delay = 0.02
    settings = dns_server.settings(zones=DEFAULT_ZONES[:2], dns_concurrency=8)

    async def scenario() -> tuple[bool, set[asyncio.Task[object]], int, int, set[str]]:
        sockets_before = open_sockets()
        started = asyncio.Event()

        def progress(done: int, total: int) -> None:
            if done >= 8:
                started.set()

        task = asyncio.create_task(sweep("203.0.113.0/26", settings, progress=progress))
        await asyncio.wait_for(started.wait(), 5)
        task.cancel()
        try:
            await task
            cancelled = False
        except asyncio.CancelledError:
            cancelled = True
        # Queries sent before the cancel are in the server's queue: count them once read.
        await asyncio.to_thread(dns_server.drain)
        asked_then = len(dns_server.names)
        await asyncio.sleep(0.2)  # a sweep that kept going would send more in this time
        await asyncio.to_thread(dns_server.drain)
        return (
            cancelled,
            asyncio.all_tasks() - {asyncio.current_task()},
            asked_then,
            len(dns_server.names),
            await sockets_left_open(sockets_before),
        )

    cancelled, left, asked_then, asked_later, new_sockets = asyncio.run(scenario())

    assert cancelled
    assert left == set()
    assert new_sockets == set()  # the resolver's sockets are closed
    assert asked_then == asked_later  # no query sent after the cancellation
    assert asked_then < 2 * 2 + 64 * 2  # it really stopped before the end


def test_a_large_range_needs_an_explicit_yes(dns_server: DnsServerFixture) -> None:
    settings = dns_server.settings(sweep_confirm_above=16, zones=("bl.spamcop.net",))

    with pytest.raises(SweepRefused, match=r"32 addresses.*32 queries.*explicit yes"):
        run("203.0.113.0/27", settings)
    assert dns_server.names == []  # refused before asking anything

    result = run("203.0.113.0/27", settings, confirm_large=True)
    assert result.verdict == "clean" and result.addresses == 32


def test_the_default_limit_is_4096_addresses(dns_server: DnsServerFixture) -> None:
    with pytest.raises(SweepRefused, match="4,096"):
        run("198.18.0.0/19", dns_server.settings())


@pytest.mark.parametrize(
    ("cidr", "message"),
    [("2001:db8::/64", "IPv6"), ("not a range", "not an IPv4 range"), ("10.0.0.0/33", "IPv4")],
)
def test_bad_ranges_are_refused_in_one_sentence(
    dns_server: DnsServerFixture, cidr: str, message: str
) -> None:
    with pytest.raises(SweepRefused, match=message):
        run(cidr, dns_server.settings())


def test_query_count() -> None:
    assert query_count("203.0.113.0/24", DEFAULT_ZONES) == 1280
    assert query_count("198.18.0.0/20", DEFAULT_ZONES) == 20480
    assert query_count("203.0.113.7", ["a.test"]) == 1


def test_a_dqs_key_replaces_the_public_spamhaus_zone(dns_server: DnsServerFixture) -> None:
    key = "abcdefghij0123456789klmnop"
    dns_server.add_zone(f"{key}.zen.dq.spamhaus.net")
    dns_server.list_address(f"{key}.zen.dq.spamhaus.net", "203.0.113.3", codes=["127.0.0.10"])
    settings = dns_server.settings(spamhaus_dqs_key=key, zones=("zen.spamhaus.org",))

    result = run(RANGE, settings)

    assert dns_server.asked("zen.spamhaus.org") == []
    assert f"3.113.0.203.{key}.zen.dq.spamhaus.net" in dns_server.names
    zone = result.zones[0]
    assert zone.zone == "<DQS key>.zen.dq.spamhaus.net"  # the key is a secret: masked
    assert key not in str(result.to_json()) and key not in str(result.snapshot())
    assert [(item.address, item.meaning[:3]) for item in zone.listed] == [("203.0.113.3", "PBL")]


def test_a_malformed_dqs_key_is_refused(dns_server: DnsServerFixture) -> None:
    settings = dns_server.settings(spamhaus_dqs_key="not a key!")
    with pytest.raises(SweepRefused, match="DQS key"):
        run(RANGE, settings)


def test_a_resolver_that_is_not_an_address_is_refused(dns_server: DnsServerFixture) -> None:
    with pytest.raises(SweepRefused, match="not an IP address"):
        run(RANGE, dns_server.settings(resolver="dns.example.net"))


def test_findings_cover_every_zone_that_could_not_be_checked(
    dns_server: DnsServerFixture,
) -> None:
    dns_server.add_zone("dead.test", silent=True)
    dns_server.add_zone("gone.test", rfc5782=False)
    dns_server.list_address("bl.spamcop.net", "203.0.113.1")
    settings = dns_server.settings(
        zones=("dead.test", "gone.test", "bl.spamcop.net"), dns_timeout=0.2
    )

    result = run(RANGE, settings)

    assert result.verdict == "listed"  # a working zone lists an address
    codes = sorted(f.code for f in result.findings)
    assert codes == ["reputation.listed", "reputation.zone_broken", "reputation.zone_timeout"]
    for finding in result.findings:
        assert finding.message.endswith(".")


def test_listed_addresses_are_sorted_numerically(dns_server: DnsServerFixture) -> None:
    for last in (10, 9, 100):
        dns_server.list_address("psbl.surriel.com", f"203.0.113.{last}")

    result = run("203.0.113.0/25", dns_server.settings(zones=("psbl.surriel.com",)))

    assert result.listed_addresses == ["203.0.113.9", "203.0.113.10", "203.0.113.100"]
    assert all(ipaddress.ip_address(a) for a in result.listed_addresses)


def test_an_error_in_the_progress_callback_reaches_the_caller_as_is(
    dns_server: DnsServerFixture,
) -> None:
    def progress(done: int, total: int) -> None:
        if done:
            raise RuntimeError("the progress bar broke")

    async def scenario() -> set[asyncio.Task[object]]:
        with pytest.raises(RuntimeError, match="progress bar broke"):
            await sweep(RANGE, dns_server.settings(), progress=progress)
        return asyncio.all_tasks() - {asyncio.current_task()}

    assert asyncio.run(scenario()) == set()


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ("127.255.255.252", "misspelt"),
        ("127.255.255.254", "public or open resolver"),
        ("127.255.255.255", "too many queries"),
        ("127.255.255.250", "error code 127.255.255.250"),
    ],
)
def test_each_127_255_255_answer_is_a_refusal_with_its_reason(
    dns_server: DnsServerFixture, answer: str, words: str
) -> None:
    dns_server.add_zone("zen.spamhaus.org", answer_all=answer)

    result = run("203.0.113.0/30", dns_server.settings(zones=("zen.spamhaus.org",)))

    assert result.zones[0].status == "refused"
    assert words in result.zones[0].detail
    assert result.zones[0].listed == []


def test_a_resolver_answering_refused_is_reported(dns_server: DnsServerFixture) -> None:
    dns_server.add_zone("closed.test", rcode="REFUSED")

    result = run("203.0.113.0/30", dns_server.settings(zones=("closed.test",)))

    assert result.zones[0].status == "refused"
    assert "DNS REFUSED" in result.zones[0].detail


def test_tests_cannot_reach_the_system_resolver() -> None:
    # c-ares' sockets are out of the conftest guard's reach: tests/support/fixtures_dns.py
    # guards them.
    settings = Settings(zones=("bl.spamcop.net",))  # resolver None: the system's
    with pytest.raises(ConnectionRefusedError, match=r"only 127\.0\.0\.1"):
        run(RANGE, settings)


def test_needs_confirmation_above_the_configured_limit() -> None:
    from byoip.config import Settings
    from byoip.reputation import needs_confirmation

    settings = Settings(sweep_confirm_above=256)
    assert not needs_confirmation("199.188.0.0/24", settings)
    assert needs_confirmation("199.188.0.0/23", settings)
    assert not needs_confirmation("199.188.0.0/23", Settings(sweep_confirm_above=512))
