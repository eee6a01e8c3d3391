"""Steps and requirements agree: each from exactly the findings that belong to it (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from byoip.config import Settings, load_settings
from byoip.fields import check_request
from byoip.findings import error, info
from byoip.proof.verdict import ProofVerdict
from byoip.request import Request
from byoip.requirements import Verdict, assess
from byoip.session import WizardSession
from byoip.session.readiness import Readiness, assess_readiness

NOW = datetime(2026, 8, 3, 9, 30, tzinfo=UTC)
USE_CASE = "Receipts for our SaaS, 2M a month from our own IPs."
REQUEST = Request("123456789012", "eu-west-1", USE_CASE, "185.54.121.0/24", "RIPE NCC")


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def typed(settings: Settings, request: Request = REQUEST) -> WizardSession:
    session = WizardSession(settings, lambda: NOW)
    for name, value in request.to_dict().items():
        session.set_field(name, value)
    return session


def by_id(statuses):  # type: ignore[no-untyped-def]
    return {status.requirement.id: status for status in statuses}


def test_host_bits_are_the_fields_error_not_the_prefix_requirement() -> None:
    request = Request(ip_range="185.54.121.7/24")
    statuses = by_id(assess(request, check_request(request)))
    prefix = statuses["prefix_24"]
    assert prefix.verdict is Verdict.MET  # a /24 is a /24, whatever its host bits
    assert prefix.finding is not None and prefix.finding.code == "ip_range.size"


def test_host_bits_are_listed_as_unmet_under_the_field(settings: Settings) -> None:
    session = typed(settings, REQUEST.with_field("ip_range", "185.54.121.7/24"))
    readiness = session.readiness()
    unmet = {item.label: item for item in readiness.unmet}
    assert "IP range" in unmet and "host bits" in unmet["IP range"].message
    assert "/24 or larger" not in unmet


def test_a_too_specific_range_is_named_once_under_its_requirement(settings: Settings) -> None:
    session = typed(settings, REQUEST.with_field("ip_range", "185.54.121.0/25"))
    labels = [item.label for item in session.readiness().unmet]
    assert labels.count("/24 or larger") == 1
    assert "IP range" not in labels  # the same finding is not listed twice


def test_special_purpose_space_is_not_registered_not_a_prefix_problem() -> None:
    request = Request(ip_range="192.168.0.0/24")
    statuses = by_id(assess(request, check_request(request)))
    assert statuses["prefix_24"].verdict is Verdict.MET
    assert statuses["rir_registration"].verdict is Verdict.NOT_MET
    assert statuses["rir_registration"].finding.code == "ip_range.special"


def test_an_unreadable_range_leaves_the_prefix_unknown_with_the_reason() -> None:
    request = Request(ip_range="185.54.121")
    prefix = by_id(assess(request, check_request(request)))["prefix_24"]
    assert prefix.verdict is Verdict.UNKNOWN
    assert prefix.finding is not None and "IPv4 CIDR" in prefix.finding.message


def test_a_typo_in_the_region_is_the_fields_error_not_two_regions(settings: Settings) -> None:
    session = typed(settings, REQUEST.with_field("region", "mumb"))
    one_region = by_id(session.requirement_statuses())["one_region"]
    assert one_region.verdict is Verdict.UNKNOWN
    readiness = session.readiness()
    assert [item.label for item in readiness.unmet] == ["AWS Region"]
    assert "mumb" in readiness.unmet[0].message


def test_review_is_not_done_while_proof_is_to_do(settings: Settings) -> None:
    session = typed(settings)
    assert session.fields_ok()
    assert session.proof_progress() == "todo"
    readiness = session.readiness()
    assert session.review_progress(readiness) != "done"
    unknown = {item.label for item in readiness.unknown}
    assert {"Proof of ownership", "Clean history", "Registered with an RIR"} <= unknown


def test_review_is_wrong_when_a_requirement_is_not_met(settings: Settings) -> None:
    session = typed(settings)
    listed = error("reputation", "reputation.listed", "2 addresses are listed.")
    statuses = assess(
        session.request,
        [f for c in session.checks.values() for f in c.findings],
        reputation_findings=[listed],
    )
    readiness = session.readiness(statuses)
    assert [item.label for item in readiness.unmet] == ["Clean history"]
    assert session.review_progress(readiness) == "error"


def test_an_unvisited_empty_field_makes_the_review_to_do_not_wrong(settings: Settings) -> None:
    session = WizardSession(settings, lambda: NOW)
    readiness = session.readiness()
    assert any(item.from_field for item in readiness.unmet)  # "enter the account ID"
    assert session.review_progress(readiness) == "todo"


def test_review_is_done_only_when_everything_checkable_is_met() -> None:
    readiness = Readiness()
    assert readiness.ready
    from byoip.session.readiness import review_progress

    assert review_progress(readiness, ["done"] * 6) == "done"
    assert review_progress(readiness, ["done", "todo"]) == "todo"
    assert review_progress(readiness, ["done", "warning"]) == "warning"


def test_the_shared_pool_is_to_confirm_not_unknown() -> None:
    statuses = assess(REQUEST, check_request(REQUEST))
    readiness = assess_readiness(statuses, {})
    assert [item.label for item in readiness.to_confirm] == ["No shared IP pool"]
    assert "No shared IP pool" not in {item.label for item in readiness.unknown}


def test_the_registry_step_shows_what_its_field_shows(settings: Settings) -> None:
    from byoip.rdap import RdapResult

    session = typed(settings)
    assert session.field_progress("registry") == "done"
    mismatch = error("registry", "rdap.registry_mismatch", "The registry is ARIN, not RIPE NCC.")
    session.rdap_result = RdapResult(cidr=REQUEST.ip_range, status="ok", findings=[mismatch])
    assert mismatch in session.field_findings("registry")
    assert session.field_progress("registry") == "error"


def test_a_verified_proof_makes_the_proof_step_done(settings: Settings) -> None:
    session = typed(settings)
    session.set_proof({"message": "m"}, ProofVerdict(ok=True, code="ok", reason="Verified."))
    assert session.proof_progress() == "done"
    session.set_proof({"message": "m"}, ProofVerdict(ok=False, code="signature", reason="Bad."))
    assert session.proof_progress() == "error"


def test_headline_counts_what_is_open() -> None:
    statuses = assess(REQUEST, check_request(REQUEST))
    readiness = assess_readiness(statuses, {})
    assert readiness.headline().startswith("! Not ready to send:")
    assert "not yet known" in readiness.headline()
    assert "not met" not in readiness.headline()


def test_a_met_requirement_is_not_listed() -> None:
    statuses = assess(
        REQUEST,
        check_request(REQUEST),
        reputation_findings=[info("reputation", "reputation.clean", "Nothing listed.")],
    )
    readiness = assess_readiness(statuses, {})
    assert "Clean history" not in {item.label for item in (*readiness.unmet, *readiness.unknown)}


def test_an_opened_draft_starts_at_its_first_wrong_field(settings: Settings) -> None:
    from byoip.record import Record

    wrong = REQUEST.with_field("ip_range", "185.54.121.7/24")
    session = WizardSession(settings, lambda: NOW, Record.new(wrong, now=NOW))
    assert session.first_step_to_fix() == "ip_range"
    assert (
        WizardSession(settings, lambda: NOW, Record.new(REQUEST, now=NOW)).first_step_to_fix()
        is None
    )
    # A new request: empty fields are to do, not wrong.
    assert WizardSession(settings, lambda: NOW).first_step_to_fix() is None
