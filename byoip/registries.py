"""The five Regional Internet Registries, their RDAP servers, and IANA's offline map.

``iana_registry_for`` answers from a copy of IANA's RDAP bootstrap file shipped
with the package (``byoip/data/iana-rdap-bootstrap-ipv4.json``, RFC 9224), so it
works offline.  The map is per /8 block; transfers between RIRs mean it can be
wrong for a smaller block, which is why a mismatch is only a warning (the RIR
whose RDAP server holds the record is the authority).
"""

from __future__ import annotations

import ipaddress
import unicodedata
from functools import cache
from pathlib import Path

from byoip.findings import Finding, warning

#: The RIRs, in the spelling AWS uses.
RIRS: tuple[str, ...] = ("ARIN", "RIPE NCC", "APNIC", "LACNIC", "AFRINIC")

#: RDAP base URLs, as IANA's bootstrap file lists them
#: (https://data.iana.org/rdap/ipv4.json); query ``<base>ip/<address-or-cidr>``.
RDAP_BASE_URLS: dict[str, str] = {
    "ARIN": "https://rdap.arin.net/registry/",
    "RIPE NCC": "https://rdap.db.ripe.net/",
    "APNIC": "https://rdap.apnic.net/",
    "LACNIC": "https://rdap.lacnic.net/rdap/",
    "AFRINIC": "https://rdap.afrinic.net/rdap/",
}

#: Full names, for labels and for reading what people type.
RIR_NAMES: dict[str, str] = {
    "ARIN": "American Registry for Internet Numbers",
    "RIPE NCC": "Réseaux IP Européens Network Coordination Centre",
    "APNIC": "Asia-Pacific Network Information Centre",
    "LACNIC": "Latin America and Caribbean Network Information Centre",
    "AFRINIC": "African Network Information Centre",
}

#: National registries (NIRs) people may name instead of their RIR -> that RIR.
#: Their ranges are the RIR's address space (APNIC and LACNIC list their NIRs:
#: https://www.apnic.net/about-apnic/organization/apnics-region/national-internet-registries/,
#: https://www.lacnic.net/).  A request may name one: it is accepted with its RIR beside it.
NATIONAL_REGISTRIES: dict[str, str] = {
    "JPNIC": "APNIC",
    "KRNIC": "APNIC",
    "CNNIC": "APNIC",
    "TWNIC": "APNIC",
    "IDNIC": "APNIC",
    "VNNIC": "APNIC",
    "IRINN": "APNIC",
    "NIC.br": "LACNIC",
    "NIC.mx": "LACNIC",
}

#: Where AWS's own BYOIP onboarding rules are written (the SES page defers to them).
EC2_BYOIP_URL = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-byoip.html"
EC2_BYOIP_PREREQUISITES_URL = (
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/prepare-for-byoip.html"
)
#: RIRs EC2 BYOIP says it "currently supports registrations in" (ARIN, RIPE and APNIC).
EC2_SUPPORTED_RIRS: tuple[str, ...] = ("ARIN", "RIPE NCC", "APNIC")
#: RIRs the SES page allows ("such as …") but EC2 BYOIP does not name: confirm with AWS first.
UNCONFIRMED_RIRS: tuple[str, ...] = ("LACNIC", "AFRINIC")

BOOTSTRAP_PATH = Path(__file__).parent / "data" / "iana-rdap-bootstrap-ipv4.json"


def _squash(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).casefold()
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


# Every accepted spelling, squashed to letters and digits ("RIPE-NCC" -> "ripencc").
_SPELLINGS: dict[str, str] = {}
for _rir in RIRS:
    _SPELLINGS[_squash(_rir)] = _rir
    _SPELLINGS[_squash(RIR_NAMES[_rir])] = _rir
    _SPELLINGS[_squash(RDAP_BASE_URLS[_rir])] = _rir
_SPELLINGS.update({"ripe": "RIPE NCC", "ripedb": "RIPE NCC", "afrnic": "AFRINIC"})
_NATIONAL: dict[str, str] = {_squash(name): name for name in NATIONAL_REGISTRIES}
_NATIONAL.update({"nicmexico": "NIC.mx", "registrobr": "NIC.br", "nicbrasil": "NIC.br"})


