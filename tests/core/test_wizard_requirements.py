"""byoip.requirements: every AWS requirement decided by the finding that decides it."""

from __future__ import annotations

from byoip.fields import check_request
from byoip.findings import error, info, warning
from byoip.request import Request
from byoip.requirements import REQUIREMENTS, Verdict, assess

GOOD = Request(
    "123456789012", "eu-west-1", "Receipts for our SaaS, 2M a month.", "8.8.8.0/24", "ARIN"
)


def _by_id(statuses):
    return {s.requirement.id: s for s in statuses}


def test_every_requirement_of_the_aws_page_is_listed_with_its_words() -> None:
    ids = [r.id for r in REQUIREMENTS]
    assert ids == [
        "rir_registration",
        "business_registrant",
        "proof_of_ownership",
        "clean_history",
        "prefix_24",
        "one_region",
        "five_per_region",
        "no_shared_pool",
        "roa_authorizes_aws",
    ]
    for requirement in REQUIREMENTS:
        assert requirement.aws_text and requirement.why and requirement.how_checked


def test_before_any_lookup_only_the_rules_decide() -> None:
    statuses = _by_id(assess(GOOD, check_request(GOOD)))
    assert statuses["prefix_24"].verdict is Verdict.MET
    assert statuses["prefix_24"].finding.code == "ip_range.size"
    assert statuses["one_region"].verdict is Verdict.MET
    for pending in ("rir_registration", "business_registrant", "clean_history"):
        assert statuses[pending].verdict is Verdict.UNKNOWN
        assert statuses[pending].finding is not None  # says what it waits for
    assert statuses["no_shared_pool"].verdict is Verdict.UNKNOWN


def test_a_too_specific_range_fails_the_prefix_requirement() -> None:
    request = Request(ip_range="8.8.8.0/25")
    status = _by_id(assess(request, check_request(request)))["prefix_24"]
    assert status.verdict is Verdict.NOT_MET
    assert status.finding.code == "ip_range.too_specific"


def test_registration_findings_decide_registry_and_registrant() -> None:
    rdap = [
        info("ip_range", "rdap.type", "Registration type: ALLOCATION."),
        error("ip_range", "rdap.registrant_person", "Registered to a person."),
    ]
    statuses = _by_id(assess(GOOD, check_request(GOOD), rdap_findings=rdap))
    assert statuses["rir_registration"].verdict is Verdict.MET
    assert statuses["business_registrant"].verdict is Verdict.NOT_MET
    assert statuses["business_registrant"].finding.code == "rdap.registrant_person"


def test_an_unanswered_lookup_leaves_registration_unknown_with_the_reason() -> None:
    rdap = [error("rdap", "rdap.timeout", "The registry did not answer within 5 s.")]
    statuses = _by_id(assess(GOOD, check_request(GOOD), rdap_findings=rdap))
    for requirement in ("rir_registration", "business_registrant"):
        assert statuses[requirement].verdict is Verdict.UNKNOWN
        assert statuses[requirement].finding.code == "rdap.timeout"


def test_not_found_means_not_registered() -> None:
    rdap = [error("ip_range", "rdap.not_found", "No registry holds 8.8.8.0/24.")]
    status = _by_id(assess(GOOD, check_request(GOOD), rdap_findings=rdap))["rir_registration"]
    assert status.verdict is Verdict.NOT_MET


def test_reputation_listed_clean_and_incomplete() -> None:
    def clean_history(findings):
        return _by_id(assess(GOOD, check_request(GOOD), reputation_findings=findings))[
            "clean_history"
        ]

    listed = clean_history([error("reputation", "reputation.listed", "1 address listed.")])
    assert listed.verdict is Verdict.NOT_MET
    clean = clean_history([info("reputation", "reputation.clean", "Nothing listed.")])
    assert clean.verdict is Verdict.MET
    partial = clean_history([warning("reputation", "reputation.zone_timeout", "No answer.")])
    assert partial.verdict is Verdict.UNKNOWN


def test_drafts_decide_one_region_and_five_per_region() -> None:
    drafts = [
        error("region", "cross.two_regions", "The same range is asked for in us-east-1."),
        error("region", "cross.too_many_ranges", "A sixth range for eu-west-1."),
    ]
    statuses = _by_id(assess(GOOD, check_request(GOOD), draft_findings=drafts))
    assert statuses["one_region"].verdict is Verdict.NOT_MET
    assert statuses["one_region"].finding.code == "cross.two_regions"
    assert statuses["five_per_region"].verdict is Verdict.NOT_MET
    quiet = _by_id(assess(GOOD, check_request(GOOD), draft_findings=[]))
    assert quiet["five_per_region"].verdict is Verdict.MET


def test_proof_findings_decide_proof_of_ownership() -> None:
    valid = [info("proof", "proof.valid", "The signed message verifies.")]
    bad = [error("proof", "proof.bad-signature", "The signature does not verify.")]
    assert _by_id(assess(GOOD, proof_findings=valid))["proof_of_ownership"].verdict is Verdict.MET
    assert _by_id(assess(GOOD, proof_findings=bad))["proof_of_ownership"].verdict is Verdict.NOT_MET
