"""A real RDAP server on 127.0.0.1 for tests and benchmarks.

It answers ``GET .../ip/<addr>/<prefix>`` from recorded responses (the same
folders and rules as ``byoip.rdap.RecordedFetcher``: an exact recording, or
the most specific recorded network containing the query, or 404), and can be
told to misbehave for one query (or ``"*"`` for every query): answer late,
hang, redirect (also to another "RIR" path, or in a loop), send 404, 429 with
Retry-After, 500, an RDAP error object, malformed JSON, a huge body, or trickle
the body byte by byte.

Paths may carry any prefix before ``/ip/`` (``/arin/ip/...``, ``/ripe/ip/...``)
so that one server can play several RIRs for cross-registry redirects.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from byoip.rdap.fetch import RecordedFetcher, query_of
from tests.support.loopback_server import Fault, LoopbackServer

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_RECORDINGS = REPO_ROOT / "sample_requests" / "recordings" / "rdap"
TEST_RECORDINGS = Path(__file__).resolve().parent / "data" / "rdap"
MORE_SPECIFIC_RECORDINGS = Path(__file__).resolve().parent / "data" / "rdap-more-specific"

#: Ranges the default server answers, and what each one shows.
SAMPLE_RANGES: dict[str, str] = {
    "185.54.121.0/24": "RIPE NCC, ORG registrant plus maintainers, certificate in remarks: clean",
    "104.167.128.0/24": "RIPE NCC record in ARIN's /8 (transferred): naming ARIN is wrong",
    "23.150.164.0/24": "ARIN, registered to a person",
    "199.188.0.0/22": "ARIN DIRECT ALLOCATION to an organization (four /24 sub-queries)",
    "190.113.96.0/24": "LACNIC answer covering one address only: partial coverage",
    "69.166.225.0/24": "ARIN, part of a larger /16 (zero-padded addresses in the answer)",
    "91.214.37.0/24": "RIPE NCC ASSIGNED PA, no organization entity",
    "211.189.73.0/24": "APNIC /17 allocation (Korea), holder only in remarks, no registrant",
    "102.218.40.0/24": "AFRINIC, range that is not one CIDR, org entity without roles",
    "193.17.42.0/24": "RIPE NCC LEGACY, maintainers only",
    "185.54.126.0/24": "RIPE NCC error object (501) sent with status 200",
    "66.66.66.0/24": "hostile answer: markup, escape sequences, 1 MB remark",
}


def hostile_document() -> dict[str, Any]:
    """An RDAP answer written to attack a terminal UI."""
    evil = "[bold red]PWNED[/] \x1b[31mred\x1b[0m \x1b]0;title\x07 \u202eevil[/"
    return {
        "objectClassName": "ip network",
        "handle": "NET-66-66-66-0-1 [link=https://evil.example]x[/link]",
        "startAddress": "66.66.66.0",
        "endAddress": "66.66.66.255",
        "ipVersion": "v4",
        "name": evil,
        "type": "DIRECT ALLOCATION \x1b[2J",
        "port43": "whois.arin.net",
        "status": ["active"],
        "remarks": [
            {"title": "[/]", "description": ["A" * (1024 * 1024)]},
            {"description": [evil + " \x07\x08 bell"]},
        ],
        "entities": [
            {
                "objectClassName": "entity",
                "handle": "EVIL-1 [/]",
                "roles": ["registrant"],
                "vcardArray": [
                    "vcard",
                    [
                        ["version", {}, "text", "4.0"],
                        ["fn", {}, "text", "[bold]Evil[/bold] Corp \x1b[5mblink"],
                        ["kind", {}, "text", "org"],
                    ],
                ],
            }
        ],
    }


class RdapTestServer(LoopbackServer):
    """``with RdapTestServer() as server: server.base_url``."""

    def __init__(self, folders: Iterable[Path] | None = None, delay: float = 0.0) -> None:
        self.folders = list(folders) if folders is not None else default_folders()
        self.delay = delay
        self.documents: dict[str, Any] = {"66.66.66.0/24": hostile_document()}
        #: Other paths (by prefix) -> JSON to answer with, e.g. ARIN's REST API for the bench.
        self.routes: dict[str, Any] = {}
        #: Bytes sent a byte at a time (``Fault.dribble``) that the client accepted.
        self.dribbled = 0
        #: Set when a client hung up in the middle of a dribbled answer.
        self.client_left = threading.Event()
        self._recorded = RecordedFetcher(*self.folders)
        super().__init__()

    # -- what tests use
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def rir_url(self, name: str) -> str:
        """A base URL that plays another RIR (``/ripe/``) on the same server."""
        return f"{self.base_url}{name.strip('/')}/"

    def fail(self, query: str, **fault: Any) -> Fault:
        """Misbehave for ``query`` (``"192.0.2.0/24"``, or ``"*"`` for all)."""
        self.faults[query] = Fault(**fault)
        return self.faults[query]

    def reset(self) -> None:
        self.faults.clear()
        self.requests.clear()

    def count(self, query: str | None = None) -> int:
        if query is None:
            return len(self.requests)
        return sum(1 for path in self.requests if query_of(path) == query)

    # -- serving
    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        if self.delay and self._stopping.wait(self.delay):
            return
        for prefix, document in self.routes.items():
            if handler.path.startswith(prefix):
                self._send(handler, 200, json.dumps(document).encode(), {})
                return
        query = query_of(handler.path)
        fault = self._fault_for(query or "")
        if fault is not None:
            if fault.dribble is not None:
                self._dribble(handler, fault.dribble, fault.trickle or 0.05)
                return
            if fault.hang:
                self._stopping.wait(5)
                return
            if fault.delay and self._stopping.wait(fault.delay):
                return
            if fault.location is not None:
                self._send(handler, fault.status or 302, b"", {"Location": fault.location})
                return
            if fault.size:
                body = b'{"remarks": [{"description": ["' + b"x" * fault.size + b'"]}]}'
                self._send(handler, fault.status or 200, body, fault.headers)
                return
            if fault.status is not None or fault.body is not None:
                status = fault.status or 200
                body = fault.body
                if body is None:
                    body = json.dumps(
                        {"errorCode": status, "title": "fault", "description": ["test"]}
                    ).encode()
                self._send(handler, status, body, fault.headers, trickle=fault.trickle)
                return
        if query in self.documents:
            body = json.dumps(self.documents[query]).encode()
            self._send(handler, 200, body, {}, trickle=fault.trickle if fault else 0.0)
            return
        response = self._recorded.answer(handler.path)
        trickle = fault.trickle if fault else 0.0
        self._send(handler, response.status, response.body, dict(response.headers), trickle)

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        headers: dict[str, str],
        trickle: float = 0.0,
    ) -> None:
        handler.send_response(status)
        names = {k.lower() for k in headers}
        if "content-type" not in names:
            handler.send_header("Content-Type", "application/rdap+json")
        for name, value in headers.items():
            if name.lower() != "content-length":
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if trickle:
            for i in range(len(body)):
                if self._stopping.wait(trickle):
                    return
                handler.wfile.write(body[i : i + 1])
                handler.wfile.flush()
            return
        handler.wfile.write(body)

    def _dribble(self, handler: BaseHTTPRequestHandler, part: str, every: float) -> None:
        """A valid answer whose ``part`` onwards comes a byte at a time (issue 10).

        Each byte comes well within a per-read time-out, so only a deadline on the whole
        exchange ends it.  ``dribbled`` counts the bytes the client took before it left.
        """
        body = json.dumps(
            {
                "objectClassName": "ip network",
                "handle": "NET-DRIBBLED",
                "startAddress": "185.54.121.0",
                "endAddress": "185.54.121.255",
                "ipVersion": "v4",
                "remarks": [{"description": ["sent a byte at a time"]}],
            }
        ).encode()
        status = b"HTTP/1.1 200 OK\r\n"
        headers = b"Content-Type: application/rdap+json\r\nX-Padding: " + b"x" * 40 + b"\r\n"
        if part == "chunk":
            headers += b"Transfer-Encoding: chunked\r\n\r\n"
            payload = b"%x;padding=%s\r\n%s\r\n0\r\n\r\n" % (len(body), b"p" * 60, body)
        else:
            headers += b"Content-Length: %d\r\n\r\n" % len(body)
            payload = body
        raw = status + headers + payload
        start = {"status": 0, "headers": len(status), "chunk": len(status + headers)}[part]
        handler.wfile.write(raw[:start])
        handler.wfile.flush()
        for index in range(start, len(raw)):
            if self._stopping.wait(every):
                return
            try:
                handler.wfile.write(raw[index : index + 1])
                handler.wfile.flush()
            except OSError:
                self.client_left.set()
                break
            with self._lock:
                self.dribbled += 1
        handler.close_connection = True


def default_folders() -> list[Path]:
    return [TEST_RECORDINGS, SAMPLE_RECORDINGS]


def wait_until(predicate: Any, timeout: float = 1.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return bool(predicate())
