"""How long the drafts table takes at 2,000 and 10,000 records, next to baselines from the same run.

Run:  python bench/bench_drafts.py [--records N] [--large M] [--repeat R]
                                   [--no-instructions]

Figures (median of R runs, each printed with its ratio to its baseline):
- headless: ``byoip.review`` reading the folder without the row cache, and a second
  opening through it (nothing changed: no file read), against reading and parsing the
  same files with ``tomllib`` alone;
- UI, first and second opening: the ``DraftsScreen`` pushed in a headless app (via
  Pilot) until its table holds every row and has been painted (and, printed beside
  it, until the first page is on screen), against a bare ``DataTable`` pushed the same
  way and filled with the same number of plain rows (11 columns of short strings);
- filter keystroke: one key typed into the filter, until the first page of the new
  table is painted, and until every row is back in, for keys that keep every row and
  for keys that change most rows (256 kept, then all back); against the same
  key typed into a bare ``Input`` beside a bare table of as many rows (Pilot's own
  wait per key is in both, so the difference is what the filter costs); medians of the
  keys, and apart the first key after the opening, which makes the rows' filter text;
- the same openings at M records (10,000), and a key typed in the filter while those
  rows are still going into the table;
- where valgrind is installed (``--no-instructions`` skips it), at N records only: the
  CPU instructions of one second opening and of one ``tomllib`` parse of the same
  files, each warmed and counted in a child process (``instructions_per_run``): the
  same from run to run, where the times of both moved by a third between runs on the
  shared machines this was written on.  The kernel's side of opening and reading the
  files is not counted, so the count favours ``tomllib``, which opens and reads each.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from instructions import count_instructions, counting_wanted  # noqa: E402  (bench/, beside this file)

#: A little over the row cache's settling time (byoip.review.cache.SETTLE_NS).
SETTLE_SECONDS = 2.2


def generate(folder: Path, count: int) -> None:
    """``count`` records: mostly valid, some with errors, a few damaged, shared accounts."""
    from datetime import UTC, datetime, timedelta

    from byoip.record import Record, record_to_toml
    from byoip.regions import REGIONS
    from byoip.request import Request

    regions = list(REGIONS)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    use_case = (
        "Transactional email for our shop: receipts and password resets, about two million "
        "messages a month from our own MTAs."
    )
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        if i % 200 == 199:  # a damaged file now and then: listed, never hidden
            (folder / f"draft-{i:05d}.toml").write_text("status = \n", encoding="utf-8")
            continue
        third, second = i % 256, 1 + (i // 256)
        ip_range = f"185.{second}.{third}.0/24"
        if i % 10 == 3:
            ip_range = f"185.{second}.{third}.7/24"  # host bits: an error
        request = Request(
            account_id=f"{100000000000 + i // 4:012d}",
            region=regions[i % len(regions)],
            use_case=use_case,
            ip_range=ip_range,
            registry="RIPE NCC",
        )
        record = Record.new(request, now=start + timedelta(minutes=i))
        # Written plainly (the app writes atomically, with fsync: too slow for 10,000 here).
        (folder / f"draft-{i:05d}.toml").write_text(record_to_toml(record), encoding="utf-8")


def median_seconds(func: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def second_opening(folder: Path, cache_dir: Path) -> None:
    """The folder read again through its row cache (nothing changed: no file may be read)."""
    from byoip.review import RowCache, scan_folder

    scan = scan_folder(folder, RowCache.for_folder(cache_dir, folder))
    if scan.read:
        raise SystemExit(f"{scan.read} files read in a second opening: the cache was not used")


def tomllib_only(folder: Path) -> None:
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as handle:
                tomllib.load(handle)
        except tomllib.TOMLDecodeError:
            pass


# --------------------------------------------------------------------------- UI


def _plain_rows(count: int) -> list[tuple[str, ...]]:
    return [
        (
            f"draft-{i:05d}",
            f"185.{i // 256}.{i % 256}.0/24",
            f"{100000000000 + i:012d}",
            "eu-west-1",
            "RIPE NCC",
            "draft",
            "Fix: The five fields",
            "",
            "0",
            "0",
            "2026-11-01 09:00",
        )
        for i in range(count)
    ]


async def _time_screen(make_screen: Callable[[], Any], filled: Callable[[Any], bool]) -> float:
    """Seconds from pushing the screen to its table filled and painted (headless app)."""
    from textual.app import App

    class Host(App[None]):
        clock = staticmethod(lambda: None)  # the drafts screen asks the app for its clock

    app = Host()
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.pause()
        began = time.perf_counter()
        screen = make_screen()
        await app.push_screen(screen)
        while not filled(screen):
            await asyncio.sleep(0.01)  # coarse: a busy poll would slow the worker
        await pilot.pause()  # one more turn: the table has been laid out and painted
        return time.perf_counter() - began


def _table(screen: Any) -> Any:
    return screen.query_one("#drafts-table")


def _first_page(screen: Any) -> bool:
    return screen.review_set is not None and _table(screen).row_count > 0


def _all_rows(screen: Any) -> bool:
    table = _table(screen)
    return (
        screen.review_set is not None
        and screen.reading is None  # every file read, the rules across drafts done
        and table.pending == 0
        and table.row_count > 0
    )


def drafts_screen_seconds(folder: Path, cache_dir: Path, *, cached: bool) -> tuple[float, float]:
    """(seconds to the first page, seconds to every row) for one push of the drafts screen.

    ``cached``: the row cache is as the opening before left it; else it is removed first.
    """
    from byoip.config import Settings
    from byoip.fields import forget_verdicts
    from byoip.screens.drafts import DraftsScreen

    if not cached:
        shutil.rmtree(cache_dir, ignore_errors=True)
        forget_verdicts()  # a first opening in a fresh process: the rules' memo is empty
    settings = Settings(drafts_dir=folder, cache_dir=cache_dir)
    marks: dict[str, float] = {}

    def filled(screen: Any) -> bool:
        if "first" not in marks and _first_page(screen):
            marks["first"] = time.perf_counter()
        return _all_rows(screen)

    began = time.perf_counter()
    total = asyncio.run(_time_screen(lambda: DraftsScreen(settings), filled))
    return marks.get("first", began + total) - began, total


def bare_table_seconds(count: int) -> float:
    from textual.screen import Screen
    from textual.widgets import DataTable

    rows = _plain_rows(count)

    class BareScreen(Screen[None]):
        def compose(self) -> Any:
            yield DataTable(id="bare")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns(*(f"c{n}" for n in range(11)))
            table.add_rows(rows)

    return asyncio.run(
        _time_screen(BareScreen, lambda screen: screen.query_one("#bare").row_count == count)
    )


async def _until(pilot: Any, done: Callable[[], bool]) -> None:
    while not done():
        await pilot.pause(0.005)


async def _filter_keys(folder: Path, cache_dir: Path, count: int, keys: int) -> dict[str, float]:
    """Medians per key: drafts filter (first page, all rows) and a bare Input + table."""
    from textual.app import App
    from textual.widgets import DataTable, Input

    from byoip.config import Settings
    from byoip.screens.drafts import DraftsScreen

    rows = _plain_rows(count)

    class Bare(App[None]):
        clock = staticmethod(lambda: None)  # the drafts screen asks the app for its clock

        def compose(self) -> Any:
            yield Input(id="bare-input")
            yield DataTable(id="bare")

    figures: dict[str, list[float]] = {
        "first": [],
        "all": [],
        "bare": [],
        "changed first": [],
        "changed all": [],
    }
    app = Bare()
    async with app.run_test(size=(130, 40)) as pilot:
        bare = app.query_one("#bare", DataTable)
        bare.add_columns(*(f"c{n}" for n in range(11)))
        bare.add_rows(rows)
        app.query_one("#bare-input", Input).focus()
        await pilot.pause()
        for index in range(keys):
            began = time.perf_counter()
            await pilot.press("d" if index % 2 == 0 else "backspace")
            await pilot.pause()
            figures["bare"].append(time.perf_counter() - began)

        screen = DraftsScreen(Settings(drafts_dir=folder, cache_dir=cache_dir))
        await app.push_screen(screen)
        await _until(pilot, lambda: _all_rows(screen))
        await pilot.press("slash")
        await pilot.pause()
        table = _table(screen)
        for index in range(keys):
            # "d" keeps every row ("draft-…"); backspace brings the empty filter back.
            began = time.perf_counter()
            await pilot.press("d" if index % 2 == 0 else "backspace")
            await pilot.pause()  # the key handled and the first page painted
            figures["first"].append(time.perf_counter() - began)
            await _until(pilot, lambda: table.pending == 0)
            figures["all"].append(time.perf_counter() - began)
        # "185." (not measured) keeps every readable record (every generated range is
        # 185.N.M.0/24); then "3" keeps the 256 of 185.3.x.x and backspace brings the
        # others back: most of the table's rows change on every key.  Not a single
        # digit or letter alone: the temporary folder's random name is in every row's
        # path, so it may match every row (as "5" did, in some runs and not others).
        await pilot.press("ctrl+a", "ctrl+k", *"185.")
        await _until(pilot, lambda: table.pending == 0)
        wide = table.row_count
        await pilot.press("3")
        await _until(pilot, lambda: table.pending == 0)
        narrow = table.row_count
        await pilot.press("backspace")
        await _until(pilot, lambda: table.pending == 0)
        if not narrow < wide // 4:
            raise SystemExit(f"the filter kept {narrow} of {wide} rows: not a change of rows")
        figures["rows kept"], figures["rows shown"] = [float(narrow)], [float(wide)]
        for index in range(keys):
            began = time.perf_counter()
            await pilot.press("3" if index % 2 == 0 else "backspace")
            await pilot.pause()
            figures["changed first"].append(time.perf_counter() - began)
            await _until(pilot, lambda: table.pending == 0)
            figures["changed all"].append(time.perf_counter() - began)
    medians = {name: statistics.median(values) for name, values in figures.items()}
    # The first key after the opening also makes every row's filter text (DraftRow.haystack,
    # made when first filtered): shown apart, the medians leave it out.
    medians["opening's first key"] = figures["first"][0]
    return medians


async def _key_while_filling(folder: Path, cache_dir: Path) -> tuple[float, float, int]:
    """A filter key typed while a first opening still reads the folder.

    (seconds until the table shows the filtered rows and has been painted, seconds until
    Pilot finds the app idle again (the rest of the reading included), rows on screen
    then).
    """
    from textual.app import App

    from byoip.config import Settings
    from byoip.screens.drafts import DraftsScreen

    class Host(App[None]):
        clock = staticmethod(lambda: None)  # the drafts screen asks the app for its clock

    app = Host()
    async with app.run_test(size=(130, 40)) as pilot:
        screen = DraftsScreen(Settings(drafts_dir=folder, cache_dir=cache_dir))
        await app.push_screen(screen)
        await _until(pilot, lambda: _first_page(screen))
        await pilot.press("slash")
        marks: dict[str, float] = {}
        fill, paint = screen._fill, screen._compositor_refresh

        def filled(*args: Any, **kwargs: Any) -> None:
            fill(*args, **kwargs)
            if screen.filter_text == "d":
                marks.setdefault("filled", time.perf_counter())

        def painted() -> None:
            paint()
            if "filled" in marks:
                marks.setdefault("painted", time.perf_counter())

        screen._fill, screen._compositor_refresh = filled, painted
        rows = _table(screen).row_count
        began = time.perf_counter()
        await pilot.press("d")
        await pilot.pause()
        idle = time.perf_counter() - began
        return marks.get("painted", began + idle) - began, idle, rows


# --------------------------------------------------------------------------- instructions

# A child that runs one way of opening the folder ``times`` times after a first, warming
# run (imports, the code's fingerprint, the OS cache): counted with times 0 and 1, the
# difference is one warm run, without the interpreter's start and the imports.
RUN_CHILD = """
import sys
from pathlib import Path

