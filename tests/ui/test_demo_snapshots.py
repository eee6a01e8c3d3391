"""Snapshots of the demo tour (fixed size; the pages hold no clock or path)."""

from __future__ import annotations

from typing import Any

from byoip.config import load_settings
from byoip.screens.demo import DemoScreen
from byoip.tui.app import ByoipApp
from tests.support.drafts_support import FIXED_NOW, wait_until

SIZE = (120, 34)


def demo_app() -> ByoipApp:
    return ByoipApp(load_settings(), start="demo", clock=lambda: FIXED_NOW, offer_resume=False)


async def _ready(pilot: Any) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DemoScreen))
    screen = pilot.app.screen
    await wait_until(pilot, lambda: bool(screen.verdicts), what="the samples' verdicts")
    await pilot.pause()


def test_demo_tour_first_page(snap_compare: Any) -> None:
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=_ready)


def test_demo_tour_prefix_page(snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _ready(pilot)
        await pilot.press("n", "n", "n", "n")  # page 5: /24 or larger
        await pilot.pause()

    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before)


def test_demo_tour_page_without_sample(snap_compare: Any) -> None:
    async def run_before(pilot: Any) -> None:
        await _ready(pilot)
        await pilot.press("end")
        await pilot.pause()

    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=run_before)
