"""F1's content, per wizard step: AWS's rule in AWS's words, then ours.

For every step: the item AWS asks for, quoted verbatim from the Amazon SES
developer guide (ses-byoip-user-guide.md) with its source, and for every
requirement that the person acts on in that step (``byoip.requirements``):
AWS's words, why it matters, what ses-byoip checks, and what to do when it
fails.  Only the quotes are AWS's; every other sentence here is ours and is
shown as ours.  The screen (``screens/help.py``) decides only the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from byoip.requirements import REQUIREMENTS, Requirement

#: Where every quote comes from.
SES_GUIDE = (
    "Amazon SES Developer Guide, “Using Your Own IP Addresses to Send Email Using Amazon SES”, "
    "docs.aws.amazon.com/ses/latest/dg/dedicated-ip-byo.html"
)
#: Marks words of a quote left out.
ELISION = "[…]"


@dataclass(frozen=True, slots=True)
class HelpSection:
    """One rule: AWS's words (or None when the rule is not AWS's SES page), then ours."""

    title: str
    #: Verbatim from ``source``; None when no AWS page words exist for it here.
    aws_quote: str | None
    source: str
    #: Our words, below: why it matters, what the app checks, what to do when it fails.
    why: str
    checks: str
    if_it_fails: str
    #: Our words standing in for a rule AWS's SES page does not state (with its own source).
    our_summary: str = ""


@dataclass(frozen=True, slots=True)
class StepHelp:
    step: str
    title: str
    #: The item of the email AWS asks for in this step (verbatim), or the page's words on it.
    asks: str
    #: Our words on the step's own field: why it matters, what is checked, what to do.
    why: str
    checks: str
    if_it_fails: str
    sections: tuple[HelpSection, ...]


#: Our words: what to do when a requirement is not met (or cannot be known).
IF_IT_FAILS: dict[str, str] = {
    "rir_registration": "If the lookup got no answer, press ctrl+r (or check --rdap-url / "
    "[rdap] base_url). If no registry holds the range, or its record covers only part of "
    "it, have the holder correct the registration with the RIR before you send the request; "
    "for legacy space or a LACNIC/AFRINIC range, ask AWS first.",
    "business_registrant": "Ask the registry to register the range to your organisation "
    "(for RIPE, an ORG object on the inetnum). If the record does not say who holds it, "
    "check the holder in the registry's own database.",
    "proof_of_ownership": "Sign the message shown in the proof step with the key whose "
    "certificate is in the range's registry record, then paste the signature and give the "
    "certificate. The verdict under the fields says which part does not match.",
    "clean_history": "Ask each list that lists an address to delist it (their pages say "
    "how), then press ctrl+r. When lists could not be asked, the panel says why; if every "
    "list failed the same way, point ses-byoip at a working DNS resolver.",
    "prefix_24": "Bring a /24 or a shorter prefix (a larger range), written from its "
    "network address; ctrl+f in the IP range field puts in the suggested range.",
    "one_region": "Pick the one Region that will send from the range; if another draft asks "
    "for the same range in another Region, keep only one of them.",
    "five_per_region": "Bring at most five ranges per Region to the account: move one to "
    "another Region, or drop a draft.",
    "no_shared_pool": "If mail in this Region still needs SES's shared addresses, send it "
    "from another Region or another account.",
    "roa_authorizes_aws": "Create (or extend) the ROA at your RIR: Amazon's ASNs and the "
    "ASNs that announce the range today, max length = the prefix length; it can take up to "
    "a day to show up, then press ctrl+r.",
}

#: Per step: (title, AWS's words for the item, then ours: why, what is checked, if it fails).
_STEPS: dict[str, tuple[str, str, str, str, str]] = {
    "account_id": (
        "AWS account ID",
        "Your AWS account ID.",
        "AWS makes the range available to this one account.",
        "Exactly 12 digits; the console shows them as 1234-5678-9012, and dashes and spaces "
        "are removed for you.",
        "Copy the digits again from the console's account menu (top right); leading zeros count.",
    ),
    "region": (
        "AWS Region",
        "The AWS Region that you want to use the IP range in, such as ap-south-1.",
        "The range is used in that one Region only (see below).",
        "The code is a Region where SES is available (botocore's endpoint data; "
        "docs/SOURCES.md, Regions).",
        "Type a code or a place (mumbai): → accepts the completion, ctrl+f takes the "
        "suggested Region.",
    ),
    "use_case": (
        "Use case",
        "A description of your use case.",
        "AWS writes: “In order to prevent our systems from being used to send unsolicited "
        "or malicious content, we have to consider each BYOIP request carefully.”",
        "That the description is long enough to answer what AWS reviewers ask: the kind of "
        "mail, monthly volume, the IPs you send from today, why you bring your own range.",
        "Add what the questions beside the editor ask, including how recipients opt in and "
        "how you handle bounces and complaints.",
    ),
    "ip_range": (
        "IP range",
        "The IP range that you want to use with Amazon SES.",
        "The whole range is transferred; its registration and its reputation decide whether "
        "AWS takes it (see below).",
        "CIDR form from its network address, a /24 or larger, outside special-purpose space; "
        "the panels look up its registration and check every address against DNS blocklists.",
        "ctrl+f puts in the suggested range (e.g. the network address for a range typed with "
        "host bits set); ctrl+r runs the lookups again.",
    ),
    "registry": (
        "Internet registry",
        "The name of the internet registry that the range is registered with.",
        "AWS checks the range's record at that registry.",
        "The name against IANA's map and against the registry that answered the lookup "
        "(a range transferred between registries follows the lookup).",
        "Take the registry the registration panel names; a national registry (JPNIC, NIC.br "
        "…) is named with its RIR.",
    ),
    "proof": (
        "Proof of ownership",
        "You have to be able to provide proof that you own the address range by submitting "
        "a signed authorization message.",
        "The signature shows that whoever controls the range agrees to bring it to this account.",
        "The SES page gives no format: ses-byoip uses EC2 BYOIP's (an assumption; "
        "docs/SOURCES.md, EC2 BYOIP): "
        "1|aws|account|range|expiry|SHA256|RSAPSS, signed with the key whose self-signed "
        "certificate is in the range's registry record.",
        "Copy the message (ctrl+y), run the commands on your own machine, paste the signature "
        "and give the certificate; the verdict says which part does not match.",
    ),
    "review": (
        "Review and export",
        "If you want to use your own IP range with Amazon SES please send the following "
        "information to ses-byoip-request@amazon.com",
        "AWS writes: “We'll respond to your request within 48 business hours.” Meeting "
        "the page's requirements before you send saves a round of questions (our "
        "expectation, not AWS's word).",
        "Every requirement of the page, from the fields, the lookups and the proof (F1 on "
        "each step explains its own): the review lists what is not met and not yet known.",
        "Fix what is not met in its step; export still works (it asks first). Send the "
        "email from your own mail client.",
    ),
}


def _section(requirement: Requirement) -> HelpSection:
    ours = requirement.aws_text.startswith("(Not on the SES page")
    return HelpSection(
        title=requirement.title,
        aws_quote=None if ours else requirement.aws_text,
        source=SES_GUIDE,
        why=requirement.why,
        checks=requirement.how_checked,
        if_it_fails=IF_IT_FAILS[requirement.id],
        our_summary=requirement.aws_text if ours else "",
    )


def requirement_help(requirement_id: str) -> HelpSection:
    """One requirement's help (the demo's tour page shows it too)."""
    return _section(next(r for r in REQUIREMENTS if r.id == requirement_id))


def step_help(step: str) -> StepHelp:
    """The help for ``step`` (an unknown step gets the first step's)."""
    if step not in _STEPS:
        step = next(iter(_STEPS))
    title, asks, why, checks, if_it_fails = _STEPS[step]
    sections = tuple(_section(r) for r in REQUIREMENTS if r.step == step)
    return StepHelp(step, title, asks, why, checks, if_it_fails, sections)


def quotes() -> list[str]:
    """Every AWS quote this module shows (tests check them against the guide, verbatim):
    the items, the requirements' words, and what our words quote in “…”."""
    found = [item[1] for item in _STEPS.values()]
    found += [r.aws_text for r in REQUIREMENTS if not r.aws_text.startswith("(Not on")]
    for item in _STEPS.values():
        for ours in item[2:]:
            found += re.findall(r"“([^”]+)”", ours)
    return found
