"""The ``dns_server`` fixture: a real blocklist DNS server on 127.0.0.1 (tests/dns_server.py).

It starts with the five default zones (``byoip.config.DEFAULT_ZONES``) as
working lists with nothing listed, and points ``$SES_BYOIP_RESOLVER`` at
itself, so code that loads settings normally (the CLI, the app) sweeps
against it with no further set-up.  List an address with::

    def test_something(dns_server):
        dns_server.list_address("zen.spamhaus.org", "192.0.2.5", codes=["127.0.0.2"],
                                txt="https://check.spamhaus.org/")
        settings = dns_server.settings()   # Settings pointed at the server, short time-outs

``dns_server.address`` is "127.0.0.1:PORT"; see BlocklistDnsServer for more
(zones that refuse, fail their self-test, SERVFAIL, never answer; ``delay``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from byoip.config import DEFAULT_ZONES, Settings, load_settings
from tests.dns_server import BlocklistDnsServer


class DnsServerFixture(BlocklistDnsServer):
    def settings(self, **overrides: Any) -> Settings:
        """Settings (from the hermetic env) pointed at this server, with test-sized time-outs."""
        values: dict[str, Any] = {
            "resolver": self.address,
            "dns_timeout": 0.3,
            "dns_deadline": 5.0,
            "zones": DEFAULT_ZONES,
        }
        values.update(overrides)
        return load_settings().with_overrides(**values)


@pytest.fixture
def dns_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[DnsServerFixture]:
    server = DnsServerFixture()
    server.start()
    for zone in DEFAULT_ZONES:
        server.add_zone(zone)
    monkeypatch.setenv("SES_BYOIP_RESOLVER", server.address)
    try:
        yield server
    finally:
        server.stop()