def normalize_registry(text: str) -> str | None:
    """The RIR named by ``text`` (``ripe``, ``RIPE-NCC``, ``arin`` …) or None."""
    return _SPELLINGS.get(_squash(text))


def national_registry(text: str) -> str | None:
    """The national registry named by ``text`` (``jpnic`` -> ``"JPNIC"``) or None.

    Also reads the form ``national_label`` writes, ``"NIC.br (LACNIC)"``.
    """
    text = text.strip()
    if text.endswith(")") and "(" in text:
        name, _, parent = text[:-1].rpartition("(")
        national = _NATIONAL.get(_squash(name))
        if national and normalize_registry(parent) == NATIONAL_REGISTRIES[national]:
            return national
    return _NATIONAL.get(_squash(text))


def national_label(national: str) -> str:
    """How a request names a national registry: ``"NIC.br (LACNIC)"``."""
    return f"{national} ({NATIONAL_REGISTRIES[national]})"


def unconfirmed_registry(field: str, code: str, rir: str) -> Finding:
    """The warning for a range of an RIR that EC2 BYOIP does not name (LACNIC, AFRINIC)."""
    return warning(
        field,
        code,
        f"AWS's EC2 BYOIP rules say BYOIP \"currently supports registrations in ARIN, RIPE "
        f'and APNIC" ({EC2_BYOIP_URL}); {rir} is not among them, so ask AWS '
        "(ses-byoip-request@amazon.com) whether they accept this range before preparing the "
        "rest. Where a certificate can't be published in the registry record, AWS's other "
        "way to verify a range is Amazon VPC IPAM with a DNS TXT record.",
    )


def registry_for_url(url: str) -> str | None:
    """The RIR whose RDAP server ``url`` points into (http or https), or None."""
    bare = url.split("://", 1)[-1]
    for rir, base in RDAP_BASE_URLS.items():
        if bare.startswith(base.split("://", 1)[1].split("/", 1)[0]):
            return rir
    return None


def _load_bootstrap() -> tuple[str, dict[int, dict[int, str]]]:
    """(publication, {prefixlen: {network as int: RIR}}) from the shipped IANA file."""
    # Only when a range's registry is first asked for: the wizard's first frame and the
    # keystroke rules' import need no JSON decoder (json is otherwise loaded for this alone).
    import json

    data = json.loads(BOOTSTRAP_PATH.read_text(encoding="utf-8"))
    by_length: dict[int, dict[int, str]] = {}
    for blocks, urls in data["services"]:
        rir = next((r for r in map(registry_for_url, urls) if r), None)
        if rir is None:
            continue
        for block in blocks:
            network = ipaddress.IPv4Network(block)
            by_length.setdefault(network.prefixlen, {})[int(network.network_address)] = rir
    # Longest prefix first: the most specific block that holds a range wins.
    return str(data.get("publication", "")), dict(sorted(by_length.items(), reverse=True))


@cache
def _bootstrap() -> tuple[str, dict[int, dict[int, str]]]:
    return _load_bootstrap()


def bootstrap_publication() -> str:
    """When IANA published the shipped copy of the bootstrap map (ISO 8601)."""
    return _bootstrap()[0]


def __getattr__(name: str) -> str:
    # ``BOOTSTRAP_PUBLICATION`` (ISO 8601) is read from the shipped file when first
    # asked for, so that importing the rules doesn't read and parse it.
    if name == "BOOTSTRAP_PUBLICATION":
        return bootstrap_publication()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def iana_registry_for(cidr: str | ipaddress.IPv4Network) -> str | None:
    """The RIR IANA's bootstrap map points ``cidr`` to (most specific block), or None.

    None when the range is not IPv4, is not inside one block of the map (e.g.
    special-purpose space, or a range spanning blocks of different RIRs).
    """
    try:
        network = (
            cidr
            if isinstance(cidr, ipaddress.IPv4Network)
            else ipaddress.IPv4Network(str(cidr).strip(), strict=False)
        )
    except ValueError:
        return None
    address = int(network.network_address)
    by_length = _bootstrap()[1]
    for length in by_length:  # longest prefix first
        if length > network.prefixlen:
            continue
        mask = (0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF if length else 0
        rir = by_length[length].get(address & mask)
        if rir is not None:
            return rir
    return None
