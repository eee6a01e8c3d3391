"""The routing check in the wizard: its panel, the proof step's ROA, the requirement.

Every test talks to the RIPEstat-shaped server on 127.0.0.1 (``routing_server``)
or to the sample recordings; none reaches the internet (tests/conftest.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from textual.pilot import Pilot

from byoip.config import load_settings
from byoip.request import Request
from byoip.routing import RecordedRoutingFetcher
from byoip.tui.app import ByoipApp
from tests.support.paths import SAMPLES_DIR
from tests.support.routing_server import RoutingTestServer
from tests.support.wizard_support import async_test, make_app, type_text, wait_until

RANGE = "45.137.21.0/24"  # the test server's case: the ROA lacks AS14618
ROA_HEAD = f"  Prefix      {RANGE}\n  Max length  /24\n  Origin AS:\n"
SETTLED = ("found", "problem", "failed", "off", "no recording")


async def enter_range(pilot: Pilot[Any], cidr: str, region: str = "eu-west-1") -> Any:
    """Fill in the request up to the range (typed key by key); the routing panel, once it
    has settled (an answer, a failure, or off)."""
    wizard = pilot.app.screen
    for name, value in Request(region=region).to_dict().items():
        if value:
            wizard.set_field(name, value)
    wizard.go_to("ip_range")
    await pilot.pause()
    await type_text(pilot, cidr)
    await wait_until(pilot, lambda: bool(wizard.query("#routing-panel")), what="the panels")
    panel = wizard.query_one("#routing-panel")
    await wait_until(pilot, lambda: panel.state in SETTLED, what="the routing answer")
    return panel


def words(panel: Any) -> str:
    """The panel's text with each run of spaces and line breaks as one space."""
    return " ".join(panel.body_text.split())


@async_test
async def test_the_wizard_checks_the_roa_and_the_proof_step_shows_what_to_create(
    routing_server: RoutingTestServer,
) -> None:
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = app.screen
        panel = await enter_range(pilot, RANGE)
        assert panel.state == "problem"
        body = words(panel)
        assert "AS14618 ✖ not in the ROA · Amazon" in body
        assert "AS64500 ✔ valid · origin today" in body and "Origin" in body
        assert "127.0.0.1" in body  # the source it asked, with its data's date
        assert "data of 2026-11-30 16:00:00 UTC" in body
        requirements = wizard.query_one("#requirements-panel").body_text
        assert "ROA authorizes AWS · not met" in requirements
        wizard.go_to("proof")
        await wait_until(pilot, lambda: bool(wizard.query("#proof-roa")), what="the proof step")
        roa = str(wizard.query_one("#proof-roa").render())
        assert ROA_HEAD + "    AS16509  ✔ valid · Amazon" in roa
        assert "    AS14618  ✖ not in the ROA · Amazon\n" in roa
        assert "    AS64500  ✔ valid · origin today\n" in roa
        assert routing_server.count("rpki-validation") == 3
        assert routing_server.count("routing-status") == 1


@async_test
async def test_moving_to_govcloud_checks_again_for_as8987(
    routing_server: RoutingTestServer,
) -> None:
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = app.screen
        panel = await enter_range(pilot, "45.137.20.0/24")
        assert panel.state == "found" and "AS16509 ✔ valid · Amazon" in words(panel)
        wizard.set_field("region", "eu-central-1")  # same partition: nothing asked again
        await pilot.pause(0.3)
        assert routing_server.count("routing-status") == 1
        wizard.set_field("region", "us-gov-west-1")
        await wait_until(
            pilot, lambda: "AS8987" in panel.body_text, what="the GovCloud routing answer"
        )
        assert panel.state == "problem" and "AS16509 ✔" not in words(panel)
        assert any("resource=AS8987" in path for path in routing_server.requests)
        requirements = wizard.query_one("#requirements-panel").body_text
        assert "AS8987" in requirements
        wizard.go_to("proof")
        await wait_until(pilot, lambda: bool(wizard.query("#proof-roa")), what="the proof step")
        roa = str(wizard.query_one("#proof-roa").render())
        assert "Origin AS:\n    AS8987  ✖ not in the ROA · Amazon\n" in roa


