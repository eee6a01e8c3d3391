"""A threaded HTTP server on 127.0.0.1 for one test: the life cycle the test servers share.

The RDAP and routing test servers answer in their services' shapes; what it takes to
run one (an ephemeral port, a quick stop, a context manager) lives here once.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self


@dataclass
class Fault:
    """How to misbehave for one query."""

    status: int | None = None  # send this status (with an RDAP error body unless body given)
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    delay: float = 0.0  # wait before answering
    hang: bool = False  # never answer (until the server stops)
    location: str | None = None  # redirect target (path or URL); status defaults to 302
    trickle: float = 0.0  # seconds between body bytes
    size: int = 0  # send a valid-looking JSON body of this many bytes
    times: int | None = None  # misbehave only this many times, then answer normally
    #: Send the response a byte every ``trickle`` seconds (default 0.05) from this part
    #: on: "status" (the status line), "headers", or "chunk" (a chunked body's size line).
    dribble: str | None = None


class LoopbackServer:
    """``with Server() as server: server.port``; subclasses answer in ``_serve``.

    ``faults`` (query or call -> ``Fault``, ``"*"`` for any) make it misbehave;
    ``requests`` lists the paths asked, in order.
    """

    def __init__(self) -> None:
        self.faults: dict[str, Fault] = {}
        self.requests: list[str] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        # A short poll interval so that stopping the server doesn't cost half a second.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=2)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        raise NotImplementedError

    def _fault_for(self, key: str) -> Fault | None:
        """The fault for ``key`` (or for any), counting down its ``times``."""
        with self._lock:
            fault = self.faults.get(key) or self.faults.get("*")
            if fault is not None and fault.times is not None:
                if fault.times <= 0:
                    return None
                fault.times -= 1
            return fault

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.requests.append(self.path)
                # The client may give up (time-out, size cap): that's the point.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    server._serve(self)

        return Handler
