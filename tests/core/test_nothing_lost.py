"""Nothing typed gets lost: two windows on one draft, failed saves, shared folders, crashes."""

from __future__ import annotations

import os
import stat
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from byoip import autosave
from byoip.atomic import STALE_TEMP_AGE, remove_stale_temp_files
from byoip.config import Settings, load_settings
from byoip.record import Record, load_record, save_record
from byoip.request import Request
from byoip.session import WizardSession
from byoip.store import DraftStore
from tests.support.crash import crash_a_window

NOW = datetime(2026, 8, 3, 9, 30, tzinfo=UTC)
REQUEST = Request(
    "123456789012", "eu-west-1", "Receipts for our SaaS, 2M a month.", "185.54.121.0/24", "RIPE NCC"
)


def clock() -> datetime:
    return NOW


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def draft(settings: Settings) -> Path:
    path = Path(settings.drafts_dir) / "shared.toml"
    save_record(path, Record.new(REQUEST, now=NOW))
    return path


def open_window(settings: Settings, path: Path) -> WizardSession:
    return WizardSession(settings, clock, load_record(path), path)


def edit(session: WizardSession, name: str, value: str) -> None:
    session.set_field(name, value)
    session.changed()


# --- two windows on one draft ----------------------------------------------------------


def test_two_windows_on_one_draft_keep_their_own_autosave(settings, draft: Path) -> None:
    first, second = open_window(settings, draft), open_window(settings, draft)
    edit(first, "region", "eu-west-2")
    edit(second, "region", "us-east-1")
    kept_first, kept_second = first.autosave(), second.autosave()
    assert kept_first is not None and kept_second is not None
    assert kept_first.path != kept_second.path
    assert f".{os.getpid()}." in kept_second.path.name  # the process is in the name

    assert first.save().ok
    assert not kept_first.path.exists()
    assert kept_second.path.exists()  # the first window's save leaves the second's work

    refused = second.save()
    assert refused.conflict and not refused.ok
    # The promise is true: the edit is in the file the message names.
    assert str(kept_second.path) in refused.message
    kept = autosave.read(kept_second.path)
    assert kept.record is not None and kept.record.request.region == "us-east-1"
    assert kept.draft == draft
    assert load_record(draft).request.region == "eu-west-2"


def test_a_refused_save_shows_the_difference_and_saves_as_a_new_draft(settings, draft) -> None:
    first, second = open_window(settings, draft), open_window(settings, draft)
    edit(first, "region", "eu-west-2")
    edit(second, "region", "us-east-1")
    assert first.save().ok
    assert second.save().conflict
    difference = second.difference()
    assert '-region = "eu-west-2"' in difference
    assert '+region = "us-east-1"' in difference
    saved = second.save_as_new()
    assert saved.ok and saved.path is not None and saved.path != draft
    assert load_record(saved.path).request.region == "us-east-1"
    assert load_record(draft).request.region == "eu-west-2"  # the other window's save stays
    assert second.path == saved.path and not second.dirty
    assert autosave.find(Path(settings.drafts_dir)) == []


def test_a_conflict_promise_is_true_even_with_a_pending_autosave(settings, draft) -> None:
    # The second window saved nothing to its autosave yet (the quiet time had not passed).
    first, second = open_window(settings, draft), open_window(settings, draft)
    edit(first, "region", "eu-west-2")
    edit(second, "region", "us-east-1")
    assert first.save().ok
    refused = second.save()
    found = [a for a in autosave.find(Path(settings.drafts_dir)) if str(a.path) in refused.message]
    assert found and found[0].record is not None
    assert found[0].record.request.region == "us-east-1"


# --- quitting --------------------------------------------------------------------------


def test_unsaved_work_says_where_it_is_kept(settings, draft: Path) -> None:
    window = open_window(settings, draft)
    assert window.unsaved_note() is None
    edit(window, "region", "eu-west-2")
    kept = window.autosave()
    assert kept is not None and kept.path is not None
    note = window.unsaved_note()
    assert note is not None and str(kept.path) in note and "shared.toml" in note
    assert window.save().ok
    assert window.unsaved_note() is None


