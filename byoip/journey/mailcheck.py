"""Mail-side checks for a range put to use: SPF of the sending domain, PTR of each address.

Live, through the configurable resolver (``Settings.resolver``; the same
``byoip.reputation.resolvers`` the blocklist check uses), so tests run them
against a DNS server on 127.0.0.1.

- SPF (RFC 7208): the domain's ``v=spf1`` record is evaluated for each address,
  left to right, following ``include:`` and ``redirect=`` (at most 10 of them,
  RFC 7208 §4.6.4).  ``ip4``, ``include``, ``redirect`` and ``all`` are
  evaluated; ``include:amazonses.com`` counts as "names SES" and is not looked
  up; ``a``, ``mx``, ``ptr`` and ``exists`` are not evaluated (the result is
  then "unknown" when nothing before them decided).
- PTR: each address has a PTR name (``d.c.b.a.in-addr.arpa``) whose A records
  include the address again (forward-confirmed reverse DNS, which receiving
  mail servers commonly check).
"""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import dataclass
from typing import Any

from byoip.config import Settings
from byoip.reputation.resolvers import DnsAnswer, QueryType, Resolver
from byoip.text import clean_text

SES_SPF_DOMAIN = "amazonses.com"
MAX_LOOKUPS = 10
#: Largest range checked address by address (a /24, the size a BYOIP request has).
MAX_ADDRESSES = 256
#: Addresses checked at once.  Each is a PTR then an A query, through a recursive
#: resolver; more at once only queues answers behind each other (measured against
#: the test server: 200 at once let some answers miss a 1 s time-out, 50 finished sooner).
MAX_CONCURRENCY = 50


class MailCheckError(ValueError):
    """Input that can't be checked; one sentence for the person."""


@dataclass(frozen=True)
class SpfRecord:
    domain: str
    #: The record text, or None when there is none / it can't be read.
    text: str | None
    problem: str = ""


@dataclass(frozen=True)
class AddressReport:
    address: str
    #: pass | fail | softfail | neutral | none | ses | unknown | permerror
    spf: str
    #: ok | missing | mismatch | error
    ptr: str
    ptr_name: str = ""
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.spf in ("pass", "ses") and self.ptr == "ok"

    def to_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "spf": self.spf,
            "ptr": self.ptr,
            "ptr_name": self.ptr_name or None,
            "detail": self.detail or None,
            "ok": self.ok,
        }


@dataclass(frozen=True)
class MailCheck:
    domain: str
    ip_range: str
    resolver: str
    spf_record: str | None
    addresses: tuple[AddressReport, ...]
    spf_problem: str = ""
    names_ses: bool = False

    @property
    def ok(self) -> bool:
        return all(report.ok for report in self.addresses)

    def count(self, **match: str) -> int:
        return sum(all(getattr(r, k) == v for k, v in match.items()) for r in self.addresses)

    def summary(self) -> list[str]:
        total = len(self.addresses)
        covered = self.count(spf="pass")
        lines = []
        if self.spf_record is None:
            lines.append(f"SPF: {self.domain} has no usable SPF record ({self.spf_problem}).")
        elif covered == total:
            lines.append(f"SPF: {self.domain} covers all {total} addresses of {self.ip_range}.")
        elif self.count(spf="ses") == total:
            lines.append(
                f"SPF: {self.domain} names SES (include:{SES_SPF_DOMAIN}) but does not list "
                f"{self.ip_range} itself; whether SES's record covers a BYOIP range is not "
                "stated by AWS (add ip4:" + self.ip_range + " to be sure)."
            )
        else:
            lines.append(
                f"SPF: {self.domain} covers {covered} of {total} addresses of {self.ip_range}."
            )
        good = self.count(ptr="ok")
        lines.append(f"PTR: {good} of {total} addresses have a PTR name that resolves back.")
        for what in ("missing", "mismatch", "error"):
            n = self.count(ptr=what)
            if n:
                lines.append(f"  {n} {what}")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "ip_range": self.ip_range,
            "resolver": self.resolver,
            "ok": self.ok,
            "spf": {
                "record": self.spf_record,
                "problem": self.spf_problem or None,
                "names_ses": self.names_ses,
                "covered": self.count(spf="pass"),
            },
            "ptr": {"ok": self.count(ptr="ok"), "total": len(self.addresses)},
            "summary": self.summary(),
            "addresses": [report.to_json() for report in self.addresses],
        }