@async_test
async def test_a_time_out_is_one_sentence_in_the_panel(
    routing_server: RoutingTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SES_BYOIP_ROUTING_TIMEOUT", "0.3")
    monkeypatch.setenv("SES_BYOIP_ROUTING_RETRIES", "0")
    routing_server.fail("*", hang=True)
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        panel = await enter_range(pilot, RANGE)
        assert panel.state == "failed"
        body = panel.body_text
        assert "Traceback" not in body and "ctrl+r" in body
        assert "[routing]" in body or "timeout" in body.lower()  # names the knob to turn
        requirements = app.screen.query_one("#requirements-panel").body_text
        assert "ROA authorizes AWS · not yet known" in requirements


@async_test
async def test_the_source_s_words_are_shown_literally(routing_server: RoutingTestServer) -> None:
    evil = "[bold red]PWNED[/] \x1b[31mred\x1b[0m \x1b]0;title\x07"
    body = {"status": "error", "status_code": 500, "messages": [["error", evil]], "data": {}}
    routing_server.fail("routing-status", status=200, body=json.dumps(body).encode())
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        panel = await enter_range(pilot, RANGE)
        assert panel.state == "failed"
        assert "[bold red]PWNED[/]" in panel.body_text  # as text, not as markup
        assert "\x1b" not in panel.body_text and "\x07" not in panel.body_text


@async_test
async def test_turned_off_in_the_settings_it_asks_nothing(
    routing_server: RoutingTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SES_BYOIP_ROUTING_ENABLED", "false")
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = app.screen
        panel = await enter_range(pilot, RANGE)
        rdap = wizard.query_one("#rdap-panel")
        await wait_until(pilot, lambda: rdap.state not in ("waiting", "looking up"), what="RDAP")
        assert panel.state == "off" and "[routing] enabled" in panel.body_text
        wizard.set_field("region", "us-gov-west-1")
        await pilot.pause(0.2)
        assert panel.state == "off" and routing_server.count() == 0
        wizard.go_to("proof")
        await wait_until(pilot, lambda: bool(wizard.query("#proof-roa")), what="the proof step")
        roa = str(wizard.query_one("#proof-roa").render())
        assert "AS8987  · not checked yet · Amazon" in roa and "[routing] enabled" in roa


@async_test
async def test_a_recorded_answer_says_it_is_a_recording_and_its_date() -> None:
    app: ByoipApp = make_app(load_settings())
    app.routing_fetcher = RecordedRoutingFetcher(SAMPLES_DIR / "recordings" / "routing")
    async with app.run_test(size=(100, 32)) as pilot:
        panel = await enter_range(pilot, "37.157.248.0/24")
        said = "a recording made on 2026-12-01, not a live answer (data of 2026-11-29 08:00:00 UTC)"
        assert said in words(panel)
        assert "AS14618 ✖ not in the ROA · Amazon" in words(panel)
        assert panel.state == "problem"
        record = app.screen.session.build_record()
        assert record.routing is not None and record.routing["recorded"] == "2026-12-01T03:31:19Z"


@async_test
async def test_a_replay_without_a_recording_for_the_range_is_no_fault() -> None:
    app: ByoipApp = make_app(load_settings())
    app.routing_fetcher = RecordedRoutingFetcher(SAMPLES_DIR / "recordings" / "routing")
    async with app.run_test(size=(100, 32)) as pilot:
        panel = await enter_range(pilot, "45.137.20.0/24")  # no routing recording covers it
        assert panel.state == "no recording"
        assert "No recording covers 45.137.20.0/24" in words(panel)
        assert "ctrl+r" not in panel.body_text  # nothing to retry in a replay
        requirements = app.screen.query_one("#requirements-panel").body_text
        assert "ROA authorizes AWS · not yet known" in requirements
