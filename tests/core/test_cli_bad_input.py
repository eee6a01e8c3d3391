"""Every command of the real ``ses-byoip`` program, given bad input, in a subprocess.

Each case runs the installed console script (or ``python -m tui`` when it is not
on PATH) and asserts what a person at a terminal sees: the exit code (0 ok,
1 errors found / not valid, 2 unreadable or unusable input), never a traceback,
never an escape sequence from what they typed, and for exit 2 a last stderr
line that starts with ``Error:`` (one sentence saying what and how to fix).

Being root in CI, "unreadable" is simulated with things root can't read either:
a symlink loop, a path through a file, a pipe, a device, a folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import SAMPLES_DIR

OK_SAMPLE = SAMPLES_DIR / "01-ok.toml"
MESSAGE = "1|aws|123456789012|193.0.0.0/24|20991231|SHA256|RSAPSS"
ACCOUNT = "123456789012"
RANGE = "193.0.0.0/24"
# Shorthands for the long command lines below.
MESSAGE_FOR = ["proof", "message", "--account", ACCOUNT, "--range"]
VERIFY = ["proof", "verify", "--message", MESSAGE, "--signature", "x"]
VERIFY_WITH = ["proof", "verify", "--signature", "x", "--cert", "ok.toml", "--message"]


def _command() -> list[str]:
    installed = shutil.which("ses-byoip")
    return [installed] if installed else [sys.executable, "-m", "byoip"]


@pytest.fixture
def workdir(hermetic: Path) -> Path:
    """A folder of bad inputs next to a good record (the cases refer to them by name)."""
    folder = hermetic / "work"
    folder.mkdir()
    shutil.copy(OK_SAMPLE, folder / "ok.toml")
    (folder / "empty-folder").mkdir()
    (folder / "folder.toml").mkdir()
    (folder / "binary.toml").write_bytes(b"\x00\x01\xff\xfe\x00binary")
    (folder / "damaged.toml").write_text("schema_version = 1\n[request\naccount_id = 1\n")
    (folder / "empty.toml").write_text("")
    (folder / "loop.toml").symlink_to("loop.toml")
    (folder / "dangling.toml").symlink_to("nowhere.toml")
    os.mkfifo(folder / "fifo.toml")
    (folder / "bad-value.toml").write_text('[rdap]\ntimeout = "abc"\n')
    (folder / "bad-retries.toml").write_text("[rdap]\nretries = 100000\n")
    (folder / "bad-url.toml").write_text('[rdap]\nbase_url = "http://[::1"\n')
    (folder / "bad-zone.toml").write_text('[dnsbl]\nzones = ["bad zone"]\n')
    (folder / "hostile.pem").write_text("\x1b[31m[bold]not a certificate[/]\n")
    (folder / "drafts").mkdir()
    # Hostile files (issue 10): a few hundred bytes of "[", a byte-order mark, and a folder
    # whose *.toml entries are not files at all.
    (folder / "deep.toml").write_text("a = " + "[" * 2000 + "\n")
    (folder / "bom.toml").write_bytes(b"\xef\xbb\xbf" + OK_SAMPLE.read_bytes())
    (folder / "wrong-type.toml").write_text("drafts_dir = {a = 1}\n")
    (folder / "assumption.toml").write_text('[pricing]\nassumption = "no"\n')
    odd = folder / "odd-entries"
    odd.mkdir()
    shutil.copy(OK_SAMPLE, odd / "ok.toml")
    (odd / "sub.toml").mkdir()
    os.mkfifo(odd / "pipe.toml")
    return folder


# (id, arguments, extra environment, expected exit code, a piece of stderr or None)
CASES: list[tuple[str, list[str | bytes], dict[str, str], int, str | None]] = [
    # top level
    ("help", ["--help"], {}, 0, None),
    ("version", ["--version"], {}, 0, None),
    ("unknown-command", ["no-such-command"], {}, 2, "No such command"),
    # check
    ("check-ok", ["check", "ok.toml"], {}, 0, None),
    ("check-samples-folder", ["check", str(SAMPLES_DIR)], {}, 1, None),
    ("check-missing", ["check", "missing.toml"], {}, 2, "no such file or folder"),
    ("check-empty-folder", ["check", "empty-folder"], {}, 2, "no .toml records"),
    ("check-folder-named-toml", ["check", "folder.toml"], {}, 2, "no .toml records"),
    ("check-binary", ["check", "binary.toml"], {}, 2, "not UTF-8"),
    ("check-damaged-toml", ["check", "damaged.toml"], {}, 2, "line 2: not valid TOML"),
    ("check-empty-file", ["check", "empty.toml"], {}, 2, "no [request] table"),
    ("check-symlink-loop", ["check", "loop.toml"], {}, 2, "symbolic links"),
    ("check-dangling-link", ["check", "dangling.toml"], {}, 2, "broken link"),
    ("check-through-a-file", ["check", "ok.toml/x.toml"], {}, 2, "part of the path is a file"),
    ("check-fifo", ["check", "fifo.toml"], {}, 2, "not a regular file"),
    ("check-device", ["check", "/dev/zero"], {}, 2, "not a regular file"),
    ("check-json-binary", ["check", "--json", "binary.toml"], {}, 2, "not UTF-8"),
    ("check-non-utf8-name", ["check", b"\xff.toml"], {}, 2, "no such file"),
    ("check-escape-in-name", ["check", "\x1b[31m.toml"], {}, 2, "no such file"),
    ("render-escape-in-name", ["render", "\x1b]0;title\x07.toml"], {}, 2, "no such file"),
    ("check-empty-string", ["check", ""], {}, 2, None),
    ("check-no-drafts-yet", ["check"], {}, 2, "doesn't exist yet"),
    ("check-drafts-dir-is-file", ["--drafts-dir", "ok.toml", "check"], {}, 2, "is a file"),
    ("check-empty-drafts", ["--drafts-dir", "drafts", "check"], {}, 2, "no .toml records"),
    ("check-drafts-env-file", ["check"], {"SES_BYOIP_DRAFTS_DIR": "ok.toml"}, 2, "is a file"),
    ("check-deep-nesting", ["check", "deep.toml"], {}, 2, "deep.toml: not valid TOML (arrays"),
    ("check-byte-order-mark", ["check", "bom.toml"], {}, 2, "line 1: starts with a byte-order"),
    ("check-folder-with-a-pipe", ["check", "odd-entries"], {}, 2, "pipe.toml: is not a regular"),
    ("check-folder-with-a-folder", ["check", "odd-entries"], {}, 2, "sub.toml: is a folder"),
    ("check-folder-with-a-link-loop", ["check", "."], {}, 2, "loop.toml: can't be read (Too many"),
    # render
    ("render-deep-nesting", ["render", "deep.toml"], {}, 2, "nested too deeply"),
    ("render-byte-order-mark", ["render", "bom.toml"], {}, 2, "without a BOM"),
    ("render-ok", ["render", "ok.toml", "--format", "eml"], {}, 0, None),
    ("render-missing", ["render", "missing.toml"], {}, 2, "no such file"),
    ("render-folder", ["render", "empty-folder"], {}, 2, "is a folder"),
    ("render-binary", ["render", "binary.toml"], {}, 2, "not UTF-8"),
    ("render-damaged", ["render", "damaged.toml"], {}, 2, "not valid TOML"),
    ("render-loop", ["render", "loop.toml"], {}, 2, "symbolic links"),
    ("render-fifo", ["render", "fifo.toml"], {}, 2, "not a regular file"),
    ("render-bad-format", ["render", "ok.toml", "--format", "pdf"], {}, 2, "'pdf'"),
    ("render-out-folder", ["render", "ok.toml", "-o", "empty-folder"], {}, 2, "can't write"),
    ("render-out-thru-file", ["render", "ok.toml", "-o", "ok.toml/x"], {}, 2, "is a file"),
    ("render-with-errors", ["render", str(SAMPLES_DIR / "05-host-bits.toml")], {}, 1, "has errors"),
    ("render-empty-string", ["render", ""], {}, 2, None),
    # lookup (the RDAP server and resolver of the hermetic fixture refuse at once)
    ("lookup-not-a-range", ["lookup", "999.1.1.1/24"], {}, 2, "not an IPv4 range"),
    ("lookup-ipv6", ["lookup", "2001:db8::/32"], {}, 2, "IPv6"),
    ("lookup-prefix-33", ["lookup", "192.0.2.0/33"], {}, 2, "not an IPv4 range"),
    ("lookup-empty", ["lookup", ""], {}, 2, "not an IPv4 range"),
    ("lookup-non-utf8", ["lookup", b"\xff/24"], {}, 2, "not an IPv4 range"),
    ("lookup-host-bits", ["lookup", "203.0.113.5/24", "--no-reputation"], {}, 2, "host bits"),
    ("lookup-huge-needs-yes", ["lookup", "0.0.0.0/0"], {}, 2, "--yes"),
    # Every list fails its self-test: the rest of 2**32 addresses must not be looped over.
    (
        "lookup-huge-with-yes",
        ["lookup", "0.0.0.0/0", "--yes", "--no-rdap", "--no-routing"],
        {},
        0,
        None,
    ),
    ("lookup-huge-rdap", ["lookup", "0.0.0.0/0", "--no-reputation"], {}, 1, None),
    ("lookup-bad-url", ["lookup", RANGE, "--rdap-url", "http://[::1"], {}, 2, "URL"),
    ("lookup-ftp-url", ["lookup", RANGE, "--rdap-url", "ftp://x/"], {}, 2, "URL"),
    ("lookup-bad-registry", ["lookup", RANGE, "--registry", "x"], {}, 2, "registry"),
    ("lookup-bad-zone", ["lookup", RANGE, "--zones", "a b", "--no-rdap"], {}, 2, "DNS"),
    ("lookup-non-utf8-zone", ["lookup", RANGE, "--zones", b"\xff", "--no-rdap"], {}, 2, None),
    ("lookup-empty-zones", ["lookup", RANGE, "--zones", ","], {}, 2, "empty"),
    ("lookup-bad-resolver", ["lookup", RANGE, "--resolver", "x:y"], {}, 2, "resolver"),
    ("lookup-bad-timeout", ["lookup", RANGE, "--timeout", "0"], {}, 2, "--timeout"),
    (
        "lookup-recordings-file",
        ["lookup", "1.0.0.0/24", "--rdap-recordings", "ok.toml"],
        {},
        2,
        None,
    ),
    # proof
    ("proof-message-ok", [*MESSAGE_FOR, RANGE], {}, 0, None),
    (
        "proof-message-account",
        ["proof", "message", "--account", "123", "--range", RANGE],
        {},
        1,
        "12 digits",
    ),
    ("proof-message-empty", ["proof", "message", "--account", "", "--range", ""], {}, 1, None),
    ("proof-message-ipv6", [*MESSAGE_FOR, "2001:db8::/32"], {}, 1, "IPv6"),
    ("proof-message-past", [*MESSAGE_FOR, RANGE, "--expires", "20000101"], {}, 1, "future"),
    ("proof-message-not-date", [*MESSAGE_FOR, RANGE, "--expires", "abc"], {}, 2, "YYYYMMDD"),
    (
        "proof-message-non-utf8",
        ["proof", "message", "--account", b"\xff", "--range", RANGE],
        {},
        1,
        None,
    ),
    ("proof-commands-bad", ["proof", "commands", "--account", "1", "--range", "x"], {}, 1, None),
    (
        "proof-verify-no-cert",
        ["proof", "verify", "--message", MESSAGE, "--signature", "x"],
        {},
        2,
        "--cert",
    ),
    ("proof-verify-missing-cert", [*VERIFY, "--cert", "missing.pem"], {}, 2, "does not exist"),
    ("proof-verify-cert-folder", [*VERIFY, "--cert", "empty-folder"], {}, 2, "folder"),
    ("proof-verify-cert-loop", [*VERIFY, "--cert", "loop.toml"], {}, 2, "symbolic links"),
    ("proof-verify-cert-fifo", [*VERIFY, "--cert", "fifo.toml"], {}, 2, None),
    ("proof-verify-cert-binary", [*VERIFY, "--cert", "binary.toml"], {}, 1, None),
    ("proof-verify-cert-hostile", [*VERIFY, "--cert", "hostile.pem"], {}, 1, None),
    ("proof-verify-message-file-binary", [*VERIFY_WITH, "@binary.toml"], {}, 2, "not text"),
    ("proof-verify-message-file-missing", [*VERIFY_WITH, "@missing"], {}, 2, "does not exist"),
    (
        "proof-verify-lookup-garbage",
        ["proof", "verify", "--message", "x", "--signature", "y", "--lookup"],
        {},
        2,
        "--range",
    ),
    (
        "proof-verify-lookup-down",
        ["proof", "verify", "--message", MESSAGE, "--signature", "y", "--lookup"],
        {},
        1,
        "registry lookup",
    ),
    # --config and the environment
    (
        "config-missing",
        ["--config", "missing.toml", "check", "ok.toml"],
        {},
        2,
        "config file not found",
    ),
    ("config-folder", ["--config", "empty-folder", "check", "ok.toml"], {}, 2, "directory"),
    ("config-binary", ["--config", "binary.toml", "check", "ok.toml"], {}, 2, "not UTF-8"),
    ("config-damaged", ["--config", "damaged.toml", "check", "ok.toml"], {}, 2, "not valid TOML"),
    ("config-deep", ["--config", "deep.toml", "check", "ok.toml"], {}, 2, "nested too deeply"),
    ("config-bom", ["--config", "bom.toml", "check", "ok.toml"], {}, 2, "byte-order mark"),
    ("config-table-as-folder", ["--config", "wrong-type.toml", "check"], {}, 2, "drafts_dir must"),
    ("config-string-as-bool", ["--config", "assumption.toml", "check"], {}, 2, "true or false"),
    ("config-loop", ["--config", "loop.toml", "check", "ok.toml"], {}, 2, "symbolic links"),
    ("config-fifo", ["--config", "fifo.toml", "check", "ok.toml"], {}, 2, "not a regular file"),
    ("config-bad-value", ["--config", "bad-value.toml", "check", "ok.toml"], {}, 2, "timeout"),
    ("config-bad-retries", ["--config", "bad-retries.toml", "check", "ok.toml"], {}, 2, "0 to 10"),
    ("config-bad-url", ["--config", "bad-url.toml", "check", "ok.toml"], {}, 2, "base_url"),
    (
        "config-bad-zone",
        ["--config", "bad-zone.toml", "lookup", RANGE, "--no-rdap"],
        {},
        2,
        "DNS name",
    ),
    ("config-non-utf8", ["--config", b"\xff.toml", "check", "ok.toml"], {}, 2, "not found"),
    (
        "env-config-binary",
        ["check", "ok.toml"],
        {"SES_BYOIP_CONFIG": "binary.toml"},
        2,
        "not UTF-8",
    ),
    (
        "env-config-folder",
        ["check", "ok.toml"],
        {"SES_BYOIP_CONFIG": "empty-folder"},
        2,
        "is a folder",
    ),
    (
        "env-config-missing",
        ["check", "ok.toml"],
        {"SES_BYOIP_CONFIG": "missing.toml"},
        2,
        "not found",
    ),
    (
        "env-rdap-timeout-abc",
        ["check", "ok.toml"],
        {"SES_BYOIP_RDAP_TIMEOUT": "abc"},
        2,
        "SES_BYOIP_RDAP_TIMEOUT",
    ),
    ("env-rdap-timeout-nan", ["check", "ok.toml"], {"SES_BYOIP_RDAP_TIMEOUT": "nan"}, 2, "finite"),
    (
        "env-rdap-retries-huge",
        ["check", "ok.toml"],
        {"SES_BYOIP_RDAP_RETRIES": "99999"},
        2,
        "0 to 10",
    ),
    (
        "env-rdap-url-bad",
        ["check", "ok.toml"],
        {"SES_BYOIP_RDAP_URL": "http://[::1"},
        2,
        "RDAP_URL",
    ),
    (
        "env-dns-deadline-abc",
        ["check", "ok.toml"],
        {"SES_BYOIP_DNS_DEADLINE": "abc"},
        2,
        "DNS_DEADLINE",
    ),
    (
        "env-concurrency-zero",
        ["check", "ok.toml"],
        {"SES_BYOIP_DNS_CONCURRENCY": "0"},
        2,
        "CONCURRENCY",
    ),
    (
        "env-price-negative",
        ["check", "ok.toml"],
        {"SES_BYOIP_PRICE_PER_IP": "-1"},
        2,
        "PRICE_PER_IP",
    ),
    ("env-price-inf", ["render", "ok.toml"], {"SES_BYOIP_PRICE_PER_IP": "inf"}, 2, "finite"),
    ("env-zones-comma", ["check", "ok.toml"], {"SES_BYOIP_ZONES": ","}, 2, "ZONES"),
    ("env-zones-bad", ["lookup", RANGE, "--no-rdap"], {"SES_BYOIP_ZONES": "a b"}, 2, "DNS name"),
]


@pytest.mark.parametrize(
    ("args", "env", "expected", "stderr_part"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_bad_input_gets_a_sentence_and_an_exit_code(
    workdir: Path,
    args: list[str | bytes],
    env: dict[str, str],
    expected: int,
    stderr_part: str | None,
) -> None:
    environment = {**os.environ, **env}
    result = subprocess.run(
        [*_command(), *args],
        cwd=workdir,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
    )
    stdout = result.stdout.decode("utf-8", "replace")
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stdout + stderr, stderr
    assert result.returncode == expected, f"exit {result.returncode}; stderr: {stderr}"
    # Nothing the user typed (or a file held) may reach the terminal as an escape.
    assert "\x1b" not in stdout + stderr
    if expected == 2:
        lines = [line for line in stderr.splitlines() if line.strip()]
        assert lines and lines[-1].startswith("Error: "), stderr
    if stderr_part is not None:
        assert stderr_part in stderr, stderr
