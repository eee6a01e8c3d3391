"""A real DNS server on 127.0.0.1 that answers blocklist queries, for tests.

One thread runs an asyncio loop that answers each query as it arrives (no
thread per query), with a receive buffer big enough for a sweep's burst, so a
sweep's 200 queries at once are neither dropped nor answered late when the
machine is busy.  The zones are programmed by the test::

    server = BlocklistDnsServer().start()          # port chosen by the OS
    server.add_zone("bl.test")                     # a working list (RFC 5782 entries)
    server.list_address("bl.test", "203.0.113.5", codes=("127.0.0.2", "127.0.0.4"),
                        txt="spam seen 2026-11-01")
    server.add_zone("nolist.test", rfc5782=False)  # fails its self-test
    server.add_zone("refusing.test", answer_all="127.255.255.254")  # Spamhaus-style refusal
    server.add_zone("sf.test", rcode="SERVFAIL")   # every query SERVFAILs
    server.add_zone("dead.test", silent=True)      # never answers
    server.break_address("bl.test", "203.0.113.9", rcode="SERVFAIL")  # or silent (rcode=None)
    server.delay = 0.05                            # seconds before each answer (in parallel)
    server.add_record("mail.example.test", "TXT", "v=spf1 ip4:198.18.7.0/24 -all")
    server.add_record("5.7.18.198.in-addr.arpa", "PTR", "mta5.example.test")
    server.add_record("mta5.example.test", "A", "198.18.7.5")   # any name, outside the zones
    server.address                                 # "127.0.0.1:PORT" for Settings.resolver
    server.names                                   # every name asked, in order
    server.drain()                                 # wait until every query sent so far is read
    server.stop()

A name given records with ``add_record`` answers them (other types: NOERROR, no
data); names under no zone and with no record get NXDOMAIN, like a real resolver
for a list that doesn't exist.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import uuid
from dataclasses import dataclass, field

from dnslib import PTR, QTYPE, RCODE, RR, TXT, A, DNSRecord

#: Receive buffer asked for (the kernel caps it at net.core.rmem_max, often 208 KiB-4 MiB).
#: A sweep sends up to ``dns_concurrency`` (200) queries at once; at ~1 KiB of kernel
#: memory per datagram the default buffer holds about that many, so a burst that
#: arrives while this thread waits for the GIL would otherwise lose queries.
RECEIVE_BUFFER = 4 * 1024 * 1024


def reverse(address: str) -> str:
    return ".".join(reversed(address.split(".")))


@dataclass
class Zone:
    name: str
    #: reversed-octets label -> answer codes / TXT text
    listed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    txt: dict[str, str] = field(default_factory=dict)
    #: reversed-octets label -> rcode name, or None for "never answer"
    broken: dict[str, str | None] = field(default_factory=dict)
    answer_all: str | None = None
    rcode: str | None = None
    silent: bool = False


class _Protocol(asyncio.DatagramProtocol):
    """Answers every datagram on the server's loop; a delayed answer is a timer, not a sleep."""

    def __init__(self, server: BlocklistDnsServer) -> None:
        self.server = server
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        try:
            reply = self.server.answer(DNSRecord.parse(data))
        except Exception:  # a malformed packet gets no answer, as from a real server
            return
        if reply is None:
            return
        delay = self.server.delay
        if delay > 0:
            asyncio.get_running_loop().call_later(delay, self._send, reply, addr)
        else:
            self._send(reply, addr)

    def error_received(self, exc: Exception) -> None:
        return None  # e.g. ICMP "port unreachable" from a client that already gave up

    def _send(self, reply: bytes, addr: tuple[str, int]) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.sendto(reply, addr)


