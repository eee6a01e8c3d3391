"""Who holds a network, and whether it is an organization, a person, or not known.

AWS asks for a range "registered to a business or institutional entity" that
"can't be registered to a person" (the SES BYOIP page). Registries say this
in different ways, and some say it wrongly, so the holder's kind is decided
from every piece of evidence a careful reader of the record would use:

- the organisation object: RIPE NCC, AFRINIC and APNIC give the ``org:`` object
  a handle ``ORG-…``; older RIPE answers give it no vCard at all;
- the vCard ``kind`` (RFC 6350 §6.1.4, https://www.rfc-editor.org/rfc/rfc6350#section-6.1.4).
  RFC 6350's default (no ``kind`` means ``individual``) is about a vCard
  that lacks the property; an entity with *no* vCard says nothing about its
  kind.  LACNIC publishes ``kind: individual`` for companies too (real answers name
  S.R.L. and S.A. de C.V. holders so), so there it is not evidence;
- a legal form in the name (S.A., S.R.L., GmbH, Inc., LLC, Ltd, K.K., …) or a
  word only organizations carry (University, Corporation, Telecom, …);
- where no entity is the holder (older APNIC, AFRINIC and RIPE answers), the
  record's description lines, which name it.

A person is called a person only on positive evidence (an explicit
``individual`` outside LACNIC, with nothing that says organization); thin
evidence gives "unknown", which the checks turn into a warning that says what
to look at in the registry, never into an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from byoip.text import clean_text

ORGANIZATION = "organization"
PERSON = "person"
UNKNOWN = "unknown"

_NAME_CHARS = 200

# Legal forms written with dots or slashes (case-insensitive): S.A., S.R.L., K.K. …
_DOTTED_FORMS = (
    r"S\.\s?A\.(\s?de\s?C\.\s?V\.)?",
    r"S/A",
    r"S\.\s?A\.\s?S\.",
    r"S\.\s?R\.\s?L\.",
    r"S\.\s?de\s?R\.\s?L\.",
    r"S\.\s?L\.",
    r"S\.\s?C\.",
    r"S\.\s?p\.\s?A\.",
    r"s\.\s?r\.\s?o\.",
    r"a\.\s?s\.",
    r"Sp\.\s?z\s?o\.\s?o\.",
    r"d\.\s?o\.\s?o\.",
    r"B\.\s?V\.",
    r"N\.\s?V\.",
    r"K\.\s?K\.",
    r"G\.\s?K\.",
    r"e\.\s?V\.",
    r"L\.\s?L\.\s?C\.",
    r"L\.\s?L\.\s?P\.",
    r"A/S",
    r"Co\.",
    r"Corp\.",
    r"Inc\.",
    r"Ltd\.",
    r"Ltda\.",
    r"Cía\.",
    r"Cia\.",
)
# Legal forms written as words (case-insensitive).
_WORD_FORMS = (
    "Inc",
    "Incorporated",
    "LLC",
    "LLP",
    "Ltd",
    "Ltda",
    "Limited",
    "Corp",
    "GmbH",
    "mbH",
    "Pty",
    "Oy",
    "Oyj",
    "SpA",
    "Srl",
    "SARL",
    "EIRELI",
    "PLC",
    "Bhd",
    "Pte",
    "Kabushiki Kaisha",
    "JSC",
    "OOO",
    "PJSC",
    "Kft",
    "Zrt",
)
# Short forms that are ordinary words in lower case ("as", "ab"): upper case only.
_UPPER_FORMS = ("AS", "ASA", "AB", "AG", "KG", "SA", "SAS", "SE", "NV", "BV", "PT", "CV")
# Words only an organization or institution is named with (case-insensitive, whole words).
_ORGANIZATION_WORDS = (
    "university",
    "universidad",
    "universidade",
    "université",
    "universität",
    "college",
    "school",
    "institute",
    "instituto",
    "institut",
    "hospital",
    "bank",
    "banco",
    "ministry",
    "government",
    "council",
    "agency",
    "authority",
    "foundation",
    "fundación",
    "association",
    "society",
    "corporation",
    "company",
    "companhia",
    "compañía",
    "telecom",
    "telecomunicaciones",
    "telecomunicações",
    "telecommunications",
    "telecommunication",
    "communications",
    "network",
    "networks",
    "centre",
    "center",
    "registry",
    "group",
    "holdings",
    "services",
    "systems",
    "technologies",
    "solutions",
    "enterprises",
    "industries",
    "cooperative",
    "cooperativa",
)


def _boundary(pattern: str) -> str:
    return rf"(?<![\w.]){pattern}(?![\w])"


_DOTTED = re.compile("|".join(_boundary(p) for p in _DOTTED_FORMS), re.IGNORECASE)
_WORDS = re.compile(
    "|".join(_boundary(re.escape(w)) for w in (*_WORD_FORMS, *_ORGANIZATION_WORDS)),
    re.IGNORECASE,
)
_UPPER = re.compile("|".join(_boundary(w) for w in _UPPER_FORMS))


def organization_marker(name: str) -> str | None:
    """The legal form or organization word in ``name`` ("S.R.L.", "University"), or None."""
    for pattern in (_DOTTED, _WORDS, _UPPER):
        match = pattern.search(name or "")
        if match:
            return match.group(0).strip()
    return None


@dataclass(frozen=True)
class Holder:
    """The holder of a network as the registry names it, and what kind it is."""

    handle: str
    name: str
    #: ``organization`` | ``person`` | ``unknown`` (decided here, see the module text).
    kind: str
    #: Why that kind, in words shown to the person ("vCard kind org", "legal form S.A.").
    evidence: str
    #: Where the name comes from ("the registrant's vCard", "the record's description");
    #: "" when the record gives no name, only the handle.
    name_source: str
    #: The vCard kind exactly as published ("" when the entity has no vCard or no kind).
    vcard_kind: str = ""


@dataclass
class _Entity:
    handle: str
    roles: list[str]
    has_vcard: bool
    vcard_kind: str
    name: str
    top_level: bool

    @property
    def is_maintainer(self) -> bool:
        return self.handle.upper().endswith("-MNT")

    @property
    def is_organisation_object(self) -> bool:
        return self.handle.upper().startswith("ORG-")


def _vcard(entity: dict[str, Any]) -> tuple[bool, str, str]:
    """(has a vCard, its kind, its fn) from an RDAP entity's ``vcardArray``."""
    array = entity.get("vcardArray")
    if not (isinstance(array, list) and len(array) > 1 and isinstance(array[1], list)):
        return False, "", ""
    kind = name = ""
    for prop in array[1]:
        if not (isinstance(prop, list) and len(prop) >= 4 and isinstance(prop[0], str)):
            continue
        if prop[0].lower() == "kind" and isinstance(prop[3], str):
            kind = prop[3].strip().lower()
        elif prop[0].lower() == "fn" and isinstance(prop[3], str):
            name = prop[3]
    return True, clean_text(kind, 20), clean_text(name, _NAME_CHARS).strip()


