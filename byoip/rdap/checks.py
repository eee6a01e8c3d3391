"""What the registry lookup finds in one registration: the checks, as findings.

Pure functions of the parsed answer (``byoip.rdap.parse``) and the request; the
codes are stable (``byoip.requirements`` and scripts rely on them):
``rdap.registry_mismatch`` (field registry), ``rdap.rir_unknown``,
``rdap.transferred``, ``rdap.rir_unconfirmed``, ``rdap.registrant`` / ``_person`` /
``_kind`` / ``_unknown``,
``rdap.partial_coverage``, ``rdap.larger_network``, ``rdap.legacy``,
``rdap.held_by_provider``, ``rdap.type``, ``rdap.certificate`` / ``_expired`` /
``_unreadable``.  ``byoip.rdap`` adds ``rdap.held_by_other``,
``rdap.more_specific``, ``rdap.coverage_incomplete`` and the fault codes.
"""

from __future__ import annotations

import ipaddress

from byoip.findings import Finding, error, info, warning
from byoip.rdap.holder import ORGANIZATION, PERSON, holder_label, name_origin, where_to_check
from byoip.rdap.parse import Network, Registrant, Registration
from byoip.recording import recording_words
from byoip.registries import (
    EC2_BYOIP_URL,
    NATIONAL_REGISTRIES,
    UNCONFIRMED_RIRS,
    national_registry,
    normalize_registry,
    unconfirmed_registry,
)

#: Registration types (and status words) meaning another party holds the
#: block the range was carved from, or a record outside the RIR's policies.
_HELD_BY_PROVIDER = (
    "REASSIGNMENT",
    "REALLOCATION",
    "REASSIGNED",
    "REALLOCATED",
    "ASSIGNED PA",
    "SUB-ALLOCATED PA",
    "LIR-PARTITIONED PA",
    "NON-PORTABLE",
)


def _requested_rir(registry: str) -> tuple[str | None, str]:
    rir = normalize_registry(registry)
    if rir:
        return rir, rir
    national = national_registry(registry)
    if national:
        return NATIONAL_REGISTRIES[national], national
    return None, registry


def registry_findings(
    rir: str | None, registration: Registration, registry: str | None, iana_rir: str | None
) -> list[Finding]:
    """``rir``: the RIR the result reports (from the answer, else IANA's map)."""
    findings: list[Finding] = []
    if registration.rir is None:
        assumed = rir or "unknown"
        findings.append(
            warning(
                "rdap",
                "rdap.rir_unknown",
                f"The answer doesn't say which registry holds it; assuming {assumed} "
                "from IANA's map. Check the registry's own website.",
            )
        )
    elif iana_rir and registration.rir != iana_rir:
        findings.append(
            info(
                "rdap",
                "rdap.transferred",
                f"IANA's map points to {iana_rir}, but {registration.rir} holds the record "
                f"({registration.rir_evidence}): the range was transferred.",
            )
        )
    if rir in UNCONFIRMED_RIRS:
        findings.append(unconfirmed_registry("rdap", "rdap.rir_unconfirmed", rir))
    if registry and registry.strip() and rir:
        requested, named = _requested_rir(registry)
        if requested and requested != rir:
            findings.append(
                error(
                    "registry",
                    "rdap.registry_mismatch",
                    f"The request names {named}, but the range is registered with "
                    f"{rir} ({registration.rir_evidence}); name {rir}.",
                )
            )
    return findings


def registrant_findings(registrant: Registrant | None, rir: str | None = None) -> list[Finding]:
    """The holder's verdict: organization (info), person (error), not known (warning).

    A person is an error only on positive evidence (``byoip.rdap.holder``);
    anything thinner is a warning that says where in the registry to look.
    """
    where = where_to_check(rir)
    if registrant is None:
        return [
            warning(
                "ip_range",
                "rdap.registrant_unknown",
                "The registration names no holder (no registrant or organisation entity, "
                f"no description); AWS requires a business or institution, so check {where} "
                "and be ready to prove who holds the range.",
            )
        ]
    label = holder_label(registrant)
    source = name_origin(registrant)
    if registrant.kind == PERSON:
        return [
            error(
                "ip_range",
                "rdap.registrant_person",
                f"The range is registered to a person, {label} ({registrant.evidence}); AWS "
                "requires it to be registered to a business or institution: update the "
                "registration first.",
            )
        ]
    if registrant.kind != ORGANIZATION:
        return [
            warning(
                "ip_range",
                "rdap.registrant_kind",
                f"The registry names the holder {label} ({source}) but not whether it is an "
                f"organization or a person ({registrant.evidence}); check {where} that the "
                "range is registered to your business or institution.",
            )
        ]
    return [
        info(
            "ip_range",
            "rdap.registrant",
            f"Registered to {label}, an organization ({registrant.evidence})"
            + ("." if registrant.name_source.endswith("vCard") else f"; {source}."),
        )
    ]


