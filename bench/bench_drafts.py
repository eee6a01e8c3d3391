"""How long the drafts table takes to load 2,000 records, next to baselines from the same run.

Run:  python bench/bench_drafts.py [--records N] [--repeat R]

Figures (median of R runs, each printed with its ratio to its baseline):
- headless: ``byoip.review.load_review`` (read, parse, validate every record, field
  rules, rules across drafts, rows) against reading and parsing the same files with
  ``tomllib`` alone;
- UI: the ``DraftsScreen`` pushed in a headless app (via Pilot) until its table holds
  every row and has been painted, against a bare ``DataTable`` pushed the same way and
  filled with the same number of plain rows (9 columns of short strings);
- filtering: the table rebuilt for a filter that keeps every row, against the bare
  table's ``clear`` + ``add_rows`` of the same rows.
"""

from __future__ import annotations

import argparse
import asyncio
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


def generate(folder: Path, count: int) -> None:
    """``count`` records: mostly valid, some with errors, a few damaged, shared accounts."""
    from datetime import UTC, datetime, timedelta

    from byoip.record import Record, save_record
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
        save_record(folder / f"draft-{i:05d}.toml", record)


def median_seconds(func: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        func()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


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
        pass

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


def drafts_screen_seconds(folder: Path) -> float:
    from byoip.config import Settings
    from byoip.screens.drafts import DraftsScreen

    def filled(screen: Any) -> bool:
        return screen.review_set is not None and screen.query_one("#drafts-table").row_count > 0

    settings = Settings(drafts_dir=folder)
    return asyncio.run(_time_screen(lambda: DraftsScreen(settings), filled))


def bare_table_seconds(count: int) -> float:
    from textual.screen import Screen
    from textual.widgets import DataTable

    rows = _plain_rows(count)

    class BareScreen(Screen[None]):
        def compose(self) -> Any:
            yield DataTable(id="bare")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns(*(f"c{n}" for n in range(9)))
            table.add_rows(rows)

    return asyncio.run(
        _time_screen(BareScreen, lambda screen: screen.query_one("#bare").row_count == count)
    )


async def _refilter(folder: Path, count: int, repeat: int) -> tuple[float, float]:
    """(drafts screen refill for a keep-all filter, bare clear+add_rows), medians."""
    from textual.app import App
    from textual.widgets import DataTable

    from byoip.config import Settings
    from byoip.screens.drafts import DraftsScreen

    rows = _plain_rows(count)

    class Host(App[None]):
        def compose(self) -> Any:
            yield DataTable(id="bare")

    app = Host()
    async with app.run_test(size=(130, 40)) as pilot:
        bare = app.query_one("#bare", DataTable)
        bare.add_columns(*(f"c{n}" for n in range(9)))
        screen = DraftsScreen(Settings(drafts_dir=folder))
        await app.push_screen(screen)
        while screen.review_set is None:
            await asyncio.sleep(0.01)  # coarse: a busy poll would slow the worker
        await pilot.pause()
        ours, base = [], []
        for _ in range(repeat):
            began = time.perf_counter()
            screen.filter_text = "draft"  # matches every row
            screen._fill()
            await pilot.pause()
            ours.append(time.perf_counter() - began)
            began = time.perf_counter()
            bare.clear()
            bare.add_rows(rows)
            await pilot.pause()
            base.append(time.perf_counter() - began)
        return statistics.median(ours), statistics.median(base)


# --------------------------------------------------------------------------- report


def line(label: str, seconds: float, baseline_label: str, baseline: float) -> str:
    return (
        f"{label:<44} {seconds * 1000:9.1f} ms   {baseline_label:<36} "
        f"{baseline * 1000:9.1f} ms   ratio {seconds / baseline:5.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from byoip.review import load_review

    with tempfile.TemporaryDirectory(prefix="bench-drafts-") as tmp:
        folder = Path(tmp) / "drafts"
        generate(folder, args.records)
        review = load_review(folder)  # warm the imports and the OS cache
        damaged = sum(1 for row in review.rows if row.damaged)
        print(
            f"{len(review.rows)} files ({damaged} damaged), "
            f"{sum(r.errors for r in review.rows)} errors; median of {args.repeat} runs\n"
        )
        headless = median_seconds(lambda: load_review(folder), args.repeat)
        parse_only = median_seconds(lambda: tomllib_only(folder), args.repeat)
        print(line("review rows (load_review)", headless, "tomllib.load of the files", parse_only))

        ui = statistics.median(drafts_screen_seconds(folder) for _ in range(args.repeat))
        bare = statistics.median(bare_table_seconds(len(review.rows)) for _ in range(args.repeat))
        print(line("DraftsScreen pushed -> table filled", ui, "bare DataTable, plain rows", bare))

        refill, bare_refill = asyncio.run(_refilter(folder, len(review.rows), args.repeat))
        print(
            line("filter keystroke (all rows kept)", refill, "bare clear + add_rows", bare_refill)
        )


if __name__ == "__main__":
    main()
