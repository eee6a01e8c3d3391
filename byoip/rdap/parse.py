"""Reading an RDAP network object: who holds it, which RIR, what type, any certificate.

The JSON is parsed by ipwhois' RDAP parser (``ipwhois.rdap.RDAP.lookup`` with
the response we fetched; it makes no request of its own that way). What
ipwhois leaves out (port43, nested roles) is read from the document itself.
Everything taken from the document is untrusted: it is cleaned and cut here,
once, so that callers can show it as it is.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from byoip.rdap.fetch import RdapFault
from byoip.rdap.holder import Holder, decide_holder
from byoip.registries import registry_for_url
from byoip.text import clean_text

#: port43 (whois) host of each RIR: the surest sign of who answered.
WHOIS_HOSTS: dict[str, str] = {
    "whois.arin.net": "ARIN",
    # NIC.br, the national registry under LACNIC, answers for Brazil's blocks itself
    # (real answers from rdap.registro.br name this port43 host).
    "whois.nic.br": "LACNIC",
    "whois.ripe.net": "RIPE NCC",
    "whois.apnic.net": "APNIC",
    "whois.lacnic.net": "LACNIC",
    "whois.afrinic.net": "AFRINIC",
}

#: Handle suffixes each RIR gives its objects (``HALVO-ARIN``, ``HN12-AP`` …).
HANDLE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("-ARIN", "ARIN"),
    ("-RIPE", "RIPE NCC"),
    ("-AP", "APNIC"),
    ("-LACNIC", "LACNIC"),
    ("-AFRINIC", "AFRINIC"),
)

_CERT_BLOCK = re.compile(
    r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", re.DOTALL | re.IGNORECASE
)
_FIELD_CHARS = 200


@dataclass(frozen=True)
class Network:
    cidr: str  # one CIDR, or several joined by ", " when the range is not one CIDR
    handle: str
    name: str
    type: str
    start: str
    end: str
    status: tuple[str, ...] = ()
    parent_handle: str = ""
    country: str = ""

    def contains(self, wanted: ipaddress.IPv4Network) -> bool:
        return _to_int(self.start) <= int(wanted.network_address) and int(
            wanted.broadcast_address
        ) <= _to_int(self.end)

    def overlap(self, wanted: ipaddress.IPv4Network) -> int:
        """How many addresses of ``wanted`` this network covers."""
        low = max(_to_int(self.start), int(wanted.network_address))
        high = min(_to_int(self.end), int(wanted.broadcast_address))
        return max(0, high - low + 1)

    @property
    def size(self) -> int:
        return _to_int(self.end) - _to_int(self.start) + 1


#: The holder of a network (name, handle, decided kind and its evidence): see ``holder``.
Registrant = Holder


@dataclass(frozen=True)
class Certificate:
    """An X.509 certificate found in the network's remarks."""

    pem: str
    sha256: str  # lower-case hex of the DER bytes, no separators
    subject: str
    not_after: str  # ISO 8601, UTC
    expired: bool


@dataclass(frozen=True)
class Registration:
    network: Network
    rir: str | None
    rir_evidence: str
    registrant: Registrant | None
    certificates: tuple[Certificate, ...]
    #: Sentences about certificate blocks that could not be read.
    certificate_problems: tuple[str, ...]


def parse_registration(doc: dict[str, Any], query: ipaddress.IPv4Network) -> Registration:
    """Parse one RDAP ip network object; raises ``RdapFault`` if it isn't one."""
    parsed = _ipwhois_parse(doc, query)
    network = _network(parsed["network"])
    rir, evidence = decide_rir(doc)
    registrant = decide_holder(doc, rir)
    found, problems = _certificates(doc)
    return Registration(network, rir, evidence, registrant, tuple(found), tuple(problems))


def _ipwhois_parse(doc: dict[str, Any], query: ipaddress.IPv4Network) -> dict[str, Any]:
    # Imported here: ipwhois (and the dnspython it pulls in) costs ~80 ms at start-up.
    from ipwhois.exceptions import InvalidEntityObject, InvalidNetworkObject
    from ipwhois.rdap import RDAP

    try:
        # bootstrap=True only selects which URL ipwhois *would* query; with
        # response= it queries nothing, and root_ent_check=False stops it from
        # fetching entities that come without a vCard.
        return RDAP(_parse_only_net(query)).lookup(
            response=doc, bootstrap=True, root_ent_check=False, depth=0, retry_count=0
        )
    except (InvalidNetworkObject, InvalidEntityObject, KeyError, TypeError, ValueError) as exc:
        raise RdapFault(
            "rdap.malformed",
            f"The registry answer is not an IP network object ({clean_text(exc, 100)}); "
            "check the RDAP URL.",
        ) from None


def _parse_only_net(query: ipaddress.IPv4Network) -> Any:
    # Deferred: ipwhois (and dnspython) only when an answer is parsed.
    from ipwhois.net import Net

    class ParseOnlyNet(Net):  # type: ignore[misc]
        """ipwhois' parser needs a Net only for the queried address string.

        Net's own __init__ would refuse special-purpose ranges and set up a DNS
        resolver for Team Cymru; neither is wanted for parsing a document.
        """

        def __init__(self, address: ipaddress.IPv4Address) -> None:
            self.address = address
            self.address_str = str(address)
            self.version = 4
            self.timeout = 0
            self.opener = None  # any attempt to fetch would fail loudly

    return ParseOnlyNet(query.network_address)


