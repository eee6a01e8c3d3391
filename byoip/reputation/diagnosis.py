"""When every blocklist fails the same way, blame the resolver once instead of each list.

A sweep through a resolver that answers NXDOMAIN for everything (a captive
portal, a filtering or offline resolver), or through one that does not answer
at all, makes every list fail its RFC 5782 self-test.  Reported list by list
that reads as five dead blocklists ("the list may have shut down"); the likely
cause is the one thing they share, so the sweep says that, once, with the
three ways to point ses-byoip at a working resolver.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

#: How a zone failed (``ZoneReport.cause``), in words that finish
#: "every blocklist failed its RFC 5782 self-test the same way: ...".
CAUSES: dict[str, str] = {
    "test_unlisted": "every answer was NXDOMAIN, “no such name”, even for 127.0.0.2, the "
    "test entry every working list lists",
    "timeout": "no answer within the DNS timeout, asked twice",
    "unreachable": "nothing answers DNS at the resolver's address",
    "refused": "the resolver refused the queries (DNS REFUSED)",
    "servfail": "the resolver answered SERVFAIL",
    "error": "the queries failed",
    "rewritten": "the answers were rewritten (addresses no blocklist sends)",
    "error_code": "each list answered with an error code (lists refuse public or "
    "unregistered resolvers)",
    "deadline": "the overall deadline ran out before any self-test was answered",
}

#: What to do: our words, naming the flag, the variable and the config key (byoip.config).
RESOLVER_FIX = (
    "Use a working resolver: --resolver HOST[:PORT] (lookup), SES_BYOIP_RESOLVER=HOST[:PORT], "
    'or resolver = "HOST:PORT" under [dnsbl] in the config file; then look up again '
    "(ctrl+r in the wizard)."
)

#: A failed list's own detail while the resolver is blamed (its detail would blame the list).
SEE_RESOLVER = "failed like every other list: see the resolver note above."


class _FailedZone(Protocol):
    status: str
    cause: str


def shared_cause(zones: Sequence[_FailedZone]) -> str | None:
    """The one cause every zone failed with; None unless two or more all failed alike."""
    if len(zones) < 2 or any(zone.status == "ok" for zone in zones):
        return None
    causes = {zone.cause for zone in zones}
    if len(causes) != 1:
        return None
    cause = causes.pop()
    return cause if cause in CAUSES else None


def resolver_blame(zones: Sequence[_FailedZone], resolver: str) -> str | None:
    """The sentence blaming the resolver, or None when the lists failed in different ways."""
    cause = shared_cause(zones)
    if cause is None:
        return None
    where = resolver or "resolver"
    return (
        f"All {len(zones)} blocklists failed their RFC 5782 self-test the same way "
        f"({CAUSES[cause]}): the likely cause is the {where}, not the lists. {RESOLVER_FIX}"
    )
