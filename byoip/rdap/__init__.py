"""The registry lookup: who holds a range, from RDAP, checked against the request.

``lookup_rdap`` is synchronous (the UI runs it in a thread worker) and never
raises for faults of the network or of the registry: they come back as a
result with ``status == "error"`` and one sentence.  It finishes within
``rdap_timeout × (rdap_retries + 1)`` seconds.

Steps: IANA's offline map picks the first server (or ``rdap_base_url``
replaces every server); one query ``<base>ip/<cidr>`` follows redirects; the
answer (parsed by ipwhois) decides the RIR, the holder, the coverage, the
type and any certificate; for a range larger than a /24, one query per /24
inside it looks for more specific registrations held by someone else.
"""

from __future__ import annotations

import ipaddress
import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from byoip.config import Settings
from byoip.fetching import Fetcher, LookupOutcome, bug_sentence, failed_result
from byoip.findings import Finding, error, info, sort_findings, warning
from byoip.rdap.cache import CachedAnswer, CachingSession, RdapCache
from byoip.rdap.checks import (
    certificate_findings,
    coverage_findings,
    no_recording_message,
    recording_finding,
    registrant_findings,
    registry_findings,
    type_findings,
)
from byoip.rdap.fetch import (
    RdapFault,
    RecordedFetcher,
    fetch_document,
)
from byoip.rdap.holder import holder_label
from byoip.rdap.parse import (
    Certificate,
    Network,
    Registrant,
    Registration,
    certificates_in_remarks,
    parse_registration,
)
from byoip.rdap.transport import UrllibFetcher
from byoip.recording import earliest, stamp_time
from byoip.registries import (
    RDAP_BASE_URLS,
    iana_registry_for,
)
from byoip.text import clean_text

__all__ = [
    "Certificate",
    "Fetcher",
    "MoreSpecific",
    "RdapResult",
    "RecordedFetcher",
    "UrllibFetcher",
    "certificates_in_remarks",
    "lookup_rdap",
    "parse_range",
    "query_url",
]

#: A /18 at most: 64 queries; larger ranges are checked for their first 64 /24s.
MAX_SUBQUERIES = 64
SUBQUERY_WORKERS = 8


@dataclass(frozen=True)
class MoreSpecific:
    """A registration inside the requested range, separate from the main one."""

    network: Network
    registrant: Registrant | None
    other_holder: bool


@dataclass
class RdapResult(LookupOutcome):
    cidr: str
    status: str = "error"  # "ok" | "error"
    error: str | None = None
    rir: str | None = None
    rir_evidence: str = ""
    network: Network | None = None
    registrant: Registrant | None = None
    covers_range: bool = False
    certificates: tuple[Certificate, ...] = ()
    more_specific: list[MoreSpecific] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    source_url: str = ""
    checked_at: float = field(default_factory=time.time)
    from_cache: bool = False
    #: HTTP requests this lookup made (0 when every answer came from the cache).
    requests: int = 0
    #: The recording's date (``byoip.recording``) when the answer was replayed; "" live.
    recorded: str = ""

    @property
    def certificate(self) -> Certificate | None:
        return self.certificates[0] if self.certificates else None

    def to_json(self) -> dict[str, Any]:
        """The ``rdap`` member of ``lookup --json``."""
        cert = self.certificate
        return {
            "status": self.status,
            "error": self.error,
            "rir": self.rir,
            "network": _network_json(self.network),
            "registrant": (
                {
                    "handle": self.registrant.handle,
                    "name": self.registrant.name,
                    "kind": self.registrant.kind,
                    "evidence": self.registrant.evidence,
                    "name_source": self.registrant.name_source,
                }
                if self.registrant
                else None
            ),
            "covers_range": self.covers_range,
            "certificate": (
                {"subject": cert.subject, "not_after": cert.not_after, "sha256": cert.sha256}
                if cert
                else None
            ),
            "findings": [f.to_dict() for f in self.findings],
            # Only on a replay, so a live answer keeps the documented members.
            **({"recorded": self.recorded} if self.recorded else {}),
        }

    def snapshot(self) -> dict[str, Any]:
        """What the record's ``[rdap]`` table keeps: only what the request needs.

        No contact data: a person registrant is kept as handle and kind, not by
        name (``registrant_kind``: organization | person | unknown). TOML has no null,
        so absent values are left out.
        """
        data: dict[str, Any] = {
            "status": self.status,
            "checked_at": self.checked_at_iso,
            "cidr": self.cidr,
            "rir": self.rir,
            "error": self.error,
            "source": self.source_url or None,
            "covers_range": self.covers_range,
            "recorded": self.recorded or None,
        }
        if self.network:
            network = _network_json(self.network) or {}
            data.update({f"network_{k}": v for k, v in network.items()})
        if self.registrant:
            data["registrant_handle"] = self.registrant.handle
            data["registrant_kind"] = self.registrant.kind
            data["registrant_evidence"] = self.registrant.evidence
            if self.registrant.kind != "person":
                data["registrant_name"] = self.registrant.name
                data["registrant_name_source"] = self.registrant.name_source
        if self.certificate:
            data["certificate_sha256"] = self.certificate.sha256
            data["certificate_subject"] = self.certificate.subject
            data["certificate_not_after"] = self.certificate.not_after
        data["findings"] = [f.to_dict() for f in self.findings]
        return {k: v for k, v in data.items() if v is not None and v != ""}


