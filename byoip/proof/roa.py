"""The ROA the range needs: which ASNs it must authorize and its max length.

Source: EC2's "Prerequisites for BYOIP",
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/prepare-for-byoip.html
"""

from __future__ import annotations

from dataclasses import dataclass

#: The ASNs a ROA must authorize: EC2's "Prerequisites for BYOIP",
#: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/prepare-for-byoip.html
#: (AS8987 in the GovCloud Regions).
ROA_ASNS: tuple[int, ...] = (16509, 14618)
GOVCLOUD_ROA_ASNS: tuple[int, ...] = (8987,)


@dataclass(frozen=True, slots=True)
class RoaGuidance:
    asns: tuple[int, ...]
    max_length: int | None
    prefix: str
    sentence: str


def roa_guidance(cidr: str, region: str | None = None) -> RoaGuidance:
    """Which ASNs the range's ROA must authorize, and its max length (= the prefix length)."""
    prefix = cidr.strip()
    length: int | None = None
    if "/" in prefix:
        tail = prefix.rsplit("/", 1)[1]
        length = int(tail) if tail.isdigit() else None
    length_text = f"/{length}" if length is not None else "the prefix length of the range"
    target = prefix or "the range"
    if region and region.strip().lower().startswith("us-gov-"):
        asns = GOVCLOUD_ROA_ASNS
        amazon = f"AS{asns[0]} (GovCloud)"
    elif region:
        asns = ROA_ASNS
        amazon = f"AS{asns[0]} and AS{asns[1]}"
    else:
        asns = ROA_ASNS
        amazon = (
            f"AS{ROA_ASNS[0]} and AS{ROA_ASNS[1]} "
            f"(AS{GOVCLOUD_ROA_ASNS[0]} in GovCloud Regions us-gov-*)"
        )
    # EC2's BYOIP prerequisites (ROA_ASNS' source): today's origins stay authorized,
    # the ROA comes first, it can take up to 24 hours to be seen, the certificate
    # only has to stay until provisioning is done.
    sentence = (
        f"First, before anything else changes, create a ROA for {target} that authorizes "
        f"{amazon} and also the ASNs that announce the range today (so current routing "
        f"does not break), with max length {length_text}; it can take up to 24 hours to "
        "be visible. The certificate in the registry record is needed only until AWS has "
        "provisioned the range; you can remove it afterwards."
    )
    return RoaGuidance(asns, length, prefix, sentence)