def _walk(doc: dict[str, Any]) -> list[_Entity]:
    found: list[_Entity] = []
    stack = [(e, True) for e in doc.get("entities") or [] if isinstance(e, dict)]
    while stack and len(found) < 200:
        entity, top = stack.pop(0)
        roles = [str(r).strip().lower() for r in entity.get("roles") or [] if isinstance(r, str)]
        has_vcard, kind, name = _vcard(entity)
        handle = clean_text(entity.get("handle") or "", 80).strip()
        found.append(_Entity(handle, roles, has_vcard, kind, name, top))
        stack.extend((e, False) for e in entity.get("entities") or [] if isinstance(e, dict))
    return found


def _candidate(entities: list[_Entity]) -> tuple[_Entity, str] | None:
    """The entity that holds the network, and how it was chosen."""
    # 1. The organisation object (RIPE/AFRINIC/APNIC "ORG-…"): a registrant, or with no roles.
    for entity in entities:
        if entity.is_organisation_object and ("registrant" in entity.roles or not entity.roles):
            return entity, "organisation object"
    registrants = [e for e in entities if "registrant" in e.roles and not e.is_maintainer]
    # 2. A top-level registrant before a contact nested inside it (LACNIC nests persons).
    for entity in sorted(registrants, key=lambda e: not e.top_level):
        return entity, "registrant"
    # 3. AFRINIC-style: an organization entity with no roles.
    for entity in entities:
        if not entity.roles and entity.vcard_kind == "org" and not entity.is_maintainer:
            return entity, "organization entity without roles"
    return None


_DESCRIPTION_TITLES = {"", "description", "descr", "remark"}
_BOILERPLATE = re.compile(
    r"@|://|certificate|abuse|please|contact|report|this object|the object|"
    r"hostmaster|modified|\[scrubbed\]|^-+$",
    re.IGNORECASE,
)


