"""``ses-byoip status``, ``stage``, ``followup`` and ``runbook`` on record files."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from byoip.cli import main
from byoip.record import Status, load_record, save_record
from tests.support.fixtures_proof import Identity
from tests.support.journey_support import (
    NOW,
    SENT_BEFORE_CHRISTMAS,
    at_stage,
    complete,
    draft,
    long_lived,
)

NOW_FLAG = ["--now", "2026-11-20T15:45:00Z"]


@pytest.fixture
def folder(tmp_path: Path, identity: Identity) -> Path:
    signer = long_lived(identity)
    records = {
        "a-draft": draft(),
        "b-ready": at_stage(complete(signer), (Status.READY, NOW - timedelta(hours=1), "")),
        "c-sent": at_stage(
            complete(signer, now=SENT_BEFORE_CHRISTMAS),
            (Status.SENT, SENT_BEFORE_CHRISTMAS, "case 7"),
        ),
        "d-late": at_stage(draft(), (Status.SENT, NOW - timedelta(days=10), "case 8")),
    }
    target = tmp_path / "requests"
    target.mkdir()
    for name, record in records.items():
        save_record(target / f"{name}.toml", record)
    return target


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_status_table_and_json(folder: Path) -> None:
    result = run("status", str(folder), *NOW_FLAG)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["NAME", "RANGE", "STAGE", "DUE", "NEXT", "STEP"]
    assert "a-draft" in lines[1] and "* To do: Registration (RDAP) (+3 more)" in lines[1]
    assert "b-ready" in lines[2] and "* Send the email to AWS" in lines[2]
    assert "c-sent" in lines[3] and "Tue 29 Dec 10:00 UTC" in lines[3]
    assert lines[3].endswith("  Wait for AWS's answer")
    assert "d-late" in lines[4] and "OVERDUE Fri 13 Nov 15:45 UTC" in lines[4]
    assert lines[4].endswith("* Send a reminder")
    assert "4 requests: 3 need you (marked *), 1 overdue." in result.output
    data = json.loads(run("status", "--json", str(folder), *NOW_FLAG).output)
    assert data["now"] == "2026-11-20T15:45:00Z" and "US public holidays" in data["calendar"]
    by_name = {row["name"]: row for row in data["requests"]}
    assert by_name["c-sent"]["due"] == "2026-12-29T10:00:00Z"
    assert by_name["d-late"]["overdue"] and by_name["d-late"]["needs_me"]
    assert by_name["b-ready"]["checklists"][0]["title"] == "Before sending"
    states = {i["key"]: i["state"] for i in by_name["b-ready"]["checklists"][0]["items"]}
    assert states == {
        "fields": "done",
        "registration": "done",
        "reputation": "done",
        "proof": "done",
        "roa": "unknown",
        "certificate": "done",
    }


def test_status_filters_and_single_file_checklists(folder: Path) -> None:
    sent = json.loads(run("status", "--json", "--stage", "sent", str(folder), *NOW_FLAG).output)
    assert {r["name"] for r in sent["requests"]} == {"c-sent", "d-late"}
    mine = json.loads(run("status", "--json", "--needs-me", str(folder), *NOW_FLAG).output)
    assert {r["name"] for r in mine["requests"]} == {"a-draft", "b-ready", "d-late"}
    one = run("status", str(folder / "a-draft.toml"), *NOW_FLAG)
    assert "Before sending:" in one.output
    assert "[ ] Registration (RDAP): Not looked up yet" in one.output
    assert "[?] ROA authorizing AWS" in one.output
    bad = run("status", "--stage", "shipped", str(folder))
    assert bad.exit_code == 2 and "is not a stage" in bad.output


def test_status_names_unreadable_files_and_uses_the_configured_country(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "z-broken.toml").write_text("status = \n", encoding="utf-8")
    result = run("status", str(folder), *NOW_FLAG)
    assert result.exit_code == 2 and "z-broken.toml" in result.output
    config = folder.parent / "config.toml"
    config.write_text('[journey]\nholiday_country = ""\n', encoding="utf-8")
    weekends_only = run(
        "--config", str(config), "status", "--json", str(folder / "c-sent.toml"), *NOW_FLAG
    )
    data = json.loads(weekends_only.output)
    assert data["requests"][0]["due"] == "2026-12-28T10:00:00Z"  # Christmas counted
    monkeypatch.setenv("SES_BYOIP_HOLIDAY_COUNTRY", "QQ")
    result = run("status", str(folder), *NOW_FLAG)
    assert result.exit_code == 2 and "has no holiday calendar" in result.output


def test_stage_blocked_then_overridden(folder: Path) -> None:
    path = folder / "a-draft.toml"
    blocked = run("stage", str(path), "ready", *NOW_FLAG)
    assert blocked.exit_code == 1
    assert "can't move to ready" in blocked.output
    assert "- Registration (RDAP): Not looked up yet" in blocked.output
    assert load_record(path).status is Status.DRAFT
    moved = run("stage", str(path), "ready", "--override-reason", "checked by phone", *NOW_FLAG)
    assert moved.exit_code == 0, moved.output
    assert "now ready" in moved.output and "Override recorded: checked by phone" in moved.output
    entry = load_record(path).history[-1]
    assert entry.status is Status.READY and entry.at.isoformat() == "2026-11-20T15:45:00+00:00"


def test_stage_allowed_with_a_note_and_bad_usage(folder: Path) -> None:
    path = folder / "c-sent.toml"
    asked = run("stage", str(path), "more-info", "--note", "LOA please", *NOW_FLAG)
    assert asked.exit_code == 0 and "now more-info" in asked.output
    assert load_record(path).history[-1].note == "LOA please"
    assert run("stage", str(path), "nowhere").exit_code == 2
    missing = run("stage", str(folder / "nope.toml"), "ready")
    assert missing.exit_code == 2 and "no such file" in missing.output
    reason = run("stage", str(path), "withdrawn")
    assert reason.exit_code == 2 and "Say why" in reason.output


def test_followup_and_runbook_commands(folder: Path, tmp_path: Path) -> None:
    late = run("followup", str(folder / "d-late.toml"), "--kind", "reminder", *NOW_FLAG)
    assert late.exit_code == 0 and "we have not heard from you yet" in " ".join(late.output.split())
    early = run("followup", str(folder / "c-sent.toml"), "--kind", "reminder", *NOW_FLAG)
    assert early.exit_code == 1 and "not due until" in early.output
    eml = tmp_path / "reply.eml"
    run("stage", str(folder / "c-sent.toml"), "more-info", "--note", "Who signs?", *NOW_FLAG)
    reply = run(
        "followup", str(folder / "c-sent.toml"), "--kind", "reply", "--format", "eml",
        "-o", str(eml), *NOW_FLAG,
    )  # fmt: skip
    assert reply.exit_code == 0 and b"> Who signs?" in eml.read_bytes()
    script = run("runbook", str(folder / "b-ready.toml"))
    assert script.exit_code == 0
    assert "Warning: The request is ready, not approved" in script.output
    assert "aws sesv2 create-dedicated-ip-pool --pool-name byoip-192-198-0-0-24" in script.output
    as_json = run("runbook", str(folder / "b-ready.toml"), "--json", "--pool", "mail")
    assert as_json.exit_code == 0
    assert '"pool": "mail"' in as_json.output
    bad = run("runbook", str(folder / "b-ready.toml"), "--pool", "Bad Name")
    assert bad.exit_code == 1 and "not one SES accepts" in bad.output


def test_status_says_what_another_draft_makes_wrong(tmp_path: Path) -> None:
    """The same range in two Regions: both unsent drafts say so as their next step (as the
    drafts table does); a request already sent keeps its own next step."""
    folder = tmp_path / "team"
    folder.mkdir()
    save_record(folder / "east.toml", draft())
    west = draft()
    west = replace(west, request=replace(west.request, region="us-west-2"))
    save_record(folder / "west.toml", west)
    result = run("status", str(folder), *NOW_FLAG)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "east" in lines[1] and lines[1].endswith("* Fix: One Region (another draft)")
    assert lines[2].startswith("    error: ") and "us-west-2 (west.toml)" in lines[2]
    assert "west" in lines[3] and lines[3].endswith("* Fix: One Region (another draft)")
    data = json.loads(run("status", "--json", str(folder), *NOW_FLAG).output)
    by_name = {row["name"]: row for row in data["requests"]}
    assert [f["code"] for f in by_name["east"]["across"]] == ["cross.two_regions"]
    assert by_name["west"]["needs_me"] and by_name["west"]["next_step"].startswith("Fix: One")

    save_record(folder / "west.toml", at_stage(west, (Status.SENT, NOW, "case 9")))
    data = json.loads(run("status", "--json", str(folder), *NOW_FLAG).output)
    by_name = {row["name"]: row for row in data["requests"]}
    assert by_name["west"]["next_step"] == "Wait for AWS's answer"
    assert [f["code"] for f in by_name["west"]["across"]] == ["cross.two_regions"]
    assert by_name["east"]["next_step"] == "Fix: One Region (another draft)"
