"""Start-up and keystroke cost of the wizard, side by side with a bare Textual app.

Run:  python bench/bench_startup.py [--repeat N] [--keys K] [--skip-startup]
                                    [--no-instructions]

1. Start-up: a fresh Python process per run, from just before the process is
   started until the compositor first paints a screen holding the input (for
   the wizard: the wizard screen with its account field, which has the focus;
   the panels' column and the footer are mounted right after that frame) — the wizard
   (``ByoipApp`` with the settings loaded as ``ses-byoip`` loads them, on a person's
   usual start: no config file, no ``SES_BYOIP_`` variable) against a bare Textual app
   showing one ``Input``.  Both run headless, interleaved, N times; medians and
   their ratio are printed (goal: within 1.2x, issue 15).  Twice: with the project's
   bytecode cached, as an installed package has it (pip compiles ``.pyc`` files;
   Textual's own modules are precompiled in both apps), in a ``__pycache__``
   tree inside the benchmark's temporary folder; and compiling the project's
   modules from source on every start (``PYTHONDONTWRITEBYTECODE=1``, as in a
   sandbox that sets it; the bare app loses nothing there, as it has none).  Both
   import the project from a copy of ``byoip/`` without bytecode (``_child_env``).
   Where valgrind is installed, each condition also prints the CPU instructions of
   one start of each app to its first frame, counted by callgrind: the same count
   run after run, where the medians of times move by 0.1x on a shared machine.
2. Keystroke: in one headless app each, K keys typed into the range field
   (backspace + "4" in turn, so the range flips between invalid and valid and
   every key runs the rules, the cost and requirements panels and the lookup
   scheduling) with the registration and reputation panels filled (recorded
   answers, as in demo mode), against K keys typed into a bare ``Input``.
   Figures per key: CPU time of the process for the keys alone (each sent as
   Pilot sends it and waited for until painted, without Pilot's wait on every
   widget of the screen: harness work that grows with the widgets and that no
   person's key causes; see ``_type``), the same through ``Pilot.press``, and wall
   time through Pilot (harness and idle waits included).
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

from instructions import count_instructions, counting_wanted  # noqa: E402  (bench/, beside this file)
from project_copy import project_copy  # noqa: E402

RANGE = "185.54.121.0/24"  # recorded in sample_requests/recordings/rdap/

# The child processes: each prints the wall-clock time at which the screen was first
# painted with its input in it (the compositor wrote the frame), then exits.
FIRST_FRAME_HOOK = """
import os, time
from textual.screen import Screen

_paint = Screen._compositor_refresh

def _first_paint(self):
    _paint(self)
    if not getattr(Screen, "_painted", False) and self.query("#{input_id}"):
        Screen._painted = True
        print(time.time(), flush=True)
        if os.environ.get("BENCH_STOP_AT_FIRST_FRAME"):
            os._exit(0)  # counting instructions: nothing after the frame (no shutdown)
        self.app.exit()

Screen._compositor_refresh = _first_paint
"""

BARE_CHILD = (
    FIRST_FRAME_HOOK.format(input_id="the-input")
    + """
from textual.app import App
from textual.widgets import Input

class Bare(App):
    def compose(self):
        yield Input(placeholder="a.b.c.0/24", id="the-input")

Bare().run(headless=True)
"""
)

WIZARD_CHILD = (
    FIRST_FRAME_HOOK.format(input_id="account_id-input")
    + """
from byoip.config import load_settings
from byoip.tui.app import ByoipApp

ByoipApp(load_settings()).run(headless=True)
"""
)


def _child_env(folder: Path, *, bytecode: bool = False) -> dict[str, str]:
    """The children's environment: a person's usual start, the project from a clean copy.

    No ``SES_BYOIP_`` variable and no config file (the README's start, on built-in
    defaults): the per-user folders, found by platformdirs through the XDG variables on
    Linux, are inside ``folder`` (no autosave to offer, nothing of this machine's read).
    The project is imported from a copy of ``byoip/`` in ``folder`` without any
    ``__pycache__``, so that "from source" compiles every module even where the checkout
    holds bytecode (a test run writes it), and "cached" reads only what its warm-up wrote.
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith("SES_BYOIP_")}
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[variable] = str(folder / variable.lower())
    # The children start in folder, so "" on their path is not the checkout either.
    env["PYTHONPATH"] = str(project_copy(folder))
    if bytecode:  # cached .pyc files, written by the warm-up runs (not into the repository)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    else:  # every start compiles the project's modules from source
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def time_to_first_frame(code: str, env: dict[str, str], folder: Path) -> float:
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"the child app failed:\n{result.stderr}")
    return float(result.stdout.strip().splitlines()[-1]) - start


