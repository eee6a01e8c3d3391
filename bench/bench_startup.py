"""Start-up and keystroke cost of the wizard, side by side with a bare Textual app.

Run:  python bench/bench_startup.py [--repeat N] [--keys K] [--skip-startup]
                                    [--no-instructions]

1. Start-up: a fresh Python process per run, from just before the process is
   started until the compositor first paints a frame with the input drawn in it (for
   the wizard: the wizard screen with its account field, which has the focus;
   the panels' column and the footer are mounted right after that frame) — the wizard
   (``ByoipApp`` with the settings loaded as ``ses-byoip`` loads them, on a person's
   usual start: no config file, no ``SES_BYOIP_`` variable) against a bare Textual app
   showing one ``Input``; and the floor: the wizard's first frame drawn with the
   project's own widgets and stylesheet by a screen with none of the wizard's logic
   (checked to draw the very same frame, ``check_floor``), which is what any design
   that draws this frame pays.  All run headless, interleaved, N times; the median
   wall and CPU times and their ratios to the bare app are printed (goal: the wizard
   within 1.2x, issue 15).  Twice: with the project's
   bytecode cached, as an installed package has it (pip compiles ``.pyc`` files;
   Textual's own modules are precompiled in both apps), in a ``__pycache__``
   tree inside the benchmark's temporary folder; and compiling the project's
   modules from source on every start (``PYTHONDONTWRITEBYTECODE=1``, as in a
   sandbox that sets it; the bare app loses nothing there, as it has none).  All
   import the project from a copy of ``byoip/`` without bytecode (``_child_env``).
   Each child stops at its first frame, so the CPU time is the start's alone.
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
import resource
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
# painted with its input drawn (the compositor wrote the frame), then exits at once.
FIRST_FRAME_HOOK = """
import os, time
from textual.screen import Screen

_paint = Screen._compositor_refresh

def _first_paint(self):
    _paint(self)
    # The input drawn in this frame (in the compositor's visible map), not just mounted: a
    # frame can be written while a freshly mounted widget awaits its layout.
    visible = self._compositor.visible_widgets
    if not getattr(Screen, "_painted", False) and any(w.id == "{input_id}" for w in visible):
        Screen._painted = True
        print(time.time(), flush=True)
        if os.environ.get("BENCH_FRAME_FILE"):  # the frame as drawn, to compare two apps'
            with open(os.environ["BENCH_FRAME_FILE"], "w", encoding="utf-8") as frame:
                frame.write(self.app.export_screenshot(title="first frame"))
        os._exit(0)  # nothing after the frame is timed or counted (no shutdown)

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


