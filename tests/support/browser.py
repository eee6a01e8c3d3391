"""A running ``ses-byoip serve`` and Debian's Chromium driven by Playwright (tests and bench).

The page's terminal is xterm.js inside textual-serve's script, which keeps it
to itself; ``CAPTURE_TERMINAL`` (added before any page script runs) notes each
terminal as the script creates it, so ``screen_text`` reads what the terminal
shows from its buffer: the same characters a person sees, no screenshot.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: Debian's Chromium (``apt-get install chromium``); Playwright never downloads a browser here.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# textual-serve's terminal class sets ``this.terminal`` and then ``this.fitAddon``: a setter
# for ``fitAddon`` on Object.prototype sees each new instance once, keeps its terminal,
# and steps aside (an own property) so the page works as before.
CAPTURE_TERMINAL = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "fitAddon", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "fitAddon", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (this.terminal) window.__terminals.push(this.terminal);
  },
});
"""

SCREEN_TEXT_JS = """() => {
  const terminal = (window.__terminals || [])[0];
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const lines = [];
  for (let row = 0; row < terminal.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""

JOINED = re.compile(r"visitor (\d+) joined \(process (\d+)\)")
LEFT = re.compile(r"visitor (\d+) left")


def chromium_missing() -> str | None:
    """Why the browser tests can't run here (a sentence), or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


def screen_text(page: Any) -> str:
    """What the page's terminal shows now, one line per row."""
    return str(page.evaluate(SCREEN_TEXT_JS))


def wait_for_screen(page: Any, wanted: str, seconds: float = 45.0) -> str:
    """Poll the terminal until ``wanted`` is on it; the screen so far if it never comes."""
    deadline = time.monotonic() + seconds
    text = ""
    while time.monotonic() < deadline:
        text = screen_text(page)
        if wanted in text:
            return text
        time.sleep(0.05)
    raise AssertionError(f"{wanted!r} never appeared; the terminal shows:\n{text}")


def press(page: Any, key: str) -> None:
    """A key pressed in the terminal (focus on xterm's input, where a person's typing goes)."""
    page.focus(".xterm-helper-textarea")
    page.keyboard.press(key)


def process_alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, ended but not yet reaped, counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def child_pids(pid: int) -> set[int]:
    """The processes whose parent is ``pid``."""
    children: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children.update(int(p) for p in task.read_text().split())
        except OSError:
            continue
    return children


def host_of(url: str) -> str:
    return urllib.parse.urlsplit(url).hostname or ""


class ServedTour:
    """``ses-byoip serve`` in a subprocess, with its output lines collected as they come.

    ``server`` replaces the command (the benchmark serves a bare app the same way).
    """

    def __init__(
        self,
        tmp: Path,
        *extra_args: str,
        env: dict[str, str] | None = None,
        server: list[str] | None = None,
    ) -> None:
        self.tmp = tmp / "server-tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)
        environment = dict(env if env is not None else os.environ)
        environment["TMPDIR"] = str(self.tmp)
        environment["PYTHONUNBUFFERED"] = "1"
        self.env = environment
        self.process = subprocess.Popen(
            [*(server or [sys.executable, "-m", "byoip.tui", "serve", "--port", "0"]), *extra_args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=environment,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_for_url()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))

    def mark(self) -> int:
        """A place in the output: ``wait_for_line(..., since=mark)`` looks only after it."""
        self.drain()
        return len(self.lines)

    def wait_for_line(
        self, matches: Callable[[str], bool], seconds: float = 45.0, since: int = 0
    ) -> str:
        """The first output line after ``since`` (seen so far or still to come) that ``matches``."""
        for line in self.lines[since:]:
            if matches(line):
                return line
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.1)
            except queue.Empty:
                if self.process.poll() is not None and self._queue.empty():
                    break
                continue
            self.lines.append(line)
            if matches(line):
                return line
        raise AssertionError("the server never said that; it said:\n" + "\n".join(self.lines))

    def _wait_for_url(self) -> str:
        line = self.wait_for_line(lambda text: "Serving the requirements tour" in text)
        found = re.search(r"http://\S+", line)
        assert found, line
        return found.group(0)

    def visitor_pids(self) -> dict[int, int]:
        """visitor number -> app process id, from the server's own "joined" lines."""
        self.drain()
        return {int(m[1]): int(m[2]) for line in self.lines if (m := JOINED.search(line))}

    def drain(self) -> None:
        while True:
            try:
                self.lines.append(self._queue.get_nowait())
            except queue.Empty:
                return

    def session_folders(self) -> list[Path]:
        return sorted(self.tmp.glob("ses-byoip-serve-*/visitor-*"))

    def stop(self) -> int:
        """Ctrl+C, as a person stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.drain()
        return self.process.returncode


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium under Playwright (headless, no network of its own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser: Any, seen: list[str], **options: Any) -> Any:
    """A browser context that notes every request's URL and lets through only loopback ones."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **options)
    context.add_init_script(CAPTURE_TERMINAL)

    def route(route: Any) -> None:
        url = route.request.url
        seen.append(url)
        if host_of(url) in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    context.on("page", lambda page: page.on("websocket", lambda ws: seen.append(ws.url)))
    return context
