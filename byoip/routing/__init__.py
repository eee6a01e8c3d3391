"""The routing check: who announces a range today, and whether ROAs authorize AWS.

``lookup_routing`` is synchronous (the UI runs it in a thread worker) and
never raises for faults of the network or of the source: they come back as a
result with ``status == "error"`` and one sentence.  It finishes within
``routing_timeout × (routing_retries + 1)`` seconds.

Calls (RIPEstat's Data API shapes, docs/SOURCES.md), at most ``WORKERS`` at a time
(RIPEstat allows 8 concurrent requests per address):

1. ``routing-status`` for the range, together with ``rpki-validation`` for
   each of Amazon's ASNs (the Region's partition), at once;
2. then ``rpki-validation`` for each origin that announces the range today,
   and for each announcement inside it (e.g. the /24s of a /22), at once.
"""

from __future__ import annotations

import ipaddress
import itertools
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from byoip.config import Settings
from byoip.fetching import Fetched, Fetcher, LookupOutcome, bug_sentence, failed_result
from byoip.findings import Finding, sort_findings
from byoip.proof import GOVCLOUD_ROA_ASNS, ROA_ASNS
from byoip.rdap import parse_range
from byoip.rdap.cache import CachingSession
from byoip.rdap.transport import UrllibFetcher
from byoip.recording import earliest, recording_words, stamp_time
from byoip.regions import partition
from byoip.routing.checks import (
    amazon_findings,
    announcement_findings,
    more_specific_findings,
    no_recording_message,
    origin_findings,
    source_date_finding,
    unknown_partition_finding,
)
from byoip.routing.fetch import (
    RecordedRoutingFetcher,
    RoutingCache,
    RoutingFault,
    call_url,
    fetch_call,
    host_of,
)
from byoip.routing.parse import (
    VALID,
    VALIDITY_WORDS,
    Announcement,
    Roa,
    RoutingStatus,
    Validation,
    parse_routing_status,
    parse_validation,
)
from byoip.text import clean_text

__all__ = [
    "VALIDITY_WORDS",
    "Announcement",
    "RecordedRoutingFetcher",
    "Roa",
    "RoaToCreate",
    "RoutingResult",
    "Validation",
    "amazon_asns",
    "lookup_routing",
    "roas_to_create",
]

#: Concurrent calls; RIPEstat's rules allow 8 per address.
WORKERS = 6
#: Announcements inside the range checked at most (a /16 may have hundreds).
MAX_MORE_SPECIFICS = 32

T = TypeVar("T")


def amazon_asns(region: str | None) -> tuple[int, ...] | None:
    """The ASNs AWS announces from in the Region's partition; None where no source says."""

    where = partition(region)
    if where == "aws-us-gov":
        return GOVCLOUD_ROA_ASNS
    if where == "aws-eusc":
        return None  # the European Sovereign Cloud's ASNs are in none of our sources
    return ROA_ASNS


@dataclass(frozen=True, slots=True)
class RoaToCreate:
    """One ROA entry to enter at the registry, and whether the source already sees it."""

    prefix: str
    asn: int
    max_length: int
    why: str  # "Amazon" | "origin today" | "origin of a part"
    exists: bool | None  # None: not checked (no lookup yet)


