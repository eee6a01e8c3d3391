"""Lookups in the wizard: workers, debouncing, cancelling; failures never stop the app."""

from __future__ import annotations

from textual.worker import WorkerState

from byoip.config import load_settings
from byoip.screens.wizard_lookups import REPUTATION_GROUP
from tests.support.wizard_support import (
    GOOD_RANGE,
    async_test,
    make_app,
    type_text,
    wait_for_lookups,
    wait_until,
)


async def _to_range_step(pilot) -> object:
    wizard = pilot.app.screen
    wizard.go_to("ip_range")
    await pilot.pause()
    return wizard


@async_test
async def test_unreachable_servers_leave_the_app_usable() -> None:
    # The hermetic settings point RDAP and DNS at 127.0.0.1:9, where nothing listens.
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = await _to_range_step(pilot)
        await type_text(pilot, GOOD_RANGE)
        await wait_for_lookups(pilot)
        rdap = wizard.query_one("#rdap-panel")
        assert rdap.state == "failed"
        assert "127.0.0.1:9" in rdap.body_text and "ctrl+r" in rdap.body_text
        assert wizard.query_one("#reputation-panel").state == "incomplete"
        # Still usable: keys work, the step moves on, a retry runs again.
        await pilot.press("enter")
        assert wizard.step == "registry"
        await pilot.press("ctrl+r")
        await wait_for_lookups(pilot)
        assert app.is_running


@async_test
async def test_a_lookup_that_raises_reaches_the_one_error_handler(monkeypatch) -> None:
    import byoip.rdap

    def broken(*_args, **_kwargs):
        raise OSError("the disk cache is unreadable")

    monkeypatch.setattr(byoip.rdap, "lookup_rdap", broken)
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = await _to_range_step(pilot)
        await type_text(pilot, GOOD_RANGE)
        await wait_until(pilot, lambda: wizard.query_one("#rdap-panel").state == "failed")
        assert "the disk cache is unreadable" in wizard.query_one("#rdap-panel").body_text
        await type_text(pilot, "x")  # the app still takes keys
        assert wizard.session.request.ip_range == GOOD_RANGE + "x"
        assert app.is_running


@async_test
async def test_changing_the_range_cancels_the_running_sweep(dns_server) -> None:
    dns_server.delay = 0.2  # every answer is slow, so the sweep is still running
    app = make_app(load_settings().with_overrides(dns_timeout=1.0))
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = await _to_range_step(pilot)
        await type_text(pilot, GOOD_RANGE)

        def running_sweeps():
            return [
                w
                for w in app.workers
                if w.group == REPUTATION_GROUP and w.state is WorkerState.RUNNING
            ]

        await wait_until(pilot, lambda: bool(running_sweeps()), what="the sweep to start")
        first = running_sweeps()[0]
        # The worker announces itself by a message: the panel follows within a frame or two.
        panel = wizard.query_one("#reputation-panel")
        await wait_until(pilot, lambda: panel.state == "checking", what="the panel to say so")
        await pilot.press("backspace")  # the range changes: 185.54.121.0/2
        await wait_until(pilot, lambda: first.state is WorkerState.CANCELLED)
        assert wizard.session.lookup_cidr is None  # "/2" is not a valid range: nothing new starts
        assert wizard.query_one("#reputation-panel").state == "waiting"
        assert wizard.session.sweep_result is None


@async_test
async def test_lookups_are_debounced_while_typing(rdap_server, dns_server) -> None:
    app = make_app(load_settings())
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = await _to_range_step(pilot)
        await type_text(pilot, GOOD_RANGE)
        # Changed twice within the debounce time: the first schedule is dropped.
        await pilot.press("backspace", "4")
        await wait_for_lookups(pilot)
        assert rdap_server.count() == 1
        assert (
            wizard.session.rdap_result is not None and wizard.session.rdap_result.cidr == GOOD_RANGE
        )
        assert (
            wizard.session.sweep_result is not None
            and wizard.session.sweep_result.cidr == GOOD_RANGE
        )


@async_test
async def test_large_range_sweep_waits_for_a_yes(rdap_server, dns_server) -> None:
    # One zone keeps the sweep of 1,024 addresses short.
    settings = load_settings().with_overrides(sweep_confirm_above=256, zones=("zen.spamhaus.org",))
    app = make_app(settings)
    async with app.run_test(size=(100, 32)) as pilot:
        wizard = await _to_range_step(pilot)
        await type_text(pilot, "199.188.0.0/22")
        await wait_until(pilot, lambda: wizard.session.rdap_result is not None)
        panel = wizard.query_one("#reputation-panel")
        assert panel.state == "waiting" and "ctrl+r" in panel.body_text
        assert "1,024 addresses" in panel.body_text
        await pilot.press("ctrl+r")
        await wait_for_lookups(pilot)
        assert (
            wizard.session.sweep_result is not None
            and wizard.session.sweep_result.addresses == 1024
        )


@async_test
async def test_quitting_during_a_dribbling_lookup_stops_its_worker(rdap_server) -> None:
    # Issue 10: the lookup's thread kept reading a byte at a time after the app quit, and
    # Python waits for such threads before the process can exit.
    rdap_server.fail("*", dribble="headers", trickle=0.05)
    settings = load_settings().with_overrides(rdap_timeout=60.0, rdap_retries=0)
    app = make_app(settings)
    async with app.run_test(size=(100, 32)) as pilot:
        await _to_range_step(pilot)
        await type_text(pilot, GOOD_RANGE)
        await wait_until(pilot, lambda: rdap_server.dribbled > 0, what="the dribbled answer")
        await pilot.press("ctrl+q")
    # The app is gone; its lookup must hang up now, not when the 60 s time-out ends.
    assert rdap_server.client_left.wait(5), "the lookup outlived the app"