def test_a_failed_save_and_autosave_is_said_plainly(settings, tmp_path: Path) -> None:
    blocker = tmp_path / "drafts"
    blocker.write_text("a file where the drafts folder should be")
    window = WizardSession(settings.with_overrides(drafts_dir=blocker), clock)
    edit(window, "account_id", "123456789012")
    outcome = window.save()
    assert not outcome.ok
    note = window.unsaved_note()
    assert note is not None
    assert "the last save failed" in note and "NOT kept" in note and str(blocker) in note


# --- shared folders --------------------------------------------------------------------


def test_saving_keeps_a_shared_drafts_mode(settings, draft: Path) -> None:
    os.chmod(draft, 0o664)
    window = open_window(settings, draft)
    edit(window, "region", "eu-west-2")
    assert window.save().ok
    assert stat.S_IMODE(draft.stat().st_mode) == 0o664
    assert load_record(draft).request.region == "eu-west-2"


def test_saving_keeps_a_shared_drafts_group_where_the_process_may(settings, draft) -> None:
    groups = [gid for gid in os.getgroups() if gid != os.getgid()]
    if os.geteuid() != 0 and not groups:
        pytest.skip("this process belongs to one group only: no other group to keep")
    group = groups[0] if groups and os.geteuid() != 0 else 4242
    os.chown(draft, -1, group)
    os.chmod(draft, 0o660)
    window = open_window(settings, draft)
    edit(window, "region", "eu-west-2")
    assert window.save().ok
    assert draft.stat().st_gid == group
    assert stat.S_IMODE(draft.stat().st_mode) == 0o660


def test_a_new_draft_is_private_to_its_owner(settings) -> None:
    path = DraftStore(settings.drafts_dir).save(Record.new(REQUEST, now=NOW), now=NOW)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- resuming after a crash ------------------------------------------------------------


def test_resumed_work_is_saved_back_to_the_draft_it_came_from(settings, draft: Path) -> None:
    crash_a_window(draft)
    folder = Path(settings.drafts_dir)
    orphans = autosave.orphans(folder)
    assert len(orphans) == 1 and orphans[0].draft == draft
    window = WizardSession(settings, clock, resumed=orphans[0])
    assert window.dirty and window.path == draft
    assert window.request.region == "eu-north-1"
    assert str(orphans[0].path) in (window.unsaved_note() or "")  # still kept there
    assert window.save().ok
    assert DraftStore(folder).paths() == [draft]  # no new file
    assert load_record(draft).request.region == "eu-north-1"
    assert autosave.find(folder) == []  # the crashed window's autosave is done with


def test_resumed_work_does_not_overwrite_a_draft_changed_since(settings, draft) -> None:
    crash_a_window(draft)
    later = replace(load_record(draft), request=replace(REQUEST, region="us-west-2"))
    time.sleep(0.01)
    save_record(draft, later)
    window = WizardSession(settings, clock, resumed=autosave.orphans(Path(settings.drafts_dir))[0])
    assert window.save().conflict
    assert load_record(draft).request.region == "us-west-2"


def test_a_live_windows_autosave_is_not_an_orphan(settings, draft: Path) -> None:
    window = open_window(settings, draft)
    edit(window, "region", "eu-west-2")
    window.autosave()
    assert autosave.orphans(Path(settings.drafts_dir)) == []
    window.close()  # closed with unsaved work: offered on the next start
    assert [a.record.request.region for a in autosave.orphans(Path(settings.drafts_dir))] == [
        "eu-west-2"
    ]


# --- temp files ------------------------------------------------------------------------


def test_old_temp_files_of_ours_are_removed_and_nothing_else(tmp_path: Path) -> None:
    old = time.time() - STALE_TEMP_AGE - 60
    ours_old = tmp_path / ".shared.toml.k2j4h5g6.tmp"
    ours_new = tmp_path / ".shared.toml.a1b2c3d4.tmp"
    not_ours = [tmp_path / ".notes.txt.k2j4h5g6.tmp", tmp_path / "report.tmp"]
    for path in (ours_old, ours_new, *not_ours):
        path.write_text("half a record")
    for path in (ours_old, *not_ours):
        os.utime(path, (old, old))
    assert remove_stale_temp_files(tmp_path) == [ours_old]
    assert not ours_old.exists()
    assert ours_new.exists() and all(p.exists() for p in not_ours)
