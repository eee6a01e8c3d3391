"""A replayed registration answer says it is a recording and when it was made; a range
that no recording answers is "no recording", never "no registration" (issue 11)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from byoip.config import Settings
from byoip.email_draft import build_email
from byoip.fields import check_request
from byoip.rdap import RdapResult, RecordedFetcher, lookup_rdap
from byoip.rdap.render import rdap_panel
from byoip.record import Record
from byoip.request import Request
from byoip.requirements import Verdict, assess
from tests.support.rdap_server import SAMPLE_RECORDINGS

# ip_199.188.0.0_22.json names "recorded": "2026-12-01T02:03:32Z".
RECORDED = "2026-12-01T02:03:32Z"


def replay(cidr: str, tmp_path: Path) -> RdapResult:
    fetcher = RecordedFetcher(SAMPLE_RECORDINGS)
    return lookup_rdap(cidr, Settings(cache_dir=tmp_path), "ARIN", fetcher=fetcher)


def rir_registration(result: RdapResult) -> Verdict:
    request = Request(ip_range=result.cidr, registry="ARIN")
    statuses = assess(request, check_request(request), rdap_findings=result.findings)
    return next(s.verdict for s in statuses if s.requirement.id == "rir_registration")


def test_a_replayed_answer_carries_its_recordings_date(tmp_path: Path) -> None:
    result = replay("199.188.3.0/24", tmp_path)

    assert result.ok and result.recorded == RECORDED
    assert result.checked_at_iso == RECORDED  # not today's time
    [label] = [f for f in result.findings if f.code == "rdap.recording"]
    assert label.severity.value == "info"
    assert "a recording made on 2026-12-01, not a live answer" in label.message
    assert result.snapshot()["recorded"] == RECORDED
    assert result.snapshot()["checked_at"] == RECORDED
    assert result.to_json()["recorded"] == RECORDED

    console = Console(record=True, width=140, color_system=None)
    console.print(rdap_panel(result))
    assert "a recording, not a live answer" in console.export_text()


def test_a_live_answer_has_no_recording_mark(tmp_path: Path) -> None:
    result = RdapResult(cidr="192.0.2.0/24", status="ok")
    assert "recorded" not in result.to_json() and "recorded" not in result.snapshot()
    assert result.checked_at > datetime(2026, 1, 1, tzinfo=UTC).timestamp()


def test_a_range_no_recording_answers_is_no_recording(tmp_path: Path) -> None:
    result = replay("23.157.44.0/24", tmp_path)

    assert not result.ok
    [finding] = result.findings
    assert finding.code == "rdap.no_recording"
    assert finding.message.startswith("No recording covers 23.157.44.0/24")
    assert "no registration" not in finding.message
    # Not "not met": a replay without an answer says nothing about the registry.
    assert rir_registration(result) is Verdict.UNKNOWN


def test_a_recorded_404_still_means_no_registration(tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    folder.mkdir()
    (folder / "ip_192.0.2.0_24.json").write_text(
        '{"recorded_response": {"status": 404, "body": {"errorCode": 404}}}', encoding="utf-8"
    )
    result = lookup_rdap(
        "192.0.2.0/24", Settings(cache_dir=tmp_path), fetcher=RecordedFetcher(folder)
    )
    assert [f.code for f in result.findings] == ["rdap.not_found"]


def test_the_email_leaves_out_a_recorded_holder(tmp_path: Path) -> None:
    result = replay("199.188.3.0/24", tmp_path)
    request = Request(ip_range="199.188.3.0/24", registry="ARIN")
    live = dict(result.snapshot())
    del live["recorded"]

    with_live = build_email(Record(request=request, rdap=live)).body
    with_recording = build_email(Record(request=request, rdap=result.snapshot())).body

    assert "Prairie Relay Networks LLC" in with_live
    assert "Prairie Relay Networks LLC" not in with_recording


def test_a_replayed_routing_check_carries_its_recordings_date(tmp_path: Path) -> None:
    from byoip.routing import RecordedRoutingFetcher, lookup_routing

    folder = SAMPLE_RECORDINGS.parent / "routing"
    settings = Settings(cache_dir=tmp_path)
    result = lookup_routing(
        "37.157.248.0/24", settings, "us-east-1", fetcher=RecordedRoutingFetcher(folder)
    )
    assert result.ok and result.recorded
    assert result.recorded_at.startswith("2026-") and result.checked_at_iso == result.recorded_at
    assert result.snapshot()["recorded"] == result.recorded_at
    source = next(f for f in result.findings if f.code == "routing.source_date")
    assert f"a recording made on {result.recorded_at[:10]}, not a live answer" in source.message

    missing = lookup_routing(
        "23.157.44.0/24", settings, "us-east-1", fetcher=RecordedRoutingFetcher(folder)
    )
    assert [f.code for f in missing.findings] == ["routing.no_recording"]
    assert missing.error and missing.error.startswith("No recording covers 23.157.44.0/24")
