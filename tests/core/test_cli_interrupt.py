"""One ctrl+c stops ``lookup`` and ``check --online`` cleanly (issue 10).

The lookup used to run in a thread that asyncio.run (or the thread pool) waited for, so
ctrl+c needed several presses and ended in a traceback.  Here the real program runs
against a server that dribbles its answer a byte at a time with a 30 s time-out; one
SIGINT must end it with exit code 130 and one line, no traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import SAMPLES_DIR
from tests.support.rdap_server import RdapTestServer, wait_until


def _command() -> list[str]:
    installed = shutil.which("ses-byoip")
    return [installed] if installed else [sys.executable, "-m", "byoip"]


def _default_sigint() -> None:
    # A shell's background job ignores SIGINT and a child inherits that: undo it, so the
    # program gets ctrl+c exactly as at a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(
    "args",
    [
        ["lookup", "185.54.121.0/24", "--no-reputation", "--timeout", "30"],
        ["lookup", "185.54.121.0/24", "--timeout", "30"],
        ["check", "--online", str(SAMPLES_DIR / "01-ok.toml")],
    ],
    ids=["lookup", "lookup-with-sweep", "check-online"],
)
def test_one_ctrl_c_stops_a_lookup_against_a_dribbling_server(
    rdap_server: RdapTestServer, hermetic: Path, args: list[str]
) -> None:
    rdap_server.fail("*", dribble="headers", trickle=0.05)
    env = {**os.environ, "SES_BYOIP_RDAP_TIMEOUT": "30"}
    process = subprocess.Popen(
        [*_command(), *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )
    try:
        assert wait_until(lambda: rdap_server.dribbled > 0, timeout=20), "no lookup started"
        process.send_signal(signal.SIGINT)
        _stdout, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    text = stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert process.returncode == 130, (process.returncode, text)
    assert text.strip().splitlines()[-1] == "Interrupted.", text
