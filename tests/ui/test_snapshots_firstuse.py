"""Snapshots for what a first-time user trips over (issue 18).

The review with unmet and unknown requirements at its top, the proof step at
120×36 (its buttons inside the middle column), and the reputation panel when
every blocklist fails its self-test (the resolver is blamed once).  Fixed
size, fixed clock, no blinking cursor; update with ``--snapshot-update`` and
look at the SVGs before keeping them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.support.wizard_support import GOOD_RANGE, settle, type_text, wait_for_lookups
from tests.ui.test_snapshots_wizard import _app, drive, servers  # noqa: F401 (a fixture)

WIDE = (120, 36)


def test_review_lists_unmet_and_unknown_first(snap_compare, servers) -> None:  # noqa: F811
    # A listed address (clean history not met), no proof and no routing answer (not known).
    assert snap_compare(_app(), terminal_size=WIDE, run_before=drive("review"))


def test_proof_step_at_120x36(snap_compare, servers) -> None:  # noqa: F811
    assert snap_compare(_app(), terminal_size=WIDE, run_before=drive("proof"))


@pytest.fixture
def resolver_nxdomain(rdap_server, dns_server, monkeypatch):
    """A resolver that answers NXDOMAIN for every name: every list fails its self-test."""
    monkeypatch.setenv("SES_BYOIP_DNS_TIMEOUT", "3")
    dns_server.zones.clear()
    return dns_server


def test_reputation_panel_when_every_list_fails_its_self_test(
    snap_compare, resolver_nxdomain
) -> None:
    async def typed(pilot: Pilot[Any]) -> None:
        await type_text(pilot, GOOD_RANGE)
        await wait_for_lookups(pilot)
        # The test server's port changes from run to run: the snapshot shows PORT.
        wizard = pilot.app.screen
        port = str(resolver_nxdomain.port)
        result = wizard.session.sweep_result
        assert result is not None and result.resolver_blame is not None
        wizard.session.sweep_result = replace(
            result, resolver=result.resolver.replace(port, "PORT")
        )
        wizard.panels.show_sweep(wizard.session.sweep_result)
        wizard.refresh_requirements(now=True)
        wizard.query_one("#panels").scroll_to_widget(
            wizard.panels.reputation, animate=False, top=True
        )
        await settle(pilot)

    assert snap_compare(_app(), terminal_size=WIDE, run_before=drive("ip_range", extra=typed))
