"""Reputation: every address of a range against DNS blocklists, fast and honest.

``await sweep(cidr, settings)`` asks ``<reversed-octets>.<zone>`` (type A) for
every address x every zone, with at most ``settings.dns_concurrency`` queries
in flight, one retry on a time-out and an overall deadline.  Each zone is
tested per RFC 5782 (127.0.0.2 listed, 127.0.0.1 not): those queries go out
first, and a zone's answers count only once it passed, so that a list which
refuses us, or a resolver that rewrites answers, is reported as "refused" /
"broken" instead of as a clean (or fully listed) range.  (The sweep doesn't
wait for the test's round trip; a zone that fails stops being asked at once.)

The verdict is "listed" (a working zone lists an address), "clean" (every
zone worked, nothing listed) or "incomplete" (some zone could not be asked).
The sweep is a plain coroutine: cancelling its task stops it at once, and its
worker tasks and the resolver's sockets go with it.

Modules: ``result`` (``SweepResult`` and its parts), ``sweeper`` (the sweep),
``codes`` (what each list's answers mean), ``resolvers`` (c-ares, recorded
answers) and ``render`` (the Rich panel).  This front re-exports the public names.
"""

from __future__ import annotations

from byoip.reputation.resolvers import (
    AresResolver,
    RecordedResolver,
    RecordingError,
    RecordingResolver,
    Resolver,
)
from byoip.reputation.result import FIELD, Listing, SweepResult, Verdict, ZoneReport, ZoneStatus
from byoip.reputation.sweeper import (
    PROGRESS_STEPS,
    Progress,
    SweepRefused,
    needs_confirmation,
    parse_range,
    query_count,
    sweep,
)

__all__ = [
    "FIELD",
    "PROGRESS_STEPS",
    "AresResolver",
    "Listing",
    "Progress",
    "RecordedResolver",
    "RecordingError",
    "RecordingResolver",
    "Resolver",
    "SweepRefused",
    "SweepResult",
    "Verdict",
    "ZoneReport",
    "ZoneStatus",
    "needs_confirmation",
    "parse_range",
    "query_count",
    "sweep",
]