@dataclass
class RoutingResult(LookupOutcome):
    cidr: str
    status: str = "error"  # "ok" | "error"
    error: str | None = None
    region: str | None = None
    #: Amazon's ASNs for the Region (empty when no source names them).
    amazon: tuple[int, ...] = ()
    routing: RoutingStatus | None = None
    #: One validation per ASN that must be authorized for the range itself.
    asns: list[Validation] = field(default_factory=list)
    #: Validations of today's announcements inside the range (more specific).
    inside: list[Validation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    source_url: str = ""
    checked_at: float = field(default_factory=time.time)
    from_cache: bool = False
    #: The recording's date (``byoip.recording``; "undated" if its file names none) when
    #: the answers were replayed; "" live.
    recorded_at: str = ""
    requests: int = 0

    @property
    def recorded(self) -> bool:
        """Whether the answers were replayed from a recording."""
        return bool(self.recorded_at)

    @property
    def origins(self) -> tuple[int, ...]:
        return self.routing.origins if self.routing else ()

    @property
    def validator(self) -> str:
        return next((v.validator for v in self.asns if v.validator), "")

    def visibility(self) -> dict[str, int] | None:
        if self.routing is None or self.routing.total_peers is None:
            return None
        return {
            "ris_peers_seeing": self.routing.peers_seeing or 0,
            "total_ris_peers": self.routing.total_peers,
        }

    def roles(self, asn: int) -> list[str]:
        roles = []
        if asn in self.amazon:
            roles.append("amazon")
        if asn in self.origins:
            roles.append("origin")
        return roles

    def to_json(self) -> dict[str, Any]:
        """The ``routing`` member of ``lookup --json``."""
        routing = self.routing
        return {
            "status": self.status,
            "error": self.error,
            "cidr": self.cidr,
            "origins": list(self.origins),
            "visibility": self.visibility(),
            "asns": [
                {
                    "asn": v.asn,
                    "roles": self.roles(v.asn),
                    "validity": v.validity,
                    "roas": [r.to_json() for r in v.roas],
                }
                for v in self.asns
            ],
            "inside": [
                {"prefix": v.prefix, "asn": v.asn, "validity": v.validity} for v in self.inside
            ],
            "data_time": routing.data_time if routing else None,
            "validator": self.validator or None,
            "source": self.source_url or None,
            "recorded": self.recorded,
            "findings": [f.to_dict() for f in self.findings],
            **({"recorded_at": self.recorded_at} if self.recorded_at else {}),
        }

    def snapshot(self) -> dict[str, Any]:
        """What the record's ``[routing]`` table keeps (TOML has no null: absent ones left out)."""
        data: dict[str, Any] = {
            "status": self.status,
            "checked_at": self.checked_at_iso,
            "cidr": self.cidr,
            "error": self.error,
            "source": self.source_url or None,
            "recorded": self.recorded_at or None,
            "origins": list(self.origins) if self.ok else None,
            "data_time": self.routing.data_time if self.routing else None,
            "validator": self.validator or None,
        }
        visibility = self.visibility()
        if visibility:
            data.update(visibility)
        if self.asns:
            data["asns"] = [
                {"asn": v.asn, "validity": v.validity, "roles": self.roles(v.asn)}
                for v in self.asns
            ]
        data["findings"] = [f.to_dict() for f in self.findings]
        return {k: v for k, v in data.items() if v is not None and v != ""}


def roas_to_create(
    cidr: str, region: str | None, result: RoutingResult | None = None
) -> list[RoaToCreate]:
    """The exact ROA entries to enter at the registry: prefix, origin ASN, max length.

    Without a lookup: Amazon's ASNs only.  With one: also today's origins of the
    range and of each announcement inside it, each marked as seen or not.
    """
    network = ipaddress.IPv4Network(cidr, strict=True)
    length = network.prefixlen
    verdicts = (
        {(v.prefix, v.asn): v.validity == VALID for v in (result.asns + result.inside)}
        if (result is not None and result.ok)
        else {}
    )
    entries: list[RoaToCreate] = []
    for asn in amazon_asns(region) or ():
        entries.append(
            RoaToCreate(str(network), asn, length, "Amazon", verdicts.get((str(network), asn)))
        )
    if result is not None and result.ok:
        for asn in result.origins:
            if asn not in (amazon_asns(region) or ()):
                entries.append(
                    RoaToCreate(
                        str(network),
                        asn,
                        length,
                        "origin today",
                        verdicts.get((str(network), asn)),
                    )
                )
        for check in result.inside:
            entries.append(
                RoaToCreate(
                    check.prefix,
                    check.asn,
                    ipaddress.IPv4Network(check.prefix).prefixlen,
                    "origin of a part",
                    check.validity == VALID,
                )
            )
    return entries


# -- the lookup ----------------------------------------------------------------------


def lookup_routing(
    cidr: str,
    settings: Settings,
    region: str | None = None,
    refresh: bool = False,
    fetcher: Fetcher | None = None,
    *,
    workers: int = WORKERS,
) -> RoutingResult:
    """Check ``cidr``'s announcements and ROAs for the Region's partition (None: commercial).

    Never raises for network or source faults; see the module docstring.
    ``workers``: calls at a time (1 makes them one after another: the benchmark's baseline).
    """
    try:
        return _lookup(cidr, settings, region, refresh, fetcher or UrllibFetcher(), workers)
    except Exception as exc:  # a bug here must not take the UI or the CLI down
        message = bug_sentence("The routing check", exc)
        return _failed(clean_text(cidr, 60), "routing.internal", message)


def _failed(cidr: str, code: str, message: str, requests: int = 0) -> RoutingResult:
    return failed_result(RoutingResult, "routing", cidr, code, message, requests)


class _Session(CachingSession):
    """One check's shared state: fetcher, cache, deadline, request count."""

    def __init__(self, settings: Settings, fetcher: Fetcher, refresh: bool) -> None:
        cacheable = bool(getattr(fetcher, "cacheable", False))
        cache = RoutingCache(settings.cache_dir, settings.routing_cache_ttl) if cacheable else None
        deadline = time.monotonic() + settings.routing_timeout * (settings.routing_retries + 1)
        super().__init__(cache, refresh, deadline)
        self.settings = settings
        self.fetcher = fetcher
        self.base = settings.routing_base_url

    def call(self, url: str, parse: Callable[[dict[str, Any]], T]) -> T:
        """``parse`` of the answer for ``url`` (cached when fresh; only parsed answers are kept)."""

        def fetch() -> Fetched:
            return fetch_call(
                self.fetcher,
                url,
                timeout=self.settings.routing_timeout,
                retries=self.settings.routing_retries,
                deadline=self.deadline,
            )

        return self.answer(url, fetch, parse, (RoutingFault, KeyError, TypeError))[1]

    def routing_status(self, cidr: str) -> RoutingStatus:
        return self.call(call_url(self.base, "routing-status", resource=cidr), parse_routing_status)

    def validation(self, asn: int, prefix: str) -> Validation:
        url = call_url(self.base, "rpki-validation", resource=f"AS{asn}", prefix=prefix)
        return self.call(url, lambda doc: parse_validation(doc, asn, prefix))


def _parse_range(cidr: str) -> ipaddress.IPv4Network:

    return parse_range(cidr)


def _lookup(
    cidr: str,
    settings: Settings,
    region: str | None,
    refresh: bool,
    fetcher: Fetcher,
    workers: int,
) -> RoutingResult:
    try:
        network = _parse_range(cidr)
    except ValueError as exc:
        return _failed(clean_text(cidr, 60), "routing.bad_range", str(exc))
    wanted = str(network)
    session = _Session(settings, fetcher, refresh)
    replay = fetcher if isinstance(fetcher, RecordedRoutingFetcher) else None
    replayed = len(replay.stamps) if replay else 0
    if replay is not None and not replay.has_answer(
        call_url(settings.routing_base_url, "routing-status", resource=wanted)
    ):
        return _failed(wanted, "routing.no_recording", no_recording_message(wanted))
    amazon = amazon_asns(region)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, WORKERS))) as pool:
        try:
            status_job = pool.submit(session.routing_status, wanted)
            amazon_jobs = [pool.submit(session.validation, asn, wanted) for asn in amazon or ()]
            status = status_job.result()
            amazon_checks = [job.result() for job in amazon_jobs]
            origins = [asn for asn in status.origins if asn not in (amazon or ())]
            inside = list(
                itertools.islice(
                    (a for a in status.more_specifics if _inside(a, network)), MAX_MORE_SPECIFICS
                )
            )
            origin_jobs = [pool.submit(session.validation, asn, wanted) for asn in origins]
            inside_jobs = [pool.submit(session.validation, a.origin, a.prefix) for a in inside]
            origin_checks = [job.result() for job in origin_jobs]
            inside_checks = [job.result() for job in inside_jobs]
        except RoutingFault as fault:
            return _failed(wanted, fault.code, fault.message, session.requests)
    result = RoutingResult(
        cidr=wanted,
        status="ok",
        region=region,
        amazon=tuple(amazon or ()),
        routing=status,
        asns=amazon_checks + origin_checks,
        inside=inside_checks,
        source_url=settings.routing_base_url,
        checked_at=session.oldest or time.time(),
        requests=session.requests,
        from_cache=session.from_cache,
    )
    findings: list[Finding] = []
    if amazon is None:
        findings.append(unknown_partition_finding(clean_text(region, 40)))
    findings += amazon_findings(wanted, amazon_checks)
    findings += origin_findings(wanted, origin_checks)
    findings += more_specific_findings(wanted, inside_checks)
    findings += announcement_findings(wanted, status)
    source = host_of(settings.routing_base_url)
    if replay is not None:
        result.source_url = f"recorded answers in {replay.folders[0]}"
        result.recorded_at = earliest(replay.stamps[replayed:])
        moment = stamp_time(result.recorded_at)
        result.checked_at = moment.timestamp() if moment else 0.0  # never today's date
        source = f"{recording_words(result.recorded_at)}, not a live answer,"
    findings.append(source_date_finding(source, status.data_time, result.validator))
    result.findings = sort_findings(findings)
    return result


def _inside(announcement: Announcement, network: ipaddress.IPv4Network) -> bool:
    try:
        prefix = ipaddress.IPv4Network(announcement.prefix)
    except ValueError:
        return False
    return prefix != network and prefix.subnet_of(network)
