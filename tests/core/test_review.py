"""byoip.review, headless: rows, sort, filter, status changes, duplicate, delete, re-check."""

from __future__ import annotations

import os
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from byoip import recheck, review
from byoip.rdap import RecordedFetcher
from byoip.record import Status, load_record, save_record
from byoip.reputation.resolvers import RecordedResolver
from byoip.review import DAMAGED, ReviewError, filter_rows, load_review, sort_rows
from tests.support.drafts_support import (
    FIXED_NOW,
    copy_samples,
    make_record,
    review_folder,
    settings_for,
    write_records,
)
from tests.support.paths import SAMPLES_DIR


def _rows(folder: Path) -> dict[str, review.DraftRow]:
    return {row.name: row for row in load_review(folder).rows}


def test_every_file_gets_a_row_with_its_counts(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    rows = _rows(tmp_path / "d")
    assert sorted(rows) == ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf"]
    bravo = rows["bravo"]
    assert (bravo.ip_range, bravo.account_id, bravo.region, bravo.registry) == (
        "91.214.37.0/24",
        "123456789012",
        "eu-central-1",
        "RIPE NCC",
    )
    assert (bravo.status, bravo.errors, bravo.warnings) == ("draft", 0, 0)
    assert bravo.updated == "2026-11-02 09:02"
    assert rows["delta"].status == "ready"
    # A special-purpose range is the field rule's error.
    assert rows["echo"].errors == 1
    assert [f.code for f in rows["echo"].findings if f.severity == "error"] == ["ip_range.special"]


def test_cross_draft_rules_count_in_the_rows(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    rows = _rows(tmp_path / "d")
    # alpha and charlie ask for the same range in two Regions: both refused.
    for name in ("alpha", "charlie"):
        assert "cross.two_regions" in {f.code for f in rows[name].findings}
        assert rows[name].errors == 1
    sixth = _rows(copy_samples("sixth-range-one-region", tmp_path / "six"))
    assert [name for name, row in sorted(sixth.items()) if row.errors] == ["range-6"]
    assert "cross.too_many_ranges" in {f.code for f in sixth["range-6"].findings}


def test_a_draft_another_draft_makes_wrong_says_so_as_its_next_step(tmp_path: Path) -> None:
    # The table said "To do: Registration (RDAP)" beside an error it never named (issue 18).
    review_folder(tmp_path / "d")
    rows = _rows(tmp_path / "d")
    for name in ("alpha", "charlie"):
        assert rows[name].next_step.startswith("Fix: One Region"), rows[name].next_step
        assert rows[name].needs_me
    assert not rows["bravo"].next_step.startswith("Fix: One Region")
    sixth = _rows(copy_samples("sixth-range-one-region", tmp_path / "six"))
    assert sixth["range-6"].next_step.startswith("Fix: Five ranges per Region")
    assert not sixth["range-1"].next_step.startswith("Fix: Five")


def test_damaged_and_foreign_files_are_listed_with_reason_and_left_untouched(
    tmp_path: Path,
) -> None:
    paths = review_folder(tmp_path / "d")
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}
    rows = _rows(tmp_path / "d")
    damaged, foreign = rows["foxtrot"], rows["golf"]
    assert damaged.status == foreign.status == DAMAGED
    assert damaged.path == tmp_path / "d" / "foxtrot.toml"
    assert damaged.problem is not None and "line 2" in damaged.problem
    assert "not valid TOML" in damaged.problem
    assert foreign.problem is not None and "[request]" in foreign.problem
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths} == before


