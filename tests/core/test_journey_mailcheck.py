"""SPF and PTR checks, live against the local DNS server (tests/support/dns_server.py)."""

from __future__ import annotations

import ipaddress
import json

import pytest
from click.testing import CliRunner

from byoip.cli import main
from byoip.journey.mailcheck import MailCheckError, run_mail_check
from tests.support.fixtures_dns import DnsServerFixture

CIDR = "198.51.7.0/24"  # only ever asked of the test server
DOMAIN = "mail.example.test"


def _ptr_everything(server: DnsServerFixture, cidr: str = CIDR) -> None:
    for address in ipaddress.IPv4Network(cidr):
        name = f"mta{str(address).rsplit('.', 1)[1]}.example.test"
        server.add_record(address.reverse_pointer, "PTR", name)
        server.add_record(name, "A", str(address))


def test_spf_covering_the_range_and_every_ptr_resolving_back(dns_server: DnsServerFixture) -> None:
    dns_server.add_record(DOMAIN, "TXT", "google-site-verification=abc")
    dns_server.add_record(DOMAIN, "TXT", f"v=spf1 ip4:{CIDR} -all")
    _ptr_everything(dns_server)
    result = run_mail_check(CIDR, DOMAIN, dns_server.settings())
    assert result.ok and len(result.addresses) == 256
    assert result.spf_record == f"v=spf1 ip4:{CIDR} -all"
    assert result.addresses[5].ptr_name == "mta5.example.test"
    assert result.summary() == [
        f"SPF: {DOMAIN} covers all 256 addresses of {CIDR}.",
        "PTR: 256 of 256 addresses have a PTR name that resolves back.",
    ]
    # Every name was asked of the configured server: the reverse names and the forward ones.
    assert "5.7.51.198.in-addr.arpa" in dns_server.names and "mta5.example.test" in dns_server.names


def test_partial_spf_and_each_kind_of_ptr_problem(dns_server: DnsServerFixture) -> None:
    cidr = "198.51.7.0/30"
    dns_server.add_record(DOMAIN, "TXT", "v=spf1 ip4:198.51.7.0/31 ~all")
    dns_server.add_record("0.7.51.198.in-addr.arpa", "PTR", "good.example.test")
    dns_server.add_record("good.example.test", "A", "198.51.7.0")
    dns_server.add_record("1.7.51.198.in-addr.arpa", "PTR", "elsewhere.example.test")
    dns_server.add_record("elsewhere.example.test", "A", "192.0.2.99")
    dns_server.add_record("2.7.51.198.in-addr.arpa", "PTR", "nowhere.example.test")
    # 198.51.7.3 has no PTR at all.
    result = run_mail_check(cidr, DOMAIN, dns_server.settings())
    by_address = {r.address: r for r in result.addresses}
    assert [by_address[a].spf for a in sorted(by_address)] == [
        "pass",
        "pass",
        "softfail",
        "softfail",
    ]
    assert by_address["198.51.7.0"].ok
    assert by_address["198.51.7.1"].ptr == "mismatch"
    assert "resolves to 192.0.2.99, not back to 198.51.7.1" in by_address["198.51.7.1"].detail
    assert by_address["198.51.7.2"].ptr == "mismatch"
    assert "resolves to nothing" in by_address["198.51.7.2"].detail
    assert by_address["198.51.7.3"].ptr == "missing"
    assert not result.ok
    assert result.summary()[0] == f"SPF: {DOMAIN} covers 2 of 4 addresses of {cidr}."
    assert result.summary()[1:] == [
        "PTR: 1 of 4 addresses have a PTR name that resolves back.",
        "  1 missing",
        "  2 mismatch",
    ]


def test_includes_and_redirects_are_followed(dns_server: DnsServerFixture) -> None:
    cidr = "198.51.7.0/30"
    dns_server.add_record(DOMAIN, "TXT", "v=spf1 -ip4:198.51.7.3 include:_a.example.test ?all")
    dns_server.add_record("_a.example.test", "TXT", "v=spf1 redirect=_b.example.test")
    dns_server.add_record("_b.example.test", "TXT", "v=spf1 ip4:198.51.7.0/30 -all")
    result = run_mail_check(cidr, DOMAIN, dns_server.settings())
    assert [r.spf for r in result.addresses] == ["pass", "pass", "pass", "fail"]


def test_a_record_that_names_ses(dns_server: DnsServerFixture) -> None:
    dns_server.add_record(DOMAIN, "TXT", "v=spf1 include:amazonses.com -all")
    result = run_mail_check("198.51.7.0/31", DOMAIN, dns_server.settings())
    assert result.names_ses and [r.spf for r in result.addresses] == ["ses", "ses"]
    assert "names SES (include:amazonses.com)" in result.summary()[0]
    assert "amazonses.com" not in dns_server.names  # counted, never looked up


def test_no_spf_two_spf_and_failing_queries(dns_server: DnsServerFixture) -> None:
    result = run_mail_check("198.51.7.0/31", DOMAIN, dns_server.settings())
    assert result.spf_record is None and {r.spf for r in result.addresses} == {"none"}
    assert "no usable SPF record (no v=spf1 TXT record)" in result.summary()[0]
    dns_server.add_record("two.example.test", "TXT", "v=spf1 -all")
    dns_server.add_record("two.example.test", "TXT", "v=spf1 +all")
    result = run_mail_check("198.51.7.0/31", "two.example.test", dns_server.settings())
    assert "more than one v=spf1 record" in result.summary()[0]
    dns_server.add_zone("7.51.198.in-addr.arpa", rfc5782=False, rcode="SERVFAIL")
    result = run_mail_check("198.51.7.0/31", DOMAIN, dns_server.settings())
    assert {r.ptr for r in result.addresses} == {"error"}
    assert result.addresses[0].detail == "PTR query: servfail"


def test_bad_input_is_one_sentence(dns_server: DnsServerFixture) -> None:
    with pytest.raises(MailCheckError, match="not an IPv4 range"):
        run_mail_check("198.51.7.5/24", DOMAIN, dns_server.settings())
    with pytest.raises(MailCheckError, match="check it /24 by /24"):
        run_mail_check("198.51.0.0/16", DOMAIN, dns_server.settings())
    with pytest.raises(MailCheckError, match="not a domain name"):
        run_mail_check(CIDR, "not a domain", dns_server.settings())


def test_mailcheck_command(dns_server: DnsServerFixture) -> None:
    dns_server.add_record(DOMAIN, "TXT", "v=spf1 ip4:198.51.7.0/30 -all")
    _ptr_everything(dns_server, "198.51.7.0/30")
    runner = CliRunner()
    ok = runner.invoke(
        main, ["mailcheck", "--range", "198.51.7.0/30", "--domain", DOMAIN, "--json"]
    )
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.output)
    assert data["ok"] and data["ptr"] == {"ok": 4, "total": 4} and data["spf"]["covered"] == 4
    bad = runner.invoke(main, ["mailcheck", "--range", "198.51.7.0/29", "--domain", DOMAIN])
    assert bad.exit_code == 1
    assert "SPF: mail.example.test covers 4 of 8 addresses" in bad.output
    assert "198.51.7.4" in bad.output and "missing" in bad.output
    usage = runner.invoke(main, ["mailcheck", "--domain", DOMAIN])
    assert usage.exit_code == 2 and "give a record FILE or --range" in usage.output