class BlocklistDnsServer:
    """Programmable blocklist zones served over UDP on 127.0.0.1 (see the module docstring)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.zones: dict[str, Zone] = {}
        self.names: list[str] = []
        #: name -> type -> values, for add_record (mail-side checks: SPF, PTR, A).
        self.records: dict[str, dict[str, list[str]]] = {}
        #: Guards ``names`` and ``zones``: the test thread programs, the server thread reads.
        self.lock = threading.Lock()
        self._socket: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._transport: asyncio.DatagramTransport | None = None
        self._thread: threading.Thread | None = None
        #: drain() markers not yet read by the server -> the event to set when they are.
        self._drains: dict[str, threading.Event] = {}

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> BlocklistDnsServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        sock.bind(("127.0.0.1", 0))
        sock.setblocking(False)
        self._socket = sock
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        self._thread = threading.Thread(
            target=self._serve, args=(ready,), name=f"dns-server-{id(self)}", daemon=True
        )
        self._thread.start()
        # Queries sent before the loop reads are queued by the kernel, so this
        # wait is only to surface a failure to start here rather than as time-outs.
        if not ready.wait(timeout=10):
            self.stop()
            raise RuntimeError("the test DNS server did not start within 10 s")
        return self

    def _serve(self, ready: threading.Event) -> None:
        loop = self._loop
        assert loop is not None and self._socket is not None
        asyncio.set_event_loop(loop)
        transport, _ = loop.run_until_complete(
            loop.create_datagram_endpoint(lambda: _Protocol(self), sock=self._socket)
        )
        self._transport = transport
        ready.set()
        try:
            loop.run_forever()
        finally:
            transport.close()
            loop.run_until_complete(asyncio.sleep(0))  # let the transport finish closing
            loop.close()

    def stop(self) -> None:
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)
        if self._socket is not None:
            self._socket.close()  # no-op if the transport closed it already
        self._loop = self._thread = self._transport = self._socket = None

    def __enter__(self) -> BlocklistDnsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._socket is not None, "start() the server first"
        return int(self._socket.getsockname()[1])

    @property
    def address(self) -> str:
        """``"127.0.0.1:PORT"``: the value for Settings.resolver / $SES_BYOIP_RESOLVER."""
        return f"127.0.0.1:{self.port}"

    def drain(self, timeout: float = 10.0) -> None:
        """Wait until the server has read every query sent to it before this call.

        A condition to wait on instead of a sleep: a marker query goes to the back
        of the socket's (first in, first out) queue, and once the server reads it,
        everything sent earlier has been read and is in ``names``.  The marker is
        not recorded and gets no answer.
        """
        marker = f"drain-{uuid.uuid4().hex}.invalid"
        seen = threading.Event()
        with self.lock:
            self._drains[marker] = seen
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.sendto(DNSRecord.question(marker).pack(), ("127.0.0.1", self.port))
        if not seen.wait(timeout):
            raise AssertionError(f"the test DNS server read nothing for {timeout:g} s")

    # -- answering (on the server's thread) -----------------------------------------------
    def answer(self, request: DNSRecord) -> bytes | None:
        """The packed reply to ``request``, or None to stay silent."""
        name = str(request.q.qname).rstrip(".").lower()
        qtype = QTYPE[request.q.qtype]
        with self.lock:
            drained = self._drains.pop(name, None)
            if drained is not None:
                drained.set()
                return None
            self.names.append(name)
            zone = self.zone_for(name)
            records = self.records.get(name)
        reply = request.reply()
        if records is not None:
            for value in records.get(qtype, ()):
                rdata = {"A": A, "TXT": TXT, "PTR": PTR}[qtype](value)
                reply.add_answer(RR(request.q.qname, getattr(QTYPE, qtype), rdata=rdata, ttl=60))
            return reply.pack()
        if zone is None:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply.pack()
        label = name[: -len(zone.name) - 1] if name != zone.name else ""
        if zone.silent:
            return None
        if label in zone.broken:
            rcode = zone.broken[label]
            if rcode is None:
                return None
            reply.header.rcode = getattr(RCODE, rcode)
            return reply.pack()
        if zone.rcode:
            reply.header.rcode = getattr(RCODE, zone.rcode)
            return reply.pack()
        codes = (zone.answer_all,) if zone.answer_all else zone.listed.get(label)
        if not codes:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply.pack()
        if qtype == "A":
            for code in codes:
                reply.add_answer(RR(request.q.qname, QTYPE.A, rdata=A(code), ttl=60))
        elif qtype == "TXT" and label in zone.txt:
            reply.add_answer(RR(request.q.qname, QTYPE.TXT, rdata=TXT(zone.txt[label]), ttl=60))
        return reply.pack()  # other types: NOERROR, no data

    # -- programming the zones ------------------------------------------------------------
    def add_zone(
        self,
        name: str,
        *,
        rfc5782: bool = True,
        answer_all: str | None = None,
        rcode: str | None = None,
        silent: bool = False,
    ) -> Zone:
        """A zone; ``rfc5782`` lists the test entry 127.0.0.2 (as every working list does)."""
        zone = Zone(name.lower(), answer_all=answer_all, rcode=rcode, silent=silent)
        if rfc5782:
            zone.listed[reverse("127.0.0.2")] = ("127.0.0.2",)
            zone.txt[reverse("127.0.0.2")] = "RFC 5782 test entry"
        with self.lock:
            self.zones[zone.name] = zone
        return zone

    def list_address(
        self,
        zone: str,
        address: str,
        codes: tuple[str, ...] | list[str] = ("127.0.0.2",),
        txt: str | None = None,
    ) -> None:
        """List ``address`` in ``zone`` (added if missing) with these A answers and TXT reason."""
        target = self.zones.get(zone.lower()) or self.add_zone(zone)
        target.listed[reverse(address)] = tuple(codes)
        if txt is not None:
            target.txt[reverse(address)] = txt

    def add_record(self, name: str, qtype: str, value: str) -> None:
        """Answer ``name`` (exact, any zone) with one more ``qtype`` record (A, TXT or PTR)."""
        if qtype not in ("A", "TXT", "PTR"):
            raise ValueError(f"add_record serves A, TXT and PTR, not {qtype}")
        with self.lock:
            self.records.setdefault(name.lower().rstrip("."), {}).setdefault(qtype, []).append(
                value
            )

    def break_address(self, zone: str, address: str, rcode: str | None = "SERVFAIL") -> None:
        """Make queries for one address fail with ``rcode`` (None: never answer)."""
        self.zones[zone.lower()].broken[reverse(address)] = rcode

    def zone_for(self, name: str) -> Zone | None:
        # Longest zone first, so "dq.example" and "example" can coexist.
        for zone_name in sorted(list(self.zones), key=len, reverse=True):
            if name == zone_name or name.endswith("." + zone_name):
                return self.zones[zone_name]
        return None

    def asked(self, zone: str) -> list[str]:
        """The names asked under ``zone``."""
        suffix = "." + zone.lower()
        with self.lock:
            return [name for name in self.names if name.endswith(suffix)]
