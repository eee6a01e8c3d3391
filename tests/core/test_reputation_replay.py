"""Recordings, snapshots, the resolver setting and the panel of the reputation sweep."""

from __future__ import annotations

import asyncio
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from rich.console import Console

from byoip.config import DEFAULT_ZONES, Settings
from byoip.record import load_record
from byoip.reputation import (
    AresResolver,
    RecordedResolver,
    RecordingError,
    RecordingResolver,
    SweepResult,
    sweep,
)
from byoip.reputation.codes import listing_meaning, query_zone
from byoip.reputation.render import reputation_panel
from byoip.reputation.resolvers import ResolverConfigError, parse_resolver_address
from tests.support.fixtures_dns import DnsServerFixture
from tests.support.paths import SAMPLES_DIR

RECORDING = SAMPLES_DIR / "recordings" / "dnsbl" / "listed-199.188.1.0-24.json"
SAMPLE = SAMPLES_DIR / "24-dnsbl-listed.toml"


def write_recording(path: Path, answers: dict[str, Any], **extra: Any) -> Path:
    document = {"answers": answers, "ranges": ["192.0.2.0/24"], **extra}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def replay(cidr: str, path: Path, **settings: Any) -> SweepResult:
    values: dict[str, Any] = {"zones": DEFAULT_ZONES, "dns_timeout": 0.2, **settings}
    return asyncio.run(sweep(cidr, Settings(**values), resolver=RecordedResolver(path)))


def test_the_sample_recording_replays_a_listing() -> None:
    result = replay("199.188.1.0/24", RECORDING)

    assert result.verdict == "listed"
    assert result.listed_addresses == ["199.188.1.25", "199.188.1.26"]
    assert all(zone.status == "ok" for zone in result.zones)
    zen = result.zones[0]
    assert zen.zone == "zen.spamhaus.org"
    assert zen.listed[0].codes == ("127.0.0.2", "127.0.0.4")
    assert "synthetic" in zen.listed[0].reason
    assert result.resolver == "recording listed-199.188.1.0-24.json"


def test_a_recording_without_test_entries_makes_every_zone_broken(tmp_path: Path) -> None:
    path = write_recording(tmp_path / "empty.json", {})

    result = replay("192.0.2.0/30", path)

    assert result.verdict == "incomplete"
    assert {zone.status for zone in result.zones} == {"broken"}


def test_recorded_failures_replay_as_failures(tmp_path: Path) -> None:
    answers = {
        "2.0.0.127.a.test": {"A": ["127.0.0.2"]},
        "1.2.0.192.a.test": {"outcome": "timeout"},
        "2.0.0.127.b.test": {"A": ["127.255.255.254"]},
    }
    path = write_recording(tmp_path / "faults.json", answers)

    result = replay("192.0.2.0/30", path, zones=("a.test", "b.test"))

    a, b = result.zones
    assert a.status == "timeout" and "1 of 4 queries" in a.detail
    assert b.status == "refused"


@pytest.mark.parametrize(
    ("content", "reason"),
    [("{not json", "not a JSON recording"), ('{"zones": []}', "no 'answers' table")],
)
def test_a_damaged_recording_is_named_with_its_reason(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RecordingError, match=reason) as caught:
        RecordedResolver(path)
    assert str(path) in str(caught.value)


def test_a_missing_recording_is_named(tmp_path: Path) -> None:
    with pytest.raises(RecordingError, match="can't be read"):
        RecordedResolver(tmp_path / "nope.json")


def walk(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [item for v in value.values() for item in walk(v)]
    if isinstance(value, list):
        return [item for v in value for item in walk(v)]
    return [value]


def test_the_snapshot_is_toml_safe_and_round_trips(dns_server: DnsServerFixture) -> None:
    dns_server.list_address("zen.spamhaus.org", "203.0.113.2", codes=["127.0.0.3"], txt="x")
    dns_server.add_zone("gone.test", rfc5782=False)
    settings = dns_server.settings(zones=(*DEFAULT_ZONES, "gone.test"))
    result = asyncio.run(sweep("203.0.113.0/29", settings))

    snapshot = result.snapshot()
    assert None not in walk(snapshot)
    loaded = tomllib.loads(tomli_w.dumps({"reputation": snapshot}))["reputation"]
    again = SweepResult.from_snapshot(loaded)

    assert again.to_json() == result.to_json()
    assert again.verdict == "listed"
    assert [f.code for f in again.findings] == [f.code for f in result.findings]
    assert snapshot["time"].endswith("Z")


def test_the_sample_record_carries_the_snapshot_of_its_recording() -> None:
    record = load_record(SAMPLE)
    assert record.reputation is not None
    saved = SweepResult.from_snapshot(dict(record.reputation))
    fresh = replay(record.request.ip_range, RECORDING)

    assert saved.verdict == fresh.verdict == "listed"
    assert [z.to_json() for z in saved.zones] == [z.to_json() for z in fresh.zones]
    assert saved.findings[0].code == "reputation.listed"


def test_the_panel_shows_untrusted_text_literally(dns_server: DnsServerFixture) -> None:
    dns_server.list_address(
        "bl.spamcop.net", "203.0.113.4", txt="[red]not markup[/red] \x1b]0;title\x07done"
    )
    dns_server.add_zone("zen.spamhaus.org", answer_all="127.255.255.254")
    result = asyncio.run(sweep("203.0.113.0/29", dns_server.settings()))

    console = Console(record=True, width=110, color_system=None, force_terminal=False)
    console.print(reputation_panel(result))
    text = console.export_text()

    assert "LISTED" in text
    assert "[red]not markup[/red] done" in text
    assert "\x1b" not in text and "title" not in text
    assert "203.0.113.4" in text and "refused" in text
    assert "public or open" in text


def test_the_panel_for_a_clean_range(dns_server: DnsServerFixture) -> None:
    result = asyncio.run(sweep("203.0.113.0/30", dns_server.settings()))
    console = Console(record=True, width=100, color_system=None)
    console.print(reputation_panel(result))
    text = console.export_text()
    assert "CLEAN" in text and "Listed addresses" not in text
    assert "4 addresses x 5 blocklists = 20 queries" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1", ("127.0.0.1", 53)),
        ("127.0.0.1:5353", ("127.0.0.1", 5353)),
        ("[::1]:5353", ("::1", 5353)),
        ("::1", ("::1", 53)),
        (" 10.0.0.53 ", ("10.0.0.53", 53)),
    ],
)
def test_resolver_addresses(text: str, expected: tuple[str, int]) -> None:
    assert parse_resolver_address(text) == expected


