"""Every fault the issue lists gives a clear error state, within the time-out, never a traceback.

The server really misbehaves (hangs, trickles, redirects in a loop, sends 3 MB);
time-outs are 0.3 s so no test waits on anything near a second.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from byoip.config import Settings
from byoip.fetching import Response, parse_retry_after
from byoip.findings import Severity
from byoip.rdap import RdapResult, lookup_rdap
from tests.support.rdap_server import RdapTestServer

RANGE = "185.54.121.0/24"


def make_settings(server: RdapTestServer, tmp_path: Path, retries: int = 0) -> Settings:
    return Settings(
        cache_dir=tmp_path / "cache",
        rdap_base_url=server.base_url,
        rdap_timeout=0.3,
        rdap_retries=retries,
    )


@pytest.fixture
def settings(rdap_server: RdapTestServer, tmp_path: Path) -> Settings:
    return make_settings(rdap_server, tmp_path)


def failed(result: RdapResult, code: str) -> str:
    assert result.status == "error", result
    assert result.error
    assert [f.code for f in result.findings] == [code]
    assert result.findings[0].severity is Severity.ERROR
    assert result.to_json()["error"] == result.error
    return result.error


def test_hanging_server_times_out(settings: Settings, rdap_server: RdapTestServer) -> None:
    rdap_server.fail(RANGE, hang=True)
    message = failed(lookup_rdap(RANGE, settings), "rdap.timeout")
    assert "0.3 s" in message and "--timeout" in message


def test_trickling_body_is_cut_at_the_time_out(
    settings: Settings, rdap_server: RdapTestServer
) -> None:
    rdap_server.fail(RANGE, trickle=0.05)  # ~6 KB at 20 bytes/s
    failed(lookup_rdap(RANGE, settings), "rdap.timeout")


def test_a_retry_recovers_from_one_time_out(tmp_path: Path, rdap_server: RdapTestServer) -> None:
    rdap_server.fail(RANGE, hang=True, times=1)
    result = lookup_rdap(RANGE, make_settings(rdap_server, tmp_path, retries=1))
    assert result.status == "ok"
    assert result.requests == 2


def test_retries_stop_at_the_configured_count(tmp_path: Path, rdap_server: RdapTestServer) -> None:
    rdap_server.fail(RANGE, status=503)
    result = lookup_rdap(RANGE, make_settings(rdap_server, tmp_path, retries=2))
    message = failed(result, "rdap.server_error")
    assert "HTTP 503" in message
    assert rdap_server.count(RANGE) == 3 == result.requests


def test_slow_answer_within_the_time_out_is_fine(
    settings: Settings, rdap_server: RdapTestServer
) -> None:
    rdap_server.fail(RANGE, delay=0.1)
    assert lookup_rdap(RANGE, settings).status == "ok"


def test_connection_refused(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, rdap_base_url="http://127.0.0.1:9/", rdap_timeout=0.3)
    message = failed(lookup_rdap(RANGE, settings), "rdap.unreachable")
    assert "refused" in message and "--rdap-url" in message


def test_not_found(settings: Settings) -> None:
    message = failed(lookup_rdap("8.8.8.0/24", settings), "rdap.not_found")
    assert "HTTP 404" in message


def test_rate_limited_says_when_to_retry_and_does_not_wait(
    settings: Settings, rdap_server: RdapTestServer
) -> None:
    rdap_server.fail(RANGE, status=429, headers={"Retry-After": "120"})
    message = failed(lookup_rdap(RANGE, settings), "rdap.rate_limited")
    assert "HTTP 429" in message and "retry in 2 min" in message
    assert rdap_server.count(RANGE) == 1  # no retry, and above all no 120 s sleep


def test_rate_limited_without_retry_after(settings: Settings, rdap_server: RdapTestServer) -> None:
    rdap_server.fail(RANGE, status=429)
    assert "wait a few minutes" in failed(lookup_rdap(RANGE, settings), "rdap.rate_limited")


def test_retry_after_as_http_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 90) == 90.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("30") == 30.0


def test_server_error_is_retried_then_reported(tmp_path: Path, rdap_server: RdapTestServer) -> None:
    rdap_server.fail(RANGE, status=500, times=1)
    result = lookup_rdap(RANGE, make_settings(rdap_server, tmp_path, retries=1))
    assert result.status == "ok" and result.requests == 2


def test_rdap_error_object(settings: Settings) -> None:
    # A "501 Not Implemented" error object in RIPE NCC's shape, served with status 200.
    message = failed(lookup_rdap("185.54.126.0/24", settings), "rdap.error_object")
    assert "501" in message and "not implemented" in message


def test_error_object_text_is_cleaned(settings: Settings, rdap_server: RdapTestServer) -> None:
    body = {"errorCode": 400, "title": "[bold]x[/] \x1b[31mred", "description": ["\x07bell"]}
    rdap_server.fail(RANGE, status=400, body=json.dumps(body).encode())
    message = failed(lookup_rdap(RANGE, settings), "rdap.error_object")
    assert "\x1b" not in message and "\x07" not in message
    assert "[bold]x[/]" in message  # kept literally; the UI never parses it as markup


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"{not json", "rdap.malformed"),
        (b"[1, 2, 3]", "rdap.malformed"),
        (b'{"objectClassName": "entity", "handle": "X"}', "rdap.malformed"),
        (b'{"handle": "NET-1", "startAddress": "1.2.3.0"}', "rdap.malformed"),
        (b"\xff\xfe\x00garbage", "rdap.malformed"),
        (
            b'{"handle": "NET6-1", "ipVersion": "v6", "startAddress": "2001:db8::",'
            b' "endAddress": "2001:db8::ffff"}',
            "rdap.malformed",
        ),
        (
            b'{"handle": "N", "ipVersion": "v4", "startAddress": "1.2.3.255",'
            b' "endAddress": "1.2.3.0"}',
            "rdap.malformed",
        ),
    ],
)
def test_malformed_answers(
    settings: Settings, rdap_server: RdapTestServer, body: bytes, code: str
) -> None:
    rdap_server.fail(RANGE, status=200, body=body)
    failed(lookup_rdap(RANGE, settings), code)


def test_huge_answer_is_refused(settings: Settings, rdap_server: RdapTestServer) -> None:
    rdap_server.fail(RANGE, size=3 * 1024 * 1024)
    message = failed(lookup_rdap(RANGE, settings), "rdap.too_large")
    assert "2 MB" in message


def test_redirect_to_another_registry_is_followed(
    settings: Settings, rdap_server: RdapTestServer
) -> None:
    # ARIN's server sends the query on to RIPE's (an inter-RIR transfer).
    target = rdap_server.rir_url("ripe") + "ip/104.167.128.0/24"
    rdap_server.fail("104.167.128.0/24", status=301, location=target, times=1)
    result = lookup_rdap("104.167.128.0/24", settings, registry="RIPE NCC")
    assert result.status == "ok"
    assert result.source_url == target
    assert result.rir == "RIPE NCC"
    assert result.requests == 2


def test_relative_redirect(settings: Settings, rdap_server: RdapTestServer) -> None:
    rdap_server.fail(RANGE, location="/mirror/ip/185.54.121.0/24", times=1)
    result = lookup_rdap(RANGE, settings)
    assert result.status == "ok" and result.source_url.endswith("/mirror/ip/185.54.121.0/24")


def test_redirect_loop(settings: Settings, rdap_server: RdapTestServer) -> None:
    rdap_server.fail(RANGE, location="/loop/ip/185.54.121.0/24")
    message = failed(lookup_rdap(RANGE, settings), "rdap.redirect_loop")
    assert "loop" in message
    assert rdap_server.count(RANGE) <= 3


def test_redirect_without_location(settings: Settings, rdap_server: RdapTestServer) -> None:
    rdap_server.fail(RANGE, status=302, body=b"")
    assert "without a location" in failed(lookup_rdap(RANGE, settings), "rdap.server_error")


def test_a_broken_fetcher_never_raises(settings: Settings) -> None:
    class Broken:
        cacheable = False

        def fetch(self, url: str, timeout: float) -> Response:
            raise RuntimeError("boom")

    message = failed(lookup_rdap(RANGE, settings, fetcher=Broken()), "rdap.unreachable")
    assert "boom" in message


def test_a_failing_24_inside_a_22_leaves_a_warning(
    settings: Settings, rdap_server: RdapTestServer
) -> None:
    rdap_server.fail("199.188.1.0/24", status=500)
    result = lookup_rdap("199.188.0.0/22", settings)
    assert result.status == "ok"
    warning = next(f for f in result.findings if f.code == "rdap.coverage_incomplete")
    assert warning.severity is Severity.WARNING and warning.message.startswith("1 of the 4")


def test_hanging_sub_queries_end_at_the_deadline(
    settings: Settings, rdap_server: RdapTestServer
) -> None:
    for third in range(4):
        rdap_server.fail(f"199.188.{third}.0/24", hang=True)
    result = lookup_rdap("199.188.0.0/22", settings)
    assert result.status == "ok"
    warning = next(f for f in result.findings if f.code == "rdap.coverage_incomplete")
    assert warning.message.startswith("4 of the 4")


def test_a_redirect_to_a_local_file_is_not_followed(
    settings: Settings, rdap_server: RdapTestServer
) -> None:
    rdap_server.fail(RANGE, location="file:///etc/passwd")
    message = failed(lookup_rdap(RANGE, settings), "rdap.server_error")
    assert "not an http(s) address" in message


def test_a_base_url_that_is_not_http_is_refused(tmp_path: Path) -> None:
    (tmp_path / "ip").mkdir()
    settings = Settings(cache_dir=tmp_path / "cache", rdap_base_url=f"file://{tmp_path}/")
    message = failed(lookup_rdap(RANGE, settings), "rdap.unreachable")
    assert "not an http(s) URL" in message