def test_file_contents_reach_the_row_cleaned(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    record = make_record("185.54.121.0/24\x1b[31m", registry="RIPE\u202e NCC [bold]x[/bold]")
    write_records(folder, [("bad\x07name", record)])
    (row,) = load_review(folder).rows
    assert row.name == "badname"
    assert row.ip_range == "185.54.121.0/24"
    # Markup-looking text stays as text (the table shows it literally).
    assert row.registry == "RIPE NCC [bold]x[/bold]"


def test_sort_by_each_column_and_reverse(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    rows = load_review(tmp_path / "d").rows
    by_range = [r.ip_range for r in sort_rows(rows, "ip_range") if r.ip_range]
    # As networks, not as text: 10.x < 62.x < 185.x < 192.x.
    assert by_range == [
        "10.0.0.0/24",
        "91.214.37.0/24",
        "185.54.121.0/24",
        "185.54.121.0/24",
        "199.188.0.0/22",
    ]
    assert [r.name for r in sort_rows(rows, "name", reverse=True)][:2] == ["golf", "foxtrot"]
    errors = [r.errors for r in sort_rows(rows, "errors", reverse=True)]
    assert errors == sorted(errors, reverse=True)
    # Files without a value (damaged ones) come last in either direction.
    assert [r.name for r in sort_rows(rows, "updated")][-3:] == ["echo", "foxtrot", "golf"]
    newest_first = [r.name for r in sort_rows(rows, "updated", reverse=True)]
    assert newest_first[0] == "echo" and newest_first[-2:] == ["foxtrot", "golf"]
    for column in review.COLUMNS:
        assert len(sort_rows(rows, column)) == len(rows)
    with pytest.raises(ValueError, match="unknown column"):
        sort_rows(rows, "colour")


def test_filter_by_words_and_status(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    rows = load_review(tmp_path / "d").rows
    assert {r.name for r in filter_rows(rows, "185.54")} == {"alpha", "charlie"}
    assert {r.name for r in filter_rows(rows, "EU-CENTRAL 185")} == {"charlie"}
    assert {r.name for r in filter_rows(rows, status="ready")} == {"delta"}
    assert {r.name for r in filter_rows(rows, status=DAMAGED)} == {"foxtrot", "golf"}
    assert {r.name for r in filter_rows(rows, "toml", status=DAMAGED)} == {"foxtrot", "golf"}
    assert filter_rows(rows, "nothing-matches-this") == []


def test_status_change_is_saved_with_a_dated_history_entry(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    row = _rows(tmp_path / "d")["bravo"]
    # Sending a draft with no lookups skips "ready" and fails the checks: blocked ...
    with pytest.raises(review.StageBlocked, match="draft is not followed by sent") as blocked:
        review.change_status(row.path, "sent", row.mtime, note="mailed to AWS", now=FIXED_NOW)
    assert "check.registration" in {b.code for b in blocked.value.check.blockers}
    assert load_record(row.path).status is Status.DRAFT
    # ... and done with a reason, which the history keeps beside what it overrode.
    review.change_status(
        row.path,
        "sent",
        row.mtime,
        note="mailed to AWS",
        now=FIXED_NOW,
        override_reason="sent by hand before the app existed",
    )
    record = load_record(row.path)
    assert record.history[-1].override.startswith("sent by hand before the app existed (overrode")
    assert record.status is Status.SENT
    assert record.updated == FIXED_NOW
    last = record.history[-1]
    assert (last.status, last.at, last.note) == (Status.SENT, FIXED_NOW, "mailed to AWS")
    assert len(record.history) == 2  # the creation entry is kept
    data = tomllib.loads(row.path.read_text(encoding="utf-8"))
    assert data["history"][-1]["status"] == "sent"
    with pytest.raises(ReviewError, match="not a status"):
        review.change_status(row.path, "lost", None)


def test_status_change_refuses_to_overwrite_an_outside_edit(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    row = _rows(tmp_path / "d")["bravo"]
    # Someone else saves the file after the list was loaded.
    edited = make_record("91.214.37.0/24", region="eu-west-2", minutes=30)
    save_record(row.path, edited)
    os.utime(row.path, ns=(row.mtime + 5_000_000_000, row.mtime + 5_000_000_000))
    outside = row.path.read_bytes()
    with pytest.raises(ReviewError, match="changed outside the app"):
        review.change_status(row.path, "ready", row.mtime, now=FIXED_NOW)
    assert row.path.read_bytes() == outside


def test_duplicate_makes_a_new_draft_that_says_where_it_came_from(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    row = _rows(tmp_path / "d")["delta"]
    new_path = review.duplicate(row.path, tmp_path / "d", now=FIXED_NOW)
    assert new_path.parent == tmp_path / "d" and new_path != row.path
    copy, original = load_record(new_path), load_record(row.path)
    assert copy.request == original.request
    assert copy.status is Status.DRAFT and original.status is Status.READY
    assert copy.created == FIXED_NOW
    assert [h.note for h in copy.history] == ["duplicated from delta.toml"]


def test_delete_moves_the_file_to_the_trash_beside_the_drafts(tmp_path: Path) -> None:
    review_folder(tmp_path / "d")
    for name in ("bravo", "foxtrot"):  # a record and a damaged file alike
        path = tmp_path / "d" / f"{name}.toml"
        content = path.read_bytes()
        moved = review.delete(path, tmp_path / "d")
        assert moved == tmp_path / "d" / ".trash" / f"{name}.toml"
        assert moved.read_bytes() == content and not path.exists()
    assert "bravo" not in _rows(tmp_path / "d")
    with pytest.raises(ReviewError, match="can't be moved"):
        review.delete(tmp_path / "d" / "bravo.toml", tmp_path / "d")


def test_recheck_summarises_what_changed(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    review_folder(folder)
    before = load_review(folder)
    # Outside the app: charlie withdraws (the two-Regions error goes away), echo gets fixed,
    # a new draft arrives.
    charlie = load_record(folder / "charlie.toml")
    save_record(folder / "charlie.toml", charlie.with_status("withdrawn", now=FIXED_NOW))
    echo = make_record("91.214.38.0/24", region="us-west-2", minutes=5)
    save_record(folder / "echo.toml", echo)
    write_records(folder, [("hotel", make_record("185.54.122.0/24", minutes=9))])
    summary = recheck.recheck_all(before)
    changed = {c.name: c for c in summary.changes}
    assert set(changed) == {"alpha", "charlie", "echo", "hotel"}
    assert changed["alpha"].before == (1, 0) and changed["alpha"].after == (0, 0)
    assert [f.code for f in changed["alpha"].resolved] == ["cross.two_regions"]
    assert changed["hotel"].before is None
    text = "\n".join(summary.lines())
    assert text.startswith("Re-checked 8 files:")
    assert "alpha: 1 error, 0 warnings -> 0 errors, 0 warnings; resolved cross.two_regions" in text
    assert "hotel: new file" in text
    # Nothing changes when nothing changed.
    again = recheck.recheck_all(summary.review)
    assert again.changes == () and "Nothing changed" in again.lines()[-1]


def test_recheck_with_fresh_lookups_saves_them_and_counts_their_findings(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    sample = folder / "person.toml"
    sample.write_bytes((SAMPLES_DIR / "20-rdap-person-registrant.toml").read_bytes())
    before = load_review(folder)
    assert before.rows[0].errors == 0  # every offline rule passes
    recording = tmp_path / "dnsbl.json"
    recording.write_text(
        '{"answers": {"2.0.0.127.zen.spamhaus.org": {"A": ["127.0.0.2"]},'
        ' "7.164.150.23.zen.spamhaus.org": {"A": ["127.0.0.2"]}},'
        ' "ranges": ["23.150.164.0/24"]}',
        encoding="utf-8",
    )
    settings = settings_for(folder).with_overrides(zones=("zen.spamhaus.org",))
    refresher = recheck.lookup_refresher(
        settings,
        fetcher=RecordedFetcher(SAMPLES_DIR / "recordings" / "rdap"),
        resolver=RecordedResolver(recording),
    )
    summary = recheck.recheck_all(before, refresher, now=FIXED_NOW)
    assert summary.lookups_run == 1
    (change,) = summary.changes
    codes = {f.code for f in change.added}
    assert {"rdap.registrant_person", "reputation.listed"} <= codes
    record = load_record(sample)
    assert record.rdap is not None and record.rdap["status"] == "ok"
    assert record.reputation is not None and record.reputation["verdict"] == "listed"
    assert record.updated == FIXED_NOW
    # The saved lookups count on the next plain load, too.
    assert load_review(folder).rows[0].errors == summary.review.rows[0].errors >= 2


def test_recheck_lookups_do_not_overwrite_an_outside_edit(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    write_records(folder, [("alpha", make_record("185.54.121.0/24"))])
    before = load_review(folder)
    path = folder / "alpha.toml"
    save_record(path, make_record("185.54.121.0/24", region="eu-west-2"))
    os.utime(path, ns=(before.rows[0].mtime + 10**9,) * 2)
    outside = path.read_bytes()
    calls = []

    def refresh(p: Path, record):  # type: ignore[no-untyped-def]
        calls.append(p)
        return record.with_status("ready", now=datetime(2026, 1, 1, tzinfo=UTC)), []

    summary = recheck.recheck_all(before, refresh)
    assert calls == [path]
    assert path.read_bytes() == outside
    assert any("changed outside the app" in line for line in summary.lines())