def instructions_to_first_frame(code: str, env: dict[str, str], folder: Path) -> int:
    """Instructions from the process's start to its first frame (``bench/instructions.py``).

    The process stops at the frame (``os._exit``): Textual's shutdown is not counted.
    """
    stop = {**env, "BENCH_STOP_AT_FIRST_FRAME": "1"}
    return count_instructions([sys.executable, "-c", code], stop, folder)


def bench_startup(
    repeat: int, *, bytecode: bool, count: bool
) -> tuple[list[float], list[float], tuple[int, int] | None]:
    """Seconds to the first frame of each start (bare, wizard), and with ``count`` the
    instructions of one more start of each (bare, wizard), in the same warmed folder."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = _child_env(folder, bytecode=bytecode)
        bare: list[float] = []
        wizard: list[float] = []
        # Warm the file (and bytecode) caches for both.
        time_to_first_frame(BARE_CHILD, env, folder)
        time_to_first_frame(WIZARD_CHILD, env, folder)
        for _ in range(repeat):
            bare.append(time_to_first_frame(BARE_CHILD, env, folder))
            wizard.append(time_to_first_frame(WIZARD_CHILD, env, folder))
        counts = None
        if count:
            counts = (
                instructions_to_first_frame(BARE_CHILD, env, folder),
                instructions_to_first_frame(WIZARD_CHILD, env, folder),
            )
    return bare, wizard, counts


async def _keys_bare(keys: int) -> dict[str, float]:
    from textual.app import App
    from textual.widgets import Input

    class Bare(App[None]):
        def compose(self) -> Any:
            yield Input(RANGE)

    app = Bare()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        return await _type(pilot, keys)


async def _keys_wizard(keys: int, folder: Path) -> dict[str, float]:
    from byoip.config import load_settings
    from byoip.demo import prepare_demo
    from byoip.tui.app import ByoipApp

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
        while (wizard.session.rdap_result is None or wizard.session.sweep_result is None) and (
            time.monotonic() < deadline
        ):
            await pilot.pause(0.05)
        if wizard.session.rdap_result is None or wizard.session.sweep_result is None:
            raise SystemExit("the recorded lookups did not finish")
        await pilot.pause()
        figures = await _type(pilot, keys)
        wizard.lookups.cancel()
    env.cleanup()
    return figures


async def _type(pilot: Any, keys: int) -> dict[str, float]:
    """Seconds per key, by case ("flip", "typed") and measure ("cpu", "pilot cpu", "wall").

    "flip": backspace and "4" in turn at the end of the range, so that every key
    turns the range valid or invalid and the panels fill or empty (the worst case).
    "typed": the range typed from an empty field, key by key, as a person does
    (``typed_rounds(keys)`` times, the field emptied between them, not measured).

    "cpu" is what the keys cost the process: each key sent as Pilot sends it and
    waited for until the process is idle (painted), without Pilot's last step, which
    posts a callback to every widget of the screen and waits for each (70 widgets in
    the wizard, 3 in the bare app: about 9 ms of CPU a key in the wizard, 0.5 ms in
    the bare app, that no key typed by a person causes); one Pilot pause after the
    last key counts whatever the keys left to do.  "pilot cpu" and "wall" are the same
    keys through ``pilot.press``, harness included (the figures printed before).
    """
    app = pilot.app
    flip = ["backspace" if index % 2 == 0 else "4" for index in range(keys)]
    figures: dict[str, float] = {}

    async def clear() -> None:
        await pilot.press("ctrl+a", "ctrl+k")  # empty the field (not measured)
        await pilot.pause()

    async def measure(case: str, sequence: list[str], rounds: int = 1) -> None:
        spent = {"cpu": 0.0, "pilot cpu": 0.0, "wall": 0.0}
        for _ in range(rounds):
            # The keys alone first (any warming-up is counted against them, not for them).
            if case == "typed":
                await clear()
            cpu = time.process_time()
            for key in sequence:
                await app._press_keys([key])  # what pilot.press does before its wait
            await pilot.pause()
            spent["cpu"] += time.process_time() - cpu
            if case == "typed":
                await clear()
            cpu, wall = time.process_time(), time.perf_counter()
            for key in sequence:
                await pilot.press(key)
            spent["pilot cpu"] += time.process_time() - cpu
            spent["wall"] += time.perf_counter() - wall
        for measured, seconds in spent.items():
            figures[f"{case} {measured}"] = seconds / (rounds * len(sequence))

    await pilot.press("end")
    await pilot.pause()
    await measure("flip", flip)
    # The range is 15 keys: typed once, one collection or timer in that short window
    # moved the figure by a whole x (1.9x to 3.6x between runs of the same tree); typed
    # as many times as make about ``keys`` keys, the figure is an average over them.
    await measure("typed", list(RANGE), typed_rounds(keys))
    return figures


def typed_rounds(keys: int) -> int:
    """How many times the range is typed from empty for ``keys`` keys (at least once)."""
    return max(1, keys // len(RANGE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="start-ups of each app")
    parser.add_argument("--keys", type=int, default=60, help="keys typed in each app (0: none)")
    parser.add_argument(
        "--skip-startup", action="store_true", help="measure only the keystroke (faster)"
    )
    parser.add_argument(
        "--no-instructions",
        action="store_true",
        help="skip the instruction counts of the start-up (callgrind: about 2 minutes)",
    )
    args = parser.parse_args()
    if not args.skip_startup:
        bench_all_startups(args.repeat, instructions=not args.no_instructions)
    if args.keys > 0:  # --keys 0: the start-up alone
        bench_keys(args.keys)


def bench_all_startups(repeat: int, *, instructions: bool = True) -> None:
    counting = counting_wanted(instructions)
    print(f"start-up to first frame (median of {repeat}, headless, fresh process each):")
    conditions = (
        ("project bytecode cached (as installed: pip compiles .pyc)", True),
        ("project compiled from source every start (PYTHONDONTWRITEBYTECODE=1)", False),
    )
    for title, bytecode in conditions:
        bare_runs, wizard_runs, counts = bench_startup(repeat, bytecode=bytecode, count=counting)
        bare, wizard = statistics.median(bare_runs), statistics.median(wizard_runs)
        # The fastest runs too: on a shared machine they are the least disturbed ones.
        fastest = min(wizard_runs) / min(bare_runs)
        print(f"  {title}:")
        print(f"    bare Textual app, one Input : {bare * 1000:7.1f} ms")
        print(f"    ses-byoip wizard            : {wizard * 1000:7.1f} ms")
        print(
            f"    ratio wizard / bare         : {wizard / bare:7.2f}x  (goal <= 1.20x;"
            f" fastest runs {fastest:.2f}x)"
        )
        if counts is not None:
            bare_count, wizard_count = counts
            print(
                f"    instructions (callgrind)    : bare {bare_count / 1e6:,.0f}M, wizard "
                f"{wizard_count / 1e6:,.0f}M, ratio {wizard_count / bare_count:.3f}x"
            )


def bench_keys(keys: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bare = asyncio.run(_keys_bare(keys))
        wizard = asyncio.run(_keys_wizard(keys, Path(tmp)))
    rows = (
        (f"range flips valid/invalid on every key ({keys} keys)", "flip"),
        (f"range typed from empty ({len(RANGE)} keys, {typed_rounds(keys)} times)", "typed"),
    )
    print("one keystroke in the range field, panels filled (per key):")
    for title, case in rows:
        print(f"  {title}:")
        for label, measure, goal in (
            ("CPU (the key)", "cpu", " (goal <= 3x)"),
            ("CPU through Pilot.press (its wait on every widget included)", "pilot cpu", ""),
            ("wall (Pilot, incl. its idle waits)", "wall", ""),
        ):
            b, w = bare[f"{case} {measure}"], wizard[f"{case} {measure}"]
            print(
                f"    {label}: bare {b * 1000:6.2f} ms | wizard {w * 1000:6.2f} ms"
                f" | ratio {w / b:5.2f}x{goal}"
            )


if __name__ == "__main__":
    main()
