"""A real RIPEstat-shaped Data API on 127.0.0.1 for tests and benchmarks.

It answers ``GET <any prefix>/routing-status/data.json?resource=<prefix>`` and
``GET .../rpki-validation/data.json?resource=AS<n>&prefix=<prefix>`` in the
shapes RIPEstat uses (docs/SOURCES.md; the envelope with ``status``, ``messages``,
``data``, ``time``), computed from a small routing world: the announcements
RIS would see and the validated ROA payloads (VRPs) a validator would hold.
Route origin validation follows RFC 6811: no covering VRP is ``unknown``; a
covering VRP with the origin and a long enough max length is ``valid``;
otherwise ``invalid_length`` when a VRP names the origin, else ``invalid_asn``.

Calls with no world entry fall back to recorded answers (the same files as
``byoip.routing.RecordedRoutingFetcher``).  ``fail(call, ...)`` makes one call
name (or ``"*"``) misbehave: late, hang, any status, any body, a huge body.
"""

from __future__ import annotations

import ipaddress
import json
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from byoip.routing import RecordedRoutingFetcher
from byoip.routing.fetch import recording_key
from tests.support.loopback_server import Fault, LoopbackServer

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_RECORDINGS = REPO_ROOT / "sample_requests" / "recordings" / "routing"
#: RIS's number of full-table IPv4 peers in the made-up world.
TOTAL_PEERS = 331
DATA_TIME = "2026-11-30T16:00:00"


@dataclass(frozen=True)
class Route:
    prefix: str
    origin: int
    peers: int = 318


@dataclass(frozen=True)
class Vrp:
    prefix: str
    max_length: int
    asn: int


@dataclass
class World:
    """What RIS sees and what the validator holds (all made up; no documentation ranges)."""

    routes: list[Route] = field(default_factory=list)
    vrps: list[Vrp] = field(default_factory=list)


#: The cases the tests use: range -> (what it shows, its world).
CASES: dict[str, tuple[str, World]] = {
    "45.137.20.0/24": (
        "all valid: announced by AS64500, ROA for AS16509, AS14618 and AS64500",
        World(
            [Route("45.137.20.0/24", 64500)],
            [Vrp("45.137.20.0/24", 24, asn) for asn in (16509, 14618, 64500)],
        ),
    ),
    "45.137.21.0/24": (
        "Amazon ASN missing: the ROA names AS16509 and AS64500, not AS14618",
        World(
            [Route("45.137.21.0/24", 64500)],
            [Vrp("45.137.21.0/24", 24, asn) for asn in (16509, 64500)],
        ),
    ),
    "45.137.34.0/24": (
        "max length too short: ROA 45.137.32.0/22 max /22 for Amazon and AS64500",
        World(
            [Route("45.137.32.0/22", 64500)],
            [Vrp("45.137.32.0/22", 22, asn) for asn in (16509, 14618, 64500)],
        ),
    ),
    "45.137.23.0/24": (
        "origin not authorized: announced by AS64501, the ROA names only Amazon",
        World(
            [Route("45.137.23.0/24", 64501)],
            [Vrp("45.137.23.0/24", 24, asn) for asn in (16509, 14618)],
        ),
    ),
    "45.137.24.0/24": (
        "not announced, no ROA at all",
        World(),
    ),
    "185.54.121.0/24": (
        "the wizard tests' range (GOOD_RANGE): announced by AS64500, the ROA names AS16509 "
        "and AS64500, not AS14618",
        World(
            [Route("185.54.121.0/24", 64500)],
            [Vrp("185.54.121.0/24", 24, asn) for asn in (16509, 64500)],
        ),
    ),
    "45.137.28.0/22": (
        "a /22 announced whole and as four /24s by AS64500; ROA /22 max /22 for all",
        World(
            [Route("45.137.28.0/22", 64500)]
            + [Route(f"45.137.{n}.0/24", 64500, 120) for n in range(28, 32)],
            [Vrp("45.137.28.0/22", 22, asn) for asn in (16509, 14618, 64500)],
        ),
    ),
}


def envelope(call: str, data: dict[str, Any]) -> dict[str, Any]:
    """RIPEstat's wrapping of every answer."""
    return {
        "messages": [],
        "see_also": [],
        "version": "3.2" if call == "routing-status" else "0.3",
        "data_call_name": call,
        "data_call_status": "supported",
        "cached": False,
        "query_id": "20261130201500-test",
        "process_time": 12,
        "server_id": "app-test",
        "build_version": "test",
        "status": "ok",
        "status_code": 200,
        "time": "2026-11-30T20:15:00.000000",
        "data": data,
    }


