"""The routing check against a real RIPEstat-shaped server on 127.0.0.1: every case, every fault."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from byoip.config import Settings
from byoip.findings import Severity
from byoip.routing import RoutingResult, lookup_routing, roas_to_create
from tests.support.routing_server import RoutingTestServer


def settings_for(server: RoutingTestServer, tmp_path: Path, **changes: object) -> Settings:
    values: dict[str, object] = {
        "routing_base_url": server.base_url,
        "routing_timeout": 0.5,
        "routing_retries": 1,
        "cache_dir": tmp_path / "cache",
    }
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


def codes(result: RoutingResult, severity: Severity | None = None) -> set[str]:
    return {f.code for f in result.findings if severity is None or f.severity is severity}


def check(server: RoutingTestServer, tmp_path: Path, cidr: str, region: str = "eu-west-1"):
    return lookup_routing(cidr, settings_for(server, tmp_path), region=region)


def test_all_valid(routing_server: RoutingTestServer, tmp_path: Path) -> None:
    result = check(routing_server, tmp_path, "45.137.20.0/24")
    assert result.ok and not result.has_errors
    assert result.origins == (64500,)
    assert result.visibility() == {"ris_peers_seeing": 318, "total_ris_peers": 331}
    assert {v.asn: v.validity for v in result.asns} == {
        16509: "valid",
        14618: "valid",
        64500: "valid",
    }
    assert codes(result) == {
        "routing.amazon_authorized",
        "routing.origin_authorized",
        "routing.source_date",
    }
    # One routing-status and one rpki-validation per ASN that must be authorized.
    assert result.requests == 4 == routing_server.count()
    assert routing_server.count("rpki-validation") == 3


def test_amazon_asn_missing_is_an_error_naming_it(
    routing_server: RoutingTestServer, tmp_path: Path
) -> None:
    result = check(routing_server, tmp_path, "45.137.21.0/24")
    (missing,) = [f for f in result.findings if f.code == "routing.amazon_missing"]
    assert missing.severity is Severity.ERROR
    assert "AS14618" in missing.message and "AS16509 and AS64500" in missing.message
    assert "max length /24" in missing.message
    validity = {v.asn: v.validity for v in result.asns}
    assert validity[14618] == "invalid_asn" and validity[16509] == "valid"


def test_max_length_too_short(routing_server: RoutingTestServer, tmp_path: Path) -> None:
    result = check(routing_server, tmp_path, "45.137.34.0/24")
    (short,) = [f for f in result.findings if f.code == "routing.max_length"]
    assert short.severity is Severity.ERROR
    assert "/22, shorter than the prefix /24" in short.message
    assert {v.validity for v in result.asns} == {"invalid_length"}
    roas = result.asns[0].roas
    assert [(r.prefix, r.max_length) for r in roas if r.origin == 16509] == [("45.137.32.0/22", 22)]
    # Announced only inside a larger prefix: not its own announcement, so only Amazon counts.
    assert result.origins == () and "routing.not_announced" in codes(result)


def test_origin_not_authorized_is_a_warning(
    routing_server: RoutingTestServer, tmp_path: Path
) -> None:
    result = check(routing_server, tmp_path, "45.137.23.0/24")
    assert not result.has_errors
    (origin,) = [f for f in result.findings if f.code == "routing.origin_unauthorized"]
    assert origin.severity is Severity.WARNING and "AS64501" in origin.message
    entries = {(e.asn, e.exists) for e in roas_to_create(result.cidr, "eu-west-1", result)}
    assert entries == {(16509, True), (14618, True), (64501, False)}


def test_not_announced_and_no_roa(routing_server: RoutingTestServer, tmp_path: Path) -> None:
    result = check(routing_server, tmp_path, "45.137.24.0/24")
    assert result.origins == () and result.visibility()["ris_peers_seeing"] == 0  # type: ignore[index]
    assert codes(result, Severity.INFO) >= {"routing.not_announced", "routing.source_date"}
    (missing,) = [f for f in result.findings if f.code == "routing.amazon_missing"]
    assert missing.message.startswith("No ROA covers 45.137.24.0/24")
    assert result.requests == 3  # no origin to ask about


def test_a_22_checks_each_announcement_inside_it(
    routing_server: RoutingTestServer, tmp_path: Path
) -> None:
    result = check(routing_server, tmp_path, "45.137.28.0/22")
    assert [v.prefix for v in result.inside] == [f"45.137.{n}.0/24" for n in range(28, 32)]
    inside = [f for f in result.findings if f.code == "routing.more_specific_unauthorized"]
    assert len(inside) == 4 and all(f.severity is Severity.WARNING for f in inside)
    assert result.requests == 8
    to_create = roas_to_create(result.cidr, "eu-west-1", result)
    assert ("45.137.29.0/24", 64500, 24) in {(e.prefix, e.asn, e.max_length) for e in to_create}


def test_govcloud_asks_for_as8987(routing_server: RoutingTestServer, tmp_path: Path) -> None:
    result = check(routing_server, tmp_path, "45.137.20.0/24", region="us-gov-west-1")
    assert result.amazon == (8987,)
    assert "AS8987" in next(
        f.message for f in result.findings if f.code == "routing.amazon_missing"
    )


def test_sovereign_cloud_asns_are_not_guessed(
    routing_server: RoutingTestServer, tmp_path: Path
) -> None:
    result = check(routing_server, tmp_path, "45.137.20.0/24", region="eusc-de-east-1")
    assert result.amazon == () and "routing.amazon_asns_unknown" in codes(result, Severity.WARNING)


def test_answers_are_cached_and_refresh_asks_again(
    routing_server: RoutingTestServer, tmp_path: Path
) -> None:
    settings = settings_for(routing_server, tmp_path)
    first = lookup_routing("45.137.20.0/24", settings)
    second = lookup_routing("45.137.20.0/24", settings)
    assert not first.from_cache and second.from_cache and second.requests == 0
    assert [f.code for f in second.findings] == [f.code for f in first.findings]
    third = lookup_routing("45.137.20.0/24", settings, refresh=True)
    assert third.requests == 4 and routing_server.count() == 8
    expired = lookup_routing(
        "45.137.20.0/24", settings_for(routing_server, tmp_path, routing_cache_ttl=0)
    )
    assert expired.requests == 4


# -- faults: one sentence each, never a traceback, within the deadline ---------------------


@pytest.mark.parametrize(
    ("fault", "code", "words"),
    [
        ({"hang": True}, "routing.timeout", "timed out"),
        (
            {"status": 429, "headers": {"Retry-After": "30"}},
            "routing.rate_limited",
            "retry in 30 s",
        ),
        ({"status": 503}, "routing.server_error", "HTTP 503"),
        ({"status": 500, "body": b"<html>oops</html>"}, "routing.server_error", "HTTP 500"),
        ({"body": b"{not json"}, "routing.malformed", "not a JSON object"),
        ({"body": b'{"status": "ok", "data": []}'}, "routing.malformed", "without its data"),
        (
            {"body": b'{"status": "error", "messages": [["error", "maintenance"]], "data": {}}'},
            "routing.source_error",
            "maintenance",
        ),
        ({"size": 3 * 1024 * 1024}, "routing.too_large", "too large"),
        ({"status": 404}, "routing.rejected", "HTTP 404"),
    ],
)
def test_every_fault_is_one_sentence(
    routing_server: RoutingTestServer,
    tmp_path: Path,
    fault: dict,
    code: str,
    words: str,
) -> None:
    routing_server.fail("routing-status", **fault)
    started = time.monotonic()
    result = lookup_routing("45.137.20.0/24", settings_for(routing_server, tmp_path))
    elapsed = time.monotonic() - started
    assert result.status == "error" and result.error
    assert [f.code for f in result.findings] == [code]
    assert words in result.error and "\n" not in result.error and "Traceback" not in result.error
    assert elapsed < 1.5  # two tries of 0.5 s at most (the deadline), plus slack


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (b'{"status":"ok","data":{"status":"valid","validating_roas":"x"}}', "not a list"),
        (b'{"status":"ok","data":{"status":"great","validating_roas":[]}}', "unknown RPKI"),
        (
            b'{"status":"ok","data":{"status":"valid","validating_roas":[{"origin":"x"}]}}',
            "validating ROA",
        ),
    ],
)
def test_a_malformed_validation_is_one_sentence(
    routing_server: RoutingTestServer, tmp_path: Path, body: bytes, what: str
) -> None:
    routing_server.fail("rpki-validation", body=body)
    result = lookup_routing("45.137.20.0/24", settings_for(routing_server, tmp_path))
    assert result.findings[0].code == "routing.malformed" and what in (result.error or "")


def test_a_5xx_is_retried_once(routing_server: RoutingTestServer, tmp_path: Path) -> None:
    routing_server.fail("routing-status", status=502, times=1)
    result = lookup_routing("45.137.20.0/24", settings_for(routing_server, tmp_path))
    assert result.ok and result.requests == 5


def test_nothing_listening(tmp_path: Path) -> None:
    settings = Settings(routing_base_url="http://127.0.0.1:9/data/", cache_dir=tmp_path)
    result = lookup_routing("45.137.20.0/24", settings)
    assert result.findings[0].code == "routing.unreachable"
    assert "[routing] base_url" in (result.error or "")


def test_a_bad_range_is_refused_before_any_request(
    routing_server: RoutingTestServer, tmp_path: Path
) -> None:
    result = lookup_routing("45.137.20.5/24", settings_for(routing_server, tmp_path))
    assert result.findings[0].code == "routing.bad_range" and "host bits" in (result.error or "")
    assert routing_server.count() == 0


def test_untrusted_text_is_cleaned(routing_server: RoutingTestServer, tmp_path: Path) -> None:
    evil = b'{"status": "error", "messages": [["error", "\\u001b[31m[bold]x[/bold]\\u0007"]]}'
    routing_server.fail("routing-status", body=evil)
    result = lookup_routing("45.137.20.0/24", settings_for(routing_server, tmp_path))
    assert "\x1b" not in (result.error or "") and "\x07" not in (result.error or "")
