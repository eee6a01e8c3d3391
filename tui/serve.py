"""``ses-byoip serve``: the requirements tour in a browser, one app process per visitor.

Built on Textualize's ``textual-serve`` (its page script, its xterm.js and its
process protocol), with what a room of new staff needs on top:

* the command is fixed: every websocket runs ``ses-byoip demo`` (argv, no
  shell), never anything taken from the request;
* every visitor gets a folder of their own (home, temp, drafts, cache), removed
  with the process when the tab closes; nothing reaches the host's drafts;
* at most ``max_sessions`` at a time, with a polite page past that;
* the page loads nothing from other hosts (our own template: the fonts come
  from the server, a Content-Security-Policy makes the browser hold to it);
* on loopback only loopback Host names are answered (DNS rebinding), and a
  websocket must come from the tour's own page.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import click
import jinja2
import textual_serve
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

import byoip
from byoip.config import Settings
from byoip.serving import (
    PAGE_TITLE,
    host_header_allowed,
    make_session_folders,
    origin_allowed,
    session_environment,
    start_lines,
)
from byoip.text import clean_text

#: Our page templates (the tour's page and the "full" page).
TEMPLATES = Path(__file__).with_name("serve_pages")
#: textual-serve's own script, stylesheet and fonts, served from this server.
TEXTUAL_SERVE_STATIC = Path(textual_serve.__file__).with_name("static")
#: How long a process gets to quit by itself before it is killed.
QUIT_GRACE_SECONDS = 3.0

# The page loads only from this server; inline script and style are the template's own.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def demo_command() -> list[str]:
    """The one command every visitor runs: this package's ``demo``, with this Python."""
    package = __package__ or "byoip.tui"
    return [sys.executable, "-m", package, "demo"]