@pytest.mark.parametrize("text", ["dns.example.net", "127.0.0.1:0", "127.0.0.1:99999", "1.2.3"])
def test_bad_resolver_addresses(text: str) -> None:
    with pytest.raises(ResolverConfigError):
        parse_resolver_address(text)


def test_zone_names_and_meanings() -> None:
    assert query_zone("zen.spamhaus.org", None) == "zen.spamhaus.org"
    assert query_zone("ZEN.spamhaus.org.", "KEY12345") == "key12345.zen.dq.spamhaus.net"
    assert query_zone("bl.spamcop.net", "KEY12345") == "bl.spamcop.net"
    assert listing_meaning("zen.spamhaus.org", ["127.0.0.9"]).startswith("DROP")
    assert listing_meaning("key.zen.dq.spamhaus.net", ["127.0.0.11"]).startswith("PBL")
    assert listing_meaning("bl.spamcop.net", ["127.0.0.2"]) == "listed"


def test_a_recorded_live_sweep_replays_the_same(
    dns_server: DnsServerFixture, tmp_path: Path
) -> None:
    dns_server.list_address("bl.spamcop.net", "203.0.113.3", codes=["127.0.0.2"], txt="why")
    dns_server.add_zone("zen.spamhaus.org", answer_all="127.255.255.254")
    dns_server.add_zone("sf.test", rcode="SERVFAIL")
    settings = dns_server.settings(zones=(*DEFAULT_ZONES, "sf.test"))
    live_resolver = AresResolver(settings.resolver, settings.dns_timeout)
    recorder = RecordingResolver(live_resolver)

    live = asyncio.run(sweep("203.0.113.0/29", settings, resolver=recorder))
    path = recorder.save(tmp_path / "recorded.json", ranges=["203.0.113.0/29"])
    replayed = asyncio.run(sweep("203.0.113.0/29", settings, resolver=RecordedResolver(path)))

    assert live.verdict == "listed"
    assert [z.to_json() for z in replayed.zones] == [z.to_json() for z in live.zones]
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["answers"]["3.113.0.203.bl.spamcop.net"] == {"A": ["127.0.0.2"], "TXT": ["why"]}


def test_the_panel_shows_the_first_fifty_listings_and_counts_the_rest(tmp_path: Path) -> None:
    answers: dict[str, Any] = {"2.0.0.127.a.test": {"A": ["127.0.0.2"]}}
    for last in range(60):
        answers[f"{last}.2.0.192.a.test"] = {"A": ["127.0.0.2"]}
    result = replay(
        "192.0.2.0/26", write_recording(tmp_path / "many.json", answers), zones=("a.test",)
    )

    console = Console(record=True, width=100, color_system=None)
    console.print(reputation_panel(result))
    text = console.export_text()

    assert len(result.listed_addresses) == 60
    assert "192.0.2.49 " in text and "192.0.2.50 " not in text
    assert "and 10 more (see --json)" in text


def test_a_damaged_snapshot_still_reads(tmp_path: Path) -> None:
    damaged = {
        "time": "yesterday",
        "addresses": "many",
        "zones": [
            "not a table",
            {"zone": "a.test", "status": "weird", "listed": [{"address": "nope"}, 3]},
            {"zone": "b.test", "status": "ok", "listed": [{"address": "192.0.2.1", "codes": 7}]},
        ],
    }

    result = SweepResult.from_snapshot(damaged)

    assert [zone.status for zone in result.zones] == ["broken", "ok"]
    assert result.listed_addresses == ["192.0.2.1"]
    assert result.verdict == "listed" and result.addresses == 0
    assert result.findings[0].code == "reputation.listed"
    assert SweepResult.from_snapshot({"zones": "oops"}).verdict == "incomplete"
