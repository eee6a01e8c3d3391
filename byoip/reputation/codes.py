"""What blocklist answers mean, and which zone name to query.

A DNSBL answers ``<reversed-octets>.<zone>`` with an address in 127.0.0.0/8
when the address is listed (NXDOMAIN when it is not).  Spamhaus publishes what
each answer means and uses 127.255.255.0/24 for *errors*, which are never a
listing; other lists publish no meanings, so their answers read "listed".
Sources: Spamhaus' return codes, 127.0.0.30 (BCL) included
(https://docs.spamhaus.com/datasets/docs/source/10-data-type-documentation/datasets/040-zones.html),
its free-use terms, "free of charge for low-volume non-commercial use"
(https://www.spamhaus.org/zen/, https://www.spamhaus.org/organization/dnsblusage/),
Barracuda's list (https://www.barracudacentral.org/rbl/how-to-use), and RFC 5782
(https://www.rfc-editor.org/rfc/rfc5782).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Sequence

#: Answers in this network are error codes from the list operator, never listings.
ERROR_NETWORK = ipaddress.IPv4Network("127.255.255.0/24")
#: Every real listing is an address in 127.0.0.0/8 (RFC 5782 §2.1).
LISTING_NETWORK = ipaddress.IPv4Network("127.0.0.0/8")

#: RFC 5782 §5: every IPv4 list lists 127.0.0.2 and never 127.0.0.1.
TEST_LISTED = "127.0.0.2"
TEST_NOT_LISTED = "127.0.0.1"

#: Spamhaus ZEN return codes (also used by its component zones and by DQS).
SPAMHAUS_CODES: dict[str, str] = {
    "127.0.0.2": "SBL: Spamhaus Block List (known spam source or operation)",
    "127.0.0.3": "SBL CSS: Spamhaus snowshoe spam list",
    "127.0.0.4": "XBL: exploited or infected host (CBL)",
    "127.0.0.5": "XBL: exploited or infected host",
    "127.0.0.6": "XBL: exploited or infected host",
    "127.0.0.7": "XBL: exploited or infected host",
    "127.0.0.9": "DROP/EDROP: hijacked or criminal network",
    "127.0.0.10": "PBL: end-user range the ISP says should not send mail directly",
    "127.0.0.11": "PBL: end-user range Spamhaus believes should not send mail directly",
    "127.0.0.30": (
        "BCL: Spamhaus Botnet Controller List (the address is taken for a botnet's "
        "command-and-control server)"
    ),
}

_OWN_RESOLVER = "use your own recursive resolver (--resolver HOST[:PORT])"
_DQS = (
    "or a Spamhaus DQS key (spamhaus_dqs_key in the [dnsbl] config, $SES_BYOIP_DQS_KEY; "
    "the free key is only for non-commercial, low-volume use, a business needs a paid one)"
)

#: 127.255.255.x error answers: (what it means, how to fix it).
ERROR_CODES: dict[str, tuple[str, str]] = {
    "127.255.255.252": (
        "the list says the zone name is misspelt",
        "check the zone names in the [dnsbl] zones setting",
    ),
    "127.255.255.254": (
        "the list refuses queries that come through a public or open resolver",
        f"{_OWN_RESOLVER} {_DQS}",
    ),
    "127.255.255.255": (
        "the list refuses to answer: too many queries (free use limit exceeded)",
        f"sweep later, {_OWN_RESOLVER}, {_DQS}",
    ),
}


#: Lists that answer only resolvers registered with them (the rest get silence).
REGISTERED_RESOLVERS_ONLY: dict[str, str] = {
    "b.barracudacentral.org": "Barracuda",
}


def silence_note(zone: str) -> str:
    """What to add when ``zone`` did not answer: Barracuda ignores unregistered resolvers."""
    name = zone.lower().rstrip(".")
    operator = REGISTERED_RESOLVERS_ONLY.get(name)
    if operator is None:
        return ""
    return (
        f" {operator} answers only resolvers whose address is registered with it, so "
        "silence from it usually means this resolver is not registered: register it with "
        f"{operator}, or leave {name} out of the [dnsbl] zones."
    )


def is_spamhaus(zone: str) -> bool:
    zone = zone.lower().rstrip(".")
    return zone.endswith(".spamhaus.org") or zone.endswith(".dq.spamhaus.net")


def is_error_code(code: str) -> bool:
    """True for answers in 127.255.255.0/24 (an error from the list, not a listing)."""
    try:
        return ipaddress.IPv4Address(code) in ERROR_NETWORK
    except ValueError:
        return False


def is_listing_code(code: str) -> bool:
    """True for a real listing answer: in 127.0.0.0/8 but not an error code."""
    try:
        address = ipaddress.IPv4Address(code)
    except ValueError:
        return False
    return address in LISTING_NETWORK and address not in ERROR_NETWORK


def error_meaning(code: str) -> tuple[str, str]:
    """(reason, fix) for an error answer in 127.255.255.0/24."""
    return ERROR_CODES.get(
        code,
        (
            f"the list answered with the error code {code}",
            f"check the list's documentation; {_OWN_RESOLVER}",
        ),
    )


def listing_meaning(zone: str, codes: Iterable[str]) -> str:
    """Plain words for what the answer codes of one listing mean in ``zone``."""
    codes = list(codes)
    if is_spamhaus(zone):
        meanings: list[str] = []
        for code in codes:
            meaning = SPAMHAUS_CODES.get(code, f"listed ({code})")
            if meaning not in meanings:
                meanings.append(meaning)
        return "; ".join(meanings) if meanings else "listed"
    return "listed"


_DQS_KEY = re.compile(r"^[A-Za-z0-9]{8,64}$")


class ZoneConfigError(ValueError):
    """A zone setting that can't be used; the message is one sentence for the user."""