class VisitorSession(AppService):
    """One visitor's app process, started in (and cleaned up with) its own folder."""

    def __init__(self, argv: list[str], folder: Path, environment: dict[str, str], **kwargs: Any):
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self.folder = folder
        self.session_environment = environment
        self._stopping: asyncio.Future[None] | None = None
        #: Files the app left in its folder when it ended (it should leave none).
        self.leftovers: list[str] = []

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        # textual-serve's variables (the web driver, the size) over the visitor's own.
        served = super()._build_environment(width, height)
        textual_keys = ("TEXTUAL_", "TERM_PROGRAM", "COLUMNS", "ROWS")
        extra = {k: v for k, v in served.items() if k.startswith(textual_keys)}
        return {**self.session_environment, **extra}

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        # An argv, not a shell line; its own process group, so a Ctrl+C at the server's
        # terminal reaches the server, which then ends every visitor in order.
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            cwd=self.folder,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Ask the app to quit, kill it if it won't, then remove the visitor's folder.

        Called more than once (textual-serve's handler and the server's shutdown):
        every caller waits for the one clean-up.
        """
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop_once())
        await asyncio.shield(self._stopping)

    async def _stop_once(self) -> None:
        process = self._process
        # A process that won't take the quit message is ended below.
        with contextlib.suppress(TimeoutError, OSError, RuntimeError):
            await asyncio.wait_for(super().stop(), QUIT_GRACE_SECONDS)
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), QUIT_GRACE_SECONDS)
            except TimeoutError:
                process.kill()
                await process.wait()
        # The demo removes its own temporary folder on the way out; note what it didn't.
        self.leftovers = sorted(
            str(path.relative_to(self.folder))
            for path in self.folder.rglob("*")
            if not path.is_dir()
        )
        shutil.rmtree(self.folder, ignore_errors=True)


class TourServer(Server):
    """textual-serve's server, serving only the demo, with limits and an offline page."""

    def __init__(
        self,
        settings: Settings,
        *,
        host: str,
        port: int,
        max_sessions: int,
        say: Callable[[str], None] = click.echo,
        command: list[str] | None = None,
    ) -> None:
        self.argv = command or demo_command()
        super().__init__(
            " ".join(self.argv),
            host=host,
            port=port,
            title=PAGE_TITLE,
            statics_path=TEXTUAL_SERVE_STATIC,
            templates_path=TEMPLATES,
        )
        self.settings = settings
        self.max_sessions = max_sessions
        self.say = say
        self.sessions: dict[int, VisitorSession] = {}
        self.sockets: set[web.WebSocketResponse] = set()
        self._numbers = itertools.count(1)
        self._base: Path | None = None
        #: The port actually listened on (differs from ``port`` when that is 0).
        self.bound_port: int | None = None

    # --- the web application --------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not host_header_allowed(self.host, request.headers.get("Host")):
            return web.Response(status=421, text="This server answers only to its own address.\n")
        response = await handler(request)
        if not isinstance(response, web.WebSocketResponse):
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
            response.headers["X-Content-Type-Options"] = "nosniff"
            response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def _full(self) -> bool:
        return len(self.sessions) >= self.max_sessions

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if self._full():
            response = aiohttp_jinja2.render_template(
                "busy.html",
                request,
                {"title": PAGE_TITLE, "limit": self.max_sessions},
                status=503,
            )
            response.headers["Retry-After"] = "30"
            return response
        # Addresses as the browser reached us (not the address listened on, 0.0.0.0).
        scheme = "wss" if request.secure else "ws"
        context = {
            "title": PAGE_TITLE,
            "font_size": max(8, min(40, to_int(request.query.get("fontsize", "16"), 16))),
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "static_url": "/static/",
        }
        return aiohttp_jinja2.render_template("index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if not origin_allowed(request.headers.get("Origin"), request.headers.get("Host")):
            return web.Response(status=403, text="Only the tour's own page may start a session.\n")
        if self._full():
            return web.Response(status=503, text="The tour is full; try again in a few minutes.\n")
        number = next(self._numbers)
        assert self._base is not None
        folder = Path(tempfile.mkdtemp(prefix=f"visitor-{number}-", dir=self._base))
        make_session_folders(folder)
        websocket = web.WebSocketResponse(heartbeat=15)
        session = VisitorSession(
            self.argv,
            folder,
            session_environment(
                os.environ,
                folder,
                config_path=self.settings.config_path,
                import_root=Path(byoip.__file__).resolve().parent.parent,
            ),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        # Registered before the first await: the limit holds however fast tabs open.
        self.sessions[number] = session
        self.sockets.add(websocket)
        try:
            await websocket.prepare(request)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            await session.start(max(20, min(width, 500)), max(10, min(height, 200)))
            self._log(f"visitor {number} joined (process {session.pid}); {self._count()}")
            await self._process_messages(websocket, session)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one visitor's failure must not stop the server
            self._log(f"visitor {number}: {type(error).__name__}: {error}")
        finally:
            await session.stop()
            self.sessions.pop(number, None)
            self.sockets.discard(websocket)
            if session.leftovers:
                shown = ", ".join(clean_text(name, 80) for name in session.leftovers[:3])
                self._log(f"visitor {number}'s app left files behind ({shown}); removed")
            self._log(f"visitor {number} left; process and folder removed; {self._count()}")
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"Server stopped")
        await asyncio.gather(*(s.stop() for s in list(self.sessions.values())))

    # --- running --------------------------------------------------------------------------

    def _count(self) -> str:
        return f"{len(self.sessions)} of {self.max_sessions} sessions open"

    def _log(self, text: str) -> None:
        self.say(f"[{time.strftime('%H:%M:%S')}] {text}")

    async def run_until_stopped(self, stop: asyncio.Event) -> None:
        """Listen, say where, and serve until ``stop`` is set; then end every session."""
        self._base = Path(tempfile.mkdtemp(prefix="ses-byoip-serve-"))
        runner = web.AppRunner(await self._make_app(), handle_signals=False, shutdown_timeout=5)
        try:
            await runner.setup()
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
            self.bound_port = _bound_port(runner, self.port)
            for line in start_lines(self.host, self.bound_port, self.max_sessions):
                self.say(line)
            await stop.wait()
            self.say("Stopping: ending every visitor's session.")
        finally:
            await runner.cleanup()
            shutil.rmtree(self._base, ignore_errors=True)

    def serve(self, debug: bool = False) -> None:
        """Serve until Ctrl+C (or SIGTERM)."""
        asyncio.run(self._serve_with_signals())

    async def _serve_with_signals(self) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await self.run_until_stopped(stop)


def _bound_port(runner: web.AppRunner, wanted: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return wanted
