"""The RDAP panel shows whatever a registry sent literally: no markup, no escapes.

The parser cleans what it keeps, but a result can also be built from a cache or a
recording, and error sentences quote servers: the panel cleans every value itself.
"""

from __future__ import annotations

import io
import ipaddress

from rich.console import Console

from byoip.findings import error
from byoip.rdap import MoreSpecific, RdapResult, _more_specific_findings
from byoip.rdap.fetch import RdapFault
from byoip.rdap.parse import Certificate, Network, Registrant, Registration
from byoip.rdap.render import rdap_panel

HOSTILE = "[bold]Evil[/bold] [/ \x1b[31mred\x1b[0m \x1b]0;title\x07 \u202eabc \x9b2J"


def shown(panel: object) -> str:
    console = Console(file=io.StringIO(), width=200, color_system=None, force_terminal=False)
    console.print(panel)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return out


def hostile_network() -> Network:
    return Network(
        cidr="193.0.0.0/24",
        handle=f"NET-{HOSTILE}",
        name=HOSTILE,
        type=HOSTILE,
        start="193.0.0.0",
        end="193.0.0.255",
        status=(HOSTILE,),
    )


def test_every_value_in_the_panel_is_shown_literally_without_control_characters() -> None:
    holder = Registrant(
        handle=f"ORG-{HOSTILE}",
        name=HOSTILE,
        kind=HOSTILE,
        evidence=HOSTILE,
        name_source=HOSTILE,
        vcard_kind=HOSTILE,
    )
    result = RdapResult(
        cidr="193.0.0.0/24",
        status="ok",
        rir="RIPE NCC",
        rir_evidence=HOSTILE,
        network=hostile_network(),
        registrant=holder,
        covers_range=True,
        certificates=(
            Certificate(pem="", sha256="ab" * 32, subject=HOSTILE, not_after="2030", expired=False),
        ),
        more_specific=[MoreSpecific(hostile_network(), holder, True)],
        findings=[error("ip_range", "rdap.x", HOSTILE)],
        source_url=f"http://127.0.0.1/{HOSTILE}",
    )
    text = shown(rdap_panel(result))
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in text
    assert "[bold]Evil[/bold] [/ red" in text  # markup kept as the registry wrote it
    assert text.count("[bold]Evil[/bold]") >= 8


def test_an_error_quoting_the_server_is_shown_literally() -> None:
    result = RdapResult(cidr="193.0.0.0/24", error=f"The server said {HOSTILE}")
    text = shown(rdap_panel(result))
    assert "\x1b" not in text and "\x07" not in text
    assert "The server said [bold]Evil[/bold] [/ red" in text


class _DownSession:
    """Every more-specific query times out."""

    def registration(self, url: str, subnet: ipaddress.IPv4Network) -> object:
        raise RdapFault("rdap.timeout", "no answer")


def test_a_huge_range_counts_its_24s_without_listing_them() -> None:
    wanted = ipaddress.IPv4Network("10.0.0.0/8")
    main = Registration(
        network=Network("10.0.0.0/8", "NET-10", "x", "ALLOCATION", "10.0.0.0", "10.255.255.255"),
        rir="ARIN",
        rir_evidence="",
        registrant=None,
        certificates=(),
        certificate_problems=(),
    )
    result = RdapResult(cidr=str(wanted), status="ok")
    findings = _more_specific_findings(
        _DownSession(),  # type: ignore[arg-type]
        wanted,
        main,
        result,
        "http://127.0.0.1:9/",
    )
    (warning,) = findings
    assert warning.code == "rdap.coverage_incomplete"
    assert warning.message.startswith("65,536 of the 65,536 /24 blocks in 10.0.0.0/8")
