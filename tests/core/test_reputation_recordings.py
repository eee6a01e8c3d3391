"""A replayed sweep says it is a recording and when it was made; a range no recording
covers is "no recording", never "clean" with today's date (issue 11)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from byoip.config import DEFAULT_ZONES, Settings
from byoip.demo import recorded_resolver
from byoip.fields import check_request
from byoip.reputation import RecordedResolver, RecordingError, SweepResult, sweep
from byoip.reputation.render import reputation_panel
from byoip.request import Request
from byoip.requirements import Verdict, assess
from tests.support.paths import SAMPLES_DIR

LISTED = SAMPLES_DIR / "recordings" / "dnsbl" / "listed-199.188.1.0-24.json"


def replay(cidr: str, resolver: Any) -> SweepResult:
    settings = Settings(zones=DEFAULT_ZONES, dns_timeout=0.2)
    return asyncio.run(sweep(cidr, settings, resolver=resolver))


def panel_text(result: SweepResult) -> str:
    console = Console(record=True, width=120, color_system=None)
    console.print(reputation_panel(result))
    return console.export_text()


def clean_history(result: SweepResult) -> Verdict:
    request = Request(ip_range=result.cidr)
    statuses = assess(request, check_request(request), reputation_findings=result.findings)
    return next(s.verdict for s in statuses if s.requirement.id == "clean_history")


def test_a_range_outside_every_recording_is_no_recording_not_clean() -> None:
    result = replay("185.54.121.0/28", RecordedResolver(LISTED))

    assert result.verdict == "unrecorded"
    assert result.queries == 0 and result.sent == 0
    assert {zone.status for zone in result.zones} == {"unrecorded"}
    [warning] = [f for f in result.findings if f.code == "reputation.no_recording"]
    assert warning.severity.value == "warning"
    assert warning.message.startswith("No recording covers 185.54.121.0/28")
    assert not any(f.code == "reputation.clean" for f in result.findings)
    assert result.time.year < datetime.now(UTC).year  # never today's date
    assert "NO RECORDING" in panel_text(result)
    assert result.to_json()["verdict"] == "unrecorded"
    assert clean_history(result) is Verdict.UNKNOWN


def test_a_range_the_recording_covers_is_clean_on_the_recordings_date() -> None:
    result = replay("199.188.2.0/28", RecordedResolver(LISTED))

    assert result.verdict == "clean"
    assert result.recorded == "2026-11-26T12:00:00Z"
    assert result.time == datetime(2026, 11, 26, 12, tzinfo=UTC)
    clean = next(f for f in result.findings if f.code == "reputation.clean")
    assert "a recording made on 2026-11-26" in clean.message
    recording = next(f for f in result.findings if f.code == "reputation.recording")
    assert "not a live check" in recording.message
    text = panel_text(result)
    assert "a recording, not a live answer" in text
    assert "a recording made on 2026-11-26" in text
    assert clean_history(result) is Verdict.MET


def test_a_range_half_inside_the_recording_is_no_recording() -> None:
    # 199.188.0.0/21 holds the recorded /22 and a /22 the file never asked about.
    assert replay("199.188.0.0/21", RecordedResolver(LISTED)).verdict == "unrecorded"


def test_the_snapshot_keeps_the_recording_mark() -> None:
    result = replay("199.188.1.0/24", RecordedResolver(LISTED))
    again = SweepResult.from_snapshot(result.snapshot())

    assert again.recorded == "2026-11-26T12:00:00Z"
    assert again.verdict == "listed"
    assert "a recording made on 2026-11-26" in panel_text(again)


def test_a_live_snapshot_has_no_recording_mark() -> None:
    live = SweepResult("192.0.2.0/30", 4, 20, 0.1, [])
    assert "recorded" not in live.snapshot()
    assert live.when_text == live.time_text


def test_the_demo_resolver_covers_every_recording_and_nothing_else(tmp_path: Path) -> None:
    resolver = recorded_resolver(tmp_path)

    assert replay("45.146.72.0/24", resolver).verdict == "listed"  # the BCL sample
    assert replay("199.188.3.0/24", resolver).verdict == "clean"
    assert replay("23.150.164.0/24", resolver).verdict == "unrecorded"


def test_an_undated_recording_says_so(tmp_path: Path) -> None:
    path = tmp_path / "undated.json"
    answers = {"2.0.0.127.a.test": {"A": ["127.0.0.2"]}}
    path.write_text(json.dumps({"answers": answers, "ranges": ["192.0.2.0/24"]}))
    settings = Settings(zones=("a.test",), dns_timeout=0.2)

    result = asyncio.run(sweep("192.0.2.0/30", settings, resolver=RecordedResolver(path)))

    assert result.verdict == "clean"
    assert "a recording (undated)" in result.findings[-1].message
    assert result.time.year == 1970  # not today


@pytest.mark.parametrize(
    ("ranges", "reason"),
    [
        (None, "no 'ranges' list"),
        ("192.0.2.0/24", "no 'ranges' list"),
        (["192.0.2.0/24", "not a range"], "'not a range' in 'ranges' is not an IPv4 range"),
    ],
)
def test_a_recording_must_say_which_ranges_it_covers(
    tmp_path: Path, ranges: object, reason: str
) -> None:
    document: dict[str, Any] = {"answers": {}}
    if ranges is not None:
        document["ranges"] = ranges
    path = tmp_path / "r.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(RecordingError, match=reason) as caught:
        RecordedResolver(path)
    assert str(path) in str(caught.value)
