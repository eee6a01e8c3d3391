"""F1: help on the current step: what AWS requires and why, and how ses-byoip checks it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from byoip.requirements import REQUIREMENTS
from byoip.tui import DIALOGS_CSS

#: What each step asks for, from the AWS page (the request's five items).
STEP_HELP: dict[str, tuple[str, str]] = {
    "account_id": (
        "AWS account ID",
        "AWS asks for **your AWS account ID**: the account that will send from the range. "
        "It has exactly 12 digits (leading zeros count); the console's account menu shows it "
        "as `1234-5678-9012`.",
    ),
    "region": (
        "AWS Region",
        "AWS asks for **the AWS Region that you want to use the IP range in**, such as "
        "`ap-south-1`. Type a code, or a place such as *mumbai*; → accepts the completion and "
        "ctrl+f takes the suggested Region.",
    ),
    "use_case": (
        "Use case",
        "AWS asks for **a description of your use case**, and considers each request "
        "carefully to keep SES from sending unsolicited or malicious mail. Say what you send, "
        "how much, from which addresses today, how recipients opt in, and how you handle "
        "bounces and complaints.",
    ),
    "ip_range": (
        "IP range",
        "AWS asks for **the IP range that you want to use with Amazon SES**, in CIDR form. "
        "The panels beside the form look up its registration (RDAP) and check every address "
        "against DNS blocklists; the cost panel estimates the monthly charge from a price it "
        "names (an assumption until you set AWS's price).",
    ),
    "registry": (
        "Internet registry",
        "AWS asks for **the name of the internet registry that the range is registered "
        "with**. The field is pre-filled from IANA's map and from the registration lookup; "
        "ranges transferred between registries may differ from IANA's map. A national "
        "registry (JPNIC, KRNIC, NIC.br …) is named with its RIR. *Ours, from AWS's EC2 "
        "BYOIP rules:* BYOIP supports ARIN, RIPE and APNIC registrations; for LACNIC or "
        "AFRINIC ask AWS first; legacy space is not supported.",
    ),
    "proof": (
        "Proof of ownership",
        "AWS asks you to **be able to provide proof that you own the address range by "
        "submitting a signed authorization message**. The SES page gives no format; "
        "ses-byoip uses EC2 BYOIP's: sign the message with the key whose certificate is "
        "in the range's RDAP record. *Ours, from EC2's BYOIP prerequisites:* create the ROA "
        "first (AS16509 and AS14618, AS8987 in GovCloud, and the ASNs that announce the "
        "range today); it can take up to a day to be visible; the certificate can be "
        "removed from the record once provisioning is done.",
    ),
    "review": (
        "Review and export",
        "Send the five items to **ses-byoip-request@amazon.com**. AWS: \"We'll respond to "
        'your request within 48 business hours." The date that makes is your reminder '
        "(shown in the app), not part of the email. Export the email and send it from your "
        "own mail client.",
    ),
}


def help_markdown(step: str) -> str:
    title, body = STEP_HELP.get(step, STEP_HELP["account_id"])
    parts = [f"# {title}", body]
    related = [r for r in REQUIREMENTS if r.step == step]
    if related:
        parts.append("## What AWS requires")
    for requirement in related:
        parts.append(
            f"### {requirement.title}\n\n> {requirement.aws_text}\n>\n"
            "> — AWS, *Amazon SES Developer Guide*, BYOIP requirements\n\n"
            f"**Why (our words):** {requirement.why}\n\n"
            f"**How ses-byoip checks it:** {requirement.how_checked}"
        )
    return "\n\n".join(parts)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = DIALOGS_CSS
    BINDINGS = [
        Binding("escape,f1,q", "close", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, step: str) -> None:
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Markdown(help_markdown(self.step), id="help-text")
            yield Static("escape closes the help", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-text").focus()

    def action_close(self) -> None:
        self.dismiss(None)
