"""The row cache is never wrong: every opening through it gives exactly the rows of a fresh read.

Each test changes the folder the way people and tools do (an edit in an
editor, a file replaced, removed, a clock put back) and compares the rows read
through the cache with the rows of a read that ignores it.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from byoip.record import Status
from byoip.review import DAMAGED, Clock, ReviewSet, RowCache, filter_rows, scan_folder
from byoip.review.cache import SETTLE_NS
from byoip.review.cache_chunk import CROSS, ROW
from tests.support.drafts_support import make_record, review_folder, write_records
from tests.support.journey_support import SETTINGS

LATER = 10 * SETTLE_NS  # every file the tests write has settled by then


def later_clock() -> int:
    return time.time_ns() + LATER


def cache_for(tmp_path: Path, folder: Path) -> RowCache:
    return RowCache.for_folder(tmp_path / "cache", folder, now=later_clock, settings=SETTINGS)


def opened(folder: Path, cache: RowCache, now: datetime | None = None) -> tuple[ReviewSet, int]:
    """One opening through the cache: (rows, files read); checked against a fresh read.

    Both read with the same clock for the journey columns (``now``, default: the
    present), as the same opening would.
    """
    clock = Clock.of(now, SETTINGS)
    scan = scan_folder(folder, cache, clock=clock)
    scan.save_cache()
    fresh = scan_folder(folder, None, clock=clock).review_set
    assert scan.review_set == fresh  # the cache never changes what a reviewer sees
    return scan.review_set, scan.read


def by_name(review_set: ReviewSet) -> dict[str, object]:
    return {row.name: row for row in review_set.rows}


def test_a_second_opening_reads_no_file(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    _rows, read = opened(folder, cache)
    assert read == 7
    assert cache.file.is_file()
    _rows, read = opened(folder, cache)
    assert read == 0


def test_the_filter_finds_the_same_rows_in_a_second_opening(tmp_path: Path) -> None:
    # The filter's text is not kept: each row read back makes it from its own fields.
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    fresh, _read = opened(folder, cache)
    again, read = opened(folder, cache)
    assert read == 0
    searches = {
        "185.54": {"alpha", "charlie"},  # a range
        "EU-CENTRAL 185": {"charlie"},  # a Region, any case, and every word
        "210987654321": {"delta"},  # an account
        "illegal character": {"foxtrot"},  # a damaged file's problem
        "drafts foxtrot": {"foxtrot"},  # its path
    }
    for words, names in searches.items():
        assert {row.name for row in filter_rows(again.rows, words)} == names, words
        assert filter_rows(again.rows, words) == filter_rows(fresh.rows, words)


def test_an_edit_made_outside_the_app_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    rows, _read = opened(folder, cache)
    # An editor rewrites the file in place with host bits in the range (an error).
    before = by_name(rows)["bravo"].ip_range  # type: ignore[attr-defined]
    after = before.replace(".0/", ".7/")
    path = folder / "bravo.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
    rows, read = opened(folder, cache)
    assert read == 1
    assert by_name(rows)["bravo"].ip_range == after  # type: ignore[attr-defined]
    assert by_name(rows)["bravo"].errors == 1  # type: ignore[attr-defined]


def test_a_file_replaced_by_a_damaged_one_is_shown_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    opened(folder, cache)
    path = folder / "delta.toml"
    size = path.stat().st_size
    replacement = folder / "delta.new"
    replacement.write_bytes(b"status = [\n".ljust(size, b"#"))  # same size, not TOML
    os.replace(replacement, path)  # a new inode, as an editor's save makes
    rows, read = opened(folder, cache)
    assert read == 1
    assert by_name(rows)["delta"].status == DAMAGED  # type: ignore[attr-defined]


def test_a_removed_file_goes_and_takes_its_cross_draft_findings_with_it(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    rows, _read = opened(folder, cache)
    # alpha and charlie ask for the same range in two Regions: an error on both.
    codes = [f.code for f in by_name(rows)["alpha"].findings]  # type: ignore[attr-defined]
    assert "cross.two_regions" in codes
    (folder / "charlie.toml").unlink()
    rows, read = opened(folder, cache)
    assert read == 0  # alpha itself is unchanged: its row comes from the cache ...
    assert "charlie" not in by_name(rows)
    alpha = by_name(rows)["alpha"]
    assert "cross.two_regions" not in [f.code for f in alpha.findings]  # type: ignore[attr-defined]
    assert alpha.errors == 0  # type: ignore[attr-defined]  # ... and the rules across ran again
    assert "charlie.toml" not in CacheFile(cache).names()


def test_a_clock_put_back_same_size_older_time_is_read_again(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    write_records(folder, [("one", make_record("185.54.121.0/24"))])
    path = folder / "one.toml"
    cache = cache_for(tmp_path, folder)
    rows, _read = opened(folder, cache)
    assert rows.rows[0].status == "draft"
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace('status = "draft"', 'status = "ready"', 1)
    path.write_text(text, encoding="utf-8")
    older = before.st_mtime_ns - 3_600_000_000_000  # the clock went back an hour
    os.utime(path, ns=(older, older))
    after = path.stat()
    assert after.st_size == before.st_size and after.st_mtime_ns < before.st_mtime_ns
    rows, read = opened(folder, cache)
    assert read == 1
    assert rows.rows[0].status == str(Status.READY)


def test_a_due_date_that_passes_between_openings_shows_overdue(tmp_path: Path) -> None:
    # The file doesn't change, the clock does: AWS's answer becomes overdue.
    folder = tmp_path / "drafts"
    sent_at = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)  # a Monday: due Wednesday 10:00
    record = make_record("185.54.121.0/24").with_status(Status.READY, now=sent_at)
    write_records(folder, [("sent", record.with_status(Status.SENT, now=sent_at))])
    cache = cache_for(tmp_path, folder)
    rows, _read = opened(folder, cache, now=sent_at + timedelta(hours=1))
    assert not rows.rows[0].overdue
    rows, read = opened(folder, cache, now=sent_at + timedelta(hours=2))
    assert read == 0  # nothing changed yet: from the cache
    rows, read = opened(folder, cache, now=sent_at + timedelta(days=3))
    assert read == 1 and rows.rows[0].overdue and rows.rows[0].next_step == "Send a reminder"


def test_a_journey_clock_put_back_reads_the_file_again(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    sent_at = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    record = make_record("185.54.121.0/24").with_status(Status.READY, now=sent_at)
    write_records(folder, [("sent", record.with_status(Status.SENT, now=sent_at))])
    cache = cache_for(tmp_path, folder)
    rows, _read = opened(folder, cache, now=sent_at + timedelta(days=3))
    assert rows.rows[0].overdue  # kept as overdue: it stays so while time goes forward ...
    rows, read = opened(folder, cache, now=sent_at + timedelta(hours=1))
    assert read == 1 and not rows.rows[0].overdue  # ... but not when the clock goes back


def test_a_file_written_just_now_is_not_kept_until_it_settles(tmp_path: Path) -> None:
    # Within one tick of the file system's clock a second write can leave every part of
    # the key as it was: such a file is read again on every opening until it is older.
    folder = tmp_path / "drafts"
    write_records(folder, [("one", make_record("185.54.121.0/24"))])
    cache = RowCache.for_folder(tmp_path / "cache", folder)  # the real clock
    _rows, read = opened(folder, cache)
    _rows, read = opened(folder, cache)
    assert read == 1
    cache.now = later_clock
    _rows, read = opened(folder, cache)
    _rows, read = opened(folder, cache)
    assert read == 0


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b'{"format": 1}',
        b"[1, 2, 3]",
        b'{"format": 999, "files": {}}',
        "\u00ff\u00fe garbage".encode("latin-1"),
    ],
    ids=["empty", "truncated", "no-files", "a-list", "newer-format", "not-utf8"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, damage: bytes) -> None:
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    opened(folder, cache)
    cache.file.write_bytes(damage)
    _rows, read = opened(folder, cache)
    assert read == 7
    _rows, read = opened(folder, cache)  # rebuilt by the opening before
    assert read == 0


class CacheFile:
    """A row cache file as JSON: its head and chunks (``byoip.review.cache``'s layout)."""

    def __init__(self, cache: RowCache) -> None:
        self.head, *self.chunks = map(json.loads, cache.file.read_bytes().split(b"\n"))

    def names(self) -> list[str]:
        return [name for names in self.head["chunks"] for name in names]

    def _place(self, name: str) -> tuple[dict[str, Any], int]:
        for names, chunk in zip(self.head["chunks"], self.chunks, strict=True):
            if name in names:
                return chunk, names.index(name)
        raise KeyError(name)

    def entry(self, name: str) -> list[Any]:
        chunk, place = self._place(name)
        return chunk["files"][place]

    def strings(self, name: str) -> list[Any]:
        """The strings table of the chunk that holds ``name``."""
        return self._place(name)[0]["strings"]

    def write(self, cache: RowCache) -> None:
        lines = [json.dumps(part) for part in (self.head, *self.chunks)]
        cache.file.write_text("\n".join(lines), encoding="utf-8")


def _edit_cache(tmp_path: Path, edit: Callable[[CacheFile], None]) -> tuple[Path, RowCache]:
    """A folder opened once, then its cache file edited by ``edit``."""
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    opened(folder, cache)
    data = CacheFile(cache)
    edit(data)
    data.write(cache)
    return folder, cache


def test_wrong_types_inside_a_cache_entry_discard_the_cache(tmp_path: Path) -> None:
    def name_as_a_number(data: CacheFile) -> None:
        data.entry("alpha.toml")[ROW][0] = 12345  # an index past the table's end

    folder, cache = _edit_cache(tmp_path, name_as_a_number)
    _rows, read = opened(folder, cache)  # found as the row is read back: read afresh ...
    assert read == 7
    _rows, read = opened(folder, cache)  # ... and the cache written again
    assert read == 0


def test_text_read_back_from_the_cache_is_cleaned_again(tmp_path: Path) -> None:
    def escape_in_the_name(data: CacheFile) -> None:
        name_index = data.entry("alpha.toml")[ROW][0]  # the name, kept once in "strings"
        data.strings("alpha.toml")[name_index] = "alpha\x1b]52;c;ZXZpbA==\x07\x1b[31m"

    folder, cache = _edit_cache(tmp_path, escape_in_the_name)
    scan = scan_folder(folder, cache)
    assert scan.read == 0
    name = scan.review_set.rows[0].name
    assert "\x1b" not in name and "\x07" not in name and name.startswith("alpha")


def test_another_folder_never_uses_this_folders_cache(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_records(first, [("one", make_record("185.54.121.0/24"))])
    write_records(second, [("one", make_record("185.54.122.0/24"))])
    cache = cache_for(tmp_path, first)
    opened(first, cache)
    # The second folder's cache file replaced by the first's (a copy, a hash collision).
    other = cache_for(tmp_path, second)
    other.file.write_bytes(cache.file.read_bytes())
    rows, read = opened(second, other)
    assert read == 1 and rows.rows[0].ip_range == "185.54.122.0/24"


def test_a_cache_folder_that_cannot_be_written_is_only_slower(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    review_folder(folder)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    cache = RowCache.for_folder(blocker, folder, now=later_clock)
    scan = scan_folder(folder, cache)
    assert scan.save_cache() is False
    assert len(scan.review_set.rows) == 7


def _report_often(monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress reported from the second file on, each after twice as many files."""
    from byoip.review import scan as scan_module

    monkeypatch.setattr(scan_module, "PROGRESS_AFTER", 2)
    monkeypatch.setattr(scan_module, "PROGRESS_EVERY", 0.0)
    monkeypatch.setattr(scan_module, "PROGRESS_FIRST", 0.0)


def test_a_big_first_reading_reports_its_rows_as_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _report_often(monkeypatch)
    folder = tmp_path / "drafts"
    review_folder(folder)
    reports: list[tuple[list[str], int, int]] = []
    scan = scan_folder(
        folder,
        cache_for(tmp_path, folder),
        lambda rows, done, total: reports.append(([r.name for r in rows.rows], done, total)),
    )
    scan.save_cache()
    names = [row.name for row in scan.review_set.rows]
    # From the second file on, each report holds the rows so far, in name order, and
    # waits for twice as many files as the one before.
    assert [done for _names, done, _total in reports] == [2, 4]
    assert all(total == 7 for _names, _done, total in reports)
    assert all(shown == names[:done] for shown, done, _total in reports)
    # A second opening reads its rows back from the cache as it goes, and says so too.
    reports.clear()
    second = scan_folder(
        folder,
        cache_for(tmp_path, folder),
        lambda rows, done, total: reports.append(([r.name for r in rows.rows], done, total)),
    )
    assert second.read == 0 and [done for _names, done, _total in reports] == [2, 4]
    assert all(shown == names[:done] for shown, done, _total in reports)


def test_a_cache_made_under_other_settings_is_not_used(tmp_path: Path) -> None:
    # The journey columns depend on the settings (lookup ages, holidays): other settings,
    # another journey, so every file is read again.
    from dataclasses import replace

    folder = tmp_path / "drafts"
    review_folder(folder)
    opened(folder, cache_for(tmp_path, folder))
    other = replace(SETTINGS, lookup_max_age_days=SETTINGS.lookup_max_age_days + 1)
    cache = RowCache.for_folder(tmp_path / "cache", folder, now=later_clock, settings=other)
    assert scan_folder(folder, cache, clock=Clock.of(None, other)).read == 7


# ------------------------------------------------------------ the rules across drafts, kept


def opened_counting(
    folder: Path, cache: RowCache, monkeypatch: pytest.MonkeyPatch, now: datetime | None = None
) -> tuple[ReviewSet, int, bool]:
    """One opening through the cache, checked against a fresh read: (rows, files read,
    whether the rules across drafts ran in it)."""
    from byoip.review import scan as scan_module

    calls: list[int] = []
    real = scan_module.findings_across

    def counting(claims: Any) -> Any:
        calls.append(1)
        return real(claims)

    monkeypatch.setattr(scan_module, "findings_across", counting)
    clock = Clock.of(now, SETTINGS)
    scan = scan_folder(folder, cache, clock=clock)
    scan.save_cache()
    monkeypatch.setattr(scan_module, "findings_across", real)
    assert scan.review_set == scan_folder(folder, None, clock=clock).review_set
    assert scan.across_kept == (not calls)
    return scan.review_set, scan.read, bool(calls)


def _codes(rows: ReviewSet, name: str) -> list[str]:
    return [f.code for f in by_name(rows)[name].findings]  # type: ignore[attr-defined]


def test_nothing_changed_no_rule_across_drafts_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    _rows, read, ran = opened_counting(folder, cache, monkeypatch)
    assert read == 7 and ran
    for _ in range(2):
        rows, read, ran = opened_counting(folder, cache, monkeypatch)
        assert read == 0 and not ran
        # alpha and charlie: the same range in two Regions, kept from the cache.
        assert "cross.two_regions" in _codes(rows, "alpha")
        assert "cross.two_regions" in _codes(rows, "charlie")


def _opened_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, RowCache]:
    """The review folder, opened twice (the second time from the cache, rules included)."""
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    opened_counting(folder, cache, monkeypatch)
    _rows, read, ran = opened_counting(folder, cache, monkeypatch)
    assert read == 0 and not ran
    return folder, cache


def test_a_changed_file_runs_the_rules_again_for_the_unchanged_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = _opened_twice(tmp_path, monkeypatch)
    # bravo (eu-central-1) now asks for alpha's range (eu-west-1): alpha, unchanged and
    # read back from the cache, has a new finding naming bravo.
    path = folder / "bravo.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("91.214.37.0/24", "185.54.121.0/24"),
        encoding="utf-8",
    )
    rows, read, ran = opened_counting(folder, cache, monkeypatch)
    assert read == 1 and ran
    alpha = by_name(rows)["alpha"]
    assert any("bravo.toml" in f.message for f in alpha.findings)  # type: ignore[attr-defined]
    rows, read, ran = opened_counting(folder, cache, monkeypatch)  # kept again
    assert read == 0 and not ran
    assert any("bravo.toml" in f.message for f in by_name(rows)["alpha"].findings)  # type: ignore[attr-defined]


def test_an_added_or_removed_file_runs_the_rules_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = _opened_twice(tmp_path, monkeypatch)
    assert "cross.two_regions" not in _codes(scan_folder(folder, None).review_set, "bravo")
    # A new file asks for bravo's range in another Region: bravo (unchanged) is now wrong.
    write_records(folder, [("hotel", make_record("91.214.37.0/24", region="us-west-2"))])
    rows, read, ran = opened_counting(folder, cache, monkeypatch)
    assert read == 1 and ran and "cross.two_regions" in _codes(rows, "bravo")
    rows, read, ran = opened_counting(folder, cache, monkeypatch)
    assert read == 0 and not ran and "cross.two_regions" in _codes(rows, "bravo")
    (folder / "hotel.toml").unlink()  # and gone again: so is bravo's error
    rows, read, ran = opened_counting(folder, cache, monkeypatch)
    assert read == 0 and ran and "cross.two_regions" not in _codes(rows, "bravo")
    rows, read, ran = opened_counting(folder, cache, monkeypatch)
    assert read == 0 and not ran


def test_a_file_read_again_for_its_journey_keeps_the_findings_across(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is read again (its due date passed) but didn't change: neither did its
    # claim, so the findings across drafts kept with it still hold.
    folder = tmp_path / "drafts"
    sent_at = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
    record = make_record("185.54.121.0/24").with_status(Status.READY, now=sent_at)
    write_records(
        folder,
        [
            ("sent", record.with_status(Status.SENT, now=sent_at)),
            ("other", make_record("185.54.121.0/24", region="eu-central-1")),
        ],
    )
    cache = cache_for(tmp_path, folder)
    opened_counting(folder, cache, monkeypatch, now=sent_at + timedelta(hours=1))
    rows, read, ran = opened_counting(folder, cache, monkeypatch, now=sent_at + timedelta(days=3))
    assert read == 1 and not ran
    assert by_name(rows)["sent"].overdue  # type: ignore[attr-defined]
    assert "cross.two_regions" in _codes(rows, "sent")


@pytest.mark.parametrize(
    "cross",
    [[123456], [-1], "0", [[0]], [True]],
    ids=["past-the-end", "negative", "a-string", "nested", "a-bool"],
)
def test_damaged_findings_across_in_the_cache_discard_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cross: Any
) -> None:
    def damage(data: CacheFile) -> None:
        data.entry("alpha.toml")[CROSS] = cross

    folder, cache = _edit_cache(tmp_path, damage)
    rows, read, ran = opened_counting(folder, cache, monkeypatch)
    assert read == 7 and ran  # read afresh, and the cache written again
    assert "cross.two_regions" in _codes(rows, "alpha")
    _rows, read, ran = opened_counting(folder, cache, monkeypatch)
    assert read == 0 and not ran


def test_a_cache_without_findings_across_runs_the_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forget_one(data: CacheFile) -> None:
        data.entry("alpha.toml")[CROSS] = None  # as written when a file wasn't kept

    folder, cache = _edit_cache(tmp_path, forget_one)
    rows, read, ran = opened_counting(folder, cache, monkeypatch)
    assert read == 0 and ran and "cross.two_regions" in _codes(rows, "alpha")
    _rows, read, ran = opened_counting(folder, cache, monkeypatch)  # written whole again
    assert read == 0 and not ran


def test_findings_across_are_not_kept_while_a_file_is_unsettled(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    opened(folder, cache)
    write_records(folder, [("hotel", make_record("91.214.37.0/24", region="us-west-2"))])
    cache.now = time.time_ns  # hotel was written just now: not kept yet
    scan = scan_folder(folder, cache, clock=Clock.of(None, SETTINGS))
    assert scan.read == 1 and not scan.across_kept and scan.across is None
    assert "hotel.toml" not in scan.keep


# --------------------------------------------------------------------------- chunks


def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two files per chunk: the test folder's 7 files make 4 chunks (lines)."""
    from byoip.review import cache as cache_module

    monkeypatch.setattr(cache_module, "CHUNK", 2)


def test_chunks_are_decoded_only_as_the_opening_reaches_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from byoip.review.cache_chunk import Chunk

    _small_chunks(monkeypatch)
    _report_often(monkeypatch)
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    opened(folder, cache)
    assert len(CacheFile(cache).chunks) == 4
    decoded: list[int] = []
    decode = Chunk._decode

    def counting(chunk: Chunk) -> Any:
        decoded.append(chunk._count)
        return decode(chunk)

    monkeypatch.setattr(Chunk, "_decode", counting)
    at_report: list[int] = []
    scan = scan_folder(folder, cache, lambda _rows, _done, _total: at_report.append(len(decoded)))
    # The first report (2 files done) needed the first chunk only; in the end all four.
    assert scan.read == 0 and at_report[0] == 1 and decoded == [2, 2, 2, 1]
    _rows, read = opened(folder, cache)  # every opening is still a fresh read's rows
    assert read == 0


@pytest.mark.parametrize("damage", ["truncated", "missing", "extra", "twice", "short"])
def test_a_damaged_chunk_is_found_and_the_folder_read_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    _small_chunks(monkeypatch)
    folder = tmp_path / "drafts"
    review_folder(folder)
    cache = cache_for(tmp_path, folder)
    opened(folder, cache)
    head, *chunks = cache.file.read_bytes().split(b"\n")
    if damage == "truncated":  # the last line cut short: found when the scan reaches it
        chunks[-1] = chunks[-1][:-5]
    elif damage == "missing":  # the head names more chunks than the file holds
        chunks.pop()
    elif damage == "extra":
        chunks.append(chunks[0])
    elif damage == "twice":  # a name in two chunks
        data = json.loads(head)
        data["chunks"][1][0] = data["chunks"][0][0]
        head = json.dumps(data).encode()
    else:  # a chunk with fewer entries than the head names
        data = json.loads(chunks[1])
        data["files"].pop()
        chunks[1] = json.dumps(data).encode()
    cache.file.write_bytes(b"\n".join([head, *chunks]))
    _rows, read = opened(folder, cache)
    assert read == 7
    _rows, read = opened(folder, cache)  # written again, whole
    assert read == 0


def test_the_cycle_collector_is_paused_while_a_folder_is_read_and_left_as_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    _report_often(monkeypatch)
    folder = tmp_path / "drafts"
    review_folder(folder)
    during: list[bool] = []
    try:
        for enabled in (True, False):
            gc.enable() if enabled else gc.disable()
            scan_folder(folder, None, lambda _rows, _done, _total: during.append(gc.isenabled()))
            assert gc.isenabled() is enabled  # as it was found
            with pytest.raises(ReadingStopped):  # even when the reading fails
                scan_folder(folder, None, _failing_progress)
            assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert during and not any(during)


class ReadingStopped(Exception):
    """Raised from a progress report, to fail a reading half-way."""


def _failing_progress(_rows: ReviewSet, _done: int, _total: int) -> None:
    raise ReadingStopped
