"""AWS Regions where Amazon SES is available, with their names, and near-miss suggestions.

Source: botocore's ``endpoints.json`` (https://github.com/boto/botocore, file
``botocore/data/endpoints.json``), service ``email``: the Regions it lists for SES,
and the partition's other Regions for "no SES here" (rechecked against botocore
1.43.11's copy: seven commercial Regions have no ``email`` endpoint).  No per-Region
list of SES *BYOIP* availability was found, so every SES Region is accepted.
"""

from __future__ import annotations

import difflib
import unicodedata

#: Commercial Regions where SES is available: code -> name.
REGIONS: dict[str, str] = {
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)",
    "af-south-1": "Africa (Cape Town)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
    "ap-northeast-2": "Asia Pacific (Seoul)",
    "ap-northeast-3": "Asia Pacific (Osaka)",
    "ap-south-1": "Asia Pacific (Mumbai)",
    "ap-south-2": "Asia Pacific (Hyderabad)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-southeast-3": "Asia Pacific (Jakarta)",
    "ap-southeast-5": "Asia Pacific (Malaysia)",
    "ca-central-1": "Canada (Central)",
    "ca-west-1": "Canada West (Calgary)",
    "eu-central-1": "Europe (Frankfurt)",
    "eu-central-2": "Europe (Zurich)",
    "eu-north-1": "Europe (Stockholm)",
    "eu-south-1": "Europe (Milan)",
    "eu-west-1": "Europe (Ireland)",
    "eu-west-2": "Europe (London)",
    "eu-west-3": "Europe (Paris)",
    "il-central-1": "Israel (Tel Aviv)",
    "me-central-1": "Middle East (UAE)",
    "me-south-1": "Middle East (Bahrain)",
    "sa-east-1": "South America (São Paulo)",
}

#: SES Regions in other partitions: a different account, console and request process.
OTHER_PARTITION_REGIONS: dict[str, str] = {
    "us-gov-east-1": "AWS GovCloud (US-East)",
    "us-gov-west-1": "AWS GovCloud (US-West)",
    "eusc-de-east-1": "AWS European Sovereign Cloud (Germany)",
}

#: Commercial AWS Regions without SES: in botocore's ``endpoints.json`` the partition
#: lists them, its ``email`` service does not (names as the file gives them).
REGIONS_WITHOUT_SES: dict[str, str] = {
    "ap-east-1": "Asia Pacific (Hong Kong)",
    "ap-east-2": "Asia Pacific (Taipei)",
    "ap-southeast-4": "Asia Pacific (Melbourne)",
    "ap-southeast-6": "Asia Pacific (New Zealand)",
    "ap-southeast-7": "Asia Pacific (Thailand)",
    "eu-south-2": "Europe (Spain)",
    "mx-central-1": "Mexico (Central)",
}

#: Words that name a Region without SES when typed instead of its code ("Melbourne").
#: "Central" alone would match ca-central-1 or eu-central-1, so Mexico's is its country.
PLACES_WITHOUT_SES: dict[str, tuple[str, ...]] = {
    "ap-east-1": ("hong kong", "hongkong"),
    "ap-east-2": ("taipei", "taiwan"),
    "ap-southeast-4": ("melbourne",),
    "ap-southeast-6": ("new zealand", "auckland"),
    "ap-southeast-7": ("thailand", "bangkok"),
    "eu-south-2": ("spain", "madrid", "aragon"),
    "mx-central-1": ("mexico", "querétaro", "queretaro"),
}


def partition(code: str | None) -> str:
    """The AWS partition a Region code belongs to: ``aws-us-gov`` (GovCloud), ``aws-eusc``
    (European Sovereign Cloud) or ``aws`` (every other Region, and no Region yet).

    AWS announces BYOIP ranges from different ASNs per partition (``byoip.routing``).
    """
    region = (code or "").strip().lower()
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    if region.startswith("eusc-"):
        return "aws-eusc"
    return "aws"


def region_label(code: str) -> str:
    """``"ap-south-1"`` -> ``"ap-south-1 — Asia Pacific (Mumbai)"``; unknown codes as given."""
    name = REGIONS.get(code) or OTHER_PARTITION_REGIONS.get(code)
    return f"{code} — {name}" if name else code


def _squash(text: str) -> str:
    """Lower-case letters and digits only: ``"AP south 1"`` and ``"ap-south1"`` compare equal."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    return "".join(ch for ch in folded if ch.isascii() and ch.isalnum())


_ALL_KNOWN: dict[str, str] = {**REGIONS, **OTHER_PARTITION_REGIONS}
_BY_SQUASHED_CODE: dict[str, str] = {_squash(code): code for code in _ALL_KNOWN}
# Words of a Region's name that identify it ("mumbai", "n. virginia", "sao paulo").
_BY_PLACE: dict[str, list[str]] = {}
for _code, _name in _ALL_KNOWN.items():
    _place = _name[_name.find("(") + 1 : _name.rfind(")")] if "(" in _name else _name
    for _key in {_squash(_place), _squash(_name)}:
        _BY_PLACE.setdefault(_key, []).append(_code)


def suggest_regions(text: str, limit: int = 3) -> list[str]:
    """SES Region codes the person probably meant by ``text`` (best first, maybe empty).

    Matches a code written without or with different separators (``ap-south1``),
    a place or Region name (``mumbai``, ``Europe (Ireland)``), then close spellings.
    """
    squashed = _squash(text)
    if not squashed:
        return []
    if squashed in _BY_SQUASHED_CODE:
        return [_BY_SQUASHED_CODE[squashed]]
    if squashed in _BY_PLACE:
        return _BY_PLACE[squashed][:limit]
    found: list[str] = []
    # A place name typed as part of something longer ("mumbai region") or shorter ("frank").
    if len(squashed) >= 4:
        for key, codes in _BY_PLACE.items():
            if squashed in key or key in squashed:
                found.extend(c for c in codes if c not in found)
    for candidate in difflib.get_close_matches(squashed, _BY_SQUASHED_CODE, n=limit, cutoff=0.8):
        code = _BY_SQUASHED_CODE[candidate]
        if code not in found:
            found.append(code)
    for candidate in difflib.get_close_matches(squashed, _BY_PLACE, n=limit, cutoff=0.75):
        found.extend(c for c in _BY_PLACE[candidate] if c not in found)
    return found[:limit]


def region_matches(text: str, limit: int = 4) -> list[str]:
    """Region codes for a type-ahead list: codes that ``text`` begins, then ``suggest_regions``."""
    typed = text.strip().casefold()
    if not typed:
        return []
    found = [code for code in REGIONS if code.startswith(typed)]
    for code in suggest_regions(text, limit=limit):
        if code not in found:
            found.append(code)
    return found[:limit]
