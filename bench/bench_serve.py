"""``ses-byoip serve``: time to the tour's first page and memory per visitor, 1 and 10 at once.

Run:  python bench/bench_serve.py [--rounds N] [--visitors 1,10]

Debian's Chromium (``/usr/bin/chromium``) driven by Playwright opens the page in
N tabs at the same moment (one browser context each, so each is a visitor of
its own).  For each tab: the time from asking for the page until the tour's
first page ("page 1 of 8") is in the page's terminal buffer; then, with every
tab showing it, the memory of each visitor's app process: RSS (what ``ps``
shows; shared libraries counted in every process) and PSS (shared pages split
between the processes that share them: the honest cost of one more visitor).

Baseline, in the same run and the same way: the same server (``TourServer``,
same page, same process per visitor) serving a bare Textual app that shows one
line.  The ratio tour/bare says what the tour itself costs on top of
textual-serve and Textual.  Rounds are interleaved (tour, bare, tour, ...);
medians are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from tests.support.browser import (  # noqa: E402 (after the path is set)
    CAPTURE_TERMINAL,
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREEN_TEXT_JS,
    ServedTour,
    child_pids,
    chromium_missing,
)

TOUR_MARK = "page 1 of 8"
BARE_MARK = "bare textual app ready"
BARE_APP = f"""
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static({BARE_MARK!r})

Bare().run()
"""
# The same server, serving the bare app instead of the demo.
BARE_SERVER = f"""
import sys
from byoip.config import load_settings
from byoip.tui.serve import TourServer

TourServer(
    load_settings(), host="127.0.0.1", port=0, max_sessions=int(sys.argv[1]),
    command=[sys.executable, "-c", {BARE_APP!r}],
).serve()
"""


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of ``pid`` in KiB, from /proc."""
    rss = pss = 0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1])
        elif line.startswith("Pss:"):
            pss = int(line.split()[1])
    return rss, pss


async def open_visitor(browser: Any, url: str, mark: str, started: float) -> tuple[Any, float]:
    """A tab of its own; seconds from asking for the page until ``mark`` is on its terminal."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    await context.add_init_script(CAPTURE_TERMINAL)
    page = await context.new_page()
    await page.goto(url)
    deadline = started + 120
    while time.monotonic() < deadline:
        if mark in await page.evaluate(SCREEN_TEXT_JS):
            return context, time.monotonic() - started
        await asyncio.sleep(0.02)
    raise RuntimeError(f"{mark!r} did not appear within 120 s")


async def one_round(browser: Any, served: ServedTour, mark: str, visitors: int) -> dict[str, Any]:
    started = time.monotonic()
    results = await asyncio.gather(
        *(open_visitor(browser, served.url, mark, started) for _ in range(visitors))
    )
    pids = sorted(child_pids(served.process.pid))
    memories = [memory_kib(pid) for pid in pids]
    server_rss, _ = memory_kib(served.process.pid)
    for context, _ in results:
        await context.close()
    # Wait until every visitor's process has gone before the next round.
    deadline = time.monotonic() + 60
    while child_pids(served.process.pid) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return {
        "seconds": [seconds for _, seconds in results],
        "rss": [rss for rss, _ in memories],
        "pss": [pss for _, pss in memories],
        "processes": len(pids),
        "server_rss": server_rss,
    }


async def run(rounds: int, counts: list[int]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    from playwright.async_api import async_playwright

    most = max(counts)
    results: dict[tuple[str, int], list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        tour = ServedTour(Path(tmp) / "tour", "--max-sessions", str(most))
        bare = ServedTour(Path(tmp) / "bare", str(most), server=[sys.executable, "-c", BARE_SERVER])
        try:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                # One visitor first, unmeasured: the browser's own first start.
                await one_round(browser, tour, TOUR_MARK, 1)
                for _ in range(rounds):
                    for count in counts:
                        for name, served, mark in (
                            ("tour", tour, TOUR_MARK),
                            ("bare", bare, BARE_MARK),
                        ):
                            result = await one_round(browser, served, mark, count)
                            results.setdefault((name, count), []).append(result)
                await browser.close()
        finally:
            tour.stop()
            bare.stop()
    return results


def summary(rounds: list[dict[str, Any]]) -> dict[str, float]:
    seconds = [s for r in rounds for s in r["seconds"]]
    return {
        "median_s": statistics.median(seconds),
        "slowest_s": max(seconds),
        "rss_mib": statistics.median(v for r in rounds for v in r["rss"]) / 1024,
        "pss_mib": statistics.median(v for r in rounds for v in r["pss"]) / 1024,
        "server_mib": statistics.median(r["server_rss"] for r in rounds) / 1024,
        "processes": statistics.median(r["processes"] for r in rounds),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--visitors", default="1,10", help="comma list of simultaneous visitors")
    args = parser.parse_args()
    missing = chromium_missing()
    if missing:
        sys.exit(f"Can't run: {missing}.")
    counts = [int(n) for n in args.visitors.split(",")]
    results = asyncio.run(run(args.rounds, counts))
    print(f"ses-byoip serve, {args.rounds} rounds, medians (Chromium {CHROMIUM})")
    header = (
        f"{'visitors':>8}  {'app':<5} {'to 1st page':>11} {'slowest':>8} "
        f"{'RSS/visitor':>11} {'PSS/visitor':>11} {'server RSS':>10}"
    )
    print(header)
    for count in counts:
        rows = {name: summary(results[(name, count)]) for name in ("tour", "bare")}
        for name, row in rows.items():
            print(
                f"{count:>8}  {name:<5} {row['median_s']:>10.2f}s {row['slowest_s']:>7.2f}s "
                f"{row['rss_mib']:>8.1f} MiB {row['pss_mib']:>7.1f} MiB "
                f"{row['server_mib']:>6.1f} MiB"
            )
        tour, bare = rows["tour"], rows["bare"]
        print(
            f"{'':>8}  ratio tour/bare: time {tour['median_s'] / bare['median_s']:.2f}x, "
            f"RSS {tour['rss_mib'] / bare['rss_mib']:.2f}x, "
            f"PSS {tour['pss_mib'] / bare['pss_mib']:.2f}x"
        )
    if len(counts) > 1:
        low, high = min(counts), max(counts)
        first, last = summary(results[("tour", low)]), summary(results[("tour", high)])
        print(
            f"tour, {high} at once vs {low}: time to first page "
            f"{last['median_s'] / first['median_s']:.2f}x, "
            f"PSS per visitor {last['pss_mib'] / first['pss_mib']:.2f}x"
        )


if __name__ == "__main__":
    main()