def query_zone(zone: str, dqs_key: str | None) -> str:
    """The zone to query; with a DQS key ``x.spamhaus.org`` becomes ``<key>.x.dq.spamhaus.net``."""
    zone = zone.strip().rstrip(".").lower()
    if dqs_key and zone.endswith(".spamhaus.org"):
        if not _DQS_KEY.fullmatch(dqs_key):
            raise ZoneConfigError(
                "The Spamhaus DQS key must be 8 to 64 letters and digits; "
                "copy it again from your Spamhaus account."
            )
        return f"{dqs_key.lower()}.{zone.removesuffix('.spamhaus.org')}.dq.spamhaus.net"
    return zone


def display_zone(zone: str, dqs_key: str | None) -> str:
    """The zone name as shown and saved: a DQS key is a secret, so it is masked."""
    name = query_zone(zone, dqs_key)
    if dqs_key and name.startswith(dqs_key.lower() + "."):
        return "<DQS key>." + name[len(dqs_key) + 1 :]
    return name


_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?", re.ASCII)
#: A query name is at most 253 characters; the reversed address takes up to 16 of them.
MAX_ZONE_CHARS = 253 - len("255.255.255.255.")


def zone_name_problem(name: str) -> str | None:
    """Why ``name`` (lower case, no final dot) can't be a DNS zone, or None when it can."""
    if len(name) > MAX_ZONE_CHARS:
        return f"it is longer than {MAX_ZONE_CHARS} characters"
    if not all(_LABEL.fullmatch(label) for label in name.split(".")):
        return "a zone name has only letters, digits, hyphens and dots; write an IDN as xn--"
    return None


def zones_for(zones: Sequence[str], dqs_key: str | None) -> list[tuple[str, str]]:
    """[(display name, name to query)] for the configured zones, duplicates dropped."""
    seen: set[str] = set()
    pairs: list[tuple[str, str]] = []
    for zone in zones:
        name = query_zone(zone, dqs_key)
        if not name or name in seen:
            continue
        problem = zone_name_problem(name)
        if problem:
            shown = name if len(name) <= 60 else name[:59] + "…"
            raise ZoneConfigError(
                f"The blocklist zone {shown!r} is not a DNS name ({problem}); "
                "write it like zen.spamhaus.org."
            )
        seen.add(name)
        pairs.append((display_zone(zone, dqs_key), name))
    if not pairs:
        raise ZoneConfigError("No blocklist zone is configured; set [dnsbl] zones or --zones.")
    return pairs