def coverage_findings(wanted: ipaddress.IPv4Network, network: Network) -> list[Finding]:
    if network.contains(wanted):
        if network.size > wanted.num_addresses:
            return [
                info(
                    "ip_range",
                    "rdap.larger_network",
                    f"{wanted} is part of the larger registration {network.cidr} "
                    f"({network.handle}); the holder of that registration must authorize it.",
                )
            ]
        return []
    covered = network.overlap(wanted)
    return [
        error(
            "ip_range",
            "rdap.partial_coverage",
            f"The registration {network.handle} ({network.start} - {network.end}) covers "
            f"only {covered} of the {wanted.num_addresses} addresses in {wanted}; request "
            "only what that registration covers, or check each part separately.",
        )
    ]


def type_findings(network: Network) -> list[Finding]:
    findings: list[Finding] = []
    kind = network.type.upper()
    squashed = kind.replace("-", "").replace(" ", "")  # LACNIC writes "re-allocated"
    words = {s.lower() for s in network.status}
    if "LEGACY" in kind or "legacy" in words:
        findings.append(
            error(
                "ip_range",
                "rdap.legacy",
                f"The registration is legacy space ({network.type or 'status legacy'}), and "
                "AWS's BYOIP rules say legacy allocations are not supported "
                f"({EC2_BYOIP_URL}); bring a range that is not legacy space.",
            )
        )
    elif "ALLOCATED-ASSIGNED" in kind:
        # RIPE: an LIR's allocation that it assigned in whole to itself (the RIPE
        # Database's inetnum status values, https://docs.db.ripe.net/): no other holder.
        findings.append(info("ip_range", "rdap.type", f"Registration type: {network.type}."))
    elif any(marker.replace("-", "").replace(" ", "") in squashed for marker in _HELD_BY_PROVIDER):
        findings.append(
            warning(
                "ip_range",
                "rdap.held_by_provider",
                f"The registration type is {network.type}: the range was given out by "
                f"another holder (parent {network.parent_handle or 'not named'}), who may "
                "need to authorize the request.",
            )
        )
    elif network.type:
        findings.append(info("ip_range", "rdap.type", f"Registration type: {network.type}."))
    return findings


def certificate_findings(registration: Registration) -> list[Finding]:
    findings = [
        warning("rdap", "rdap.certificate_unreadable", problem)
        for problem in registration.certificate_problems
    ]
    for cert in registration.certificates:
        if cert.expired:
            findings.append(
                warning(
                    "rdap",
                    "rdap.certificate_expired",
                    f"The certificate in the registry remarks ({cert.subject}) expired on "
                    f"{cert.not_after[:10]}; publish a new one.",
                )
            )
        else:
            findings.append(
                info(
                    "rdap",
                    "rdap.certificate",
                    f"The registry remarks hold a certificate for {cert.subject}, valid until "
                    f"{cert.not_after[:10]} (SHA-256 {cert.sha256[:16]}…).",
                )
            )
    return findings


def recording_finding(stamp: str) -> Finding:
    """A replayed answer says so, with the recording's date (``byoip.recording``)."""
    return info(
        "rdap",
        "rdap.recording",
        f"This registration answer is {recording_words(stamp)}, not a live answer from the "
        "registry; look the range up live before you send the request.",
    )


def no_recording_message(wanted: ipaddress.IPv4Network) -> str:
    return (
        f"No recording covers {wanted}: this is a replay of recorded registry answers, so "
        "its registration is not known; look the range up live."
    )