def routing_status(world: World, resource: str) -> dict[str, Any]:
    wanted = ipaddress.IPv4Network(resource, strict=False)
    exact, more, less = [], [], []
    for route in world.routes:
        net = ipaddress.IPv4Network(route.prefix)
        if net == wanted:
            exact.append(route)
        elif net.subnet_of(wanted):
            more.append({"prefix": route.prefix, "origin": route.origin})
        elif wanted.subnet_of(net):
            less.append({"prefix": route.prefix, "origin": route.origin})
    data: dict[str, Any] = {
        "visibility": {
            "v4": {
                "ris_peers_seeing": max((r.peers for r in exact), default=0),
                "total_ris_peers": TOTAL_PEERS,
            },
            "v6": {"ris_peers_seeing": 0, "total_ris_peers": 340},
        },
        "origins": [{"origin": r.origin, "route_objects": ["RADB"]} for r in exact],
        "less_specifics": less,
        "more_specifics": more,
        "resource": str(wanted),
        "query_time": DATA_TIME,
    }
    if exact:  # RIPEstat gives first/last seen only for a resource ever seen in BGP
        seen = {"prefix": str(wanted), "origin": str(exact[0].origin)}
        data["first_seen"] = {**seen, "time": "2021-03-02T08:00:00"}
        data["last_seen"] = {**seen, "time": DATA_TIME}
    return data


def rpki_validation(world: World, resource: str, prefix: str) -> dict[str, Any]:
    asn = int(resource.upper().removeprefix("AS"))
    wanted = ipaddress.IPv4Network(prefix, strict=False)
    covering = [v for v in world.vrps if wanted.subnet_of(ipaddress.IPv4Network(v.prefix))]
    roas = []
    for vrp in covering:
        if vrp.asn != asn:
            validity = "invalid_asn"
        elif vrp.max_length < wanted.prefixlen:
            validity = "invalid_length"
        else:
            validity = "valid"
        roas.append(
            {
                "origin": str(vrp.asn),
                "prefix": vrp.prefix,
                "validity": validity,
                "max_length": vrp.max_length,
            }
        )
    if not roas:
        status = "unknown"
    elif any(r["validity"] == "valid" for r in roas):
        status = "valid"
    elif any(r["validity"] == "invalid_length" for r in roas):
        status = "invalid_length"
    else:
        status = "invalid_asn"
    return {
        "resource": str(asn),
        "prefix": str(wanted),
        "validating_roas": roas,
        "status": status,
        "validator": "routinator",
    }


class RoutingTestServer(LoopbackServer):
    """``with RoutingTestServer() as server: server.base_url``."""

    def __init__(self, delay: float = 0.0, folders: list[Path] | None = None) -> None:
        self.delay = delay
        self.world = World()
        for _what, world in CASES.values():
            self.world.routes += world.routes
            self.world.vrps += world.vrps
        self._recorded = RecordedRoutingFetcher(*(folders or [SAMPLE_RECORDINGS]))
        super().__init__()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/data/"

    def fail(self, call: str, **fault: Any) -> Fault:
        """Misbehave for ``call`` (``"routing-status"``, ``"rpki-validation"`` or ``"*"``)."""
        self.faults[call] = Fault(**fault)
        return self.faults[call]

    def count(self, call: str | None = None) -> int:
        return sum(1 for path in self.requests if call is None or f"/{call}/" in path)

    def _answer(self, path: str) -> tuple[int, bytes]:
        parts = urllib.parse.urlsplit(path)
        call = parts.path.rstrip("/").removesuffix("/data.json").rsplit("/", 1)[-1]
        params = dict(urllib.parse.parse_qsl(parts.query))
        key = recording_key(path)
        if key in self._recorded.answers():
            response = self._recorded.answer(path)
            return response.status, response.body
        try:
            if call == "routing-status":
                data = routing_status(self.world, params["resource"])
            elif call == "rpki-validation":
                data = rpki_validation(self.world, params["resource"], params["prefix"])
            else:
                raise KeyError(call)
        except (KeyError, ValueError):
            body = {
                "status": "error",
                "status_code": 400,
                "messages": [["error", f"Unknown call or bad parameters: {key}"]],
                "data": {},
            }
            return 400, json.dumps(body).encode()
        return 200, json.dumps(envelope(call, data)).encode()

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        if self.delay and self._stopping.wait(self.delay):
            return
        call = urllib.parse.urlsplit(handler.path).path.rstrip("/").removesuffix("/data.json")
        fault = self._fault_for(call.rsplit("/", 1)[-1])
        if fault is not None:
            if fault.hang:
                self._stopping.wait(5)
                return
            if fault.delay and self._stopping.wait(fault.delay):
                return
            if fault.size:
                body = b'{"status": "ok", "data": {"x": "' + b"x" * fault.size + b'"}}'
                self._send(handler, fault.status or 200, body, fault.headers)
                return
            if fault.status is not None or fault.body is not None:
                body = fault.body
                if body is None:
                    body = json.dumps(
                        {"status": "error", "messages": [["error", "test fault"]], "data": {}}
                    ).encode()
                self._send(handler, fault.status or 200, body, fault.headers)
                return
        status, body = self._answer(handler.path)
        self._send(handler, status, body, {})

    def _send(
        self, handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]
    ) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
