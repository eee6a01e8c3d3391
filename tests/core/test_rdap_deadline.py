"""The RDAP deadline covers the whole exchange; cancelling stops it; redirects stay public.

Issue 10: a server that sends its status line, a header or a chunk-size line a byte at a
time reset urllib's per-read time-out with every byte, so a lookup ran far past
``--timeout``; redirects were followed to link-local and metadata addresses.  The server
here really dribbles (``Fault.dribble``); it counts the bytes the client accepted, so the
tests see where the client gave up without timing anything.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from byoip.config import Settings
from byoip.fetching import FetchError
from byoip.rdap import UrllibFetcher, lookup_rdap
from byoip.rdap.addresses import literal_address, redirect_problem, why_not_public
from tests.support.rdap_server import RdapTestServer, wait_until

RANGE = "185.54.121.0/24"
ARIN = "https://rdap.arin.net/registry/ip/185.54.121.0/24"


def settings_for(server: RdapTestServer, tmp_path: Path, timeout: float = 0.3) -> Settings:
    return Settings(
        cache_dir=tmp_path / "cache",
        rdap_base_url=server.base_url,
        rdap_timeout=timeout,
        rdap_retries=0,
    )


@pytest.mark.parametrize("part", ["status", "headers", "chunk"])
def test_a_server_dribbling_byte_by_byte_is_cut_at_the_deadline(
    rdap_server: RdapTestServer, tmp_path: Path, part: str
) -> None:
    # A byte every 0.05 s: each read succeeds well within the 0.3 s time-out, so only a
    # deadline on the whole exchange stops it (the answer takes ~10 s to dribble out).
    rdap_server.fail(RANGE, dribble=part, trickle=0.05)
    result = lookup_rdap(RANGE, settings_for(rdap_server, tmp_path))
    taken = rdap_server.dribbled
    assert [f.code for f in result.findings] == ["rdap.timeout"], result.error
    # ~6 bytes fit in 0.3 s; the status line and headers alone are over 70.
    assert taken < 30, f"the client read {taken} dribbled bytes"


def test_name_resolution_is_inside_the_deadline(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # getaddrinfo can't be interrupted or given a time-out: a resolver that never answers.
    never = threading.Event()
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: never.wait(30))
    settings = Settings(
        cache_dir=tmp_path / "c",
        rdap_base_url="http://slow-dns.example/",
        rdap_timeout=0.2,
        rdap_retries=0,
    )
    try:
        result = lookup_rdap(RANGE, settings)
    finally:
        never.set()
    assert [f.code for f in result.findings] == ["rdap.timeout"], result.error


def test_cancel_stops_a_lookup_in_flight_and_refuses_new_ones(
    rdap_server: RdapTestServer, tmp_path: Path
) -> None:
    rdap_server.fail(RANGE, dribble="headers", trickle=0.05)
    fetcher = UrllibFetcher()
    results = []
    worker = threading.Thread(
        target=lambda: results.append(
            lookup_rdap(RANGE, settings_for(rdap_server, tmp_path, timeout=60), fetcher=fetcher)
        )
    )
    worker.start()
    assert wait_until(lambda: rdap_server.dribbled > 0, timeout=5)
    fetcher.cancel()
    worker.join(timeout=5)
    assert not worker.is_alive(), "the lookup kept running after cancel()"
    assert [f.code for f in results[0].findings] == ["rdap.cancelled"]
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(rdap_server.base_url + "ip/" + RANGE, 5)
    assert caught.value.kind == "cancelled"


HOSTILE_TARGETS = [
    "http://169.254.169.254/latest/meta-data/",
    "https://169.254.169.254/latest/meta-data/",
    "https://[::ffff:169.254.169.254]/",
    "https://[::ffff:a9fe:a9fe]/",
    "https://2852039166/",
    "https://0xa9fea9fe/",
    "https://0251.0376.0251.0376/",
    "https://169.254.43518/",
    "https://[fe80::1]/",
    "https://[fd00::1]/",
    "https://10.0.0.1/",
    "https://192.168.1.1/",
    "https://100.64.0.1/",
    "https://0.0.0.0/",
    "https://[2002:a9fe:a9fe::1]/",
    "http://rdap.db.ripe.net/ip/185.54.121.0/24",
]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_redirects_to_non_public_addresses_are_refused_with_a_sentence(
    rdap_server: RdapTestServer, tmp_path: Path, target: str
) -> None:
    rdap_server.fail(RANGE, status=302, location=target)
    # A generous time-out: the redirect comes at once, and a loaded machine must not turn
    # this into a time-out.
    result = lookup_rdap(RANGE, settings_for(rdap_server, tmp_path, timeout=10))
    assert [f.code for f in result.findings] == ["rdap.redirect_refused"], result.error
    assert "the redirect was not followed" in (result.error or "")
    assert rdap_server.count() == 1  # nothing was asked of the target


@pytest.mark.parametrize("target", ["https://localhost/", "https://127.0.0.1/", "http://[::1]/"])
def test_loopback_is_refused_unless_the_base_url_is_loopback(target: str) -> None:
    assert redirect_problem(ARIN, target) is not None
    assert redirect_problem("http://127.0.0.1:8080/ip/x", target) is None


def test_public_https_redirects_between_registries_are_followed() -> None:
    assert redirect_problem(ARIN, "https://rdap.db.ripe.net/ip/185.54.121.0/24") is None
    assert redirect_problem(ARIN, "https://193.0.6.139/ip/185.54.121.0/24") is None


def test_every_spelling_of_the_metadata_address_is_read_as_it() -> None:
    for spelling in ("169.254.169.254", "2852039166", "0xa9fea9fe", "0251.0376.0251.0376"):
        assert str(literal_address(spelling)) == "169.254.169.254"
    assert literal_address("rdap.arin.net") is None
    mapped = literal_address("::ffff:169.254.169.254")
    assert mapped is not None and "link-local" in (why_not_public(mapped) or "")


def test_a_name_resolving_to_a_private_address_is_refused_at_connect_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # DNS can point a public-looking name at the metadata service: checked after resolving.
    answer = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("169.254.169.254", 443))]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: answer)
    with pytest.raises(FetchError) as caught:
        UrllibFetcher().fetch("https://rdap.evil.example/ip/x", 1, public_only=True)
    assert caught.value.kind == "refused_address"
    assert "169.254.169.254" in caught.value.message and "link-local" in caught.value.message
