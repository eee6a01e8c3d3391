"""``ses-byoip serve`` in a real browser: Debian's Chromium driven by Playwright.

One server (at most two sessions) serves every test of this module; each test
leaves it with no session open.  What the tour shows is read from the page's
terminal buffer (``tests.support.browser.screen_text``), never from pixels.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from byoip.requirements import REQUIREMENTS
from byoip.serving import PAGE_TITLE
from tests.support.browser import (
    ServedTour,
    child_pids,
    chromium,
    chromium_missing,
    host_of,
    new_context,
    press,
    process_alive,
    screen_text,
    wait_for_screen,
)

# Generous: under load an app process takes seconds to start, and each test opens several.
pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

FIRST_PAGE = f"page 1 of {len(REQUIREMENTS)}"


def _needs_chromium() -> None:
    reason = chromium_missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must install it (.ci/run)")
    pytest.skip(reason)


def _server_environment(home: Path) -> dict[str, str]:
    """The hermetic fixture's settings, made by hand: the server outlives one test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SES_BYOIP_")}
    for sub in ("config", "data", "cache", "state"):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[f"XDG_{sub.upper()}_HOME"] = str(home / sub)
    env.update(
        HOME=str(home),
        SES_BYOIP_DRAFTS_DIR=str(home / "host-drafts"),
        SES_BYOIP_CACHE_DIR=str(home / "host-cache"),
        SES_BYOIP_RDAP_URL="http://127.0.0.1:9/",
        SES_BYOIP_RESOLVER="127.0.0.1:9",
    )
    return env


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedTour]:
    _needs_chromium()
    root = tmp_path_factory.mktemp("serve")
    tour = ServedTour(root, "--max-sessions", "2", env=_server_environment(root / "home"))
    yield tour
    tour.stop()


@pytest.fixture(scope="module")
def browser(served: ServedTour) -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def _open_tour(context: Any, url: str) -> Any:
    page = context.new_page()
    response = page.goto(url)
    assert response is not None and response.status == 200
    wait_for_screen(page, FIRST_PAGE)
    return page


def _new_visitors(served: ServedTour, before: dict[int, int], count: int) -> list[int]:
    """The app process ids of the ``count`` visitors that joined since ``before``."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        new = {n: pid for n, pid in served.visitor_pids().items() if n not in before}
        if len(new) >= count:
            return [new[n] for n in sorted(new)]
        time.sleep(0.05)
    raise AssertionError("\n".join(served.lines))


def _wait_until_ended(pid: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while process_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not process_alive(pid), f"app process {pid} still runs after its tab closed"


def _wait_for_no_sessions(served: ServedTour, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not served.session_folders() and not child_pids(served.process.pid):
            return
        time.sleep(0.05)
    raise AssertionError(
        f"left behind: {served.session_folders()} {child_pids(served.process.pid)}"
    )


def test_the_tour_loads_offline_with_its_title_and_a_key_turns_the_page(
    served: ServedTour, browser: Any
) -> None:
    seen: list[str] = []
    context = new_context(browser, seen)
    page = _open_tour(context, served.url)
    assert page.title() == PAGE_TITLE
    text = screen_text(page)
    assert "DEMO DATA" in text and REQUIREMENTS[0].title in text
    press(page, "n")
    text = wait_for_screen(page, f"page 2 of {len(REQUIREMENTS)}")
    assert REQUIREMENTS[1].title in text
    context.close()

    # Every request the page made (page, script, styles, fonts, websocket) stayed on loopback.
    assert any(url.startswith("ws://") for url in seen), seen
    assert any("/fonts/" in url for url in seen), seen
    assert {host_of(url) for url in seen} == {"127.0.0.1"}, seen
    _wait_for_no_sessions(served)


def test_each_tab_has_its_own_session_and_closing_one_ends_its_process(
    served: ServedTour, browser: Any
) -> None:
    context = new_context(browser, [])
    before = served.visitor_pids()
    first = _open_tour(context, served.url)
    second = _open_tour(context, served.url)
    first_pid, second_pid = _new_visitors(served, before, 2)
    assert first_pid != second_pid
    assert {first_pid, second_pid} <= child_pids(served.process.pid)
    assert len(served.session_folders()) == 2

    press(first, "n")
    press(first, "n")
    wait_for_screen(first, f"page 3 of {len(REQUIREMENTS)}")
    assert FIRST_PAGE in screen_text(second)  # the other visitor's tour did not move

    # The tour writes the sample into the demo's drafts folder: only inside the visitor's own.
    press(second, "o")
    wait_for_screen(second, "DEMO DATA")

    mark = served.mark()
    first.close()
    _wait_until_ended(first_pid)
    served.wait_for_line(
        lambda line: "left; process and folder removed; 1 of 2" in line, since=mark
    )
    assert process_alive(second_pid)
    assert len(served.session_folders()) == 1

    second.close()
    _wait_until_ended(second_pid)
    context.close()
    _wait_for_no_sessions(served)
    host_drafts = Path(served.env["SES_BYOIP_DRAFTS_DIR"])
    assert not host_drafts.exists() or not any(host_drafts.iterdir())
    # Each app removed its own temporary folder on the way out (the server found nothing left).
    served.drain()
    assert not [line for line in served.lines if "left files behind" in line]


def test_in_the_browser_export_writes_no_file_on_the_server(
    served: ServedTour, browser: Any
) -> None:
    context = new_context(browser, [])
    page = _open_tour(context, served.url)
    press(page, "o")  # the sample, in the wizard (its header: the tour's page has none)
    wait_for_screen(page, "demo data · nothing is saved to your drafts")
    press(page, "Control+o")  # the wizard's "Export" key: the review screen
    wait_for_screen(page, "Record (TOML)")
    press(page, "e")
    text = wait_for_screen(page, "The browser tour exports no files")
    assert "Export the .toml" not in text  # no folder was asked for
    context.close()
    _wait_for_no_sessions(served)


def test_a_full_tour_says_so_politely_and_lets_the_next_visitor_in(
    served: ServedTour, browser: Any
) -> None:
    context = new_context(browser, [])
    first = _open_tour(context, served.url)
    _open_tour(context, served.url)

    third = context.new_page()
    response = third.goto(served.url)
    assert response is not None and response.status == 503
    assert "The tour is full right now" in third.inner_text("h1")
    assert "2 people are taking the tour" in third.inner_text("main")

    mark = served.mark()
    first.close()
    served.wait_for_line(
        lambda line: "left; process and folder removed; 1 of 2" in line, since=mark
    )
    response = third.reload()
    assert response is not None and response.status == 200
    wait_for_screen(third, FIRST_PAGE)
    context.close()
    _wait_for_no_sessions(served)


def test_stopping_the_server_ends_every_session_and_removes_its_folders(
    tmp_path: Path, browser: Any
) -> None:
    tour = ServedTour(tmp_path, env=_server_environment(tmp_path / "home"))
    try:
        context = new_context(browser, [])
        before = tour.visitor_pids()
        page = _open_tour(context, tour.url)
        (pid,) = _new_visitors(tour, before, 1)
        assert tour.session_folders()
    finally:
        code = tour.stop()
    assert code == 0
    assert not process_alive(pid)
    assert not list(tour.tmp.iterdir()), list(tour.tmp.rglob("*"))
    page.wait_for_selector("body.-closed .closed-dialog", timeout=10_000)
    assert "The tour has ended" in page.inner_text(".closed-dialog")
    context.close()
