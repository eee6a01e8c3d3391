"""Answers the five registries really gave, read in place, through the real lookup.

The answers live in ``../shared/reference/rdap-real/`` (other projects' test
data, sources in its README): they are never copied into this repository.
Each test links one answer under the name the local RDAP server
(``tests.support.rdap_server``) looks for, in a temporary folder, starts the
server on 127.0.0.1 and runs ``lookup_rdap`` for a /24 inside the network,
as a person asking about their range would: the server answers with the
enclosing network, as a registry does.

What each answer must give: the RIR, the holder (named, with where the name
came from), its kind (an organization is never called a person), the
network, whether it covers the /24, and the registration type's finding.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

import pytest

from byoip.config import Settings
from byoip.findings import Severity
from byoip.rdap import lookup_rdap
from tests.support.paths import REFERENCE_DIR
from tests.support.rdap_server import RdapTestServer

REAL = REFERENCE_DIR / "rdap-real"


@dataclass(frozen=True)
class Expected:
    query: str
    rir: str
    holder: str  # the holder's name as shown ("" when the record names none)
    kind: str | None  # organization | unknown | None (no holder at all)
    name_from: str  # a phrase of where the name came from
    network: str  # start - end of the network answered
    covers: bool
    type_code: str | None  # the registration type's finding


ORG = "organization"
VCARD = "vCard"
DESCRIPTION = "description"

# file -> what the lookup must read from it.  Holder names are checked against the
# file itself (see _name_in_file), so none of them is written out here.
EXPECTED: dict[str, Expected] = {
    "arin-13.64.0.0_11.json": Expected(
        "13.64.0.0/24", "ARIN", "fn", ORG, VCARD, "13.64.0.0-13.107.255.255", True, "rdap.type"
    ),
    "arin-206.41.110.0_24.json": Expected(
        "206.41.110.0/24",
        "ARIN",
        "fn",
        ORG,
        VCARD,
        "206.41.110.0-206.41.110.255",
        True,
        "rdap.type",
    ),
    "arin-3.0.0.0_9.json": Expected(
        "3.0.0.0/24", "ARIN", "fn", ORG, VCARD, "3.0.0.0-3.127.255.255", True, "rdap.type"
    ),
    "arin-74.125.0.0_16.json": Expected(
        "74.125.225.0/24", "ARIN", "fn", ORG, VCARD, "74.125.0.0-74.125.255.255", True, None
    ),
    "arin-108.0.0.0_11.json": Expected(
        "108.45.128.0/24", "ARIN", "fn", ORG, VCARD, "108.0.0.0-108.57.255.255", True, None
    ),
    "arin-192.198.0.0_22.json": Expected(
        "192.198.0.0/24",
        "ARIN",
        "fn",
        ORG,
        VCARD,
        "192.198.0.0-192.198.3.255",
        True,
        "rdap.type",
    ),
    "arin-149.43.0.0_16.json": Expected(
        "149.43.80.0/24", "ARIN", "fn", ORG, VCARD, "149.43.0.0-149.43.255.255", True, "rdap.type"
    ),
    "arin-8.8.8.0_24.json": Expected(
        "8.8.8.0/24", "ARIN", "fn", ORG, VCARD, "8.8.8.0-8.8.8.255", True, "rdap.type"
    ),
    # RIPE: the organisation object has no vCard; the description names the holder,
    # or (LEGACY space, below) nothing does but the ORG- handle.
    "ripe-130.59.0.0_16.json": Expected(
        "130.59.1.0/24",
        "RIPE NCC",
        "",
        ORG,
        "no name",
        "130.59.0.0-130.59.255.255",
        True,
        "rdap.legacy",
    ),
    "ripe-86.54.11.0_24.json": Expected(
        "86.54.11.0/24",
        "RIPE NCC",
        "fn",
        ORG,
        VCARD,
        "86.54.11.0-86.54.11.255",
        True,
        "rdap.type",
    ),
    "ripe-193.0.0.0_21.json": Expected(
        "193.0.6.0/24",
        "RIPE NCC",
        "descr",
        ORG,
        DESCRIPTION,
        "193.0.0.0-193.0.7.255",
        True,
        "rdap.held_by_provider",
    ),
    "ripe-62.239.237.0_24.json": Expected(
        "62.239.237.0/24",
        "RIPE NCC",
        "descr",
        "unknown",
        DESCRIPTION,
        "62.239.237.0-62.239.237.255",
        True,
        "rdap.held_by_provider",
    ),
    "ripe-194.85.61.0_24.json": Expected(
        "194.85.61.0/24",
        "RIPE NCC",
        "descr",
        ORG,
        DESCRIPTION,
        "194.85.61.0-194.85.61.255",
        True,
        "rdap.held_by_provider",
    ),
    "apnic-1.1.1.0_24.json": Expected(
        "1.1.1.0/24", "APNIC", "fn", ORG, VCARD, "1.1.1.0-1.1.1.255", True, "rdap.type"
    ),
    # Older APNIC answers: no registrant entity; the description names the holder.
    "apnic-210.107.0.0_17.json": Expected(
        "210.107.73.0/24",
        "APNIC",
        "descr",
        ORG,
        DESCRIPTION,
        "210.107.0.0-210.107.127.255",
        True,
        "rdap.type",
    ),
    "apnic-61.181.0.0_16.json": Expected(
        "61.181.2.0/24",
        "APNIC",
        "descr",
        ORG,
        DESCRIPTION,
        "61.181.0.0-61.181.255.255",
        True,
        "rdap.type",
    ),
    "apnic-111.0.0.0_10.json": Expected(
        "111.0.0.0/24",
        "APNIC",
        "descr",
        ORG,
        DESCRIPTION,
        "111.0.0.0-111.63.255.255",
        True,
        "rdap.type",
    ),
    # LACNIC: kind "individual" for companies; the legal form decides.
    "lacnic-179.0.0.0_23.json": Expected(
        "179.0.0.0/24", "LACNIC", "fn", ORG, VCARD, "179.0.0.0-179.0.1.255", True, "rdap.type"
    ),
    "lacnic-201.127.0.0_16.json": Expected(
        "201.127.0.0/24",
        "LACNIC",
        "fn",
        ORG,
        VCARD,
        "201.127.0.0-201.127.255.255",
        True,
        "rdap.held_by_provider",
    ),
    # One address registered: the /24 is not covered.
    "lacnic-200.57.141.161_32.json": Expected(
        "200.57.141.0/24",
        "LACNIC",
        "fn",
        ORG,
        VCARD,
        "200.57.141.161-200.57.141.161",
        False,
        "rdap.type",
    ),
    # NIC.br's own server (rdap.registro.br, port43 whois.nic.br): LACNIC space.
    "lacnic-177.0.0.0_14.json": Expected(
        "177.0.0.0/24", "LACNIC", "fn", ORG, VCARD, "177.0.0.0-177.3.255.255", True, "rdap.type"
    ),
    "lacnic-187.36.0.0_14.json": Expected(
        "187.36.192.0/24",
        "LACNIC",
        "fn",
        ORG,
        VCARD,
        "187.36.0.0-187.39.255.255",
        True,
        "rdap.type",
    ),
    "lacnic-200.3.12.0_22.json": Expected(
        "200.3.14.0/24", "LACNIC", "fn", ORG, VCARD, "200.3.12.0-200.3.15.255", True, "rdap.type"
    ),
    # AFRINIC: the organisation entity carries no roles; or only the remarks name it.
    "afrinic-41.0.0.0_16.json": Expected(
        "41.0.0.0/24",
        "AFRINIC",
        "descr",
        "unknown",
        DESCRIPTION,
        "41.0.0.0-41.0.255.255",
        True,
        "rdap.held_by_provider",
    ),
    "afrinic-196.11.239.0_24.json": Expected(
        "196.11.240.0/24",
        "AFRINIC",
        "fn",
        ORG,
        VCARD,
        "196.11.239.0-196.11.246.255",
        True,
        "rdap.type",
    ),
    "afrinic-196.216.2.0_23.json": Expected(
        "196.216.2.0/24",
        "AFRINIC",
        "fn",
        ORG,
        VCARD,
        "196.216.2.0-196.216.3.255",
        True,
        "rdap.type",
    ),
}


def _real_answers() -> list[str]:
    return sorted(p.name for p in REAL.glob("*.json")) if REAL.is_dir() else []


def test_every_real_answer_has_an_expectation() -> None:
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is not beside this checkout (the shared reference answers)")
    assert _real_answers() == sorted(EXPECTED)


def _name_in_file(path: Path, where: str) -> list[str]:
    """The holder names the answer itself gives: vCard ``fn`` values or description lines."""
    import json

    doc = json.loads(path.read_text(encoding="utf-8"))
    found: list[str] = []
    if where == "fn":
        stack = list(doc.get("entities") or [])
        while stack:
            entity = stack.pop()
            stack.extend(entity.get("entities") or [])
            for prop in (entity.get("vcardArray") or [None, []])[1]:
                if prop[0] == "fn":
                    found.append(prop[3])
    else:
        for remark in doc.get("remarks") or []:
            found.extend(remark.get("description") or [])
    return found


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_answer_is_read_right(name: str, tmp_path: Path) -> None:
    source = REAL / name
    if not source.is_file():
        pytest.skip(f"{source} is not beside this checkout (the shared reference answers)")
    expected = EXPECTED[name]
    # Read in place: only a link, in a temporary folder, named for the query, so the
    # server gives this answer as the registry gave it (an address registration
    # included, for a /24 that it covers only in part).
    query = ipaddress.IPv4Network(expected.query)
    folder = tmp_path / "served"
    folder.mkdir()
    (folder / f"ip_{query.network_address}_{query.prefixlen}.json").symlink_to(source)

    with RdapTestServer([folder]) as server:
        settings = Settings(
            cache_dir=tmp_path / "cache", rdap_base_url=server.base_url, rdap_timeout=0.5
        )
        result = lookup_rdap(expected.query, settings)

    assert result.ok, result.error
    assert result.rir == expected.rir
    assert result.network is not None
    assert f"{result.network.start}-{result.network.end}" == expected.network
    assert result.covers_range is expected.covers
    codes = {f.code for f in result.findings}
    assert ("rdap.partial_coverage" in codes) is not expected.covers

    holder = result.registrant
    # An organization is never called a person, whatever its vCard says.
    assert "rdap.registrant_person" not in codes
    if expected.kind is None:
        assert holder is None and "rdap.registrant_unknown" in codes
    else:
        assert holder is not None and holder.kind == expected.kind
        assert holder.evidence
        if expected.holder:
            assert holder.name and holder.name in _name_in_file(source, expected.holder)
            assert expected.name_from in holder.name_source
        else:
            assert not holder.name and not holder.name_source
            assert holder.handle.startswith("ORG-")
        verdict = {"organization": "rdap.registrant", "unknown": "rdap.registrant_kind"}
        assert verdict[expected.kind] in codes
        if expected.kind == "unknown":
            unknown = next(f for f in result.findings if f.code == "rdap.registrant_kind")
            assert unknown.severity is Severity.WARNING and "check" in unknown.message

    if expected.type_code:
        assert expected.type_code in codes
    if expected.type_code == "rdap.legacy":
        legacy = next(f for f in result.findings if f.code == "rdap.legacy")
        assert legacy.severity is Severity.ERROR
    if expected.rir in ("LACNIC", "AFRINIC"):
        assert "rdap.rir_unconfirmed" in codes
