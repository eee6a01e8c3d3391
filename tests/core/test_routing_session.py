"""The wizard's model and the routing check: kept per range, per partition, in the record."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from byoip.config import Settings
from byoip.record import Record
from byoip.request import Request
from byoip.requirements import Verdict
from byoip.routing import RecordedRoutingFetcher, lookup_routing
from byoip.routing.render import roa_text
from byoip.session import WizardSession
from tests.support.paths import SAMPLES_DIR

ROA_HEAD = "  Prefix      37.157.248.0/24\n  Max length  /24\n  Origin AS:\n"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
RANGE = "37.157.248.0/24"
REQUEST = Request(
    "730987654321", "eu-west-1", "Order mail for a shop, 1M a month.", RANGE, "RIPE NCC"
)
RECORDINGS = SAMPLES_DIR / "recordings" / "routing"


def recorded(tmp_path: Path, region: str = "eu-west-1"):  # type: ignore[no-untyped-def]
    fetcher = RecordedRoutingFetcher(RECORDINGS)
    return lookup_routing(RANGE, Settings(cache_dir=tmp_path), region, fetcher=fetcher)


def session_with_range(tmp_path: Path) -> WizardSession:
    session = WizardSession(Settings(drafts_dir=tmp_path / "d"), lambda: NOW)
    for name, value in REQUEST.to_dict().items():
        session.set_field(name, value)
    return session


def roa_status(session: WizardSession):  # type: ignore[no-untyped-def]
    return next(
        s for s in session.requirement_statuses() if s.requirement.id == "roa_authorizes_aws"
    )


def test_the_answer_decides_the_requirement_and_goes_into_the_record(tmp_path: Path) -> None:
    session = session_with_range(tmp_path)
    assert roa_status(session).verdict is Verdict.UNKNOWN
    assert session.accept_routing(RANGE, recorded(tmp_path))
    status = roa_status(session)
    assert status.verdict is Verdict.NOT_MET and "AS14618" in status.finding.message
    record = session.build_record()
    assert record.routing is not None and record.routing["recorded"] == "2026-12-01T03:31:19Z"
    # A recording keeps its own date, never the session's clock (NOW).
    assert record.routing["checked_at"] == "2026-12-01T03:31:19Z"


def test_an_answer_about_an_old_range_is_dropped_and_a_new_range_clears_it(
    tmp_path: Path,
) -> None:
    session = session_with_range(tmp_path)
    assert not session.accept_routing("45.137.20.0/24", recorded(tmp_path))
    session.accept_routing(RANGE, recorded(tmp_path))
    session.set_field("ip_range", "45.137.20.0/24")
    assert session.routing_result is None


def test_a_saved_snapshot_stays_only_with_its_range(tmp_path: Path) -> None:
    saved = Record(request=REQUEST, routing={"status": "ok", "findings": []})
    session = WizardSession(Settings(drafts_dir=tmp_path / "d"), lambda: NOW, saved)
    assert session.build_record().routing == saved.routing
    session.set_field("ip_range", "45.137.20.0/24")
    assert session.build_record().routing is None


def test_moving_to_govcloud_voids_the_answer_and_asks_for_a_new_check(tmp_path: Path) -> None:
    session = session_with_range(tmp_path)
    session.accept_routing(RANGE, recorded(tmp_path))
    change = session.set_field("region", "eu-central-1")  # same partition: same ASNs
    assert change is not None and change.routing_cidr is None
    assert session.routing_result is not None
    for typed in ("us-gov-west", "us-gov-west-"):  # not a Region yet: still commercial
        change = session.set_field("region", typed)
        assert change is not None and change.routing_cidr is None
    change = session.set_field("region", "us-gov-west-1")
    assert change is not None and change.routing_cidr == RANGE
    assert session.routing_result is None and session.routing_amazon() == (8987,)
    assert roa_status(session).verdict is Verdict.UNKNOWN  # the old answer no longer counts


def test_an_answer_for_the_other_partition_is_dropped(tmp_path: Path) -> None:
    session = session_with_range(tmp_path)
    commercial = recorded(tmp_path)
    session.set_field("region", "us-gov-east-1")
    assert not session.accept_routing(RANGE, commercial)  # checked AS16509/AS14618, not AS8987
    assert session.routing_result is None


def test_turned_off_in_the_settings_no_check_is_asked_for(tmp_path: Path) -> None:
    settings = Settings(drafts_dir=tmp_path / "d", routing_enabled=False)
    session = WizardSession(settings, lambda: NOW)
    for name, value in REQUEST.to_dict().items():
        session.set_field(name, value)
    assert session.routing_off() is not None and "[routing] enabled" in session.routing_off()
    change = session.set_field("region", "us-gov-west-1")
    assert change is not None and change.routing_cidr is None
    assert roa_status(session).verdict is Verdict.UNKNOWN
    assert WizardSession(Settings(drafts_dir=tmp_path), lambda: NOW).routing_off() is None


def test_the_roa_to_create_carries_the_live_verdict_per_asn(tmp_path: Path) -> None:
    before = roa_text(RANGE, "eu-west-1", None).plain
    assert ROA_HEAD + "    AS16509  · not checked yet" in before
    after = roa_text(RANGE, "eu-west-1", recorded(tmp_path)).plain
    assert ROA_HEAD + "    AS16509  ✔ valid · Amazon\n" in after
    assert "    AS14618  ✖ not in the ROA · Amazon\n" in after
    assert "    AS64500  ✔ valid · origin today\n" in after
    assert (
        "Routing data: a recording made on 2026-12-01, not a live answer "
        "(data of 2026-11-29 08:00:00 UTC)." in after
    )
    govcloud = roa_text(RANGE, "us-gov-west-1", None).plain
    assert "AS8987" in govcloud and "AS16509" not in govcloud
    assert "not in our sources: ask AWS" in roa_text(RANGE, "eusc-de-east-1", None).plain
    assert roa_text("10.0.0.0/33", "eu-west-1", None).plain.startswith("Enter a valid range")


def test_a_failed_check_says_why_under_the_roa(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, routing_base_url="http://127.0.0.1:9/data/")
    failed = lookup_routing(RANGE, replace(settings, routing_retries=0), "eu-west-1")
    text = roa_text(RANGE, "eu-west-1", failed).plain
    assert "· not checked yet · Amazon" in text and "✖ " in text and "[routing]" in text


def test_the_partition_of_a_region_decides_amazon_s_asns() -> None:
    from byoip.regions import partition
    from byoip.routing import amazon_asns

    assert [partition(r) for r in ("us-gov-west-1", "eusc-de-east-1", "eu-west-1", None)] == [
        "aws-us-gov",
        "aws-eusc",
        "aws",
        "aws",
    ]
    assert amazon_asns("US-GOV-EAST-1") == (8987,) and amazon_asns("eusc-de-east-1") is None