from bench_drafts import second_opening, tomllib_only

folder, cache_dir, what, times = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
if what == "second":
    run = lambda: second_opening(folder, cache_dir)
else:
    run = lambda: tomllib_only(folder)
for _ in range(1 + times):
    run()
"""


def instructions_per_run(folder: Path, cache_dir: Path, what: str) -> int:
    """Instructions of one warm run of ``what`` ("second" opening, or "tomllib")."""
    # The project, and this benchmark's folder for its tomllib_only; one hash seed, so that
    # sets and dicts are laid out alike in every child (else the counts move by about 1%).
    path = os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "bench")])
    env = {**os.environ, "PYTHONPATH": path, "PYTHONHASHSEED": "0"}
    args = [sys.executable, "-c", RUN_CHILD, str(folder), str(cache_dir), what]
    warm, once = (count_instructions([*args, str(n)], env, folder.parent) for n in (0, 1))
    return once - warm


def instruction_ratio(folder: Path, cache_dir: Path) -> str:
    second = instructions_per_run(folder, cache_dir, "second")
    parse = instructions_per_run(folder, cache_dir, "tomllib")
    return (
        f"  instructions (callgrind), one warm run: second opening {second / 1e6:,.0f}M,"
        f" tomllib {parse / 1e6:,.0f}M, ratio {second / parse:.3f}x"
    )


# --------------------------------------------------------------------------- report


def line(label: str, seconds: float, baseline_label: str, baseline: float) -> str:
    return (
        f"{label:<44} {seconds * 1000:9.1f} ms   {baseline_label:<36} "
        f"{baseline * 1000:9.1f} ms   ratio {seconds / baseline:5.2f}x"
    )


def openings(
    folder: Path, cache_dir: Path, count: int, repeat: int, *, instructions: bool = False
) -> None:
    """The headless and UI openings of one folder, first (no cache) and second (cache)."""
    from byoip.fields import forget_verdicts
    from byoip.review import RowCache, scan_folder

    def uncached() -> None:
        forget_verdicts()
        scan_folder(folder, None)

    scan_folder(folder, RowCache.for_folder(cache_dir, folder)).save_cache()
    parse_only = median_seconds(lambda: tomllib_only(folder), repeat)
    print(line("rows without the cache", median_seconds(uncached, repeat), "tomllib", parse_only))
    second = median_seconds(lambda: second_opening(folder, cache_dir), repeat)
    print(line("second opening (row cache)", second, "tomllib", parse_only))
    if instructions:
        print(instruction_ratio(folder, cache_dir))

    bare = statistics.median(bare_table_seconds(count) for _ in range(repeat))
    for title, cached in (("first opening", False), ("second opening", True)):
        # A first opening leaves the cache that the second openings then use.
        runs = [drafts_screen_seconds(folder, cache_dir, cached=cached) for _ in range(repeat)]
        first_page = statistics.median(r[0] for r in runs)
        every_row = statistics.median(r[1] for r in runs)
        print(line(f"UI {title}: every row in", every_row, "bare DataTable, plain rows", bare))
        print(f"    {'':<40} first page on screen after {first_page * 1000:9.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--large", type=int, default=10000, help="the large folder (0: skip)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keys", type=int, default=10, help="filter keys typed")
    parser.add_argument(
        "--no-instructions",
        action="store_true",
        help="skip the instruction counts of the second opening (callgrind: about 3 minutes)",
    )
    args = parser.parse_args()
    counting = counting_wanted(not args.no_instructions)

    from byoip.review import load_review

    with tempfile.TemporaryDirectory(prefix="bench-drafts-") as tmp:
        folder, cache_dir = Path(tmp) / "drafts", Path(tmp) / "cache"
        generate(folder, args.records)
        large = Path(tmp) / "large"
        if args.large:
            generate(large, args.large)
        # The cache keeps only files older than the file-system clock's tick (2 s).
        time.sleep(SETTLE_SECONDS)
        review = load_review(folder)  # warm the imports and the OS cache
        damaged = sum(1 for row in review.rows if row.damaged)
        print(
            f"{len(review.rows)} files ({damaged} damaged), "
            f"{sum(r.errors for r in review.rows)} errors; median of {args.repeat} runs\n"
        )
        openings(folder, cache_dir, len(review.rows), args.repeat, instructions=counting)

        keys = asyncio.run(_filter_keys(folder, cache_dir, len(review.rows), args.keys))
        bare_key = keys["bare"]
        print(line("filter key, same rows: painted", keys["first"], "bare Input key", bare_key))
        print(line("filter key, same rows: every row in", keys["all"], "bare Input key", bare_key))
        print(
            line(
                "filter key, rows change: painted",
                keys["changed first"],
                "bare Input key",
                bare_key,
            )
        )
        print(
            line(
                "filter key, rows change: every row in",
                keys["changed all"],
                "bare Input key",
                bare_key,
            )
        )
        print(
            f"    (per key, beyond the bare Input key: same rows "
            f"{(keys['first'] - bare_key) * 1000:.1f} ms, rows change "
            f"{(keys['changed first'] - bare_key) * 1000:.1f} ms to the first page painted;"
            f" rows change: {keys['rows shown']:.0f} rows shown, then {keys['rows kept']:.0f})"
        )
        print(
            line(
                "filter key, the first after the opening",
                keys["opening's first key"],
                "bare Input key",
                bare_key,
            )
        )

        if args.large:
            print(f"\n{args.large} files (one run each):")
            large_cache = Path(tmp) / "large-cache"
            tomllib_only(large)  # the OS cache
            # Not counted: callgrind runs tomllib over 10,000 files for minutes.
            openings(large, large_cache, args.large, 1)
            shutil.rmtree(large_cache, ignore_errors=True)
            painted, idle, rows = asyncio.run(_key_while_filling(large, large_cache))
            print(
                f"filter key typed while the folder is read (first opening, {rows} rows on "
                f"screen): the filtered rows painted after {painted * 1000:.1f} ms (Pilot "
                f"finds the app idle after {idle * 1000:.1f} ms, the rest of the reading)"
            )


if __name__ == "__main__":
    main()