def description_lines(doc: dict[str, Any]) -> list[str]:
    """The record's description lines (``descr`` / APNIC "description"), boilerplate left out."""
    lines: list[str] = []
    for remark in doc.get("remarks") or []:
        if not isinstance(remark, dict):
            continue
        title = str(remark.get("title") or "").strip().lower()
        if title not in _DESCRIPTION_TITLES:
            continue  # "remarks", ARIN's "Registration Comments": free text, not a name
        description = remark.get("description")
        items = description if isinstance(description, list) else [description]
        for item in items:
            text = clean_text(item or "", _NAME_CHARS).strip()
            if text and not _BOILERPLATE.search(text):
                lines.append(text)
    return lines


def _name_in_description(doc: dict[str, Any]) -> str | None:
    """The holder's name from the description: a line with a legal form or an organization
    word, else the first line unless it reads like an address ("City, Country")."""
    lines = description_lines(doc)[:4]
    for line in lines:
        if organization_marker(line):
            return line
    if lines:
        # "Vodacom Business (ASN 36994)": an ASN in brackets is no street address.
        bare = re.sub(r"\([^)]*\)", "", lines[0])
        if "," not in bare and not any(ch.isdigit() for ch in bare):
            return lines[0]
    return None


def decide_holder(doc: dict[str, Any], rir: str | None) -> Holder | None:
    """The holder of the RDAP network ``doc`` (answered by ``rir``), or None when unnamed."""
    chosen = _candidate(_walk(doc))
    described = _name_in_description(doc)
    if chosen is None:
        if not described:
            return None
        marker = organization_marker(described)
        return Holder(
            handle="",
            name=described,
            kind=ORGANIZATION if marker else UNKNOWN,
            evidence=(
                f"{marker!r} in the name" if marker else "only the record's description names it"
            ),
            name_source="the record's description (remarks)",
        )
    entity, how = chosen
    if entity.name:
        name, source = entity.name, f"the {how}'s vCard"
    elif described:
        name, source = described, f"the record's description (the {how} has no vCard)"
    else:
        name, source = "", ""  # the record gives the handle only
    kind, evidence = _kind(entity, name, rir)
    return Holder(entity.handle, name, kind, evidence, source, entity.vcard_kind)


def _kind(entity: _Entity, name: str, rir: str | None) -> tuple[str, str]:
    """(kind, evidence) for the chosen entity, from every sign the record gives."""
    organization: list[str] = []
    if entity.is_organisation_object:
        organization.append("the registry's organisation object")
    if entity.vcard_kind in ("org", "group"):
        organization.append(f"vCard kind {entity.vcard_kind}")
    marker = organization_marker(name)
    if marker:
        organization.append(f"{marker!r} in the name")
    if organization:
        return ORGANIZATION, "; ".join(organization)
    if entity.vcard_kind == "individual":
        if rir == "LACNIC":
            return UNKNOWN, (
                "vCard kind individual, which LACNIC publishes for companies too, "
                "and no legal form in the name"
            )
        return PERSON, "vCard kind individual"
    if not entity.has_vcard:
        return UNKNOWN, "the entity has no vCard, so the record does not say"
    if entity.vcard_kind:
        return UNKNOWN, f"vCard kind {entity.vcard_kind}"
    return UNKNOWN, (
        "its vCard has no kind (RFC 6350 reads that as an individual) and nothing "
        "else in the record says"
    )


def where_to_check(rir: str | None) -> str:
    """Where in the registry the person can see who holds the range (one phrase)."""
    return {
        "ARIN": "the Org record of the network in ARIN's whois (search.arin.net)",
        "RIPE NCC": "the inetnum's org: object and its org-type in the RIPE Database",
        "APNIC": "the inetnum's org: object or descr lines in APNIC's whois",
        "LACNIC": "the owner and ownerid of the block in LACNIC's whois",
        "AFRINIC": "the inetnum's org: object in AFRINIC's whois",
    }.get(rir or "", "the registry's whois record of the range")


def holder_label(holder: Holder) -> str:
    """``"Name (HANDLE)"``, the handle alone, or the name alone, as the record allows."""
    if holder.name and holder.handle and holder.name != holder.handle:
        return f"{holder.name} ({holder.handle})"
    return holder.name or holder.handle


def name_origin(holder: Holder) -> str:
    """Where the holder's name comes from, as a phrase ("named in the record's description")."""
    if holder.name_source:
        return f"named in {holder.name_source}"
    return "the record gives no name, only the handle"
