"""The routing check where it shows: lookup, check --online, samples, record, requirements."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from byoip.cli import main
from byoip.config import Settings
from byoip.fields import check_request
from byoip.findings import error, info, warning
from byoip.record import Record, load_record, record_from_toml, record_to_toml, save_record
from byoip.request import Request
from byoip.requirements import Verdict, assess
from byoip.routing import RecordedRoutingFetcher, lookup_routing
from tests.support.paths import SAMPLES_DIR
from tests.support.routing_server import RoutingTestServer

RECORDINGS = SAMPLES_DIR / "recordings" / "routing"
ROUTING_KEYS = {"status", "error", "origins", "visibility", "asns", "findings"}


def lookup(*args: str) -> Result:
    return CliRunner().invoke(main, ["lookup", *args, "--no-rdap", "--no-reputation"])


def test_lookup_json_has_the_routing_member_the_issue_describes(
    routing_server: RoutingTestServer,
) -> None:
    result = lookup("45.137.21.0/24", "--region", "eu-west-1", "--json")
    assert result.exit_code == 1, result.output  # AS14618 is missing: an error
    data = json.loads(result.stdout)
    assert data["rdap"] is None and data["reputation"] is None
    routing = data["routing"]
    assert set(routing) >= ROUTING_KEYS
    assert routing["status"] == "ok" and routing["error"] is None
    assert routing["origins"] == [64500]
    assert routing["visibility"] == {"ris_peers_seeing": 318, "total_ris_peers": 331}
    by_asn = {item["asn"]: item for item in routing["asns"]}
    assert set(by_asn) == {16509, 14618, 64500}
    assert by_asn[14618]["validity"] == "invalid_asn"
    assert {"origin", "prefix", "max_length", "validity"} == set(by_asn[16509]["roas"][0])
    assert "routing.amazon_missing" in {f["code"] for f in routing["findings"]}


def test_lookup_all_valid_exits_0_and_prints_the_panel(routing_server: RoutingTestServer) -> None:
    result = lookup("45.137.20.0/24")
    assert result.exit_code == 0, result.output
    for words in ("Routing (ROA) 45.137.20.0/24", "AS64500", "ROAs to create", "318 of 331"):
        assert words in result.stdout


def test_no_routing_makes_no_request(routing_server: RoutingTestServer) -> None:
    result = CliRunner().invoke(
        main, ["lookup", "45.137.20.0/24", "--no-rdap", "--no-reputation", "--no-routing"]
    )
    assert result.exit_code == 2 and "nothing to look up" in result.output
    assert routing_server.count() == 0


def test_an_unreachable_source_is_one_sentence_and_exit_1() -> None:
    result = lookup("45.137.20.0/24", "--json")  # the hermetic fixture: nothing listens
    assert result.exit_code == 1
    routing = json.loads(result.stdout)["routing"]
    assert routing["status"] == "error" and "[routing] base_url" in routing["error"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--routing-url", "ftp://x/"], "--routing-url"),
        (["--region", "mumbai"], "ap-south-1"),
    ],
)
def test_bad_routing_options_are_one_sentence(args: list[str], words: str) -> None:
    result = lookup("45.137.20.0/24", *args)
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output


def test_the_recording_replays_through_the_same_code_and_says_so() -> None:
    result = lookup(
        "37.157.248.0/24", "--region", "eu-west-1", "--routing-recordings", str(RECORDINGS)
    )
    assert result.exit_code == 1
    assert "a recording, not a live answer" in result.stdout
    assert "AS14618" in result.stdout


def test_a_query_without_a_recording_never_reaches_the_network(tmp_path: Path) -> None:
    fetcher = RecordedRoutingFetcher(RECORDINGS)
    result = lookup_routing("45.137.20.0/24", Settings(cache_dir=tmp_path), fetcher=fetcher)
    assert result.findings[0].code == "routing.no_recording"
    assert (result.error or "").startswith("No recording covers 45.137.20.0/24")


def test_a_recorded_fault_is_replayed(tmp_path: Path) -> None:
    (tmp_path / "r.json").write_text(
        json.dumps(
            {
                "answers": {
                    "routing-status?resource=45.137.20.0/24": {
                        "recorded_response": {"status": 429, "headers": {"Retry-After": "60"}}
                    }
                }
            }
        )
    )
    fetcher = RecordedRoutingFetcher(tmp_path)
    result = lookup_routing("45.137.20.0/24", Settings(cache_dir=tmp_path), fetcher=fetcher)
    assert result.findings[0].code == "routing.rate_limited" and "60 s" in (result.error or "")


# -- check --online / --routing-recordings ----------------------------------------------


def routing_samples() -> list[tuple[Path, str, list[str]]]:
    found = []
    for path in sorted(SAMPLES_DIR.glob("*.toml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# expect:"):
                verdict, *codes = line.removeprefix("# expect:").split()
                if codes and all(code.startswith("routing.") for code in codes):
                    found.append((path, verdict, codes))
    return found


def test_there_are_routing_samples_for_both_failures() -> None:
    codes = {code for _path, _verdict, found in routing_samples() for code in found}
    assert {"routing.amazon_missing", "routing.max_length"} <= codes


def test_routing_samples_get_their_verdict_from_the_recordings() -> None:
    samples = routing_samples()
    paths = [str(path) for path, _v, _c in samples]
    result = CliRunner().invoke(
        main, ["check", "--json", "--routing-recordings", str(RECORDINGS), *paths]
    )
    assert result.exit_code == 1
    items = {item["path"]: item for item in json.loads(result.stdout)}
    for path, verdict, codes in samples:
        errors = {f["code"] for f in items[str(path)]["findings"] if f["severity"] == "error"}
        assert verdict == "error" and set(codes) <= errors, (path.name, errors)
        # Only the routing check ran: the registry was not asked.
        assert not any(f["code"].startswith("rdap.") for f in items[str(path)]["findings"])


def test_check_online_runs_the_routing_check(
    routing_server: RoutingTestServer, tmp_path: Path
) -> None:
    record = Record.new(
        Request(
            "123456789012",
            "eu-west-1",
            "Receipts for our shop, 1M a month.",
            "45.137.34.0/24",
            "RIPE NCC",
        )
    )
    path = tmp_path / "draft.toml"
    save_record(path, record)
    result = CliRunner().invoke(main, ["check", "--online", "--json", str(path)])
    (item,) = json.loads(result.stdout)
    codes = {f["code"] for f in item["findings"]}
    assert "routing.max_length" in codes and result.exit_code == 1
    assert routing_server.count("routing-status") == 1


# -- the record and the requirements --------------------------------------------------


def test_the_snapshot_round_trips_through_the_record(
    routing_server: RoutingTestServer, tmp_path: Path
) -> None:
    settings = Settings(routing_base_url=routing_server.base_url, cache_dir=tmp_path)
    result = lookup_routing("45.137.23.0/24", settings, region="eu-west-1")
    record = Record(request=Request(ip_range="45.137.23.0/24"), routing=result.snapshot())
    again = record_from_toml(record_to_toml(record))
    assert again.routing is not None
    assert again.routing["origins"] == [64501]
    assert {a["asn"]: a["validity"] for a in again.routing["asns"]}[64501] == "invalid_asn"
    assert "[routing]" in record_to_toml(record)
    codes = {f["code"] for f in again.routing["findings"]}
    assert "routing.origin_unauthorized" in codes


def test_the_drafts_table_counts_saved_routing_findings(tmp_path: Path) -> None:
    from byoip.review import load_review

    folder = tmp_path / "drafts"
    folder.mkdir()
    shutil.copy(SAMPLES_DIR / "25-roa-lacks-as14618.toml", folder / "a.toml")
    assert load_review(folder).rows[0].errors == 0
    record = load_record(folder / "a.toml")
    fetcher = RecordedRoutingFetcher(RECORDINGS)
    routed = lookup_routing(
        record.request.ip_range, Settings(cache_dir=tmp_path), "eu-west-1", fetcher=fetcher
    )
    save_record(folder / "a.toml", replace(record, routing=routed.snapshot()))
    row = load_review(folder).rows[0]
    assert row.errors == 1 and "routing.amazon_missing" in {f.code for f in row.findings}


GOOD = Request(
    "123456789012", "eu-west-1", "Receipts for our SaaS, 2M a month.", "8.8.8.0/24", "ARIN"
)


def roa_status(findings):  # type: ignore[no-untyped-def]
    statuses = assess(GOOD, check_request(GOOD), routing_findings=findings)
    return next(s for s in statuses if s.requirement.id == "roa_authorizes_aws")


def test_requirement_waits_for_the_routing_check() -> None:
    status = roa_status(None)
    assert status.verdict is Verdict.UNKNOWN and status.finding.code == "requirements.needs_routing"


def test_requirement_not_met_met_and_unknown() -> None:
    missing = error("routing", "routing.amazon_missing", "No ROA covers it.")
    ok = info("routing", "routing.amazon_authorized", "A ROA authorizes AS16509 and AS14618.")
    origin = warning("routing", "routing.origin_unauthorized", "AS64500 is in no ROA.")
    failed = error("routing", "routing.timeout", "The routing check timed out.")
    assert roa_status([missing, ok]).verdict is Verdict.NOT_MET
    assert roa_status([ok]).verdict is Verdict.MET
    # Today's origin missing is a warning: AWS's part is met, the warning is what shows.
    met = roa_status([ok, origin])
    assert met.verdict is Verdict.MET and met.finding is origin
    unknown = roa_status([failed])
    assert unknown.verdict is Verdict.UNKNOWN and unknown.finding is failed


# -- [routing] enabled = false: the same switch for the CLI and the re-check -----------


def test_turned_off_in_the_settings_lookup_and_check_ask_nothing(
    routing_server: RoutingTestServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SES_BYOIP_ROUTING_ENABLED", "0")
    result = lookup("45.137.21.0/24")
    assert result.exit_code == 2 and "[routing] enabled = false" in result.output
    path = tmp_path / "draft.toml"
    request = Request("123456789012", "eu-west-1", "Receipts, 1M a month.", "45.137.34.0/24")
    save_record(path, Record.new(replace(request, registry="RIPE NCC")))
    checked = CliRunner().invoke(main, ["check", "--online", "--json", str(path)])
    (item,) = json.loads(checked.stdout)
    assert not any(f["code"].startswith("routing.") for f in item["findings"])
    # Recordings named on the command line still replay (they ask no source).
    recorded = lookup("37.157.248.0/24", "--routing-recordings", str(RECORDINGS), "--json")
    assert json.loads(recorded.stdout)["routing"]["recorded"] is True
    assert routing_server.count() == 0


def test_turned_off_the_drafts_re_check_keeps_the_saved_routing_snapshot(
    routing_server: RoutingTestServer, tmp_path: Path
) -> None:
    from byoip.rdap import RecordedFetcher
    from byoip.recheck import lookup_refresher
    from byoip.reputation.resolvers import RecordedResolver

    request = Request("123456789012", "eu-west-1", "Receipts.", "45.137.21.0/24", "RIPE NCC")
    saved = {"status": "ok", "checked_at": "2026-11-01T00:00:00Z", "findings": []}
    record = replace(Record.new(request), routing=saved)
    rdap = RecordedFetcher(SAMPLES_DIR / "recordings" / "rdap")
    recording = '{"ranges": ["45.137.21.0/24"], "answers": {}}'
    (tmp_path / "dnsbl.json").write_text(recording, encoding="utf-8")
    dns = RecordedResolver(tmp_path / "dnsbl.json")  # every address: not listed
    on = Settings(cache_dir=tmp_path, routing_base_url=routing_server.base_url)
    refreshed, _notes = lookup_refresher(on, rdap, dns)(tmp_path / "a.toml", record)
    assert refreshed.routing is not None and refreshed.routing["status"] == "ok"
    assert refreshed.routing["checked_at"] != saved["checked_at"]
    asked = routing_server.count()
    off = replace(on, routing_enabled=False)
    kept, _notes = lookup_refresher(off, rdap, dns)(tmp_path / "a.toml", record)
    assert kept.routing == saved and routing_server.count() == asked
