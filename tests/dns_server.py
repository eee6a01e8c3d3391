"""A real DNS server on 127.0.0.1 that answers blocklist queries, for tests.

dnslib's ``DNSServer`` (UDP, one thread per query) with a resolver whose
zones the test programs::

    server = BlocklistDnsServer().start()          # port chosen by the OS
    server.add_zone("bl.test")                     # a working list (RFC 5782 entries)
    server.list_address("bl.test", "203.0.113.5", codes=("127.0.0.2", "127.0.0.4"),
                        txt="spam seen 2026-11-01")
    server.add_zone("nolist.test", rfc5782=False)  # fails its self-test
    server.add_zone("refusing.test", answer_all="127.255.255.254")  # Spamhaus-style refusal
    server.add_zone("sf.test", rcode="SERVFAIL")   # every query SERVFAILs
    server.add_zone("dead.test", silent=True)      # never answers
    server.break_address("bl.test", "203.0.113.9", rcode="SERVFAIL")  # or silent (rcode=None)
    server.delay = 0.05                            # seconds before each answer
    server.address                                 # "127.0.0.1:PORT" for Settings.resolver
    server.names                                   # every name asked, in order
    server.stop()

Names under no zone get NXDOMAIN, like a real resolver for a list that doesn't exist.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from dnslib import QTYPE, RCODE, RR, TXT, A, DNSRecord
from dnslib.dns import DNSError
from dnslib.server import BaseResolver, DNSLogger, DNSServer


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


class _Resolver(BaseResolver):
    def __init__(self, server: BlocklistDnsServer) -> None:
        self.server = server

    def resolve(self, request: DNSRecord, handler: object) -> DNSRecord:
        name = str(request.q.qname).rstrip(".").lower()
        qtype = QTYPE[request.q.qtype]
        with self.server.lock:
            self.server.names.append(name)
        if self.server.delay:
            time.sleep(self.server.delay)
        reply = request.reply()
        zone = self.server.zone_for(name)
        if zone is None:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        label = name[: -len(zone.name) - 1] if name != zone.name else ""
        if zone.silent:
            raise DNSError("silent zone: no answer")  # dnslib sends nothing back
        if label in zone.broken:
            rcode = zone.broken[label]
            if rcode is None:
                raise DNSError("silent address: no answer")
            reply.header.rcode = getattr(RCODE, rcode)
            return reply
        if zone.rcode:
            reply.header.rcode = getattr(RCODE, zone.rcode)
            return reply
        codes = (zone.answer_all,) if zone.answer_all else zone.listed.get(label)
        if not codes:
            reply.header.rcode = RCODE.NXDOMAIN
            return reply
        if qtype == "A":
            for code in codes:
                reply.add_answer(RR(request.q.qname, QTYPE.A, rdata=A(code), ttl=60))
        elif qtype == "TXT" and label in zone.txt:
            reply.add_answer(RR(request.q.qname, QTYPE.TXT, rdata=TXT(zone.txt[label]), ttl=60))
        return reply  # other types: NOERROR, no data


class BlocklistDnsServer:
    """Programmable blocklist zones served over UDP on 127.0.0.1 (see the module docstring)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.zones: dict[str, Zone] = {}
        self.names: list[str] = []
        self.lock = threading.Lock()
        self._server: DNSServer | None = None
        self._thread = threading.Thread()

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> BlocklistDnsServer:
        quiet = DNSLogger(log="-recv,-send,-request,-reply,-truncated,-error,-data", logf=_drop)
        self._server = DNSServer(_Resolver(self), port=0, address="127.0.0.1", logger=quiet)
        # Not dnslib's start_thread(): its serve_forever polls every 0.5 s, which
        # is how long stop() would then wait.  0.02 s keeps teardown instant.
        self._thread = threading.Thread(
            target=self._server.server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"dns-server-{id(self)}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.server.shutdown()
            self._server.server.server_close()
            self._thread.join(timeout=2)
            self._server = None

    def __enter__(self) -> BlocklistDnsServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the server first"
        return int(self._server.server.server_address[1])

    @property
    def address(self) -> str:
        """``"127.0.0.1:PORT"``: the value for Settings.resolver / $SES_BYOIP_RESOLVER."""
        return f"127.0.0.1:{self.port}"

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

    def break_address(self, zone: str, address: str, rcode: str | None = "SERVFAIL") -> None:
        """Make queries for one address fail with ``rcode`` (None: never answer)."""
        self.zones[zone.lower()].broken[reverse(address)] = rcode

    def zone_for(self, name: str) -> Zone | None:
        # Longest zone first, so "dq.example" and "example" can coexist.
        for zone_name in sorted(self.zones, key=len, reverse=True):
            if name == zone_name or name.endswith("." + zone_name):
                return self.zones[zone_name]
        return None

    def asked(self, zone: str) -> list[str]:
        """The names asked under ``zone``."""
        suffix = "." + zone.lower()
        with self.lock:
            return [name for name in self.names if name.endswith(suffix)]


def _drop(_message: str) -> None:
    return None
