"""Reading one answer: which RIR (from the answer itself) and who holds it."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

import pytest

from byoip.rdap.fetch import RdapFault
from byoip.rdap.parse import decide_rir, find_registrant, parse_registration
from tests.support.rdap_server import SAMPLE_RECORDINGS


def entity(handle: str, roles: list[str] | None, kind: str | None, name: str = "X") -> dict:
    card: list[Any] = [["version", {}, "text", "4.0"], ["fn", {}, "text", name]]
    if kind:
        card.append(["kind", {}, "text", kind])
    data: dict[str, Any] = {"handle": handle, "vcardArray": ["vcard", card]}
    if roles is not None:
        data["roles"] = roles
    return data


def network(*entities: dict, **extra: Any) -> dict:
    return {
        "objectClassName": "ip network",
        "handle": "NET-1",
        "ipVersion": "v4",
        "startAddress": "198.18.0.0",
        "endAddress": "198.18.0.255",
        "entities": list(entities),
        **extra,
    }


def registrant_of(doc: dict):  # type: ignore[no-untyped-def]
    return parse_registration(doc, ipaddress.IPv4Network("198.18.0.0/24")).registrant


@pytest.mark.parametrize(
    ("doc", "rir", "because"),
    [
        (
            {"port43": "whois.lacnic.net", "links": [{"href": "https://rdap.arin.net/x"}]},
            "LACNIC",
            "port43",
        ),
        (
            {"links": [{"rel": "self", "href": "https://rdap.apnic.net/ip/1.0.0.0/24"}]},
            "APNIC",
            "link",
        ),
        (
            {"links": [{"rel": "related", "href": "http://rdap.afrinic.net/rdap/ip/x"}]},
            "AFRINIC",
            "link",
        ),
        ({"handle": "x", "entities": [{"handle": "HN12-AP"}]}, "APNIC", "handle"),
        ({"handle": "x", "entities": [{"handle": "ORG-KSL2-AFRINIC"}]}, "AFRINIC", "handle"),
        ({"handle": "x", "entities": [{"handle": "MX-SMHS2-LACNIC"}]}, "LACNIC", "handle"),
        ({"handle": "x", "entities": [{"handle": "HNR4-RIPE"}]}, "RIPE NCC", "handle"),
        ({"handle": "NET-69-166-0-0-1"}, "ARIN", "handle"),
        ({"handle": "mystery"}, None, "nothing"),
    ],
)
def test_rir_is_decided_from_the_answer(doc: dict, rir: str | None, because: str) -> None:
    decided, evidence = decide_rir(doc)
    assert decided == rir
    assert evidence.startswith(because)


def test_ripe_org_wins_over_maintainers_listed_first() -> None:
    doc = network(
        entity("EXAMPLE-MNT", ["registrant"], "individual"),
        entity("ORG-EX1-RIPE", ["registrant"], "org", "Example BV"),
    )
    holder = registrant_of(doc)
    assert (holder.handle, holder.kind, holder.basis) == (
        "ORG-EX1-RIPE",
        "org",
        "organization entity",
    )


def test_maintainers_alone_name_no_holder() -> None:
    assert registrant_of(network(entity("EXAMPLE-MNT", ["registrant"], "individual"))) is None


def test_a_registrant_without_kind_is_an_individual() -> None:
    # RFC 6350 §6.1.4: no kind means individual.
    holder = registrant_of(network(entity("JD-1", ["registrant"], None, "Jane Doe")))
    assert holder is not None and holder.kind == "individual"


def test_a_person_registrant_beside_an_org_contact() -> None:
    doc = network(
        entity("JD-1", ["registrant"], "individual", "Jane Doe"),
        entity("NOC-1", ["technical"], "org", "Some NOC"),
    )
    holder = registrant_of(doc)
    assert holder is not None and holder.handle == "JD-1" and holder.kind == "individual"


def test_afrinic_org_without_roles() -> None:
    doc = network(entity("KSIP-AFRINIC", None, "group"), entity("ORG-KSL2-AFRINIC", None, "org"))
    holder = registrant_of(doc)
    assert holder is not None and holder.handle == "ORG-KSL2-AFRINIC"


def test_find_registrant_ignores_junk() -> None:
    assert find_registrant({"X": None, "Y": "text", "Z": {"roles": None}}) is None


def test_every_recording_parses() -> None:
    for path in SAMPLE_RECORDINGS.glob("ip_*.json"):
        doc = json.loads(path.read_text())
        query = ipaddress.IPv4Network(path.stem.removeprefix("ip_").replace("_", "/"))
        registration = parse_registration(doc, query)
        assert registration.rir is not None, path.name
        assert registration.network.handle, path.name


def test_not_a_network_object() -> None:
    with pytest.raises(RdapFault) as caught:
        parse_registration({"handle": "X"}, ipaddress.IPv4Network("198.18.0.0/24"))
    assert caught.value.code == "rdap.malformed"
