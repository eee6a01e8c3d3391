"""Every stage change: allowed, blocked with the reason, overridden with the reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import product

import pytest

from byoip.journey import MOVES, MoveBlocked, StageError, check_move, move, parse_stage
from byoip.record import Record, Status, record_from_toml, record_to_toml
from tests.support.fixtures_proof import Identity
from tests.support.journey_support import NOW, SETTINGS, complete, draft, long_lived

LATER = NOW + timedelta(hours=1)


@pytest.fixture(scope="module")
def signer(identity: Identity) -> Identity:
    return long_lived(identity)


def _at(record: Record, status: Status) -> Record:
    """``record`` put at ``status`` directly (set-up, not a move under test)."""
    return replace(record, status=status)


def _codes(exc: pytest.ExceptionInfo[MoveBlocked]) -> set[str]:
    return {b.code for b in exc.value.check.blockers}


@pytest.mark.parametrize(
    ("current", "target"),
    sorted(((c, t) for c, targets in MOVES.items() for t in targets), key=str),
)
def test_every_move_of_the_journey_is_allowed_when_its_checks_pass(
    signer: Identity, current: Status, target: Status
) -> None:
    record = _at(complete(signer), current)
    note = "AWS case 1234" if target in (Status.REJECTED, Status.WITHDRAWN) else ""
    moved, check = move(record, target, SETTINGS, note=note, now=LATER)
    assert check.allowed and not check.blockers
    assert moved.status is target and moved.updated == LATER
    entry = moved.history[-1]
    assert (entry.status, entry.at, entry.note, entry.override) == (target, LATER, note, "")
    # The history survives a save and a load.
    assert record_from_toml(record_to_toml(moved)).history == moved.history


OFF_JOURNEY = sorted(
    (
        (current, target)
        for current, target in product(Status, Status)
        if current is not target and target not in MOVES[current]
    ),
    key=str,
)


@pytest.mark.parametrize(("current", "target"), OFF_JOURNEY)
def test_a_move_off_the_journey_is_blocked_then_done_with_a_recorded_reason(
    signer: Identity, current: Status, target: Status
) -> None:
    record = _at(complete(signer), current)
    note = "case 99" if target in (Status.REJECTED, Status.WITHDRAWN) else ""
    with pytest.raises(MoveBlocked, match=f"{current} is not followed by {target}") as blocked:
        move(record, target, SETTINGS, note=note, now=LATER)
    assert _codes(blocked) == {"stage.skipped"}
    moved, _ = move(
        record, target, SETTINGS, note=note, override_reason="recorded after the fact", now=LATER
    )
    assert moved.status is target
    assert moved.history[-1].override == "recorded after the fact (overrode stage.skipped)"


@pytest.mark.parametrize("target", [Status.READY, Status.SENT])
@pytest.mark.parametrize(
    ("damage", "code", "words"),
    [
        ("fields", "check.fields", "account ID"),
        ("no_rdap", "check.registration", "Not looked up yet"),
        ("stale_reputation", "check.reputation", "older than 7 days"),
        ("listed", "check.reputation", "blocklist"),
        ("no_proof", "check.proof", "signed"),
        ("wrong_certificate", "check.certificate", "different certificate"),
        ("no_certificate", "check.certificate", "carries no certificate"),
    ],
)
def test_moving_to_ready_or_sent_rechecks_and_says_what_blocks_it(
    signer: Identity, target: Status, damage: str, code: str, words: str
) -> None:
    from tests.support.journey_support import rdap_table, reputation_table

    good = complete(signer)
    record = {
        "fields": replace(good, request=replace(good.request, account_id="12345")),
        "no_rdap": replace(good, rdap=None),
        "stale_reputation": replace(good, reputation=reputation_table(NOW - timedelta(days=8))),
        "listed": replace(good, reputation=reputation_table(NOW, listed=True)),
        "no_proof": replace(good, proof=None),
        "wrong_certificate": replace(good, rdap=rdap_table(NOW, "ab" * 32)),
        "no_certificate": replace(good, rdap=rdap_table(NOW, None)),
    }[damage]
    # From the stage before it on the journey, so only the check can block.
    record = _at(record, Status.DRAFT if target is Status.READY else Status.READY)
    with pytest.raises(MoveBlocked) as blocked:
        move(record, target, SETTINGS, now=LATER)
    assert code in _codes(blocked)
    assert words.lower() in str(blocked.value).lower()
    assert "override reason" in str(blocked.value)
    moved, _ = move(record, target, SETTINGS, override_reason="AWS agreed by phone", now=LATER)
    assert moved.status is target
    assert moved.history[-1].override.startswith("AWS agreed by phone (overrode ")
    assert code in moved.history[-1].override


def test_lookup_age_is_configurable(signer: Identity) -> None:
    record = complete(signer, lookups_age=timedelta(days=3))
    assert check_move(record, Status.READY, NOW, SETTINGS).allowed
    strict = replace(SETTINGS, lookup_max_age_days=2)
    codes = {b.code for b in check_move(record, Status.READY, NOW, strict).blockers}
    assert codes == {"check.registration", "check.reputation"}


def test_roa_is_unknown_without_a_routing_snapshot_and_used_when_there_is_one(
    signer: Identity,
) -> None:
    record = complete(signer)
    check = check_move(record, Status.READY, NOW, SETTINGS)
    assert check.allowed and [item.key for item in check.unknown] == ["roa"]
    finding = {
        "field": "routing",
        "severity": "error",
        "code": "routing.roa_missing",
        "message": "No ROA authorizes AS16509 for 192.198.0.0/24.",
    }
    blocked = replace(record, extra={"routing": {"findings": [finding]}})
    check = check_move(blocked, Status.READY, NOW, SETTINGS)
    assert [b.code for b in check.blockers] == ["check.roa"]
    assert "AS16509" in check.sentence()
    fine = replace(record, extra={"routing": {"status": "valid", "findings": []}})
    assert check_move(fine, Status.READY, NOW, SETTINGS).unknown == ()


@pytest.mark.parametrize("target", [Status.REJECTED, Status.WITHDRAWN])
def test_rejected_and_withdrawn_need_a_reason(target: Status) -> None:
    record = _at(draft(), Status.SENT)
    with pytest.raises(StageError, match="Say why"):
        move(record, target, SETTINGS, now=LATER)
    moved, _ = move(record, target, SETTINGS, note="range too small for us", now=LATER)
    assert moved.history[-1].note == "range too small for us"


def test_the_same_stage_and_unknown_stages_are_refused() -> None:
    with pytest.raises(StageError, match="already draft"):
        move(draft(), Status.DRAFT, SETTINGS)
    with pytest.raises(StageError, match="is not a stage"):
        parse_stage("shipped")
    assert parse_stage("More_Info") is Status.MORE_INFO and parse_stage("in use") is Status.IN_USE


def test_notes_and_reasons_are_cleaned_of_escape_sequences(signer: Identity) -> None:
    record = _at(complete(signer), Status.SENT)
    moved, _ = move(record, "more-info", SETTINGS, note="asked \x1b[31mfor\x1b[0m LOA", now=LATER)
    assert "\x1b" not in moved.history[-1].note and "LOA" in moved.history[-1].note


def test_old_records_without_the_new_fields_still_load() -> None:
    old = (
        'schema_version = 1\nstatus = "sent"\n[request]\naccount_id = "123456789012"\n'
        '[[history]]\nstatus = "draft"\nat = 2026-11-02T09:00:00Z\n'
        '[[history]]\nstatus = "sent"\nat = 2026-11-03T09:00:00Z\nnote = "mailed"\n'
    )
    record = record_from_toml(old)
    assert record.status is Status.SENT and record.history[-1].override == ""
    assert "override" not in record_to_toml(record)
