"""The registry lookup against a real RDAP server on 127.0.0.1 serving recorded answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from byoip.config import Settings, load_settings
from byoip.findings import Severity
from byoip.rdap import RdapResult, lookup_rdap
from tests.support.rdap_server import MORE_SPECIFIC_RECORDINGS, RdapTestServer, default_folders


@pytest.fixture
def settings(rdap_server: RdapTestServer, tmp_path: Path) -> Settings:
    return Settings(
        cache_dir=tmp_path / "cache",
        rdap_base_url=rdap_server.base_url,
        rdap_timeout=0.5,
        rdap_retries=0,
    )


def codes(result: RdapResult, severity: Severity | None = None) -> set[str]:
    return {f.code for f in result.findings if severity is None or f.severity is severity}


def test_fixture_points_the_settings_at_the_server(rdap_server: RdapTestServer) -> None:
    settings = load_settings()
    assert settings.rdap_base_url == rdap_server.base_url
    result = lookup_rdap("185.54.121.0/24", settings)
    assert result.status == "ok"
    assert rdap_server.count("185.54.121.0/24") == 1


def test_ripe_org_with_maintainers_and_certificate(
    settings: Settings, rdap_server: RdapTestServer
) -> None:
    result = lookup_rdap("185.54.121.0/24", settings, registry="RIPE NCC")
    data = result.to_json()
    assert data["status"] == "ok" and data["error"] is None
    assert data["rir"] == "RIPE NCC"
    # The maintainers also carry role "registrant" with kind individual: the ORG decides.
    assert data["registrant"] == {
        "handle": "ORG-EMG7-RIPE",
        "name": "Example Mail GmbH",
        "kind": "organization",
        "evidence": "the registry's organisation object; vCard kind org; 'GmbH' in the name",
        "name_source": "the organisation object's vCard",
    }
    # RIPE writes its start and end addresses as "/32" CIDRs.
    assert data["network"] == {
        "cidr": "185.54.121.0/24",
        "handle": "185.54.121.0 - 185.54.121.255",
        "name": "EXAMPLEMAIL-OUTBOUND",
        "type": "ASSIGNED PI",
        "start": "185.54.121.0",
        "end": "185.54.121.255",
    }
    assert data["covers_range"] is True
    cert = data["certificate"]
    assert cert["subject"] == "CN=byoip.example-mail.example,O=Example Mail GmbH,C=DE"
    assert cert["not_after"].startswith("2036-09-01")
    assert cert["sha256"] == "4038ffaf9c1e4c6f90c56078a6736295b31c77466c59cddba4e5ac72c3a31205"
    assert not codes(result, Severity.ERROR) and not codes(result, Severity.WARNING)
    assert "rdap.certificate" in codes(result)
    assert rdap_server.count() == 1


def test_arin_organization_registrant_with_individual_contacts(settings: Settings) -> None:
    result = lookup_rdap("199.188.0.0/22", settings, registry="arin")
    assert result.rir == "ARIN"
    assert result.registrant is not None
    assert (result.registrant.handle, result.registrant.kind) == ("PRN-27", "organization")
    assert result.network is not None and result.network.type == "DIRECT ALLOCATION"
    assert result.covers_range
    assert not result.has_errors


def test_a_22_queries_each_24_inside_it(settings: Settings, rdap_server: RdapTestServer) -> None:
    result = lookup_rdap("199.188.0.0/22", settings)
    assert rdap_server.count("199.188.0.0/22") == 1
    for third in range(4):
        assert rdap_server.count(f"199.188.{third}.0/24") == 1
    assert result.requests == 5
    assert result.more_specific == []


def test_more_specific_registration_held_by_another_org(tmp_path: Path) -> None:
    with RdapTestServer([MORE_SPECIFIC_RECORDINGS, *default_folders()]) as server:
        settings = Settings(
            cache_dir=tmp_path, rdap_base_url=server.base_url, rdap_timeout=0.5, rdap_retries=0
        )
        result = lookup_rdap("199.188.0.0/22", settings)
    assert result.status == "ok"
    held = [f for f in result.findings if f.code == "rdap.held_by_other"]
    assert len(held) == 1 and held[0].severity is Severity.ERROR
    assert "199.188.2.0/24" in held[0].message and "MailCo Hosting LLC" in held[0].message
    assert [m.network.handle for m in result.more_specific] == ["NET-199-188-2-0-1"]


def test_person_registrant_is_an_error(settings: Settings) -> None:
    result = lookup_rdap("23.150.164.0/24", settings, registry="ARIN")
    assert result.registrant is not None and result.registrant.kind == "person"
    finding = next(f for f in result.findings if f.code == "rdap.registrant_person")
    assert finding.severity is Severity.ERROR and finding.field == "ip_range"
    # The record keeps no personal data: a person is kept by handle and kind only.
    snapshot = result.snapshot()
    assert snapshot["registrant_handle"] == "JQS-12"
    assert "registrant_name" not in snapshot
    assert "Smith" not in json.dumps({k: v for k, v in snapshot.items() if k != "findings"})


def test_wrong_registry_names_the_right_one(settings: Settings) -> None:
    # 104.0.0.0/8 is ARIN's in IANA's map, but this block was transferred to RIPE.
    result = lookup_rdap("104.167.128.0/24", settings, registry="ARIN")
    assert result.rir == "RIPE NCC"
    mismatch = next(f for f in result.findings if f.code == "rdap.registry_mismatch")
    assert mismatch.severity is Severity.ERROR and mismatch.field == "registry"
    assert "name RIPE NCC" in mismatch.message
    assert "rdap.transferred" in codes(result, Severity.INFO)


def test_the_right_registry_in_any_spelling_is_accepted(settings: Settings) -> None:
    for spelling in ("RIPE NCC", "ripe", "RIPE-NCC"):
        result = lookup_rdap("104.167.128.0/24", settings, registry=spelling)
        assert "rdap.registry_mismatch" not in codes(result)


def test_partial_coverage_is_an_error(settings: Settings) -> None:
    result = lookup_rdap("190.113.96.0/24", settings, registry="LACNIC")
    assert result.rir == "LACNIC"
    assert result.covers_range is False
    finding = next(f for f in result.findings if f.code == "rdap.partial_coverage")
    assert finding.severity is Severity.ERROR
    assert "only 1 of the 256" in finding.message


def test_arin_zero_padded_addresses_and_larger_network(settings: Settings) -> None:
    result = lookup_rdap("69.166.225.0/24", settings)
    assert result.network is not None
    assert (result.network.start, result.network.end) == ("69.166.0.0", "69.166.255.255")
    assert result.covers_range
    assert "rdap.larger_network" in codes(result, Severity.INFO)


def test_afrinic_range_that_is_not_one_cidr(settings: Settings) -> None:
    result = lookup_rdap("102.218.40.0/24", settings, registry="AFRINIC")
    assert result.rir == "AFRINIC"
    assert result.network is not None
    assert (
        result.network.cidr == "102.218.39.0/24, 102.218.40.0/22, 102.218.44.0/23, 102.218.46.0/24"
    )
    # AFRINIC's organization entity carries no roles.
    assert result.registrant is not None and result.registrant.handle == "ORG-KSL2-AFRINIC"
    assert result.covers_range


def test_apnic_holder_named_only_in_the_description(settings: Settings) -> None:
    result = lookup_rdap("211.189.73.0/24", settings, registry="APNIC")
    assert result.rir == "APNIC"
    holder = result.registrant
    assert holder is not None and holder.handle == ""
    assert (holder.name, holder.kind) == ("Hanbit Networks Co., Ltd.", "organization")
    assert holder.name_source == "the record's description (remarks)"
    assert "rdap.registrant" in codes(result, Severity.INFO)
    assert not result.has_errors


def test_ripe_assigned_pa_warns_that_a_provider_holds_it(settings: Settings) -> None:
    result = lookup_rdap("91.214.37.0/24", settings)
    assert "rdap.held_by_provider" in codes(result, Severity.WARNING)


def test_legacy_with_maintainers_only(settings: Settings) -> None:
    result = lookup_rdap("193.17.42.0/24", settings)
    # Maintainers (…-MNT) never count as the holder, even with role registrant.
    assert result.registrant is None
    assert "rdap.registrant_unknown" in codes(result, Severity.WARNING)
    # EC2 BYOIP: legacy allocations are not supported, so not a soft warning.
    assert "rdap.legacy" in codes(result, Severity.ERROR)
    legacy = next(f for f in result.findings if f.code == "rdap.legacy")
    assert "legacy allocations are not supported" in legacy.message
    assert "docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-byoip.html" in legacy.message


def test_hostile_answer_is_cleaned_and_cut(settings: Settings) -> None:
    result = lookup_rdap("66.66.66.0/24", settings)
    assert result.status == "ok"
    text = json.dumps(result.to_json(), ensure_ascii=False)
    assert "\x1b" not in text and "\u202e" not in text and "\x07" not in text
    assert len(text) < 10_000  # the 1 MB remark is not carried along
    assert result.network is not None
    assert result.network.name.startswith("[bold red]PWNED[/]")  # literal, not interpreted
    assert result.registrant is not None and "[bold]Evil[/bold] Corp" in result.registrant.name


def test_snapshot_is_toml_safe(settings: Settings) -> None:
    import tomli_w

    for cidr in ("185.54.121.0/24", "91.214.37.0/24", "8.8.8.0/24"):
        snapshot = lookup_rdap(cidr, settings).snapshot()
        tomli_w.dumps({"rdap": snapshot})  # raises on None


def test_special_and_malformed_input_is_a_sentence_not_an_exception(settings: Settings) -> None:
    for raw, fragment in (
        ("199.188.0.1/22", "did you mean 199.188.0.0/22"),
        ("199.188.0.0", "no prefix length"),
        ("2001:db8::/32", "not an IPv4 range"),
        ("banana", "not an IPv4 range"),
    ):
        result = lookup_rdap(raw, settings)
        assert result.status == "error"
        assert fragment in (result.error or "")
        assert result.findings[0].code == "rdap.bad_range"
