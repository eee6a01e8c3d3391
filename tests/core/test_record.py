"""The TOML record: layout, round trips, damaged files, atomic and conflict-safe saves."""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from byoip.record import (
    SCHEMA_VERSION,
    ConflictError,
    HistoryEntry,
    Record,
    RecordError,
    Status,
    file_mtime,
    load_record,
    record_from_toml,
    record_to_toml,
    save_record,
)
from byoip.request import FIELDS, Request

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
REQUEST = Request(
    account_id="012345678901",
    region="eu-west-1",
    use_case="Receipts and password resets for our shop, 2M messages a month.",
    ip_range="193.0.0.0/24",
    registry="RIPE NCC",
)


def test_layout_has_exactly_the_five_request_keys() -> None:
    record = Record.new(REQUEST, now=T0)
    data = tomllib.loads(record_to_toml(record))
    assert list(data["request"]) == list(FIELDS)
    assert data["request"]["account_id"] == "012345678901"  # a string: leading zero kept
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["status"] == "draft"
    assert data["created"] == T0 and data["updated"] == T0
    assert data["history"] == [{"status": "draft", "at": T0}]
    assert "rdap" not in data  # snapshots only when there are some


def test_status_changes_are_dated_in_the_history() -> None:
    later = T0 + timedelta(hours=2)
    record = Record.new(REQUEST, now=T0).with_status("sent", now=later, note="emailed")
    assert record.status is Status.SENT and record.updated == later
    assert record.history[-1] == HistoryEntry(Status.SENT, later, "emailed")
    again = record_from_toml(record_to_toml(record))
    assert again == record
    assert not replace(record, status=Status.WITHDRAWN).counts and record.counts


def test_snapshots_round_trip_and_none_is_dropped() -> None:
    record = replace(
        Record.new(REQUEST, now=T0),
        rdap={"registry": "RIPE NCC", "handle": "ORG-X", "remarks": ["a", "b"], "missing": None},
        reputation={"listed": [], "checked": 1280},
        cost={"monthly": 6387.2, "yearly": 76646.4},
        proof={"message": "1|aws|012345678901|193.0.0.0/24|20270101|SHA256|RSAPSS"},
    )
    again = record_from_toml(record_to_toml(record))
    assert again.rdap == {"registry": "RIPE NCC", "handle": "ORG-X", "remarks": ["a", "b"]}
    assert again.reputation == record.reputation and again.cost == record.cost
    assert again.proof == record.proof


def test_unknown_top_level_keys_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text('future = "kept"\n[request]\nregion = "eu-west-1"\n[notes]\ntext = "x"\n')
    record = load_record(path)
    assert record.extra == {"future": "kept", "notes": {"text": "x"}}
    save_record(path, record)
    assert load_record(path).extra == record.extra


def test_hand_written_minimal_record_reads_with_defaults() -> None:
    record = record_from_toml('[request]\nip_range = "193.0.0.0/24"\n')
    assert record.status is Status.DRAFT and record.created is None
    assert record.request == Request(ip_range="193.0.0.0/24")
    local = record_from_toml("created = 2026-11-26T09:00:00\n[request]\n")
    assert local.created == T0  # no offset: read as UTC


# At least 200 examples; more with a bigger profile (HYPOTHESIS_PROFILE=thorough, conftest).
@settings(max_examples=max(200, settings.default.max_examples), deadline=None)
@given(st.text())
@example("\r\n")  # a TOML reader turns CR LF inside a multi-line string into LF
@example('line one\rline two\n"""quoted"""\\')
@example("\nstarts with a newline")  # TOML trims a newline right after the opening quotes
@example('ends in quotes""')  # next to the closing """ of a multi-line string
@example("a\\\n   b")  # a line-ending backslash would join the lines in TOML
@example("\x00\x7f\x1b[31m\u2028\x85\ufeff")  # escapes, DEL, separators, BOM
def test_round_trip_any_unicode_use_case(use_case: str) -> None:
    record = Record.new(replace(REQUEST, use_case=use_case), now=T0)
    assert record_from_toml(record_to_toml(record)) == record


@settings(max_examples=50, deadline=None)
@given(st.fixed_dictionaries({name: st.text() for name in FIELDS}))
def test_round_trip_any_unicode_in_every_field(values: dict[str, str]) -> None:
    record = Record.new(Request(**values), now=T0)
    assert record_from_toml(record_to_toml(record)).request == record.request


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[request]\nregion = "eu-west-1\n', 2, "not valid TOML"),
        ("[request\n", 1, "not valid TOML"),
        ('status = "maybe"\n[request]\n', 1, "not one of"),
        ("[request]\n\naccount_id = 123456789012\n", 3, "quoted string"),
        ('[request]\nacount_id = "1"\n', 2, "unknown key 'acount_id'"),
        ("schema_version = 99\n[request]\n", 1, "newer ses-byoip"),
        ('created = "yesterday"\n[request]\n', 1, "date and time"),
        ("rdap = 3\n[request]\n", 1, "must be a table"),
        ('[[history]]\nstatus = "sent"\n[request]\n', 1, "needs a date"),
    ],
)
def test_damaged_records_say_where_and_why(text: str, line: int, words: str) -> None:
    with pytest.raises(RecordError) as caught:
        record_from_toml(text, path="x.toml")
    assert caught.value.line == line, str(caught.value)
    assert words in caught.value.reason
    assert str(caught.value).startswith(f"x.toml, line {line}: ")


