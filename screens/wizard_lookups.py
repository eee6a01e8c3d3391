"""The wizard's background work: registration (RDAP), reputation (DNS blocklists) and
routing (ROA) lookups, reading the drafts folder, verifying a saved proof.

``Lookups`` is a widget without a display that the wizard composes: each
lookup is a ``@work`` method in its own exclusive group, started a moment
after the range becomes valid (debounced, so typing doesn't start one per
keystroke) and cancelled as soon as the range changes.  Everything it has to
say comes back as typed messages (``Lookups.RdapDone``, ``Lookups.Failed``, …)
that carry the range they are about, so the session can drop a late answer
for an old range; a failure is a message too, never a traceback.

The lookup libraries are imported inside the workers, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from byoip.config import Settings

if TYPE_CHECKING:
    from byoip.fetching import Fetcher
    from byoip.proof import ProofVerdict
    from byoip.rdap import RdapResult
    from byoip.reputation import SweepResult
    from byoip.reputation.resolvers import Resolver
    from byoip.routing import RoutingResult
    from byoip.store import DraftEntry

T = TypeVar("T")

RDAP_GROUP = "rdap"
REPUTATION_GROUP = "reputation"
ROUTING_GROUP = "routing"
#: Seconds the range must stay unchanged before the lookups start.
LOOKUP_DEBOUNCE = 0.4
#: At most this many progress messages per sweep, however many queries it makes.
PROGRESS_STEPS = 100


class Lookups(Widget):
    """Starts, debounces and cancels the wizard's lookups; reports by messages."""

    DEFAULT_CSS = "Lookups { display: none; }"

    class News(Message):
        """Something to show about the lookups for ``cidr`` while they run (not a result)."""

        def __init__(self, cidr: str) -> None:
            super().__init__()
            self.cidr = cidr

    class RdapStarted(News):
        pass

    class RdapDone(Message):
        """The registration lookup for ``cidr`` finished (its result may be a failure)."""

        def __init__(self, cidr: str, result: RdapResult) -> None:
            super().__init__()
            self.cidr = cidr
            self.result = result

    class RoutingStarted(News):
        pass

    class RoutingDone(Message):
        """The routing check (ROAs, announcements) for ``cidr`` finished (may be a failure)."""

        def __init__(self, cidr: str, result: RoutingResult) -> None:
            super().__init__()
            self.cidr = cidr
            self.result = result

    class SweepWaiting(News):
        """The range is large: the sweep waits for an explicit yes (ctrl+r)."""

        def __init__(self, cidr: str, addresses: int) -> None:
            super().__init__(cidr)
            self.addresses = addresses

    class SweepStarted(News):
        def __init__(self, cidr: str, total: int) -> None:
            super().__init__(cidr)
            self.total = total

    class SweepProgress(News):
        def __init__(self, cidr: str, done: int, total: int) -> None:
            super().__init__(cidr)
            self.done = done
            self.total = total

    class SweepDone(Message):
        """The blocklist sweep for ``cidr`` finished."""

        def __init__(self, cidr: str, result: SweepResult) -> None:
            super().__init__()
            self.cidr = cidr
            self.result = result

    class Failed(News):
        """A lookup raised: ``group`` is one of the ``*_GROUP`` names above."""

        def __init__(self, cidr: str, group: str, reason: str) -> None:
            super().__init__(cidr)
            self.group = group
            self.reason = reason

    class DraftsRead(Message):
        """The drafts folder was read (for the rules across drafts)."""

        def __init__(self, entries: list[DraftEntry]) -> None:
            super().__init__()
            self.entries = entries

    class DraftsUnreadable(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class SavedProofChecked(Message):
        """The proof the record was opened with has its verdict."""

        def __init__(self, verdict: ProofVerdict) -> None:
            super().__init__()
            self.verdict = verdict

    def __init__(
        self,
        settings: Settings,
        rdap_fetcher: Fetcher | None = None,
        dns_resolver: Resolver | None = None,
        routing_fetcher: Fetcher | None = None,
        routing_region: Callable[[], str | None] | None = None,
    ) -> None:
        """``routing_region``: the Region the routing check is for, asked when it starts
        (Amazon's ASNs depend on its partition); None: the routing check is off."""
        super().__init__()
        self.settings = settings
        self.rdap_fetcher = rdap_fetcher
        self.dns_resolver = dns_resolver
        self.routing_fetcher = routing_fetcher
        self.routing_region = routing_region
        self._timer: Timer | None = None

    def cancel(self) -> None:
        """Stop what runs (or waits to run): the range it was for has changed."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.workers.cancel_group(self, RDAP_GROUP)
        self.workers.cancel_group(self, REPUTATION_GROUP)
        self.workers.cancel_group(self, ROUTING_GROUP)

    def schedule(self, cidr: str, registry_hint: Callable[[], str | None]) -> None:
        """Start the lookups for ``cidr`` once it has stayed unchanged for a moment."""
        self.cancel()
        self._timer = self.set_timer(
            LOOKUP_DEBOUNCE, lambda: self.start(cidr, registry_hint(), confirmed=False)
        )

    def start(self, cidr: str, registry: str | None, *, confirmed: bool) -> None:
        """Start the lookups now (``confirmed``: the person said yes to a large sweep)."""
        self._timer = None
        self.post_message(self.RdapStarted(cidr))
        self._rdap(cidr, registry)
        self.start_routing(cidr)
        # Deferred: byoip.reputation loads asyncio and the resolvers: only when a range is valid.
        from byoip.reputation import SweepRefused, needs_confirmation, parse_range

        try:
            large = needs_confirmation(cidr, self.settings)
        except SweepRefused:
            large = False  # the sweep itself reports why it can't start
        if large and not confirmed:
            self.post_message(self.SweepWaiting(cidr, parse_range(cidr).num_addresses))
            return
        self._sweep(cidr, confirmed)

    @work(
        thread=True,
        exclusive=True,
        group=RDAP_GROUP,
        name="registration lookup",
        exit_on_error=False,
    )
    def _rdap(self, cidr: str, registry: str | None) -> None:
        from byoip import rdap  # lazy: keeps start-up fast

        self._report(
            cidr,
            RDAP_GROUP,
            lambda: rdap.lookup_rdap(
                cidr, self.settings, registry=registry, fetcher=self.rdap_fetcher
            ),
            self.RdapDone,
        )

    def start_routing(self, cidr: str) -> None:
        """The routing check alone (also when the Region moves to another partition)."""
        if self.routing_region is None:
            return  # turned off in the settings: the panel says so
        self.post_message(self.RoutingStarted(cidr))
        self._routing(cidr, self.routing_region())

    @work(
        thread=True,
        exclusive=True,
        group=ROUTING_GROUP,
        name="routing check",
        exit_on_error=False,
    )
    def _routing(self, cidr: str, region: str | None) -> None:
        from byoip.routing import lookup_routing  # lazy: keeps start-up fast

        # lookup_routing never raises for the network or the source (one sentence in the
        # result); _report catches only a fault of our own, shown the same way.
        self._report(
            cidr,
            ROUTING_GROUP,
            lambda: lookup_routing(cidr, self.settings, region, fetcher=self.routing_fetcher),
            self.RoutingDone,
        )

    def _report(
        self, cidr: str, group: str, lookup: Callable[[], T], done: Callable[[str, T], Message]
    ) -> None:
        """Run ``lookup`` (in the calling thread worker) and post ``done`` or ``Failed``;
        nothing once the worker is cancelled (the range or the Region has changed)."""
        worker = get_current_worker()
        try:
            result = lookup()
        except Exception as exc:  # any fault is the panel's sentence, never a traceback
            if not worker.is_cancelled:
                self.post_message(self.Failed(cidr, group, _reason(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(done(cidr, result))

    @work(exclusive=True, group=REPUTATION_GROUP, name="reputation sweep", exit_on_error=False)
    async def _sweep(self, cidr: str, confirmed: bool) -> None:
        from byoip.reputation import query_count, sweep  # lazy: keeps start-up fast

        self.post_message(self.SweepStarted(cidr, query_count(cidr, self.settings.zones)))
        last_bucket = -1

        def progress(done: int, total: int) -> None:
            nonlocal last_bucket
            bucket = done * PROGRESS_STEPS // max(total, 1)
            if bucket != last_bucket or done == total:
                last_bucket = bucket
                self.post_message(self.SweepProgress(cidr, done, total))

        try:
            result = await sweep(
                cidr,
                self.settings,
                progress=progress,
                confirm_large=confirmed,
                resolver=self.dns_resolver,
            )
        except Exception as exc:  # any fault is the panel's sentence, never a traceback
            self.post_message(self.Failed(cidr, REPUTATION_GROUP, _reason(exc)))
            return
        self.post_message(self.SweepDone(cidr, result))

    @work(thread=True, exclusive=True, group="drafts", name="read drafts", exit_on_error=False)
    def read_drafts(self, read: Callable[[], list[DraftEntry]]) -> None:
        """Read the drafts folder (rules across drafts) in a thread."""
        try:
            entries = read()
        except Exception as exc:  # an unreadable folder only leaves those rules undecided
            self.post_message(self.DraftsUnreadable(_reason(exc)))
            return
        self.post_message(self.DraftsRead(entries))

    @work(thread=True, exclusive=True, group="proof", name="check saved proof", exit_on_error=False)
    def check_saved_proof(self, verify: Callable[[], ProofVerdict | None]) -> None:
        """A record opened with a proof: verify it (crypto, in a thread) for the requirements."""
        verdict = verify()
        if verdict is not None:
            self.post_message(self.SavedProofChecked(verdict))


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__
