"""The five field rules: what people type, the normal form, and the finding codes."""

from __future__ import annotations

import ipaddress

import pytest

from byoip.fields import (
    FIELD_CHECKS,
    SPECIAL_PURPOSE,
    check_account_id,
    check_fields,
    check_ip_range,
    check_region,
    check_registry,
    check_request,
    check_use_case,
    normalized_request,
)
from byoip.findings import Severity
from byoip.request import FIELDS, Request


def codes(check) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in check.findings]


def error_codes(check) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in check.findings if f.severity is Severity.ERROR]


# --- account_id -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("123456789012", "123456789012"),
        ("1234-5678-9012", "123456789012"),
        (" 1234 5678 9012 ", "123456789012"),
        ("012345678901", "012345678901"),  # leading zero kept
        ("１２３４５６７８９０１２", "123456789012"),  # full-width digits pasted
    ],
)
def test_account_id_accepts_what_people_paste(typed: str, normal: str) -> None:
    check = check_account_id(typed)
    assert check.ok and check.value == normal and check.findings == ()


@pytest.mark.parametrize(("typed", "seen"), [("12345678901", 11), ("1234-5678-90123", 13)])
def test_account_id_wrong_length_says_how_many_digits(typed: str, seen: int) -> None:
    check = check_account_id(typed)
    assert error_codes(check) == ["account_id.digits"]
    assert f"has {seen}" in check.findings[0].message


def test_account_id_letters_and_empty() -> None:
    assert error_codes(check_account_id("12345678901O")) == ["account_id.characters"]
    assert "'O'" in check_account_id("12345678901O").findings[0].message
    assert error_codes(check_account_id("  ")) == ["account_id.required"]
    # Arabic-Indic digits are digits to str.isdigit, but not to AWS.
    assert not check_account_id("١٢٣٤٥٦٧٨٩٠١٢").ok


# --- region -----------------------------------------------------------------------------


def test_region_known_code_is_normalised_and_named() -> None:
    check = check_region(" AP-SOUTH-1 ")
    assert check.ok and check.value == "ap-south-1"
    assert "Asia Pacific (Mumbai)" in check.findings[0].message


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("ap-south1", "ap-south-1"),
        ("mumbai", "ap-south-1"),
        ("Europe (Ireland)", "eu-west-1"),
        ("eu-wset-1", "eu-west-1"),
        ("frankfurt", "eu-central-1"),
    ],
)
def test_region_near_miss_gets_a_suggestion(typed: str, suggested: str) -> None:
    check = check_region(typed)
    assert error_codes(check) == ["region.unknown"]
    assert check.suggestions[0] == suggested
    assert suggested in check.findings[0].message


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("ap-east-1", "ap-east-1"),
        ("Hong Kong", "ap-east-1"),
        ("ap-east-2", "ap-east-2"),
        ("ap-southeast-4", "ap-southeast-4"),
        ("Melbourne", "ap-southeast-4"),
        ("ap-southeast-6", "ap-southeast-6"),
        ("ap-southeast-7", "ap-southeast-7"),
        ("eu-south-2", "eu-south-2"),  # not "corrected" to eu-south-1, Milan
        ("EU-SOUTH-2", "eu-south-2"),
        ("Spain", "eu-south-2"),
        ("mx-central-1", "mx-central-1"),
        ("Mexico", "mx-central-1"),
    ],
)
def test_region_without_ses_says_so(typed: str, code: str) -> None:
    # botocore's endpoints.json: these commercial Regions have no SES ("email") endpoint.
    check = check_region(typed)
    assert error_codes(check) == ["region.no_ses"]
    message = check.findings[0].message
    assert "not available" in message and code in message and "Milan" not in message
    assert check.suggestions == ()


def test_a_compass_word_is_not_taken_for_mexico() -> None:
    # "Central" is in Mexico (Central)'s name, and in ca-central-1's and eu-central-1's.
    assert error_codes(check_region("eu central")) == ["region.unknown"]


@pytest.mark.parametrize("code", ["us-gov-west-1", "us-gov-east-1", "eusc-de-east-1"])
def test_other_partitions_are_a_warning(code: str) -> None:
    check = check_region(code)
    assert check.ok and codes(check) == ["region.other_partition"]
    assert check.findings[0].severity is Severity.WARNING


def test_region_nonsense_and_empty() -> None:
    check = check_region("zz-nowhere-9")
    assert error_codes(check) == ["region.unknown"] and check.suggestions == ()
    assert error_codes(check_region("")) == ["region.required"]