def test_missing_request_table_has_no_line() -> None:
    with pytest.raises(RecordError) as caught:
        record_from_toml('status = "draft"\n', path="x.toml")
    assert caught.value.line is None and "[request]" in caught.value.reason


def test_load_record_errors_leave_the_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    damaged = b'[request]\nregion = "eu-west-1"\nuse_case = """never closed\n'
    path.write_bytes(damaged)
    with pytest.raises(RecordError) as caught:
        load_record(path)
    assert caught.value.path == path and caught.value.line is not None
    assert path.read_bytes() == damaged

    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(b'[request]\nuse_case = "caf\xe9"\n')
    with pytest.raises(RecordError, match="UTF-8") as caught:
        load_record(latin1)
    assert caught.value.line == 2

    with pytest.raises(RecordError, match="no such file"):
        load_record(tmp_path / "absent.toml")
    with pytest.raises(RecordError, match="folder"):
        load_record(tmp_path)


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "r.toml"
    mtime = save_record(path, Record.new(REQUEST, now=T0))
    assert mtime == file_mtime(path)
    assert load_record(path) == Record.new(REQUEST, now=T0)
    assert [p.name for p in path.parent.iterdir()] == ["r.toml"]


def test_save_refuses_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    first = save_record(path, Record.new(REQUEST, now=T0))
    # Someone else saves the same file meanwhile (bump the clock to be sure).
    someone = record_to_toml(Record.new(replace(REQUEST, region="us-east-1"), now=T0))
    path.write_text(someone)
    os.utime(path, ns=(first + 5_000_000_000, first + 5_000_000_000))
    with pytest.raises(ConflictError, match="changed on disk"):
        save_record(path, Record.new(REQUEST, now=T0), expected_mtime=first)
    assert path.read_text() == someone  # their work is kept
    # With the current mtime the save goes through.
    save_record(path, Record.new(REQUEST, now=T0), expected_mtime=file_mtime(path))
    assert load_record(path).request == REQUEST


def test_save_refuses_when_the_file_vanished(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    mtime = save_record(path, Record.new(REQUEST, now=T0))
    path.unlink()
    with pytest.raises(ConflictError, match="moved or deleted"):
        save_record(path, Record.new(REQUEST, now=T0), expected_mtime=mtime)
    assert not path.exists()


def test_float_mtime_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    save_record(path, Record.new(REQUEST, now=T0))
    save_record(path, Record.new(REQUEST, now=T0), expected_mtime=path.stat().st_mtime)
    with pytest.raises(ConflictError):
        save_record(path, Record.new(REQUEST, now=T0), expected_mtime=1.0)


def test_a_lone_surrogate_is_saved_as_a_replacement_character(tmp_path: Path) -> None:
    # Undecodable bytes from a non-UTF-8 terminal arrive as lone surrogates (surrogateescape);
    # they can't be written as UTF-8, and the save must not fail because of them.
    record = Record.new(replace(REQUEST, use_case="caf\udce9 receipts"), now=T0)
    path = tmp_path / "draft.toml"
    save_record(path, record)
    assert load_record(path).request.use_case == "caf\ufffd receipts"
    assert "\ufffd" in record_to_toml(record)


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_load_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    # Reading a pipe waits forever and /dev/zero never ends: refused before reading.
    path = tmp_path / "pipe.toml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    with pytest.raises(RecordError, match="not a regular file"):
        load_record(path)


def test_load_refuses_a_file_far_too_big_for_a_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import byoip.record

    monkeypatch.setattr(byoip.record, "MAX_RECORD_BYTES", 1024)
    path = tmp_path / "big.toml"
    path.write_text(record_to_toml(Record.new(replace(REQUEST, use_case="x" * 2000), now=T0)))
    with pytest.raises(RecordError, match="is over 1,024 bytes"):
        load_record(path)


def test_an_error_inside_a_line_names_that_line_even_when_the_message_mentions_the_end() -> None:
    # tomllib's "Expected newline or end of document after a statement (at line 1, ...)"
    # must be reported at line 1, not past the end of the file.
    with pytest.raises(RecordError) as caught:
        record_from_toml("ip_range = 185.54.121.0/24\n", path="x.toml")
    assert caught.value.line == 1


@pytest.mark.parametrize("opening", ["[", "{a=", "[{a=["])
def test_deep_nesting_is_a_record_error_not_a_recursion_error(opening: str) -> None:
    # tomllib recurses once per level: a few hundred bytes used to raise RecursionError.
    text = "schema_version = 1\nx = " + opening * 2000 + "\n"
    with pytest.raises(RecordError) as caught:
        record_from_toml(text, path="deep.toml")
    assert str(caught.value) == (
        "deep.toml: not valid TOML (arrays or tables nested too deeply to read); "
        "fix the file by hand"
    )


def test_a_byte_order_mark_is_named_with_its_fix(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + record_to_toml(Record.new(REQUEST, now=T0)).encode())
    with pytest.raises(RecordError) as caught:
        load_record(path)
    assert caught.value.line == 1
    assert "byte-order mark (BOM" in caught.value.reason
    assert "save it as UTF-8 without a BOM" in caught.value.reason


def test_a_folder_or_a_broken_link_named_like_a_record_says_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "sub.toml").mkdir()
    (tmp_path / "gone.toml").symlink_to(tmp_path / "nowhere.toml")
    with pytest.raises(RecordError, match=r"is a folder, not a record file; .* rename"):
        load_record(tmp_path / "sub.toml")
    with pytest.raises(RecordError, match="broken link"):
        load_record(tmp_path / "gone.toml")
