"""The rules for the five fields: pure functions, fast enough to run on every keystroke.

Each ``check_*`` takes what the person typed and returns a ``FieldCheck``: the
value in its normal form (when there is one), the findings (each with a stable
code), and suggestions the UI can offer as one-key fixes.  No rule touches the
network or the disk (IANA's map is loaded once from the package).
"""

from __future__ import annotations

import ipaddress
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from byoip.findings import Finding, error, has_errors, info, warning
from byoip.regions import (
    OTHER_PARTITION_REGIONS,
    PLACES_WITHOUT_SES,
    REGIONS,
    REGIONS_WITHOUT_SES,
    region_label,
    suggest_regions,
)
from byoip.registries import (
    NATIONAL_REGISTRIES,
    RIRS,
    UNCONFIRMED_RIRS,
    bootstrap_publication,
    iana_registry_for,
    national_label,
    national_registry,
    normalize_registry,
    unconfirmed_registry,
)
from byoip.request import USE_CASE_TOPICS, Request
from byoip.text import clean_text

ACCOUNT_ID_DIGITS = 12
#: Below this many characters a use case rarely tells AWS enough.
USE_CASE_MIN_CHARS = 40
#: The most specific range SES BYOIP accepts.
MOST_SPECIFIC_PREFIX = 24
#: Verdicts remembered per rule.  The rules are pure functions of the text typed, so a
#: keystroke that leaves a field as it was, or a folder of drafts that share accounts,
#: Regions and registries, costs a dictionary lookup instead of the rule again.
_MEMO = 4096

#: IANA special-purpose IPv4 registry (RFC 6890,
#: https://www.iana.org/assignments/iana-ipv4-special-registry/): never a BYOIP range.
#: An explicit table, because ``ipaddress.is_global`` is wrong for some of
#: these on older Python 3.11 releases.
SPECIAL_PURPOSE: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (ipaddress.IPv4Network(cidr), what)
    for cidr, what in (
        ("0.0.0.0/8", "“this network” (RFC 791)"),
        ("10.0.0.0/8", "private address space (RFC 1918)"),
        ("100.64.0.0/10", "shared address space for carrier-grade NAT, CGNAT (RFC 6598)"),
        ("127.0.0.0/8", "loopback (RFC 1122)"),
        ("169.254.0.0/16", "link-local (RFC 3927)"),
        ("172.16.0.0/12", "private address space (RFC 1918)"),
        ("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
        ("192.0.2.0/24", "documentation, TEST-NET-1 (RFC 5737)"),
        ("192.88.99.0/24", "the retired 6to4 relay anycast block (RFC 7526)"),
        ("192.168.0.0/16", "private address space (RFC 1918)"),
        ("198.18.0.0/15", "benchmarking (RFC 2544)"),
        ("198.51.100.0/24", "documentation, TEST-NET-2 (RFC 5737)"),
        ("203.0.113.0/24", "documentation, TEST-NET-3 (RFC 5737)"),
        ("224.0.0.0/4", "multicast (RFC 5771)"),
        ("240.0.0.0/4", "reserved for future use (RFC 1112)"),
        ("255.255.255.255/32", "limited broadcast (RFC 919)"),
    )
)


def forget_verdicts() -> None:
    """Empty the memo of every rule (benchmarks measure cold runs; tests change the data)."""
    for rule in (
        check_account_id,
        check_region,
        check_use_case,
        check_ip_range,
        check_registry,
        _registry_named,
        parse_ipv4_range,
    ):
        rule.cache_clear()


def _shown(text: str) -> str:
    """What the person typed, safe to put in a message (no control characters, cut)."""
    return clean_text(text, max_chars=60)


@dataclass(frozen=True, slots=True)
class FieldCheck:
    """The verdict on one field."""

    field: str
    #: The normal form when the input could be read (else the input, stripped).
    value: str
    findings: tuple[Finding, ...] = ()
    #: Values the person probably meant (best first), for one-key fixes.
    suggestions: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not has_errors(self.findings)


def _verdict(value: str, finding: Finding, suggestions: tuple[str, ...] = ()) -> FieldCheck:
    """The verdict of a rule that stops at its first finding."""
    return FieldCheck(finding.field, value, (finding,), suggestions)


