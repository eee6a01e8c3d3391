"""What ``ses-byoip serve`` allows (byoip.serving), and its command line's answers to bad input."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from byoip.serving import (
    host_header_allowed,
    is_loopback,
    origin_allowed,
    session_environment,
    start_lines,
)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.10", False),
        ("trainer-laptop.local", False),
    ],
)
def test_only_loopback_addresses_keep_the_server_on_this_computer(
    host: str, loopback: bool
) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("header", "allowed"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("[::1]:8000", True),
        ("LOCALHOST", True),
        ("rebind.example:8000", False),  # another site's name pointed at 127.0.0.1
        ("192.0.2.10:8000", False),
        ("", False),
        (None, False),
    ],
)
def test_on_loopback_only_loopback_host_names_are_answered(
    header: str | None, allowed: bool
) -> None:
    assert host_header_allowed("127.0.0.1", header) is allowed


def test_opened_to_a_network_any_host_name_is_answered() -> None:
    assert host_header_allowed("0.0.0.0", "trainer-laptop.local:8000")
    assert not host_header_allowed("0.0.0.0", None)


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://127.0.0.1:9999", False),
        ("https://evil.example", False),
        ("null", False),
        ("file://", False),
        (None, True),  # not a browser page: it could send any Origin it liked
    ],
)
def test_only_the_tours_own_page_may_start_a_session(origin: str | None, allowed: bool) -> None:
    assert origin_allowed(origin, "127.0.0.1:8000") is allowed


def test_a_visitors_folders_are_all_inside_their_own_and_secrets_stay_behind(
    tmp_path: Path,
) -> None:
    host = {
        "PATH": "/usr/bin",
        "HOME": "/home/trainer",
        "SES_BYOIP_DQS_KEY": "secret-key",
        "SES_BYOIP_DRAFTS_DIR": "/home/trainer/drafts",
        "SES_BYOIP_CONFIG": "/elsewhere.toml",
        "SES_BYOIP_PRICE_PER_IP": "20",
        "PYTHONPATH": "/site",
    }
    folder = tmp_path / "visitor-1"
    env = session_environment(host, folder, config_path=None, import_root=Path("/code"))
    assert "secret-key" not in env.values()
    assert "SES_BYOIP_CONFIG" not in env  # no config file read: none passed on
    assert env["PATH"] == "/usr/bin" and env["SES_BYOIP_PRICE_PER_IP"] == "20"
    assert env["PYTHONPATH"] == "/code:/site"
    for name in (
        "HOME",
        "TMPDIR",
        "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",
        "XDG_CACHE_HOME",
        "XDG_STATE_HOME",
        "SES_BYOIP_DRAFTS_DIR",
        "SES_BYOIP_CACHE_DIR",
    ):
        assert folder in Path(env[name]).parents, name
    with_config = session_environment(host, folder, config_path=Path("/etc/tour.toml"))
    assert with_config["SES_BYOIP_CONFIG"] == "/etc/tour.toml"


def test_the_start_line_says_where_to_go_and_warns_only_off_loopback() -> None:
    local = start_lines("127.0.0.1", 8000, 8)
    assert local[0] == "Serving the requirements tour (demo data) at http://127.0.0.1:8000/"
    assert not any("Warning" in line for line in local)
    network = start_lines("0.0.0.0", 8000, 8)
    assert network[0].startswith("Warning: listening on 0.0.0.0, so anyone who can reach")
    assert f"http://{socket.gethostname()}:8000/" in network[1]
    assert "[::1]:8000" in start_lines("::1", 8000, 8)[0]


def run_serve(*args: str, tmp: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if tmp is not None:
        env["TMPDIR"] = str(tmp)
    return subprocess.run(
        [sys.executable, "-m", "byoip.tui", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        env=env,
    )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--host", "not a host!"), "--host 'not a host!': not an IP address or host name"),
        (("--port", "70000"), "70000 is not in the range 0<=x<=65535"),
        (("--max-sessions", "0"), "0 is not in the range 1<=x<=1000"),
    ],
)
def test_bad_flags_get_one_sentence_and_exit_2(args: tuple[str, ...], words: str) -> None:
    result = run_serve(*args)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr


def test_a_port_in_use_is_one_sentence_and_leaves_no_folder(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        temp = tmp_path / "temp"
        temp.mkdir()
        result = run_serve("--port", str(port), tmp=temp)
    assert result.returncode == 2, result.stderr
    assert f"Can't listen on 127.0.0.1:{port}" in result.stderr
    assert "pick another --port" in result.stderr and "Traceback" not in result.stderr
    assert not any(temp.iterdir())  # the server's own folder was removed
