"""The on-disk cache: answers reused for the TTL, --refresh asks again, damage is harmless."""

from __future__ import annotations

import json
from pathlib import Path

from byoip.config import Settings
from byoip.rdap import lookup_rdap, query_url
from byoip.rdap.cache import CachedAnswer, RdapCache
from tests.support.rdap_server import RdapTestServer

RANGE = "185.54.121.0/24"


def make_settings(server: RdapTestServer, tmp_path: Path, ttl: float = 3600.0) -> Settings:
    return Settings(
        cache_dir=tmp_path / "cache",
        rdap_base_url=server.base_url,
        rdap_timeout=0.3,
        rdap_retries=0,
        rdap_cache_ttl=ttl,
    )


def test_second_lookup_comes_from_the_cache(rdap_server: RdapTestServer, tmp_path: Path) -> None:
    settings = make_settings(rdap_server, tmp_path)
    first = lookup_rdap(RANGE, settings)
    second = lookup_rdap(RANGE, settings)
    assert rdap_server.count(RANGE) == 1
    assert not first.from_cache and first.requests == 1
    assert second.from_cache and second.requests == 0
    assert second.to_json() == first.to_json()
    assert second.checked_at == first.checked_at  # the time of the answer, not of the read


def test_cached_answer_survives_the_server_going_away(
    rdap_server: RdapTestServer, tmp_path: Path
) -> None:
    settings = make_settings(rdap_server, tmp_path)
    lookup_rdap(RANGE, settings)
    rdap_server.fail("*", status=500)
    assert lookup_rdap(RANGE, settings).status == "ok"


def test_refresh_asks_again(rdap_server: RdapTestServer, tmp_path: Path) -> None:
    settings = make_settings(rdap_server, tmp_path)
    lookup_rdap(RANGE, settings)
    result = lookup_rdap(RANGE, settings, refresh=True)
    assert rdap_server.count(RANGE) == 2 and not result.from_cache


def test_expired_answers_are_not_used(rdap_server: RdapTestServer, tmp_path: Path) -> None:
    settings = make_settings(rdap_server, tmp_path, ttl=0)
    lookup_rdap(RANGE, settings)
    lookup_rdap(RANGE, settings)
    assert rdap_server.count(RANGE) == 2


def test_ttl_is_measured_from_the_answer(tmp_path: Path) -> None:
    cache = RdapCache(tmp_path, ttl=60)
    cache.put("http://x/ip/1.2.3.0/24", CachedAnswer({"a": 1}, "http://x/ip/1.2.3.0/24", 1000.0))
    assert cache.get("http://x/ip/1.2.3.0/24", now=1059.0) is not None
    assert cache.get("http://x/ip/1.2.3.0/24", now=1061.0) is None
    assert cache.get("http://x/ip/1.2.3.0/24", now=900.0) is None  # clock went back


def test_errors_are_not_cached(rdap_server: RdapTestServer, tmp_path: Path) -> None:
    settings = make_settings(rdap_server, tmp_path)
    rdap_server.fail(RANGE, status=500, times=1)
    assert lookup_rdap(RANGE, settings).status == "error"
    assert lookup_rdap(RANGE, settings).status == "ok"


def test_a_damaged_cache_file_is_ignored_and_replaced(
    rdap_server: RdapTestServer, tmp_path: Path
) -> None:
    import ipaddress

    settings = make_settings(rdap_server, tmp_path)
    cache = RdapCache(settings.cache_dir, settings.rdap_cache_ttl)
    path = cache.path_for(query_url(rdap_server.base_url, ipaddress.IPv4Network(RANGE)))
    for damage in (b"{half a file", b"[]", b'{"version": 1, "query": 3}', b"\x00\xff"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(damage)
        result = lookup_rdap(RANGE, settings)
        assert result.status == "ok" and result.requests == 1
        assert json.loads(path.read_text())["document"]["name"] == "EXAMPLEMAIL-OUTBOUND"


def test_an_unwritable_cache_folder_does_not_fail_the_lookup(
    rdap_server: RdapTestServer, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    settings = make_settings(rdap_server, tmp_path).with_overrides(cache_dir=blocker)
    assert lookup_rdap(RANGE, settings).status == "ok"


def test_recorded_answers_never_enter_the_cache(tmp_path: Path) -> None:
    from byoip.rdap import RecordedFetcher
    from tests.support.rdap_server import SAMPLE_RECORDINGS

    settings = Settings(cache_dir=tmp_path / "cache")
    result = lookup_rdap(RANGE, settings, fetcher=RecordedFetcher(SAMPLE_RECORDINGS))
    assert result.status == "ok"
    assert not (tmp_path / "cache").exists()


def test_an_answer_that_does_not_parse_is_not_cached(
    rdap_server: RdapTestServer, tmp_path: Path
) -> None:
    settings = make_settings(rdap_server, tmp_path)
    rdap_server.fail(RANGE, status=200, body=b'{"objectClassName": "entity"}', times=1)
    assert lookup_rdap(RANGE, settings).findings[0].code == "rdap.malformed"
    assert lookup_rdap(RANGE, settings).status == "ok"
    assert rdap_server.count(RANGE) == 2
