"""Regenerate the README's screenshots from the app itself.

Run:  python scripts/screenshots.py        (writes docs/screenshots/*.svg)

Each picture is the real app, run headless at a fixed size with Pilot and saved
with ``App.export_screenshot``: the wizard on a sample request (registration and
reputation replayed from the recordings in sample_requests/recordings/ through
the real lookup code), the drafts table on copies of the sample requests, and
the first page of the demo tour.  The output is deterministic: a fixed clock,
relative folder names, recorded lookups, and the lookups' own timestamps pinned
to the same fixed moment, so re-running it changes the files only when the app's
look changes.  Nothing outside a temporary folder is written except the SVGs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

OUT_DIR = REPO_ROOT / "docs" / "screenshots"
SAMPLES = REPO_ROOT / "sample_requests"
SIZE = (120, 36)
FIXED_NOW = datetime(2026, 11, 20, 15, 45, tzinfo=UTC)
#: The sample the wizard picture shows: passes the offline rules and the recorded lookup.
WIZARD_SAMPLE = "23-rdap-ok-with-certificate.toml"


class _FixedDateTime(datetime):
    """``datetime`` whose ``now()`` is FIXED_NOW (the sweep stamps its result with it)."""

    @classmethod
    def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
        return FIXED_NOW if tz is None else FIXED_NOW.astimezone(tz)


@contextlib.contextmanager
def pinned_clock() -> Iterator[None]:
    """Lookups stamp their results with the time they ran: pin it for stable pictures."""
    # (The wizard already stamps registration results with the app's clock.)
    with mock.patch("byoip.reputation.datetime", _FixedDateTime):
        yield


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """A temporary working folder; paths on screen are relative to it ("drafts")."""
    previous = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="ses-byoip-shots-") as tmp:
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(previous)


def settings(drafts: Path) -> Any:
    from byoip.config import Settings

    # Built-in defaults only: no config file or environment of the person running this.
    return Settings(drafts_dir=drafts, cache_dir=Path("cache"))


async def wait_until(pilot: Any, condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"screenshots: timed out waiting for {what}")
        await pilot.pause(0.05)


def shoot(app: Any, prepare: Callable[[Any], Awaitable[None]], title: str) -> str:
    """Run ``app`` headless, let ``prepare(pilot)`` set the scene, return the SVG."""

    async def run() -> str:
        async with app.run_test(size=SIZE) as pilot:
            await prepare(pilot)
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            return app.export_screenshot(title=title)

    return asyncio.run(run())


def no_blink(app: Any) -> None:
    from textual.widgets import Input, TextArea

    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for widget in app.screen.query(TextArea):
        widget.cursor_blink = False


# --------------------------------------------------------------------------- the pictures


def wizard_svg() -> str:
    from byoip.demo import recorded_fetcher, recorded_resolver
    from byoip.record import load_record
    from byoip.screens.wizard import WizardScreen
    from byoip.tui.app import ByoipApp

    with scratch_folder() as tmp:
        app = ByoipApp(settings(Path("drafts")), clock=lambda: FIXED_NOW, offer_resume=False)
        app.rdap_fetcher = recorded_fetcher()
        app.dns_resolver = recorded_resolver(tmp)
        record = load_record(SAMPLES / WIZARD_SAMPLE)

        async def prepare(pilot: Any) -> None:
            await pilot.pause()
            app.open_wizard(record=record)
            await wait_until(
                pilot,
                lambda: (
                    isinstance(app.screen, WizardScreen)
                    and app.screen.session.record is record
                    and bool(app.screen.query("#step-switcher"))
                ),
                "the wizard",
            )
            await pilot.pause()
            wizard = app.screen
            wizard.go_to("ip_range")
            await wait_until(
                pilot,
                lambda: (
                    wizard.session.rdap_result is not None
                    and wizard.session.sweep_result is not None
                ),
                "the lookups",
            )
            await app.workers.wait_for_complete()
            await pilot.pause()
            no_blink(app)

        return shoot(app, prepare, "ses-byoip · wizard")


def drafts_svg() -> str:
    from byoip.tui.app import ByoipApp

    with scratch_folder():
        drafts = Path("drafts")
        drafts.mkdir()
        for path in sorted(SAMPLES.glob("*.toml")):
            shutil.copy(path, drafts / path.name)
        for name, prefix in (("sixth-range-one-region", "six-"), ("one-range-two-regions", "two-")):
            for path in sorted((SAMPLES / name).glob("*.toml")):
                shutil.copy(path, drafts / f"{prefix}{path.name}")
        # One damaged file, as a reviewer will meet them: listed, with its reason.
        (drafts / "notes-from-bob.toml").write_text("ip_range = 185.54.121.0/24\n")
        app = ByoipApp(settings(drafts), start="drafts", clock=lambda: FIXED_NOW)

        async def prepare(pilot: Any) -> None:
            from byoip.screens.drafts import DraftsScreen

            await wait_until(
                pilot,
                lambda: isinstance(app.screen, DraftsScreen) and app.screen.review_set is not None,
                "the drafts table",
            )
            await pilot.press("4", "4")  # most errors first
            screen = app.screen
            damaged = [row.name for row in screen.shown].index("notes-from-bob")
            screen.query_one("#drafts-table").move_cursor(row=damaged)  # its reason, below
            no_blink(app)

        return shoot(app, prepare, "ses-byoip drafts")


def demo_svg() -> str:
    from byoip.tui.app import ByoipApp

    with scratch_folder():
        app = ByoipApp(settings(Path("drafts")), start="demo", clock=lambda: FIXED_NOW)

        async def prepare(pilot: Any) -> None:
            from byoip.screens.demo import DemoScreen

            await wait_until(pilot, lambda: isinstance(app.screen, DemoScreen), "the tour")
            await wait_until(pilot, lambda: bool(app.screen.verdicts), "the samples' verdicts")
            await pilot.press("n")  # "registered to a business": a recorded RDAP answer
            no_blink(app)

        return shoot(app, prepare, "ses-byoip demo")


PICTURES: dict[str, Callable[[], str]] = {
    "wizard": wizard_svg,
    "drafts": drafts_svg,
    "demo": demo_svg,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"some of {', '.join(PICTURES)} (default: all)")
    args = parser.parse_args()
    unknown = sorted(set(args.names) - set(PICTURES))
    if unknown:
        parser.error(f"no picture named {unknown[0]!r}; choose from {', '.join(PICTURES)}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with pinned_clock():
        for name in args.names or PICTURES:
            target = OUT_DIR / f"{name}.svg"
            target.write_text(PICTURES[name](), encoding="utf-8")
            print(f"wrote {target.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
