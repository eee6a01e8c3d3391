"""Reading one answer: which RIR (from the answer itself) and who holds it."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

import pytest

from byoip.rdap.fetch import RdapFault
from byoip.rdap.parse import decide_rir, parse_registration
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
    assert (holder.handle, holder.name, holder.kind) == (
        "ORG-EX1-RIPE",
        "Example BV",
        "organization",
    )
    assert "organisation object" in holder.evidence and holder.vcard_kind == "org"


def test_maintainers_alone_name_no_holder() -> None:
    assert registrant_of(network(entity("EXAMPLE-MNT", ["registrant"], "individual"))) is None


def test_a_vcard_without_kind_is_not_proof_of_a_person() -> None:
    # RFC 6350's default (individual) is noted, but it is not positive evidence.
    holder = registrant_of(network(entity("JD-1", ["registrant"], None, "Jane Doe")))
    assert holder is not None and holder.kind == "unknown"
    assert "RFC 6350" in holder.evidence


def test_an_explicit_individual_is_a_person() -> None:
    doc = network(
        entity("JD-1", ["registrant"], "individual", "Jane Doe"),
        entity("NOC-1", ["technical"], "org", "Some NOC"),
    )
    holder = registrant_of(doc)
    assert holder is not None and holder.handle == "JD-1" and holder.kind == "person"


def test_an_entity_without_a_vcard_is_not_a_person() -> None:
    doc = network({"handle": "EXAMPLE1-RIPE", "roles": ["registrant"]})
    holder = registrant_of(doc)
    assert holder is not None and holder.kind == "unknown" and "no vCard" in holder.evidence


def test_an_organisation_object_without_a_vcard_is_an_organization() -> None:
    doc = network(
        {"handle": "ORG-EX9-RIPE", "roles": ["registrant"]},
        {"handle": "EXAMPLE-MNT", "roles": ["registrant"]},
        remarks=[{"description": ["Example Widgets Cooperative", "Utrecht, Netherlands"]}],
    )
    holder = registrant_of(doc)
    assert holder is not None and holder.kind == "organization"
    assert holder.name == "Example Widgets Cooperative"
    assert "description" in holder.name_source


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Ejemplo Redes S.R.L.", "organization"),
        ("Exemplo Telecom Ltda.", "organization"),
        ("Ejemplo S.A. de C.V.", "organization"),
        ("Beispiel GmbH", "organization"),
        ("Esempio S.p.A.", "organization"),
        ("Exempel AB", "organization"),
        ("Eksempel AS", "organization"),
        ("Esimerkki Oy", "organization"),
        ("Example Pty Ltd", "organization"),
        ("Voorbeeld B.V.", "organization"),
        ("Rei Shoji K.K.", "organization"),
        ("Juan Ejemplo", "unknown"),  # LACNIC's "individual" proves nothing
    ],
)
def test_lacnic_individual_kind_is_weighed_against_the_name(name: str, kind: str) -> None:
    doc = network(
        entity("AR-EXAM-LACNIC", ["registrant"], "individual", name), port43="whois.lacnic.net"
    )
    holder = registrant_of(doc)
    assert holder is not None and holder.kind == kind, holder


def test_a_legal_form_outweighs_an_explicit_individual_elsewhere_too() -> None:
    doc = network(entity("EX-1", ["registrant"], "individual", "Example Holdings Inc."))
    assert registrant_of(doc).kind == "organization"


def test_words_inside_other_words_are_no_legal_form() -> None:
    # "as" and "ab" in lower case, "Inc" inside "Vincent": nothing says organization.
    doc = network(entity("VI-1", ["registrant"], "individual", "Vincent as Abel"))
    assert registrant_of(doc).kind == "person"


def test_holder_named_only_in_the_description() -> None:
    doc = network(
        remarks=[
            {"title": "description", "description": ["Example Networks Corp.", "Some city"]},
            {"title": "remarks", "description": ["please send abuse reports to x@example.net"]},
        ]
    )
    holder = registrant_of(doc)
    assert holder is not None and holder.name == "Example Networks Corp."
    assert holder.kind == "organization" and holder.handle == ""
    assert holder.name_source == "the record's description (remarks)"


def test_an_address_line_is_not_taken_for_a_name() -> None:
    doc = network(remarks=[{"description": ["Utrecht, Netherlands"]}])
    assert registrant_of(doc) is None


def test_afrinic_org_without_roles() -> None:
    doc = network(entity("KSIP-AFRINIC", None, "group"), entity("ORG-KSL2-AFRINIC", None, "org"))
    holder = registrant_of(doc)
    assert holder is not None and holder.handle == "ORG-KSL2-AFRINIC"


def test_junk_entities_name_no_holder() -> None:
    from byoip.rdap.holder import decide_holder

    doc = network("text", None, {"roles": None}, {"vcardArray": ["vcard", "junk"]})
    doc["remarks"] = ["junk", {"description": 5}]
    assert decide_holder(doc, "RIPE NCC") is None


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
