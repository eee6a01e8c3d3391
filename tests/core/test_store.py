"""The drafts folder and the limits across requests."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from byoip.across import cross_draft_findings
from byoip.config import load_settings
from byoip.record import ConflictError, Record, Status, load_record, record_to_toml
from byoip.request import Request
from byoip.store import DraftStore

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
USE_CASE = "Receipts and password resets for our shop, 2M messages a month."


def make(
    ip_range: str,
    region: str = "eu-west-1",
    account: str = "123456789012",
    minutes: int = 0,
    status: Status = Status.DRAFT,
) -> Record:
    record = Record.new(
        Request(account, region, USE_CASE, ip_range, "RIPE NCC"),
        now=T0 + timedelta(minutes=minutes),
    )
    return record if status is Status.DRAFT else record.with_status(status, now=T0)


def codes(findings) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(f.code for f in findings)


# --- the folder -------------------------------------------------------------------------


def test_default_folder_comes_from_settings(hermetic: Path) -> None:
    store = DraftStore.from_settings(load_settings())
    assert store.folder == hermetic / "drafts"  # $SES_BYOIP_DRAFTS_DIR from the fixture
    assert store.entries() == []  # a folder that doesn't exist yet is simply empty


def test_save_names_lists_and_stamps(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    record = replace(make("193.0.0.0/24"), created=None, updated=None)
    path = store.save(record, now=T0)
    assert path.name == "123456789012-eu-west-1-193.0.0.0_24.toml"
    assert store.save(record, now=T0).name == "123456789012-eu-west-1-193.0.0.0_24-2.toml"
    saved = load_record(path)
    assert saved.created == T0 and saved.updated == T0
    assert [e.path for e in store.entries()] == sorted(tmp_path.glob("*.toml"))
    assert store.save(Record.new(now=T0)).name == "draft-20261126-090000.toml"


def test_damaged_files_are_listed_with_their_error_and_left_alone(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    good = store.save(make("193.0.0.0/24"))
    bad = tmp_path / "bad.toml"
    bad.write_text("[request\n")
    (tmp_path / "notes.txt").write_text("not a draft")
    entries = {e.path.name: e for e in store.entries()}
    assert set(entries) == {good.name, "bad.toml"}
    assert entries["bad.toml"].record is None and not entries["bad.toml"].ok
    assert entries["bad.toml"].error is not None and entries["bad.toml"].error.line == 1
    assert bad.read_text() == "[request\n"
    assert entries[good.name].mtime is not None


def test_autosave_is_not_a_draft(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    assert store.read_autosave() is None
    store.write_autosave(make("193.0.0.0/24"))
    assert store.autosave_path == tmp_path / ".autosave.toml"
    assert store.entries() == []
    assert store.read_autosave() == make("193.0.0.0/24")
    store.autosave_path.write_text("[broken")
    assert store.read_autosave() is None  # damaged autosave: start fresh, don't crash
    store.clear_autosave()
    assert not store.autosave_path.exists()


def test_trash_moves_without_overwriting_and_restores(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    path = store.save(make("193.0.0.0/24"))
    text = path.read_text()
    first = store.trash(path)
    assert first == tmp_path / ".trash" / path.name and not path.exists()
    path.write_text(text)
    second = store.trash(path)
    assert second != first and first.exists() and second.exists()
    assert store.entries() == []
    back = store.restore(first)
    assert back == path and back.read_text() == text


def test_save_with_expected_mtime_detects_concurrent_edit(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    path = store.save(make("193.0.0.0/24"))
    entry = store.entries()[0]
    path.write_text(record_to_toml(make("193.0.1.0/24")))
    import os

    os.utime(path, ns=(entry.mtime + 10**9, entry.mtime + 10**9))  # type: ignore[operator]
    with pytest.raises(ConflictError):
        store.save(make("193.0.0.0/24"), path=path, expected_mtime=entry.mtime)
    assert load_record(path).request.ip_range == "193.0.1.0/24"


# --- across drafts ----------------------------------------------------------------------


def pairs(*records: Record) -> list[tuple[Path, Record]]:
    return [(Path(f"r{i}.toml"), r) for i, r in enumerate(records)]


def test_five_ranges_per_region_is_fine_the_sixth_is_an_error() -> None:
    five = [make(f"193.0.{i}.0/24", minutes=i) for i in range(5)]
    assert all(not f for f in cross_draft_findings(pairs(*five)).values())
    six = [*five, make("193.0.9.0/24", minutes=9)]
    result = cross_draft_findings(pairs(*six))
    assert codes(result[Path("r5.toml")]) == ["cross.too_many_ranges"]
    assert "6 ranges in eu-west-1" in result[Path("r5.toml")][0].message
    assert all(not result[Path(f"r{i}.toml")] for i in range(5))


def test_limit_is_per_account_and_per_region() -> None:
    records = [make(f"193.0.{i}.0/24", minutes=i) for i in range(5)]
    records.append(make("193.0.9.0/24", region="eu-west-2"))
    records.append(make("193.0.8.0/24", account="999999999999"))
    assert all(not f for f in cross_draft_findings(pairs(*records)).values())


def test_withdrawn_drafts_do_not_count() -> None:
    records = [make(f"193.0.{i}.0/24", minutes=i) for i in range(5)]
    records.append(make("193.0.9.0/24", status=Status.WITHDRAWN))
    records.append(make("193.0.0.0/24", region="us-east-1", status=Status.WITHDRAWN))
    assert all(not f for f in cross_draft_findings(pairs(*records)).values())


@pytest.mark.parametrize("other", ["193.0.0.0/24", "193.0.0.0/23", "193.0.0.0/16"])
def test_same_or_overlapping_range_in_two_regions_is_an_error_on_both(other: str) -> None:
    result = cross_draft_findings(
        pairs(make("193.0.0.0/24"), make(other, region="us-east-1", account="999999999999"))
    )
    assert codes(result[Path("r0.toml")]) == ["cross.two_regions"]
    assert codes(result[Path("r1.toml")]) == ["cross.two_regions"]
    assert "us-east-1 (r1.toml)" in result[Path("r0.toml")][0].message


def test_overlap_inside_one_account_is_flagged() -> None:
    result = cross_draft_findings(pairs(make("193.0.0.0/23"), make("193.0.1.0/24")))
    assert codes(result[Path("r0.toml")]) == ["cross.overlap"]
    assert codes(result[Path("r1.toml")]) == ["cross.overlap"]
    assert "r1.toml" in result[Path("r0.toml")][0].message


def test_overlap_between_accounts_is_a_warning() -> None:
    result = cross_draft_findings(
        pairs(make("193.0.0.0/24"), make("193.0.0.0/24", account="999999999999"))
    )
    assert codes(result[Path("r0.toml")]) == ["cross.two_accounts"]


def test_adjacent_ranges_and_unreadable_ones_are_left_alone() -> None:
    result = cross_draft_findings(
        pairs(make("193.0.0.0/24"), make("193.0.1.0/24"), make("nonsense"), make(""))
    )
    assert all(not f for f in result.values()) and len(result) == 4


def test_store_applies_cross_rules_to_its_entries(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    a = store.save(make("193.0.0.0/24"))
    b = store.save(make("193.0.0.0/24", region="us-east-1"))
    (tmp_path / "bad.toml").write_text("[")
    result = store.cross_draft_findings()
    assert set(result) == {a, b}
    assert codes(result[a]) == codes(result[b]) == ["cross.two_regions"]


def test_a_pipe_or_folder_named_like_a_draft_is_listed_with_its_reason(tmp_path: Path) -> None:
    # They used to be skipped without a word; now each is an entry that says what it is.
    import os

    store = DraftStore(tmp_path)
    good = store.save(make("193.0.0.0/24"), path=tmp_path / "good.toml")
    (tmp_path / "sub.toml").mkdir()
    os.mkfifo(tmp_path / "pipe.toml")
    entries = {e.path.name: e for e in store.entries()}
    assert sorted(entries) == ["good.toml", "pipe.toml", "sub.toml"]
    assert entries[good.name].ok
    assert "is a folder" in str(entries["sub.toml"].error)
    assert "not a regular file" in str(entries["pipe.toml"].error)


@pytest.mark.parametrize("spelled", ["relative", "absolute", "with-dots"])
def test_listed_paths_are_the_folder_joined_with_each_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelled: str
) -> None:
    # The listing makes its paths without parsing each name (store._child_maker): they
    # must be the very paths ``folder / name`` gives, however the folder is spelled.
    (tmp_path / "drafts").mkdir()
    for name in ("b.toml", "a b.toml", "é.toml", ".hidden.toml", "notes.txt"):
        (tmp_path / "drafts" / name).write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    folder = {
        "relative": Path("drafts"),
        "absolute": tmp_path / "drafts",
        "with-dots": Path("./drafts/../drafts"),
    }[spelled]
    store = DraftStore(folder)
    named = store.named_paths()
    assert [name for name, _path, _key in named] == ["a b.toml", "b.toml", "é.toml"]
    for name, path, _key in named:
        assert path == folder / name and str(path) == str(folder / name)
        assert type(path) is type(folder / name)
    assert store.keyed_paths() == [(path, key) for _name, path, key in named]
