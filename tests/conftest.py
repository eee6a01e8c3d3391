"""Hermetic tests: every test gets its own folders and can reach only 127.0.0.1.

The autouse fixture points every user folder and network knob at something
local, and any attempt to open a connection to a non-loopback address fails
the test at once instead of waiting on the (absent) internet.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.paths import REFERENCE_DIR, REPO_ROOT, SAMPLES_DIR  # noqa: F401 (re-exported)

# Hypothesis profiles: "ci" makes property tests deterministic (same examples on every run,
# no example database), so a red CI run is reproducible and never flaky; "thorough" hunts
# harder locally.  Pick one with HYPOTHESIS_PROFILE; CI (CI=true) uses "ci".
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("thorough", max_examples=5_000, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)

pytest_plugins = [
    "tests.support.fixtures_rdap",
    "tests.support.fixtures_dns",
    "tests.support.fixtures_proof",
    "tests.support.fixtures_routing",
]


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_sendto = socket.socket.sendto


def _is_local(address: object) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    if isinstance(address, tuple) and address:
        host = address[0]
        if host in ("localhost", ""):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return False


def _guard(real):  # type: ignore[no-untyped-def]
    def guarded(self, address, *args):  # type: ignore[no-untyped-def]
        target = args[-1] if real is _real_sendto and args else address
        if not _is_local(target):
            raise ConnectionRefusedError(f"tests may not reach {target!r}: only 127.0.0.1")
        return real(self, address, *args)

    return guarded


@pytest.fixture(autouse=True)
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Own folders, no user config, and every network knob pointed at loopback."""
    home = tmp_path / "home"
    for sub in ("config", "data", "cache", "state"):
        (home / sub).mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    for name in list(__import__("os").environ):
        if name.startswith("SES_BYOIP_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SES_BYOIP_DRAFTS_DIR", str(tmp_path / "drafts"))
    monkeypatch.setenv("SES_BYOIP_CACHE_DIR", str(tmp_path / "cache"))
    # Port 9 (discard) on loopback: nothing listens, so a lookup a test forgot
    # to point at its own server fails at once instead of reaching out.
    monkeypatch.setenv("SES_BYOIP_RDAP_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("SES_BYOIP_RDAP_TIMEOUT", "1")
    monkeypatch.setenv("SES_BYOIP_ROUTING_URL", "http://127.0.0.1:9/data/")
    monkeypatch.setenv("SES_BYOIP_ROUTING_TIMEOUT", "1")
    monkeypatch.setenv("SES_BYOIP_RESOLVER", "127.0.0.1:9")
    monkeypatch.setenv("SES_BYOIP_DNS_TIMEOUT", "0.3")
    monkeypatch.setattr(socket.socket, "connect", _guard(_real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", _guard(_real_connect_ex))
    monkeypatch.setattr(socket.socket, "sendto", _guard(_real_sendto))
    yield tmp_path
