"""Fixtures for a real RDAP HTTP server on 127.0.0.1.

``rdap_server`` starts ``tests.support.rdap_server.RdapTestServer`` for one test,
serving the recordings in ``sample_requests/recordings/rdap/`` and
``tests/support/data/rdap/`` (see ``SAMPLE_RANGES`` for what each range shows), and
points ``SES_BYOIP_RDAP_URL`` at it, so ``load_settings()`` (and the app)
query it without further setup.  ``rdap_server.base_url`` is its URL;
``rdap_server.fail(query, ...)`` makes it misbehave for one query.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.rdap_server import RdapTestServer


@pytest.fixture
def rdap_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[RdapTestServer]:
    with RdapTestServer() as server:
        monkeypatch.setenv("SES_BYOIP_RDAP_URL", server.base_url)
        yield server
