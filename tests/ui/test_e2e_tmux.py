"""End to end: the installed ``ses-byoip`` in tmux, typed at like a person, screen read back.

The app runs as its own process in a private tmux server (its own socket), with
the test's folders and the local RDAP and DNS servers in its environment.
Every wait polls ``capture-pane`` against a deadline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from byoip.config import load_settings
from tests.support.wizard_support import drafts_in

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
SIZE = ("100", "32")


class Terminal:
    """One tmux session running a command; keys in, screen text out."""

    def __init__(self, socket: Path, cwd: Path, env: dict[str, str], command: list[str]) -> None:
        self.socket = socket
        self.env = env
        self._tmux(
            "new-session", "-d", "-s", "app", "-x", SIZE[0], "-y", SIZE[1], "-c", str(cwd), *command
        )

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            [TMUX, "-S", str(self.socket), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return result.stdout

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "app", "-l", text)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "app", *keys)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} did not appear; the screen shows:\n{screen}")
            time.sleep(0.1)

    def alive(self) -> bool:
        return "app" in self._tmux("list-sessions", "-F", "#{session_name}")

    def close(self) -> None:
        self._tmux("kill-server")


@pytest.fixture
def terminal_env(rdap_server, dns_server, tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)  # the hermetic fixture's folders and servers
    env.update(
        {
            "TERM": "xterm-256color",
            "SES_BYOIP_DNS_TIMEOUT": "3",
            "SES_BYOIP_DNS_CONCURRENCY": "16",  # the in-process test server drops floods
            "TMUX": "",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        }
    )
    return env


@pytest.fixture
def terminal(terminal_env, tmp_path: Path) -> Iterator[Terminal]:
    if TMUX is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    command = shutil.which("ses-byoip", path=terminal_env["PATH"])
    assert command, "the ses-byoip command is not installed: pip install -e ."
    term = Terminal(tmp_path / "tmux.sock", tmp_path, terminal_env, [command])
    try:
        yield term
    finally:
        term.close()


def test_a_person_prepares_saves_and_exports_a_request(terminal: Terminal, tmp_path) -> None:
    drafts = load_settings().drafts_dir
    terminal.wait_for("AWS account ID")
    terminal.type("1234-5678-9012")
    terminal.keys("Enter")
    terminal.wait_for("The one SES Region")
    terminal.type("eu-west-1")
    terminal.wait_for("Europe (Ireland)")
    terminal.keys("Enter")
    terminal.wait_for("Describe what you send")
    terminal.type("Receipts for our SaaS, 2M a month from our own IPs.")
    terminal.keys("C-n")
    terminal.wait_for("The IPv4 range you bring")
    terminal.type("185.54.121.0/24")
    terminal.wait_for("256 addresses")
    screen = terminal.wait_for("Example Mail GmbH")  # the registration panel answered
    assert "RIPE NCC" in screen
    terminal.keys("Enter")
    terminal.wait_for("pre-filled from")
    terminal.keys("Enter")  # registry (RIPE NCC, filled in) -> proof
    terminal.wait_for("The message to sign")
    terminal.keys("C-n")
    terminal.wait_for("Review record and email")
    terminal.keys("C-s")
    deadline = time.monotonic() + 10
    # drafts_in skips the autosave (.autosave.toml), which pathlib's glob would match.
    while not drafts_in(drafts) and time.monotonic() < deadline:
        time.sleep(0.1)
    saved = drafts_in(drafts)
    assert len(saved) == 1
    record = tomllib.loads(saved[0].read_text())
    assert record["request"]["account_id"] == "123456789012"
    assert record["request"]["registry"] == "RIPE NCC"

    terminal.keys("Enter")  # the review's button
    terminal.wait_for("Record (TOML)")
    terminal.keys("e")
    # No proof and no routing answer yet: export says so and asks first (issue 18).
    terminal.wait_for("Export a request that is not ready?")
    terminal.keys("y")
    terminal.wait_for("Export the .toml")
    terminal.type("/out")
    terminal.keys("Enter")
    # The file names, not only "Written to": a capture can catch the status half painted.
    screen = terminal.wait_for("ses-byoip-123456789012-185.54.121.0_24.eml")
    assert "Written to" in screen
    names = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert names == [".eml", ".toml", ".txt"]

    terminal.keys("C-q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive()
