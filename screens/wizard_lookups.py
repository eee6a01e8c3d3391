"""The wizard's lookups: registration (RDAP) and reputation (DNS blocklists) in workers.

Each lookup runs in its own worker group, starts a moment after the range
becomes valid (debounced, so typing doesn't start one per keystroke), and is
cancelled as soon as the range changes.  Results come back as typed messages
that carry the range they are about, so a late answer for an old range is
ignored.  Failures reach one handler (``on_worker_state_changed``) that puts
the reason in the panel: the app never freezes or exits on a network error.

The lookup libraries are imported inside the workers, never at start-up.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

RDAP_GROUP = "rdap"
REPUTATION_GROUP = "reputation"
#: Seconds the range must stay unchanged before the lookups start.
LOOKUP_DEBOUNCE = 0.4


class RdapDone(Message):
    """The registration lookup for ``cidr`` finished."""

    def __init__(self, cidr: str, result: Any) -> None:
        super().__init__()
        self.cidr = cidr
        self.result = result


class SweepProgress(Message):
    def __init__(self, cidr: str, done: int, total: int) -> None:
        super().__init__()
        self.cidr = cidr
        self.done = done
        self.total = total


class SweepDone(Message):
    """The blocklist sweep for ``cidr`` finished."""

    def __init__(self, cidr: str, result: Any) -> None:
        super().__init__()
        self.cidr = cidr
        self.result = result


class LookupsMixin:
    """Starts, debounces and cancels the lookups of the screen it is mixed into."""

    _lookup_timer: Timer | None = None
    #: The range the running (or last) lookups are about.
    lookup_cidr: str | None = None

    def cancel_lookups(self) -> None:
        if self._lookup_timer is not None:
            self._lookup_timer.stop()
            self._lookup_timer = None
        self.workers.cancel_group(self, RDAP_GROUP)  # type: ignore[attr-defined]
        self.workers.cancel_group(self, REPUTATION_GROUP)  # type: ignore[attr-defined]
        self.lookup_cidr = None

    def schedule_lookups(self, cidr: str) -> None:
        """Start both lookups for ``cidr`` once it has stayed unchanged for a moment."""
        self.cancel_lookups()
        self.lookup_cidr = cidr
        self._lookup_timer = self.set_timer(  # type: ignore[attr-defined]
            LOOKUP_DEBOUNCE, lambda: self.start_lookups(cidr)
        )

    def start_lookups(self, cidr: str, *, confirmed: bool = False) -> None:
        self._lookup_timer = None
        self.lookup_cidr = cidr
        self.start_rdap(cidr)
        self.start_sweep(cidr, confirmed=confirmed)

    def start_rdap(self, cidr: str) -> Worker[Any]:
        self.on_rdap_started(cidr)
        return self.run_worker(  # type: ignore[attr-defined]
            lambda: self._rdap_work(cidr),
            name=f"rdap {cidr}",
            group=RDAP_GROUP,
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _rdap_work(self, cidr: str) -> Any:
        from byoip.rdap import lookup_rdap  # lazy: keeps start-up fast

        registry = self.registry_hint()
        result = lookup_rdap(
            cidr,
            self.settings,  # type: ignore[attr-defined]
            registry=registry,
            fetcher=self.rdap_fetcher,  # type: ignore[attr-defined]
        )
        if not get_current_worker().is_cancelled:
            self.post_message(RdapDone(cidr, result))  # type: ignore[attr-defined]
        return result

    def start_sweep(self, cidr: str, *, confirmed: bool = False) -> Worker[Any] | None:
        from byoip.reputation import SweepRefused, needs_confirmation, parse_range

        try:
            large = needs_confirmation(cidr, self.settings)  # type: ignore[attr-defined]
        except SweepRefused:
            large = False  # the sweep itself reports why it can't start
        if large and not confirmed:
            self.on_sweep_needs_confirmation(cidr, parse_range(cidr).num_addresses)
            return None
        return self.run_worker(  # type: ignore[attr-defined]
            self._sweep_work(cidr, confirmed),
            name=f"reputation {cidr}",
            group=REPUTATION_GROUP,
            exclusive=True,
            exit_on_error=False,
        )

    async def _sweep_work(self, cidr: str, confirmed: bool) -> Any:
        from byoip.reputation import query_count, sweep  # lazy: keeps start-up fast

        settings = self.settings  # type: ignore[attr-defined]
        self.on_sweep_started(cidr, query_count(cidr, settings.zones))
        step = {"last": -1}

        def progress(done: int, total: int) -> None:
            # At most ~100 repaints per sweep, however many queries it makes.
            bucket = done * 100 // max(total, 1)
            if bucket != step["last"] or done == total:
                step["last"] = bucket
                self.post_message(SweepProgress(cidr, done, total))  # type: ignore[attr-defined]

        result = await sweep(
            cidr,
            settings,
            progress=progress,
            confirm_large=confirmed,
            resolver=self.dns_resolver,  # type: ignore[attr-defined]
        )
        self.post_message(SweepDone(cidr, result))  # type: ignore[attr-defined]
        return result

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one error handler for every lookup: show the reason, keep the app running."""
        worker = event.worker
        if event.state is not WorkerState.ERROR or worker.group not in (
            RDAP_GROUP,
            REPUTATION_GROUP,
        ):
            return
        error = worker.error
        reason = str(error) or type(error).__name__
        self.on_lookup_failed(worker.group, reason)

    # Hooks the screen implements.
    def registry_hint(self) -> str | None:
        return None

    def on_rdap_started(self, cidr: str) -> None: ...

    def on_sweep_started(self, cidr: str, total: int) -> None: ...

    def on_sweep_needs_confirmation(self, cidr: str, addresses: int) -> None: ...

    def on_lookup_failed(self, group: str, reason: str) -> None: ...
