"""Every sample request gets the verdict its `# expect:` comment promises (offline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.paths import REPO_ROOT, SAMPLES_DIR
from tests.support.python_run import run_python

#: Finding codes the offline rules can produce; other codes need a lookup.
OFFLINE_PREFIXES = ("account_id.", "region.", "use_case.", "ip_range.", "registry.", "cross.")


def lookup_expectation(path: Path) -> tuple[str, list[str]] | None:
    """(verdict, codes) of a ``# needs: lookup`` sample whose codes all come from RDAP."""
    text = path.read_text(encoding="utf-8")
    comment = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    if not any(line.startswith("needs:") and "lookup" in line for line in comment):
        return None
    for line in comment:
        if line.startswith("expect:"):
            verdict, *codes = line.removeprefix("expect:").split()
            if all(code.startswith("rdap.") for code in codes):
                return verdict, codes
    return None


def expectation(path: Path) -> tuple[str, list[str]] | None:
    """(verdict, codes) from the leading comment, or None when there is no offline verdict.

    None for samples marked ``# needs: lookup``, whose expected codes come from a lookup
    (``rdap.…``, ``dnsbl.…``), or that have no ``# expect:`` line.
    """
    verdict: tuple[str, list[str]] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.startswith("needs:") and "lookup" in body:
            return None
        if body.startswith("expect:"):
            words = body.removeprefix("expect:").split()
            verdict = (words[0], words[1:])
    if verdict is None:  # a sample described in words only: nothing to assert offline
        return None
    if not all(code.startswith(OFFLINE_PREFIXES) for code in verdict[1]):
        return None
    return verdict


def groups() -> list[list[Path]]:
    """Top-level samples are checked together (as the README shows); each folder on its own."""
    top = sorted(SAMPLES_DIR.glob("*.toml"))
    folders = [
        sorted(d.glob("*.toml"))
        for d in sorted(SAMPLES_DIR.iterdir())
        if d.is_dir() and d.name != "recordings" and any(d.glob("*.toml"))
    ]
    return [top, *folders]


def run_check(paths: list[Path], *options: str) -> tuple[int, dict[str, dict]]:
    from click.testing import CliRunner

    from byoip.cli import main

    result = CliRunner().invoke(main, ["check", "--json", *options, *map(str, paths)])
    return result.exit_code, {item["path"]: item for item in json.loads(result.stdout)}


def assert_verdict(item: dict, verdict: str, codes: list[str], label: str, strict_ok: bool) -> None:
    by_severity: dict[str, set[str]] = {"error": set(), "warning": set()}
    for finding in item["findings"]:
        by_severity.get(finding["severity"], set()).add(finding["code"])
    label = f"{label}: {item['findings']}"
    if verdict == "ok":
        assert item["ok"] and not by_severity["error"], label
        assert not (strict_ok and by_severity["warning"]), label
    elif verdict == "warning":
        assert item["ok"] and not by_severity["error"], label
        assert set(codes) <= by_severity["warning"], label
    else:
        assert verdict == "error", f"{label}: unknown verdict {verdict!r}"
        assert not item["ok"] and set(codes) <= by_severity["error"], label


def test_there_are_enough_samples() -> None:
    mine = [p for p in SAMPLES_DIR.glob("*.toml") if expectation(p) is not None]
    assert len(mine) >= 8
    numbered = sorted(SAMPLES_DIR.glob("[01][0-9]-*.toml"))  # 01-19: the offline samples
    assert numbered and all(expectation(p) is not None for p in numbered)
    verdicts = {expectation(p)[0] for p in mine}  # type: ignore[index]
    assert verdicts == {"ok", "warning", "error"}
    assert (SAMPLES_DIR / "sixth-range-one-region").is_dir()
    assert (SAMPLES_DIR / "one-range-two-regions").is_dir()
    assert (SAMPLES_DIR / "README.md").is_file()


@pytest.mark.parametrize("paths", groups(), ids=lambda ps: ps[0].parent.name if ps else "none")
def test_each_sample_gets_the_verdict_its_comment_promises(paths: list[Path]) -> None:
    exit_code, results = run_check(paths)
    assert exit_code in (0, 1), "a sample could not be read"
    checked = 0
    for path in paths:
        expected = expectation(path)
        if expected is None:
            continue
        verdict, codes = expected
        label = str(path.relative_to(SAMPLES_DIR))
        assert_verdict(results[str(path)], verdict, codes, label, strict_ok=True)
        checked += 1
    assert checked, "no sample in this group has an offline verdict"


