"""The samples for AWS's own rules: each one through the real checks, to its verdict.

LEGACY space (not met), a LACNIC range (a warning to confirm with AWS first), a
national registry (accepted with its RIR), a Region without SES, and Spamhaus
ZEN's 127.0.0.30 (the BCL, explained).  Their recorded answers are our own,
made up for the samples.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from byoip.config import DEFAULT_ZONES, Settings
from byoip.fields import check_request, normalized_request
from byoip.findings import Severity
from byoip.rdap import RecordedFetcher, lookup_rdap
from byoip.record import load_record
from byoip.reputation import RecordedResolver, sweep
from byoip.requirements import Verdict, assess
from tests.support.paths import SAMPLES_DIR

RDAP_RECORDINGS = SAMPLES_DIR / "recordings" / "rdap"


def _statuses(name: str, tmp_path: Path, lookup: bool = False) -> dict[str, object]:
    request = load_record(SAMPLES_DIR / name).request
    rdap = None
    if lookup:
        result = lookup_rdap(
            request.ip_range,
            Settings(cache_dir=tmp_path),
            registry=request.registry,
            fetcher=RecordedFetcher(RDAP_RECORDINGS),
        )
        rdap = list(result.findings)
    statuses = assess(request, check_request(request), rdap_findings=rdap)
    return {s.requirement.id: s for s in statuses}


def test_legacy_space_is_not_met_with_its_source(tmp_path: Path) -> None:
    status = _statuses("40-rdap-legacy-range.toml", tmp_path, lookup=True)["rir_registration"]
    assert status.verdict is Verdict.NOT_MET
    assert status.finding.code == "rdap.legacy" and status.finding.severity is Severity.ERROR
    assert "ec2-byoip.html" in status.finding.message


def test_a_lacnic_range_is_a_warning_to_confirm_with_aws() -> None:
    request = load_record(SAMPLES_DIR / "41-lacnic-range.toml").request
    findings = check_request(request)
    unconfirmed = [f for f in findings if f.code == "registry.unconfirmed"]
    assert unconfirmed and unconfirmed[0].severity is Severity.WARNING
    assert not [f for f in findings if f.severity is Severity.ERROR]


def test_a_lacnic_lookup_leaves_the_registration_requirement_open() -> None:
    from byoip.findings import warning
    from byoip.request import Request

    request = Request("123456789012", "sa-east-1", "x" * 50, "186.194.12.0/24", "LACNIC")
    rdap = [warning("rdap", "rdap.rir_unconfirmed", "ask AWS")]
    status = {s.requirement.id: s for s in assess(request, rdap_findings=rdap)}
    assert status["rir_registration"].verdict is Verdict.UNKNOWN
    assert status["rir_registration"].finding.code == "rdap.rir_unconfirmed"


def test_a_national_registry_is_accepted_with_its_rir() -> None:
    request = load_record(SAMPLES_DIR / "42-national-registry.toml").request
    assert normalized_request(request).registry == "JPNIC (APNIC)"
    codes = {f.code: f.severity for f in check_request(request)}
    assert codes["registry.national"] is Severity.INFO
    assert Severity.ERROR not in codes.values() and Severity.WARNING not in codes.values()


def test_a_region_without_ses_is_refused_not_corrected() -> None:
    request = load_record(SAMPLES_DIR / "43-region-without-ses-spain.toml").request
    (no_ses,) = [f for f in check_request(request) if f.code.startswith("region.")]
    assert no_ses.code == "region.no_ses" and "eu-south-2" in no_ses.message
    assert "eu-south-1" not in no_ses.message


def test_zen_127_0_0_30_is_explained_as_the_bcl() -> None:
    request = load_record(SAMPLES_DIR / "44-dnsbl-zen-bcl.toml").request
    recording = SAMPLES_DIR / "recordings" / "dnsbl" / "bcl-45.146.72.0-24.json"
    result = asyncio.run(
        sweep(request.ip_range, Settings(zones=DEFAULT_ZONES), resolver=RecordedResolver(recording))
    )
    assert result.verdict == "listed" and result.listed_addresses == ["45.146.72.7"]
    listed = next(f for f in result.findings if f.code == "reputation.listed")
    assert listed.severity is Severity.ERROR
    assert "BCL" in listed.message and "Botnet Controller List" in listed.message
