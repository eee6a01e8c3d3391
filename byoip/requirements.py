"""The requirements of the AWS BYOIP page, and where a request stands on each.

``REQUIREMENTS`` holds, for every requirement and consideration of the AWS
page (ses-byoip-user-guide.md), the page's own words, why AWS asks, and how
this tool checks it.  ``assess`` says for one request whether each is met,
not met, or not yet known, and names the finding that decides it: a rule in
``byoip.fields``, the registration lookup (``byoip.rdap``), the blocklist
sweep (``byoip.reputation``), the routing check (``byoip.routing``), the proof
check (``byoip.proof``), or what the
drafts folder shows (``byoip.across.cross_draft_findings``).

The requirements are decided from *findings*, by code: the module that knows
a fact reports it as a finding, and this module only maps findings to
requirements.  It never looks anything up itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from byoip.findings import Finding, Severity, info, sort_findings
from byoip.request import Request


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    title: str
    #: The AWS page's words, verbatim (ses-byoip-user-guide: the Amazon SES developer
    #: guide, https://docs.aws.amazon.com/ses/latest/dg/dedicated-ip-byo.html); "[…]"
    #: marks words left out.
    aws_text: str
    #: Why AWS asks (in plain words).
    why: str
    #: How ses-byoip checks it.
    how_checked: str
    #: The wizard step where the person acts on it.
    step: str
    #: False when nothing here can check it: only the person can confirm it.
    checked_here: bool = True


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "rir_registration",
        "Registered with an RIR",
        "The address range has to be registered with your Regional internet registry (RIR), "
        "such as the American Registry for Internet Numbers (ARIN), Réseaux IP Européens "
        "Network Coordination Centre (RIPE NCC), or Asia-Pacific Network Information Centre "
        "(APNIC).",
        "AWS confirms who holds the range in the registry's public record. AWS's EC2 BYOIP "
        "rules, which the SES page does not repeat, say more: BYOIP supports registrations "
        "in ARIN, RIPE and APNIC, and legacy allocations are not supported "
        "(docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-byoip.html).",
        "The registration lookup (RDAP) asks the registry that holds the range and checks "
        "that its record covers the whole range. Legacy space is not met; a LACNIC or "
        "AFRINIC range stays open until AWS confirms it; a national registry (JPNIC, NIC.br …) "
        "is named with its RIR.",
        "registry",
    ),
    Requirement(
        "business_registrant",
        "Registered to a business",
        "The address range has to be registered to a business or institutional entity and "
        "can't be registered to a person.",
        "Ranges registered to a person are refused; AWS deals with organisations.",
        "The holder in the RDAP record is read from all it says: the organisation object "
        "(ORG-…), the vCard kind (not LACNIC's, which calls companies individuals), a legal "
        "form in the name (S.A., GmbH, Inc. …), or the description that names it. A person "
        "only on positive evidence; when the record does not say, it stays open with what "
        "to check in the registry.",
        "registry",
    ),
    Requirement(
        "proof_of_ownership",
        "Proof of ownership",
        "You have to be able to provide proof that you own the address range by submitting "
        "a signed authorization message.",
        "The signature shows that whoever controls the range agrees to bring it to this "
        "AWS account.",
        "The proof step verifies the signed authorization message against your certificate "
        "(account, range, expiry, RSA-PSS signature).",
        "proof",
    ),
    Requirement(
        "clean_history",
        "Clean history",
        "The addresses in the IP address range have to have a clean history. We might "
        "investigate the reputation of the IP address range, and we reserve the right to "
        "reject an IP address range if it contains IP addresses that have poor reputations "
        "or are associated with malicious behavior.",
        "SES's shared reputation depends on every range it sends from.",
        "Every address is checked against the DNS blocklists in your settings.",
        "ip_range",
    ),
    Requirement(
        "prefix_24",
        "/24 or larger",
        "The most specific address range that you can specify is /24. […] You have to "
        "transfer the entire range—Amazon SES doesn't currently allow you to transfer "
        "individual IP addresses.",
        "SES moves whole routed blocks, never single addresses.",
        "The range rule: a CIDR with prefix length /24 or shorter, at its network address, "
        "outside special-purpose space.",
        "ip_range",
    ),
    Requirement(
        "one_region",
        "One Region",
        "If you use BYOIP for a specific range of IP addresses, you can only access that range "
        "from a single AWS Region.",
        "A range is announced from one Region only.",
        "The Region rule, and no other draft asks for the same range in another Region.",
        "region",
    ),
    Requirement(
        "five_per_region",
        "Five ranges per Region",
        "You can bring five address ranges per Region to your AWS account.",
        "A per-account quota.",
        "Counts the drafts in your drafts folder for the same account and Region "
        "(ranges already with AWS are not known here).",
        "region",
    ),
    Requirement(
        "no_shared_pool",
        "No shared IP pool",
        "If you use your own IP addresses, you can't use the addresses in the pool of shared "
        "Amazon SES IP addresses. If you need to use these shared IP addresses, you can use "
        "Amazon SES in a different AWS Region, or create a new AWS account.",
        "Our reading (an inference from the page's remedy, not its words): the shared pool "
        "is lost in the Region of the range, so sending that needs it moves to another "
        "Region or account.",
        "Not checkable from here: confirm that no sending in this Region needs the shared pool "
        "(or use another Region or account).",
        "region",
        checked_here=False,
    ),
    Requirement(
        "roa_authorizes_aws",
        "ROA authorizes AWS",
        # The SES page says nothing about ROAs: these are our words for what EC2's BYOIP
        # prerequisites ask (docs/SOURCES.md), and the text says so.
        "(Not on the SES page; our summary of EC2's BYOIP prerequisites, "
        "docs.aws.amazon.com/AWSEC2/latest/UserGuide/prepare-for-byoip.html:) a ROA must "
        "authorize Amazon's ASNs 16509 and 14618 (8987 in GovCloud), and also the ASNs that "
        "announce the range today, with max length = the prefix length.",
        "Without the ROA, networks that validate routes drop AWS's announcement of your "
        "range; without today's origins in it, your current routing breaks first.",
        "The routing check asks a RIPEstat-shaped API who announces the range today and, "
        "for Amazon's ASNs and each of today's origins, whether a ROA makes it valid.",
        "proof",
    ),
)

REQUIREMENTS_BY_ID: dict[str, Requirement] = {r.id: r for r in REQUIREMENTS}


class Verdict(Enum):
    """(symbol, word): shown together, so the verdict never depends on colour."""

    MET = ("✔", "met")
    NOT_MET = ("✖", "not met")
    UNKNOWN = ("?", "not yet known")

    @property
    def symbol(self) -> str:
        return self.value[0]

    @property
    def word(self) -> str:
        return self.value[1]


@dataclass(frozen=True, slots=True)
class RequirementStatus:
    requirement: Requirement
    verdict: Verdict
    #: The finding that decides the verdict (None only while nothing is known at all).
    finding: Finding | None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.requirement.id,
            "verdict": self.verdict.word,
            "finding": self.finding.to_dict() if self.finding else None,
        }


#: Finding codes (or code prefixes ending in ".") that decide each requirement.
#: An error among them makes the requirement "not met"; an info (or, where
#: ``WARNING_IS_UNKNOWN`` doesn't say otherwise, a warning) makes it "met".
DECIDING_CODES: dict[str, tuple[str, ...]] = {
    "rir_registration": (
        "rdap.not_found",
        "rdap.partial_coverage",
        "rdap.held_by_other",
        "rdap.coverage_incomplete",
        "rdap.rir_unknown",
        "rdap.legacy",
        "rdap.rir_unconfirmed",
        "rdap.held_by_provider",
        "rdap.transferred",
        "rdap.larger_network",
        "rdap.type",
    ),
    "business_registrant": (
        "rdap.registrant",
        "rdap.registrant_person",
        "rdap.registrant_kind",
        "rdap.registrant_unknown",
    ),
    "proof_of_ownership": ("proof.",),
    "clean_history": ("reputation.",),
    "roa_authorizes_aws": ("routing.",),
    # Only the prefix length decides it: host bits set (a typo in the network address)
    # or a special-purpose block are the field's errors, not "smaller than a /24".
    "prefix_24": ("ip_range.too_specific", "ip_range.size"),
    # A Region named (region.name), or another draft asking for the range elsewhere; a
    # typo in the Region is the field's error, not two Regions.
    "one_region": ("region.name", "cross.two_regions"),
    "five_per_region": ("cross.too_many_ranges",),
    "no_shared_pool": (),
}

#: Field findings that mean the range could not be read at all: nothing is known about it.
UNREADABLE_RANGE_CODES = frozenset({"ip_range.invalid", "ip_range.ipv6"})

#: Requirements a warning leaves open (e.g. a blocklist that could not be asked
#: says nothing about the range's history).
WARNING_IS_UNKNOWN = frozenset({"business_registrant", "clean_history"})
#: Warnings that leave their requirement open whatever it is: a LACNIC or AFRINIC
#: range is registered, but whether AWS takes it is for AWS to confirm first.
WARNINGS_LEAVING_OPEN = frozenset({"rdap.rir_unconfirmed"})

#: Routing-check codes that mean "no answer" (or no source for Amazon's ASNs): the
#: requirement stays "not yet known".
ROUTING_FAILURE_CODES = frozenset(
    {
        "routing.timeout",
        "routing.unreachable",
        "routing.server_error",
        "routing.rate_limited",
        "routing.malformed",
        "routing.source_error",
        "routing.internal",
        "routing.rejected",
        "routing.too_large",
        "routing.bad_range",
        "routing.amazon_asns_unknown",
        "routing.no_recording",
    }
)

#: Registration-lookup codes that mean "no answer" (not "no registration"):
#: the requirements RDAP decides stay "not yet known".
RDAP_FAILURE_CODES = frozenset(
    {
        "rdap.timeout",
        "rdap.unreachable",
        "rdap.server_error",
        "rdap.rate_limited",
        "rdap.redirect_loop",
        "rdap.malformed",
        "rdap.internal",
        "rdap.rejected",
        "rdap.error_object",
        "rdap.too_large",
        "rdap.bad_range",
        "rdap.no_recording",
    }
)


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(code == p or (p.endswith(".") and code.startswith(p)) for p in patterns)


def _deciding(findings: Iterable[Finding], requirement_id: str) -> list[Finding]:
    return sort_findings(f for f in findings if _matches(f.code, DECIDING_CODES[requirement_id]))


def _from_findings(
    requirement: Requirement,
    findings: Sequence[Finding] | None,
    *,
    met_when_silent: Finding | None = None,
    unknown: Finding | None = None,
) -> RequirementStatus:
    """Decide one requirement from its source's findings (None: the source hasn't answered)."""
    if findings is None:
        return RequirementStatus(requirement, Verdict.UNKNOWN, unknown)
    deciding = _deciding(findings, requirement.id)
    if deciding and deciding[0].severity is Severity.ERROR:
        return RequirementStatus(requirement, Verdict.NOT_MET, deciding[0])
    if deciding and deciding[0].severity is Severity.WARNING:
        leaving_open = next((f for f in deciding if f.code in WARNINGS_LEAVING_OPEN), None)
        if leaving_open is not None:
            return RequirementStatus(requirement, Verdict.UNKNOWN, leaving_open)
        verdict = Verdict.UNKNOWN if requirement.id in WARNING_IS_UNKNOWN else Verdict.MET
        return RequirementStatus(requirement, verdict, deciding[0])
    if deciding:
        return RequirementStatus(requirement, Verdict.MET, deciding[0])
    if met_when_silent is not None:
        return RequirementStatus(requirement, Verdict.MET, met_when_silent)
    return RequirementStatus(requirement, Verdict.UNKNOWN, unknown)


def assess(
    request: Request,
    field_findings: Sequence[Finding] = (),
    *,
    rdap_findings: Sequence[Finding] | None = None,
    reputation_findings: Sequence[Finding] | None = None,
    proof_findings: Sequence[Finding] | None = None,
    draft_findings: Sequence[Finding] | None = None,
    routing_findings: Sequence[Finding] | None = None,
) -> list[RequirementStatus]:
    """Where ``request`` stands on every requirement, in the order of ``REQUIREMENTS``.

    ``field_findings`` are the rules' findings (``byoip.fields.check_request``);
    each other argument is None while its source has not answered (no lookup
    yet, no proof, no drafts folder read), which makes the requirements it
    decides "not yet known".
    """
    R = REQUIREMENTS_BY_ID
    failure = next(
        (f for f in rdap_findings or () if f.code in RDAP_FAILURE_CODES),
        None,
    )
    if failure is not None:
        rdap_findings = None
    has_range = bool(request.ip_range.strip())
    has_region = bool(request.region.strip())
    range_findings = [f for f in field_findings if f.code.startswith("ip_range.")]
    unreadable = next((f for f in range_findings if f.code in UNREADABLE_RANGE_CODES), None)
    special = next((f for f in range_findings if f.code == "ip_range.special"), None)
    region_wrong = any(
        f.code.startswith("region.") and f.severity is Severity.ERROR for f in field_findings
    )
    statuses = [
        _rir_registration(R["rir_registration"], rdap_findings, has_range, failure, special),
        _from_findings(
            R["business_registrant"],
            rdap_findings,
            unknown=failure or _NEEDS_RDAP,
        ),
        _from_findings(
            R["proof_of_ownership"],
            proof_findings,
            unknown=info(
                "proof",
                "requirements.needs_proof",
                "Sign the authorization message in the proof step.",
            ),
        ),
        _from_findings(
            R["clean_history"],
            reputation_findings,
            unknown=info(
                "reputation",
                "requirements.needs_sweep",
                "Known once every address has been checked against the blocklists.",
            ),
        ),
        _from_findings(
            R["prefix_24"],
            range_findings if has_range and unreadable is None else None,
            unknown=info(
                "ip_range",
                "requirements.needs_range",
                "Known once the range is an IPv4 CIDR (see the IP range field)."
                if unreadable
                else "Enter the IP range.",
            ),
        ),
        _from_findings(
            R["one_region"],
            [
                *(f for f in field_findings if f.code.startswith("region.")),
                *(draft_findings or ()),
            ]
            if has_region and not region_wrong
            else None,
            unknown=info(
                "region",
                "requirements.needs_region",
                "Known once the Region is a valid SES Region."
                if region_wrong
                else "Choose the Region.",
            ),
        ),
        _from_findings(
            R["five_per_region"],
            draft_findings if has_region else None,
            met_when_silent=info(
                "region",
                "requirements.per_region_drafts",
                "Your drafts folder has no more than five ranges for this account and Region "
                "(ranges AWS already has for the account are not known here).",
            ),
            unknown=info(
                "region",
                "requirements.needs_drafts",
                "Known once the Region is chosen and the drafts folder has been read.",
            ),
        ),
        RequirementStatus(
            R["no_shared_pool"],
            Verdict.UNKNOWN,
            info(
                "region",
                "requirements.shared_pool",
                "Only you can tell: in this Region the account will no longer use the shared "
                "SES addresses; use another Region or account for mail that needs them.",
            ),
        ),
        _routing(R["roa_authorizes_aws"], routing_findings),
    ]
    return statuses


def _routing(
    requirement: Requirement, routing_findings: Sequence[Finding] | None
) -> RequirementStatus:
    failure = next((f for f in routing_findings or () if f.code in ROUTING_FAILURE_CODES), None)
    return _from_findings(
        requirement,
        None if failure is not None else routing_findings,
        unknown=failure
        or info(
            "routing",
            "requirements.needs_routing",
            "Known once the routing check has answered (ROAs and today's announcements).",
        ),
    )


_NEEDS_RDAP = info(
    "rdap", "requirements.needs_rdap", "Known once the registration lookup has answered."
)


def _rir_registration(
    requirement: Requirement,
    rdap_findings: Sequence[Finding] | None,
    has_range: bool,
    failure: Finding | None,
    special: Finding | None = None,
) -> RequirementStatus:
    if special is not None:
        # Special-purpose space (documentation, private, …) is registered to no one.
        return RequirementStatus(requirement, Verdict.NOT_MET, special)
    if not has_range:
        return RequirementStatus(
            requirement,
            Verdict.UNKNOWN,
            info("ip_range", "requirements.needs_range", "Enter the IP range."),
        )
    return _from_findings(
        requirement,
        rdap_findings,
        met_when_silent=info(
            "rdap",
            "requirements.registered",
            "The registry's RDAP record covers the whole range.",
        ),
        unknown=failure or _NEEDS_RDAP,
    )