# --- use_case ---------------------------------------------------------------------------


def test_use_case_rules() -> None:
    assert error_codes(check_use_case(" \n ")) == ["use_case.required"]
    short = check_use_case("newsletters")
    assert short.ok and codes(short) == ["use_case.short"]
    for topic in ("volume", "why"):
        assert topic in short.findings[0].message
    long = "Transactional receipts, 2M/month, moving from our own MTAs at 8.8.8.0/24."
    assert check_use_case(long).findings == ()
    assert check_use_case(f"  {long}\n").value == long


# --- ip_range ---------------------------------------------------------------------------


def test_ip_range_public_24_passes_with_size() -> None:
    check = check_ip_range("8.8.8.0/24")
    assert check.ok and check.value == "8.8.8.0/24"
    assert codes(check) == ["ip_range.size"]
    assert "256 addresses" in check.findings[0].message
    assert "2,048 addresses" in check_ip_range("193.0.0.0/21").findings[-1].message


def test_ip_range_host_bits_proposes_the_network() -> None:
    check = check_ip_range("8.8.8.5/24")
    assert error_codes(check) == ["ip_range.host_bits"]
    assert "8.8.8.0/24" in check.findings[0].message
    assert check.suggestions == ("8.8.8.0/24",)


def test_ip_range_aws_example_with_host_bits_fails_twice() -> None:
    check = check_ip_range("203.0.113.5/24")
    assert error_codes(check) == ["ip_range.host_bits", "ip_range.special"]


@pytest.mark.parametrize("typed", ["8.8.8.0/25", "8.8.8.128/26", "8.8.8.8", "8.8.8.8/32"])
def test_ip_range_longer_than_24_is_refused(typed: str) -> None:
    check = check_ip_range(typed)
    assert "ip_range.too_specific" in error_codes(check)
    assert "/24" in next(f.message for f in check.findings if f.code == "ip_range.too_specific")
    assert "8.8.8.0/24" in check.suggestions


def test_bare_address_is_read_as_32() -> None:
    check = check_ip_range("8.8.8.8")
    assert check.value == "8.8.8.8/32"
    assert "single address" in check.findings[0].message


def test_ip_range_ipv6_and_garbage() -> None:
    assert error_codes(check_ip_range("2001:db8::/32")) == ["ip_range.ipv6"]
    assert "IPv4" in check_ip_range("2a00:1450::/32").findings[0].message
    for typed in ("1.2.3", "256.1.1.0/24", "8.8.8.0/33", "010.1.1.0/24", "eight", "1.2.3.0/24x"):
        assert error_codes(check_ip_range(typed)) == ["ip_range.invalid"], typed
    assert error_codes(check_ip_range("")) == ["ip_range.required"]


@pytest.mark.parametrize(("block", "what"), [(str(b), w) for b, w in SPECIAL_PURPOSE])
def test_every_special_purpose_block_is_refused_by_name(block: str, what: str) -> None:
    network = ipaddress.IPv4Network(block)
    # A /24 inside the block (or the block itself when it is smaller).
    probe = network if network.prefixlen >= 24 else next(network.subnets(new_prefix=24))
    check = check_ip_range(str(probe))
    special = [f for f in check.findings if f.code == "ip_range.special"]
    assert any(what in f.message for f in special)


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("10.20.30.0/24", "private"),
        ("100.64.0.0/24", "CGNAT"),
        ("203.0.113.0/24", "documentation"),
        ("198.51.100.0/24", "documentation"),
        ("192.0.2.0/24", "documentation"),
        ("224.1.2.0/24", "multicast"),
        ("127.0.0.0/8", "loopback"),
    ],
)
def test_special_purpose_names_what_it_is(typed: str, word: str) -> None:
    assert word in check_ip_range(typed).findings[0].message


def test_range_containing_special_space_is_refused() -> None:
    check = check_ip_range("192.0.0.0/16")
    assert error_codes(check) == ["ip_range.special", "ip_range.special"]
    assert "contains 192.0.2.0/24" in check.findings[1].message


def test_neighbours_of_special_blocks_pass() -> None:
    # Just outside 100.64.0.0/10, 172.16.0.0/12 and 198.18.0.0/15.
    for typed in ("100.128.0.0/24", "172.32.0.0/24", "198.20.0.0/24", "223.255.255.0/24"):
        assert check_ip_range(typed).ok, typed