# --------------------------------------------------------------------------- SPF


def _spf_texts(answer: DnsAnswer) -> list[str]:
    texts = [clean_text(v, 2000) for v in answer.values] if answer.outcome == "answer" else []
    return [t for t in texts if t.lower() == "v=spf1" or t.lower().startswith("v=spf1 ")]


async def _fetch_spf(domain: str, resolver: Resolver) -> SpfRecord:
    answer = await _ask(resolver, domain, "TXT")
    if answer.outcome not in ("answer", "nxdomain", "nodata"):
        return SpfRecord(domain, None, f"the TXT query failed: {answer.outcome}")
    texts = _spf_texts(answer)
    if not texts:
        return SpfRecord(domain, None, "no v=spf1 TXT record")
    if len(texts) > 1:
        return SpfRecord(domain, None, "more than one v=spf1 record (RFC 7208 §4.5)")
    return SpfRecord(domain, texts[0])


async def fetch_spf_records(domain: str, resolver: Resolver) -> dict[str, SpfRecord]:
    """The record of ``domain`` and of every domain it includes or redirects to (≤ 10)."""
    found: dict[str, SpfRecord] = {}
    queue = [domain.lower().rstrip(".")]
    while queue and len(found) <= MAX_LOOKUPS:
        name = queue.pop(0)
        if name in found or name == SES_SPF_DOMAIN:
            continue
        record = await _fetch_spf(name, resolver)
        found[name] = record
        for term in (record.text or "").split()[1:]:
            target = _target(term)
            if target and target not in found:
                queue.append(target)
    return found


def _target(term: str) -> str | None:
    body = term.lstrip("+-~?").lower()
    for prefix in ("include:", "redirect="):
        if body.startswith(prefix):
            return body[len(prefix) :].rstrip(".")
    return None


_QUALIFIERS = {"+": "pass", "-": "fail", "~": "softfail", "?": "neutral"}


def evaluate_spf(
    address: ipaddress.IPv4Address, domain: str, records: dict[str, SpfRecord], depth: int = 0
) -> str:
    """RFC 7208's result for ``address`` (or ``ses`` / ``unknown``, see the module docs)."""
    if domain == SES_SPF_DOMAIN:
        return "ses"
    record = records.get(domain)
    if depth > MAX_LOOKUPS or record is None:
        return "permerror"
    if record.text is None:
        return "none" if depth == 0 else "permerror"
    redirect = None
    for term in record.text.split()[1:]:
        qualifier = _QUALIFIERS.get(term[0], "pass")
        body = term.lstrip("+-~?").lower()
        if body.startswith("redirect="):
            redirect = body.split("=", 1)[1].rstrip(".")
            continue
        if "=" in body:  # another modifier (exp=...): no effect on the result
            continue
        if body.startswith("ip4:"):
            try:
                network = ipaddress.IPv4Network(body[4:], strict=False)
            except ValueError:
                return "permerror"
            if address in network:
                return qualifier
        elif body.startswith("include:"):
            inner = evaluate_spf(address, body[8:].rstrip("."), records, depth + 1)
            if inner in ("pass", "ses"):
                return "ses" if inner == "ses" and qualifier == "pass" else qualifier
            if inner in ("permerror", "unknown"):
                return inner
        elif body == "all":
            return qualifier
        elif body.split(":")[0].split("/")[0] in ("a", "mx", "ptr", "exists"):
            return "unknown"
        elif body.startswith("ip6:"):
            continue
        else:
            return "permerror"
    if redirect:
        return evaluate_spf(address, redirect, records, depth + 1)
    return "neutral"


# --------------------------------------------------------------------------- PTR


def reverse_name(address: ipaddress.IPv4Address) -> str:
    return address.reverse_pointer