# --- account_id ------------------------------------------------------------------------


@lru_cache(maxsize=_MEMO)
def check_account_id(raw: str) -> FieldCheck:
    """12 digits; accepts ``1234-5678-9012`` and spaces, keeps leading zeros."""
    field = "account_id"
    text = unicodedata.normalize("NFKC", raw or "").strip()  # full-width digits -> ASCII
    if not text:
        return _verdict(
            "", error(field, "account_id.required", "Enter your 12-digit AWS account ID.")
        )
    compact = "".join(ch for ch in text if ch not in "- \t")
    strange = sorted({ch for ch in compact if ch not in "0123456789"})
    if strange:
        shown = " ".join(repr(ch) for ch in strange[:5])
        return _verdict(
            text,
            error(
                field,
                "account_id.characters",
                f"An AWS account ID has only digits, but this has {shown}; "
                "copy the 12 digits from the AWS console (account menu, top right).",
            ),
        )
    if len(compact) != ACCOUNT_ID_DIGITS:
        return _verdict(
            compact,
            error(
                field,
                "account_id.digits",
                f"An AWS account ID has exactly 12 digits, but this has {len(compact)}; "
                "check for a missing or extra digit (leading zeros count).",
            ),
        )
    return FieldCheck(field, compact)


# --- region ----------------------------------------------------------------------------


@lru_cache(maxsize=_MEMO)
def check_region(raw: str) -> FieldCheck:
    """One of the Regions where SES is available; near misses get a suggestion."""
    field = "region"
    text = (raw or "").strip()
    code = text.lower()
    if not text:
        return _verdict(
            "", error(field, "region.required", "Enter the AWS Region, for example ap-south-1.")
        )
    if code in REGIONS:
        return _verdict(code, info(field, "region.name", f"{code} is {REGIONS[code]}."))
    if code in OTHER_PARTITION_REGIONS:
        return _verdict(
            code,
            warning(
                field,
                "region.other_partition",
                f"{code} is {OTHER_PARTITION_REGIONS[code]}, a separate AWS partition "
                "with its own accounts and process: confirm BYOIP with AWS there before "
                "sending this request.",
            ),
        )
    no_ses = code if code in REGIONS_WITHOUT_SES else _region_without_ses_named(text)
    if no_ses:
        return _verdict(
            text,
            error(
                field,
                "region.no_ses",
                f"Amazon SES is not available in {no_ses} ({REGIONS_WITHOUT_SES[no_ses]}): "
                "AWS's endpoint list (botocore endpoints.json) has no SES endpoint there; "
                "choose a Region where SES runs.",
            ),
        )
    suggestions = tuple(suggest_regions(text))
    if suggestions:
        offered = " or ".join(region_label(s) for s in suggestions)
        message = f"“{_shown(text)}” is not an SES Region code; did you mean {offered}?"
    else:
        message = (
            f"“{_shown(text)}” is not a Region where SES is available; "
            "use a code such as us-east-1 or eu-west-1."
        )
    return _verdict(text, error(field, "region.unknown", message), suggestions)


