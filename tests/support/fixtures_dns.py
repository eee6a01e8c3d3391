"""The ``dns_server`` fixture: a real blocklist DNS server on 127.0.0.1.

The server lives in tests/support/dns_server.py.

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

The server always answers (unless told not to), so the time-out it is given
(``ANSWER_TIMEOUT``, also ``$SES_BYOIP_DNS_TIMEOUT``) is only a margin for a
busy machine and is never waited for; a test about a zone that never answers
sets a short ``dns_timeout`` itself (0.2 s), so it doesn't wait long either.

Also here, for every test (autouse): c-ares opens its sockets in C, where the
socket guard of tests/conftest.py can't see them, so a real resolver may only
be created for a loopback address; the system's resolver (``resolver=None``)
or any other address fails the test at once instead of querying the network.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any

import pytest

from byoip.config import DEFAULT_ZONES, Settings, load_settings
from byoip.reputation.resolvers import AresResolver, parse_resolver_address
from tests.support.dns_server import BlocklistDnsServer

#: Seconds a query may take before the sweep retries it: generous, because the answer comes
#: from this process's own server thread, which on a loaded 2-core machine (CI, a Textual
#: app drawing in the main thread) can wait a few hundred ms for the CPU and the GIL.
ANSWER_TIMEOUT = 1.0


class DnsServerFixture(BlocklistDnsServer):
    def settings(self, **overrides: Any) -> Settings:
        """Settings (from the hermetic env) pointed at this server, with test-sized time-outs."""
        values: dict[str, Any] = {
            "resolver": self.address,
            "dns_timeout": ANSWER_TIMEOUT,
            "dns_deadline": 20.0,  # a stuck sweep fails the test; a slow one still passes
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
    monkeypatch.setenv("SES_BYOIP_DNS_TIMEOUT", str(ANSWER_TIMEOUT))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def loopback_resolvers_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse a real resolver that isn't on loopback (see the module docstring)."""
    real_init = AresResolver.__init__

    def guarded(self: AresResolver, address: str | None = None, timeout: float = 2.0) -> None:
        host = parse_resolver_address(address)[0] if address else None
        if host is None or not ipaddress.ip_address(host).is_loopback:
            raise ConnectionRefusedError(
                f"tests may not query the {address or 'system'} resolver: only 127.0.0.1"
            )
        real_init(self, address, timeout)

    monkeypatch.setattr(AresResolver, "__init__", guarded)
