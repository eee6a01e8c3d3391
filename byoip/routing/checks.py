"""The routing check's rules: from announcements and RPKI validity to findings.

AWS's requirement (docs/SOURCES.md, EC2 "Prerequisites for BYOIP"): a ROA that
authorizes Amazon's ASNs (16509 and 14618; 8987 in GovCloud) and also the
ASNs that announce the range today, with max length = the prefix length.
Each rule here turns one part of that into findings with stable codes:

- ``routing.amazon_missing`` (error): no ROA authorizes an Amazon ASN.
- ``routing.max_length`` (error): a ROA for a needed ASN has a max length shorter
  than the prefix.
- ``routing.origin_unauthorized`` / ``routing.more_specific_unauthorized``
  (warning): today's origin is in no ROA; once ROAs exist its routes turn invalid.
- ``routing.not_announced`` (info), ``routing.source_date`` (info), and the
  ``*_authorized`` infos that say what is already right.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from byoip.findings import Finding, error, info, warning
from byoip.routing.parse import (
    INVALID_ASN,
    INVALID_LENGTH,
    NOT_FOUND,
    VALID,
    RoutingStatus,
    Validation,
)

FIELD = "routing"


def asn_list(asns: Iterable[int]) -> str:
    """``[16509, 14618]`` -> ``"AS16509 and AS14618"``."""
    names = [f"AS{a}" for a in asns]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _deciding_roa(check: Validation) -> str:
    roas = [r for r in check.roas if r.origin == check.asn] or list(check.roas)
    return "; ".join(r.describe() for r in roas[:3])


def amazon_findings(cidr: str, checks: Sequence[Validation]) -> list[Finding]:
    """One finding per kind of answer for Amazon's ASNs (valid, missing, too short)."""
    length = ipaddress.IPv4Network(cidr).prefixlen
    findings: list[Finding] = []
    by_validity: dict[str, list[Validation]] = {}
    for check in checks:
        by_validity.setdefault(check.validity, []).append(check)
    if by_validity.get(VALID):
        valid = by_validity[VALID]
        findings.append(
            info(
                FIELD,
                "routing.amazon_authorized",
                f"A ROA authorizes {asn_list(c.asn for c in valid)} to announce {cidr} "
                f"({_deciding_roa(valid[0])}).",
            )
        )
    missing = by_validity.get(NOT_FOUND, []) + by_validity.get(INVALID_ASN, [])
    if missing:
        names = asn_list(c.asn for c in missing)
        if all(c.validity == NOT_FOUND for c in missing):
            why = f"No ROA covers {cidr}"
        else:
            others = sorted({r.origin for c in missing for r in c.roas})
            why = f"ROAs cover {cidr} (for {asn_list(others)}) but none authorizes {names}"
        findings.append(
            error(
                FIELD,
                "routing.amazon_missing",
                f"{why}: create a ROA for {cidr} with origin {names}, max length /{length}, "
                "at your registry before AWS announces the range.",
            )
        )
    short = by_validity.get(INVALID_LENGTH, [])
    if short:
        findings.append(_max_length_finding(cidr, short, "Amazon's"))
    return findings


def _max_length_finding(cidr: str, checks: Sequence[Validation], whose: str) -> Finding:
    length = ipaddress.IPv4Network(cidr).prefixlen
    names = asn_list(c.asn for c in checks)
    roas = [r for c in checks for r in c.roas if r.origin == c.asn]
    shortest = min((r.max_length for r in roas), default=None)
    have = f"max length /{shortest}" if shortest is not None else "a max length"
    return error(
        FIELD,
        "routing.max_length",
        f"The ROA for {whose} {names} covering {cidr} has {have}, shorter than the prefix "
        f"/{length}, so announcing {cidr} is invalid: set the max length to /{length}.",
    )