def test_lookup_samples_get_their_verdict_from_the_recordings() -> None:
    """``check --rdap-recordings`` replays the recorded registry answers (no network)."""
    recordings = SAMPLES_DIR / "recordings" / "rdap"
    paths = sorted(SAMPLES_DIR.glob("*.toml"))
    expected = {p: lookup_expectation(p) for p in paths}
    if not recordings.is_dir() or not any(expected.values()):
        pytest.skip("no registry-lookup samples with recordings yet")
    _, results = run_check(paths, "--rdap-recordings", str(recordings))
    for path, verdict in expected.items():
        if verdict is not None:
            label = str(path.relative_to(SAMPLES_DIR))
            assert_verdict(results[str(path)], *verdict, label, strict_ok=False)


def test_the_readme_command_over_the_top_level_samples() -> None:
    # `ses-byoip check sample_requests/*.toml --json`, as a real subprocess.
    paths = sorted(str(p.relative_to(REPO_ROOT)) for p in SAMPLES_DIR.glob("*.toml"))
    result = run_python("-m", "byoip", "check", *paths, "--json")
    assert result.returncode == 1, result.stderr  # some samples fail on purpose
    items = json.loads(result.stdout)
    assert [item["path"] for item in items] == paths
    assert any(item["ok"] for item in items) and not all(item["ok"] for item in items)


def all_samples() -> list[Path]:
    # Relative parts: a clone may itself sit in a folder called "recordings".
    paths = SAMPLES_DIR.rglob("*.toml")
    return sorted(p for p in paths if "recordings" not in p.relative_to(SAMPLES_DIR).parts)


def promised(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("# expect:")]


@pytest.mark.parametrize("path", all_samples(), ids=lambda p: str(p.relative_to(SAMPLES_DIR)))
def test_every_sample_promises_exactly_one_verdict(path: Path) -> None:
    # A sample without an `# expect:` line would be skipped by the checks above in silence.
    (line,) = promised(path)
    verdict = line.removeprefix("# expect:").split()[0]
    assert verdict in ("ok", "warning", "error")


LOOKUP_SAMPLES = [p for p in sorted(SAMPLES_DIR.glob("*.toml")) if expectation(p) is None]


@pytest.mark.parametrize("path", LOOKUP_SAMPLES, ids=lambda p: p.name)
def test_lookup_samples_pass_every_offline_rule(path: Path) -> None:
    # Their comments say so: only the lookup (or the proof) shows their failure.
    from byoip.fields import check_request
    from byoip.findings import has_errors
    from byoip.record import load_record

    assert not has_errors(check_request(load_record(path).request))


def test_the_listed_sample_is_listed_by_its_recording() -> None:
    import asyncio

    from byoip.config import DEFAULT_ZONES, Settings
    from byoip.record import load_record
    from byoip.reputation import RecordedResolver, sweep

    path = SAMPLES_DIR / "24-dnsbl-listed.toml"
    (line,) = promised(path)
    assert line.split()[2:] == ["error", "reputation.listed"]
    record = load_record(path)
    recording = SAMPLES_DIR / "recordings" / "dnsbl" / "listed-199.188.1.0-24.json"
    result = asyncio.run(
        sweep(
            record.request.ip_range,
            Settings(zones=DEFAULT_ZONES),
            resolver=RecordedResolver(recording),
        )
    )
    assert result.verdict == "listed"
    assert any(
        f.code == "reputation.listed" and f.severity.value == "error" for f in result.findings
    )


def test_the_proof_sample_fails_for_the_account_its_comment_names() -> None:
    from datetime import date

    from byoip.proof import assess_proof
    from byoip.record import load_record

    record = load_record(SAMPLES_DIR / "30-demo-proof-wrong-account.toml")
    verdict = assess_proof(
        record.proof, record.request.account_id, record.request.ip_range, date(2026, 11, 26)
    )
    assert not verdict.ok and verdict.code == "wrong-account"
    assert "720987654312" in verdict.reason and "720987654321" in verdict.reason


def test_checking_the_samples_folder_equals_checking_its_files() -> None:
    # `ses-byoip check sample_requests/` (the folder) as a real subprocess: its *.toml files.
    by_folder = run_python("-m", "byoip", "check", "sample_requests", "--json")
    assert by_folder.returncode == 1, by_folder.stderr
    _, by_files = run_check(sorted(SAMPLES_DIR.glob("*.toml")))
    items = json.loads(by_folder.stdout)
    assert [Path(item["path"]).name for item in items] == sorted(
        p.name for p in SAMPLES_DIR.glob("*.toml")
    )
    for item in items:
        same = by_files[str(REPO_ROOT / item["path"])]
        assert (item["ok"], item["findings"]) == (same["ok"], same["findings"])
