"""`ses-byoip check` and `ses-byoip render`: verdicts, exit codes, JSON, files written."""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from byoip.cli import main
from byoip.record import Record, load_record, record_to_toml
from byoip.request import Request
from tests.support.paths import REPO_ROOT

USE_CASE = "Receipts and password resets for our shop, about 2M messages a month."


def write(folder: Path, name: str, **fields: str) -> Path:
    values = {
        "account_id": "123456789012",
        "region": "eu-west-1",
        "use_case": USE_CASE,
        "ip_range": "193.0.0.0/24",
        "registry": "RIPE NCC",
        **fields,
    }
    path = folder / name
    path.write_text(record_to_toml(Record(Request(**values))))
    return path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_check_ok_record_exits_0(tmp_path: Path) -> None:
    path = write(tmp_path, "good.toml")
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}: ok" in result.stdout
    assert "1 record: 1 ok, 0 with errors, 0 unreadable." in result.stdout


def test_warnings_alone_still_exit_0(tmp_path: Path) -> None:
    path = write(tmp_path, "short.toml", use_case="Newsletters.")
    result = run("check", str(path))
    assert result.exit_code == 0
    assert "ok (1 warning)" in result.stdout and "use_case.short" in result.stdout


def test_check_errors_exit_1_with_codes(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", ip_range="193.0.0.5/24", account_id="12")
    result = run("check", str(path))
    assert result.exit_code == 1
    assert "2 errors" in result.stdout
    assert "ip_range.host_bits" in result.stdout and "account_id.digits" in result.stdout
    assert result.stderr == ""


def test_json_shape(tmp_path: Path) -> None:
    good = write(tmp_path, "a.toml")
    bad = write(tmp_path, "b.toml", region="ap-south1", ip_range="8.8.8.0/24")
    result = run("check", "--json", str(good), str(bad))
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert [item["path"] for item in items] == [str(good), str(bad)]
    assert [item["ok"] for item in items] == [True, False]
    for item in items:
        assert set(item) == {"path", "ok", "findings"}
        for finding in item["findings"]:
            assert set(finding) == {"field", "severity", "code", "message"}
    codes = {f["code"]: f for f in items[1]["findings"]}
    assert codes["region.unknown"]["severity"] == "error"
    assert "ap-south-1" in codes["region.unknown"]["message"]
    assert codes["registry.iana_mismatch"]["severity"] == "warning"
    assert items[1]["findings"][0]["severity"] == "error"  # errors first


def test_unreadable_and_missing_paths_exit_2_with_one_line_each(tmp_path: Path) -> None:
    good = write(tmp_path, "good.toml")
    damaged = tmp_path / "damaged.toml"
    damaged.write_text('[request]\nregion = "eu-west-1\n')
    missing = tmp_path / "missing.toml"
    result = run("check", str(good), str(damaged), str(missing))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"Error: {damaged}, line 2: not valid TOML")
    assert lines[1] == f"Error: {missing}: no such file or folder; check the path"
    assert "Traceback" not in result.output
    assert damaged.read_text() == '[request]\nregion = "eu-west-1\n'  # untouched
    items = json.loads(run("check", "--json", str(damaged)).stdout)
    assert items[0]["ok"] is False
    assert items[0]["findings"][0]["code"] == "record.unreadable"