def _network_json(network: Network | None) -> dict[str, str] | None:
    if network is None:
        return None
    return {
        "cidr": network.cidr,
        "handle": network.handle,
        "name": network.name,
        "type": network.type,
        "start": network.start,
        "end": network.end,
    }


# -- the lookup ----------------------------------------------------------------------


def query_url(base: str, network: ipaddress.IPv4Network) -> str:
    return base.rstrip("/") + f"/ip/{network.network_address}/{network.prefixlen}"


def _is_ipv4_address(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def parse_range(cidr: str) -> ipaddress.IPv4Network:
    """The IPv4 network written in ``cidr``; ValueError with one sentence if it isn't one."""
    text = str(cidr).strip()
    if "/" not in text and _is_ipv4_address(text):
        raise ValueError(
            f"{clean_text(text, 60)!r} has no prefix length; write the range as a CIDR, "
            "e.g. 198.51.100.0/24."
        )
    if ":" in text:
        raise ValueError(
            f"{clean_text(text, 60)!r} is IPv6, not an IPv4 range; SES BYOIP takes IPv4 "
            "ranges only, e.g. 198.51.100.0/24."
        )
    try:
        return ipaddress.IPv4Network(text, strict=True)
    except ipaddress.AddressValueError:
        raise ValueError(
            f"{clean_text(text, 60)!r} is not an IPv4 range; write it like 198.51.100.0/24."
        ) from None
    except ValueError as exc:
        if "host bits set" in str(exc):
            fixed = ipaddress.IPv4Network(text, strict=False)
            raise ValueError(f"{text} has host bits set: did you mean {fixed}?") from None
        raise ValueError(
            f"{clean_text(text, 60)!r} is not an IPv4 range; write it like 198.51.100.0/24."
        ) from None


def lookup_rdap(
    cidr: str,
    settings: Settings,
    registry: str | None = None,
    refresh: bool = False,
    fetcher: Fetcher | None = None,
) -> RdapResult:
    """Look up ``cidr`` and check it against ``registry`` (the request's registry field).

    Never raises for network or registry faults; see the module docstring.
    """
    try:
        return _lookup(cidr, settings, registry, refresh, fetcher or UrllibFetcher())
    except Exception as exc:  # a bug here must not take the UI or the CLI down
        return _failed(str(cidr), "rdap.internal", bug_sentence("The registry lookup", exc))


def _failed(cidr: str, code: str, message: str, requests: int = 0) -> RdapResult:
    return failed_result(RdapResult, "rdap", cidr, code, message, requests)


class _Session(CachingSession):
    """One lookup's shared state: fetcher, cache, deadline, request count."""

    def __init__(self, settings: Settings, fetcher: Fetcher, refresh: bool, started: float) -> None:
        cacheable = bool(getattr(fetcher, "cacheable", False))
        cache = RdapCache(settings.cache_dir, settings.rdap_cache_ttl) if cacheable else None
        deadline = started + settings.rdap_timeout * (settings.rdap_retries + 1)
        super().__init__(cache, refresh, deadline)
        self.settings = settings
        self.fetcher = fetcher

    def registration(
        self, url: str, query: ipaddress.IPv4Network
    ) -> tuple[CachedAnswer, Registration]:
        """The answer for ``url`` (from the cache when fresh) and its parsed registration."""
        return self.answer(
            url,
            lambda: fetch_document(
                self.fetcher,
                url,
                timeout=self.settings.rdap_timeout,
                retries=self.settings.rdap_retries,
                deadline=self.deadline,
            ),
            lambda document: parse_registration(document, query),
            (RdapFault,),
        )


def _lookup(
    cidr: str, settings: Settings, registry: str | None, refresh: bool, fetcher: Fetcher
) -> RdapResult:
    started = time.monotonic()
    try:
        wanted = parse_range(cidr)
    except ValueError as exc:
        return _failed(clean_text(cidr, 60), "rdap.bad_range", str(exc))
    session = _Session(settings, fetcher, refresh, started)
    iana_rir = iana_registry_for(wanted)
    base = settings.rdap_base_url or RDAP_BASE_URLS[iana_rir or "ARIN"]
    url = query_url(base, wanted)
    replay = fetcher if isinstance(fetcher, RecordedFetcher) else None
    replayed, missed = (len(replay.stamps), replay.misses) if replay else (0, 0)
    try:
        answer, registration = session.registration(url, wanted)
    except RdapFault as fault:
        if replay is not None and fault.code == "rdap.not_found" and replay.misses > missed:
            return _failed(str(wanted), "rdap.no_recording", no_recording_message(wanted))
        return _failed(str(wanted), fault.code, fault.message, session.requests)

    result = RdapResult(
        cidr=str(wanted),
        status="ok",
        rir=registration.rir or iana_rir,
        rir_evidence=registration.rir_evidence,
        network=registration.network,
        registrant=registration.registrant,
        covers_range=registration.network.contains(wanted),
        certificates=registration.certificates,
        source_url=answer.url,
        checked_at=answer.fetched_at,
    )
    findings: list[Finding] = []
    findings += registry_findings(result.rir, registration, registry, iana_rir)
    findings += registrant_findings(registration.registrant, result.rir)
    findings += coverage_findings(wanted, registration.network)
    findings += type_findings(registration.network)
    findings += certificate_findings(registration)
    if replay is not None:
        result.recorded = earliest(replay.stamps[replayed:])
        moment = stamp_time(result.recorded)
        result.checked_at = moment.timestamp() if moment else 0.0  # never today's date
        findings.append(recording_finding(result.recorded))
    if result.covers_range and wanted.prefixlen < 24:
        findings += _more_specific_findings(session, wanted, registration, result, base)
    result.findings = sort_findings(findings)
    result.requests = session.requests
    result.from_cache = session.from_cache
    return result


# -- more specific registrations inside the range ---------------------------------------


def _more_specific_findings(
    session: _Session,
    wanted: ipaddress.IPv4Network,
    main: Registration,
    result: RdapResult,
    base: str,
) -> list[Finding]:
    # Never list every /24: a /8 has 65,536 of them and a /0 sixteen million.
    total = wanted.num_addresses // 256
    checked = list(itertools.islice(wanted.subnets(new_prefix=24), MAX_SUBQUERIES))

    def one(subnet: ipaddress.IPv4Network) -> Registration | RdapFault:
        try:
            return session.registration(query_url(base, subnet), subnet)[1]
        except RdapFault as fault:
            return fault

    with ThreadPoolExecutor(max_workers=min(SUBQUERY_WORKERS, len(checked))) as pool:
        answers = list(pool.map(one, checked))

    findings: list[Finding] = []
    seen: set[str] = set()
    failed = 0
    for answer in answers:
        if isinstance(answer, RdapFault):
            failed += answer.code != "rdap.not_found"
            continue
        network = answer.network
        if network.handle == main.network.handle or network.handle in seen:
            continue
        if network.size >= main.network.size:
            continue  # the server answered with a parent: nothing more specific
        seen.add(network.handle)
        other = _other_holder(main.registrant, answer.registrant)
        result.more_specific.append(MoreSpecific(network, answer.registrant, other))
        holder = answer.registrant
        who = holder_label(holder) if holder else "no named holder"
        if other:
            findings.append(
                error(
                    "ip_range",
                    "rdap.held_by_other",
                    f"{network.cidr} inside {wanted} is registered separately ({network.handle}, "
                    f"{network.type or 'type not given'}) to {who}; only addresses you hold "
                    "can be brought: leave that part out or have its holder join the request.",
                )
            )
        else:
            findings.append(
                info(
                    "ip_range",
                    "rdap.more_specific",
                    f"{network.cidr} inside {wanted} has its own registration "
                    f"({network.handle}, {network.type or 'type not given'}), same holder.",
                )
            )
    if failed or total > len(checked):
        unchecked = failed + total - len(checked)
        findings.append(
            warning(
                "ip_range",
                "rdap.coverage_incomplete",
                f"{unchecked:,} of the {total:,} /24 blocks in {wanted} could not be checked "
                "for separate registrations; look them up again later.",
            )
        )
    return findings


def _other_holder(main: Registrant | None, other: Registrant | None) -> bool:
    if other is None:
        return False  # nothing says someone else holds it
    if main is None:
        return True
    if other.handle.casefold() == main.handle.casefold():
        return False
    return other.name.casefold() != main.name.casefold() or not other.name
