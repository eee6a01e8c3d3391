"""A blocklist DNS server that answers every query after a fixed delay (default 30 ms).

Run in its own process by bench/bench_dnsbl.py, so that its work doesn't
share a CPU core (or the GIL) with the resolver being measured.  Every zone
given with --zone is a working list (RFC 5782: 127.0.0.2 listed, with a TXT
reason); each address whose last octet is --listed-octet is listed in every
zone with code 127.0.0.2; everything else is NXDOMAIN.  The reply is built when
the query arrives and sent ``delay`` seconds later (asyncio timers, no thread
per query), so hundreds of queries wait in parallel as on a real network.

    python bench/slow_dns_server.py --delay 0.03 --zone bl.example ...
    # prints "PORT <n>" on stdout once it listens on 127.0.0.1; stops when stdin closes.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from dnslib import QTYPE, RCODE, RR, TXT, A, DNSRecord


class SlowBlocklist(asyncio.DatagramProtocol):
    def __init__(self, zones: list[str], delay: float, listed_octet: int) -> None:
        self.zones = [zone.lower().rstrip(".") for zone in zones]
        self.delay = delay
        self.listed_octet = str(listed_octet)
        self.transport: asyncio.DatagramTransport | None = None
        self.answered = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        try:
            reply = self.fast_nxdomain(data) or self.reply(DNSRecord.parse(data))
        except Exception:  # a malformed packet gets no answer, as from a real server
            return
        asyncio.get_running_loop().call_later(self.delay, self._send, reply, addr)

    def fast_nxdomain(self, data: bytes) -> bytes | None:
        """The NXDOMAIN reply built from the query's bytes, or None for a listed name.

        Nearly every query is NXDOMAIN; building those without dnslib keeps the
        server's CPU cost far below the client's, so the figures measure the client.
        """
        labels, offset = [], 12
        while True:
            length = data[offset]
            if length == 0:
                break
            labels.append(data[offset + 1 : offset + 1 + length].decode("ascii").lower())
            offset += 1 + length
        question_end = offset + 5  # the root label, QTYPE and QCLASS
        if self.listed(".".join(labels)):
            return None
        flags = int.from_bytes(data[2:4], "big")
        # QR, the query's opcode and RD, RA, rcode 3 (NXDOMAIN); one question, no records.
        reply_flags = 0x8000 | (flags & 0x7900) | 0x0080 | 3
        header = data[:2] + reply_flags.to_bytes(2, "big") + b"\x00\x01" + b"\x00" * 6
        return header + data[12:question_end]

    def _send(self, reply: bytes, addr: tuple[str, int]) -> None:
        if self.transport is not None:
            self.transport.sendto(reply, addr)
            self.answered += 1

    def listed(self, name: str) -> bool:
        for zone in self.zones:
            if name.endswith("." + zone):
                labels = name[: -len(zone) - 1].split(".")
                if labels == ["2", "0", "0", "127"]:
                    return True
                return len(labels) == 4 and labels[0] == self.listed_octet
        return False

    def reply(self, request: DNSRecord) -> bytes:
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        if not self.listed(name):
            reply.header.rcode = RCODE.NXDOMAIN
        elif request.q.qtype == QTYPE.A:
            reply.add_answer(RR(request.q.qname, QTYPE.A, rdata=A("127.0.0.2"), ttl=60))
        elif request.q.qtype == QTYPE.TXT:
            reply.add_answer(RR(request.q.qname, QTYPE.TXT, rdata=TXT("bench listing"), ttl=60))
        return reply.pack()


async def serve(zones: list[str], delay: float, listed_octet: int, port: int) -> None:
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(
        lambda: SlowBlocklist(zones, delay, listed_octet), local_addr=("127.0.0.1", port)
    )
    print(f"PORT {transport.get_extra_info('sockname')[1]}", flush=True)
    # Serve until whoever started us closes our stdin (or kills us).
    await loop.run_in_executor(None, sys.stdin.read)
    transport.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zone", action="append", required=True, help="a blocklist zone")
    parser.add_argument("--delay", type=float, default=0.03, help="seconds before each answer")
    parser.add_argument("--listed-octet", type=int, default=7, help="last octet of listed IPs")
    parser.add_argument("--port", type=int, default=0, help="UDP port (0: any free one)")
    args = parser.parse_args()
    asyncio.run(serve(args.zone, args.delay, args.listed_octet, args.port))


if __name__ == "__main__":
    main()
