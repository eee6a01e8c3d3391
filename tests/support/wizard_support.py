"""Helpers for the wizard's Pilot tests: a fixed clock, typing, and bounded waits."""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from byoip.config import Settings
from byoip.screens.wizard import WizardScreen
from byoip.tui.app import ByoipApp

#: The moment every test app lives in (no wall-clock times on screen or in records).
FIXED_NOW = datetime(2026, 8, 3, 9, 30, tzinfo=UTC)

#: A RIPE NCC range registered to an organisation (tests/support/rdap_server.py SAMPLE_RANGES).
GOOD_RANGE = "185.54.121.0/24"
USE_CASE = "Receipts for our SaaS, 2M a month from our own IPs."


def async_test(test: Callable[..., Any]) -> Callable[..., None]:
    """Run an async test in its own event loop (the project has no asyncio pytest plugin)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def fixed_clock() -> datetime:
    return FIXED_NOW


def make_app(settings: Settings, **kwargs: Any) -> ByoipApp:
    kwargs.setdefault("clock", fixed_clock)
    return ByoipApp(settings, **kwargs)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type as a person would: one key per character."""
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 10.0, what: str = ""
) -> None:
    """Let the app run until ``condition()`` holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.05)


async def wait_for_lookups(pilot: Pilot[Any], timeout: float = 10.0) -> None:
    """Wait until the lookup panels have settled (an answer or an error) for the current range."""
    screen = pilot.app.screen

    def settled() -> bool:
        rdap = screen.query_one("#rdap-panel").state
        reputation = screen.query_one("#reputation-panel").state
        routing = screen.query_one("#routing-panel").state
        return (
            rdap not in ("looking up", "waiting")
            and routing not in ("looking up", "waiting")
            and reputation not in ("checking", "waiting")
        )

    await wait_until(pilot, settled, timeout, "the lookups")
    await pilot.app.workers.wait_for_complete()
    # Results mount a table and resize the panels: let layout and scrolling settle.
    for _ in range(3):
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()


def no_blink(app: ByoipApp) -> None:
    """Snapshots: cursors that don't blink (a blinking cursor makes frames differ)."""
    from textual.widgets import Input, TextArea

    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for widget in app.screen.query(TextArea):
        widget.cursor_blink = False


async def settle(pilot: Pilot[Any]) -> None:
    """Let deferred work finish: the footer and panels mount just after the first frame."""
    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, WizardScreen):
        await wait_until(
            pilot,
            lambda: bool(screen.query("FooterKey")) and screen.panels is not None,
            what="the footer and the panels",
        )
    await asyncio.sleep(0)
    await pilot.pause()


def drafts_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))