def _loose(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _region_without_ses_named(text: str) -> str | None:
    """The code of a Region without SES whose place name is in ``text`` ("Hong Kong")."""
    typed = _loose(text)
    for code, places in PLACES_WITHOUT_SES.items():
        if any(_loose(place) in typed for place in places):
            return code
    return None


# --- use_case --------------------------------------------------------------------------


@lru_cache(maxsize=_MEMO)
def check_use_case(raw: str) -> FieldCheck:
    """Required; shorter than 40 characters is a warning listing what AWS will want."""
    field = "use_case"
    text = (raw or "").strip()
    if not text:
        return _verdict(
            "",
            error(
                field,
                "use_case.required",
                "Describe your use case: " + ", ".join(USE_CASE_TOPICS) + ".",
            ),
        )
    if len(text) < USE_CASE_MIN_CHARS:
        return _verdict(
            text,
            warning(
                field,
                "use_case.short",
                f"The use case is only {len(text)} characters; AWS will want to know "
                + ", ".join(USE_CASE_TOPICS)
                + ".",
            ),
        )
    return FieldCheck(field, text)


# --- ip_range --------------------------------------------------------------------------


@lru_cache(maxsize=_MEMO)
def parse_ipv4_range(raw: str) -> ipaddress.IPv4Network | None:
    """The IPv4 network written in ``raw`` (host bits dropped), or None."""
    try:
        return ipaddress.IPv4Network((raw or "").strip(), strict=False)
    except ValueError:
        return None


# The same table as integer bounds: comparing ints is ~10x faster than Network.overlaps.
_SPECIAL_BOUNDS: tuple[tuple[int, int, ipaddress.IPv4Network, str], ...] = tuple(
    (int(block.network_address), int(block.broadcast_address), block, what)
    for block, what in SPECIAL_PURPOSE
)


def special_purpose(first: int, last: int) -> list[tuple[ipaddress.IPv4Network, str]]:
    """The special-purpose blocks the addresses ``first``-``last`` overlap (as ints)."""
    return [(block, what) for lo, hi, block, what in _SPECIAL_BOUNDS if first <= hi and lo <= last]


def _dotted(address: int) -> str:
    """``str(IPv4Address(address))`` without building the object (the rule runs per record)."""
    return ".".join(map(str, address.to_bytes(4, "big")))


@lru_cache(maxsize=_MEMO)
def check_ip_range(raw: str) -> FieldCheck:
    """An IPv4 CIDR, /24 or shorter, network address, nowhere in special-purpose space."""
    field = "ip_range"
    # People paste "8.8.8.0 / 24": white space never belongs in a CIDR.
    text = "".join((raw or "").split())
    if not text:
        return _verdict(
            "",
            error(
                field,
                "ip_range.required",
                "Enter the IPv4 range in CIDR form: network address, slash, prefix "
                "length (a /24 or shorter, e.g. a.b.c.0/24).",
            ),
        )
    network = parse_ipv4_range(text)
    if network is None:
        return _verdict(text, _unreadable_range(text))

    # The range as ints and text, each made once: ``check`` runs this rule cold on every
    # record (each range is new), and ``num_addresses`` and ``str()`` recompute per use.
    prefix = network.prefixlen
    first = int(network.network_address)
    size = 1 << (32 - prefix)
    last = first + size - 1
    value = str(network)
    start = value.partition("/")[0]

    findings: list[Finding] = []
    suggestions: tuple[str, ...] = ()
    if "/" not in text:
        wider = str(network.supernet(new_prefix=24))
        findings.append(
            error(
                field,
                "ip_range.too_specific",
                f"{text} is a single address (a /32); SES BYOIP transfers whole ranges and "
                f"the most specific range is /24, e.g. {wider}.",
            )
        )
        suggestions = (wider,)
    else:
        # ``ipaddress`` reads an address only in its one normal form (four decimal numbers,
        # no leading zeros), so the written address is the network's exactly when their
        # texts are equal: no second parse of the address.
        if text.partition("/")[0] != start:
            findings.append(
                error(
                    field,
                    "ip_range.host_bits",
                    f"{text} has host bits set; the range starts at its network address: "
                    f"use {value}.",
                )
            )
            suggestions = (value,)
            value = text
        if prefix > MOST_SPECIFIC_PREFIX:
            wider = str(network.supernet(new_prefix=MOST_SPECIFIC_PREFIX))
            findings.append(
                error(
                    field,
                    "ip_range.too_specific",
                    f"/{prefix} is too specific: the most specific range is /24 "
                    f"(256 addresses), e.g. {wider}.",
                )
            )
            suggestions = (*suggestions, wider)
    for block, what in special_purpose(first, last):
        if network == block:
            where = f"{network} is {what}"
        elif network.subnet_of(block):
            where = f"{network} is inside {block}, {what}"
        else:
            where = f"{network} contains {block}, {what}"
        findings.append(
            error(
                field,
                "ip_range.special",
                f"{where}, which can never be brought to SES; "
                "enter a public range registered to your organisation.",
            )
        )
    findings.append(
        info(
            field,
            "ip_range.size",
            f"{size:,} address{'es' if size != 1 else ''} ({start} – {_dotted(last)}); "
            "the whole range is transferred.",
        )
    )
    return FieldCheck(field, value, tuple(findings), suggestions)


def _unreadable_range(text: str) -> Finding:
    field = "ip_range"
    if ":" in text:
        try:
            ipaddress.IPv6Network(text, strict=False)
        except ValueError:
            pass
        else:
            return error(
                field,
                "ip_range.ipv6",
                f"{_shown(text)} is IPv6; SES BYOIP takes IPv4 ranges only (a /24 or shorter).",
            )
    return error(
        field,
        "ip_range.invalid",
        f"“{_shown(text)}” is not an IPv4 range; write it as network address/prefix length, "
        "such as 8.8.8.0/24 (four numbers 0–255, then /0–/32).",
    )


# --- registry --------------------------------------------------------------------------


@lru_cache(maxsize=_MEMO)
def check_registry(raw: str, ip_range: str | None = None) -> FieldCheck:
    """One of the five RIRs, cross-checked offline against IANA's bootstrap map."""
    rir, named = _registry_named(raw)
    network = parse_ipv4_range(ip_range) if ip_range and rir is not None else None
    expected = iana_registry_for(network) if network is not None else None
    if expected is None:
        return named
    published = bootstrap_publication()[:10]
    if expected != rir:
        found = warning(
            "registry",
            "registry.iana_mismatch",
            f"IANA's bootstrap map ({published}) points {network} to {expected}, not {rir}; "
            f"check which registry holds the range (it may have been transferred).",
        )
        return FieldCheck("registry", named.value, (*named.findings, found), (expected,))
    found = info(
        "registry",
        "registry.iana_match",
        f"IANA's bootstrap map ({published}) also points {network} to {rir}.",
    )
    return FieldCheck("registry", named.value, (*named.findings, found))


@lru_cache(maxsize=_MEMO)
def _registry_named(raw: str) -> tuple[str | None, FieldCheck]:
    """The RIR ``raw`` names (None: no registry) and the verdict before IANA's map.

    Memoised apart from the range: a folder of records names a few registries for many
    ranges, so ``check`` reads each spelling once.
    """
    field = "registry"
    text = (raw or "").strip()
    listed = ", ".join(RIRS)
    if not text:
        message = f"Name the registry your range is registered with: {listed}."
        return None, _verdict("", error(field, "registry.required", message))
    rir = normalize_registry(text)
    findings: list[Finding] = []
    value = rir
    if rir is None:
        national = national_registry(text)
        if national is None:
            message = (
                f"“{_shown(text)}” is not a Regional Internet Registry; use one of {listed} "
                f"(or a national registry: {', '.join(NATIONAL_REGISTRIES)})."
            )
            return None, _verdict(text, error(field, "registry.unknown", message))
        rir = NATIONAL_REGISTRIES[national]
        value = national_label(national)
        findings.append(
            info(
                field,
                "registry.national",
                f"{national} is a national registry under {rir}: its ranges are {rir}'s "
                f"address space, so the request names it as {value}.",
            )
        )
    if rir in UNCONFIRMED_RIRS:
        findings.append(unconfirmed_registry(field, "registry.unconfirmed", rir))
    return rir, FieldCheck(field, value, tuple(findings))


# --- the whole request -----------------------------------------------------------------

#: field -> its rule (``check_registry`` also takes the range for the IANA cross-check).
FIELD_CHECKS: dict[str, Callable[..., FieldCheck]] = {
    "account_id": check_account_id,
    "region": check_region,
    "use_case": check_use_case,
    "ip_range": check_ip_range,
    "registry": check_registry,
}


def check_fields(request: Request) -> dict[str, FieldCheck]:
    """Every field's verdict, in the order of ``Request`` fields."""
    return {
        "account_id": check_account_id(request.account_id),
        "region": check_region(request.region),
        "use_case": check_use_case(request.use_case),
        "ip_range": check_ip_range(request.ip_range),
        "registry": check_registry(request.registry, request.ip_range),
    }


def check_request(request: Request) -> list[Finding]:
    """All findings of the five rules, field by field."""
    return [f for check in check_fields(request).values() for f in check.findings]


def normalized_request(request: Request) -> Request:
    """The request with every field in its normal form (where it could be read)."""
    return Request(**{name: check.value for name, check in check_fields(request).items()})
