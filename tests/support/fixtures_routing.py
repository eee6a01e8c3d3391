"""Fixtures for the RIPEstat-shaped routing API on 127.0.0.1.

``routing_server`` starts ``tests.support.routing_server.RoutingTestServer`` for one
test (see ``CASES`` for the ranges it knows) and points ``SES_BYOIP_ROUTING_URL``
at it, so ``load_settings()`` and the app ask it without further setup.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.routing_server import RoutingTestServer


@pytest.fixture
def routing_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[RoutingTestServer]:
    with RoutingTestServer() as server:
        monkeypatch.setenv("SES_BYOIP_ROUTING_URL", server.base_url)
        yield server
