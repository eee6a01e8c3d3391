"""Reading the Data API's answers: announcements (routing-status) and RPKI validity.

Everything here is untrusted: numbers are checked to be numbers, prefixes to
be IPv4 prefixes, words to be one of the words the API uses; text kept for
display is cleaned.  A field of the wrong shape makes the whole answer
``routing.malformed`` (one sentence), never a traceback.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any

from byoip.routing.fetch import RoutingFault
from byoip.text import clean_text

#: The validity words (docs/SOURCES.md: RIPEstat's rpki-validation ``status``).
VALID = "valid"
INVALID_ASN = "invalid_asn"
INVALID_LENGTH = "invalid_length"
NOT_FOUND = "unknown"
VALIDITIES = (VALID, INVALID_ASN, INVALID_LENGTH, NOT_FOUND)

#: Plain words for each validity (shown next to the API's word).
VALIDITY_WORDS = {
    VALID: "valid: a ROA authorizes it",
    INVALID_ASN: "invalid: ROAs cover the range, none for this ASN",
    INVALID_LENGTH: "invalid: the ROA's max length is too short",
    NOT_FOUND: "not covered by any ROA",
}


@dataclass(frozen=True, slots=True)
class Roa:
    """A ROA (as a validated ROA payload) that covers the queried prefix."""

    origin: int
    prefix: str
    max_length: int
    validity: str

    def to_json(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "prefix": self.prefix,
            "max_length": self.max_length,
            "validity": self.validity,
        }

    def describe(self) -> str:
        return f"AS{self.origin} {self.prefix} max /{self.max_length}"


@dataclass(frozen=True, slots=True)
class Announcement:
    prefix: str
    origin: int


@dataclass(frozen=True, slots=True)
class RoutingStatus:
    """Who announces a prefix today, as RIS sees it."""

    origins: tuple[int, ...]
    peers_seeing: int | None
    total_peers: int | None
    more_specifics: tuple[Announcement, ...]
    less_specifics: tuple[Announcement, ...]
    last_seen: str | None
    #: The time of the RIS data the answer is about (the source's own date).
    data_time: str | None


@dataclass(frozen=True, slots=True)
class Validation:
    """The RPKI validity of ``prefix`` announced from ``asn``, and the ROAs that decide it."""

    asn: int
    prefix: str
    validity: str
    roas: tuple[Roa, ...]
    validator: str


def _malformed(what: str) -> RoutingFault:
    return RoutingFault(
        "routing.malformed",
        f"The routing source's answer is malformed ({what}); try again later, or check the "
        "source's URL ([routing] base_url / $SES_BYOIP_ROUTING_URL).",
    )


def parse_asn(value: object) -> int:
    """``3333``, ``"3333"`` or ``"AS3333"`` -> 3333; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("not an AS number")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if text[:2].upper() == "AS":
            text = text[2:]
        if not text.isdigit() or not text.isascii():
            raise ValueError("not an AS number")
        number = int(text)
    if not 0 <= number < 2**32:
        raise ValueError("not an AS number")
    return number


def _prefix(value: object) -> str:
    return str(ipaddress.IPv4Network(str(value).strip(), strict=False))


def _count(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("not a count")
    return value


def _time(value: object) -> str | None:
    return clean_text(value, 40) or None if isinstance(value, str) else None


def _announcements(items: object, what: str) -> tuple[Announcement, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        raise _malformed(f"{what} is not a list")
    found = []
    for item in items:
        try:
            found.append(Announcement(_prefix(item["prefix"]), parse_asn(item["origin"])))
        except (KeyError, TypeError, ValueError):
            raise _malformed(f"an entry of {what} is not a prefix and an origin") from None
    return tuple(dict.fromkeys(found))


def parse_routing_status(doc: dict[str, Any]) -> RoutingStatus:
    """``routing-status`` for a prefix: exact-match origins, visibility, more/less specifics."""
    data = doc["data"]
    raw_origins = data.get("origins", [])
    if not isinstance(raw_origins, list):
        raise _malformed("origins is not a list")
    origins: list[int] = []
    for item in raw_origins:
        try:
            origins.append(parse_asn(item["origin"] if isinstance(item, dict) else item))
        except (KeyError, TypeError, ValueError):
            raise _malformed("an origin is not an AS number") from None
    visibility = data.get("visibility") or {}
    v4 = visibility.get("v4") if isinstance(visibility, dict) else None
    try:
        seeing = _count(v4.get("ris_peers_seeing")) if isinstance(v4, dict) else None
        total = _count(v4.get("total_ris_peers")) if isinstance(v4, dict) else None
    except ValueError:
        raise _malformed("the visibility is not a count of peers") from None
    last_seen = data.get("last_seen")
    return RoutingStatus(
        origins=tuple(dict.fromkeys(origins)),
        peers_seeing=seeing,
        total_peers=total,
        more_specifics=_announcements(data.get("more_specifics"), "more_specifics"),
        less_specifics=_announcements(data.get("less_specifics"), "less_specifics"),
        last_seen=_time(last_seen.get("time")) if isinstance(last_seen, dict) else None,
        data_time=_time(data.get("query_time")) or _time(doc.get("time")),
    )


def parse_validation(doc: dict[str, Any], asn: int, prefix: str) -> Validation:
    """``rpki-validation`` for (``asn``, ``prefix``): the validity and the ROAs deciding it."""
    data = doc["data"]
    raw_roas = data.get("validating_roas", [])
    if not isinstance(raw_roas, list):
        raise _malformed("validating_roas is not a list")
    roas = []
    for item in raw_roas:
        try:
            roas.append(
                Roa(
                    origin=parse_asn(item["origin"]),
                    prefix=_prefix(item["prefix"]),
                    max_length=_max_length(item["max_length"]),
                    validity=clean_text(item.get("validity", ""), 20),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise _malformed("a validating ROA has no origin, prefix or max length") from None
    status = str(data.get("status", "")).strip().lower()
    validity = _validity(status, asn, prefix, roas)
    if validity is None:
        raise _malformed(f"unknown RPKI status {clean_text(status, 20)!r}")
    return Validation(
        asn=asn,
        prefix=prefix,
        validity=validity,
        roas=tuple(roas),
        validator=clean_text(data.get("validator", ""), 40),
    )


def _max_length(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("not a length")
    length = int(str(value).strip())
    if not 0 <= length <= 32:
        raise ValueError("not a length")
    return length


def _validity(status: str, asn: int, prefix: str, roas: list[Roa]) -> str | None:
    """The API's word, or for a bare ``invalid`` the reason the ROAs give (RFC 6811)."""
    if status in VALIDITIES:
        return status
    if status in ("not_found", "notfound", "not-found"):
        return NOT_FOUND
    if status != "invalid":
        return None
    length = ipaddress.IPv4Network(prefix).prefixlen
    if any(r.origin == asn and r.max_length < length for r in roas):
        return INVALID_LENGTH
    return INVALID_ASN
