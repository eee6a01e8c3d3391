"""Resolvers for the reputation sweep: the real one (c-ares) and a replaying one.

The sweep only needs "ask this name, type A or TXT" and an answer that says
what happened, never an exception, so both resolvers return a ``DnsAnswer``.
``AresResolver`` uses aiodns/pycares (c-ares): about 8x the query rate of
dnspython's async resolver (measured on this project's 2-core machine: ~20k against
~2.5k queries/s), which is what lets a /24 over five
lists finish close to the network's latency bound.  ``RecordedResolver`` replays
a recording file through the very same sweep code (offline demo, samples).
aiodns is imported only when a real resolver is first used.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from byoip.atomic import atomic_write_text
from byoip.recording import recorded_stamp
from byoip.text import clean_text

if TYPE_CHECKING:
    import aiodns

QueryType = Literal["A", "TXT", "PTR"]
#: answer: records in ``values``; nxdomain / nodata: nothing there; the rest: no usable answer.
Outcome = Literal[
    "answer", "nxdomain", "nodata", "servfail", "refused", "timeout", "unreachable", "error"
]
OUTCOMES: tuple[str, ...] = (
    "answer",
    "nxdomain",
    "nodata",
    "servfail",
    "refused",
    "timeout",
    "unreachable",
    "error",
)


@dataclass(frozen=True, slots=True)
class DnsAnswer:
    outcome: Outcome
    values: tuple[str, ...] = ()
    detail: str = ""


class Resolver(Protocol):
    """What the sweep needs from a resolver."""

    #: Shown to the user: where answers come from ("system resolver", "127.0.0.1:5353", ...).
    description: str

    async def query(self, name: str, qtype: QueryType) -> DnsAnswer: ...

    async def aclose(self) -> None: ...


class ResolverConfigError(ValueError):
    """A resolver setting that can't be used; the message is one sentence for the user."""