def origin_findings(cidr: str, checks: Sequence[Validation]) -> list[Finding]:
    """Today's origins of the range itself: each must stay authorized (AWS asks for them too)."""
    findings: list[Finding] = []
    valid = [c for c in checks if c.validity == VALID]
    if valid:
        findings.append(
            info(
                FIELD,
                "routing.origin_authorized",
                f"{asn_list(c.asn for c in valid)}, which announces {cidr} today, is authorized "
                "by a ROA: keep it in the ROA until AWS announces the range.",
            )
        )
    unauthorized = [c for c in checks if c.validity in (NOT_FOUND, INVALID_ASN)]
    if unauthorized:
        names = asn_list(c.asn for c in unauthorized)
        findings.append(
            warning(
                FIELD,
                "routing.origin_unauthorized",
                f"{names} announces {cidr} today but no ROA authorizes it: add it to the ROA "
                "too, or its announcement turns invalid once Amazon's ROA exists and routing "
                "to the range breaks.",
            )
        )
    short = [c for c in checks if c.validity == INVALID_LENGTH]
    if short:
        findings.append(_max_length_finding(cidr, short, "today's origin"))
    return findings


def more_specific_findings(cidr: str, checks: Sequence[Validation]) -> list[Finding]:
    """Announcements inside the range today (e.g. /24s of a /22): each needs its own ROA entry."""
    findings: list[Finding] = []
    for check in checks:
        if check.validity == VALID:
            continue
        length = ipaddress.IPv4Network(check.prefix).prefixlen
        findings.append(
            warning(
                FIELD,
                "routing.more_specific_unauthorized",
                f"{check.prefix} inside {cidr} is announced today by AS{check.asn}, and no ROA "
                f"authorizes that ({check.validity}): add a ROA for {check.prefix} with origin "
                f"AS{check.asn}, max length /{length}, or that route turns invalid.",
            )
        )
    return findings


def announcement_findings(cidr: str, status: RoutingStatus) -> list[Finding]:
    """Not announced at all, or only inside a larger announcement (both informational)."""
    if status.origins or status.more_specifics:
        return []
    seen = (
        f" ({status.peers_seeing} of {status.total_peers} RIS peers see it)"
        if status.total_peers
        else ""
    )
    if status.less_specifics:
        cover = status.less_specifics[0]
        return [
            info(
                FIELD,
                "routing.not_announced",
                f"{cidr} is not announced as its own prefix today; it is inside {cover.prefix} "
                f"from AS{cover.origin}, which a ROA for {cidr} does not change. Only Amazon's "
                "ASNs need the ROA.",
            )
        ]
    return [
        info(
            FIELD,
            "routing.not_announced",
            f"{cidr} is not announced anywhere RIS sees today{seen}: only Amazon's ASNs need "
            "the ROA.",
        )
    ]


def source_date_finding(source: str, data_time: str | None, validator: str) -> Finding:
    when = f"is from {data_time} UTC" if data_time else "gives no date"
    by = f", validator {validator}" if validator else ""
    return info(
        FIELD,
        "routing.source_date",
        f"The routing data from {source} {when}{by}; a ROA created in the last 24 hours "
        "may not show yet (AWS's EC2 BYOIP guide: a ROA can take up to 24 hours to be visible).",
    )


def no_recording_message(wanted: str) -> str:
    return (
        f"No recording covers {wanted}: this is a replay of recorded routing answers, so "
        "whether a ROA authorizes AWS is not known; look the range up live."
    )


def unknown_partition_finding(region: str) -> Finding:
    return warning(
        FIELD,
        "routing.amazon_asns_unknown",
        f"Which ASNs announce ranges for {region} is not in this tool's sources (AWS's EC2 "
        "BYOIP prerequisites name 16509 and 14618, and 8987 for GovCloud): ask AWS which "
        "ASNs the ROA must authorize.",
    )


__all__ = [
    "INVALID_ASN",
    "INVALID_LENGTH",
    "NOT_FOUND",
    "VALID",
    "amazon_findings",
    "announcement_findings",
    "asn_list",
    "more_specific_findings",
    "no_recording_message",
    "origin_findings",
    "source_date_finding",
    "unknown_partition_finding",
]