async def _ask(resolver: Resolver, name: str, qtype: QueryType) -> DnsAnswer:
    """One query, asked again once after a time-out (UDP loses packets; so does a busy server)."""
    answer = await resolver.query(name, qtype)
    if answer.outcome == "timeout":
        answer = await resolver.query(name, qtype)
    return answer


async def check_ptr(address: ipaddress.IPv4Address, resolver: Resolver) -> tuple[str, str, str]:
    """(ptr state, PTR name, detail) for one address."""
    answer = await _ask(resolver, reverse_name(address), "PTR")
    if answer.outcome in ("nxdomain", "nodata") or (
        answer.outcome == "answer" and not answer.values
    ):
        return "missing", "", "no PTR record"
    if answer.outcome != "answer":
        return "error", "", f"PTR query: {answer.outcome}"
    names = [clean_text(v, 255).rstrip(".") for v in answer.values]
    seen: list[str] = []
    for name in names:
        forward = await _ask(resolver, name, "A")
        if forward.outcome == "answer" and str(address) in forward.values:
            return "ok", name, ""
        if forward.outcome not in ("answer", "nxdomain", "nodata"):
            return "error", name, f"A query for {name}: {forward.outcome}"
        seen += [clean_text(v, 64) for v in forward.values]
    where = ", ".join(seen) if seen else "nothing"
    return "mismatch", names[0], f"{names[0]} resolves to {where}, not back to {address}"


# --------------------------------------------------------------------------- both


def _network(ip_range: str) -> ipaddress.IPv4Network:
    try:
        network = ipaddress.IPv4Network(ip_range.strip(), strict=True)
    except ValueError:
        raise MailCheckError(
            f"{ip_range!r} is not an IPv4 range such as 198.18.7.0/24 (no host bits)."
        ) from None
    if network.num_addresses > MAX_ADDRESSES:
        raise MailCheckError(
            f"{ip_range} has {network.num_addresses:,} addresses; check it /24 by /24."
        )
    return network


def _domain(domain: str) -> str:
    name = domain.strip().rstrip(".").lower()
    labels = name.split(".")
    if len(labels) < 2 or not all(
        label and len(label) <= 63 and label.replace("-", "").replace("_", "").isalnum()
        for label in labels
    ):
        raise MailCheckError(
            f"{clean_text(domain, 80)!r} is not a domain name such as mail.example.com."
        )
    return name


async def check_mail_side(
    ip_range: str, domain: str, resolver: Resolver, concurrency: int = 50
) -> MailCheck:
    """SPF for every address of ``ip_range`` under ``domain``'s record, and each PTR."""
    network = _network(ip_range)
    name = _domain(domain)
    records = await fetch_spf_records(name, resolver)
    own = records.get(name, SpfRecord(name, None, "not looked up"))
    limit = asyncio.Semaphore(max(1, min(concurrency, MAX_CONCURRENCY)))

    async def one(address: ipaddress.IPv4Address) -> AddressReport:
        async with limit:
            ptr, ptr_name, detail = await check_ptr(address, resolver)
        spf = evaluate_spf(address, name, records)
        return AddressReport(str(address), spf, ptr, ptr_name, detail)

    reports = await asyncio.gather(*(one(a) for a in network))
    names_ses = any(
        _target(term) == SES_SPF_DOMAIN
        for record in records.values()
        for term in (record.text or "").split()
    )
    return MailCheck(
        name,
        str(network),
        resolver.description,
        own.text,
        tuple(reports),
        own.problem,
        names_ses,
    )


def run_mail_check(
    ip_range: str, domain: str, settings: Settings, resolver: Resolver | None = None
) -> MailCheck:
    """``check_mail_side`` through the configured resolver (or ``resolver``), synchronously."""
    # Deferred: the DNS resolver (asyncio, c-ares) only when a check really runs.
    from byoip.reputation.resolvers import AresResolver

    async def run() -> MailCheck:
        active = resolver or AresResolver(settings.resolver, settings.dns_timeout)
        try:
            return await check_mail_side(ip_range, domain, active, settings.dns_concurrency)
        finally:
            if resolver is None:
                await active.aclose()

    return asyncio.run(run())