def _text(value: object, limit: int = _FIELD_CHARS) -> str:
    return clean_text(value, limit) if value is not None else ""


def _network(raw: dict[str, Any]) -> Network:
    try:
        start = ipaddress.IPv4Address(str(raw["start_address"]))
        end = ipaddress.IPv4Address(str(raw["end_address"]))
    except (KeyError, ValueError):
        raise RdapFault(
            "rdap.malformed",
            "The registry answer is not an IPv4 network (its start or end address is "
            "missing or not IPv4); check the range and the RDAP URL.",
        ) from None
    if end < start:
        raise RdapFault(
            "rdap.malformed",
            "The registry answer's network ends before it starts; check the RDAP URL.",
        )
    status = raw.get("status") or []
    return Network(
        cidr=_text(raw.get("cidr")),
        handle=_text(raw.get("handle")),
        name=_text(raw.get("name")),
        type=_text(raw.get("type")),
        start=str(start),
        end=str(end),
        status=tuple(_text(s, 60) for s in status if isinstance(s, str)),
        parent_handle=_text(raw.get("parent_handle")),
        country=_text(raw.get("country"), 10),
    )


def _to_int(address: str) -> int:
    return int(ipaddress.IPv4Address(address))


# -- which RIR -------------------------------------------------------------------


def decide_rir(doc: dict[str, Any]) -> tuple[str | None, str]:
    """The RIR that holds the record, from the response itself, and why.

    Order of trust: the whois (port43) server named in the record, its own
    ("self") link, any link, then the handle suffixes of the network and its
    entities.  Which server was asked doesn't count: servers redirect.
    """
    port43 = str(doc.get("port43") or "").strip().lower()
    if port43 in WHOIS_HOSTS:
        return WHOIS_HOSTS[port43], f"port43 {port43}"
    links = [link for link in doc.get("links") or [] if isinstance(link, dict)]
    links.sort(key=lambda link: link.get("rel") != "self")
    for link in links:
        rir = registry_for_url(str(link.get("href") or ""))
        if rir:
            return rir, f"link {clean_text(link.get('href'), 80)}"
    for handle in _handles(doc):
        upper = handle.upper()
        for suffix, rir in HANDLE_SUFFIXES:
            if upper.endswith(suffix):
                return rir, f"handle {clean_text(handle, 60)}"
        if upper.startswith("NET-") or upper.startswith("NET6-"):
            return "ARIN", f"handle {clean_text(handle, 60)}"
    return None, "nothing in the answer names the registry"


def _handles(doc: dict[str, Any]) -> list[str]:
    handles = [str(doc.get("handle") or "")]
    for entity in _entities(doc):
        handles.append(str(entity.get("handle") or ""))
    return [h for h in handles if h]


def _entities(doc: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    stack = [e for e in doc.get("entities") or [] if isinstance(e, dict)]
    while stack and len(found) < 200:
        entity = stack.pop(0)
        found.append(entity)
        stack.extend(e for e in entity.get("entities") or [] if isinstance(e, dict))
    return found


# -- certificates in remarks -------------------------------------------------------


def _remark_texts(doc: dict[str, Any]) -> list[str]:
    texts = []
    for remark in doc.get("remarks") or []:
        if isinstance(remark, dict):
            description = remark.get("description")
            if isinstance(description, list):
                texts.append("\n".join(str(line) for line in description))
            elif isinstance(description, str):
                texts.append(description)
    return texts


def certificates_in_remarks(source: Any) -> list[Certificate]:
    """Every readable X.509 certificate in the remarks of an RDAP network object.

    ``source`` is the RDAP JSON (dict) or an ``RdapResult``.  Used by the proof
    of ownership: the certificate published in the registry is the one whose
    key must have signed the authorization message.
    """
    if isinstance(source, dict):
        return _certificates(source)[0]
    return list(getattr(source, "certificates", ()) or ())


def _certificates(doc: dict[str, Any]) -> tuple[list[Certificate], list[str]]:
    found: list[Certificate] = []
    problems: list[str] = []
    seen: set[str] = set()
    for text in _remark_texts(doc):
        for match in _CERT_BLOCK.finditer(text):
            body = re.sub(r"\s+", "", match.group(1))
            try:
                der = base64.b64decode(body, validate=True)
                certificate = _load_certificate(der)
            except ValueError:
                problems.append(
                    "A certificate block in the registry remarks can't be read "
                    "(damaged or cut); publish it again as one line."
                )
                continue
            if certificate.sha256 not in seen:
                seen.add(certificate.sha256)
                found.append(certificate)
    return found, problems


def _load_certificate(der: bytes) -> Certificate:

    # Imported here: cryptography is only needed when a remark holds a certificate.
    from cryptography import x509

    cert = x509.load_der_x509_certificate(der)
    lines = [base64.b64encode(der[i : i + 48]).decode() for i in range(0, len(der), 48)]
    pem = "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"
    not_after = cert.not_valid_after_utc
    return Certificate(
        pem=pem,
        sha256=hashlib.sha256(der).hexdigest(),
        subject=clean_text(cert.subject.rfc4514_string(), _FIELD_CHARS),
        not_after=not_after.isoformat(),
        expired=not_after < datetime.datetime.now(datetime.UTC),
    )
