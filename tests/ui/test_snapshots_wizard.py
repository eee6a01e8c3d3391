"""Snapshots of every wizard step and of review/export, lookups filled from the local servers.

Fixed terminal size, a fixed clock, no blinking cursor.  Update the baselines
with ``pytest tests/ui/test_snapshots_wizard.py --snapshot-update`` and look at
them (tests/ui/__snapshots__/) before keeping them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import pytest
from textual.pilot import Pilot

from byoip.config import load_settings
from tests.support.wizard_support import (
    GOOD_RANGE,
    USE_CASE,
    make_app,
    no_blink,
    settle,
    type_text,
    wait_for_lookups,
    wait_until,
)

SIZE = (100, 32)

#: What the person has typed before the step is shown, field by field.
FILLED = {
    "account_id": "123456789012",
    "region": "eu-west-1",
    "use_case": USE_CASE,
    "ip_range": GOOD_RANGE,
}


def drive(step: str, *, extra: Callable[[Pilot[Any]], Awaitable[None]] | None = None):
    """A run_before that fills the steps before ``step`` and shows ``step``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        wizard = pilot.app.screen
        await pilot.pause()
        for name, value in FILLED.items():
            if name == step:
                break
            wizard.go_to(name)
            await pilot.pause()
            editor = wizard.editor(name)
            if name == "use_case":
                editor.load_text(value)
            else:
                editor.value = value
            await pilot.pause()
            if name == "ip_range":
                await wait_for_lookups(pilot)
        wizard.go_to(step)
        await settle(pilot)
        if extra is not None:
            await extra(pilot)
        no_blink(pilot.app)
        await settle(pilot)

    return run_before


@pytest.fixture
def servers(rdap_server, dns_server, routing_server, monkeypatch):
    # Generous time-outs: on a busy machine the in-process DNS server must not
    # turn a snapshot into "time-out" zones.
    monkeypatch.setenv("SES_BYOIP_DNS_TIMEOUT", "3")
    # The in-process test server drops UDP queries when 200 arrive at once.
    monkeypatch.setenv("SES_BYOIP_DNS_CONCURRENCY", "16")
    dns_server.list_address("zen.spamhaus.org", "185.54.121.7", codes=["127.0.0.2"])
    dns_server.list_address("bl.spamcop.net", "185.54.121.7", codes=["127.0.0.2"])
    return rdap_server, dns_server


def _app():
    return make_app(load_settings(), offer_resume=False)


def test_step_account_with_an_error(snap_compare) -> None:
    async def typed(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "1234-5678-901")

    assert snap_compare(_app(), terminal_size=SIZE, run_before=drive("account_id", extra=typed))


def test_step_region_with_type_ahead(snap_compare) -> None:
    async def typed(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "eu-")

    assert snap_compare(_app(), terminal_size=SIZE, run_before=drive("region", extra=typed))


def test_step_use_case_with_questions(snap_compare) -> None:
    async def typed(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "Receipts")

    assert snap_compare(_app(), terminal_size=SIZE, run_before=drive("use_case", extra=typed))


def test_step_range_with_lookups(snap_compare, servers) -> None:
    async def typed(pilot: Pilot[Any]) -> None:
        await type_text(pilot, GOOD_RANGE)
        await wait_for_lookups(pilot)

    assert snap_compare(_app(), terminal_size=SIZE, run_before=drive("ip_range", extra=typed))


def test_step_range_at_80x24(snap_compare, servers) -> None:
    async def typed(pilot: Pilot[Any]) -> None:
        await type_text(pilot, GOOD_RANGE)
        await wait_for_lookups(pilot)

    assert snap_compare(_app(), terminal_size=(80, 24), run_before=drive("ip_range", extra=typed))


def test_step_registry_prefilled(snap_compare, servers) -> None:
    assert snap_compare(_app(), terminal_size=SIZE, run_before=drive("registry"))


def test_step_proof(snap_compare, servers) -> None:
    assert snap_compare(_app(), terminal_size=SIZE, run_before=drive("proof"))


def test_step_review(snap_compare, servers) -> None:
    assert snap_compare(_app(), terminal_size=SIZE, run_before=drive("review"))


def test_review_and_export(snap_compare, servers) -> None:
    async def export(pilot: Pilot[Any]) -> None:
        # The record keeps the RDAP and routing servers' URLs; the test servers' ports
        # change from run to run, so the snapshot shows them as PORT.
        wizard = pilot.app.screen
        url = wizard.session.rdap_result.source_url
        port = url.split(":")[2].split("/")[0]
        wizard.session.rdap_result = replace(
            wizard.session.rdap_result, source_url=url.replace(port, "PORT")
        )
        routed = wizard.session.routing_result
        port = routed.source_url.split(":")[2].split("/")[0]
        wizard.session.routing_result = replace(
            routed, source_url=routed.source_url.replace(port, "PORT")
        )
        await pilot.press("ctrl+o")
        await settle(pilot)

    assert snap_compare(_app(), terminal_size=SIZE, run_before=drive("review", extra=export))


def test_help_on_the_range_step(snap_compare) -> None:
    async def help_(pilot: Pilot[Any]) -> None:
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(_app(), terminal_size=SIZE, run_before=drive("ip_range", extra=help_))


async def _show_routing(pilot: Pilot[Any]) -> None:
    """The proof step's ROA section, and the routing panel beside it, scrolled into view."""
    wizard = pilot.app.screen
    await wait_until(pilot, lambda: bool(wizard.query("#proof-roa")), what="the proof step")
    wizard.query(".proof-heading").last().scroll_visible(animate=False, top=True)
    wizard.query_one("#routing-panel").scroll_visible(animate=False, top=True)
    await settle(pilot)


def test_proof_roa_beside_the_routing_panel(snap_compare, servers) -> None:
    assert snap_compare(_app(), terminal_size=SIZE, run_before=drive("proof", extra=_show_routing))


def test_proof_roa_beside_the_routing_panel_at_80x24(snap_compare, servers) -> None:
    assert snap_compare(
        _app(), terminal_size=(80, 24), run_before=drive("proof", extra=_show_routing)
    )
