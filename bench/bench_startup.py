"""Start-up and keystroke cost of the wizard, side by side with a bare Textual app.

Run:  python bench/bench_startup.py [--repeat N] [--keys K]

1. Start-up: a fresh Python process per run, from just before the process is
   started until the app has displayed its first frame (Textual's ``Ready``
   event; the wizard screen is on it) — the wizard (``ByoipApp`` with the
   settings loaded as ``ses-byoip`` loads them) against a bare Textual app
   showing one ``Input``.  Both run headless, interleaved, N times; medians and
   their ratio are printed (goal: within 1.3x).
2. Keystroke: in one headless app each, K keys typed into the range field
   (backspace + "4" in turn, so the range flips between invalid and valid and
   every key runs the rules, the cost and requirements panels and the lookup
   scheduling) with the registration and reputation panels filled (recorded
   answers, as in demo mode), against K keys typed into a bare ``Input``.
   Figures per key: CPU time of the process (what the key costs, without the
   test harness' idle waits) and wall time through Pilot (harness included).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

RANGE = "185.54.121.0/24"  # recorded in sample_requests/recordings/rdap/

# The child processes: each prints the wall-clock time of its first frame, then exits.
BARE_CHILD = """
import time
from textual.app import App
from textual.widgets import Input

class Bare(App):
    def compose(self):
        yield Input(placeholder="a.b.c.0/24")
    def on_ready(self):
        print(time.time(), flush=True)
        self.exit()

Bare().run(headless=True)
"""

WIZARD_CHILD = """
import time
from byoip.config import load_settings
from tui.app import ByoipApp

class Bench(ByoipApp):
    def on_ready(self):
        assert type(self.screen).__name__ == "WizardScreen", self.screen
        print(time.time(), flush=True)
        self.exit()

Bench(load_settings()).run(headless=True)
"""


def _child_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["SES_BYOIP_DRAFTS_DIR"] = str(folder / "drafts")  # no autosave to offer
    env["SES_BYOIP_CACHE_DIR"] = str(folder / "cache")
    env["PYTHONPATH"] = str(REPO_ROOT)
    return env


def time_to_first_frame(code: str, env: dict[str, str]) -> float:
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"the child app failed:\n{result.stderr}")
    return float(result.stdout.strip().splitlines()[-1]) - start


def bench_startup(repeat: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = _child_env(Path(tmp))
        bare: list[float] = []
        wizard: list[float] = []
        time_to_first_frame(BARE_CHILD, env)  # warm the file cache for both
        time_to_first_frame(WIZARD_CHILD, env)
        for _ in range(repeat):
            bare.append(time_to_first_frame(BARE_CHILD, env))
            wizard.append(time_to_first_frame(WIZARD_CHILD, env))
    return statistics.median(bare), statistics.median(wizard)


async def _keys_bare(keys: int) -> tuple[float, float]:
    from textual.app import App
    from textual.widgets import Input

    class Bare(App[None]):
        def compose(self) -> Any:
            yield Input(RANGE)

    app = Bare()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        return await _type(pilot, keys)


async def _keys_wizard(keys: int, folder: Path) -> tuple[float, float]:
    from byoip.config import load_settings
    from byoip.demo import prepare_demo
    from tui.app import ByoipApp

    settings = load_settings().with_overrides(drafts_dir=folder / "drafts")
    env = prepare_demo(settings, folder=folder / "demo")
    app = ByoipApp(settings, offer_resume=False)
    app.rdap_fetcher, app.dns_resolver = env.rdap_fetcher, env.dns_resolver
    async with app.run_test(size=(100, 32)) as pilot:
        wizard: Any = app.screen
        wizard.go_to("ip_range")
        await pilot.pause()
        wizard.editor("ip_range").value = RANGE
        deadline = time.monotonic() + 30
        while (wizard.rdap_result is None or wizard.sweep_result is None) and (
            time.monotonic() < deadline
        ):
            await pilot.pause(0.05)
        if wizard.rdap_result is None or wizard.sweep_result is None:
            raise SystemExit("the recorded lookups did not finish")
        await pilot.pause()
        figures = await _type(pilot, keys)
        wizard.cancel_lookups()
    env.cleanup()
    return figures


async def _type(pilot: Any, keys: int) -> tuple[float, float]:
    """(CPU seconds per key, wall seconds per key) for ``keys`` keys at the end of the field."""
    await pilot.press("end")
    cpu, wall = time.process_time(), time.perf_counter()
    for index in range(keys):
        await pilot.press("backspace" if index % 2 == 0 else "4")
    return (time.process_time() - cpu) / keys, (time.perf_counter() - wall) / keys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="start-ups of each app")
    parser.add_argument("--keys", type=int, default=60, help="keys typed in each app")
    args = parser.parse_args()

    bare, wizard = bench_startup(args.repeat)
    print(f"start-up to first frame (median of {args.repeat}, headless, fresh process each):")
    print(f"  bare Textual app, one Input : {bare * 1000:7.1f} ms")
    print(f"  ses-byoip wizard            : {wizard * 1000:7.1f} ms")
    print(f"  ratio wizard / bare         : {wizard / bare:7.2f}x  (goal <= 1.30x)")

    with tempfile.TemporaryDirectory() as tmp:
        bare_cpu, bare_wall = asyncio.run(_keys_bare(args.keys))
        wiz_cpu, wiz_wall = asyncio.run(_keys_wizard(args.keys, Path(tmp)))
    print(f"one keystroke in the range field ({args.keys} keys, panels filled):")
    print(
        f"  CPU per key : bare Input {bare_cpu * 1000:6.2f} ms | wizard {wiz_cpu * 1000:6.2f} ms"
        f" | ratio {wiz_cpu / bare_cpu:5.2f}x"
    )
    print(
        f"  wall per key (Pilot, incl. its idle waits): bare {bare_wall * 1000:6.1f} ms"
        f" | wizard {wiz_wall * 1000:6.1f} ms | ratio {wiz_wall / bare_wall:5.2f}x"
    )


if __name__ == "__main__":
    main()