# The floor: the wizard's first frame (title, step list, the account step with its hint,
# the field focused), drawn with the project's own widgets and stylesheet by a screen that
# holds none of the wizard's logic (no session, rules, lookups, panels or app actions).
# Whatever design draws this frame pays at least this much; ``check_floor`` makes sure it
# draws the very frame the wizard draws.
FLOOR_CHILD = (
    FIRST_FRAME_HOOK.format(input_id="account_id-input")
    + """
from pathlib import Path
from rich.text import Text
from textual.app import App
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Static
import byoip.tui
from byoip.tui.widgets import FieldRow, StepList
from byoip.tui.widgets.clean_input import CleanInput

STEPS = (("account_id", "Account"), ("region", "Region"), ("use_case", "Use case"),
         ("ip_range", "IP range"), ("registry", "Registry"), ("proof", "Proof"),
         ("review", "Review"))
LABEL = "AWS account ID"
INTRO = ("The 12-digit ID of the AWS account that will send from the range "
         "(the console shows it as 1234-5678-9012).")

class WizardScreen(Screen):  # the wizard's name: app.tcss lays it out by that name
    def compose(self):
        yield Static(Text("ses-byoip — bring your own IP range to Amazon SES"),
                     id="title-bar", markup=False)
        with Vertical(id="steps-column"):
            yield StepList(STEPS, id="step-list")
        head = Content.assemble("\\n", (LABEL, "bold $text-accent"), "\\n", INTRO, "\\n",
                                "\\n ", (LABEL, "$foreground"))
        editor = CleanInput(placeholder="123456789012", id="account_id-input",
                            select_on_focus=False, validate_on=(), max_length=32)
        with ContentSwitcher(initial="step-account_id", id="step-switcher"):
            yield Vertical(Static(head, classes="step-head"),
                           FieldRow(None, editor, field="account_id", id="account_id-row"),
                           id="step-account_id", classes="step")

    def on_mount(self):
        self.query_one(FieldRow).show_findings((), hint="12 digits; dashes and spaces are fine.")
        self.query_one(StepList).set_current("account_id")
        self.query_one(CleanInput).focus()

class FloorApp(App):
    TITLE = "ses-byoip"
    CSS_PATH = str(Path(byoip.tui.__file__).with_name("app.tcss"))

    def get_default_screen(self):
        return WizardScreen()

FloorApp().run(headless=True)
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


def time_to_first_frame(code: str, env: dict[str, str], folder: Path) -> tuple[float, float]:
    """Wall seconds from just before the process is started to its first frame, and the
    CPU seconds (user and system) the process spent up to it: it stops at the frame, so
    Textual's shutdown is in neither.  CPU time is not the time others' processes on a
    shared machine take from this one, which the wall clock counts."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"the child app failed:\n{result.stderr}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return float(result.stdout.strip().splitlines()[-1]) - start, cpu


def instructions_to_first_frame(code: str, env: dict[str, str], folder: Path) -> int:
    """Instructions from the process's start to its first frame (``bench/instructions.py``).

    The process stops at the frame (``os._exit``): Textual's shutdown is not counted.
    """
    return count_instructions([sys.executable, "-c", code], env, folder)


#: The children timed side by side, in this order within each round.
CHILDREN = {"bare": BARE_CHILD, "wizard": WIZARD_CHILD, "floor": FLOOR_CHILD}


def bench_startup(
    repeat: int, *, bytecode: bool, count: bool
) -> tuple[dict[str, list[tuple[float, float]]], dict[str, int] | None]:
    """Seconds (wall, CPU) to the first frame of each start of each child (``CHILDREN``),
    and with ``count`` the instructions of one more start of each, in the same warmed
    folder."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = _child_env(folder, bytecode=bytecode)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in CHILDREN}
        # Warm the file (and bytecode) caches for each.
        for code in CHILDREN.values():
            time_to_first_frame(code, env, folder)
        for _ in range(repeat):
            for name, code in CHILDREN.items():
                runs[name].append(time_to_first_frame(code, env, folder))
        counts = None
        if count:
            counts = {
                name: instructions_to_first_frame(code, env, folder)
                for name, code in CHILDREN.items()
            }
    return runs, counts


def check_floor() -> None:
    """Stop unless the floor's first frame is the wizard's, character for character and
    colour for colour (both exported as SVG at the moment they are timed)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        frames = []
        for code in (WIZARD_CHILD, FLOOR_CHILD):
            frame = folder / f"frame-{len(frames)}.svg"
            env = {**_child_env(folder), "BENCH_FRAME_FILE": str(frame)}
            time_to_first_frame(code, env, folder)
            frames.append(frame.read_text(encoding="utf-8"))
    if frames[0] != frames[1]:
        raise SystemExit(
            "the floor no longer draws the wizard's first frame (its words or widgets "
            "changed): update FLOOR_CHILD in bench/bench_startup.py"
        )


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
    check_floor()
    print(f"start-up to first frame (median of {repeat}, headless, fresh process each):")
    conditions = (
        ("project bytecode cached (as installed: pip compiles .pyc)", True),
        ("project compiled from source every start (PYTHONDONTWRITEBYTECODE=1)", False),
    )
    for title, bytecode in conditions:
        runs, counts = bench_startup(repeat, bytecode=bytecode, count=counting)
        print(f"  {title}:")
        medians = {
            name: [statistics.median(run[index] for run in runs[name]) for index in (0, 1)]
            for name in CHILDREN
        }
        for name, label in (
            ("bare", "bare Textual app, one Input "),
            ("wizard", "ses-byoip wizard            "),
            ("floor", "floor: its frame, no logic  "),
        ):
            wall, cpu = medians[name]
            line = f"    {label}: wall {wall * 1000:6.1f} ms, CPU {cpu * 1000:6.1f} ms"
            if name != "bare":
                bare_wall, bare_cpu = medians["bare"]
                # Paired: each round runs the children one after the other, so a round's
                # ratio compares starts made under the same load; their median is the
                # steadiest figure of time on a shared machine.
                paired = statistics.median(
                    app[1] / bare[1] for app, bare in zip(runs[name], runs["bare"], strict=True)
                )
                line += (
                    f" | ratio wall {wall / bare_wall:4.2f}x, CPU {cpu / bare_cpu:4.2f}x,"
                    f" CPU paired {paired:4.2f}x"
                )
            print(line)
        if counts is not None:
            print(
                f"    instructions (callgrind)    : bare {counts['bare'] / 1e6:,.0f}M, wizard "
                f"{counts['wizard'] / 1e6:,.0f}M ({counts['wizard'] / counts['bare']:.3f}x), "
                f"floor {counts['floor'] / 1e6:,.0f}M ({counts['floor'] / counts['bare']:.3f}x)"
            )
    print("  (goal: the wizard within 1.20x of the bare app in both modes; the floor draws")
    print("   the wizard's first frame with none of its logic: no design that draws that")
    print("   frame costs less)")


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
