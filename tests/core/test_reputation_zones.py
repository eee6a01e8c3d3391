"""Zone names are checked before a sweep; a sweep whose every list fails stops at once."""

from __future__ import annotations

import asyncio

import pytest

from byoip.config import DEFAULT_ZONES, Settings
from byoip.reputation import SweepRefused, sweep
from byoip.reputation.codes import ZoneConfigError, zones_for
from byoip.reputation.resolvers import DnsAnswer


@pytest.mark.parametrize(
    "zone",
    ["a b", "\udcff", "zen..spamhaus.org", "-bad.example", "x" * 64 + ".example", "a/b", "ü.de"],
)
def test_a_zone_that_is_not_a_dns_name_is_refused_with_the_fix(zone: str) -> None:
    with pytest.raises(ZoneConfigError) as caught:
        zones_for([zone], None)
    message = str(caught.value)
    assert "is not a DNS name" in message and "zen.spamhaus.org" in message


def test_a_name_too_long_for_a_query_is_refused() -> None:
    zone = ".".join(["a" * 60] * 4)  # 243 characters: no room for the reversed address
    with pytest.raises(ZoneConfigError, match="longer than 237"):
        zones_for([zone], None)


def test_real_and_test_zones_are_accepted() -> None:
    names = [*DEFAULT_ZONES, "bl.test", "dead.test", "xn--bcher-kva.example", "_dnsbl.example"]
    assert [query for _, query in zones_for(names, None)] == names
    assert zones_for(["zen.spamhaus.org"], "KEY12345") == [
        ("<DQS key>.zen.dq.spamhaus.net", "key12345.zen.dq.spamhaus.net")
    ]


def test_a_bad_zone_refuses_the_sweep_before_any_query() -> None:
    settings = Settings(zones=("bad zone",))
    with pytest.raises(SweepRefused, match="not a DNS name"):
        asyncio.run(sweep("192.0.2.0/30", settings))


class RefusingResolver:
    """Every query refused (DNS REFUSED): every zone fails its self-test."""

    description = "refusing resolver"

    def __init__(self) -> None:
        self.asked = 0

    async def query(self, name: str, qtype: str) -> DnsAnswer:
        self.asked += 1
        await asyncio.sleep(0)
        return DnsAnswer("refused")

    async def aclose(self) -> None:
        return None


def test_when_every_list_fails_the_rest_of_a_large_range_is_not_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Skipped jobs need no await, so going through them all (2**32 addresses for a /0)
    # could not even be interrupted by the deadline: the sweep must stop walking the range.
    import byoip.reputation

    walked: list[int] = []
    real_names = byoip.reputation.sweeper._names

    def names(number: int) -> tuple[str, str]:
        walked.append(number)
        return real_names(number)

    monkeypatch.setattr(byoip.reputation.sweeper, "_names", names)
    resolver = RefusingResolver()
    calls: list[tuple[int, int]] = []
    settings = Settings(zones=("a.test", "b.test"), dns_concurrency=4)
    result = asyncio.run(
        sweep(
            "10.0.0.0/16",
            settings,
            progress=lambda done, total: calls.append((done, total)),
            resolver=resolver,  # type: ignore[arg-type]
            confirm_large=True,
        )
    )
    assert {zone.status for zone in result.zones} == {"refused"}
    assert result.verdict == "incomplete"
    # The four self-test queries, and at most the few sent before their answers came back.
    assert resolver.asked <= 4 + settings.dns_concurrency
    assert calls[-1] == (2 * 65536, 2 * 65536)
    assert len(walked) < 100  # not the 65,536 addresses of the /16
