"""byoip.session: the wizard's model, without a terminal."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from byoip.config import Settings, load_settings
from byoip.rdap import RdapResult
from byoip.record import Record, load_record, save_record
from byoip.reputation import SweepResult
from byoip.request import Request
from byoip.requirements import Verdict
from byoip.session import WizardSession
from byoip.store import DraftStore

NOW = datetime(2026, 8, 3, 9, 30, tzinfo=UTC)
USE_CASE = "Receipts for our SaaS, 2M a month from our own IPs."
REQUEST = Request("123456789012", "eu-west-1", USE_CASE, "185.54.121.0/24", "RIPE NCC")


def clock() -> datetime:
    return NOW


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def session_for(settings: Settings, record: Record | None = None, path: Path | None = None):
    return WizardSession(settings, clock, record, path)


def type_request(session: WizardSession, request: Request) -> None:
    for name, value in request.to_dict().items():
        session.set_field(name, value)


# --- fields ----------------------------------------------------------------------------


def test_an_empty_field_is_to_do_until_visited_then_its_rule_speaks(settings) -> None:
    session = session_for(settings)
    assert session.field_progress("account_id") == "todo"
    assert session.field_findings("account_id") == ()
    session.visit("account_id")
    assert session.field_progress("account_id") == "error"
    assert session.field_findings("account_id")
    assert not session.step_ok("account_id")
    change = session.set_field("account_id", "1234-5678-9012")
    assert change is not None and change.rechecked == ("account_id",)
    assert session.field_progress("account_id") == "done"
    assert session.normal_value("account_id") == "123456789012"
    assert session.set_field("account_id", "1234-5678-9012") is None  # nothing changed


def test_a_valid_range_prefills_the_registry_and_names_the_lookup_range(settings) -> None:
    session = session_for(settings)
    change = session.set_field("ip_range", "185.54.121.0/24")
    assert change is not None and change.range_changed
    assert change.lookup_cidr == "185.54.121.0/24" == session.lookup_cidr
    assert session.request.registry == "RIPE NCC"  # IANA's map
    assert session.cost() is not None and session.cost().addresses == 256
    change = session.set_field("ip_range", "185.54.121.0/2")
    assert change is not None and change.lookup_cidr is None and session.lookup_cidr is None
    assert session.cost() is None


def test_the_persons_own_registry_is_never_replaced(settings) -> None:
    session = session_for(settings)
    session.set_field("registry", "ARIN")
    session.set_field("ip_range", "185.54.121.0/24")
    assert session.request.registry == "ARIN"
    assert any(f.field == "registry" for f in session.checks["registry"].findings)


def test_suggestions_and_region_choices(settings) -> None:
    session = session_for(settings)
    session.set_field("ip_range", "185.54.121.7/24")
    assert session.suggestion("ip_range") == "185.54.121.0/24"
    session.set_field("region", "mumbai")
    assert session.suggestion("region") == "ap-south-1"
    assert ("ap-south-1", "Asia Pacific (Mumbai)") in session.region_choices()
    session.set_field("region", "ap-south-1")
    assert session.region_choices() == []


def test_review_rows_and_problems(settings) -> None:
    session = session_for(settings)
    type_request(session, replace(REQUEST, account_id="12345"))
    rows = {row.label: row for row in session.review_rows()}
    assert rows["AWS account ID"].progress == "error"
    assert rows["AWS Region"].progress == "done"
    assert any(f.field == "account_id" for f in session.problems())
    assert not session.fields_ok()


# --- lookups ---------------------------------------------------------------------------


def test_answers_about_an_old_range_are_dropped(settings) -> None:
    session = session_for(settings)
    session.set_field("ip_range", "185.54.121.0/24")
    old = RdapResult("185.54.120.0/24", status="ok", rir="RIPE NCC")
    assert not session.accept_rdap("185.54.120.0/24", old)
    assert session.rdap_result is None
    sweep = SweepResult("185.54.120.0/24", 256, 256, 0.1, [])
    assert not session.accept_sweep("185.54.120.0/24", sweep)
    assert session.sweep_result is None


def test_a_registration_answer_is_stamped_by_the_clock_and_names_the_registry(settings) -> None:
    session = session_for(settings)
    session.set_field("registry", "")  # empty: the answer may fill it in
    session.set_field("ip_range", "185.54.121.0/24")
    session.set_field("registry", "")
    answer = RdapResult("185.54.121.0/24", status="ok", rir="RIPE NCC", checked_at=1.0)
    assert session.accept_rdap("185.54.121.0/24", answer)
    assert session.rdap_result is not None
    assert session.rdap_result.checked_at == NOW.timestamp()
    assert session.request.registry == "RIPE NCC"
    statuses = {s.requirement.id: s for s in session.requirement_statuses()}
    assert statuses["rir_registration"].verdict is not Verdict.UNKNOWN


def test_the_other_drafts_decide_one_region(settings) -> None:
    store = DraftStore(settings.drafts_dir)
    store.save(Record.new(replace(REQUEST, region="us-east-1"), now=NOW), now=NOW)
    session = session_for(settings)
    type_request(session, REQUEST)
    assert session.draft_findings() is None  # not read yet
    session.draft_entries = session.read_drafts()
    assert "cross.two_regions" in {f.code for f in session.draft_findings() or []}
    statuses = {s.requirement.id: s for s in session.requirement_statuses()}
    assert statuses["one_region"].verdict is Verdict.NOT_MET


def test_requirements_are_worked_out_again_only_when_an_input_changed(
    settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import byoip.requirements

    calls: list[Request] = []
    real = byoip.requirements.assess

    def counting(request: Request, *args: object, **kwargs: object) -> object:
        calls.append(request)
        return real(request, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(byoip.requirements, "assess", counting)
    session = session_for(settings)
    type_request(session, REQUEST)
    first = session.requirement_statuses()
    assert session.requirement_statuses() == first and len(calls) == 1  # nothing changed
    session.set_field("ip_range", "185.54.121.0/2")  # a key: the range is invalid
    invalid = session.requirement_statuses()
    session.set_field("ip_range", "185.54.121.0/24")  # and valid again: the same answers
    assert session.requirement_statuses() == first and invalid != first and len(calls) == 3
    # A lookup's answer, the other drafts, a saved draft: each counts as a change.
    session.accept_rdap("185.54.121.0/24", RdapResult("185.54.121.0/24", status="ok"))
    session.requirement_statuses()
    session.draft_entries = []
    session.requirement_statuses()
    assert len(calls) == 5
    assert session.requirement_statuses() is not session.requirement_statuses()  # copies


# --- the record, saving and autosave ---------------------------------------------------


def test_build_record_keeps_saved_lookups_only_for_the_same_range(settings) -> None:
    record = replace(Record.new(REQUEST, now=NOW), rdap={"rir": "RIPE NCC"}, reputation={"v": 1})
    session = session_for(settings, record)
    assert session.build_record().rdap == {"rir": "RIPE NCC"}
    session.set_field("ip_range", "185.54.122.0/24")
    built = session.build_record()
    assert built.rdap is None and built.reputation is None
    assert built.cost is not None and built.cost["addresses"] == 256
    assert built.updated == NOW


def test_a_new_request_is_saved_under_a_new_name_and_the_autosave_goes(settings) -> None:
    session = session_for(settings)
    assert session.autosave() is None  # nothing typed: nothing to keep
    type_request(session, REQUEST)
    assert session.changed()
    kept = session.autosave()
    assert kept is not None and kept.path is not None and kept.path.exists()
    outcome = session.save()
    assert outcome.ok and outcome.path is not None
    assert outcome.path.name == "123456789012-eu-west-1-185.54.121.0_24.toml"
    assert load_record(outcome.path).request == REQUEST
    assert session.path == outcome.path and not session.dirty
    assert not kept.path.exists()
    assert "Saved as 123456789012-eu-west-1-185.54.121.0_24.toml" in outcome.message


def test_a_draft_changed_on_disk_is_not_overwritten(settings) -> None:
    path = Path(settings.drafts_dir) / "mine.toml"
    save_record(path, Record.new(REQUEST, now=NOW))
    session = session_for(settings, load_record(path), path)
    session.set_field("region", "eu-west-2")
    session.changed()
    other = replace(load_record(path), request=replace(REQUEST, region="us-east-1"))
    save_record(path, other)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    outcome = session.save()
    assert not outcome.ok and outcome.conflict
    assert "changed on disk" in outcome.message
    assert load_record(path).request.region == "us-east-1"  # the other save is kept
    assert session.dirty


def test_a_failed_autosave_is_a_sentence_with_the_path(settings, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the drafts folder should be")
    session = WizardSession(settings.with_overrides(drafts_dir=blocker), clock)
    session.set_field("account_id", "123456789012")
    session.changed()
    outcome = session.autosave()
    assert outcome is not None and outcome.path is None
    assert outcome.problem is not None and str(blocker) in outcome.problem
    saved = session.save()
    assert not saved.ok and saved.message.startswith("Could not save the draft")
