"""``ses-byoip lookup``: panels or JSON, meaningful exit codes, one sentence for bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from byoip.cli import main
from tests.support.paths import SAMPLES_DIR
from tests.support.rdap_server import RdapTestServer

RDAP_KEYS = {
    "status",
    "error",
    "rir",
    "network",
    "registrant",
    "covers_range",
    "certificate",
    "findings",
}


def run(*args: str) -> Result:
    # The routing check has tests of its own (test_routing_cli.py); here it is skipped so
    # that these exit codes are about registration and reputation only.
    return CliRunner().invoke(main, ["lookup", *args, "--no-routing"])


def as_json(result: Result) -> dict:
    return json.loads(result.stdout)


def test_json_has_the_rdap_member_the_issue_describes(rdap_server: RdapTestServer) -> None:
    result = run("185.54.121.0/24", "--registry", "RIPE NCC", "--no-reputation", "--json")
    assert result.exit_code == 0, result.output
    data = as_json(result)
    assert data["reputation"] is None
    rdap = data["rdap"]
    assert set(rdap) == RDAP_KEYS
    assert set(rdap["network"]) == {"cidr", "handle", "name", "type", "start", "end"}
    assert set(rdap["registrant"]) == {"handle", "name", "kind", "evidence", "name_source"}
    assert set(rdap["certificate"]) == {"subject", "not_after", "sha256"}
    assert {"field", "severity", "code", "message"} == set(rdap["findings"][0])


@pytest.mark.parametrize(
    ("cidr", "registry", "code"),
    [
        ("23.150.164.0/24", "ARIN", "rdap.registrant_person"),
        ("104.167.128.0/24", "ARIN", "rdap.registry_mismatch"),
        ("190.113.96.0/24", "LACNIC", "rdap.partial_coverage"),
    ],
)
def test_errors_found_exit_1(
    rdap_server: RdapTestServer, cidr: str, registry: str, code: str
) -> None:
    result = run(cidr, "--registry", registry, "--no-reputation", "--json")
    assert result.exit_code == 1
    assert code in {f["code"] for f in as_json(result)["rdap"]["findings"]}


def test_lookup_fault_exits_1_with_a_sentence(rdap_server: RdapTestServer) -> None:
    rdap_server.fail("*", hang=True)
    result = run("185.54.121.0/24", "--no-reputation", "--timeout", "0.2")
    assert result.exit_code == 1
    assert "timed out" in result.stdout and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["185.54.121.1/24"], "did you mean 185.54.121.0/24"),
        (["not-a-range"], "not an IPv4 range"),
        (["185.54.121.0/24", "--registry", "IANA"], "is not a registry"),
        (["185.54.121.0/24", "--rdap-url", "ftp://x"], "not an http(s) URL"),
        (["185.54.121.0/24", "--no-rdap", "--no-reputation"], "nothing to look up"),
        (["185.54.121.0/24", "--zones", " , "], "--zones is empty"),
        (["185.54.121.0/24", "--timeout", "0"], "Invalid value for '--timeout'"),
    ],
)
def test_bad_input_exits_2(args: list[str], fragment: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert fragment in result.output
    assert "Traceback" not in result.output


def test_retries_flag(rdap_server: RdapTestServer) -> None:
    rdap_server.fail("*", status=503)
    result = run("185.54.121.0/24", "--no-reputation", "--json", "--retries", "2")
    assert result.exit_code == 1
    assert rdap_server.count() == 3


def test_rdap_url_flag_overrides_the_environment(rdap_server: RdapTestServer) -> None:
    other = RdapTestServer()
    with other:
        result = run("185.54.121.0/24", "--no-reputation", "--json", "--rdap-url", other.base_url)
    assert result.exit_code == 0
    assert other.count() == 1 and rdap_server.count() == 0


def test_refresh_skips_the_cache(rdap_server: RdapTestServer) -> None:
    run("185.54.121.0/24", "--no-reputation", "--json")
    run("185.54.121.0/24", "--no-reputation", "--json")
    assert rdap_server.count() == 1
    run("185.54.121.0/24", "--no-reputation", "--json", "--refresh")
    assert rdap_server.count() == 2


def test_panel_shows_untrusted_text_literally(rdap_server: RdapTestServer) -> None:
    result = run("66.66.66.0/24", "--no-reputation")
    assert result.exit_code == 0, result.output
    assert "[bold red]PWNED[/]" in result.stdout  # literal: never parsed as markup
    assert "[bold]Evil[/bold] Corp" in result.stdout
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert len(result.stdout) < 20_000  # the 1 MB remark is not printed


def test_panel_for_a_clean_range(rdap_server: RdapTestServer) -> None:
    result = run("185.54.121.0/24", "--registry", "ripe", "--no-reputation")
    assert result.exit_code == 0
    for text in ("RIPE NCC", "Example Mail GmbH", "ORG-EMG7-RIPE", "ASSIGNED PI", "4038ffaf"):
        assert text in result.stdout


def test_recordings_work_offline() -> None:
    # No server at all: SES_BYOIP_RDAP_URL points at a closed port (hermetic fixture).
    result = run(
        "23.150.164.0/24",
        "--no-reputation",
        "--json",
        "--rdap-recordings",
        str(SAMPLES_DIR / "recordings" / "rdap"),
    )
    assert result.exit_code == 1
    assert as_json(result)["rdap"]["registrant"]["kind"] == "person"


def test_rdap_and_reputation_together(rdap_server: RdapTestServer, dns_server) -> None:  # type: ignore[no-untyped-def]
    # One zone keeps the sweep small (256 queries); the default list is five.
    result = run(
        "185.54.121.0/24", "--registry", "RIPE NCC", "--json", "--zones", "zen.spamhaus.org"
    )
    assert result.exit_code == 0, result.output
    data = as_json(result)
    assert data["rdap"]["status"] == "ok"
    assert data["reputation"]["verdict"] == "clean"
    assert data["reputation"]["addresses"] == 256
    assert [zone["zone"] for zone in data["reputation"]["zones"]] == ["zen.spamhaus.org"]


def test_a_listed_address_exits_1(rdap_server: RdapTestServer, dns_server) -> None:  # type: ignore[no-untyped-def]
    dns_server.list_address("zen.spamhaus.org", "185.54.121.7", codes=["127.0.0.2"])
    result = run("185.54.121.0/24", "--no-rdap", "--json", "--zones", "zen.spamhaus.org")
    assert result.exit_code == 1
    data = as_json(result)
    assert data["rdap"] is None and data["reputation"]["verdict"] == "listed"


def test_big_range_needs_yes_for_the_sweep(rdap_server: RdapTestServer) -> None:
    result = run("199.188.0.0/16")
    assert result.exit_code == 2
    assert "--yes" in result.output and "65,536 addresses" in result.output
    assert rdap_server.count() == 0  # refused before any lookup


def test_panels_for_both_lookups(rdap_server: RdapTestServer, dns_server) -> None:  # type: ignore[no-untyped-def]
    dns_server.list_address("zen.spamhaus.org", "185.54.121.9", codes=["127.0.0.2"])
    result = run("185.54.121.0/24", "--zones", "zen.spamhaus.org")
    assert result.exit_code == 1, result.output
    assert "Registration (RDAP) 185.54.121.0/24" in result.stdout
    assert "Example Mail GmbH" in result.stdout
    assert "LISTED" in result.stdout and "185.54.121.9" in result.stdout


@pytest.mark.parametrize(
    ("cidr", "words"),
    [("10.1.0.0/24", "private"), ("203.0.113.0/24", "documentation"), ("100.64.0.0/16", "CGNAT")],
)
def test_special_purpose_ranges_are_refused_before_any_query(
    rdap_server: RdapTestServer, cidr: str, words: str
) -> None:
    result = run(cidr)
    assert result.exit_code == 1
    assert words in result.output
    assert rdap_server.requests == []