# --- registry ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "rir"),
    [
        ("ripe", "RIPE NCC"),
        ("RIPE-NCC", "RIPE NCC"),
        ("Ripe NCC", "RIPE NCC"),
        ("arin", "ARIN"),
        ("APNIC", "APNIC"),
    ],
)
def test_registry_spellings(typed: str, rir: str) -> None:
    check = check_registry(typed)
    assert check.ok and check.value == rir and check.findings == ()


@pytest.mark.parametrize(("typed", "rir"), [("lacnic", "LACNIC"), ("AfriNIC", "AFRINIC")])
def test_lacnic_and_afrinic_ask_to_confirm_with_aws_first(typed: str, rir: str) -> None:
    # EC2 BYOIP names ARIN, RIPE and APNIC only: a warning, never a refusal.
    check = check_registry(typed)
    assert check.ok and check.value == rir and codes(check) == ["registry.unconfirmed"]
    finding = check.findings[0]
    assert finding.severity is Severity.WARNING
    assert "currently supports registrations in ARIN, RIPE and APNIC" in finding.message
    assert "ec2-byoip.html" in finding.message and "DNS TXT" in finding.message


@pytest.mark.parametrize(
    ("typed", "value", "rir"),
    [
        ("jpnic", "JPNIC (APNIC)", "APNIC"),
        ("KRNIC", "KRNIC (APNIC)", "APNIC"),
        ("twnic", "TWNIC (APNIC)", "APNIC"),
        ("CNNIC", "CNNIC (APNIC)", "APNIC"),
        ("IDNIC", "IDNIC (APNIC)", "APNIC"),
        ("vnnic", "VNNIC (APNIC)", "APNIC"),
        ("IRINN", "IRINN (APNIC)", "APNIC"),
        ("nic.br", "NIC.br (LACNIC)", "LACNIC"),
        ("Registro.br", "NIC.br (LACNIC)", "LACNIC"),
        ("NIC Mexico", "NIC.mx (LACNIC)", "LACNIC"),
        ("NIC.mx (LACNIC)", "NIC.mx (LACNIC)", "LACNIC"),
    ],
)
def test_a_national_registry_is_accepted_with_its_rir(typed: str, value: str, rir: str) -> None:
    check = check_registry(typed)
    assert check.ok and check.value == value
    assert codes(check)[0] == "registry.national" and rir in check.findings[0].message
    assert ("registry.unconfirmed" in codes(check)) == (rir == "LACNIC")
    assert check_registry(value).value == value  # the normal form reads back the same


def test_registry_unknown_and_empty() -> None:
    unknown = check_registry("IANA")
    assert error_codes(unknown) == ["registry.unknown"] and "NIC.br" in unknown.findings[0].message
    assert error_codes(check_registry("JPNIC (LACNIC)")) == ["registry.unknown"]
    assert error_codes(check_registry("")) == ["registry.required"]


def test_registry_cross_checked_against_iana_map() -> None:
    match = check_registry("ARIN", "8.8.8.0/24")
    assert match.ok and codes(match) == ["registry.iana_match"]
    mismatch = check_registry("RIPE NCC", "8.8.8.0/24")
    assert mismatch.ok  # a warning: transfers make the /8 map wrong for some blocks
    assert codes(mismatch) == ["registry.iana_mismatch"]
    assert mismatch.findings[0].severity is Severity.WARNING
    assert "ARIN" in mismatch.findings[0].message and "2026-08-01" in mismatch.findings[0].message
    # No cross-check without a readable range.
    assert check_registry("RIPE NCC", "nonsense").findings == ()


# --- the whole request ------------------------------------------------------------------

GOOD = Request(
    account_id="1234-5678-9012",
    region="eu-west-1",
    use_case="Transactional mail for our shop, about 2 million messages a month.",
    ip_range="193.0.0.0/24",
    registry="ripe",
)


def test_check_request_covers_every_field_in_order() -> None:
    assert list(check_fields(GOOD)) == list(FIELDS) == list(FIELD_CHECKS)
    findings = check_request(GOOD)
    assert not [f for f in findings if f.severity is not Severity.INFO]
    bad = check_request(Request())
    assert sorted({f.field for f in bad}) == sorted(FIELDS)


def test_normalized_request() -> None:
    normal = normalized_request(GOOD)
    assert normal.account_id == "123456789012" and normal.registry == "RIPE NCC"
    assert normal.use_case == GOOD.use_case


def test_rules_never_raise_on_odd_input() -> None:
    for typed in ("\x00", "\u202e", "/", "//24", "a" * 10_000, "1.2.3.4/-1", "::", "0/0"):
        for name, rule in FIELD_CHECKS.items():
            assert rule(typed).field == name