def test_folders_expand_and_cross_rules_apply_among_the_paths(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    folder.mkdir()
    write(folder, "a.toml")
    write(folder, "b.toml", region="us-east-1", account_id="999999999999")
    (folder / ".autosave.toml").write_text("[broken")  # dot-files are not drafts
    result = run("check", "--json", str(folder))
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert len(items) == 2
    for item in items:
        assert "cross.two_regions" in [f["code"] for f in item["findings"]]
    # Each file alone passes: the conflict is between them.
    assert run("check", str(folder / "a.toml")).exit_code == 0


def test_duplicate_paths_are_checked_once(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml")
    items = json.loads(run("check", "--json", str(path), str(tmp_path)).stdout)
    assert len(items) == 1


def test_empty_folder_is_unreadable_input(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.exit_code == 2 and "no .toml records" in result.stderr


def test_no_path_checks_the_drafts_folder(tmp_path: Path, hermetic: Path) -> None:
    missing = run("check")  # $SES_BYOIP_DRAFTS_DIR (from the fixture) doesn't exist yet
    assert missing.exit_code == 2 and str(hermetic / "drafts") in missing.stderr
    folder = tmp_path / "other"
    folder.mkdir()
    write(folder, "a.toml")
    result = run("check", "--drafts-dir", str(folder))
    assert result.exit_code == 0 and "a.toml: ok" in result.stdout


def test_online_adds_registry_findings(tmp_path: Path, rdap_server) -> None:  # type: ignore[no-untyped-def]
    # 23.150.164.0/24 is recorded as registered to a person (see tests/support/rdap_server.py).
    path = write(tmp_path, "person.toml", ip_range="23.150.164.0/24", registry="ARIN")
    offline = json.loads(run("check", "--json", str(path)).stdout)[0]
    online = json.loads(run("check", "--json", "--online", str(path)).stdout)[0]
    offline_codes = {f["code"] for f in offline["findings"]}
    online_codes = {f["code"] for f in online["findings"]}
    assert offline["ok"] is True
    added = online_codes - offline_codes
    assert added, online
    assert any(code.startswith("rdap.") for code in added)


def test_online_when_the_registry_is_unreachable_reports_it(tmp_path: Path) -> None:
    # The hermetic fixture points RDAP at 127.0.0.1:9, where nothing listens.
    path = write(tmp_path, "a.toml")
    result = run("check", "--json", "--online", str(path))
    findings = json.loads(result.stdout)[0]["findings"]
    assert any(f["field"] == "rdap" for f in findings)
    assert "Traceback" not in result.output


# --- render -----------------------------------------------------------------------------


def test_render_email_to_stdout(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", ip_range="193.0.0.0/23")
    result = run("render", str(path), "--format", "email", "--now", "2026-11-26T11:30:00Z")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("To: ses-byoip-request@amazon.com\nSubject: ")
    assert "4. IP range: 193.0.0.0/23 (512 addresses)" in result.stdout
    # The reply date is the person's reminder (stderr), not a deadline stated to AWS.
    assert "Monday 30 November 2026" not in result.stdout
    assert "Monday 30 November 2026, 11:30 UTC" in result.stderr
    assert result.stdout.rstrip().endswith("[your name]\n[your organization]")


def test_render_eml_to_a_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml")
    out = tmp_path / "out" / "request.eml"
    result = run("render", str(path), "--format", "eml", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message["To"] == "ses-byoip-request@amazon.com"
    assert "193.0.0.0/24" in message["Subject"]


def test_render_toml_reads_back(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml")
    out = tmp_path / "copy.toml"
    assert run("render", str(path), "--format", "toml", "-o", str(out)).exit_code == 0
    assert load_record(out) == load_record(path)


def test_render_mailto(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml")
    result = run("render", str(path), "--format", "mailto")
    assert result.stdout.startswith("mailto:ses-byoip-request@amazon.com?subject=")
    assert result.stdout.count("\n") == 1


def test_render_a_request_with_errors_writes_but_exits_1(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", ip_range="203.0.113.0/24")
    out = tmp_path / "r.eml"
    result = run("render", str(path), "--format", "eml", "-o", str(out))
    assert result.exit_code == 1 and out.exists()
    assert result.stderr.count("\n") == 1 and "ip_range.special" in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["render", "{missing}"], "no such file"),
        (["render", "{damaged}"], "line 1"),
        (["render", "{good}", "--now", "soon"], "not a date"),
        (["render", "{good}", "-o", "{good_dir}"], "can't write"),
    ],
)
def test_render_bad_input_is_one_line_exit_2(tmp_path: Path, args: list[str], words: str) -> None:
    good = write(tmp_path, "good.toml")
    damaged = tmp_path / "damaged.toml"
    damaged.write_text("[request\n")
    (tmp_path / "dir.eml").mkdir()
    names = {
        "missing": str(tmp_path / "missing.toml"),
        "damaged": str(damaged),
        "good": str(good),
        "good_dir": str(tmp_path / "dir.eml"),
    }
    result = run(*(a.format(**names) for a in args))
    assert result.exit_code == 2, result.output
    assert words in result.stderr and result.stderr.count("\n") == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_real_command_exit_codes(tmp_path: Path) -> None:
    good = write(tmp_path, "good.toml")
    bad = write(tmp_path, "bad.toml", ip_range="10.0.0.0/8")
    runs = {
        name: subprocess.run(
            [sys.executable, "-m", "byoip", "check", str(path)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        for name, path in (("good", good), ("bad", bad), ("missing", tmp_path / "no.toml"))
    }
    assert [runs[n].returncode for n in ("good", "bad", "missing")] == [0, 1, 2]
    assert "Traceback" not in runs["missing"].stderr


def test_online_skips_ranges_the_offline_rules_refuse(tmp_path: Path) -> None:
    path = write(tmp_path, "doc.toml", ip_range="203.0.113.0/24")
    findings = json.loads(run("check", "--json", "--online", str(path)).stdout)[0]["findings"]
    assert not any(f["field"] == "rdap" for f in findings)
    assert "ip_range.special" in {f["code"] for f in findings}


def test_rdap_recordings_replay_without_network(tmp_path: Path) -> None:
    recordings = REPO_ROOT / "sample_requests" / "recordings" / "rdap"
    if not (recordings / "ip_23.150.164.0_24.json").exists():
        pytest.skip("the registry lookup recordings are not there")
    path = write(tmp_path, "person.toml", ip_range="23.150.164.0/24", registry="ARIN")
    result = run("check", "--json", "--rdap-recordings", str(recordings), str(path))
    codes = {f["code"] for f in json.loads(result.stdout)[0]["findings"]}
    assert "rdap.registrant_person" in codes and result.exit_code == 1