def parse_resolver_address(text: str) -> tuple[str, int]:
    """``"host[:port]"`` -> (IP address, port); IPv6 as ``[::1]:53`` or bare ``::1``."""
    raw = text.strip()
    host, port_text = raw, ""
    if raw.startswith("["):
        host, _, rest = raw[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif raw.count(":") == 1:
        host, _, port_text = raw.partition(":")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ResolverConfigError(
            f"The resolver {text!r} is not an IP address with an optional port; "
            "write it like 127.0.0.1 or 127.0.0.1:5353."
        ) from None
    port = 53
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ResolverConfigError(
                f"The resolver port in {text!r} must be a number from 1 to 65535."
            )
        port = int(port_text)
    return str(address), port


# pycares error numbers (pycares.errno) -> outcome.  Kept here as numbers so
# that importing this module does not import pycares.
_ARES_OUTCOMES: dict[int, Outcome] = {
    1: "nodata",  # ARES_ENODATA: the name exists, no A/TXT record
    3: "servfail",  # ARES_ESERVFAIL
    4: "nxdomain",  # ARES_ENOTFOUND
    6: "refused",  # ARES_EREFUSED
    11: "unreachable",  # ARES_ECONNREFUSED: nothing answers at that address
    12: "timeout",  # ARES_ETIMEOUT
}


class AresResolver:
    """The real resolver: c-ares through aiodns, one channel per sweep.

    ``address`` None means the system's resolver (/etc/resolv.conf).  c-ares
    tries each query once (``tries=1``): the sweep does its own single retry on
    a time-out, so the time a dead list costs stays predictable.
    """

    def __init__(self, address: str | None = None, timeout: float = 2.0) -> None:
        self._server = parse_resolver_address(address) if address else None
        self._timeout = timeout
        self._resolver: aiodns.DNSResolver | None = None
        if self._server is None:
            self.description = "system resolver"
        else:
            host, port = self._server
            self.description = (
                f"resolver [{host}]:{port}" if ":" in host else f"resolver {host}:{port}"
            )

    def _channel(self) -> aiodns.DNSResolver:
        if self._resolver is None:
            import aiodns  # heavy (cffi + c-ares): only when a sweep really starts

            options: dict[str, Any] = {"timeout": self._timeout, "tries": 1}
            if self._server is not None:
                host, port = self._server
                # pycares 4.x takes bare IP addresses as servers; the port is a
                # channel option (ARES_OPT_UDP_PORT / TCP_PORT).
                options.update(nameservers=[host], udp_port=port, tcp_port=port)
            self._resolver = _loop_driven_resolver(aiodns)(
                loop=asyncio.get_running_loop(), **options
            )
        return self._resolver

    async def query(self, name: str, qtype: QueryType) -> DnsAnswer:
        resolver = self._resolver or self._channel()
        # Straight to pycares' channel rather than aiodns' query(): aiodns turns
        # every NXDOMAIN (nearly every answer of a sweep) into an exception with
        # a looked-up message, which costs more than the rest of the query.
        future: asyncio.Future[tuple[Any, int | None]] = resolver.loop.create_future()
        resolver._channel.query(name, _QUERY_TYPES[qtype], functools.partial(_settle, future))
        records, errorno = await future
        if errorno is not None:
            outcome = _ARES_OUTCOMES.get(errorno)
            if outcome is not None:
                return DnsAnswer(outcome)
            import pycares  # rare: an error the sweep has no word for; say what c-ares says

            return DnsAnswer("error", (), str(pycares.errno.strerror(errorno)))
        if qtype == "A":
            return DnsAnswer("answer", tuple(sorted({r.host for r in records})))
        if qtype == "PTR":
            # pycares 4 answers a PTR query with one result whose ``name`` is the target.
            found = records if isinstance(records, list) else [records]
            return DnsAnswer("answer", tuple(sorted({str(r.name).rstrip(".") for r in found})))
        texts = []
        for record in records:
            text = record.text
            texts.append(text.decode("utf-8", "replace") if isinstance(text, bytes) else text)
        return DnsAnswer("answer", tuple(texts))

    async def aclose(self) -> None:
        self.close()

    def close(self) -> None:
        """Cancel what is still in flight and release the channel and its sockets."""
        resolver, self._resolver = self._resolver, None
        if resolver is not None:
            resolver.cancel()  # pending callbacks fire now, while the loop still runs
            resolver._cleanup()  # what aiodns' async close() does, callable without awaiting


#: pycares' query type numbers (pycares.QUERY_TYPE_A / _PTR / _TXT), kept here as numbers
#: so that importing this module does not import pycares.
_QUERY_TYPES: dict[str, int] = {"A": 1, "PTR": 12, "TXT": 16}


def _settle(
    future: asyncio.Future[tuple[Any, int | None]], result: Any, errorno: int | None
) -> None:
    """pycares' callback: runs on the loop (the channel is loop-driven)."""
    if not future.done():
        future.set_result((result, errorno))


def _loop_driven_resolver(aiodns: Any) -> type:
    """aiodns' resolver, with c-ares' sockets driven by our event loop, not by its own thread.

    aiodns 3.6 prefers c-ares' event thread.  With pycares 4.11 (c-ares 1.34.5)
    a query to a server that never answers then sometimes never times out (seen
    when another answer arrives while it waits, e.g. from c-ares' cache), and a
    dead list would hang the sweep until the overall deadline.  The
    socket-state-callback mode has no such hang, and is no slower: answers are
    handled on the loop without a hop between threads.
    """
    # Deferred: c-ares only when a real resolver is made.
    import pycares

    class LoopDrivenResolver(aiodns.DNSResolver):  # type: ignore[misc, name-defined]
        def _make_channel(self, **kwargs: Any) -> tuple[bool, Any]:
            channel = pycares.Channel(
                sock_state_cb=self._sock_state_cb, timeout=self._timeout, **kwargs
            )
            return False, channel

        def _start_timer(self) -> None:
            # aiodns polls every `timeout` seconds, so a 0.2 s time-out could
            # take 0.4 s; wake up when c-ares' next query time-out is due instead.
            delay = min(max(self._channel.timeout(1.0), 0.005), 1.0)
            self._timer = self.loop.call_later(delay, self._timer_cb)

    return LoopDrivenResolver


class RecordingError(ValueError):
    """A recording file that can't be used (the message names the file and the reason)."""


def _covered_ranges(path: Path, value: object) -> list[ipaddress.IPv4Network]:
    if not isinstance(value, list):
        raise RecordingError(
            f"{path}: no 'ranges' list naming the ranges it has answers for "
            '(e.g. "ranges": ["192.0.2.0/24"]); see the recordings README.'
        )
    networks = []
    for item in value:
        try:
            networks.append(ipaddress.IPv4Network(str(item), strict=False))
        except ValueError:
            raise RecordingError(
                f"{path}: {clean_text(item, 40)!r} in 'ranges' is not an IPv4 range; "
                "write it like 192.0.2.0/24."
            ) from None
    return networks


class RecordedResolver:
    """Replays answers from a recording file (format: sample_requests/recordings/dnsbl/README.md).

    Names the file does not mention are NXDOMAIN (not listed), like a real list.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise RecordingError(f"{self.path}: can't be read ({exc.strerror}).") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RecordingError(f"{self.path}: not a JSON recording ({exc}).") from None
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            raise RecordingError(f"{self.path}: no 'answers' table; see the recordings README.")
        self.answers: dict[str, dict[str, Any]] = {}
        for name, entry in data["answers"].items():
            if not isinstance(entry, dict):
                raise RecordingError(f"{self.path}: the answer for {name!r} is not a table.")
            self.answers[str(name).lower().rstrip(".")] = entry
        try:
            self.delay = max(0.0, float(data.get("delay_ms", 0)) / 1000)
        except (TypeError, ValueError):
            raise RecordingError(f"{self.path}: delay_ms must be a number.") from None
        self.description = f"recording {self.path.name}"
        stamp = recorded_stamp(data.get("recorded"))
        #: The ranges this file has answers for, each with its file's date: an
        #: address outside them was never asked, so NXDOMAIN would be a lie.
        self.coverage: list[tuple[ipaddress.IPv4Network, str]] = [
            (network, stamp) for network in _covered_ranges(self.path, data.get("ranges"))
        ]

    def merge(self, other: RecordedResolver) -> None:
        """Adds another file's answers and ranges (the demo replays one folder as one)."""
        self.answers.update(other.answers)
        self.coverage.extend(other.coverage)
        self.description = "recordings"

    def recording_of(self, network: ipaddress.IPv4Network) -> str | None:
        """The date of the recording that covers all of ``network``; None if none does."""
        for covered, stamp in self.coverage:
            if network.subnet_of(covered):
                return stamp
        return None

    async def query(self, name: str, qtype: QueryType) -> DnsAnswer:
        if self.delay:
            await asyncio.sleep(self.delay)
        entry = self.answers.get(name.lower().rstrip("."))
        if entry is None:
            return DnsAnswer("nxdomain")
        outcome = entry.get("outcome")
        if outcome is not None:
            return DnsAnswer(outcome if outcome in OUTCOMES else "error")
        values = entry.get(qtype)
        if not values:
            return DnsAnswer("nodata")
        return DnsAnswer("answer", tuple(str(v) for v in values))

    async def aclose(self) -> None:
        return None


class RecordingResolver:
    """Wraps a resolver and keeps every answer that is not NXDOMAIN, to save as a recording.

    ``save(path)`` writes the format ``RecordedResolver`` replays (atomically),
    so a live sweep can become an offline demo.
    """

    def __init__(self, inner: Resolver, note: str = "") -> None:
        self.inner = inner
        self.note = note
        self.description = inner.description
        self.answers: dict[str, dict[str, Any]] = {}

    async def query(self, name: str, qtype: QueryType) -> DnsAnswer:
        answer = await self.inner.query(name, qtype)
        key = name.lower().rstrip(".")
        if answer.outcome == "answer":
            self.answers.setdefault(key, {})[qtype] = list(answer.values)
        elif answer.outcome not in ("nxdomain", "nodata"):
            self.answers[key] = {"outcome": answer.outcome}
        return answer

    async def aclose(self) -> None:
        await self.inner.aclose()

    def save(self, path: str | Path, ranges: Sequence[str]) -> Path:
        """Writes the answers for ``ranges`` (the ranges swept through this resolver)."""
        recorded = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        document = {
            "format": "ses-byoip dnsbl recording 1",
            "note": self.note or f"recorded through the {self.description}",
            "recorded": recorded,
            "ranges": [str(ipaddress.IPv4Network(r, strict=False)) for r in ranges],
            "answers": dict(sorted(self.answers.items())),
        }
        target = Path(path)
        atomic_write_text(target, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return target
